"""The chunk plan: whether the book is laid out in chunks, where it is cut, and what each chunk is.

The print HTML's pieces (document.py) make the chunks: the front matter with the contents is one chunk; the
parts (each opens on a recto: `break-before: right`) are cut at part boundaries into groups of balanced text
size, at least one per worker and at most PARTS_PER_CHUNK parts each (a smaller chunk is less to lay out again
after an edit). In each chunk:

- its page counter starts at its first page: the page where the previous build had its first part (`@page :first
  { counter-reset: page N }`), for a chunk the chunk cache may hold; or, for a chunk laid out now, the page its
  worker is told once the chunk is paginated (folios.py), which the chunks before it have placed by then;
- the running head of versos (the string `book-title`, set by the title page) is set on its body;
- the contents' page numbers are written in (data-page, printed by `attr()` instead of `target-counter()`);
  each contents link is preceded by an empty element with its target's id, so that WeasyPrint keeps the link
  (inside the link, it would make a second link annotation); the merge keeps the named destination of the real
  target, merged first;
- every chunk but the last ends with an empty part, which makes WeasyPrint add the blank verso the book has
  there when the chunk ends on a recto; the empty part's own page is dropped;
- the parts' chunks have no dates in their head (the merged PDF takes its metadata from the front chunk), so
  that an edit, which changes the book's date, leaves the other chunks, and their cache keys, as they were.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

from carnets_press.manuscript.model import Book
from carnets_press.render.print.document import PrintHTML
from carnets_press.render.print.fetcher import allowed_roots
from carnets_press.render.print.layout import base_url, pdf_identifier
from carnets_press.render.print.styles import print_stylesheets
from carnets_press.render.print.variants import Variant
from carnets_press.render.print.worker import Chunk, LaidOut

MIN_PARTS = 4
# Parts per chunk, at most, beyond one chunk per process: smaller chunks let an edit re-lay out less.
PARTS_PER_CHUNK = 8
# The front chunk (the contents: leaders, a line per entry) costs about a tenth of the parts' layout (the
# study: 9% of a whole-book pass on the ten-times edition): the worker that lays it out gets that much less.
FRONT_WEIGHT = 0.10
# The last groups' text, as a share of the others' (groups): on the ten-times edition with 2 workers, equal groups
# left one worker idle for 2.2 s of 19 while the other laid out the last chunk.
TAIL_WEIGHT = 0.5
# An empty part closing every chunk but the last (see the module docstring).
SENTINEL = '<section class="part"></section>\n'
# The contents' page numbers, known before the parts are laid out in a chunked build: styles/print.css's rule for
# `.contents a::after`, its target-counter() given as data (the chunk holds no target). Keep the two alike.
FRONT_CSS = r".contents a::after { content: leader('\2003') attr(data-page); }"
# A manuscript's stylesheet that reads or sets the page counter itself: a chunk's folios are numbered once it is
# paginated (folios.py), and only in its margin boxes; a page number in the text (target-counter), in a string
# or bookmark label, or a page counter reset or set within a part, would be the chunk's own. Such a book is laid
# out in one pass (its own folios in margin boxes too, to be safe). A declaration's value is read 200 characters
# far at most: unbounded, a stylesheet of "counter-reset:" repeated took 30 s to search (300 KB).
PAGE_COUNTER = re.compile(r"target-counters?\s*\(|counters?\s*\(\s*pages?\b"
                          r"|counter-(?:reset|set|increment)\s*:[^;}]{0,200}?\bpages?\b", re.IGNORECASE)


def chunking_applies(book: Book, variant: Variant, processes: int) -> bool:
    """Whether the book is laid out in chunks: the one place that decides. Only where chunks give the same
    book as one pass: a variant that can be merged (variants.py), footnotes (endnotes would need the pages of
    every call), 4 parts or more (nothing to gain below), 2 processes or more, a WeasyPrint whose folios can wait
    for the chunk's first page (folios.py), and no page number read where the wait does not reach (PAGE_COUNTER
    in the manuscript's styles/print.css)."""
    from carnets_press.render.print import folios

    return (processes >= 2 and variant.chunkable and book.metadata.print.notes != "endnotes"
            and len(book.parts) >= MIN_PARTS and folios.available()
            and not PAGE_COUNTER.search(book.styles.print or ""))


def groups(sizes: list[int], count: int, jobs: int) -> list[int]:
    """Where each group of consecutive parts starts (indexes), `count` groups (at most one a part), of equal text
    but for the last ones. With one group per worker, the last group goes to the worker that lays out the front
    chunk first, so it gets FRONT_WEIGHT of the text less. With more groups than workers, the workers take the next
    chunk as they finish one: the last `jobs` groups have TAIL_WEIGHT of the text of the others, so that the workers
    finish within a small chunk of each other, not a whole one."""
    count = min(count, len(sizes))
    if count == jobs:
        weights = [1 + FRONT_WEIGHT] * (count - 1) + [1 + FRONT_WEIGHT - count * FRONT_WEIGHT]
    else:
        weights = [1.0] * (count - min(jobs, count - 1)) + [TAIL_WEIGHT] * min(jobs, count - 1)
    wanted = list(itertools.accumulate(weight * sum(sizes) / sum(weights) for weight in weights))
    cumulative = list(itertools.accumulate(sizes))  # text up to and with part i
    starts = [0]
    for group in range(1, count):
        # the cut closest to where this group should start, leaving every group a part
        low, high = starts[-1] + 1, len(sizes) - (count - group)
        starts.append(min(range(low, high + 1), key=lambda cut: abs(cumulative[cut - 1] - wanted[group - 1])))
    return starts


class ChunkPlan:
    """The chunks of one book for `jobs` workers: the front, and the groups of parts."""

    def __init__(self, book: Book, html: PrintHTML, variant: Variant, jobs: int):
        self.book, self.html = book, html
        self.part_ids = [part.id for part in book.parts]
        self.targets = html.contents_targets()
        self.entry_part = {entry.id: part.id for part in book.parts for entry in part.entries}
        parts = html.parts
        starts = groups([len(part) for part in parts], max(jobs, -(-len(parts) // PARTS_PER_CHUNK)), jobs)
        self.groups = list(zip(starts, starts[1:] + [len(parts)]))
        self.identifier = pdf_identifier(book)
        # What every chunk shares (a chunk with no HTML yet).
        self._common = Chunk(html="", base_url=base_url(book), stylesheets=print_stylesheets(book), extra_css="",
                             roots=[str(root) for root in allowed_roots(book)], drop_last=False, targets=[],
                             identifier=self.identifier, variant=variant.name,
                             breaking=book.metadata.print.line_breaking)
        self._parts_head = html.head(dated=False)

    def front(self, pages: dict[str, int]) -> Chunk:
        """The front matter, its contents numbered with `pages` (a page for every target)."""
        html = self.html
        return dataclasses.replace(self._common, html=html.head() + html.front(pages) + SENTINEL + html.tail,
                                   extra_css=FRONT_CSS, drop_last=True)

    def parts(self, group: int, first_page: int | None) -> Chunk:
        """A group of parts, its first page numbered `first_page`; or, if None, the page its worker is told once
        the group is paginated (worker.Placement)."""
        start, end = self.groups[group]
        last = end == len(self.html.parts)
        html = self._parts_head + "".join(self.html.parts[start:end]) + (self.html.back if last else SENTINEL)
        targets = self.part_ids[start:end] + [entry.id for part in self.book.parts[start:end] for entry in part.entries]
        return dataclasses.replace(self._common, html=html + self.html.tail,
                                   extra_css=_parts_css(self.html.title, first_page), drop_last=not last,
                                   targets=targets, placed_by=group if first_page is None else None)

    def first_pages(self, pages: dict[str, int]) -> list[int]:
        """Where each group starts, by the pages of its first part."""
        return [pages[self.part_ids[start]] for start, _ in self.groups]

    def contents_guess(self, pages: dict[str, int]) -> dict[str, int]:
        """A page for every contents target: its own, or its part's if `pages` lacks it (a new entry)."""
        return {name: pages.get(name, pages.get(self.entry_part.get(name, ""), 1)) for name in self.targets}


def placed(front_pages: int, chunks: list[LaidOut]) -> tuple[list[int], dict[str, int]]:
    """Where each parts chunk starts, and the page of every target in them, from the pages each one takes."""
    firsts = list(itertools.accumulate([front_pages + 1] + [chunk.pages for chunk in chunks[:-1]]))
    pages = {name: first + index for chunk, first in zip(chunks, firsts) for name, index in chunk.anchors.items()}
    return firsts, pages


def _parts_css(title: str, first_page: int | None) -> str:
    quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    counter = "" if first_page is None else f" @page :first {{ counter-reset: page {first_page}; }}"
    return f'body {{ string-set: book-title "{quoted}"; }}{counter}'
