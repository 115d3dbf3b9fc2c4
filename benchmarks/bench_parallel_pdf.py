"""Can the ten-times edition be laid out faster in chunks, in parallel, and still be the same book?

The print HTML is cut at part boundaries (a part always opens on a recto, `break-before: right`): the front
matter with the contents is one chunk, the parts make two chunks. Each chunk is laid out by WeasyPrint in its
own process (a pool of 2 workers), its page counter starting where the chunk starts in the book
(`@page :first { counter-reset: page N }`), and the chunk PDFs are merged with pypdf. The difficulty: where
a chunk starts, and the page numbers the contents prints, are known only once the chunks before it (and,
for the contents, all of them) are laid out. The strategies measured:

- two-pass: public API only. Lay out every chunk once to learn its page count and where its headings fall
  (no PDF written), then lay them all out again with the right first page and contents numbers.
- deferred folios: WeasyPrint internals. A chunk is paginated without knowing its first page: the margin
  boxes (folios, running heads) are made after the whole chunk is paginated, so we wrap
  `weasyprint.layout.make_margin_boxes` to shift the page counter, and wait there for the page count of
  the chunk before, which its worker reports as soon as it is paginated. The contents is laid out last,
  with the numbers written in; its page count is learnt first from a quick layout with placeholder numbers.
- aux: public API, as LaTeX does with its .aux file: first pages and contents numbers taken from the
  previous build (here: the baseline's PDF, so the guess is right), every chunk laid out at once, then
  checked; a chunk laid out with a wrong guess is laid out again.
- aux, stale: the same with a previous build whose part 10 had two pages fewer: a miss, and its price.
- deferred folios + aux: folios deferred (always right), contents numbers from the previous build: every chunk
  starts at once, and a stale guess costs one more layout of the front chunk only.

"equal" cuts the parts into two groups of equal text; "balanced" moves the cut so that the worker that also
lays out the front chunk gets less of the parts (see SHARES).

Each strategy, like the baseline (one WeasyPrint pass over the whole book), runs in a fresh process timed from
before its imports, as in bench_pdf.py. The merged PDF is then compared with the baseline's: page count,
folios (the figures in the top and bottom margins, read with PDFium), the whole text of every page, named
destinations, outline, links, embedded font programs and size. Peak memory is each process's maximum resident
size; "all processes" adds the workers' and the coordinator's peaks (an upper bound: they need not peak at
once, and the forked workers share the coordinator's pages of the imported modules).

    python benchmarks/bench_parallel_pdf.py        # about 9 minutes on 2 cores
"""

# The imports follow STARTED on purpose: a --run process is timed from before its imports.
# ruff: noqa: E402

from __future__ import annotations

import time

STARTED = time.perf_counter()  # a --run process is timed from here, before its imports

import argparse
import contextlib
import html as html_module
import io
import json
import multiprocessing
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

WORKERS = 2
RUNS = 2
# The first group of parts' share of the text. The front chunk (contents: leaders, ~12,000 text boxes) costs
# about 9% of a whole-book pass. aux: one worker lays out the front chunk then takes the second group, so the
# first gets more; deferred: the first group's worker also counts the front chunk before it and lays it out
# after it, while the second group's PDF is written, so the first gets less.
SHARES = {"equal": 0.5, "balanced aux": 0.55, "balanced deferred": 0.44}
STRATEGIES = {
    "two-pass, equal": ("two-pass", "equal"),
    "deferred folios, equal": ("deferred", "equal"),
    "deferred folios, balanced": ("deferred", "balanced deferred"),
    "aux, equal": ("aux", "equal"),
    "aux, balanced": ("aux", "balanced aux"),
    "aux stale, balanced": ("aux stale", "balanced aux"),
    "deferred folios + aux, balanced": ("deferred aux", "balanced aux"),
    "deferred folios + aux stale, balanced": ("deferred aux stale", "balanced aux"),
}
# An empty part closes every chunk but the last: WeasyPrint then adds the blank verso the book has before the
# next part (if this chunk ends on a recto), and we drop the empty part's own page.
SENTINEL = '<section class="part"></section>\n'
PLACEHOLDER_PAGE = 999  # contents numbers in the layout that only counts the front chunk's pages


# Cutting the print HTML -----------------------------------------------------------------------------------------

@dataclass
class PrintHTML:
    """The print HTML in the pieces a chunk is made of."""

    head: str  # up to and with <body>
    front: str  # half-title, title page, credits, contents
    parts: list[str]  # one <section class="part"> each
    tail: str  # </body></html>
    title: str  # the book title, which the title page sets as the running head of versos (string-set)


def split_print_html(text: str) -> PrintHTML:
    """Cut the document rendered from print_book.html.j2 at its top-level sections."""
    body = text.index("<body>") + len("<body>")
    starts = [match.start() for match in re.finditer(r'^<section class="part', text, re.MULTILINE)]
    end = text.index("</body>")
    title = re.search(r'<h1 class="book-title">(.*?)</h1>', text, re.DOTALL).group(1)
    return PrintHTML(head=text[:body], front=text[body:starts[0]],
                     parts=[text[a:b] for a, b in zip(starts, starts[1:] + [end])], tail=text[end:],
                     title=html_module.unescape(re.sub(r"<[^>]+>", "", title)).strip())


def cut_parts(parts: list[str], share: float) -> tuple[str, str]:
    """Two groups of consecutive parts, the first with about `share` of the text."""
    total, running = sum(map(len, parts)), 0
    for index, part in enumerate(parts):
        running += len(part)
        if running >= share * total:
            return "".join(parts[: index + 1]), "".join(parts[index + 1:])
    raise ValueError("nothing left for the second group")


def contents_targets(front: str) -> list[str]:
    """The ids the contents links to (parts and entries), in order."""
    return re.findall(r'<a href="#([^"]+)">', front)


def numbered_contents(front: str, pages: dict[str, int]) -> str:
    """The front chunk with each contents number written in (data-page, printed by FRONT_CSS).

    Each link also gets an empty element with its target's id, so that WeasyPrint keeps the link (it drops
    links to missing anchors); the merge keeps the named destination of the real target, laid out elsewhere.
    """
    return re.sub(r'<a href="#([^"]+)">',
                  lambda m: f'<a href="#{m[1]}" data-page="{pages[m[1]]}"><span id="{m[1]}"></span>', front)


FRONT_CSS = '.contents a::after { content: leader(" . ") attr(data-page); }'


def parts_css(title: str, first_page: int | None) -> str:
    """A chunk of parts: the running head of versos, and the page counter's start."""
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    css = f'body {{ string-set: book-title "{quoted}"; }}'
    if first_page is not None:
        css += f" @page :first {{ counter-reset: page {first_page}; }}"
    return css


# Laying out a chunk, in a worker --------------------------------------------------------------------------------

@dataclass
class Job:
    """One chunk for a worker."""

    name: str
    html: str
    css: str
    first_page: int | None  # None: waited for while paginating (deferred folios)
    write: bool = True  # False: paginate only, to learn the page count and anchors
    sentinel: bool = True
    publish: bool = False  # report page count and anchors on the facts queue as soon as paginated


@dataclass
class Laid:
    """What a worker hands back: the chunk's pages, where its anchors fell, its PDF."""

    name: str
    first_page: int
    pages: int
    anchors: dict[str, int]  # id -> page index in the chunk
    pdf: bytes | None
    worker: int
    started: float  # seconds since STARTED
    paginated: float
    ended: float
    max_rss_mb: float


_CHANNELS: dict = {}


def init_worker(facts, starts) -> None:
    """Pool initializer: keep the queues shared with the coordinating process."""
    _CHANNELS.update(facts=facts, starts=starts)


@contextlib.contextmanager
def deferred_folios(chunk: str):
    """Make the margin boxes with the page counter shifted to the chunk's first page, asked for on the queue.

    WeasyPrint makes all margin boxes after paginating the whole document (layout_document), from each
    page's counter state: we wrap weasyprint.layout.make_margin_boxes (internal API, WeasyPrint 70).
    """
    from weasyprint import layout

    original, shift = layout.make_margin_boxes, []

    def shifted(context, page, state):
        if not shift:
            shift.append(_CHANNELS["starts"][chunk].get() - 1)
        quote_depth, counters, scopes, groups = state
        counters = {**counters, "page": [value + shift[0] for value in counters.get("page", [0])]}
        return original(context, page, (quote_depth, counters, scopes, groups))

    layout.make_margin_boxes = shifted
    try:
        yield shift
    finally:
        layout.make_margin_boxes = original


def lay_out(job: Job) -> Laid:
    """Lay out one chunk with WeasyPrint, as bench_pdf.py's bare pass does (runs in a worker)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter() - STARTED
    work = Path(_CHANNELS["work"])
    fonts = FontConfiguration()
    sheets = [weasyprint.CSS(filename=str(path), font_config=fonts) for path in sorted(work.glob("*.css"))]
    sheets.append(weasyprint.CSS(string=job.css, font_config=fonts))
    deferred = deferred_folios(job.name) if job.first_page is None else contextlib.nullcontext([job.first_page - 1])
    with deferred as shift:
        document = weasyprint.HTML(string=job.html, base_url=work.as_uri() + "/").render(
            stylesheets=sheets, font_config=fonts)
    pages = document.pages[:-1] if job.sentinel else document.pages
    anchors: dict[str, int] = {}
    for index, page in enumerate(pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    paginated = time.perf_counter() - STARTED
    if job.publish:
        _CHANNELS["facts"].put((job.name, shift[0] + 1, len(pages), anchors))
    pdf = document.copy(pages).write_pdf() if job.write else None
    return Laid(job.name, shift[0] + 1, len(pages), anchors, pdf, os.getpid(), started, paginated,
                time.perf_counter() - STARTED, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


# The strategies, in the coordinating process --------------------------------------------------------------------

class Pool:
    """A ProcessPoolExecutor of WORKERS forked processes, with the queues of the deferred strategy."""

    def __init__(self, work: Path, chunk_names: list[str]):
        context = multiprocessing.get_context("fork")
        self.facts = context.Queue()
        self.starts = {name: context.Queue() for name in chunk_names}
        _CHANNELS["work"] = str(work)  # inherited by the forked workers
        self.executor = ProcessPoolExecutor(WORKERS, mp_context=context, initializer=init_worker,
                                            initargs=(self.facts, self.starts))

    def submit(self, job: Job):
        return self.executor.submit(lay_out, job)


def front_job(book: PrintHTML, pages: dict[str, int], **options) -> Job:
    """The front matter and contents, with the given contents numbers."""
    return Job("front", book.head + numbered_contents(book.front, pages) + SENTINEL + book.tail, FRONT_CSS,
               first_page=1, **options)


def parts_job(book: PrintHTML, name: str, body: str, first_page: int | None, last: bool, **options) -> Job:
    """A group of parts, starting on first_page (None: deferred)."""
    return Job(name, book.head + body + ("" if last else SENTINEL) + book.tail, parts_css(book.title, first_page),
               first_page=first_page, sentinel=not last, **options)


def contents_pages(chunks: list[Laid], targets: list[str]) -> dict[str, int]:
    """The book page of each contents target, from the chunks' anchors."""
    pages = {name: chunk.first_page + index for chunk in chunks for name, index in chunk.anchors.items()}
    return {target: pages[target] for target in targets}


class Merger:
    """The chunk PDFs merged with pypdf as they come: the parts appended in order, then the front chunk
    inserted before them (so that its contents links find the named destinations they point to)."""

    def __init__(self):
        from pypdf import PdfWriter

        self.writer = PdfWriter()
        self.seconds = 0.0

    def add(self, chunk: Laid) -> None:
        from pypdf import PdfReader

        started = time.perf_counter()
        reader = PdfReader(io.BytesIO(chunk.pdf))
        self.writer.merge(0 if chunk.name == "front" else None, reader)
        if chunk.name == "front":
            self.writer.add_metadata(reader.metadata or {})
        self.seconds += time.perf_counter() - started

    def write(self, path: Path) -> None:
        started = time.perf_counter()
        with path.open("wb") as out:
            self.writer.write(out)
        self.seconds += time.perf_counter() - started


def run_two_pass(book: PrintHTML, pool: Pool, merger: Merger, groups: tuple[str, str]) -> list[Laid]:
    """Paginate every chunk (first pages unknown), then lay them all out again, right."""
    targets = contents_targets(book.front)
    counted = [pool.submit(front_job(book, dict.fromkeys(targets, PLACEHOLDER_PAGE), write=False)),
               pool.submit(parts_job(book, "parts 1", groups[0], 1, last=False, write=False)),
               pool.submit(parts_job(book, "parts 2", groups[1], 1, last=True, write=False))]
    front, first, second = [future.result() for future in counted]
    first.first_page = front.pages + 1
    second.first_page = first.first_page + first.pages
    final = [pool.submit(parts_job(book, "parts 1", groups[0], first.first_page, last=False)),
             pool.submit(parts_job(book, "parts 2", groups[1], second.first_page, last=True)),
             pool.submit(front_job(book, contents_pages([first, second], targets)))]
    return [front, first, second] + merged_in_order(merger, final)


def run_deferred(book: PrintHTML, pool: Pool, merger: Merger, groups: tuple[str, str]) -> list[Laid]:
    """The second group starts at once, its folios deferred; the first starts after the front chunk is counted."""
    targets = contents_targets(book.front)
    count = pool.submit(front_job(book, dict.fromkeys(targets, PLACEHOLDER_PAGE), write=False))
    second = pool.submit(parts_job(book, "parts 2", groups[1], None, last=True, publish=True))
    front_pages = count.result().pages
    first = pool.submit(parts_job(book, "parts 1", groups[0], front_pages + 1, last=False, publish=True))
    facts = {}
    while len(facts) < 2:  # both groups paginated
        name, first_page, pages, anchors = pool.facts.get()
        facts[name] = Laid(name, first_page, pages, anchors, None, 0, 0, 0, 0, 0)
        if name == "parts 1":
            pool.starts["parts 2"].put(first_page + pages)
    front = pool.submit(front_job(book, contents_pages(list(facts.values()), targets)))
    laid = [count.result()] + merged_in_order(merger, [first, second, front])
    if laid[-1].pages != front_pages:
        raise RuntimeError(f"the contents took {laid[-1].pages} pages, not {front_pages}: lay out again")
    return laid


def run_aux(book: PrintHTML, pool: Pool, merger: Merger, groups: tuple[str, str], aux: dict[str, int]) -> list[Laid]:
    """Everything at once with the previous build's page numbers; then what was wrong, again."""
    targets = contents_targets(book.front)
    first_ids = [re.search(r'id="([^"]+)"', group).group(1) for group in groups]
    jobs = [front_job(book, {target: aux[target] for target in targets}),
            parts_job(book, "parts 1", groups[0], aux[first_ids[0]], last=False),
            parts_job(book, "parts 2", groups[1], aux[first_ids[1]], last=True)]
    front, first, second = [future.result() for future in [pool.submit(job) for job in jobs]]
    first_pages = front.pages + 1, front.pages + first.pages + 1
    redo = {}
    if first.first_page != first_pages[0]:
        redo["parts 1"] = parts_job(book, "parts 1", groups[0], first_pages[0], last=False)
    if second.first_page != first_pages[1]:
        redo["parts 2"] = parts_job(book, "parts 2", groups[1], first_pages[1], last=True)
    first.first_page, second.first_page = first_pages
    right = contents_pages([first, second], targets)
    if any(right[target] != aux[target] for target in targets):
        redo["front"] = front_job(book, right)
    final = {chunk.name: chunk for chunk in (first, second, front)}
    final.update({name: pool.submit(job) for name, job in redo.items()})
    return [chunk for chunk in (front, first, second) if chunk.name in redo] + merged_in_order(
        merger, [final["parts 1"], final["parts 2"], final["front"]])


def run_deferred_aux(book: PrintHTML, pool: Pool, merger: Merger, groups: tuple[str, str],
                     aux: dict[str, int]) -> list[Laid]:
    """Folios deferred (always right), contents numbers from the previous build (checked): everything starts at
    once, and a wrong guess costs one more layout of the front chunk only."""
    targets = contents_targets(book.front)
    front = pool.submit(front_job(book, {target: aux[target] for target in targets}, publish=True))
    first = pool.submit(parts_job(book, "parts 1", groups[0], None, last=False, publish=True))
    second = pool.submit(parts_job(book, "parts 2", groups[1], None, last=True, publish=True))
    facts = chain_first_pages(pool, ["front", "parts 1", "parts 2"])
    right = contents_pages([facts["parts 1"], facts["parts 2"]], targets)
    laid = merged_in_order(merger, [first, second])
    if any(right[target] != aux[target] for target in targets):
        laid.append(front.result())  # discarded
        front = pool.submit(front_job(book, right))
    laid += merged_in_order(merger, [front])
    if laid[-1].pages != facts["front"].pages:
        raise RuntimeError(f"the contents took {laid[-1].pages} pages, not {facts['front'].pages}: lay out again")
    return laid


def chain_first_pages(pool: Pool, order: list[str]) -> dict[str, Laid]:
    """As each chunk is paginated, tell the next (waiting in deferred_folios) its first page; their facts."""
    facts = {}
    while len(facts) < len(order):
        name, first_page, pages, anchors = pool.facts.get()
        facts[name] = Laid(name, first_page, pages, anchors, None, 0, 0, 0, 0, 0)
        following = order.index(name) + 1
        if following < len(order):
            pool.starts[order[following]].put(first_page + pages)
    return facts


def merged_in_order(merger: Merger, chunks: list) -> list[Laid]:
    """Wait for each final chunk (a Future or a Laid) in turn and merge it; the chunks."""
    done = []
    for chunk in chunks:
        chunk = chunk.result() if hasattr(chunk, "result") else chunk
        merger.add(chunk)
        done.append(chunk)
    return done


def run_strategy(label: str, work: Path, out: Path) -> dict:
    """One strategy, in this (fresh) process: the merged PDF written to out, timings and memory returned."""
    import pypdf  # noqa: F401  (both stacks loaded, as the pipeline would)
    import weasyprint  # noqa: F401  (before forking: the workers inherit it)

    strategy, cut = STRATEGIES[label]
    book = split_print_html((work / "book.html").read_text(encoding="utf-8"))
    groups = cut_parts(book.parts, SHARES[cut])
    pool, merger = Pool(work, ["front", "parts 1", "parts 2"]), Merger()
    if strategy == "two-pass":
        laid = run_two_pass(book, pool, merger, groups)
    elif strategy == "deferred":
        laid = run_deferred(book, pool, merger, groups)
    else:
        aux = json.loads((work / ("aux-stale.json" if strategy.endswith("stale") else "aux.json")).read_text())
        run = run_deferred_aux if strategy.startswith("deferred") else run_aux
        laid = run(book, pool, merger, groups, aux)
    chunks_done = max(chunk.ended for chunk in laid)
    merger.write(out)
    seconds = time.perf_counter() - STARTED
    pool.executor.shutdown()  # after the clock, as the baseline's own exit is
    shutdown = time.perf_counter() - STARTED - seconds
    workers = {pid: index + 1 for index, pid in enumerate(dict.fromkeys(chunk.worker for chunk in laid))}
    return {"seconds": seconds, "after_last_chunk": seconds - chunks_done, "merge_seconds": merger.seconds,
            "shutdown_seconds": shutdown,
            "max_rss_mb": max(chunk.max_rss_mb for chunk in laid),
            "workers_rss_mb": sum(max(c.max_rss_mb for c in laid if c.worker == pid) for pid in workers),
            "parent_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "cut": [len(group) for group in groups],
            "timeline": [{"name": chunk.name + _role(chunk, laid[index + 1:]), "worker": workers[chunk.worker],
                          "started": chunk.started, "paginated": chunk.paginated, "ended": chunk.ended,
                          "pages": chunk.pages, "first_page": chunk.first_page} for index, chunk in enumerate(laid)]}


def _role(chunk: Laid, later: list[Laid]) -> str:
    """How a layout was used: merged, only counted, or thrown away for a wrong guess."""
    if chunk.pdf is None:
        return " (paginate only)"
    return " (discarded)" if any(other.name == chunk.name and other.pdf for other in later) else ""


def run_baseline(work: Path, out: Path) -> dict:
    """One WeasyPrint pass over the whole book, in this (fresh) process, as bench_pdf.py's bare contestant."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    sheets = [weasyprint.CSS(filename=str(path), font_config=fonts) for path in sorted(work.glob("*.css"))]
    weasyprint.HTML(filename=str(work / "book.html")).write_pdf(out, stylesheets=sheets, font_config=fonts)
    return {"seconds": time.perf_counter() - STARTED,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# Comparing with the baseline ------------------------------------------------------------------------------------

@dataclass
class PdfFacts:
    """What we compare: the text of every page and of its margins, and the PDF's structure."""

    size: int
    heads: list[str]  # text in the top margin (folio and running head)
    feet: list[str]  # text in the bottom margin (folio of a part opening)
    texts: list[str]
    destinations: dict[str, int] = field(default_factory=dict)
    outline: list[tuple[int, str, int]] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # (page, target page)
    font_programs: int = 0
    font_bytes: int = 0

    def folios(self) -> list[str]:
        """Each page's folio: first in the head of a verso, last in the head of a recto (after the running head,
        which may hold a date), or alone at the foot of a part opening; '' for none."""
        folios = []
        for number, (head, foot) in enumerate(zip(self.heads, self.feet), start=1):
            match = re.match(r"(\d+)\s", head + " ") if number % 2 == 0 else re.search(r"\s(\d+)$", " " + head)
            folios.append(match.group(1) if match else foot if foot.isdigit() else "")
        return folios


def margins_pt(work: Path) -> tuple[float, float]:
    """Top and bottom page margins in points, from the generated page rule."""
    top, _, bottom, _ = re.search(r"margin: ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm",
                                  (work / "0.css").read_text()).groups()
    return float(top) * 72 / 25.4, float(bottom) * 72 / 25.4


def read_pdf(path: Path, margins: tuple[float, float]) -> PdfFacts:
    """Page and margin text with PDFium; destinations, outline, links and fonts with pypdf."""
    import pypdfium2
    from pypdf import PdfReader

    top, bottom = margins
    document = pypdfium2.PdfDocument(str(path))
    facts = PdfFacts(size=path.stat().st_size, heads=[], feet=[], texts=[])
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        facts.heads.append(text.get_text_bounded(0, height - top * 0.9, width, height).strip())
        facts.feet.append(text.get_text_bounded(0, 0, width, bottom * 0.8).strip())
        facts.texts.append(text.get_text_range())
    document.close()
    reader = PdfReader(str(path))
    facts.destinations = {name: reader.get_destination_page_number(dest)
                          for name, dest in reader.named_destinations.items()}
    facts.outline = list(_flat_outline(reader, reader.outline, 1))
    fonts = {}
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            target = annotation.get("/Dest")
            if annotation.get("/Subtype") == "/Link" and target is not None:
                page_of = (facts.destinations.get(str(target)) if isinstance(target, str)
                           else reader.get_page_number(target[0]))
                facts.links.append((number, page_of))
        for font in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if descriptor is not None and key in descriptor.get_object():
                    program = descriptor.get_object().raw_get(key)
                    fonts[program.idnum] = len(program.get_object().get_data())
    facts.font_programs, facts.font_bytes = len(fonts), sum(fonts.values())
    return facts


def _flat_outline(reader, items, level):
    """(level, title, page) of every outline item, in order."""
    for item in items:
        if isinstance(item, list):
            yield from _flat_outline(reader, item, level + 1)
        else:
            yield level, item.title, reader.get_destination_page_number(item)


def compare(baseline: PdfFacts, merged: PdfFacts) -> dict:
    """Counts of what is the same as in the baseline."""
    pages = min(len(baseline.texts), len(merged.texts))
    same_dests = sum(1 for name, page in baseline.destinations.items() if merged.destinations.get(name) == page)
    return {
        "pages": len(merged.texts),
        "folios": sum(a == b for a, b in zip(baseline.folios()[:pages], merged.folios()[:pages])),
        "margins": sum(a == b for a, b in zip(zip(baseline.heads, baseline.feet), zip(merged.heads, merged.feet))),
        "texts": sum(a == b for a, b in zip(baseline.texts, merged.texts)),
        "destinations": f"{same_dests}/{len(baseline.destinations)}" + (
            f" (+{len(merged.destinations) - same_dests})" if len(merged.destinations) > same_dests else ""),
        "outline": "same" if baseline.outline == merged.outline else f"{len(merged.outline)} items, differs",
        "links": f"{len(set(merged.links) & set(baseline.links))}/{len(set(baseline.links))} "
                 f"({len(merged.links)} annotations)",
        "fonts": f"{merged.font_programs} ({merged.font_bytes / 1024:.0f} KB)",
        "size": merged.size,
        "first_difference": next((index + 1 for index, (a, b) in enumerate(zip(baseline.texts, merged.texts))
                                  if a != b), None),
    }


def anchors_of(facts: PdfFacts) -> dict[str, int]:
    """The previous build's record (aux): every named destination's page number (1-based)."""
    return {name: page + 1 for name, page in facts.destinations.items()}


def stale(aux: dict[str, int], book: PrintHTML) -> dict[str, int]:
    """The record of a previous build whose part 10 was two pages shorter."""
    tenth = re.search(r'id="([^"]+)"', book.parts[9]).group(1)
    return {name: page - 2 if page > aux[tenth] + 2 else page for name, page in aux.items()}


# The driver -----------------------------------------------------------------------------------------------------

def busy_cpu_seconds() -> float:
    """CPU time used on this machine since boot, all processes (from /proc/stat)."""
    user, nice, system, _idle, _iowait, irq, softirq = map(int, Path("/proc/stat").read_text().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time used by our finished child processes and theirs (the workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(argument: str, work: Path, out: Path) -> dict:
    """One fresh process of `--run argument`: its report, and how many cores other processes kept busy meanwhile
    (the machine is shared)."""
    busy, ours, started = busy_cpu_seconds(), children_cpu_seconds(), time.perf_counter()
    result = subprocess.run([sys.executable, __file__, "--run", argument, str(work), str(out)],
                            capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{argument} failed:\n{result.stderr}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    foreign = (busy_cpu_seconds() - busy) - (children_cpu_seconds() - ours)
    report["foreign_cores"] = max(0.0, foreign / (time.perf_counter() - started))
    return report


def timeline(report: dict) -> str:
    """Who laid out what, when (seconds from the start of the process)."""
    return "; ".join(f"w{step['worker']} {step['name']} {step['started']:.1f}–{step['paginated']:.1f}"
                     + (f"–{step['ended']:.1f}" if step['ended'] - step['paginated'] > 0.05 else "")
                     + f" s (p. {step['first_page']}, {step['pages']} pp.)" for step in report["timeline"])


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_pdf import prepare_bare_input
    from generate_edition import generate

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        work = prepare_bare_input(generate(10, scratch / "x10"), scratch / "input")
        margins = margins_pt(work)
        base_reports = [run_once("baseline", work, scratch / "baseline.pdf")]
        baseline = read_pdf(scratch / "baseline.pdf", margins)
        aux = anchors_of(baseline)
        (work / "aux.json").write_text(json.dumps(aux))
        (work / "aux-stale.json").write_text(json.dumps(stale(aux, split_print_html((work / "book.html").read_text()))))

        details = {}
        for label in STRATEGIES:  # each run paired with a baseline run just before it: the machine is shared
            pairs = [(run_once("baseline", work, scratch / "again.pdf"), run_once(label, work, scratch / "merged.pdf"))
                     for _ in range(RUNS)]
            base_reports += [base for base, _ in pairs]
            details[label] = ([report for _, report in pairs],
                              [report["seconds"] / base["seconds"] for base, report in pairs],
                              compare(baseline, read_pdf(scratch / "merged.pdf", margins)))

        pages = len(baseline.texts)
        folios = [(number, folio) for number, folio in enumerate(baseline.folios(), start=1) if folio]
        print(f"Ten-times edition: {pages} pages, "
              f"{len(split_print_html((work / 'book.html').read_text()).parts)} parts; "
              f"{os.cpu_count()} CPUs, {WORKERS} workers; each strategy run {RUNS} times in a fresh process, each run "
              f"paired with a baseline run just before it; ratio = median of the pairs' ratios. Folios read in the "
              f"baseline: {len(folios)} pages, {sum(str(n) == f for n, f in folios)} of them equal to "
              f"the page number.\n")
        print("| strategy | wall time | ratio to one pass | pages | folios as baseline | margin text as baseline "
              "| page text as baseline | peak RSS: largest worker / all processes | PDF size | other load |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        print(f"| one WeasyPrint pass (baseline) "
              f"| {statistics.median(r['seconds'] for r in base_reports):.2f} s | 1.00 "
              f"| {pages} | – | – | – | {max(r['max_rss_mb'] for r in base_reports):.0f} MB "
              f"| {baseline.size / 1024:.0f} KB "
              f"| {statistics.median(r['foreign_cores'] for r in base_reports):.2f} cores |")
        for label, (reports, ratios, found) in details.items():
            print(f"| {label} | {statistics.median(r['seconds'] for r in reports):.2f} s "
                  f"| {statistics.median(ratios):.2f} "
                  f"| {found['pages']} | {found['folios']}/{pages} | {found['margins']}/{pages} "
                  f"| {found['texts']}/{pages} "
                  f"| {max(r['max_rss_mb'] for r in reports):.0f} / "
                  f"{max(r['workers_rss_mb'] + r['parent_rss_mb'] for r in reports):.0f} MB "
                  f"| {found['size'] / 1024:.0f} KB ({100 * (found['size'] / baseline.size - 1):+.0f}%) "
                  f"| {statistics.median(r['foreign_cores'] for r in reports):.2f} cores |")

        print("\n| strategy | named destinations as baseline | outline | links: (page, target page) as baseline "
              "| embedded font programs | pypdf merge + write (of which after the last chunk) | pool shutdown |")
        print("|---|---|---|---|---|---|")
        print(f"| baseline | {len(baseline.destinations)} | {len(baseline.outline)} items "
              f"| {len(set(baseline.links))} ({len(baseline.links)} annotations) "
              f"| {baseline.font_programs} ({baseline.font_bytes / 1024:.0f} KB) | – | – |")
        for label, (reports, _, found) in details.items():
            print(f"| {label} | {found['destinations']} | {found['outline']} | {found['links']} | {found['fonts']} "
                  f"| {statistics.median(r['merge_seconds'] for r in reports):.2f} s "
                  f"({statistics.median(r['after_last_chunk'] for r in reports):.2f} s) "
                  f"| {statistics.median(r['shutdown_seconds'] for r in reports):.2f} s |")

        print("\nTimelines (last run of each; w1/w2 = worker, start–paginated–PDF written):\n")
        for label, (reports, _, found) in details.items():
            print(f"- {label}: {timeline(reports[-1])}"
                  + (f" — first page whose text differs: {found['first_difference']}"
                     if found["first_difference"] else ""))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", nargs=3, metavar=("WHAT", "WORK", "OUT"), help="(internal) one measured run")
    arguments = parser.parse_args()
    if arguments.run:
        what, work_dir, out_file = arguments.run
        report = (run_baseline if what == "baseline"
                  else lambda w, o: run_strategy(what, w, o))(Path(work_dir), Path(out_file))
        print(json.dumps(report))
    else:
        main()
