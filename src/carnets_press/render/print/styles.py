"""The print edition's stylesheets: the page rule and fonts generated for the book's trim, our styles/print.css,
then the manuscript's own styles/print.css, which comes last and can restyle anything."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from carnets_press.manuscript.metadata import PrintOptions
from carnets_press.manuscript.model import Book
from carnets_press.render.templates import render_template
from carnets_press.resources import package_dir, stylesheet_text

# The body's leading, styles/print.css's `html` line-height, in points: the text block is a whole number of lines
# of it deep, so that a full page's last line ends at the foot of the block and every page's lines are on one grid.
LEADING_PT = 14.0
MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class PageGeometry:
    """Mirrored margins, inner wider than outer for the binding, in proportion to the trim; the text block a whole
    number of lines deep: the nearest to the proportion's depth, the bottom margin taking or giving the difference
    (at most half a line)."""

    width_mm: float
    height_mm: float
    inner_mm: float
    outer_mm: float
    top_mm: float
    bottom_mm: float

    @classmethod
    def for_trim(cls, options: PrintOptions) -> PageGeometry:
        width, height = options.width_mm, options.height_mm
        top = round(height * 0.08, 1)
        lines = round((height - top - round(height * 0.10, 1)) / (LEADING_PT * MM_PER_PT))
        # A thousandth of a millimetre below, and never the exact remainder, which rounding errors may make a hair
        # too much: the block is never shallower than its lines.
        bottom = math.floor((height - top - lines * LEADING_PT * MM_PER_PT) * 1000 - 1e-6) / 1000
        return cls(width, height, inner_mm=round(width * 0.13, 1), outer_mm=round(width * 0.10, 1),
                   top_mm=top, bottom_mm=bottom)


@dataclass(frozen=True)
class Stylesheet:
    """A stylesheet as WeasyPrint gets it (plain data: it travels to the chunks' workers)."""

    css: str
    base_url: str  # what its relative URLs are relative to
    name: str  # what a message calls it
    file: Path | None = None  # the file `css` is the text of, where WeasyPrint's line:column point; None if generated


def print_stylesheets(book: Book) -> list[Stylesheet]:
    geometry = PageGeometry.for_trim(book.metadata.print)
    page_css = render_template("print_page.css.j2", fonts=package_dir("fonts").as_uri(),
                               bleed_mm=book.metadata.print.bleed_mm, crop_marks=book.metadata.print.crop_marks,
                               **geometry.__dict__)
    ours = package_dir("styles")
    sheets = [Stylesheet(page_css, ours.as_uri() + "/", "the page rule generated from book.toml [print]"),
              Stylesheet(stylesheet_text("print.css"), ours.as_uri() + "/", "carnets-press's styles/print.css",
                         ours / "print.css")]
    if book.styles.print is not None and book.styles.directory is not None:
        sheets.append(Stylesheet(book.styles.print, book.styles.directory.resolve().as_uri() + "/", "styles/print.css",
                                 book.styles.directory / "print.css"))
    return sheets
