"""Laying out one chunk of the book, in a worker process: what a worker gets, what it sends back, and how it
learns the page its chunk starts at."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import multiprocessing
import os
import threading
from concurrent.futures import Future
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
    # None if the chunk's first page is in extra_css; else its number in the Placement, which tells its worker the
    # first page once the chunk is paginated (folios.py).
    placed_by: int | None = None

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


class Placement:
    """Where the chunks laid out with their first page unknown start (Chunk.placed_by): the worker of such a
    chunk sends its page count and where its targets are once the chunk is paginated, and waits for its first
    page, which the coordinator sends once it knows the page counts of the chunks before. A pipe per chunk, made
    before the workers are forked: they inherit it (a pool's initializer, `join`, hands it to the worker's
    module)."""

    def __init__(self, chunks: int):
        self._pipes = [multiprocessing.get_context("fork").Pipe() for _ in range(chunks)]
        self._coordinator = os.getpid()
        self._told: set[int] = set()

    def tell(self, chunk: int, first_page: int | None) -> None:
        """The coordinator's: the chunk's first page; None to stop its worker (the build failed)."""
        self._told.add(chunk)
        self._pipes[chunk][0].send(first_page)

    def pages(self, chunk: int, laid_out: Future) -> tuple[int, dict[str, int]]:
        """The coordinator's: the page count the chunk's worker sends, and the page index of each target in it;
        what its layout raised, if it failed first."""
        ours = self._pipes[chunk][0]
        while not ours.poll(0.2):
            if laid_out.done():
                laid_out.result()  # raises what the worker raised
                if not ours.poll():
                    raise RuntimeError(f"chunk {chunk} was laid out without asking for its first page")
        return ours.recv()

    def release(self) -> None:
        """The coordinator's, once the chunks are placed or the build failed: a worker still waiting stops."""
        for chunk in range(len(self._pipes)):
            if chunk not in self._told:
                self.tell(chunk, None)

    def first_page(self, chunk: int, pages: int, anchors: dict[str, int]) -> int:
        """The worker's: send the chunk's page count and its targets' pages, wait for its first page (as long as
        the coordinator runs)."""
        theirs = self._pipes[chunk][1]
        # Sent from a thread: a chunk's targets may be more than the pipe holds (some 9,000 ids), and a worker
        # blocked in send() would not see the coordinator stop, nor would the pool's shutdown end.
        threading.Thread(target=theirs.send, args=((pages, anchors),), daemon=True).start()
        while not theirs.poll(1.0):
            if os.getppid() != self._coordinator:
                raise RuntimeError("the build stopped")
        first = theirs.recv()
        if first is None:
            raise RuntimeError("the build stopped")
        return first


_PLACEMENT: list[Placement] = []  # the worker's, from join()


def join(placement: Placement) -> None:
    """A pool's initializer: the worker's Placement (inherited, as the workers are forked)."""
    _PLACEMENT[:] = [placement]


def lay_out_chunk(chunk: Chunk) -> LaidOut:
    """Lay out one chunk as a one-pass layout does, and read its pages back. A top-level function: it runs in
    a worker."""
    from carnets_press.pdf_text import read_pages
    from carnets_press.render.print import folios
    from carnets_press.render.print.layout import lay_out, write_pdf
    from carnets_press.render.print.pages import page_starts
    from carnets_press.render.print.variants import variant

    def first_page(anchors: list[list[str]]) -> int:
        assert chunk.placed_by is not None
        return _PLACEMENT[0].first_page(chunk.placed_by, *_targets(chunk, anchors))

    options = variant(chunk.variant).options(chunk.identifier)
    with contextlib.nullcontext() if chunk.placed_by is None else folios.deferred(first_page):
        layout = lay_out(chunk.html, chunk.base_url, chunk.sheets(), [Path(root) for root in chunk.roots],
                         chunk.breaking, **options)
    with layout:
        pages = layout.document.pages[:-1] if chunk.drop_last else layout.document.pages
        pdf = write_pdf(layout.document.copy(pages), **options)
    pages_count, anchors = _targets(chunk, [list(page.anchors) for page in layout.document.pages])
    read = read_pages(pdf)
    return LaidOut(pdf, pages_count, anchors, [page.text for page in read], layout.refused, layout.logged,
                   page_starts(pages), [page.content for page in read])


def _targets(chunk: Chunk, anchors: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The chunk's page count, without the sentinel's page, and the page index of each of its targets, from the
    ids on each of its pages."""
    pages = len(anchors) - int(chunk.drop_last)
    wanted, found = set(chunk.targets), dict[str, int]()
    for index, names in enumerate(anchors[:pages]):
        for name in names:
            if name in wanted:
                found.setdefault(name, index)
    return pages, found
