"""The print edition of the sample, read back from the PDF: trim, fonts, outline, notes, hyphens, contents."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader
from support import SAMPLE
from weasyprint_logs import assert_no_weasyprint_logs

from carnets_press.build import BuildOptions, build
from carnets_press.manuscript.metadata import TRIM_PRESETS
from carnets_press.manuscript.model import plain_text
from carnets_press.pipeline import load
from carnets_press.render.print.variants import VARIANTS

MM = 72 / 25.4


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    with assert_no_weasyprint_logs():  # our stylesheets and the sample's own give WeasyPrint nothing to say
        report = build(SAMPLE, BuildOptions(formats=("pdf",), out_dir=out))
    assert not [finding for finding in report.findings if finding.code.startswith(("print-css", "print-resource"))]
    pdf = report.outputs[0]
    return PdfReader(pdf.path), pdf, load(SAMPLE).buildable()


def test_page_size_is_the_trim(sample_pdf):
    reader, _, book = sample_pdf
    width, height = TRIM_PRESETS[book.metadata.print.trim]
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width * MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(height * MM, abs=0.5)


def test_every_font_is_embedded_eb_garamond(sample_pdf):
    reader, _, _ = sample_pdf
    fonts = {}
    for page in reader.pages:
        for font in ((page["/Resources"].get("/Font")) or {}).values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"] if "/FontDescriptor" in font else \
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = any(k in descriptor.get_object()
                                                for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values())
    assert all(re.fullmatch(r"/[A-Z]{6}\+EB-Garamond(-Italic|-Bold|-Bold-Italic)?", name) for name in fonts), fonts


def test_outline_has_the_parts_and_entries(sample_pdf):
    reader, _, book = sample_pdf
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == [part.heading_text for part in book.parts]
    nested = [child for item in reader.outline if isinstance(item, list) for child in item]
    assert len(nested) == sum(len(part.entries) for part in book.parts)


def test_every_note_is_on_the_page_of_its_call_or_reported(sample_pdf):
    reader, built, book = sample_pdf
    destinations = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    qa = built.report_path.read_text(encoding="utf-8")
    for note in book.notes():
        note_page = destinations[f"note-{note.number}"]
        text = reader.pages[note_page].extract_text()
        assert re.search(rf"(^|\n){note.number}\. ", text), \
            f"note {note.number} does not start a line on page {note_page + 1}"
        if destinations[f"call-{note.number}"] != note_page:
            assert f'"note": {note.number},' in qa  # a moved note is reported
    assert '"notes_lost": []' in qa


def test_text_is_hyphenated_with_a_hyphen_the_font_has(sample_pdf):
    reader, _, _ = sample_pdf
    line_ends = [line for page in reader.pages for line in page.extract_text().splitlines() if line.endswith("\u2010")]
    assert len(line_ends) > 20


def test_the_print_qa_measures_the_sample_plausibly(sample_pdf):
    """The make-up measures of the sample, against what its stylesheet and WeasyPrint make of it: 14 pt lines; no
    word space under the 0.16 em the total-fit breaking lets EB Garamond's 0.2 em shrink to; every body line on
    the grid (each block's space a whole number of lines); footnotes on their call's page, a long one run on to
    the next; the hyphens
    PDFium's page text shows."""
    import json

    from carnets_press.pdf_text import page_texts

    _, built, _ = sample_pdf
    qa = json.loads(built.report_path.read_text(encoding="utf-8"))
    assert qa["grid"]["leading"] == 14 and 0 < (216 - 0.08 * 216) * MM - qa["grid"]["first_baseline"] < 14
    spaces = qa["word_space"]
    assert spaces["lines"] > 800 and 0.2 < spaces["p50"] < spaces["p90"] < spaces["p99"] < spaces["max"] < 1
    assert spaces["min"] == pytest.approx(0.16, abs=0.005) and spaces["under_0_16"] == 0
    assert qa["off_grid"] == []
    assert qa["notes_lost"] == [] and qa["notes_moved"] == []
    texts = page_texts(built.path.read_bytes())
    _, _, book = sample_pdf
    for continued in qa["notes_continued"]:  # begun on its call's page, its last words at the next one's foot
        note = next(note for note in book.notes() if note.number == continued["note"])
        words = re.findall(r"\w+", plain_text(note.blocks))
        assert " ".join(words[-3:]) in " ".join(re.findall(r"\w+", texts[continued["page"]]))
        assert " ".join(words[:3]) in " ".join(re.findall(r"\w+", texts[continued["page"] - 1]))
    assert qa["hyphenated_line_ends"] == sum(line.endswith("\u2010") for text in texts for line in text.splitlines())
    part_openings = {page for page in qa["part_pages"].values()}
    for short in qa["short_pages"]:  # never the last page of a part: the next page with text does not open one
        after = short["page"] + 1 + (not texts[short["page"]].strip())
        assert short["lines_short"] >= 2 and after not in part_openings
    assert {row["page"] for row in qa["page_makeup"]} >= set(range(min(part_openings), len(texts) + 1)) - {
        number for number, text in enumerate(texts, start=1) if not text.strip()}


def test_contents_page_numbers_match_where_parts_begin(sample_pdf):
    reader, _, book = sample_pdf
    destinations = {name: reader.get_destination_page_number(dest) + 1
                    for name, dest in reader.named_destinations.items()}
    first_part = min(destinations[part.id] for part in book.parts)
    start = next(i for i, page in enumerate(reader.pages) if page.extract_text().lower().startswith("contents"))
    contents = "\n".join(page.extract_text() for page in reader.pages[start:first_part - 1])
    for part in book.parts:
        match = re.search(rf"^{re.escape(part.heading_text.lower())}[ .]*?(\d+)\s*$", contents.lower(), re.MULTILINE)
        assert match, f"{part.heading_text} not in the contents"
        assert int(match.group(1)) == destinations[part.id]


def test_parts_open_on_rectos_without_running_heads(sample_pdf):
    reader, _, book = sample_pdf
    for part in book.parts:
        page_number = reader.get_destination_page_number(reader.named_destinations[part.id]) + 1
        assert page_number % 2 == 1, f"{part.heading_text} opens on a verso"
        first_line = reader.pages[page_number - 1].extract_text().strip().splitlines()[0]
        assert first_line.lower() == part.heading_text.lower()


def test_running_heads_title_on_versos_date_on_rectos(sample_pdf):
    reader, _, book = sample_pdf
    # WeasyPrint draws the page margin boxes last: the running head is the page's last text line.
    verso = reader.pages[11].extract_text().splitlines()[-1]  # page 12
    assert verso.split()[0] == "12" and book.metadata.title.lower() in verso.lower()
    recto = reader.pages[12].extract_text().splitlines()[-1]
    dates = [entry.heading_text.split(".")[0].split(":")[0].lower() for entry in book.entries()]
    assert recto.split()[-1] == "13" and any(date in recto.lower() for date in dates), recto


def test_document_metadata(sample_pdf):
    reader, _, book = sample_pdf
    assert reader.metadata.title == book.metadata.full_title
    assert reader.metadata.author == "Victor Serge"


def test_second_build_is_byte_identical(sample_pdf, tmp_path):
    _, built, _ = sample_pdf
    again = build(SAMPLE, BuildOptions(formats=("pdf",), out_dir=tmp_path))
    assert again.outputs[0].path.read_bytes() == built.path.read_bytes()


@pytest.mark.parametrize("variant, key", [("pdf/a-2b", "/OutputIntents"), ("pdf/ua-1", "/StructTreeRoot")])
def test_pdf_variants(make_manuscript, tmp_path, variant, key):
    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nSome words.[^1]\n\n[^1]: A note.\n"})
    pdf = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path, pdf_variant=variant)).outputs[0].path
    catalog = PdfReader(pdf).trailer["/Root"]
    assert key in catalog
    assert ("/StructTreeRoot" in catalog) == VARIANTS[variant].tagged  # the registry says which is tagged


def test_an_unknown_variant_is_a_usage_error(make_manuscript, tmp_path):
    from carnets_press.errors import UsageError

    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nSome words.\n"})
    with pytest.raises(UsageError, match="pdf/x-1a"):
        build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path, pdf_variant="pdf/x-1a"))
