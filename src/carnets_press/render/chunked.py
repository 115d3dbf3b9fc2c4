"""The print edition laid out in chunks, in parallel, with page numbers remembered from the previous build.

Opt-in, and only where it gives the same book as one WeasyPrint pass (render_pdf); see
benchmarks/bench_parallel_pdf.py, strategy "aux", for the measurements behind this design.

The print HTML (render_print_html) is cut at its top-level sections: the front matter with the contents is one
chunk, the body parts (each opens on a recto: `break-before: right`) are cut at part boundaries into groups of
balanced text size, at least one per worker and at most PARTS_PER_CHUNK parts each (a smaller chunk is less to
lay out again after an edit). Each chunk is laid out by WeasyPrint, public API only, in a worker process:

- its page counter starts at the page where the previous build had its first part (`@page :first
  { counter-reset: page N }`); a first build, with no record, first lays every chunk out without writing it,
  in parallel, only to count its pages (three quarters of the work), and takes its record from that;
- the running head of versos (the string `book-title`, set by the title page) is set on its body;
- the contents' page numbers are written in from the previous build (data-page, printed by `attr()`
  instead of `target-counter()`); each contents link is preceded by an empty element with its target's id, so
  that WeasyPrint keeps the link (inside the link, it would make a second link annotation); the merge keeps
  the named destination of the real target, merged first;
- every chunk but the last ends with an empty part, which makes WeasyPrint add the blank verso the book has
  there when the chunk ends on a recto; the empty part's own page is dropped.

Then the guess is checked. A chunk's page count does not depend on the page it starts at (every chunk starts on
a recto; only its folios change), so after the first round the real first page of every chunk is known: the
chunks that started at a wrong page (an earlier part grew or shrank by pages) are laid out again, in parallel,
at the right page; so is the front, if the contents numbers were wrong. Only if that second round does not give
the same pages (it should not happen) does render_pdf_chunked return None, and the caller lays the book out in
one pass (taking its record with page_record): never a wrong book.

Each worker also reads its chunk's pages back with PDFium, for the print QA (the merge copies pages unchanged),
so that the slowest part of the QA is done in parallel too.

The chunk PDFs are merged with pypdf (named destinations, outline, links kept), each as soon as it is known to
be placed right, with the metadata of a one-pass PDF and a deterministic /ID: the same inputs give the same
bytes.

Not for PDF/A or PDF/UA (pypdf drops the structure tree), nor with endnotes (the notes section would need the
pages of every call), nor for fewer than 4 parts (nothing to gain).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import gc
import hashlib
import html as html_module
import io
import itertools
import json
import multiprocessing
import re
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from carnets_press.manuscript.model import Book
from carnets_press.output import write_atomically
from carnets_press.render.resources import package_dir
from carnets_press.render.print_html import render_print_html

RECORD_VERSION = 1
MIN_PARTS = 4
# Parts per chunk, at most, beyond one chunk per process: smaller chunks let an edit re-lay out less.
PARTS_PER_CHUNK = 8
# The front chunk (the contents: leaders, a line per entry) costs about a tenth of the parts' layout (the
# study: 9% of a whole-book pass on the ten-times edition): the worker that lays it out gets that much less.
FRONT_WEIGHT = 0.10
# An empty part closing every chunk but the last (see the module docstring).
SENTINEL = '<section class="part"></section>\n'
FRONT_CSS = '.contents a::after { content: leader(" . ") attr(data-page); }'


# The record ----------------------------------------------------------------------------------------------------

def page_record(book: Book, pdf_bytes: bytes) -> dict:
    """The record of a laid-out PDF (one pass or chunked): the parts' ids, the page count, and the page
    (1-based) of each part and entry, read from the named destinations."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = {name: reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}
    ids = [part.id for part in book.parts] + [entry.id for part in book.parts for entry in part.entries]
    return {"version": RECORD_VERSION, "parts": [part.id for part in book.parts], "pages": len(reader.pages),
            "targets": {name: pages[name] for name in ids if name in pages}}


def _usable_record(book: Book, record: dict | None) -> dict[str, int] | None:
    """The record's pages of the contents targets if it is a record of this book's parts, else None."""
    try:
        if (not isinstance(record, dict) or record.get("version") != RECORD_VERSION
                or record.get("parts") != [part.id for part in book.parts]):
            return None
        targets = {str(name): int(page) for name, page in record["targets"].items()}
        if not all(part.id in targets for part in book.parts):
            return None
        pages = [targets[part.id] for part in book.parts]
        if pages[0] < 1 or any(b <= a for a, b in itertools.pairwise(pages)) or int(record["pages"]) < pages[-1]:
            return None
        return targets
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


# Cutting the print HTML ----------------------------------------------------------------------------------------

@dataclass
class _PrintHTML:
    head: str  # up to and with <body>
    front: str  # half-title, title page, credits, contents
    parts: list[str]  # one <section class="part"> each, in the book's order
    tail: str  # </body></html>
    title: str  # the running head of versos (string-set by the title page)


def _split(text: str, part_ids: list[str]) -> _PrintHTML | None:
    """The document rendered from print_book.html.j2 cut at its top-level sections; None if it is not as expected."""
    body = text.find("<body>")
    end = text.rfind("</body>")
    starts = [match.start() for match in re.finditer(r'^<section class="part[ "]', text, re.MULTILINE)]
    ids = [re.match(r'<section class="[^"]*" id="([^"]*)">', text[start:]) for start in starts]
    title = re.search(r'<h1 class="book-title">(.*?)</h1>', text, re.DOTALL)
    if (body < 0 or end < 0 or title is None or not starts
            or [html_module.unescape(match.group(1)) if match else None for match in ids] != part_ids):
        return None
    body += len("<body>")
    return _PrintHTML(head=text[:body], front=text[body:starts[0]],
                      parts=[text[a:b] for a, b in zip(starts, starts[1:] + [end])], tail=text[end:],
                      title=html_module.unescape(re.sub(r"<[^>]+>", "", title.group(1))).strip())


def _groups(sizes: list[int], count: int, jobs: int) -> list[int]:
    """Where each group of consecutive parts starts (indexes), `count` groups (at most one a part), of equal text.

    With one group per worker, the last group goes to the worker that lays out the front chunk first, so it
    gets FRONT_WEIGHT of the text less. With more groups than workers, the workers take the next chunk as they
    finish one, and equal groups share the work best."""
    count = min(count, len(sizes))
    share = float(sum(sizes)) * ((1 + FRONT_WEIGHT) if count == jobs else 1) / count
    cumulative = [sum(sizes[: index + 1]) for index in range(len(sizes))]  # text up to and with part i
    starts = [0]
    for group in range(1, count):
        # the cut closest to where this group should start, leaving every group a part
        low, high = starts[-1] + 1, len(sizes) - (count - group)
        starts.append(min(range(low, high + 1), key=lambda cut: abs(cumulative[cut - 1] - share * group)))
    return starts


def _numbered_contents(front: str, pages: dict[str, int]) -> str:
    """The front matter with each contents number written in (data-page, printed by FRONT_CSS)."""
    start, end = front.find('<nav class="contents"'), front.find("</nav>")

    def number(match: re.Match) -> str:
        name = html_module.unescape(match.group(1))
        return f'<span id="{match.group(1)}"></span><a href="#{match.group(1)}" data-page="{pages[name]}">'

    return front[:start] + re.sub(r'<a href="#([^"]+)">', number, front[start:end]) + front[end:]


def _contents_targets(front: str) -> list[str]:
    start, end = front.find('<nav class="contents"'), front.find("</nav>")
    return [html_module.unescape(name) for name in re.findall(r'<a href="#([^"]+)">', front[start:end])]


def _parts_css(title: str, first_page: int) -> str:
    quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'body {{ string-set: book-title "{quoted}"; }} @page :first {{ counter-reset: page {first_page}; }}'


# Laying out a chunk, in a worker -------------------------------------------------------------------------------

@dataclass
class _Chunk:
    """What a worker lays out: plain data only (picklable)."""

    html: str
    base_url: str
    stylesheets: list[tuple[str, str]]  # (CSS, base URL): print_stylesheets(book)
    extra_css: str
    roots: list[str]  # the SandboxedFetcher's allowed roots
    drop_last: bool  # the sentinel's page
    targets: list[str]  # the ids whose pages to report
    identifier: bytes


@dataclass
class _LaidOut:
    pdf: bytes
    pages: int
    anchors: dict[str, int]  # the page index (0-based, in the chunk) of each target found
    texts: list[str]  # the text of each page, read back from the PDF
    refused: list[str]  # the URLs the fetcher refused


def lay_out_chunk(chunk: _Chunk) -> _LaidOut:
    """Lay out one chunk as render_pdf does, and read its pages back. A top-level function: it runs in a worker."""
    from carnets_press.pdf_text import page_texts

    from carnets_press.render.pdf import write_pdf

    document, pages, anchors, refused = _paginate(chunk)
    pdf = write_pdf(document.copy(pages), pdf_identifier=chunk.identifier, uncompressed_pdf=False)
    return _LaidOut(pdf, len(pages), anchors, page_texts(pdf), refused)


def count_chunk_pages(chunk: _Chunk) -> _LaidOut:
    """Lay out one chunk only to learn its page count and where its targets fall: no PDF, no text."""
    _, pages, anchors, refused = _paginate(chunk)
    return _LaidOut(b"", len(pages), anchors, [], refused)


def _paginate(chunk: _Chunk):
    """WeasyPrint's layout of a chunk (a Document), its pages without the sentinel's, the page index of each
    target, and the URLs the fetcher refused."""
    from carnets_press.render.pdf import lay_out

    document, refused = lay_out(chunk.html, chunk.base_url, chunk.stylesheets + [(chunk.extra_css, chunk.base_url)],
                                [Path(root) for root in chunk.roots], pdf_identifier=chunk.identifier)
    pages = document.pages[:-1] if chunk.drop_last else document.pages
    wanted, anchors = set(chunk.targets), {}
    for index, page in enumerate(pages):
        for name in page.anchors:
            if name in wanted:
                anchors.setdefault(name, index)
    return document, pages, anchors, refused


def _placed(front_pages: int, chunks: list[_LaidOut]) -> tuple[list[int], dict[str, int]]:
    """Where each parts chunk starts, and the page of every target in them, from the pages each one takes."""
    firsts = list(itertools.accumulate([front_pages + 1] + [chunk.pages for chunk in chunks[:-1]]))
    pages = {name: first + index for chunk, first in zip(chunks, firsts) for name, index in chunk.anchors.items()}
    return firsts, pages


# The coordinator -----------------------------------------------------------------------------------------------

@dataclass
class ChunkedPDF:
    pdf: bytes
    record: dict  # for the next build (page_record's, with the chunks)
    page_texts: list[str]  # the text of every page, read back in the workers, for the print QA


def render_pdf_chunked(book: Book, modified: datetime.datetime, variant: str | None, jobs: int,
                       record: dict | None, chunk_cache: Path | None = None) -> ChunkedPDF | None:
    """The print PDF laid out in chunks by `jobs` processes; or None when chunking does not apply (then lay the
    book out in one pass with render_pdf, and take the record of that PDF with page_record).

    With `chunk_cache`, a chunk whose input (HTML, styles, first page) is that of a chunk laid out before is
    taken from there: after a one-entry edit, only the chunk holding the entry is laid out again (and the
    contents, if page numbers moved; and the later chunks, if their pages moved)."""
    from carnets_press.render.pdf import allowed_roots, pdf_identifier, print_stylesheets

    if (variant is not None or jobs < 2 or book.metadata.print.notes == "endnotes"
            or len(book.parts) < MIN_PARTS):
        return None
    part_ids = [part.id for part in book.parts]
    cut = _split(render_print_html(book, modified), part_ids)
    if cut is None:
        return None
    targets = _contents_targets(cut.front)
    entry_part = {entry.id: part.id for part in book.parts for entry in part.entries}
    group_starts = _groups([len(part) for part in cut.parts], max(jobs, -(-len(cut.parts) // PARTS_PER_CHUNK)), jobs)
    groups = [(start, end) for start, end in zip(group_starts, group_starts[1:] + [len(cut.parts)])]

    identifier = pdf_identifier(book)
    common = {"base_url": book.root.resolve().as_uri() + "/", "stylesheets": print_stylesheets(book),
              "roots": [str(root) for root in allowed_roots(book)], "identifier": identifier}

    def front_chunk(pages: dict[str, int]) -> _Chunk:
        return _Chunk(html=cut.head + _numbered_contents(cut.front, pages) + SENTINEL + cut.tail,
                      extra_css=FRONT_CSS, drop_last=True, targets=[], **common)

    # The merged PDF takes its metadata from the front chunk: the parts' chunks leave out the dates, so that
    # an edit (which changes the book's date) leaves the other chunks as they were, and their cache keys too.
    parts_head = re.sub(r'<meta name="dcterms\.(created|modified)"[^>]*>\n?', "", cut.head)

    def parts_chunk(group: int, first_page: int) -> _Chunk:
        start, end = groups[group]
        return _Chunk(html=parts_head + "".join(cut.parts[start:end]) + ("" if end == len(cut.parts) else SENTINEL)
                      + cut.tail, extra_css=_parts_css(cut.title, first_page), drop_last=end != len(cut.parts),
                      targets=part_ids[start:end] + [entry.id for part in book.parts[start:end] for entry in part.entries],
                      **common)

    cache = _ChunkCache(chunk_cache, _salt(book) if chunk_cache else "")
    with _frozen_heap(), ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        guessed = _usable_record(book, record)
        if guessed is None:
            # A first build: learn where every chunk starts by laying them all out once without writing them
            # (three quarters of the work), in parallel; then lay them out at those pages, as with a record.
            counted = list(pool.map(count_chunk_pages, [front_chunk({name: 1 for name in targets})]
                                    + [parts_chunk(group, 1) for group in range(len(groups))]))
            _refuse(counted)
            guessed = _placed(counted[0].pages, counted[1:])[1]
        first_pages = [guessed[part_ids[start]] for start, _ in groups]
        # A target the record lacks (a new entry): its part's page, corrected below by a second front layout.
        contents_guess = {name: guessed.get(name, guessed.get(entry_part.get(name, ""), 1)) for name in targets}

        # The front first (its page count places the parts); each worker takes the next chunk as it finishes one.
        front_future = cache.submit(pool, front_chunk(contents_guess))
        parts_futures = [cache.submit(pool, parts_chunk(group, first)) for group, first in enumerate(first_pages)]
        merged = _MergedPDF()
        front, laid = front_future.result(), []
        next_first = front.pages + 1
        for group, future in enumerate(parts_futures):
            laid.append(future.result())
            if len(merged.parts) == group and first_pages[group] == next_first:
                merged.append(laid[-1].pdf)  # placed right, as every chunk before it
            next_first += laid[-1].pages
        _refuse([front, *laid])

        # Where the chunks really start, from their page counts; then where each contents target really is.
        actual_first, pages = _placed(front.pages, laid)
        if any(name not in pages for name in targets):
            return None
        right = {name: pages[name] for name in targets}

        # The second round: what was laid out from a wrong guess, again, at the right pages.
        again = {group: cache.submit(pool, parts_chunk(group, first))
                 for group, (first, guess) in enumerate(zip(actual_first, first_pages)) if first != guess}
        front_again = cache.submit(pool, front_chunk(right)) if right != contents_guess else None
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

    cache.keep_only([front_chunk(right), *(parts_chunk(group, first) for group, first in enumerate(actual_first))])
    total = actual_first[-1] + laid[-1].pages - 1
    new_record = {"version": RECORD_VERSION, "parts": part_ids, "pages": total,
                  "targets": {name: pages[name] for name in part_ids + list(entry_part) if name in pages},
                  "front_pages": front.pages,
                  "chunks": [{"parts": part_ids[start:end], "first_page": first, "pages": chunk.pages}
                             for (start, end), first, chunk in zip(groups, actual_first, laid)]}
    for chunk in laid[len(merged.parts):]:
        merged.append(chunk.pdf)
    texts = front.texts + [text for chunk in laid for text in chunk.texts]
    return ChunkedPDF(merged.finish(front.pdf, identifier), new_record, texts)


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


class _ChunkCache:
    """Chunk PDFs laid out before, by the hash of everything that goes into laying one out."""

    def __init__(self, directory: Path | None, salt: str):
        self.directory = directory
        self.salt = salt  # what a chunk's HTML does not show: the tool, WeasyPrint, the images and styles' bytes

    def key(self, chunk: _Chunk) -> str:
        return hashlib.sha256((self.salt + repr(dataclasses.astuple(chunk))).encode()).hexdigest()

    def submit(self, pool: ProcessPoolExecutor, chunk: _Chunk) -> Future:
        if self.directory is None:
            return pool.submit(lay_out_chunk, chunk)
        key = self.key(chunk)
        pdf, facts = self.directory / f"{key}.pdf", self.directory / f"{key}.json"
        kept = self._load(pdf, facts)
        if kept is not None:
            done: Future = Future()
            done.set_result(kept)
            return done
        future = pool.submit(lay_out_chunk, chunk)
        future.add_done_callback(lambda finished: self._store(finished, pdf, facts))
        return future

    @staticmethod
    def _load(pdf: Path, facts: Path) -> _LaidOut | None:
        try:
            count, anchors, texts, digest = json.loads(facts.read_text(encoding="utf-8"))
            data = pdf.read_bytes()
        except (OSError, ValueError, TypeError):  # not there, or written by another version: lay it out
            return None
        if hashlib.sha256(data).hexdigest() != digest:  # damaged since: lay it out
            return None
        return _LaidOut(data, count, anchors, texts, [])

    @staticmethod
    def _store(finished: Future, pdf: Path, facts: Path) -> None:
        if finished.exception() is not None:
            return
        chunk: _LaidOut = finished.result()
        if not chunk.refused:  # a refusal fails the build: nothing to keep
            pdf.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(pdf, chunk.pdf)
            digest = hashlib.sha256(chunk.pdf).hexdigest()
            write_atomically(facts, json.dumps([chunk.pages, chunk.anchors, chunk.texts, digest]).encode())

    def keep_only(self, chunks: list[_Chunk]) -> None:
        """The chunks of this book; those of older versions, or laid out at a wrong page, are not needed again."""
        if self.directory is None or not self.directory.is_dir():
            return
        keys = {self.key(chunk) for chunk in chunks}
        for path in self.directory.iterdir():
            if path.stem not in keys:
                path.unlink(missing_ok=True)


def _salt(book: Book) -> str:
    """A digest of what a chunk's layout depends on besides its HTML: the versions, and every file of the
    manuscript that is not text (an image, a stylesheet) — a text edit then leaves the other chunks' keys alone."""
    import weasyprint

    from carnets_press import __version__
    from carnets_press.cache import file_sha256

    assets = sorted(path for path in book.root.rglob("*") if path.is_file() and path.suffix not in (".md", ".toml"))
    listing = [f"{path.relative_to(book.root)}:{file_sha256(path)}" for path in assets]
    for directory in (package_dir("fonts"), package_dir("styles")):
        listing += [f"{path.name}:{file_sha256(path)}" for path in sorted(directory.iterdir()) if path.is_file()]
    return "\n".join([__version__, weasyprint.__version__, *listing])


def _refuse(results: list[_LaidOut]) -> None:
    from carnets_press.render.pdf import refuse

    refuse([url for result in results for url in result.refused])


class _MergedPDF:
    """The chunk PDFs as one: the parts appended in order, as soon as each is known to be placed right (while
    the workers lay out the next ones), then the front inserted before them (so that the contents links find
    the named destinations of the parts, merged first), with the front's metadata."""

    def __init__(self) -> None:
        from pypdf import PdfWriter

        self.writer = PdfWriter()
        self.parts: list[bytes] = []

    def append(self, part: bytes) -> None:
        from pypdf import PdfReader

        self.writer.append(PdfReader(io.BytesIO(part)))
        self.parts.append(part)

    def finish(self, front: bytes, identifier: bytes) -> bytes:
        from pypdf import PdfReader
        from pypdf.generic import ArrayObject, ByteStringObject, NameObject

        writer = self.writer
        front_reader = PdfReader(io.BytesIO(front))
        writer.merge(0, front_reader)
        writer.add_metadata(dict(front_reader.metadata or {}))
        catalog = front_reader.trailer["/Root"]
        if "/Lang" in catalog:
            writer.root_object[NameObject("/Lang")] = catalog["/Lang"].clone(writer)
        # As WeasyPrint's: the book's identifier, then a digest of this version (here, of the chunks).
        digest = hashlib.sha256(b"".join([front, *self.parts])).hexdigest()[:32].encode()
        writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(digest)])  # pypdf has no setter
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
