"""Raw lines into paragraphs, year headings and entry openings.

The extraction kept the line breaks and lost the indents, so a paragraph's end has
to be read from the widths: its last line falls visibly short of the measure, and
the next line, indented, is a little short too. A line that starts a paragraph is
itself indented, so it is measured against the measure less the indent. A
leading space marks a new page, not a new paragraph: the line before it decides.
Only a line that closes a sentence (or a dash before a quotation) can end a
paragraph, and only one that opens like a sentence can start one. A last line may
be as wide as a full one: its width then says nothing, and the indent decides.
Close calls are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from carnets_press.importers.headings import date_prefix, year_of_line
from carnets_press.importers.lines import MARKS, Line, Measure, ends_sentence
from carnets_press.importers.report import ImportReport

# A paragraph ends where the line before falls short and the line after is indented: both are
# shares of the measure; a full line strays from it by about 3 % either way, an indent is about 5 %.
_BREAK = 0.08
_CLOSE = 0.03  # within this of the threshold, the decision is reported as uncertain
_REGION_LINES = 10  # an introduction set to its own measure needs this many lines to measure it by
_OPENERS = "‘“\"'([–—-«¿¡…"  # what a paragraph may open on besides a capital or a figure ("… Later," after a cut)
_DASHES = "—–"  # a dash, not a hyphen (a word broken at the line's end)
_QUOTES = "‘“\"«"  # what opens a quotation (not the straight apostrophe, which elides as often)
_INITIAL = re.compile(r"(?:^|[\s(])[A-Z]\.$")  # "J." before the name it abbreviates, on the next line
_POINT = re.compile(r"([0-9]{1,2})\.\s")
_SPEECH = 0.03  # what opening on a quotation adds: speech, in a diary, is set as a paragraph of its own
_CLOSING_QUOTES = "’”\"»"  # what closes one
_ENUMERATION = 0.05  # what opening on the next numbered point adds to a line's shortfall


@dataclass
class Block:
    """A run of lines: ``kind`` is "year" (a part heading), "entry" (a paragraph opening on a date) or "paragraph"."""

    kind: str
    lines: list[Line]
    measure: Measure
    points: int = 0  # the last numbered point ("2. …") opened so far in this part of the text


def segment(lines: list[Line], report: ImportReport) -> list[Block]:
    texts = [line for line in lines if line.text]
    first_heading = next((k for k, line in enumerate(texts) if _kind(texts, k) != "paragraph"), len(texts))
    body_measure = Measure.of(texts[first_heading:]) or Measure.of(texts) or Measure(30.0)
    intro_measure = Measure.of(texts[:first_heading]) if first_heading >= _REGION_LINES else None
    blocks: list[Block] = []
    for k, line in enumerate(texts):
        measure = intro_measure if intro_measure and k < first_heading else body_measure
        kind = _kind(texts, k)
        if kind != "paragraph" or not blocks or blocks[-1].kind == "year":
            blocks.append(Block(kind, [line], measure))
        elif _ends_paragraph(blocks[-1], line, measure, report):
            point = _POINT.match(line.text)
            blocks.append(Block("paragraph", [line], measure,
                                int(point.group(1)) if point and _next_point(blocks[-1], line) else blocks[-1].points))
        else:
            blocks[-1].lines.append(line)
    return blocks


def _kind(texts: list[Line], k: int) -> str:
    """"year" for a line that is only a year, "entry" for one opening on a date after a closed sentence."""
    text = texts[k].text
    after_close = k == 0 or ends_sentence(texts[k - 1].text) or year_of_line(texts[k - 1].text) is not None
    if year_of_line(text) is not None and (k + 1 == len(texts) or date_prefix(texts[k + 1].text) or after_close):
        return "year"
    if after_close and date_prefix(text):
        return "entry"
    return "paragraph"


def _ends_paragraph(block: Block, line: Line, measure: Measure, report: ImportReport) -> bool:
    """Whether the block's last line ends its paragraph, so that ``line`` begins a new one."""
    previous = block.lines[-1]
    closes = (ends_sentence(previous.text) and not _INITIAL.search(previous.text)) or _introduces_speech(
        previous.text, line.text)
    opens = line.text[:1].isupper() or line.text[:1].isdigit() or line.text[:1] in _OPENERS
    indented = measure.indent if len(block.lines) == 1 else 0.0  # the paragraph's first printed line
    shortfall = (measure.full - measure.tail(previous.span, indented)) / measure.full
    if not (closes and opens):
        if shortfall > 0.3 and previous.text[-1:] not in "-‐–—":
            report.add("paragraph", line.number, line.text,
                       "joined to the short line before it, which does not close a sentence", 0.5)
        return False
    indent = 0.0  # a line much shorter than an indent is a paragraph's last line: it says nothing
    if measure.printed_lines(line.span) == 1 and line.span >= measure.full - 2 * measure.indent:
        indent = max(-0.05, (measure.full - line.span) / measure.full)
    # A line as wide as a full one may still be a paragraph's last: only a shortfall is evidence.
    score = (max(shortfall, 0.0) + indent + (_ENUMERATION if _next_point(block, line) else 0.0)
             + _speech(previous.text, line.text))
    new = score > _BREAK
    if abs(score - _BREAK) < _CLOSE:
        decided = "new paragraph" if new else "same paragraph"
        report.add("paragraph", line.number, line.text,
                   f"{decided}: the line before is {shortfall:+.0%} short of the measure", 0.6)
    return new


def _speech(text: str, following: str) -> float:
    """What opening on a quotation adds to the case for a new paragraph: more where the line before closed one,
    a turn of dialogue."""
    if following[:1] not in _QUOTES:
        return 0.0
    return 2 * _SPEECH if MARKS.sub("", text).rstrip()[-1:] in _CLOSING_QUOTES else _SPEECH


def _introduces_speech(text: str, following: str) -> bool:
    """A line ending on a dash before a line that opens a quotation ("…then she said—" / "“Not today…"): the
    dash introduces the speech, which a diary sets as a paragraph of its own."""
    return text[-1:] in _DASHES and following[:1] in _QUOTES


def _next_point(block: Block, line: Line) -> bool:
    """A line opening on "3." after a point "2." (or on "1."): a numbered point, which starts a paragraph."""
    match = _POINT.match(line.text)
    if not match:
        return False
    number = int(match.group(1))
    return number == 1 or block.points + 1 == number
