"""The print renderer: the print HTML laid out by WeasyPrint into a PDF.

Imports WeasyPrint at the top: import this module only where a PDF is built.
"""

from __future__ import annotations

import datetime
import hashlib
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

PDF_VARIANTS = ("pdf/a-2b", "pdf/ua-1")


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
    html = render_print_html(book, modified)
    fetcher = SandboxedFetcher([book.root, package_dir("fonts"), package_dir("styles")])
    fonts = FontConfiguration()  # @font-face rules are only loaded through a shared FontConfiguration
    stylesheets = [weasyprint.CSS(string=css, base_url=base_url, url_fetcher=fetcher, font_config=fonts)
                   for css, base_url in print_stylesheets(book)]
    document = weasyprint.HTML(string=html, base_url=book.root.resolve().as_uri() + "/", url_fetcher=fetcher)
    identifier = hashlib.sha256(book.metadata.stable_identifier.encode()).hexdigest()[:32].encode()
    pdf = document.write_pdf(stylesheets=stylesheets, font_config=fonts, pdf_identifier=identifier, pdf_variant=variant,
                             pdf_tags=variant == "pdf/ua-1", uncompressed_pdf=False)
    if fetcher.refused:
        raise ManuscriptError(f"the print edition asked for resources outside the manuscript: {', '.join(fetcher.refused)}",
                              hint="images, fonts and stylesheets must be files inside the manuscript, styles/ or fonts/")
    return pdf
