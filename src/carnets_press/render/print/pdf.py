"""The print PDF of a book: laid out in one pass, or in chunks where they apply (decided in plan.py).

Imports WeasyPrint: import this module only where a PDF is built.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass

from carnets_press.findings import Finding
from carnets_press.manuscript.model import Book
from carnets_press.pagination import PageStart, resolve
from carnets_press.pdf_text import PageContent
from carnets_press.render.print import logs
from carnets_press.render.print.chunked import ChunkStore, lay_out_in_chunks
from carnets_press.render.print.document import print_html
from carnets_press.render.print.fetcher import allowed_roots, refuse
from carnets_press.render.print.layout import base_url, lay_out, pdf_identifier, write_pdf
from carnets_press.render.print.pages import page_starts
from carnets_press.render.print.plan import chunking_applies
from carnets_press.render.print.record import page_record
from carnets_press.render.print.styles import print_stylesheets
from carnets_press.render.print.variants import variant as find_variant


@dataclass
class PrintedPDF:
    pdf: bytes
    page_texts: list[str] | None  # the text of each page, if the chunks' workers read it back
    record: dict | None  # the page record to keep for the next build, when `jobs` asks for chunks
    findings: list[Finding]  # what WeasyPrint said while laying out (logs.py)
    page_starts: list[PageStart]  # where each page begins in the book's text, for the EPUB's page-list
    page_contents: list[PageContent] | None = None  # each page's lines and figures, read back with its text


def render_pdf(book: Book, modified: datetime.datetime, variant: str | None = None, *, jobs: int = 1,
               record: object = None, chunk_cache: ChunkStore | None = None) -> PrintedPDF:
    """The print PDF. With `jobs` of 2 or more, laid out in chunks by that many processes (at most the
    machine's cores) placed by `record`, the page record of the previous build, where chunking applies; the
    record of this PDF is returned to be kept then, even where chunking did not apply (a book may grow to it)."""
    chosen = find_variant(variant)
    html = print_html(book, modified)
    processes = min(jobs, os.cpu_count() or 1)
    if chunking_applies(book, chosen, processes):
        chunked = lay_out_in_chunks(book, html, chosen, processes, record, chunk_cache)
        if chunked is not None:
            return PrintedPDF(chunked.pdf, chunked.page_texts, chunked.record, chunked.findings,
                              resolve(chunked.page_starts), chunked.page_contents)
    options = chosen.options(pdf_identifier(book))
    sheets = print_stylesheets(book)
    with lay_out(html.document(), base_url(book), sheets, allowed_roots(book), book.metadata.print.line_breaking,
                 **options) as layout:
        refuse(layout.refused)
        pdf = write_pdf(layout.document, **options)
    return PrintedPDF(pdf, None, page_record(book, pdf) if jobs >= 2 else None,
                      logs.findings(layout.logged, sheets, layout.refused), resolve(page_starts(layout.document.pages)))
