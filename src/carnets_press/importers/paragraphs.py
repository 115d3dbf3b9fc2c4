"""Raw lines into paragraphs, year headings and entry openings.

The extraction kept the line breaks and lost the indents, so a paragraph's end has
to be read from the widths: its last line falls visibly short of the measure, and
the next line, indented, is a little short too. A line that starts a paragraph is
itself indented, so it is measured against the measure less the indent. A
leading space marks a new page, not a new paragraph: the line before it decides.
Only a line that closes a sentence (or a dash before a quotation, or "as follows:—")
can end a paragraph, and only one that opens like a sentence can start one. A last
line may be as wide as a full one: its width then says nothing, and the indent
decides. A section break (a line alone of asterisks) is a block of its own: widths
cannot see it, the paragraph after it being set full out. Close calls are reported.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace

from carnets_press.importers.headings import date_prefix, year_of_line
from carnets_press.importers.lines import MARKS, Line, Measure, ends_sentence, text_width
from carnets_press.importers.report import ImportReport
from carnets_press.importers.writer import MARKDOWN

# A paragraph ends where the line before falls short and the line after is indented: both are
# shares of the measure; a full line strays from it by about 3 % either way, an indent is about 5 %.
_BREAK = 0.08
_MEASURED_INDENT = 0.015  # of the measure: a measured indent (half an em on a 30 em measure); a full line is at 0
_MEASURED_SLACK = 0.01  # of the measure: what a line's measured end may fall short of it by, the next word aside
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
_INDENTED_BOOK = 0.8  # the share of paragraphs set with an indent that makes a book one that indents them
_HEADING_WIDTH = 0.6  # of the measure: what a heading line reaches at most
_HEADING_WORDS = 8
BULLET = re.compile(r"[•◦▪‣⁃●○■□▸►]\s+")  # opens a list's item ("• Excessive pandiculation,")
_SECTION_BREAK = re.compile(r"(?:\*\s*){3,}|⁂")  # a line alone of asterisks (or an asterism) between sections
THEMATIC_BREAK = MARKDOWN + "***"  # a section break's text: a Markdown thematic break, for the writer to keep


@dataclass
class Block:
    """A run of lines: ``kind`` is "year" (a part heading), "entry" (a paragraph opening on a date), "heading" (an
    entry's heading without a date), "item" (a list's, opening on a bullet) or "paragraph"."""

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
        if BULLET.match(line.text):  # a list's item: a block of its own, whatever the line before it
            blocks.append(Block("item", [line], measure, blocks[-1].points if blocks else 0))
        elif _SECTION_BREAK.fullmatch(line.text):  # its own block, which the writer writes as a thematic break
            blocks.append(Block("paragraph", [replace(line, text=THEMATIC_BREAK)], measure,
                                blocks[-1].points if blocks else 0))
        elif kind != "paragraph" or not blocks or blocks[-1].kind == "year" or _is_break(blocks[-1]):
            blocks.append(Block(kind, [line], measure))
        elif _ends_paragraph(blocks[-1], line, measure, report):
            point = _POINT.match(line.text)
            blocks.append(Block("paragraph", [line], measure,
                                int(point.group(1)) if point and _next_point(blocks[-1], line) else blocks[-1].points))
        else:
            blocks[-1].lines.append(line)
    _measured_headings(blocks, report)
    return blocks


def _measured_headings(blocks: list[Block], report: ImportReport) -> None:
    """Where the page says where lines start (a PDF read), in a book that indents its paragraphs: a short line
    alone, set full out between a closed paragraph (not a dateline, under which a title stands: headings.py) and
    a paragraph that is not indented either, is a heading
    without a date ("Note on Mules.", "Evening."): the title of an entry the author left undated. A text's
    widths cannot tell such a line from a one-line paragraph."""
    # The paragraphs that follow a paragraph (not those under a heading or a title, set full out in many books)
    openings = [block.lines[0].geometry for before, block in itertools.pairwise(blocks)
                if (before.kind, block.kind) == ("paragraph", "paragraph") and len(before.lines) > 1
                and block.lines[0].geometry]
    if not openings or sum(left >= _MEASURED_INDENT for left, _ in openings) < _INDENTED_BOOK * len(openings):
        return
    for before, block, after in zip(blocks, blocks[1:], blocks[2:]):
        line, following = block.lines[0], after.lines[0]
        if (before.kind, block.kind, after.kind) != ("paragraph",) * 3 or len(block.lines) != 1 \
                or not line.geometry or not following.geometry or not ends_sentence(before.lines[-1].text):
            continue
        words = MARKS.sub("", line.text).split()
        if line.geometry[0] < _MEASURED_INDENT and following.geometry[0] < _MEASURED_INDENT \
                and line.geometry[1] <= _HEADING_WIDTH and len(words) <= _HEADING_WORDS and line.text[:1].isupper():
            block.kind = "heading"
            report.add("heading", line.number, line.text, "an entry without a date: a short line alone, set full "
                       "out in a book that indents its paragraphs, above a paragraph that is not indented", 0.6)


def _is_break(block: Block) -> bool:
    """A section break: the paragraph after it starts afresh, whatever the line before the break looked like."""
    return block.lines[0].text == THEMATIC_BREAK and len(block.lines) == 1


def _kind(texts: list[Line], k: int) -> str:
    """"year" for a line that is only a year, "entry" for one opening on a date after a closed sentence (or after
    a section break)."""
    text = texts[k].text
    before = texts[k - 1].text if k else ""
    after_close = k == 0 or ends_sentence(before) or year_of_line(before) is not None or bool(
        _SECTION_BREAK.fullmatch(before))
    if year_of_line(text) is not None and (k + 1 == len(texts) or date_prefix(texts[k + 1].text) or after_close):
        return "year"
    if after_close and date_prefix(text):
        return "entry"
    return "paragraph"


def _ends_paragraph(block: Block, line: Line, measure: Measure, report: ImportReport) -> bool:
    """Whether the block's last line ends its paragraph, so that ``line`` begins a new one."""
    previous = block.lines[-1]
    indented = measure.indent if len(block.lines) == 1 else 0.0  # the paragraph's first printed line
    room = measure.full - measure.tail(previous.span, indented)
    shortfall = room / measure.full
    closes = (ends_sentence(previous.text) and not _initial(previous, line, room, measure)) or _introduces_speech(
        previous.text, line.text)
    opens = line.text[:1].isupper() or line.text[:1].isdigit() or line.text[:1] in _OPENERS
    if previous.geometry and line.geometry and opens:  # read from a PDF: the indent and the shortfall are measured
        # An indent after a line that closes nothing still opens a paragraph, but not after a block's only line
        # (a title under its dateline, which the headings stage takes from the paragraph it opens).
        indented = line.geometry[0] >= _MEASURED_INDENT and len(block.lines) > 1
        return (closes or indented) and _measured_break(block, line)
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


def _measured_break(block: Block, line: Line) -> bool:
    """Where the page says where lines start and end: an indented line opens a paragraph (unless the line before,
    inside its paragraph, was set in as far: a quotation set in), as does a line after one that left room for its
    first word: justified or ragged, a line in a paragraph ends only where the next word does not fit. The word's
    share of the measure is its share of its own line's measured width."""
    previous = block.lines[-1]
    (before_left, before_right), (left, right) = previous.geometry or (0.0, 1.0), line.geometry or (0.0, 1.0)
    set_in = before_left if len(block.lines) > 1 and before_left >= _MEASURED_INDENT else 0.0
    word = MARKS.sub("", line.text).split(" ")[0]
    share = (right - left) * text_width(" " + word) / max(text_width(MARKS.sub("", line.text)), 1e-6)
    return left - set_in >= _MEASURED_INDENT or 1.0 - before_right > share + _MEASURED_SLACK


def _initial(previous: Line, line: Line, room: float, measure: Measure) -> bool:
    """An initial at the line's end ("J." / "Smith") closes no sentence. It ended its line only for want of room
    for the name: where a single printed line left room for the next word (and the estimate's error, about an
    indent), the capital is a word ("… the real but unknown I.") and its stop ends a sentence."""
    if not _INITIAL.search(previous.text):
        return False
    if measure.printed_lines(previous.span) > 1 or previous.inset:  # the room left is too rough an estimate
        return True
    return room < text_width(" " + line.text.split(" ")[0]) + measure.indent


def _speech(text: str, following: str) -> float:
    """What opening on a quotation adds to the case for a new paragraph: more where the line before closed one,
    a turn of dialogue."""
    if following[:1] not in _QUOTES:
        return 0.0
    return 2 * _SPEECH if MARKS.sub("", text).rstrip()[-1:] in _CLOSING_QUOTES else _SPEECH


def _introduces_speech(text: str, following: str) -> bool:
    """A line ending on a dash before a line that opens a quotation ("…then she said—" / "“Not today…"): the
    dash introduces the speech, which a diary sets as a paragraph of its own. After a colon, the old
    "as follows:—", the dash introduces whatever follows (a list, a letter, a story)."""
    return text[-1:] in _DASHES and (following[:1] in _QUOTES or text[-2:-1] == ":")


def _next_point(block: Block, line: Line) -> bool:
    """A line opening on "3." after a point "2." (or on "1."): a numbered point, which starts a paragraph."""
    match = _POINT.match(line.text)
    if not match:
        return False
    number = int(match.group(1))
    return number == 1 or block.points + 1 == number
