"""The print make-up's details (issue 14), read back from the PDF of a small book on a 70 × 90 mm page: note calls
at the text's size, the rule above the notes, the recto's running head, the contents' page numbers, letter-spaced
small capitals, and every body line on the baseline grid of a text block a whole number of lines deep."""

from __future__ import annotations

import ctypes
import itertools
import json
import math
import re
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium
import pytest

from carnets_press.build import BuildOptions, build
from carnets_press.manuscript.metadata import TRIM_PRESETS, PrintOptions
from carnets_press.pdf_text import Line, read_pages
from carnets_press.render.print.styles import PageGeometry
from carnets_press.validate.print_makeup import TextBlock

PT = 72 / 25.4
SIZE, LEADING = 11.0, 14.0  # the body's type and leading, as the issue gives them
WIDTH, HEIGHT = 70.0, 90.0
SENTENCE = "Some words here to fill a page. "
TOML = f"""title = "Test Notebooks"
language = "en-GB"
contents = ["a.md"]

[[creators]]
name = "Jane Doe"
file-as = "Doe, Jane"

[print]
width = "{WIDTH:g}mm"
height = "{HEIGHT:g}mm"
"""
# The first entry runs from the part's opening page over the next, its heading on the part's page; the second
# begins at the top of page 9, with every block set smaller or apart and a heading within it, and runs on to page
# 11, where the third begins lower down and fills page 12.
MARKDOWN = f"""# A

## 1 May 1941.

{SENTENCE * 18}

## Hhhh, 2 May 1941.

A call here.[^1] {SENTENCE * 3}

> A quotation set smaller, long enough to run over three lines of the page, and to show where the text under
> it falls.

{SENTENCE * 2}

| Stage | Days |
|-------|-----:|
| Marseille | 1 |
| Martinique | 30 |

{SENTENCE * 2}

- one item
- two items

### A heading within the entry

{SENTENCE}

***

{SENTENCE * 3}

| A line of verse,
|    and its second line.

{SENTENCE * 2} The [hhhh]{{.smallcaps}} came.

## 3 May 1941.

{SENTENCE * 40}

[^1]: A note at the foot.
"""


@dataclass
class Book:
    pdf: bytes
    qa: dict
    lines: list[tuple[Line, ...]]  # each page's lines, top to bottom


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Book:
    root = tmp_path_factory.mktemp("details")
    (root / "manuscript").mkdir()
    (root / "manuscript" / "book.toml").write_text(TOML, encoding="utf-8")
    (root / "manuscript" / "a.md").write_text(MARKDOWN, encoding="utf-8")
    report = build(root / "manuscript", BuildOptions(formats=("pdf",), out_dir=root / "out", use_cache=False))
    pdf = report.outputs[0].path.read_bytes()
    qa = json.loads(report.outputs[0].report_path.read_text(encoding="utf-8"))
    return Book(pdf, qa, [page.content.lines for page in read_pages(pdf)])


def text_block(page: int) -> TextBlock:
    """The text block of a page (1-based): rectos odd, the inner margin on the left."""
    recto, verso = TextBlock.pair(PrintOptions(width_mm=WIDTH, height_mm=HEIGHT))
    return recto if page % 2 else verso


def body(book: Book, page: int) -> list[Line]:
    """A page's lines inside its text block, the notes left out (set smaller than anything in the text)."""
    block = text_block(page)
    return [line for line in book.lines[page - 1] if block.bottom <= line.baseline <= block.top and line.size > 9]


def running_head(book: Book, page: int) -> str:
    [head] = [line.text for line in book.lines[page - 1] if line.baseline > text_block(page).top]
    return head


@dataclass
class Glyph:
    char: str
    size: float  # points
    origin: tuple[float, float]
    box: tuple[float, float, float, float]  # left, bottom, right, top of its ink


def glyphs(pdf: bytes, page: int) -> list[Glyph]:
    """Every character of a page, with its font size in points (PDFium gives it before the page's scale)."""
    document = pypdfium2.PdfDocument(pdf)
    text = document[page - 1].get_textpage()
    matrix = pdfium.FS_MATRIX()
    pdfium.FPDFText_GetMatrix(text.raw, 0, matrix)
    scale = math.hypot(matrix.a, matrix.b)
    x, y = ctypes.c_double(), ctypes.c_double()
    found = []
    for index in range(text.count_chars()):
        pdfium.FPDFText_GetCharOrigin(text.raw, index, x, y)
        found.append(Glyph(chr(pdfium.FPDFText_GetUnicode(text.raw, index)),
                           pdfium.FPDFText_GetFontSize(text.raw, index) * scale, (x.value, y.value),
                           text.get_charbox(index)))
    return found


def page_of(book: Book, text: str) -> int:
    return next(number for number, lines in enumerate(book.lines, start=1) if any(text in line.text for line in lines))


def on_line(chars: list[Glyph], line: Line) -> list[Glyph]:
    """A line's characters, left to right (the spaces too)."""
    return sorted((glyph for glyph in chars if abs(glyph.origin[1] - line.baseline) < 1), key=lambda g: g.origin[0])


def test_a_note_call_is_the_fonts_superior_figure_at_the_texts_size(book):
    page = page_of(book, "A call here.")
    chars = glyphs(book.pdf, page)
    [line] = [line for line in body(book, page) if line.text.startswith("A call here.1")]
    letters = on_line(chars, line)
    call, letter = letters[len("A call here.")], letters[0]
    assert call.char == "1" and call.size == pytest.approx(SIZE, abs=0.01) == letter.size
    # A superior figure, the font's own: on the line's baseline, its ink raised above it and short of a capital's.
    assert call.origin[1] == pytest.approx(letter.origin[1], abs=0.01) and call.box[1] > line.baseline + 0.3 * SIZE
    assert call.box[3] - call.box[1] < 0.45 * SIZE < letter.box[3] - letter.box[1]
    [note] = [line for line in book.lines[page - 1] if line.text.startswith("1. A note")]
    assert note.size < SIZE - 2  # the note itself is set smaller


def test_the_rule_above_the_notes_is_a_quarter_of_the_measure_flush_left_and_thin(make_manuscript, tmp_path):
    """On the book's default trim (demy), whose measure a rule of a fixed ratio (100:1, drawn 0.4 pt high) fell
    short of."""
    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nA call here.[^1]\n\n[^1]: A note at the foot.\n"})
    report = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))
    pdf = report.outputs[0].path.read_bytes()
    pages = [page.content.lines for page in read_pages(pdf)]
    page = next(number for number, lines in enumerate(pages, start=1) if any("A note" in line.text for line in lines))
    scale = 200 / 72  # 200 dpi: 0.4 pt is a pixel
    image = pypdfium2.PdfDocument(pdf)[page - 1].render(scale=scale, grayscale=True).to_pil()
    pixels, (width, height) = image.load(), image.size
    runs = []  # each row's longest run of ink: (length, first column, row)
    for row in range(height):
        longest = start = run = 0
        for column in range(width):
            run = run + 1 if pixels[column, row] < 128 else 0
            if run > longest:
                longest, start = run, column - run + 1
        runs.append((longest, start, row))
    length, start, row = max(runs)
    recto, verso = TextBlock.pair(PrintOptions())
    block = recto if page % 2 else verso
    assert length == pytest.approx((block.right - block.left) * scale / 4, abs=2)
    assert start == pytest.approx(block.left * scale, abs=1.5)
    assert len([run for run in runs if run[0] >= length / 2]) <= 2  # a pixel or two thick
    [text, note] = [line for line in pages[page - 1] if "A call" in line.text or "A note" in line.text]
    assert note.baseline < (height - row) / scale < text.baseline  # between the text and the note


def test_the_recto_running_head_names_the_entry_in_progress_at_the_top_of_the_page(book):
    """Page 9 begins with the second entry; on page 11 the second runs on and the third begins lower down: both
    are headed with the second (`first` would head page 11 with the third); page 13 with the third, running on."""
    assert body(book, 9)[0].text == "Hhhh, 2 May 1941."
    assert "3 May 1941." in [line.text for line in body(book, 11)[1:]]
    assert [running_head(book, page) for page in (9, 11, 13)] == [
        "Hhhh, 2 May 1941 9", "Hhhh, 2 May 1941 11", "3 May 1941 13"]


def test_contents_page_numbers_are_flush_right_in_tabular_figures_without_leaders(book):
    page = page_of(book, "3 May 1941 11")
    lines = [line for line in body(book, page) if re.search(r"\d$", line.text)]
    assert [line.text.rsplit(" ", 1)[-1] for line in lines] == ["7", "7", "9", "11"]
    assert not any("." in line.text for line in lines)  # no leaders
    chars = glyphs(book.pdf, page)
    numbers = []
    for line in lines:
        figures = [glyph for glyph in on_line(chars, line) if glyph.char.isdigit()]
        numbers.append(figures[-len(line.text.rsplit(" ", 1)[-1]):])
    entries = numbers[1:]  # set alike, a size under the part's line
    # Tabular figures: each as wide as the others (one step from the first 1 of 11 to the second); the last
    # figure of every number starts at the same place, the numbers end at the measure.
    step = entries[2][1].origin[0] - entries[2][0].origin[0]
    assert all(number[-1].origin[0] == pytest.approx(entries[0][-1].origin[0], abs=0.01) for number in entries)
    assert entries[2][0].origin[0] == pytest.approx(entries[0][0].origin[0] - step, abs=0.01)
    assert text_block(page).right - entries[0][-1].origin[0] == pytest.approx(step, abs=0.01)
    assert numbers[0][-1].box[2] == pytest.approx(text_block(page).right, abs=1)  # the part's number too


@pytest.mark.parametrize("where", ["heading", "smallcaps"])
def test_small_capitals_are_letter_spaced_five_to_ten_per_cent(book, where):
    """The heading's place (Hhhh) and a span of class smallcaps (hhhh): from one small capital h to the next
    is its advance in the font and the letter-spacing."""
    from fontTools.ttLib import TTFont

    from carnets_press.resources import package_dir

    font = TTFont(package_dir("fonts") / "EBGaramond-Regular.ttf")
    advance = font["hmtx"]["h.sc"][0] / font["head"].unitsPerEm  # in ems
    page = page_of(book, "Hhhh, 2 May 1941." if where == "heading" else "The hhhh")
    [line] = [line for line in body(book, page) if ("Hhhh" if where == "heading" else "hhhh") in line.text]
    letters = on_line(glyphs(book.pdf, page), line)
    at = "".join(glyph.char for glyph in letters).lower().index("hhhh")
    small = letters[at + 1:at + 4]  # the h after the heading's H
    steps = [(b.origin[0] - a.origin[0]) / a.size for a, b in itertools.pairwise(small)]
    assert steps[0] == pytest.approx(steps[1], abs=1e-4)
    assert 0.05 <= steps[0] - advance <= 0.10


def test_every_body_line_is_on_the_grid(book):
    assert book.qa["grid"]["leading"] == LEADING and book.qa["off_grid"] == []
    first = book.qa["grid"]["first_baseline"]
    measured = set()
    for page in range(8, len(book.lines) + 1):
        for line in body(book, page):
            steps = (first - line.baseline) / LEADING
            assert abs(steps - round(steps)) * LEADING < 0.25, (page, line.text)
            measured.add(line.text[:12])
    # What was measured: the blocks set smaller or apart; the heading carried to the top of a page, on its first line.
    assert {"A quotation ", "Marseille 1", "*\u2003*\u2003*", "A line of ve", "one item", "A heading wi"} <= measured
    top = body(book, 9)[0]
    assert top.text == "Hhhh, 2 May 1941." and top.baseline == pytest.approx(first, abs=0.01)


def test_a_full_page_is_a_whole_number_of_lines_that_fill_the_text_block(book):
    block = text_block(12)
    lines = body(book, 12)
    below_baseline = LEADING - (block.top - lines[0].baseline)  # a line box's depth under its baseline
    assert len(lines) * LEADING == pytest.approx(block.top - block.bottom, abs=0.01)
    assert lines[-1].baseline - below_baseline == pytest.approx(block.bottom, abs=0.01)


@pytest.mark.parametrize("trim", [*TRIM_PRESETS, "70 × 90 mm"])
def test_the_text_block_of_every_trim_is_a_whole_number_of_lines(trim):
    width, height = TRIM_PRESETS.get(trim, (WIDTH, HEIGHT))
    geometry = PageGeometry.for_trim(PrintOptions(width_mm=width, height_mm=height))
    lines = (height - geometry.top_mm - geometry.bottom_mm) * PT / LEADING
    assert 0 <= lines - round(lines) < 0.01 / LEADING  # never shallower than its lines, a hundredth of a point over
    # what is left over goes to the bottom margin, within half a line of the tenth of the height it was
    assert abs(geometry.bottom_mm - height * 0.10) <= LEADING / 2 / PT + 0.05
