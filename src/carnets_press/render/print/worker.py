"""Laying out one chunk of the book, in a worker process: what a worker gets, and what it sends back."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from carnets_press.pdf_text import PageContent
from carnets_press.render.print.logs import Logged
from carnets_press.render.print.pages import PageStartIn
from carnets_press.render.print.styles import Stylesheet


@dataclass
class Chunk:
    """What a worker lays out: plain data only (picklable)."""

    html: str
    base_url: str
    stylesheets: list[Stylesheet]  # print_stylesheets(book)
    extra_css: str  # the chunk's own rule: its first page, or the contents numbers (plan.py)
    roots: list[str]  # the SandboxedFetcher's allowed roots
    drop_last: bool  # the sentinel's page
    targets: list[str]  # the ids whose pages to report
    identifier: bytes
    variant: str | None
    breaking: str  # book.toml's [print] line-breaking

    def sheets(self) -> list[Stylesheet]:
        return [*self.stylesheets, Stylesheet(self.extra_css, self.base_url, "the chunked layout's own rule")]

    def key(self) -> str:
        """The digest of everything the chunk is made of, for the chunk cache."""
        return hashlib.sha256(repr(dataclasses.astuple(self)).encode()).hexdigest()


@dataclass
class LaidOut:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # the page index (0-based, in the chunk) of each target found
    texts: list[str]  # the text of each page, read back from the PDF
    refused: list[str]  # the URLs the fetcher refused
    logged: list[Logged]  # what WeasyPrint logged while laying it out
    starts: list[PageStartIn] = dataclasses.field(default_factory=list)  # render/print/pages.py, per page
    contents: list[PageContent] = dataclasses.field(default_factory=list)  # each page's lines and figures

    def facts(self) -> dict:
        """What the chunk cache keeps beside the PDF (plain JSON)."""
        return {"pages": self.pages, "anchors": self.anchors, "texts": self.texts,
                "logged": [[record.level, record.message, record.sheet] for record in self.logged],
                "starts": [list(start) if start else None for start in self.starts],
                "contents": [content.to_list() for content in self.contents]}

    @classmethod
    def from_cache(cls, pdf: bytes, facts: Any) -> LaidOut:
        """A chunk from the chunk cache: its PDF and facts() (raises on facts of another shape)."""
        starts = [(start[0], int(start[1])) if start else None for start in facts["starts"]]
        return cls(pdf, int(facts["pages"]), dict(facts["anchors"]), list(facts["texts"]), [],
                   [Logged(*record) for record in facts["logged"]], starts,
                   [PageContent.from_list(content) for content in facts["contents"]])


def lay_out_chunk(chunk: Chunk) -> LaidOut:
    """Lay out one chunk as a one-pass layout does, and read its pages back. A top-level function: it runs in
    a worker."""
    from carnets_press.pdf_text import read_pages
    from carnets_press.render.print.layout import write_pdf
    from carnets_press.render.print.pages import page_starts
    from carnets_press.render.print.variants import variant

    layout, pages, anchors = _paginate(chunk)
    with layout:
        pdf = write_pdf(layout.document.copy(pages), **variant(chunk.variant).options(chunk.identifier))
    read = read_pages(pdf)
    return LaidOut(pdf, len(pages), anchors, [page.text for page in read], layout.refused, layout.logged,
                   page_starts(pages), [page.content for page in read])


def count_chunk_pages(chunk: Chunk) -> LaidOut:
    """Lay out one chunk only to learn its page count and where its targets fall: no PDF, no text."""
    layout, pages, anchors = _paginate(chunk)
    with layout:
        return LaidOut(b"", len(pages), anchors, [], layout.refused, layout.logged)


def _paginate(chunk: Chunk):
    """WeasyPrint's layout of a chunk, its pages without the sentinel's, and the page index of each target."""
    from carnets_press.render.print.layout import lay_out
    from carnets_press.render.print.variants import variant

    layout = lay_out(chunk.html, chunk.base_url, chunk.sheets(), [Path(root) for root in chunk.roots],
                     chunk.breaking, **variant(chunk.variant).options(chunk.identifier))
    pages = layout.document.pages[:-1] if chunk.drop_last else layout.document.pages
    wanted, anchors = set(chunk.targets), dict[str, int]()
    for index, page in enumerate(pages):
        for name in page.anchors:
            if name in wanted:
                anchors.setdefault(name, index)
    return layout, pages, anchors
