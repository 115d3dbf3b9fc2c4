"""A PDF read into the importer's input: the text pdftotext would give, and where each of its lines was set.

The text route loses what the page shows for sure: where a line starts and ends. From glyph positions (PDFium,
through pdf_text.read_pages) each line keeps its left and right edges as shares of its column's measure, so that
a paragraph's indented first line and its short last line are measured, not guessed from character widths. The
rest is made to read as pdftotext's default mode does, so that one importer serves both: a form feed ends each
page, the lines come in reading order (a page set in two columns, column by column between what spans both), a
blank line stands between blocks (a gap wider than the page's leading), a raised or dropped initial joins the line
it opens, a hyphen PDFium marks as a line-end break is a hyphen.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from carnets_press.errors import CarnetsError
from carnets_press.importers.inputs import read_input
from carnets_press.pdf_text import Line, read_pages

MAX_PDF_BYTES = 256 * 1024 * 1024  # a 1,000-page book set with its fonts is a few tens of MiB
Geometry = dict[int, tuple[float, float]]  # a line's number → its (left, right) as shares of its column's measure
# PDFium's mark for a hyphen at a line's end; a no-break space, a space as pdftotext prints it; a hair space
# (before an ellipsis, "wife\u200a…", between two quotes), which pdftotext prints as nothing: too narrow for a word's
# gap, and an ellipsis after a space would not be taken for the end of a word a note call is glued to
_MARKS = str.maketrans({"\ufffe": "-", "\x02": "-", "\xa0": " ", "\u200a": ""})
_GAP = 1.2  # a gap this many times the page's leading separates two blocks (a line of a paragraph is at 1.0)
_INITIAL = 1.8  # a line of one or two characters set this many times the text's size is a raised or dropped initial
_SAME_BASELINE = 1.0  # points, as pdf_text has it
_CELLS = 3  # pieces on one baseline that make it a table's row
_COLUMN_LINES = 3  # lines on each side of the page's middle that make it a page of two columns
_FULL_PAGE = 10  # lines a page needs for its measure to count towards the document's
# A note call against its neighbour: a figure, a call's figure or mark, then a figure or a letter with no space.
# (PDFium may break its line after a raised call, and read_pages join the line up again without a space.)
_GLUED = re.compile(r"([0-9*†‡§¶])(?=(?:\r\n)?([0-9*†‡§¶]|[^\W\d_]))")
_CALL_SIZES = (0.4, 0.85)  # a call is set at this share of the text's size (an initial beside it is far larger)
_CALL_RAISE = 0.15  # and raised by this share of the text's size, or more
_CONTEXT = 8  # characters either side of a place, to find it in its line


@dataclass(frozen=True)
class _Column:
    left: float
    width: float


def read_pdf(path: Path) -> tuple[str, Geometry]:
    """The PDF's text, as pdftotext would print it, and each line's geometry; a PDF that cannot be read is refused
    with what is wrong with it."""
    import pypdfium2

    data = _read_bytes(path)
    try:
        pages = [page.content.lines for page in read_pages(data)]
        calls = _set_apart(data)
    except pypdfium2.PdfiumError as error:
        raise CarnetsError(f"{path}: PDFium cannot read it ({error})",
                           hint="an encrypted PDF must be saved without its password; a damaged one repaired") from None
    widths = _measures(pages)
    out: list[str] = []
    geometry: Geometry = {}
    for k, lines in enumerate(pages):
        for line, column, blank_before in _reading_order(list(lines), widths):
            if blank_before and out and out[-1] not in ("", "\f"):
                out.append("")
            number = len(out) + 1
            text = _space_calls(line.text, calls[k]).translate(_MARKS).strip()
            if out and out[-1] == "\f":
                out[-1] += text
                number -= 1
            else:
                out.append(text)
            geometry[number] = (round((line.left - column.left) / column.width, 4),
                                round((line.right - column.left) / column.width, 4))
        if k + 1 < len(pages):
            out.append("\f")
    return "\n".join(out) + "\n", geometry


def _set_apart(pdf: bytes) -> list[list[tuple[str, str]]]:
    """Where, on each page, a note call raised in smaller type touches a neighbour with no space between them:
    PDFium runs them into one word ("1659–60" and its call "47" as "1659–6047", a call and the next word as
    "1like"), where pdftotext sets them apart. A call after a word or a mark after a figure ("1842‡") is left on
    it, as pdftotext prints it. Each place is the text either side of it (a few characters), for
    `_space_calls` to find in its line."""
    import pypdfium2
    import pypdfium2.raw as pdfium

    document = pypdfium2.PdfDocument(pdf)
    x, y = ctypes.c_double(), ctypes.c_double()
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            handle, text = textpage.raw, textpage.get_text_range()
            count = pdfium.FPDFText_CountChars(handle)

            def raised(index: int, other: int) -> bool:
                """The character is set as a call beside its neighbour: smaller, and above its baseline."""
                pdfium.FPDFText_GetCharOrigin(handle, index, x, y)
                height = y.value
                pdfium.FPDFText_GetCharOrigin(handle, other, x, y)
                size, other_size = (pdfium.FPDFText_GetFontSize(handle, k) for k in (index, other))
                return _CALL_SIZES[0] * other_size <= size <= _CALL_SIZES[1] * other_size \
                    and height - y.value > _CALL_RAISE * other_size

            places = []
            for match in _GLUED.finditer(text if len(text) == count else ""):
                before, after = match.start(1), match.start(2)
                if (text[before].isdigit() and text[after].isdigit() and raised(after, before)) or (
                        not text[after].isdigit() and raised(before, after)):
                    places.append((text[max(0, before + 1 - _CONTEXT):before + 1].rsplit("\n", 1)[-1],
                                   text[after:after + _CONTEXT].split("\r", 1)[0]))
            pages.append(places)
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def _space_calls(text: str, places: list[tuple[str, str]]) -> str:
    """The line with a space at each of its page's places found in it."""
    for before, after in places:
        glued = before + after
        at = text.find(glued)
        if at >= 0:
            text = f"{text[:at + len(before)]} {text[at + len(before):]}"
    return text


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, once it is known to be a PDF file of a book's size; nothing outside it is ever read."""
    data = read_input(path, MAX_PDF_BYTES, "the PDF of the printed edition")
    if b"%PDF-" not in data[:1024]:
        raise CarnetsError(f"{path}: not a PDF (no %PDF- header)", hint="give the PDF, or its text from pdftotext")
    return data


def _measures(pages: list[tuple[Line, ...]]) -> dict[bool, float]:
    """The document's measure, for a page of one column (False) and for a column of a page of two (True): the
    most common width of the fuller pages' text blocks (of all pages, if none is full), so that a short page is
    measured as the others are."""
    seen: dict[bool, list[float]] = {False: [], True: []}
    full = [lines for lines in pages if len(lines) >= _FULL_PAGE] or [lines for lines in pages if lines]
    for lines in full:
        for columned, columns in _columns(list(lines)).items():
            seen[columned] += [width for _, width in columns]
    one = _mode(seen[False]) or _mode(seen[True]) * 2 or 1.0
    return {False: one, True: _mode(seen[True]) or one / 2}


def _mode(widths: list[float]) -> float:
    return Counter(round(width) for width in widths).most_common(1)[0][0] if widths else 0.0


def _columns(lines: list[Line]) -> dict[bool, list[tuple[float, float]]]:
    """The page's text blocks, as (left, width): one, or the two columns of a page set so."""
    left, right = min(line.left for line in lines), max(line.right for line in lines)
    middle = (left + right) / 2
    first = [line for line in lines if line.right < middle]
    second = [line for line in lines if line.left > middle]
    if len(first) >= _COLUMN_LINES and len(second) >= _COLUMN_LINES:
        second_left = min(line.left for line in second)
        return {True: [(left, max(line.right for line in first) - left),
                       (second_left, right - second_left)]}
    return {False: [(left, right - left)]}


def _reading_order(lines: list[Line], widths: dict[bool, float]) -> list[tuple[Line, _Column, bool]]:
    """The page's lines in reading order, each with its column and whether a blank line goes before it. What
    stands above or below the text's type (a running head, the notes, the folio) is read across the page."""
    if not lines:
        return []
    lines = _join_pieces(_join_initials(lines))
    columns = _columns(lines)
    columned = next(iter(columns))
    blocks = [_Column(left, widths[columned]) for left, _ in columns[columned]]
    middle = blocks[-1].left if columned else float("inf")
    whole = _Column(blocks[0].left, widths[False]) if columned else blocks[0]
    ordered: list[tuple[Line, _Column]] = []
    band: list[list[tuple[Line, _Column]]] = [[], []]
    top, bottom = _text_area(lines, middle) if columned else (0, len(lines))
    for k, line in enumerate(lines):  # top to bottom: what spans both columns closes the band of columns above it
        if not columned or not top <= k < bottom:  # one column, or a head or a foot
            ordered += band[0] + band[1] + [(line, whole)]
            band = [[], []]
        elif line.right < middle:
            band[0].append((line, blocks[0]))
        elif line.left >= middle - 1:
            band[1].append((line, blocks[1]))
        else:
            ordered += band[0] + band[1] + [(line, whole)]
            band = [[], []]
    ordered += band[0] + band[1]
    leading = _leading([[line for line, _ in ordered]])
    return [(line, column, k > 0 and _apart(ordered[k - 1][0], line, leading))
            for k, (line, column) in enumerate(ordered)]


def _text_area(lines: list[Line], middle: float) -> tuple[int, int]:
    """Where a page of two columns has them, by index: after its head (a first line a block apart from the rest),
    before its foot (the notes, the folio: a block apart, below where the text's type reaches in both columns; a
    column that stops short, the other's last lines reaching lower, is not a foot)."""
    runs = [[line for line in lines if line.right < middle], [line for line in lines if line.left >= middle - 1]]
    size = Counter(line.size for run in runs for line in run).most_common(1)[0][0]
    text = [[line.baseline for line in run if line.size == size] for run in runs]
    if not all(text):
        return 0, len(lines)
    lowest, block = max(min(run) for run in text), _GAP * _leading(runs).get(size, size)
    top = 1 if len(lines) > 1 and lines[0].baseline - lines[1].baseline > block else 0
    bottom = next((k + 1 for k, (above, below) in enumerate(itertools.pairwise(lines[top:]), start=top)
                   if below.baseline < lowest - _SAME_BASELINE and above.baseline - below.baseline > block), len(lines))
    return top, bottom


def _apart(before: Line, line: Line, leading: dict[float, float]) -> bool:
    """Whether two lines read one after the other belong to different blocks: a new column, or a gap wider than
    the leading of the lower line's type (a heading's space, a note area's rule)."""
    if line.baseline >= before.baseline:
        return True
    return line.size in leading and before.baseline - line.baseline > _GAP * leading[line.size]


def _leading(runs: list[list[Line]]) -> dict[float, float]:
    """The usual distance between the baselines of two lines of one type size that follow each other in a run of
    lines (a column: on a page of two, the columns' baselines need not line up)."""
    steps: dict[float, list[float]] = {}
    for run in runs:
        for above, below in itertools.pairwise(run):
            if above.size == below.size and above.baseline > below.baseline:
                steps.setdefault(below.size, []).append(above.baseline - below.baseline)
    return {size: statistics.median(values) for size, values in steps.items()}


def _join_pieces(lines: list[Line]) -> list[Line]:
    """PDFium may read one line as two pieces on the same baseline (a list's number and its item): they are one
    line, as pdftotext prints them, where less than an em lies between them (a column's gutter is wider). Three
    pieces or more on a baseline are a table's cells, which stay lines of their own, as pdftotext prints them, for
    the table stage to find (tables.py)."""
    cells = Counter(round(line.baseline / _SAME_BASELINE) for line in lines)
    joined: list[Line] = []
    for line in lines:  # top to bottom, left to right
        before = joined[-1] if joined else None
        if before and abs(before.baseline - line.baseline) <= _SAME_BASELINE \
                and cells[round(line.baseline / _SAME_BASELINE)] < _CELLS \
                and 0 <= line.left - before.right < max(before.size, line.size):
            joined[-1] = replace(before, text=f"{before.text} {line.text}", right=line.right,
                                 size=max(before.size, line.size), spaces=(*before.spaces, line.left - before.right,
                                                                            *line.spaces))
        else:
            joined.append(line)
    return joined


def _join_initials(lines: list[Line]) -> list[Line]:
    """An initial set large beside a paragraph's first lines is PDFium's line of its own, below the first line it
    belongs to: it goes back to the start of that line, the highest one beside it; the lines beside it start where
    it does, not indented."""
    size = statistics.median(line.size for line in lines)
    kept = list(lines)
    for initial in lines:
        if len(initial.text.strip()) > 2 or initial.size < _INITIAL * size:
            continue
        beside = [k for k, line in enumerate(kept) if line is not initial and line.left >= initial.right - 1
                  and initial.baseline - size / 2 <= line.baseline <= initial.baseline + initial.size]
        if beside:  # the lines beside it are set full out against it: measured from where it stands
            kept[beside[0]] = replace(kept[beside[0]], text=initial.text.strip() + kept[beside[0]].text)
            for k in beside:
                kept[k] = replace(kept[k], left=initial.left)
            kept.remove(initial)
    return kept
