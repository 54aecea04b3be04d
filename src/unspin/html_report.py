"""Reports as one standalone HTML page: evidence to keep, print or send with a complaint.

Each checked text gets its verdict, reasons, the text with every span marked (hover: suggestion,
confidence, evidence) and a table of the spans; the page says which unspin and which threshold
made it. Everything from the text is escaped; the page loads nothing and runs no script.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from unspin.comparison import Comparison, EditOutcome
from unspin.pipeline import AUTO_GENRE, DEFAULT_GENRE
from unspin.report import Report, Span
from unspin.sources import MIN_SOURCE_SHARE, SourcePart, Trace
from unspin.textio import PageOf

_STYLE = """\
body { font: 15px/1.5 system-ui, sans-serif; max-width: 55rem; margin: 1.5rem auto; padding: 0 1rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; border: 1px solid #ccc; padding: .5rem; }
mark { background: #fdd; border-bottom: 2px solid #c33; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: left; vertical-align: top; }
td.number { text-align: right; white-space: nowrap; }
footer { color: #666; font-size: 13px; margin-top: 2rem; }"""

# A comparison's marks: what unspin made of each rewording, and its spans over shared words.
_COMPARE_STYLE = """
mark.restored { background: #dfd; border-bottom: 2px solid #393; }
mark.flagged { background: #ffe7b3; border-bottom: 2px solid #c80; }
mark.missed { background: #fdd; border-bottom: 2px solid #c33; }
mark.shared { background: #eee; border-bottom: 2px dashed #777; }
mark.source { background: #e8e8ff; border-bottom: 2px solid #55a; }"""


def render_html(
    reports: Sequence[tuple[str, Report]],
    min_confidence: float,
    version: str,
    genre: str = DEFAULT_GENRE,
    phrase_lists: Sequence[str] = (),
    page_of: Sequence[PageOf | None] = (),
    allow_lists: Sequence[str] = (),
) -> str:
    """One page for ``(name, report)`` pairs, made at ``min_confidence`` by unspin ``version``'s
    running-text model for ``genre``, with users' ``phrase_lists`` (their files) beside the shipped
    list: the footer says all of it, so that the page can be made again. ``page_of``, one per
    report: the page of an offset of its text, for a document with pages (a PDF), shown by each span;
    ``allow_lists``: the files of phrases it never flags."""
    paged = [*page_of, *[None] * (len(reports) - len(page_of))]
    sections = "\n".join(_section(name, report, pages) for (name, report), pages in zip(reports, paged))
    title = html.escape(reports[0][0] if len(reports) == 1 else f"{len(reports)} texts")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>unspin: {title}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n{sections}\n"
        f"<footer>unspin {html.escape(version)}, {_models(genre)}, {_lists(phrase_lists)}"
        f"{_lists(allow_lists, 'allow list', 'never flagged')}spans at "
        f"confidence ≥ {min_confidence:g}. Offsets count"
        " characters (code points) of the text as checked. A span's confidence is the probability"
        " that a spinner rewrote it; the score is the probability that the whole text was spun.</footer>\n"
        "</body>\n</html>\n"
    )


def _lists(files: Sequence[str], kind: str = "phrase list", role: str = "beside the shipped one") -> str:
    if not files:
        return ""
    names = ", ".join(html.escape(name) for name in files)
    return f"the {kind}{'s' if len(files) > 1 else ''} {names} {role}, "


def _models(genre: str) -> str:
    return "each text by the models of its genre" if genre == AUTO_GENRE else f"{html.escape(genre)} model"


def _section(name: str, report: Report, page_of: PageOf | None = None) -> str:
    count = len(report.spans)
    heading = (
        f"{html.escape(name)}: {report.verdict} (score {report.score:.2f}, {report.words} words,"
        f" {count} spun phrase{'' if count == 1 else 's'}"
        f"{'; read as a manuscript' if report.genre == 'manuscript' else ''})"
    )
    reasons = "".join(f"<li>{html.escape(reason)}</li>" for reason in report.reasons)
    rows = "".join(_row(span, page_of and page_of(span.start)) for span in report.spans)
    table = (
        "<table>\n<tr><th>offsets</th><th>text</th><th>suggestion</th><th>confidence</th>"
        f"<th>alternatives</th><th>evidence</th></tr>\n{rows}</table>"
        if rows
        else "<p>No span at this threshold.</p>"
    )
    return (
        f"<section>\n<h2>{heading}</h2>\n<ul>{reasons}</ul>\n"
        f'<div class="text">{marked_text(report.text, report.spans)}</div>\n{table}\n</section>'
    )


def marked_text(text: str, spans: Sequence[Span]) -> str:
    """``text`` escaped, each span (sorted, non-overlapping) in a ``mark`` whose title explains it."""
    return _marked(text, [(span.start, span.end, "", _explanation(span)) for span in spans])


def _explanation(span: Span) -> str:
    lines = [f"→ {span.suggestion} (confidence {span.confidence:.2f})"]
    lines += [f"{e.kind}: {e.detail}" for e in span.evidence]
    return "\n".join(lines)


def _row(span: Span, page: int | None = None) -> str:
    alternatives = ", ".join(a.text for a in span.alternatives if a.text != span.suggestion)
    evidence = "<br>".join(f"<b>{html.escape(e.kind)}</b>: {html.escape(e.detail)}" for e in span.evidence)
    where = f"{span.start}–{span.end}" + (f"<br>page {page}" if page is not None else "")
    return (
        f'<tr><td class="number">{where}</td><td>{html.escape(span.text)}</td>'
        f'<td>{html.escape(span.suggestion)}</td><td class="number">{span.confidence:.2f}</td>'
        f"<td>{html.escape(alternatives)}</td><td>{evidence}</td></tr>\n"
    )


def render_comparison_html(
    comparisons: Sequence[tuple[str, Comparison]],
    source: str,
    min_confidence: float,
    version: str,
    genre: str = DEFAULT_GENRE,
    phrase_lists: Sequence[str] = (),
    allow_lists: Sequence[str] = (),
) -> str:
    """One page for spun copies against their ``source`` (its name), a section per ``(copy name,
    comparison)``: the counts, the copy with each rewording marked by what unspin made of it (hover:
    the source's wording and unspin's), the source with what that copy reworded marked, and a table
    of the rewordings. The footer says how it was made, as ``render_html``'s does."""
    title = comparisons[0][0] if len(comparisons) == 1 else f"{len(comparisons)} copies"
    sections = "\n".join(_comparison_section(copy, source, comparison) for copy, comparison in comparisons)
    legend = (
        '<p><mark class="restored">restored as the source has it</mark> <mark class="flagged">flagged,'
        ' restored otherwise</mark> <mark class="missed">not flagged</mark> <mark class="shared">a span'
        " over words the source has</mark></p>"
    )
    heading = f"{html.escape(title)} against {html.escape(source)}"
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>unspin: {heading}</title>\n<style>\n{_STYLE}{_COMPARE_STYLE}\n</style>\n</head>\n"
        f"<body>\n<h1>{heading}</h1>\n{legend}\n{sections}\n"
        f"<footer>unspin {html.escape(version)}, {_models(genre)}, {_lists(phrase_lists)}"
        f"{_lists(allow_lists, 'allow list', 'never flagged')}spans at confidence ≥ {min_confidence:g}."
        " Each copy was checked without its source; the two were then aligned word by word, in order"
        " (case, apostrophes and quotation marks aside). Offsets count characters (code points) of"
        " each text as read.</footer>\n</body>\n</html>\n"
    )


def _comparison_section(copy: str, source: str, comparison: Comparison) -> str:
    return f"<section>\n<h2>{html.escape(copy)}</h2>\n{_comparison_body(copy, source, comparison)}</section>"


def _comparison_body(copy: str, source: str, comparison: Comparison) -> str:
    """The counts, both texts marked, the rewordings and the moved passages."""
    alignment = comparison.alignment
    outcomes = comparison.outcomes
    count = len(outcomes)
    summary = (
        f"{alignment.shared_share * 100:.0f} % of its {alignment.words} words are the source's,"
        f" {alignment.where_shared} ({comparison.restored_shared_share * 100:.0f} % once restored);"
        f" {count} rewording{'' if count == 1 else 's'}, {comparison.flagged} flagged by unspin"
        " without the source,"
        f" {comparison.restored()} restored as the source has them;"
        f" {len(comparison.spans_on_shared_words)} span(s) over words the source has"
    )
    marks = sorted(
        [(o.edit.start, o.edit.end, _outcome_class(o), _outcome_title(o)) for o in outcomes]
        + [(s.start, s.end, "shared", _explanation(s)) for s in comparison.spans_on_shared_words]
    )
    originals = [
        (o.edit.original_start, o.edit.original_end, "source", f"reworded as “{o.edit.text}”")
        for o in outcomes
        if o.edit.original
    ]
    rows = "".join(_outcome_row(outcome) for outcome in outcomes)
    table = (
        "<table>\n<tr><th>offsets</th><th>copy</th><th>source</th><th>unspin, without the source</th></tr>"
        f"\n{rows}</table>"
        if rows
        else "<p>No rewording: the copy words everything as the source does.</p>"
    )
    moves = "".join(
        f'<tr><td class="number">{move.start}–{move.end}</td><td class="number">{move.original_start}–'
        f"{move.original_end}</td><td>{html.escape(alignment.spun[move.start : move.end])}</td>"
        f'<td class="number">{move.shared_words}</td></tr>\n'
        for move in alignment.moves
    )
    if moves:
        moves = (
            "<h3>Moved passages</h3>\n<table>\n<tr><th>offsets</th><th>in the source</th><th>copy</th>"
            f"<th>words as the source has them there</th></tr>\n{moves}</table>\n"
        )
    return (
        f"<p>{summary}</p>\n"
        f'<div class="text">{_marked(alignment.spun, marks)}</div>\n'
        f"<h3>{html.escape(source)}, as {html.escape(copy)} reworded it</h3>\n"
        f'<div class="text">{_marked(alignment.original, originals)}</div>\n'
        f"<h3>Rewordings</h3>\n{table}\n{moves}"
    )


# A trace's marks: the passages of the copy traced to each source it was made from, one colour each.
_TRACE_STYLE = """
mark.part0 { background: #e8e8ff; border-bottom: 2px solid #55a; }
mark.part1 { background: #ffe7b3; border-bottom: 2px solid #c80; }
mark.part2 { background: #dfd; border-bottom: 2px solid #393; }
mark.part3 { background: #fdd; border-bottom: 2px solid #c33; }
mark.part4 { background: #eee; border-bottom: 2px solid #777; }"""
_PART_CLASSES = 5  # a sixth source a copy was made from, and any after it, share the last colour


def render_trace_html(
    traced: Sequence[tuple[str, str, Trace, Sequence[Comparison]]],
    sources: int,
    version: str,
    min_confidence: float | None = None,
    genre: str = DEFAULT_GENRE,
    phrase_lists: Sequence[str] = (),
    allow_lists: Sequence[str] = (),
) -> str:
    """One page for copies traced among ``sources`` texts, a section per ``(copy name, copy text,
    trace, comparisons)``: the trace in words, the copy with the passages traced to each source it
    was made from marked (a colour each), a table of the closest sources, and its comparison with
    each source it was traced to if given (``sources.compared_parts``, shown as
    ``render_comparison_html`` shows one; the footer then says how the copy was checked, at
    ``min_confidence``)."""
    title = traced[0][0] if len(traced) == 1 else f"{len(traced)} copies"
    sections = "\n".join(_trace_section(*item, sources) for item in traced)
    compared = min_confidence is not None and any(item[3] for item in traced)
    checked = (
        " Each copy was compared with the sources it was traced to and checked without them"
        f" ({_models(genre)},"
        f" {_lists(phrase_lists)}{_lists(allow_lists, 'allow list', 'never flagged')}spans at confidence"
        f" ≥ {min_confidence:g})."
        if compared
        else ""
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>unspin: {html.escape(title)} traced</title>\n<style>\n{_STYLE}{_COMPARE_STYLE}"
        f"{_TRACE_STYLE}\n</style>\n</head>\n<body>\n<h1>{html.escape(title)}: which of"
        f" {sources} text{'' if sources == 1 else 's'} it was spun from</h1>\n{sections}\n"
        f"<footer>unspin {html.escape(version)}. Each copy was held against the texts sharing the most"
        " of its rarer words, aligned with each word by word (in order, and passages moved whole), and"
        " the texts ranked by the share of its words each holds; a text holding"
        f" {MIN_SOURCE_SHARE * 100:.0f} % or more is its likely source, and another holding sentences of"
        " the copy that no source before holds is"
        f" named too.{checked} Offsets count characters (code points) of each text as read.</footer>\n"
        "</body>\n</html>\n"
    )


def _trace_section(
    copy: str, text: str, trace: Trace, comparisons: Sequence[Comparison], sources: int
) -> str:
    classes = {part.name: f"part{min(k, _PART_CLASSES - 1)}" for k, part in enumerate(trace.spun_from)}
    marks = sorted(
        (start, end, classes[part.name], f"from {part.name}")
        for part in trace.spun_from
        for start, end in part.passages
    )
    legend = " ".join(
        f'<mark class="{classes[part.name]}">{html.escape(part.name)}</mark> {part.words} words'
        for part in trace.spun_from
    )
    same = "".join(_also_indexed(part) for part in trace.spun_from)
    rows = "".join(
        f'<tr><td>{html.escape(match.name)}</td><td class="number">{match.shared_share * 100:.0f} %</td>'
        f'<td class="number">{match.shared_words}</td><td class="number">{match.moves}</td></tr>\n'
        for match in trace.matches
    )
    table = (
        "<table>\n<tr><th>closest texts</th><th>share of the copy</th><th>words</th>"
        f"<th>passages moved</th></tr>\n{rows}</table>"
        if rows
        else ""
    )
    compared = "".join(
        f"<h3>{html.escape(copy + trace.scope(part))} against {html.escape(part.name)}</h3>\n"
        f"{_comparison_body(copy, part.name, comparison)}"
        for part, comparison in zip(trace.spun_from, comparisons)
    )
    return (
        f"<section>\n<h2>{html.escape(copy)}</h2>\n<p>{html.escape(trace.describe(sources))}</p>\n"
        + (f"<p>{legend}</p>\n" if legend else "")
        + same
        + f'<div class="text">{_marked(text, marks)}</div>\n{table}\n{compared}</section>'
    )


def _also_indexed(part: SourcePart) -> str:
    """A paragraph with every other name the source's text is indexed under, as many as the trace
    lists (its line shows a few): each site that ran the story unchanged is evidence too; ""
    if there are none."""
    if not part.same_text_count:
        return ""
    more = part.same_text_count - len(part.same_text)
    names = ", ".join(part.same_text) + (f" and {more} more" if more else "")
    return f"<p>The text of {html.escape(part.name)} is also indexed as {html.escape(names)}.</p>\n"


def _marked(text: str, marks: Sequence[tuple[int, int, str, str]]) -> str:
    """``text`` escaped, each ``(start, end, class, title)`` (sorted, non-overlapping) in a ``mark``
    (of no class where it is "")."""
    pieces, cursor = [], 0
    for start, end, kind, title in marks:
        pieces.append(html.escape(text[cursor:start]))
        attributes = (f'class="{kind}" ' if kind else "") + f'title="{html.escape(title)}"'
        pieces.append(f"<mark {attributes}>{html.escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(html.escape(text[cursor:]))
    return "".join(pieces)


def _outcome_class(outcome: EditOutcome) -> str:
    if outcome.span is None:
        return "missed"
    return "restored" if outcome.restored_rank == 1 else "flagged"


def _outcome_title(outcome: EditOutcome) -> str:
    return f"source: {outcome.edit.original or '(nothing)'}\nunspin: {outcome.describe()}"


def _outcome_row(outcome: EditOutcome) -> str:
    edit = outcome.edit
    return (
        f'<tr><td class="number">{edit.start}–{edit.end}</td><td>{html.escape(edit.text)}</td>'
        f"<td>{html.escape(edit.original)}</td><td>{html.escape(outcome.describe())}</td></tr>\n"
    )
