"""The print QA's make-up measures: how the pages are set, from the lines read back from the PDF (pdf_text.py).

A page's lines fall into three places: the running head and folio, outside the text block that book.toml's
trim gives (render/print/styles.py's PageGeometry); the notes, the lines of the note size at the foot of the
block (WeasyPrint's @footnote area), the note size being that of the lines where the notes' named destinations
point; and the body, the rest. Pages before the first part are the front matter and are left alone; the
endnotes, set smaller on their own leading, are measured for spacing, hyphens and line starts, not for depth or
the grid.

The body's grid is the book's own: its leading, the commonest distance between two body lines, and its first
baseline, the commonest first baseline of a page that begins with a body line. Everything is measured against
the book's text block and what its pages show, nothing against the stylesheet, which a manuscript may restyle.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from carnets_press.manuscript.metadata import PrintOptions
from carnets_press.pdf_text import Line, PageContent

HYPHEN = "\u2010"  # what WeasyPrint inserts at a hyphenated line end (hyphenate-character: auto)
FULL = 0.5  # points: a line whose last glyph ends this near the text block's right edge, or past it, is full
GRID_TOLERANCE = 0.25  # points: a body baseline further than this from the grid is off it
WIDE, NARROW = 0.5, 0.16  # ems: word spaces the report counts (the targets)
# ems: a full line whose spaces are this wide is not loose but gaping, whatever made it (a word too long for the
# next line, or WeasyPrint ending a line early after an inline element followed by punctuation, docs/print.md)
GAPING = 1.5
# ems of a line's text: a line whose glyphs reach this far past an edge of the text block is overfull (TeX's
# "Overfull \hbox"). The ink of a line's last italic f overhangs its advance by 0.2 em.
OVERFULL = 0.3
FRAGMENT_LETTERS = 4  # a paragraph's last line of one word of at most this many letters, after a hyphen: a fragment
SHORT = 2  # lines: a page that ends this many lines short, or more, is a short page
# Lines: a part's last page with fewer is a page nearly empty, which a compositor avoids ("most publishers want at
# least five lines of text on the last page", D. Cramer of Hachette on www-style, 2013-10-10).
FEW_LINES = 5
LINE_BOX = 1.5  # ems of a line's text: the most a line's box rises above its baseline (a note's destination, a call's)
_DASH_OR_ELLIPSIS = re.compile(r"^(?:(—)|(…|\. \.))")


@dataclass(frozen=True)
class TextBlock:
    """The text block of a page, in PDF points from the trim box's lower left corner (WeasyPrint puts the bleed
    outside it)."""

    left: float
    right: float
    top: float
    bottom: float
    page_width: float  # the trim box's: a line reaching past 0 or this is off the page

    @classmethod
    def pair(cls, options: PrintOptions) -> tuple[TextBlock, TextBlock]:
        """The recto's and the verso's: margins mirrored, the inner one wider."""
        from carnets_press.render.print.styles import PageGeometry

        geometry, pt = PageGeometry.for_trim(options), 72 / 25.4
        width, height = geometry.width_mm * pt, geometry.height_mm * pt
        top, bottom = height - geometry.top_mm * pt, geometry.bottom_mm * pt
        return (cls(geometry.inner_mm * pt, width - geometry.outer_mm * pt, top, bottom, width),
                cls(geometry.outer_mm * pt, width - geometry.inner_mm * pt, top, bottom, width))


@dataclass
class SetPage:
    """A page's lines, by place; `kind` is "front", "text", "endnotes" or "blank"."""

    number: int  # 1-based
    kind: str
    block: TextBlock
    body: list[Line]
    notes: list[Line]
    figures: list[tuple[float, float, float, float]]  # those inside the text block
    opens: bool  # a part, or the endnotes, begins here: the page before it may be short
    calls: list[tuple[float, float]] = field(default_factory=list)  # where each note call is: (left, top)

    @property
    def lines(self) -> list[Line]:
        """The text block's lines, top to bottom: what the report's line numbers count."""
        return self.body + self.notes

    def line_number(self, line: Line) -> int:
        return next(number for number, each in enumerate(self.lines, start=1) if each is line)

    def full(self, line: Line) -> bool:
        return line.right >= self.block.right - FULL


def set_pages(pages: list[PageContent], options: PrintOptions, destinations: dict[str, int],
              tops: dict[str, float], note_ids: Iterable[str], part_ids: Iterable[str],
              calls: dict[int, list[tuple[float, float]]]) -> list[SetPage]:
    """Each page's lines by place. `destinations`: the page index of each named destination; `tops`: where on
    its page a note's destination is (the top of its first line); `calls`: by page index, where each note call's
    destination is, (left, top): its anchor's place in the line, the top of the line's box."""
    recto, verso = TextBlock.pair(options)
    starts = [destinations[part] for part in part_ids if part in destinations]
    endnotes = destinations.get("endnotes")
    placed = []
    for index, content in enumerate(pages):
        block = _block_of(content.lines, recto, verso, index)
        inside = [line for line in content.lines if block.bottom <= line.baseline <= block.top]
        figures = [figure for figure in content.figures if block.left - 1 <= figure[0] <= figure[2] <= block.right + 1
                   and block.bottom - 1 <= figure[1] <= figure[3] <= block.top + 1]
        kind = ("blank" if not inside and not figures else "front" if starts and index < min(starts)
                else "endnotes" if endnotes is not None and index >= endnotes else "text")
        placed.append(SetPage(index + 1, kind, block, inside, [], figures, index in starts or index == endnotes,
                              calls.get(index, [])))
    if options.notes == "footnotes":
        size = _note_size(placed, destinations, tops, note_ids)
        for page in placed:
            while size is not None and page.body and abs(page.body[-1].size - size) < 0.05:
                page.notes.insert(0, page.body.pop())
    return placed


def _block_of(lines: tuple[Line, ...], recto: TextBlock, verso: TextBlock, index: int) -> TextBlock:
    """The side whose left margin the page's lines begin at, rather than the side its number says: a book set
    right to left begins on a verso."""
    lefts = [line.left for line in lines if recto.bottom <= line.baseline <= recto.top]
    if not lefts or recto.left == verso.left:
        return recto if index % 2 == 0 else verso
    return min((recto, verso), key=lambda block: abs(block.left - min(lefts)))


def _note_size(pages: list[SetPage], destinations: dict[str, int], tops: dict[str, float],
               note_ids: Iterable[str]) -> float | None:
    """The size of the notes' text: that of the lines their destinations point at, the commonest."""
    sizes: Counter[float] = Counter()
    for name in note_ids:
        if name in destinations and name in tops:
            below = [line for line in pages[destinations[name]].body if line.baseline < tops[name]]
            if below:
                sizes[round(below[0].size, 2)] += 1
    return sizes.most_common(1)[0][0] if sizes else None


@dataclass
class Makeup:
    """The measures: per page (`page_makeup`) and for the book; every list names its pages (1-based)."""

    word_space: dict = field(default_factory=dict)
    short_pages: list[dict] = field(default_factory=list)
    last_pages_few_lines: list[dict] = field(default_factory=list)  # {page, lines}: a part's last page, nearly empty
    facing_pages_uneven: list[dict] = field(default_factory=list)
    off_grid: list[dict] = field(default_factory=list)
    line_starts: list[dict] = field(default_factory=list)
    hyphenated_line_ends: int = 0
    hyphen_runs_over_2: list[dict] = field(default_factory=list)
    longest_hyphen_run: dict | None = None
    hyphen_on_recto_foot: list[dict] = field(default_factory=list)
    hyphenated_names: list[dict] = field(default_factory=list)
    wide_lines: list[dict] = field(default_factory=list)  # {page, text, word_space}: spaces over WIDE
    gaping_lines: list[dict] = field(default_factory=list)  # the same, over GAPING
    overfull_lines: list[dict] = field(default_factory=list)  # {page, line, text, over, off_page}: see _overfull
    paragraph_ends_on_fragment: list[dict] = field(default_factory=list)
    grid: dict = field(default_factory=dict)
    page_makeup: list[dict] = field(default_factory=list)


def measure(pages: list[SetPage]) -> Makeup:
    makeup = Makeup()
    table = {page.number: {"page": page.number, "lines": len(page.body), "note_lines": len(page.notes)}
             for page in pages if page.kind in ("text", "endnotes")}
    _hyphens(makeup, pages, table)
    _line_starts(makeup, pages)
    _word_spaces(makeup, pages, table)
    _overfull(makeup, pages)
    text = [page for page in pages if page.kind == "text"]
    grid = _grid(text)
    if grid is not None:
        leading, first = grid
        makeup.grid = {"leading": leading, "first_baseline": first, "tolerance": GRID_TOLERANCE}
        _off_grid(makeup, text, leading, first, table)
        _depths(makeup, pages, text, leading, first, table)
    makeup.page_makeup = list(table.values())
    return makeup


def _flows(pages: list[SetPage]) -> Iterable[list[tuple[SetPage, Line]]]:
    """The body's lines from page to page, and the notes', of the text and endnotes pages."""
    measured = [page for page in pages if page.kind in ("text", "endnotes")]
    yield [(page, line) for page in measured for line in page.body]
    yield [(page, line) for page in measured for line in page.notes]


def _hyphens(makeup: Makeup, pages: list[SetPage], table: dict[int, dict]) -> None:
    """Runs of hyphenated line ends on a page (in the body and in the notes apart), on every page; where the word
    broken and the line after it fall, on the pages measured."""
    longest = 0
    for page in pages:
        for lines in (page.body, page.notes):
            run = 0
            for line in lines:
                if not line.text.endswith(HYPHEN):
                    run = 0
                    continue
                makeup.hyphenated_line_ends += 1
                if page.number in table:
                    table[page.number]["hyphens"] = table[page.number].get("hyphens", 0) + 1
                run += 1
                if run == 3:
                    makeup.hyphen_runs_over_2.append({"page": page.number, "line": line.text.strip()[-30:]})
                if run > longest:
                    longest, makeup.longest_hyphen_run = run, {"page": page.number, "length": run}
    for flow in _flows(pages):
        for (page, line), (next_page, after) in itertools.pairwise(flow):
            if not line.text.endswith(HYPHEN):
                continue
            head, tail = line.text[:-1].split(" ")[-1], after.text.split(" ")[0]
            word = f"{head}{HYPHEN}{tail}"
            if head.lstrip("([‘“'\"").strip()[:1].isupper():
                makeup.hyphenated_names.append({"page": page.number, "word": word})
            if page.number % 2 == 1 and page.body and line is page.body[-1]:
                makeup.hyphen_on_recto_foot.append({"page": page.number, "word": word})
            if " " not in after.text.strip() and not next_page.full(after) \
                    and sum(char.isalpha() for char in after.text) <= FRAGMENT_LETTERS:
                makeup.paragraph_ends_on_fragment.append({"page": next_page.number,
                                                          "line": next_page.line_number(after), "word": word})
    for found in (makeup.hyphenated_names, makeup.paragraph_ends_on_fragment):
        found.sort(key=lambda item: item["page"])


def _line_starts(makeup: Makeup, pages: list[SetPage]) -> None:
    """A line of a paragraph that begins with a dash or a spaced ellipsis (the line before it full, this one not
    indented: not a paragraph's first line), or a body line that begins with a note call."""
    body, _ = flows = list(_flows(pages))
    for flow in flows:
        for index, (page, line) in enumerate(flow):
            kind = None
            if flow is body and _begins_with_a_call(page, line):
                kind = "note-call"
            elif (match := _DASH_OR_ELLIPSIS.match(line.text)) and index and _runs_on(flow[index - 1], page, line):
                kind = "em-dash" if match.group(1) else "ellipsis"
            if kind:
                makeup.line_starts.append({"page": page.number, "line": page.line_number(line), "kind": kind,
                                           "text": line.text[:30]})
    makeup.line_starts.sort(key=lambda start: (start["page"], start["line"]))


def _begins_with_a_call(page: SetPage, line: Line) -> bool:
    """A note call's destination is where the line begins, in the line's box (its top above the baseline by
    less than a line). Its place, not its glyphs: a call in the font's superior figures is as large as the text
    and set on its baseline, a raised one is smaller and above it."""
    return any(abs(left - line.left) <= FULL and 0 <= top - line.baseline < LINE_BOX * line.size
               for left, top in page.calls)


def _runs_on(before: tuple[SetPage, Line], page: SetPage, line: Line) -> bool:
    """The line goes on with the paragraph of the one before it: that one is full, this one is not indented."""
    return before[0].full(before[1]) and line.left <= page.block.left + FULL


def _word_spaces(makeup: Makeup, pages: list[SetPage], table: dict[int, dict]) -> None:
    """Each full line's word space, in ems of its text: the upper median of its spaces. WeasyPrint stretches every
    space of a justified line alike; a space after a glyph whose ink overhangs its advance (an f) reads narrower."""
    values = []
    for flow in _flows(pages):
        for page, line in flow:
            if line.spaces and page.full(line):
                em = statistics.median_high(line.spaces) / line.size
                values.append(em)
                if em > WIDE:
                    makeup.wide_lines.append({"page": page.number, "text": line.text, "word_space": round(em, 2)})
                    if em > GAPING:
                        makeup.gaping_lines.append(makeup.wide_lines[-1])
                row = table[page.number]
                row["full_lines"] = row.get("full_lines", 0) + 1
                row["word_space_max"] = round(max(row.get("word_space_max", 0.0), em), 3)
                row["word_space_min"] = round(min(row.get("word_space_min", math.inf), em), 3)
    values.sort()
    makeup.word_space = {"lines": len(values)}
    if values:
        makeup.word_space.update({
            "p50": _percentile(values, 50), "p90": _percentile(values, 90), "p99": _percentile(values, 99),
            "max": round(values[-1], 3), "min": round(values[0], 3),
            "over_0_5": len(makeup.wide_lines), "under_0_16": sum(em < NARROW for em in values)})


def _overfull(makeup: Makeup, pages: list[SetPage]) -> None:
    """The lines of the text and endnotes pages whose glyphs reach OVERFULL past an edge of the text block: by how
    many points, and whether the line runs off the page (its text then cannot all be read). A word too long for
    the measure does it (a URL, a long compound), or a break WeasyPrint would not take (docs/print.md)."""
    for page in pages:
        if page.kind not in ("text", "endnotes"):
            continue
        block = page.block
        for line in page.lines:
            over = max(line.right - block.right, block.left - line.left)
            if over > OVERFULL * line.size:
                makeup.overfull_lines.append({
                    "page": page.number, "line": page.line_number(line), "text": line.text[:60],
                    "over": round(over, 1), "off_page": line.right > block.page_width or line.left < 0})


def _percentile(values: list[float], percent: int) -> float:
    """Nearest rank: the smallest value at or above which `percent` of the values lie."""
    return round(values[max(0, math.ceil(percent / 100 * len(values)) - 1)], 3)


def _grid(pages: list[SetPage]) -> tuple[float, float] | None:
    """The body's leading and first baseline: the commonest distance between two lines of the body's size, one
    under the other, and the commonest first baseline of a page that begins with such a line (not a part's
    title)."""
    size = _commonest([line.size for page in pages for line in page.body])
    if size is None:
        return None
    leading = _commonest([above.baseline - below.baseline for page in pages
                          for above, below in itertools.pairwise(page.body)
                          if abs(above.size - size) < 0.05 > abs(below.size - size)
                          and 0.5 * size < above.baseline - below.baseline < 3 * size])
    first = _commonest([page.body[0].baseline for page in pages if page.body and abs(page.body[0].size - size) < 0.05])
    return (leading, first) if leading is not None and first is not None else None


def _commonest(values: list[float]) -> float | None:
    """The commonest value to a tenth of a point, as the median of those that round to it."""
    groups: dict[float, list[float]] = {}
    for value in values:
        groups.setdefault(round(value, 1), []).append(value)
    commonest = max(groups.values(), key=len, default=None)
    return round(statistics.median(commonest), 3) if commonest else None


def _off_grid(makeup: Makeup, pages: list[SetPage], leading: float, first: float, table: dict[int, dict]) -> None:
    """Per page, the body lines off the grid: on the grid, a page's lines back onto the next's through the paper."""
    for page in pages:
        off = [(line, _offset(line.baseline, leading, first)) for line in page.body]
        off = [(line, offset) for line, offset in off if abs(offset) > GRID_TOLERANCE]
        table[page.number]["off_grid"] = len(off)
        if off:
            makeup.off_grid.append({"page": page.number, "lines": len(off), "first": page.line_number(off[0][0]),
                                    "offset": round(off[0][1], 2)})


def _offset(baseline: float, leading: float, first: float) -> float:
    """How far a baseline is below the nearest line of the grid (negative: above it), in points."""
    steps = (first - baseline) / leading
    return (steps - round(steps)) * leading


def _depths(makeup: Makeup, pages: list[SetPage], text: list[SetPage], leading: float, first: float,
            table: dict[int, dict]) -> None:
    """How many lines short each page ends: the body lines that would still fit under its end (its last line's
    box, or a figure under it), above the notes or the foot of the text block. Above the notes, the separation of
    a full page is the book's tightest, its body and notes as close as they ever are (WeasyPrint's footnote area
    sits on the foot of the block)."""
    below = leading - (text[0].block.top - first)  # a body line box's depth under its baseline
    ends = {page.number: end for page in text if (end := _body_end(page, below)) is not None}
    separations = [ends[page.number] + below - page.notes[0].baseline for page in text
                   if page.number in ends and page.notes]
    tightest = min(separations, default=0.0)
    if separations:
        makeup.grid["notes_separation"] = round(tightest, 3)
    short: dict[int, int] = {}
    for page in text:
        if page.number not in ends:
            continue
        end = ends[page.number]
        room = end + below - page.notes[0].baseline - tightest if page.notes else end - page.block.bottom
        short[page.number] = table[page.number]["lines_short"] = math.floor(room / leading + 0.01)
    last_pages = _part_ends(pages)
    for number, lines in short.items():
        if lines >= SHORT and number not in last_pages:
            makeup.short_pages.append({"page": number, "lines_short": lines})
    for page in text:  # a part's last page, but not its only one (its opening page holds what it holds)
        if page.number in last_pages and not page.opens and len(page.body) < FEW_LINES:
            makeup.last_pages_few_lines.append({"page": page.number, "lines": len(page.body)})
    for verso in range(2, len(pages), 2):
        recto = verso + 1
        if verso in short and recto in short and not {verso, recto} & last_pages and short[verso] != short[recto]:
            makeup.facing_pages_uneven.append({"pages": [verso, recto], "lines_short": [short[verso], short[recto]]})


def _body_end(page: SetPage, below: float) -> float | None:
    """The lowest point of the body: its last line box's bottom, or a figure's above the notes."""
    ends = [line.baseline - below for line in page.body[-1:]]
    ends += [bottom for _, bottom, _, top in page.figures if not page.notes or bottom > page.notes[0].baseline]
    return min(ends, default=None)


def _part_ends(pages: list[SetPage]) -> set[int]:
    """The last text page before each forced break: the next part's opening (on a recto, perhaps after a blank
    page), the endnotes, the end of the book."""
    ends, last = set(), None
    for page in pages:
        if page.opens and last is not None:
            ends.add(last)
        if page.kind == "text":
            last = page.number
    return ends | ({last} if last is not None else set())
