"""The print edition laid out in chunks, in parallel, each placed as soon as the chunks before it are paginated.

Opt-in (`--jobs`), and only where it gives the same book as one pass (plan.chunking_applies); see
benchmarks/bench_parallel_pdf.py for the measurements behind this design. plan.py says what the chunks are; each
is laid out by WeasyPrint in a worker process (worker.py), and a chunk laid out before with the same inputs is
taken from the chunk cache the build hands over.

A chunk's page count does not depend on the page it starts at (every chunk starts on a recto; only its folios
change), and WeasyPrint makes the folios last: so every chunk is laid out at once, its folios waiting for its
first page (folios.py), which the coordinator tells its worker as soon as the front and the chunks before it
are paginated (worker.Placement). A chunk the cache holds is taken at the page the previous build's record
(record.py) puts it; if that proves wrong (an earlier part grew or shrank by pages), it is laid out again, in
parallel, at the right page; so is the front, if its contents numbers (guessed from the record, or all 1 on a
first build) were wrong. Only if that second round does not give the same pages (it should not happen) does
lay_out_in_chunks return None, and the book is laid out in one pass: never a wrong book.

Each worker also reads its chunk's pages back with PDFium, their text and lines, for the print QA (the merge copies
pages unchanged), so that the slowest part of the QA is done in parallel too; and sends back what WeasyPrint logged
(logs.py). The chunk PDFs are merged (merge.py) each as soon as it is known to be placed right.
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
from carnets_press.render.print.worker import Chunk, LaidOut, Placement, join, lay_out_chunk


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
    if page numbers moved; and the later chunks kept, if their pages moved)."""
    plan = ChunkPlan(book, html, variant, jobs)
    guessed = usable_record(book, record)  # where the previous build had its parts: None on a first build
    guesses = list[int | None](plan.first_pages(guessed)) if guessed else [None] * len(plan.groups)
    contents_guess = plan.contents_guess(guessed or {})
    placement = Placement(len(plan.groups))
    with _frozen_heap(), ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                                             initializer=join, initargs=(placement,)) as pool:
        submit = _Submitter(pool, cache).submit
        # The front first (its page count places the parts), then every group of parts the cache does not hold
        # at its guessed page, laid out at once, each placed once the groups before it are paginated.
        futures: list[Future] = []
        try:
            front_future = submit(plan.front(contents_guess))
            kept = [_kept_at(cache, plan.parts(group, guess), guess) for group, guess in enumerate(guesses)]
            for group, held in enumerate(kept):
                futures.append(_done(held[0]) if held else pool.submit(lay_out_chunk, plan.parts(group, None)))
            front = front_future.result()
            first_pages: list[int] = []  # where each group was laid out
            first, where = front.pages + 1, dict[str, int]()  # where the next group starts; each target's page
            for group, (held, future) in enumerate(zip(kept, futures)):
                if held:
                    first_pages.append(held[1])
                    pages_count, anchors = held[0].pages, held[0].anchors
                else:
                    placement.tell(group, first)
                    first_pages.append(first)
                    pages_count, anchors = placement.pages(group, future)
                where.update({name: first + index for name, index in anchors.items()})
                first += pages_count
        except BaseException:
            for future in futures:
                future.cancel()  # those not started yet
            raise
        finally:
            placement.release()
        # Every chunk is paginated: the contents, if its numbers were wrong, again now, while the last are written.
        numbered = {name: where.get(name, 0) for name in plan.targets}
        front_again = submit(plan.front(numbered)) if numbered != contents_guess else None

        merged, laid = MergedPDF(), []
        next_first = front.pages + 1
        for group, future in enumerate(futures):
            laid.append(future.result())
            if cache is not None and kept[group] is None:
                _store(cache, plan.parts(group, first_pages[group]).key(), future)
            if len(merged.parts) == group and first_pages[group] == next_first:
                merged.append(laid[-1].pdf)  # placed right, as every chunk before it
            next_first += laid[-1].pages
        _refuse([front, *laid])

        # Where the chunks really start, from their page counts; then where each contents target really is.
        actual_first, pages = placed(front.pages, laid)
        if any(name not in pages for name in plan.targets):
            return None
        right = {name: pages[name] for name in plan.targets}
        if right != numbered:  # the pages the workers reported (it should not happen)
            front_again = submit(plan.front(right)) if right != contents_guess else None

        # The second round: the chunks taken from the cache at a page that proved wrong, again, at the right pages.
        again = {group: submit(plan.parts(group, first))
                 for group, (first, guess) in enumerate(zip(actual_first, first_pages)) if first != guess}
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


def _done(chunk: LaidOut) -> Future:
    done: Future = Future()
    done.set_result(chunk)
    return done


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
            return _done(kept)
        future = self.pool.submit(lay_out_chunk, chunk)
        future.add_done_callback(lambda finished: _store(cache, key, finished))
        return future


def _kept_at(cache: ChunkStore | None, chunk: Chunk, first_page: int | None) -> tuple[LaidOut, int] | None:
    """The chunk as the cache holds it at the page the record guesses, and that page."""
    if cache is None or first_page is None:
        return None
    kept = _kept(cache, chunk.key())
    return None if kept is None else (kept, first_page)


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
