"""The print edition laid out in chunks, in parallel, with page numbers remembered from the previous build.

Opt-in (`--jobs`), and only where it gives the same book as one pass (plan.chunking_applies); see
benchmarks/bench_parallel_pdf.py, strategy "aux", for the measurements behind this design. plan.py says what
the chunks are; each is laid out by WeasyPrint, public API only, in a worker process (worker.py), and a chunk
laid out before with the same inputs is taken from the chunk cache the build hands over.

The chunks are placed by the page record of the previous build (record.py); a first build, with no record,
first lays every chunk out without writing it, in parallel, only to count its pages (three quarters of the
work), and takes its record from that. Then the guess is checked. A chunk's page count does not depend on the
page it starts at (every chunk starts on a recto; only its folios change), so after the first round the real
first page of every chunk is known: the chunks that started at a wrong page (an earlier part grew or shrank by
pages) are laid out again, in parallel, at the right page; so is the front, if the contents numbers were
wrong. Only if that second round does not give the same pages (it should not happen) does lay_out_in_chunks
return None, and the book is laid out in one pass: never a wrong book.

Each worker also reads its chunk's pages back with PDFium, their text and lines, for the print QA (the merge copies
pages unchanged), so that the slowest part of the QA is done in parallel too; and sends back what WeasyPrint logged
(logs.py).
The chunk PDFs are merged (merge.py) each as soon as it is known to be placed right.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Protocol

from carnets_press.findings import Finding
from carnets_press.manuscript.model import Book
from carnets_press.pdf_text import PageContent
from carnets_press.render.print import logs
from carnets_press.render.print.document import PrintHTML
from carnets_press.render.print.fetcher import refuse
from carnets_press.render.print.merge import MergedPDF
from carnets_press.render.print.pages import PageStartIn
from carnets_press.render.print.plan import ChunkPlan, placed
from carnets_press.render.print.record import RECORD_VERSION, usable_record
from carnets_press.render.print.variants import Variant
from carnets_press.render.print.worker import Chunk, LaidOut, count_chunk_pages, lay_out_chunk


class ChunkStore(Protocol):
    """The chunk cache, as the build hands it over (carnets_press.cache.ChunkCache): by a chunk's key()."""

    def get(self, key: str) -> tuple[bytes, object] | None: ...

    def put(self, key: str, pdf: bytes, facts: object) -> None: ...

    def keep_only(self, keys: Iterable[str]) -> None: ...


@dataclass
class ChunkedPDF:
    pdf: bytes
    record: dict  # for the next build (page_record's, with the chunks)
    page_texts: list[str]  # the text of every page, read back in the workers, for the print QA
    findings: list[Finding]  # WeasyPrint's warnings (logs.py)
    page_starts: list[PageStartIn]  # where each page begins in the book's text (pages.py)
    page_contents: list[PageContent]  # every page's lines and figures, read back with its text


def lay_out_in_chunks(book: Book, html: PrintHTML, variant: Variant, jobs: int, record: object,
                      cache: ChunkStore | None = None) -> ChunkedPDF | None:
    """The print PDF laid out in chunks by `jobs` processes, for a book chunking applies to; None if the layout
    could not be checked (then lay the book out in one pass).

    With `cache`, a chunk whose inputs (HTML, styles, first page) are those of a chunk laid out before is taken
    from there: after a one-entry edit, only the chunk holding the entry is laid out again (and the contents,
    if page numbers moved; and the later chunks, if their pages moved)."""
    plan = ChunkPlan(book, html, variant, jobs)
    with _frozen_heap(), ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        submit = _Submitter(pool, cache).submit
        guessed = usable_record(book, record)
        if guessed is None:
            # A first build: learn where every chunk starts by laying them all out once without writing them
            # (three quarters of the work), in parallel; then lay them out at those pages, as with a record.
            counted = list(pool.map(count_chunk_pages, [plan.front({name: 1 for name in plan.targets})]
                                    + [plan.parts(group, 1) for group in range(len(plan.groups))]))
            _refuse(counted)
            guessed = placed(counted[0].pages, counted[1:])[1]
        first_pages = plan.first_pages(guessed)
        contents_guess = plan.contents_guess(guessed)

        # The front first (its page count places the parts); each worker takes the next chunk as it finishes one.
        front_future = submit(plan.front(contents_guess))
        parts_futures = [submit(plan.parts(group, first)) for group, first in enumerate(first_pages)]
        merged = MergedPDF()
        front, laid = front_future.result(), []
        next_first = front.pages + 1
        for group, future in enumerate(parts_futures):
            laid.append(future.result())
            if len(merged.parts) == group and first_pages[group] == next_first:
                merged.append(laid[-1].pdf)  # placed right, as every chunk before it
            next_first += laid[-1].pages
        _refuse([front, *laid])

        # Where the chunks really start, from their page counts; then where each contents target really is.
        actual_first, pages = placed(front.pages, laid)
        if any(name not in pages for name in plan.targets):
            return None
        right = {name: pages[name] for name in plan.targets}

        # The second round: what was laid out from a wrong guess, again, at the right pages.
        again = {group: submit(plan.parts(group, first))
                 for group, (first, guess) in enumerate(zip(actual_first, first_pages)) if first != guess}
        front_again = submit(plan.front(right)) if right != contents_guess else None
        for group, future in again.items():
            chunk = future.result()
            if (chunk.pages, chunk.anchors) != (laid[group].pages, laid[group].anchors):
                return None
            laid[group] = chunk
        if front_again is not None:
            chunk = front_again.result()
            if chunk.pages != front.pages:
                return None
            front = chunk
        _refuse([front, *laid])

    final = [plan.front(right), *(plan.parts(group, first) for group, first in enumerate(actual_first))]
    if cache is not None:
        cache.keep_only([chunk.key() for chunk in final])
    total = actual_first[-1] + laid[-1].pages - 1
    new_record = {"version": RECORD_VERSION, "parts": plan.part_ids, "pages": total,
                  "targets": {name: pages[name] for name in plan.part_ids + list(plan.entry_part) if name in pages},
                  "front_pages": front.pages,
                  "chunks": [{"parts": plan.part_ids[start:end], "first_page": first, "pages": chunk.pages}
                             for (start, end), first, chunk in zip(plan.groups, actual_first, laid)]}
    for chunk in laid[len(merged.parts):]:
        merged.append(chunk.pdf)
    texts = front.texts + [text for chunk in laid for text in chunk.texts]
    found = logs.findings([record for result in (front, *laid) for record in result.logged], final[0].sheets(), [])
    starts = front.starts + [start for chunk in laid for start in chunk.starts]
    contents = front.contents + [content for chunk in laid for content in chunk.contents]
    return ChunkedPDF(merged.finish(front.pdf, plan.identifier), new_record, texts, found, starts, contents)


@contextlib.contextmanager
def _frozen_heap():
    """gc.freeze() before forking, as Python's gc documentation advises: the workers' cycle collector then leaves
    alone what they inherit (the book model, WeasyPrint's modules), which it would otherwise walk on every full
    pass while WeasyPrint allocates, and the pages they share with the coordinator stay shared. A small gain: on
    the ten-times edition, 4 runs each in turn, `build pdf --jobs 2` took 10.95 s on average against 11.12 s.
    Unfrozen after, so that a long --watch does not keep old books alive."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _Submitter:
    """A chunk to a worker, or from the cache if it was laid out before; a chunk laid out goes into the cache."""

    def __init__(self, pool: ProcessPoolExecutor, cache: ChunkStore | None):
        self.pool, self.cache = pool, cache

    def submit(self, chunk: Chunk) -> Future:
        cache = self.cache
        if cache is None:
            return self.pool.submit(lay_out_chunk, chunk)
        key = chunk.key()
        kept = _kept(cache, key)
        if kept is not None:
            done: Future = Future()
            done.set_result(kept)
            return done
        future = self.pool.submit(lay_out_chunk, chunk)
        future.add_done_callback(lambda finished: _store(cache, key, finished))
        return future


def _kept(cache: ChunkStore, key: str) -> LaidOut | None:
    kept = cache.get(key)
    if kept is None:
        return None
    try:
        return LaidOut.from_cache(*kept)
    except (KeyError, TypeError, ValueError):  # facts of another version: lay it out
        return None


def _store(cache: ChunkStore, key: str, finished: Future) -> None:
    if finished.exception() is not None:
        return
    chunk: LaidOut = finished.result()
    if not chunk.refused:  # a refusal fails the build: nothing to keep
        cache.put(key, chunk.pdf, chunk.facts())


def _refuse(results: list[LaidOut]) -> None:
    refuse([url for result in results for url in result.refused])
