"""The ebook's cover image: a typographic cover generated from the book's title, subtitle and authors.

Every store wants a cover. This one is set by WeasyPrint in the book's own type (EB Garamond, styles/cover.css,
templates/cover.html.j2) on one page of 1600 × 2560 px, the 1.6:1 ratio KDP recommends and Apple and Kobo
accept, and rasterised by PDFium at exactly that size to a JPEG (RGB, no EXIF, the same bytes for the same
book). The title's size is chosen to fit: as large as its longest word allows across the frame, then smaller
until the title and subtitle end above the authors and the authors above the frame's foot (a long title wraps
and shrinks, nothing is cut off); the PDF's glyphs are then checked to lie inside the frame.

`rasterise` is the one rasteriser: scripts/render_cover_art.py makes the sample edition's own cover art
(manuscript/images/cover.svg) with it. WeasyPrint reads nothing but our fonts (and what a caller allows):
the layout is sandboxed as the print edition's is (print/fetcher.py), and the PDF is written reproducibly
(print/layout.py, write_pdf).

WeasyPrint, PDFium and Pillow are imported where a cover is made, not when this module is.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from carnets_press.errors import Location, ManuscriptError
from carnets_press.languages import language_direction
from carnets_press.manuscript.model import Book
from carnets_press.render.templates import render_template
from carnets_press.resources import package_dir

WIDTH_PX, HEIGHT_PX = 1600, 2560
PT_PER_PX = 72 / 96  # WeasyPrint's px is 1/96 in; PDF's unit is the point, 1/72 in
SCALE = WIDTH_PX / (WIDTH_PX * PT_PER_PX)  # PDFium renders a 1200 pt page 1600 pixels wide
JPEG_QUALITY = 90

# The geometry of styles/cover.css, in px: what the text must stay inside, and the measure of the title.
FRAME_INSET_PX = 96 + 10 + 14 + 2  # page padding, outer rule, gap, inner hairline
MEASURE_PX = WIDTH_PX - 2 * FRAME_INSET_PX - 2 * 110  # the inner frame's side padding
LETTER_SPACING_EM = 0.01  # .title's
HEAD_GAP_PX = 120  # .head's margin-bottom: the least space between the subtitle and the authors
UNKNOWN_ADVANCE_EM = 0.62  # a character EB Garamond lacks (Arabic…) is set in a fallback font: assume it wide

# The sizes tried, largest first: each a step of about 8% below the one before.
LARGEST_TITLE_PX = 230
SMALLEST_TITLE_PX = 24
SUBTITLE_PX, SMALLEST_SUBTITLE_PX = 80, 36
AUTHOR_PX, SMALLEST_AUTHOR_PX = 78, 34
STEP = 0.92


@dataclass(frozen=True)
class Sizes:
    title: int
    subtitle: int
    author: int


class CoverError(ValueError):
    """The cover cannot be made: text that does not fit even at the smallest size, or a file it may not read."""


@dataclass(frozen=True)
class BookCover:
    """The EPUB's cover: `[cover] image`, or the typographic cover made from the title (`generated`)."""

    data: bytes
    suffix: str  # ".jpg" or ".png"
    alt: str
    generated: bool

    @property
    def media_type(self) -> str:
        return "image/png" if self.suffix == ".png" else "image/jpeg"


def book_cover(book: Book) -> BookCover:
    """The cover of this book: its own image (which the reader has checked), else one generated from it."""
    from carnets_press.render.labels import cover_alt

    meta = book.metadata
    alt = cover_alt(meta)
    if meta.cover.image:
        location = Location(book.root / "book.toml", meta.cover.image_line)
        suffix = ".png" if meta.cover.image.lower().endswith(".png") else ".jpg"
        return BookCover(book.files.read_bytes(meta.cover.image, "image", location), suffix, alt, False)
    try:
        data = generated_cover(meta.title, meta.subtitle, [person.name for person in meta.creators], meta.language)
    except CoverError as error:
        raise ManuscriptError(f"no cover could be made from the title: {error}", Location(book.root / "book.toml"),
                              hint="give the book its own cover: [cover] image = \"images/cover.jpg\"") from None
    return BookCover(data, ".jpg", alt, True)


def generated_cover(title: str, subtitle: str | None, authors: list[str], language: str) -> bytes:
    """The typographic cover of a book: a 1600 × 2560 px RGB JPEG, the same bytes for the same arguments."""
    return _generated_cover(title, subtitle, tuple(authors), language)


@functools.lru_cache(maxsize=8)  # --watch, and the test suite, build the same book's EPUB again and again
def _generated_cover(title: str, subtitle: str | None, authors: tuple[str, ...], language: str) -> bytes:
    return rasterise_pdf(generated_cover_pdf(title, subtitle, list(authors), language))


def generated_cover_pdf(title: str, subtitle: str | None, authors: list[str], language: str) -> bytes:
    """The one-page PDF the cover is rasterised from, with the largest type at which all its text fits."""
    styles = package_dir("styles")
    direction = language_direction(language)

    def laid_out(sizes: Sizes):
        html = render_template("cover.html.j2", title=title, subtitle=subtitle, authors=authors, language=language,
                               direction=direction, title_size=sizes.title, subtitle_size=sizes.subtitle,
                               author_size=sizes.author)
        document = lay_out(html, styles.as_uri() + "/", [styles / "cover.css"])
        return document if _fits(document) else None

    # The largest sizes that fit, in one layout for a short title, else in five or six: a binary search down the
    # ladder (what fits is smaller than what does not, near enough; only a layout that fits is kept).
    ladder = _candidate_sizes(title)
    document = laid_out(ladder[0])
    if document is None:
        document = laid_out(ladder[-1])
        if document is None:
            raise CoverError(f"the title does not fit on a cover even in {SMALLEST_TITLE_PX} px type: "
                             f"{len(title)} characters, {len(authors)} authors")
        too_large, fitting = 0, len(ladder) - 1
        while fitting - too_large > 1:
            middle = (too_large + fitting) // 2
            candidate = laid_out(ladder[middle])
            if candidate is None:
                too_large = middle
            else:
                fitting, document = middle, candidate
    pdf = _write(document)
    outside = [char for char, box in text_boxes(pdf) if not _inside_frame(box)]
    if outside:  # the layout's anchors said it fits: a bug of ours, never a cover cut off
        raise CoverError(f"the cover's text runs outside its frame: {''.join(outside)!r}")
    return pdf


def rasterise(html: str, base_url: str, stylesheets: Sequence[Path] = (), allowed: Sequence[Path] = ()) -> bytes:
    """An HTML document (an SVG inline in HTML too) laid out on one 1600 × 2560 px page, as a JPEG.

    `stylesheets`: the files of its stylesheets, by default our styles/cover.css (the page rule and EB Garamond);
    `allowed`: the folders and files WeasyPrint may read besides our fonts and these stylesheets."""
    return rasterise_pdf(render_pdf(html, base_url, stylesheets, allowed))


def render_pdf(html: str, base_url: str, stylesheets: Sequence[Path] = (), allowed: Sequence[Path] = ()) -> bytes:
    """The one-page PDF of a cover document, written reproducibly (print/layout.py, write_pdf)."""
    return _write(lay_out(html, base_url, stylesheets, allowed))


def lay_out(html: str, base_url: str, stylesheets: Sequence[Path] = (), allowed: Sequence[Path] = ()):
    """WeasyPrint's layout (a Document) of a cover document, sandboxed as the print edition's is: it may read our
    fonts, its stylesheets (by default our styles/cover.css: the page rule and EB Garamond) and `allowed` files."""
    from carnets_press.render.print import layout
    from carnets_press.render.print.styles import Stylesheet

    files = list(stylesheets) or [package_dir("styles") / "cover.css"]
    sheets = [Stylesheet(path.read_text(encoding="utf-8"), path.parent.resolve().as_uri() + "/", path.name, path)
              for path in files]
    laid = layout.lay_out(html, base_url, sheets, [package_dir("fonts"), *files, *allowed])
    if laid.refused:
        raise CoverError(f"the cover asked for files it may not read: {', '.join(dict.fromkeys(laid.refused))}")
    return laid.document


def _write(document) -> bytes:
    from carnets_press.render.print.layout import write_pdf

    if len(document.pages) != 1:
        raise CoverError(f"the cover was laid out on {len(document.pages)} pages, not one")
    return write_pdf(document)


def rasterise_pdf(pdf: bytes) -> bytes:
    """The first page of a 1200 × 1920 pt PDF as a 1600 × 2560 px RGB JPEG, quality 90, without metadata."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width, height = page.get_size()
        if (round(width * SCALE), round(height * SCALE)) != (WIDTH_PX, HEIGHT_PX):
            raise CoverError(f"the cover page is {width:g} × {height:g} pt, not {WIDTH_PX * PT_PER_PX:g} × "
                             f"{HEIGHT_PX * PT_PER_PX:g}")
        image = page.render(scale=SCALE, fill_color=(255, 255, 255, 255)).to_pil().convert("RGB")
    finally:
        document.close()
    if image.size != (WIDTH_PX, HEIGHT_PX):
        raise CoverError(f"PDFium rendered the cover {image.width} × {image.height} px")
    buffer = io.BytesIO()
    # Pillow writes no EXIF unless asked; a JFIF header with 96 dpi, baseline, 4:2:0 as every reader expects.
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False, dpi=(96, 96))
    return buffer.getvalue()


def text_boxes(pdf: bytes) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each drawn character of the PDF's first page and its glyph box in px from the top left corner
    (left, top, right, bottom): what the cover's fitting, and its tests, check."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        height = page.get_height()
        textpage = page.get_textpage()
        boxes = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            boxes.append((char, (left / PT_PER_PX, (height - top) / PT_PER_PX,
                                 right / PT_PER_PX, (height - bottom) / PT_PER_PX)))
        return boxes
    finally:
        document.close()


def _fits(document) -> bool:
    """The title and subtitle end above the authors, and the authors above the frame's foot, on one page: read
    from the anchors the template sets (WeasyPrint's Page.anchors, in px). A flex layout whose head is too tall
    lets the head run under the authors, and drops what runs off the page: its glyphs cannot tell."""
    if len(document.pages) != 1:
        return False
    anchors = document.pages[0].anchors
    if not {"cover-head-end", "cover-authors", "cover-authors-end"} <= anchors.keys():
        return False
    return (anchors["cover-head-end"][1] + HEAD_GAP_PX <= anchors["cover-authors"][1]
            and anchors["cover-authors-end"][1] <= HEIGHT_PX - FRAME_INSET_PX)


def _inside_frame(box: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = box
    return (left >= FRAME_INSET_PX and top >= FRAME_INSET_PX and right <= WIDTH_PX - FRAME_INSET_PX
            and bottom <= HEIGHT_PX - FRAME_INSET_PX)


def _candidate_sizes(title: str) -> list[Sizes]:
    """The sizes to try, largest first, each about 8% below the one before: the title no larger than its longest
    word allows on the measure (a word is broken only where no size would keep it whole), the subtitle and the
    authors shrinking with it, less."""
    longest = max((_advance_em(word) for word in title.split()), default=1.0)
    title_px = min(LARGEST_TITLE_PX, max(SMALLEST_TITLE_PX, math.floor(MEASURE_PX / longest)))
    ladder: list[Sizes] = []
    factor = 1.0
    while not ladder or ladder[-1] != Sizes(SMALLEST_TITLE_PX, SMALLEST_SUBTITLE_PX, SMALLEST_AUTHOR_PX):
        ladder.append(Sizes(max(SMALLEST_TITLE_PX, math.floor(title_px * factor)),
                            max(SMALLEST_SUBTITLE_PX, min(math.floor(SUBTITLE_PX * factor ** 0.4),
                                                          math.floor(title_px * factor * 0.75))),
                            max(SMALLEST_AUTHOR_PX, math.floor(AUTHOR_PX * factor ** 0.25))))
        factor *= STEP
    return ladder


def _advance_em(text: str) -> float:
    """The text's width in EB Garamond Regular, in em, with the title's letter-spacing (kerning ignored)."""
    advances, cmap = _metrics()
    return sum(advances.get(cmap.get(ord(char), ""), UNKNOWN_ADVANCE_EM) + LETTER_SPACING_EM for char in text)


@functools.cache
def _metrics() -> tuple[dict[str, float], dict[int, str]]:
    from fontTools.ttLib import TTFont

    with TTFont(package_dir("fonts") / "EBGaramond-Regular.ttf", lazy=True) as font:
        units = font["head"].unitsPerEm
        advances = {name: width / units for name, (width, _) in font["hmtx"].metrics.items()}
        return advances, dict(font.getBestCmap())
