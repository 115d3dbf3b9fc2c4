"""The text of a PDF's pages, read back with PDFium: for the print QA, and by the chunked layout's workers.

PDFium reads a page's text in under 3 ms; pypdf's extraction takes about 80. `read_pages` also reads where
each line is set, for the print QA's make-up measures (validate/print_makeup.py), from PDFium's character
geometry. PDFium's own line breaks are not the lines as set: it breaks a line at a raised note call and runs a
part title into the folio below it, so the lines are rebuilt here from the words' baselines. That costs about
half as much again as the text: two PDFium calls a word (its first glyph's origin, its last glyph's box), a few a
line (font sizes), not one a character.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from dataclasses import astuple, dataclass

FIGURE_HEIGHT = 3.0  # points: what is drawn this tall or taller is a figure; a rule or a border is not
_WORD = re.compile(r"[^ \r\n]+")  # PDFium's text: words between spaces (real or generated) and line breaks
_SAME_BASELINE = 1.0  # points: two words within this of each other vertically are on one line
_RAISED = 0.6  # a smaller word at most this many of the line's ems above its baseline is a raised call, not a line
_INK_SHORT = 0.005  # points: a glyph's ink that stops this far before its loose box's right leaves the advance's end
# A word on the page: (start, end, x, baseline, right, width), as _Page.words has them.
_Word = tuple[int, int, float, float, float, float]


@dataclass(frozen=True)
class Line:
    """A line of text as set on the page, in points from the page's lower left corner."""

    text: str
    baseline: float  # (every measure to a thousandth of a point)
    left: float  # the first glyph's origin
    right: float  # where the last glyph ends: its advance or its ink, whichever is further right
    size: float  # the font size of the line's text, in points: its largest word's
    # Each word space (U+0020, as WeasyPrint stretches it to justify): from the end of one word's last glyph to the
    # next word's first glyph, in points.
    spaces: tuple[float, ...]

    def to_list(self) -> list:
        """Plain JSON, for the chunk cache."""
        return [*astuple(self)[:5], list(self.spaces)]

    @classmethod
    def from_list(cls, data: list) -> Line:
        text, baseline, left, right, size, spaces = data
        return cls(str(text), float(baseline), float(left), float(right), float(size),
                   tuple(float(gap) for gap in spaces))


@dataclass(frozen=True)
class PageContent:
    """What a page is made up of: its lines, and what is drawn there that is not text."""

    lines: tuple[Line, ...]  # top to bottom
    # (left, bottom, right, top) of each image, figure or box at least FIGURE_HEIGHT tall: a page that ends with a
    # picture is not short.
    figures: tuple[tuple[float, float, float, float], ...]

    def to_list(self) -> list:
        """Plain JSON, for the chunk cache."""
        return [[line.to_list() for line in self.lines], [list(figure) for figure in self.figures]]

    @classmethod
    def from_list(cls, data: list) -> PageContent:
        lines, figures = data
        return cls(tuple(Line.from_list(line) for line in lines),
                   tuple((float(a), float(b), float(c), float(d)) for a, b, c, d in figures))


@dataclass(frozen=True)
class PageText:
    text: str  # as PDFium reads it, its line breaks as \r\n
    content: PageContent


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text alone, without reading its lines (the tests read PDFs so)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def read_pages(pdf: bytes) -> list[PageText]:
    """Each page's text, and what it is made up of."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    # Whether the ink of each of the document's glyphs (its character, its loose box's width) overhangs its advance.
    overhangs: dict[tuple[str, float], bool] = {}
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            pages.append(PageText(text, PageContent(_lines(_Page(textpage, text, overhangs)), _figures(page))))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def _figures(page) -> tuple[tuple[float, float, float, float], ...]:
    import pypdfium2.raw as pdfium

    handle, figures = page.raw, []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium.FPDFPage_CountObjects(handle)):
        drawn = pdfium.FPDFPage_GetObject(handle, index)
        if pdfium.FPDFPageObj_GetType(drawn) != pdfium.FPDF_PAGEOBJ_TEXT \
                and pdfium.FPDFPageObj_GetBounds(drawn, left, bottom, right, top) \
                and top.value - bottom.value >= FIGURE_HEIGHT:
            figures.append((round(left.value, 3), round(bottom.value, 3), round(right.value, 3), round(top.value, 3)))
    return tuple(figures)


class _Page:
    """One page's characters, through PDFium's raw API with its raw handle (pypdfium2's helpers allocate on every
    call): two calls a word, not one a character."""

    def __init__(self, textpage, text: str, overhangs: dict[tuple[str, float], bool]):
        import pypdfium2.raw as pdfium

        self.pdfium, self.handle, self.overhangs = pdfium, textpage.raw, overhangs
        count = pdfium.FPDFText_CountChars(self.handle)
        # A character outside the BMP takes two of the text's units, one of PDFium's characters: read them one by one.
        self.text = text if len(text) == count else "".join(
            chr(pdfium.FPDFText_GetUnicode(self.handle, index)) for index in range(count))
        self._x, self._y, self._box = ctypes.c_double(), ctypes.c_double(), pdfium.FS_RECTF()
        self._left, self._right, self._bottom, self._top = (ctypes.c_double() for _ in range(4))
        self._sizes: dict[int, float] = {}
        matrix = pdfium.FS_MATRIX()
        # PDFium gives font sizes in text space, before the page's scale (WeasyPrint draws at 0.75).
        self._scale = math.hypot(matrix.a, matrix.b) if count and pdfium.FPDFText_GetMatrix(self.handle, 0, matrix) \
            else 1.0

    def origin(self, index: int) -> tuple[float, float]:
        self.pdfium.FPDFText_GetCharOrigin(self.handle, index, self._x, self._y)
        return self._x.value, self._y.value

    def end(self, index: int) -> tuple[float, float]:
        """Where the glyph ends, the right of its advance and its ink together (PDFium's loose box), and the box's
        width."""
        self.pdfium.FPDFText_GetLooseCharBox(self.handle, index, self._box)
        return self._box.right, self._box.right - self._box.left

    def overhanging(self, index: int, width: float) -> bool:
        """Whether the glyph's ink (PDFium's tight box) reaches its loose box's right: then that is not where its
        advance ends (an f's ink overhangs it). Asked once for each glyph of the document, known in `overhangs` by
        its character and its loose box's width (its font and size)."""
        self.pdfium.FPDFText_GetCharBox(self.handle, index, self._left, self._right, self._bottom, self._top)
        self.pdfium.FPDFText_GetLooseCharBox(self.handle, index, self._box)
        overhang = self.overhangs[self.text[index], round(width, 2)] = self._right.value >= self._box.right - _INK_SHORT
        return overhang

    def size(self, index: int) -> float:
        """The font size of a character, in points."""
        size = self._sizes.get(index)
        if size is None:
            size = self._sizes[index] = self.pdfium.FPDFText_GetFontSize(self.handle, index) * self._scale
        return size

    def words(self) -> list[_Word]:
        """Each word: its characters (start, end), its first glyph's origin (x, baseline), where its last glyph ends
        (right) and its last glyph's loose width. PDFium sometimes runs a line into the next without a break (a part
        title into the folio under it): a word whose last glyph's box is off its first's baseline is cut where the
        baseline changes."""
        origin, loose_box = self.pdfium.FPDFText_GetCharOrigin, self.pdfium.FPDFText_GetLooseCharBox
        handle, x, y, box = self.handle, self._x, self._y, self._box
        words = []
        for match in _WORD.finditer(self.text):
            start, end = match.span()
            origin(handle, start, x, y)
            loose_box(handle, end - 1, box)
            baseline = y.value
            if box.bottom - _SAME_BASELINE <= baseline <= box.top + _SAME_BASELINE:
                words.append((start, end, x.value, baseline, box.right, box.right - box.left))
            else:
                words += self._cut(start, end)
        return words

    def _cut(self, start: int, end: int) -> list[_Word]:
        pieces = []
        x, baseline = self.origin(start)
        for index in range(start + 1, end):
            next_x, next_baseline = self.origin(index)
            if not self.same_line(start, baseline, index, next_baseline):
                pieces.append((start, index, x, baseline, *self.end(index - 1)))
                start, x, baseline = index, next_x, next_baseline
        return [*pieces, (start, end, x, baseline, *self.end(end - 1))]

    def same_line(self, first: int, baseline: float, second: int, other: float) -> bool:
        """Two characters on one baseline, or the smaller raised above the other's by less than a superscript is."""
        if -_SAME_BASELINE <= baseline - other <= _SAME_BASELINE:
            return True
        size, other_size = self.size(first), self.size(second)
        low, high = (baseline, other) if size > other_size else (other, baseline)
        return size != other_size and 0 < high - low <= _RAISED * max(size, other_size)


def _lines(page: _Page) -> tuple[Line, ...]:
    lines: list[list[_Word]] = []
    for word in page.words():
        if lines and page.same_line(lines[-1][0][0], lines[-1][0][3], word[0], word[3]):
            lines[-1].append(word)
        else:
            lines.append([word])
    made = [_line(page, words) for words in lines]
    return tuple(sorted(made, key=lambda line: (-line.baseline, line.left)))


def _line(page: _Page, words: list[_Word]) -> Line:
    """The line's size and baseline are its text's: the largest of its first, second and last words (a note
    call, smaller, may be any of them, but not all three)."""
    main = max((words[0], words[min(1, len(words) - 1)], words[-1]), key=lambda word: page.size(word[0]))
    size, baseline = page.size(main[0]), main[3]
    text, spaces, overhangs = page.text, [], page.overhangs
    low, high = baseline - _SAME_BASELINE, baseline + _SAME_BASELINE
    for (_, end, _, before_baseline, right, width), (start, _, after_x, after_baseline, _, _) \
            in itertools.pairwise(words):
        space = end if text[end] == " " else text.find(" ", end, start)
        if space >= 0 and low <= before_baseline <= high and low <= after_baseline <= high:
            overhang = overhangs.get((text[end - 1], round(width, 2)))
            if overhang or (overhang is None and page.overhanging(end - 1, width)):
                # The ink overhangs the advance: the word ends at the space's own origin (where WeasyPrint sets it,
                # after the first half of the stretch), if that is nearer.
                right = min(right, page.origin(space)[0])
            spaces.append((after_x - right) * 1000 // 1 / 1000)  # to a thousandth of a point below (round() costs more)
    first = words[0]
    # To a thousandth of a point, as the chunk cache keeps them: a page reads the same from a chunk kept.
    return Line(text[first[0]:words[-1][1]].replace("\r\n", ""), round(baseline, 3), round(first[2], 3),
                round(words[-1][4], 3), round(size, 3), tuple(spaces))
