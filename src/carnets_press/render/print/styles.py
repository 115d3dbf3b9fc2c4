"""The print edition's stylesheets: the page rule and fonts generated for the book's trim, our styles/print.css,
then the manuscript's own styles/print.css, which comes last and can restyle anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carnets_press.manuscript.metadata import PrintOptions
from carnets_press.manuscript.model import Book
from carnets_press.render.templates import render_template
from carnets_press.resources import package_dir, stylesheet_text


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
