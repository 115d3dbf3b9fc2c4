"""The chunked, parallel layout (render/print/chunked.py) gives the same book as one pass, or declines."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from concurrent.futures import Future

import pypdfium2
import pytest
from pypdf import PdfReader
from support import SAMPLE
from weasyprint_logs import assert_no_weasyprint_logs

from carnets_press.build import BuildOptions, build, modified_time
from carnets_press.pipeline import load
from carnets_press.render.print.chunked import lay_out_in_chunks
from carnets_press.render.print.document import print_html
from carnets_press.render.print.pdf import render_pdf
from carnets_press.render.print.plan import ChunkPlan, chunking_applies
from carnets_press.render.print.record import page_record
from carnets_press.render.print.variants import VARIANTS, variant
from carnets_press.render.print.worker import Placement, join, lay_out_chunk
from carnets_press.validate.print_qa import check_pdf


def facts(pdf: bytes) -> dict:
    """What must be the same as in one pass: the text of every page, named destinations, outline, links, metadata."""
    document = pypdfium2.PdfDocument(pdf)
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    reader = PdfReader(io.BytesIO(pdf))
    destinations = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}

    def flat(items, level):
        for item in items:
            if isinstance(item, list):
                yield from flat(item, level + 1)
            else:
                yield level, item.title, reader.get_destination_page_number(item)

    links = []  # (page, target): WeasyPrint links to named destinations
    for number, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/Link":
                target = annotation["/A"].get("/D") if "/A" in annotation else annotation.get("/Dest")
                links.append((number, str(target)))
    links.sort()
    metadata = dict(reader.metadata)
    return {"pages": len(reader.pages), "texts": texts, "destinations": destinations,
            "outline": list(flat(reader.outline, 1)), "links": links, "metadata": metadata,
            "lang": reader.trailer["/Root"].get("/Lang"), "id": reader.trailer["/ID"][0]}


def assert_same_book(chunked: bytes, one_pass: bytes) -> None:
    ours, theirs = facts(chunked), facts(one_pass)
    assert ours["pages"] == theirs["pages"]
    differing = [number + 1 for number, (a, b) in enumerate(zip(ours["texts"], theirs["texts"])) if a != b]
    assert not differing, f"pages whose text differs: {differing}"
    assert ours["links"], "the contents links"
    for key in ("destinations", "outline", "links", "metadata", "lang", "id"):
        assert ours[key] == theirs[key], key


def render_pdf_chunked(book, modified, record, jobs=2, cache=None):
    """The chunked layout of a book chunking applies to; None if it could not check its layout. Without a
    WeasyPrint warning: the workers' come back as its findings."""
    assert chunking_applies(book, VARIANTS[None], jobs)
    result = lay_out_in_chunks(book, print_html(book, modified), VARIANTS[None], jobs, record, cache)
    assert result is None or result.findings == []
    return result


@pytest.fixture(scope="module")
def sample():
    """The sample edition (8 parts) laid out in one pass, and its record."""
    book = load(SAMPLE).buildable()
    modified = modified_time(book.metadata, SAMPLE)
    with assert_no_weasyprint_logs():
        one_pass = render_pdf(book, modified)
    assert one_pass.findings == [] and one_pass.record is None and one_pass.page_texts is None
    SAMPLE_PAGE_STARTS[:] = one_pass.page_starts
    return book, modified, one_pass.pdf, page_record(book, one_pass.pdf)


SAMPLE_PAGE_STARTS: list = []  # the one-pass layout's, for the page-list test below


@pytest.fixture(scope="module")
def chunked(sample):
    book, modified, _, record = sample
    result = render_pdf_chunked(book, modified, record)
    assert result is not None
    return result


def test_record_of_a_one_pass_pdf(sample):
    book, _, one_pass, record = sample
    assert record["parts"] == [part.id for part in book.parts]
    assert record["pages"] == len(PdfReader(io.BytesIO(one_pass)).pages)
    assert set(record["targets"]) == {part.id for part in book.parts} | {entry.id for entry in book.entries()}
    assert record["targets"]["part-introduction"] < record["targets"]["part-1941"]


def test_chunked_pdf_is_the_one_pass_book(sample, chunked):
    book, _, one_pass, record = sample
    pdf, new_record = chunked.pdf, chunked.record
    assert_same_book(pdf, one_pass)
    assert {key: new_record[key] for key in record} == record  # the guess was right: the same record again
    assert new_record["chunks"][0]["parts"][0] == "part-introduction"
    assert len(new_record["chunks"]) == 2
    qa = check_pdf(pdf, book)  # the print QA reads it as it reads a one-pass PDF
    assert not qa.findings() or all(f.severity.name != "ERROR" for f in qa.findings())
    assert qa.notes_lost == [] and qa.part_pages == {k: v for k, v in record["targets"].items()
                                                     if k.startswith("part-")}


def test_the_workers_read_back_the_text_of_the_merged_pages(sample, chunked):
    """The print QA takes the page texts the workers read from their chunks: they are the merged PDF's."""
    book, _, _one_pass, _ = sample
    assert chunked.page_texts == facts(chunked.pdf)["texts"]
    assert check_pdf(chunked.pdf, book, chunked.page_texts) == check_pdf(chunked.pdf, book)


def test_the_workers_read_back_the_lines_of_the_merged_pages(sample, chunked):
    """The make-up measures take the lines and figures the workers read from their chunks: the merged PDF's, and the
    same again from a chunk the chunk cache kept (its JSON facts)."""
    from carnets_press.pdf_text import read_pages
    from carnets_press.render.print.worker import LaidOut

    book = sample[0]
    contents = [page.content for page in read_pages(chunked.pdf)]
    assert chunked.page_contents == contents
    assert check_pdf(chunked.pdf, book, chunked.page_texts, chunked.page_contents) == check_pdf(chunked.pdf, book)
    laid = LaidOut(chunked.pdf, len(contents), {}, chunked.page_texts, [], [], [None] * len(contents), contents)
    assert LaidOut.from_cache(chunked.pdf, json.loads(json.dumps(laid.facts()))).contents == contents


def test_the_chunks_find_the_page_starts_of_the_one_pass_layout(sample, chunked):
    """The EPUB's page-list does not depend on --jobs: each worker counts its parts' text from their start."""
    from carnets_press.pagination import resolve

    assert len(SAMPLE_PAGE_STARTS) == len(chunked.page_texts)
    assert resolve(chunked.page_starts) == SAMPLE_PAGE_STARTS


def test_two_chunked_runs_give_the_same_bytes(sample, chunked):
    book, modified, _, record = sample
    again = render_pdf_chunked(book, modified, record)
    assert again is not None and again.pdf == chunked.pdf and again.record == chunked.record


def test_contents_numbers_wrong_in_the_record_are_corrected(sample):
    """An entry whose page the record has wrong (it moved within its chunk): the contents is laid out again."""
    book, modified, one_pass, record = sample
    stale = {**record, "targets": dict(record["targets"])}
    entry = book.parts[1].entries[1].id
    stale["targets"][entry] += 1
    del stale["targets"][book.parts[2].entries[0].id]  # and one the record lacks: a new entry
    result = render_pdf_chunked(book, modified, stale)
    assert result is not None
    assert_same_book(result.pdf, one_pass)
    assert result.record["targets"] == record["targets"]


@pytest.mark.parametrize("record", [None, {"version": 1, "parts": ["another"], "pages": 3, "targets": {}},
                                    {"parts": "garbage"}], ids=["none", "another book's", "garbage"])
def test_without_a_usable_record_every_chunk_is_placed_once_paginated(sample, record):
    """A first build: every chunk laid out once, its folios made once the chunks before it are paginated (and
    the contents again, with its numbers); the one-pass book."""
    book, modified, one_pass, one_pass_record = sample
    result = render_pdf_chunked(book, modified, record)
    assert result is not None
    assert_same_book(result.pdf, one_pass)
    assert result.record["targets"] == one_pass_record["targets"]


def test_a_chunk_placed_at_a_wrong_page_is_laid_out_again(sample):
    """A record whose later parts start two pages later (an earlier part shrank): those chunks again, at the
    right pages, and the contents with the right numbers."""
    book, modified, one_pass, record = sample
    fifth = record["targets"][book.parts[4].id]
    stale = {**record, "pages": record["pages"] + 2,
             "targets": {name: page + 2 if page >= fifth else page for name, page in record["targets"].items()}}
    result = render_pdf_chunked(book, modified, stale)
    assert result is not None
    assert_same_book(result.pdf, one_pass)
    assert result.record["targets"] == record["targets"]


def test_a_part_that_grew_moves_the_later_chunks(sample, tmp_path):
    """The record of the previous build, then a part edited so it takes more pages: the book is the one pass's."""
    _, _, _, record = sample
    root = shutil.copytree(SAMPLE, tmp_path / "edited")
    text = (root / "1941.md").read_text(encoding="utf-8")
    paragraph = "\n\nA paragraph added since the last build, long enough to fill a good part of a line or two. " * 40
    (root / "1941.md").write_text(text + paragraph, encoding="utf-8")
    book = load(root).buildable()
    one_pass = render_pdf(book, modified_time(book.metadata, root)).pdf
    result = render_pdf_chunked(book, modified_time(book.metadata, root), record)
    assert result is not None
    assert result.record["pages"] > record["pages"]  # it did grow, and moved the later parts
    assert result.record["targets"][book.parts[-1].id] > record["targets"][book.parts[-1].id]
    assert_same_book(result.pdf, one_pass)


def test_a_chunk_placed_once_paginated_is_the_chunk_laid_out_at_its_page(sample):
    """The worker of a chunk laid out with its first page unknown sends its page count and its targets' pages once
    it is paginated, and makes its folios from the page it is told: the same PDF, byte for byte, as the chunk laid
    out at that page."""
    book, modified, _, record = sample
    plan = ChunkPlan(book, print_html(book, modified), VARIANTS[None], 2)
    first = plan.first_pages(record["targets"])[1]
    assert first > 1
    at_its_page = lay_out_chunk(plan.parts(1, first))
    placement = Placement(len(plan.groups))
    join(placement)
    placement.tell(1, first)  # told before it asks: the pipe keeps it
    placed_later = lay_out_chunk(plan.parts(1, None))
    assert placement.pages(1, Future()) == (at_its_page.pages, at_its_page.anchors)
    assert len(at_its_page.anchors) > len(book.parts[plan.groups[1][0]].entries)  # its parts' and entries' ids
    assert (placed_later.pages, placed_later.anchors) == (at_its_page.pages, at_its_page.anchors)
    assert placed_later.pdf == at_its_page.pdf
    assert placed_later.texts[0] != lay_out_chunk(plan.parts(1, first + 2)).texts[0]  # its folio is in its text


def test_a_placement_stops_a_waiting_worker_and_reports_a_failed_one():
    placement = Placement(2)
    placement.release()  # the build failed: a worker waiting for its first page stops
    with pytest.raises(RuntimeError, match="the build stopped"):
        placement.first_page(0, 12, {})
    failed: Future = Future()
    failed.set_exception(ValueError("a layout that failed"))
    with pytest.raises(ValueError, match="a layout that failed"):  # the coordinator does not wait for it
        placement.pages(1, failed)


def _parts(count: int) -> dict[str, str]:
    return {f"part{n}.md": f"# Part {n}\n\n## Day one\n\nSome text for part {n}.\n" for n in range(1, count + 1)}


def _fake_record(book) -> dict:
    targets = {part.id: 5 + 2 * index for index, part in enumerate(book.parts)}
    targets.update({entry.id: targets[part.id] for part in book.parts for entry in part.entries})
    return {"version": 1, "parts": [part.id for part in book.parts], "pages": 5 + 2 * len(book.parts),
            "targets": targets}


def test_declines_where_chunking_does_not_apply(sample, make_manuscript):
    book, _, _, _ = sample
    assert chunking_applies(book, variant(None), 2)
    assert not chunking_applies(book, variant("pdf/a-2b"), 2)
    assert not chunking_applies(book, variant("pdf/ua-1"), 2)
    assert not chunking_applies(book, variant(None), 1)
    assert [name for name, each in VARIANTS.items() if each.chunkable] == [None]

    endnotes = load(make_manuscript(_parts(5), extra_toml='\n[notes]\nprint = "endnotes"\n')).buildable()
    assert endnotes.metadata.print.notes == "endnotes"
    assert not chunking_applies(endnotes, variant(None), 2)


@pytest.mark.parametrize("css", ["a.ref::after { content: target-counter(attr(href), page) }",
                                 "section.part { counter-reset: page 1 }", "@page { @top-center { content: "
                                 "counter(page) } }", "h2 { string-set: here counter( page ) }"])
def test_declines_where_the_manuscripts_styles_read_the_page_counter(make_manuscript, css):
    """A chunk's folios are numbered once it is paginated, in its margin boxes only (folios.py): a page number a
    manuscript's stylesheet reads or sets elsewhere would be the chunk's own, so such a book is laid out in one
    pass. Styles that do not touch the page counter are chunked."""
    files = {**_parts(5), "styles/print.css": css}
    assert not chunking_applies(load(make_manuscript(files)).buildable(), variant(None), 2)
    files["styles/print.css"] = "h2 { font-variant: small-caps; counter-increment: entry }"
    assert chunking_applies(load(make_manuscript(files)).buildable(), variant(None), 2)


def test_declines_for_fewer_than_four_parts(make_manuscript, sample):
    _, modified, _, _ = sample
    small = load(make_manuscript(_parts(3))).buildable()
    assert len(small.parts) == 3
    assert not chunking_applies(small, variant(None), 2)
    # Asked for chunks all the same: one pass (no page texts read back), and its record kept for the next build.
    printed = render_pdf(small, modified, jobs=2, record=_fake_record(small))
    assert printed.page_texts is None and printed.record == page_record(small, printed.pdf)


def test_build_with_jobs_lays_out_in_chunks_from_the_first_build(tmp_path, sample):
    """Through build(): the first build lays out in chunks, the second takes every chunk
    from the cache; both the one-pass book, and the same file."""
    _, _, one_pass, one_pass_record = sample
    options = BuildOptions(formats=("pdf",), out_dir=tmp_path, jobs=2)
    first = build(SAMPLE, options).outputs[0]
    first_pdf = first.path.read_bytes()
    record = json.loads((tmp_path / ".carnets-cache" / "pdf-pages.json").read_text(encoding="utf-8"))
    assert "chunks" in record and record["targets"] == one_pass_record["targets"]
    assert first_pdf != one_pass  # laid out in chunks: other font subsets, same pages
    assert_same_book(first_pdf, one_pass)
    assert "0 lost" in first.validation
    chunks = {path.name: path.stat().st_mtime_ns for path in (tmp_path / ".carnets-cache" / "pdf-chunks").iterdir()}
    (tmp_path / ".carnets-cache" / "pdf.json").unlink()  # the PDF is built again, from the kept chunks
    second = build(SAMPLE, options).outputs[0]
    assert not second.cached and second.path.read_bytes() == first_pdf
    assert {path.name: path.stat().st_mtime_ns
            for path in (tmp_path / ".carnets-cache" / "pdf-chunks").iterdir()} == chunks  # none laid out again

    # --no-cache: from scratch, the kept chunks neither read nor replaced; the same file again.
    for path in (tmp_path / ".carnets-cache" / "pdf-chunks").glob("*.pdf"):
        path.write_bytes(b"not a PDF")
    scratch = build(SAMPLE, dataclasses.replace(options, use_cache=False)).outputs[0]
    assert scratch.path.read_bytes() == first_pdf
    assert all(path.read_bytes() == b"not a PDF" for path in (tmp_path / ".carnets-cache" / "pdf-chunks").glob("*.pdf"))

    # Damaged chunks are not used: laid out again, the same file.
    for path in (tmp_path / ".carnets-cache" / "pdf-chunks").glob("*.pdf"):
        path.write_bytes(b"%PDF-1.7 damaged")
    (tmp_path / ".carnets-cache" / "pdf.json").unlink()
    assert build(SAMPLE, options).outputs[0].path.read_bytes() == first_pdf


def test_an_edit_lays_out_only_its_chunk_and_gives_the_clean_builds_bytes(tmp_path):
    manuscript = tmp_path / "manuscript"
    shutil.copytree(SAMPLE, manuscript)
    warm, clean = tmp_path / "warm", tmp_path / "clean"
    options = BuildOptions(formats=("pdf",), out_dir=warm, jobs=2)
    build(manuscript, options)  # chunked: every chunk laid out and kept
    chunks = warm / ".carnets-cache" / "pdf-chunks"
    before = {path.name: path.stat().st_mtime_ns for path in chunks.iterdir()}
    edited = manuscript / "1947.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Citizen Vyshinsky.", "Citizen Vyshinsky!", 1),
                      encoding="utf-8")
    after_edit = build(manuscript, options).outputs[0].path.read_bytes()
    kept = {name for name, stamp in before.items()
            if (chunks / name).is_file() and (chunks / name).stat().st_mtime_ns == stamp}
    assert kept and len(kept) < len(before)  # some chunks reused, the edited one laid out again
    record = json.loads((warm / ".carnets-cache" / "pdf-pages.json").read_text(encoding="utf-8"))
    assert len(list(chunks.iterdir())) == 2 * (len(record["chunks"]) + 1)  # a PDF and its facts, per chunk of this book

    # A clean chunked build of the edited book, from the same page record: the same bytes.
    (clean / ".carnets-cache").mkdir(parents=True)
    shutil.copy(warm / ".carnets-cache" / "pdf-pages.json", clean / ".carnets-cache" / "pdf-pages.json")
    shutil.rmtree(chunks)
    assert build(manuscript, BuildOptions(formats=("pdf",), out_dir=clean, jobs=2,
                                          use_cache=False)).outputs[0].path.read_bytes() == after_edit


def test_the_workers_leave_no_font_folder_behind(sample, monkeypatch, tmp_path):
    """WeasyPrint copies the book's fonts into a temporary folder it removes only when its FontConfiguration is
    collected (Kozea/WeasyPrint#2090); each worker left one (3.4 MB) per build. None is left now, from the
    chunks or a one-pass layout."""
    import tempfile

    book, modified, _, _ = sample
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the workers are forked: they inherit it
    assert render_pdf_chunked(book, modified, None) is not None
    render_pdf(book, modified)
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_the_last_groups_are_half_the_others_and_one_per_worker_leaves_room_for_the_front():
    """The workers take the next chunk as they finish one: the last of them should be small (TAIL_WEIGHT), so
    that one worker does not lay out a whole chunk while the other waits. With one group per worker, the worker
    that lays out the front first gets its share less (FRONT_WEIGHT)."""
    from carnets_press.render.print.plan import FRONT_WEIGHT, TAIL_WEIGHT, groups

    starts = groups([10] * 80, 9, 2)
    sizes = [end - start for start, end in zip(starts, [*starts[1:], 80])]
    assert sizes == [10] * 7 + [10 * TAIL_WEIGHT] * 2
    assert groups([10] * 20, 2, 2) == [0, round(10 * (1 + FRONT_WEIGHT))]
    assert groups([10] * 3, 5, 2) == [0, 1, 2]  # a group a part at most
