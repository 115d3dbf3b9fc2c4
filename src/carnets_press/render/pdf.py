"""The print renderer: the print HTML laid out by WeasyPrint into a PDF.

Imports WeasyPrint at the top: import this module only where a PDF is built.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.metadata import PrintOptions
from carnets_press.manuscript.model import Book
from carnets_press.render.fetcher import SandboxedFetcher
from carnets_press.render.print_html import render_print_html
from carnets_press.render.resources import package_dir, stylesheet_text
from carnets_press.render.templates import render_template

@dataclass(frozen=True)
class PageGeometry:
    """Mirrored margins, inner wider than outer for the binding, in proportion to the trim."""

    width_mm: float
    height_mm: float
    inner_mm: float
    outer_mm: float
    top_mm: float
    bottom_mm: float

    @classmethod
    def for_trim(cls, options: PrintOptions) -> PageGeometry:
        width, height = options.width_mm, options.height_mm
        return cls(width, height, inner_mm=round(width * 0.13, 1), outer_mm=round(width * 0.10, 1),
                   top_mm=round(height * 0.08, 1), bottom_mm=round(height * 0.10, 1))


def print_stylesheets(book: Book) -> list[tuple[str, str]]:
    """(CSS, base URL) of the generated page rule and fonts, styles/print.css, then the manuscript's own."""
    geometry = PageGeometry.for_trim(book.metadata.print)
    page_css = render_template("print_page.css.j2", fonts=package_dir("fonts").as_uri(),
                               bleed_mm=book.metadata.print.bleed_mm, crop_marks=book.metadata.print.crop_marks,
                               **geometry.__dict__)
    ours = package_dir("styles").as_uri() + "/"
    sheets = [(page_css, ours), (stylesheet_text("print.css"), ours)]
    if book.styles.print is not None:
        sheets.append((book.styles.print, book.styles.directory.resolve().as_uri() + "/"))
    return sheets


def render_pdf(book: Book, modified: datetime.datetime, variant: str | None = None) -> bytes:
    # WeasyPrint wants its options both when laying out and when writing (as its HTML.write_pdf does).
    options = {"pdf_identifier": pdf_identifier(book), "pdf_variant": variant, "pdf_tags": variant == "pdf/ua-1",
               "uncompressed_pdf": False}
    document, refused = lay_out(render_print_html(book, modified), book.root.resolve().as_uri() + "/",
                                print_stylesheets(book), allowed_roots(book), **options)
    refuse(refused)
    return write_pdf(document, **options)


# The 'modified' date fontTools writes into each embedded font subset: 1980-01-01, the date our EPUB's zip
# entries have at the earliest. WeasyPrint saves its subsets with fontTools' default recalcTimestamp=True,
# which stamps them with the clock unless SOURCE_DATE_EPOCH is set (Kozea/WeasyPrint#1553, reproducible PDFs;
# fontTools.misc.timeTools.timestampNow), so two builds of the same book differed in a few bytes.
FONT_TIMESTAMP = "315532800"


def write_pdf(document, **options) -> bytes:
    """The laid-out document's PDF, the same bytes for the same document."""
    with _environment(SOURCE_DATE_EPOCH=FONT_TIMESTAMP):
        return document.write_pdf(**options)


@contextlib.contextmanager
def _environment(**values: str):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def lay_out(html: str, base_url: str, stylesheets: list[tuple[str, str]], roots: list[Path], **options):
    """WeasyPrint's layout of the print HTML (a Document), and the URLs the sandbox refused."""
    fetcher = SandboxedFetcher(roots)
    fonts = FontConfiguration()  # @font-face rules are only loaded through a shared FontConfiguration
    sheets = [weasyprint.CSS(string=css, base_url=sheet_base, url_fetcher=fetcher, font_config=fonts)
              for css, sheet_base in stylesheets]
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        stylesheets=sheets, font_config=fonts, **options)
    return document, list(fetcher.refused)


def allowed_roots(book: Book) -> list[Path]:
    """What the print edition may read: the manuscript, our fonts and our styles."""
    return [book.root, package_dir("fonts"), package_dir("styles")]


def pdf_identifier(book: Book) -> bytes:
    """The PDF's /ID from the book's identifier, so that builds are reproducible."""
    return hashlib.sha256(book.metadata.stable_identifier.encode()).hexdigest()[:32].encode()


def refuse(urls: list[str]) -> None:
    if urls:
        raise ManuscriptError(f"the print edition asked for resources outside the manuscript: {', '.join(dict.fromkeys(urls))}",
                              hint="images, fonts and stylesheets must be files inside the manuscript, styles/ or fonts/")
