"""One WeasyPrint layout of print HTML, sandboxed and listened to, and the reproducible write of its PDF.

Used by the one-pass layout and by each chunk's worker alike. Imports WeasyPrint at the top: import this
module only where a PDF is built.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from carnets_press.manuscript.model import Book
from carnets_press.render.print import (
    folios,
    font_subsetting,
    line_breaking,
    logs,
    note_continuation,
    page_depth,
    page_makeup,
    tracking,
    weasyprint_fixes,
)
from carnets_press.render.print.fetcher import SandboxedFetcher
from carnets_press.render.print.styles import Stylesheet


@dataclass
class Layout:
    document: weasyprint.Document
    refused: list[str]  # the URLs the sandbox refused
    logged: list[logs.Logged]  # what WeasyPrint logged meanwhile (see logs.py)
    fonts: FontConfiguration

    def close(self) -> None:
        """Remove the folder WeasyPrint copies the book's @font-face fonts into (3.4 MB for the sample's). It
        removes it only in FontConfiguration.__del__, which Python does not promise to run before a process ends
        (Kozea/WeasyPrint#2090, open): a chunk's worker, which ends with os._exit, left one in /tmp per build.
        On leaving `with lay_out(...) as layout:`, once its PDF is written."""
        _remove_fonts(self.fonts)

    def __enter__(self) -> Layout:
        return self

    def __exit__(self, *exception) -> None:
        self.close()


def lay_out(html: str, base_url: str, stylesheets: list[Stylesheet], roots: list[Path], breaking: str = "total-fit",
            **options) -> Layout:
    """WeasyPrint's layout of print HTML (a Document), its justified paragraphs broken by `breaking`
    (line_breaking.BREAKERS), with the URLs the sandbox refused and what WeasyPrint logged while it parsed each
    stylesheet and rendered the document."""
    weasyprint_fixes.install()
    line_breaking.install()
    page_depth.install()
    note_continuation.install()
    page_makeup.install()  # after note_continuation: it makes pages again with their notes cut anew
    folios.install()
    font_subsetting.install()
    tracking.install()
    fetcher = SandboxedFetcher(roots)
    fonts = FontConfiguration()  # @font-face rules are only loaded through a shared FontConfiguration
    try:
        with logs.capture() as captured:
            sheets = []
            for index, sheet in enumerate(stylesheets):
                with captured.parsing(index):
                    sheets.append(weasyprint.CSS(string=sheet.css, base_url=sheet.base_url, url_fetcher=fetcher,
                                                 font_config=fonts))
            with line_breaking.breaking(breaking):
                document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
                    stylesheets=sheets, font_config=fonts, **options)
    except BaseException:
        _remove_fonts(fonts)  # no Layout to close
        raise
    return Layout(document, list(fetcher.refused), captured.records, fonts)


def _remove_fonts(fonts: FontConfiguration) -> None:
    folder, fonts._folder = fonts._folder, None
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


# The 'modified' date fontTools writes into each embedded font subset: 1980-01-01, the date our EPUB's zip
# entries have at the earliest. WeasyPrint saves its subsets with fontTools' default recalcTimestamp=True,
# which stamps them with the clock unless SOURCE_DATE_EPOCH is set (Kozea/WeasyPrint#1553, reproducible PDFs;
# fontTools.misc.timeTools.timestampNow), so two builds of the same book differed in a few bytes.
FONT_TIMESTAMP = "315532800"


def write_pdf(document, **options) -> bytes:
    """The laid-out document's PDF, the same bytes for the same document. Every PDF we write is written here."""
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


def pdf_identifier(book: Book) -> bytes:
    """The PDF's /ID from the book's identifier, so that builds are reproducible."""
    return hashlib.sha256(book.metadata.stable_identifier.encode()).hexdigest()[:32].encode()


def base_url(book: Book) -> str:
    """What the print HTML's relative URLs (images) are relative to: the manuscript."""
    return book.root.resolve().as_uri() + "/"
