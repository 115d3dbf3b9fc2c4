"""The print QA: each of its codes forced on a tiny page, found at the manuscript place it concerns.

A 70 × 90 mm page holds a few lines, so a note too long for any page, a second note that no longer fits
below its call, or a heading whose paragraph cannot start beside it come from a few lines of Markdown.
The layouts were found by trying lengths with the shipped fonts and WeasyPrint; if a WeasyPrint upgrade
places them otherwise, look for new lengths, not at the assertions.
"""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from carnets_press.build import BuildOptions, build
from carnets_press.errors import FindingsError
from carnets_press.findings import Severity
from carnets_press.validate.files import validate_file

TINY = '\n[print]\nwidth = "70mm"\nheight = "90mm"\n'
NOTE = "A note with words. "


def build_pdf(make_manuscript, tmp_path, markdown: str):
    root = make_manuscript({"a.md": markdown}, extra_toml=TINY)
    return build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))


def places(findings, code: str) -> list[tuple[str, int | None]]:
    return [(f.location.file.name, f.location.line) for f in findings if f.code == code]


def test_a_note_too_long_for_any_page_is_lost_and_fails_the_build(make_manuscript, tmp_path):
    with pytest.raises(FindingsError) as raised:
        build_pdf(make_manuscript, tmp_path,
                  f"# A\n\n## 1 May 1941.\n\nSome words.[^1] More words.\n\n[^1]: {NOTE * 40}\n")
    # The place is the note's call, where an editor shortens the text or the note.
    assert places(raised.value.findings, "print-note-lost") == [("a.md", 5)]
    assert not (tmp_path / "out" / "doe-test-notebooks.pdf").exists()


def test_a_second_note_that_no_longer_fits_below_its_call_is_moved(make_manuscript, tmp_path):
    words = " ".join(f"w{i}" for i in range(55))
    markdown = (f"# A\n\n## 1 May 1941.\n\nIntro words here. {words} one.[^1] And two.[^2] Then more words to end "
                f"the paragraph here.\n\n{'Another paragraph of text follows here. ' * 6}\n\n"
                f"[^1]: {NOTE * 8}\n[^2]: {NOTE * 8}\n")
    report = build_pdf(make_manuscript, tmp_path, markdown)
    moved = [f for f in report.findings if f.code == "print-note-moved"]
    assert [(f.location.file.name, f.location.line) for f in moved] == [("a.md", 5)]
    assert moved[0].message.startswith("note 2 is on page ")


def test_a_heading_whose_text_cannot_start_on_its_page_is_reported(make_manuscript, tmp_path):
    words = " ".join(f"w{i}" for i in range(18))
    markdown = (f"# A\n\n## 1 May 1941.\n\n{words} one.[^1] two.[^2] three.[^3] After all that.\n\n"
                f"[^1]: {NOTE * 10}\n[^2]: {NOTE * 10}\n[^3]: {NOTE * 10}\n")
    report = build_pdf(make_manuscript, tmp_path, markdown)
    assert places(report.findings, "print-heading-at-foot") == [("a.md", 3)]


def test_a_character_the_book_font_lacks_is_set_in_a_foreign_font(make_manuscript, tmp_path):
    with pytest.raises(FindingsError) as raised:
        build_pdf(make_manuscript, tmp_path, "# A\n\n## 1 May 1941.\n\nAn asterism ⁂ here.\n")
    codes = {f.code for f in raised.value.findings}
    assert {"font-missing-glyph", "print-font-foreign"} <= codes


def test_what_eb_garamond_lacks_is_set_in_the_fallback_font_the_tool_ships(make_manuscript, tmp_path):
    # From Pepys (Standard Ebooks): a fifth, therefore, a tick, a vertical ellipsis, a combining double tilde.
    markdown = "# A\n\n## 3 September 1666.\n\nIt took ⅕; ∴ the King came ✓ ⋮ Coronac͠on, *and ✓ here*.\n"
    root = make_manuscript({"a.md": markdown}, extra_toml=TINY)
    report = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []
    qa = json.loads(report.outputs[0].report_path.read_text(encoding="utf-8"))
    assert qa["fonts_foreign"] == [] and any("STIX-Two-Math" in font for font in qa["fonts"])


def test_the_page_rule_declares_the_fallback_font_and_the_qa_takes_it_for_the_books():
    from carnets_press.check.rules.fonts import FALLBACK_FILE, FALLBACK_NAME
    from carnets_press.render.templates import render_template
    from carnets_press.validate.print_qa import is_book_font

    page = render_template("print_page.css.j2", fonts="FONTS", width_mm=1, height_mm=1, bleed_mm=0, crop_marks=False,
                           top_mm=1, outer_mm=1, bottom_mm=1, inner_mm=1)
    assert f'font-family: "{FALLBACK_NAME}";' in page and f'url("FONTS/{FALLBACK_FILE}")' in page
    # WeasyPrint names a font in the PDF after its CSS family, a subset prefix before it.
    assert is_book_font("ABCDEF+" + FALLBACK_NAME.replace(" ", "-")) and is_book_font("ABCDEF+EB-Garamond-Italic")
    assert not is_book_font("ABCDEF+DejaVuSans")


def _pdf_with_a_standard_font() -> bytes:
    """A page of text in Helvetica, one of PDF's standard fonts, which a PDF need not embed."""
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
        {NameObject("/F1"): writer._add_object(font)})})
    content = DecodedStreamObject()
    content.set_data(b"BT /F1 12 Tf 20 100 Td (A page) Tj ET")
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(content)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_font_that_is_not_embedded(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\nNo notes here.\n"})
    pdf = tmp_path / "other.pdf"
    pdf.write_bytes(_pdf_with_a_standard_font())
    report = validate_file(pdf, root)
    assert [f.message for f in report.findings if f.code == "print-font-not-embedded"] == [
        "font Helvetica is not embedded"]


def test_a_character_no_font_has_is_an_error_at_its_place(make_manuscript, tmp_path):
    # U+1F600 is in no font of this machine either: WeasyPrint would print an empty box and say nothing.
    with pytest.raises(FindingsError) as raised:
        build_pdf(make_manuscript, tmp_path, "# A\n\n## 1 May 1941.\n\nA smile \U0001F600 here.\n")
    [missing] = [f for f in raised.value.findings if f.code == "font-missing-glyph"]
    assert (missing.location.line, missing.location.column) == (5, 9) and "U+1F600" in missing.message
