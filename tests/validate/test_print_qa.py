"""The print QA: each of its codes forced on a tiny page, found at the manuscript place it concerns; each of its
make-up measures forced too, the value expected worked out from the page's geometry and the font's advances.

A 70 × 90 mm page holds a few lines, so a note too long for any page, a second note that no longer fits
below its call, or a heading whose paragraph cannot start beside it come from a few lines of Markdown.
A note moved or lost, and a heading left at a foot, are what WeasyPrint alone does with footnotes (the
weasyprint_footnotes fixture): the note continuation cuts such notes (tests/render/test_note_continuation.py).
The layouts were found by trying lengths with the shipped fonts and WeasyPrint; if a WeasyPrint upgrade
places them otherwise, look for new lengths, not at the assertions.
"""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

from carnets_press.build import BuildOptions, build
from carnets_press.errors import FindingsError
from carnets_press.findings import Severity
from carnets_press.manuscript.metadata import PrintOptions
from carnets_press.render.print.styles import LEADING_PT, PageGeometry
from carnets_press.validate.files import validate_file
from carnets_press.validate.print_makeup import HYPHEN

# The QA's cases are reckoned line by line from WeasyPrint's own breaking of their text: the total-fit breaking
# (tests/render/test_line_breaking.py) would set their words on other lines.
TINY = '\n[print]\nwidth = "70mm"\nheight = "90mm"\nline-breaking = "greedy"\n'
NOTE = "A note with words. "


def build_pdf(make_manuscript, tmp_path, markdown: str):
    root = make_manuscript({"a.md": markdown}, extra_toml=TINY)
    return build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))


def places(findings, code: str) -> list[tuple[str, int | None]]:
    return [(f.location.file.name, f.location.line) for f in findings if f.code == code]


def test_a_note_too_long_for_any_page_is_lost_and_fails_the_build(make_manuscript, tmp_path, weasyprint_footnotes):
    with pytest.raises(FindingsError) as raised:
        build_pdf(make_manuscript, tmp_path,
                  f"# A\n\n## 1 May 1941.\n\nSome words.[^1] More words.\n\n[^1]: {NOTE * 40}\n")
    # The place is the note's call, where an editor shortens the text or the note.
    assert places(raised.value.findings, "print-note-lost") == [("a.md", 5)]
    assert not (tmp_path / "out" / "doe-test-notebooks.pdf").exists()


def test_a_second_note_that_no_longer_fits_below_its_call_is_moved(make_manuscript, tmp_path, weasyprint_footnotes):
    words = " ".join(f"w{i}" for i in range(55))
    markdown = (f"# A\n\n## 1 May 1941.\n\nIntro words here. {words} one.[^1] And two.[^2] Then more words to end "
                f"the paragraph here.\n\n{'Another paragraph of text follows here. ' * 6}\n\n"
                f"[^1]: {NOTE * 8}\n[^2]: {NOTE * 8}\n")
    report = build_pdf(make_manuscript, tmp_path, markdown)
    moved = [f for f in report.findings if f.code == "print-note-moved"]
    assert [(f.location.file.name, f.location.line) for f in moved] == [("a.md", 5)]
    assert moved[0].message.startswith("note 2 is on page ")


def test_a_heading_whose_text_cannot_start_on_its_page_is_reported(make_manuscript, tmp_path, weasyprint_footnotes):
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


# The make-up measures --------------------------------------------------------------------------------------------
# The 70 × 90 mm page's text block (render/print/styles.py's PageGeometry: margins of 8% and 10% of the height, 13%
# and 10% of the width, the block then made a whole number of the body's 14 pt lines deep, the nearest to its 73.8
# mm: 15); 53.9 mm wide, the measure every justified line fills.
PT = 72 / 25.4
GEOMETRY = PageGeometry.for_trim(PrintOptions(width_mm=70, height_mm=90))
LINES_A_PAGE = int((GEOMETRY.height_mm - GEOMETRY.top_mm - GEOMETRY.bottom_mm) * PT // LEADING_PT)
MEASURE = (GEOMETRY.width_mm - GEOMETRY.inner_mm - GEOMETRY.outer_mm) * PT
SIZE = 11  # the body's font size in points (styles/print.css)
SENTENCE = "Some words here to fill a page. "  # a line of the measure each; word space 0.609 em, letter-spaced 0.533
DIGITS = "0123456789" * 3  # a word that neither hyphenates nor breaks


def qa_report(report) -> dict:
    return json.loads(report.outputs[0].report_path.read_text(encoding="utf-8"))


def page_row(report: dict, page: int) -> dict:
    return next(row for row in report["page_makeup"] if row["page"] == page)


def advance(text: str) -> float:
    """The advance of EB Garamond's glyphs for `text`, in points at the body's size: no kerning between words."""
    from fontTools.ttLib import TTFont

    from carnets_press.resources import package_dir

    font = TTFont(package_dir("fonts") / "EBGaramond-Regular.ttf")
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    return sum(metrics[cmap[ord(char)]][0] for char in text) / font["head"].unitsPerEm * SIZE


def test_word_spaces_are_measured_from_the_glyphs(make_manuscript, tmp_path):
    """Three lines whose word spaces follow from the font's advances and the measure: 'a b c', the next word too
    long to join it, stretched across the measure; and in a div set 0.1 em tighter, a line of as many 'a' as fit
    (its spaces under 0.16 em: the div's first paragraph is not indented) and the rest of them stretched. A
    paragraph's last line keeps the font's own space."""
    root = make_manuscript({
        "a.md": f"# A\n\n## 1 May 1941.\n\na b c {DIGITS}0\n\n::: tight\n{'a ' * 40}{DIGITS}0\n:::\n\nOne two three.\n",
        "styles/print.css": ".tight { word-spacing: -0.1em; }\n"}, extra_toml=TINY)
    report = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))
    space, a = advance(" "), advance("a")
    assert space / SIZE == pytest.approx(0.2, abs=1e-3)  # EB Garamond's space: a fifth of an em
    tight = space - 0.1 * SIZE  # the div's word space
    fitting = int((MEASURE + tight) // (a + tight))
    expected = sorted([(MEASURE - advance("abc")) / 2 / SIZE, (MEASURE - fitting * a) / (fitting - 1) / SIZE,
                       (MEASURE - (40 - fitting) * a) / (40 - fitting - 1) / SIZE])
    spaces = qa_report(report)["word_space"]
    assert spaces["lines"] == 3 and spaces["max"] == pytest.approx(expected[2], abs=2e-3)
    assert spaces["min"] == pytest.approx(expected[0], abs=2e-3)
    assert spaces["p50"] == pytest.approx(expected[1], abs=2e-3)
    assert expected[0] < 0.16 < 0.5 < expected[1] and (spaces["over_0_5"], spaces["under_0_16"]) == (2, 1)
    assert spaces["p90"] == spaces["p99"] == spaces["max"]  # of three lines, the widest
    # Over 1.5 em, a line gapes: the build names its page and its words
    gaping = [f.message for f in report.findings if f.code == "print-line-gaping"]
    assert expected[2] > 1.5 and len(gaping) == 1 and gaping[0].startswith("page ") and "'a b c'" in gaping[0]
    from carnets_press.pdf_text import read_pages

    pages = read_pages(report.outputs[0].path.read_bytes())
    [last] = [line for page in pages for line in page.content.lines if line.text == "One two three."]
    assert [gap / SIZE for gap in last.spaces] == pytest.approx([0.2, 0.2], abs=1e-3)


LETTER = "A letter of five lines, kept whole. " * 6
SHORT_PAGE = f"# A\n\n## 1 May 1941.\n\n{SENTENCE * 14}\n\n::: letter\n{LETTER}\n:::\n\n{SENTENCE * 14}\n"


def test_a_page_that_ends_short_and_its_uneven_spread(make_manuscript, tmp_path):
    """The first paragraph ends on page 8 after ten lines; the letter after it, kept whole, with its line of space
    above it, does not fit in the five lines left under it, so page 8 ends five lines short, beside a full page 9
    (the space discarded at its head); the last page of the book may end where it ends. Every line on the grid."""
    report = build_pdf(make_manuscript, tmp_path, SHORT_PAGE)
    qa = qa_report(report)
    from carnets_press.pdf_text import page_texts

    texts = page_texts(report.outputs[0].path.read_bytes())
    body_lines = len(texts[7].splitlines()) - 1  # page 8's lines, less its running head
    assert (LINES_A_PAGE, body_lines) == (15, 10)
    assert qa["short_pages"] == [{"page": 8, "lines_short": LINES_A_PAGE - body_lines}]
    assert qa["facing_pages_uneven"] == [{"pages": [8, 9], "lines_short": [LINES_A_PAGE - body_lines, 0]}]
    assert page_row(qa, 10)["lines_short"] > 2 and len(texts) == 10  # the last page: not a short page
    assert qa["grid"]["leading"] == 14 and qa["off_grid"] == []


def test_lines_off_the_grid(make_manuscript, tmp_path):
    """A manuscript's stylesheet gives the letter half a line of space above and below, kept at the head of page 9:
    the letter's six lines are half a line off the grid there, the text after it back on it."""
    css = "div.letter { margin: 7pt 0; margin-break: keep; }\n"
    root = make_manuscript({"a.md": SHORT_PAGE, "styles/print.css": css}, extra_toml=TINY)
    qa = qa_report(build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False)))
    assert qa["grid"]["leading"] == 14 and qa["off_grid"] == [{"page": 9, "lines": 6, "first": 1, "offset": 7.0}]


def makeup_of_print_html(root, edit):
    """The make-up measures of the book's print HTML, changed by `edit`, laid out as a build lays it out."""
    import datetime

    from carnets_press.pipeline import load
    from carnets_press.render.print.document import print_html
    from carnets_press.render.print.fetcher import allowed_roots
    from carnets_press.render.print.layout import base_url, lay_out, write_pdf
    from carnets_press.render.print.styles import print_stylesheets
    from carnets_press.validate.print_qa import check_pdf

    book = load(root).buildable()
    html = edit(print_html(book, datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)).document())
    layout = lay_out(html, base_url(book), print_stylesheets(book), allowed_roots(book))
    return check_pdf(write_pdf(layout.document), book).makeup


def unheld(html: str) -> str:
    """The print HTML without its holds on line breaks (transform/typography.py's hold_line_breaks): no word joiner
    before a closed em dash, a plain space before a spaced ellipsis."""
    assert "\u2060—" in html and "\u00a0…" in html
    return html.replace("\u2060—", "—").replace("\u00a0…", " …")


def test_lines_that_begin_with_a_dash_an_ellipsis_or_a_note_call(make_manuscript, tmp_path):
    """A closed dash after a word that fills the line would go to the next line, as would a spaced ellipsis: the
    print edition holds each to the word before it, and laid out without those holds the lines begin with them. A
    paragraph that opens with a note call begins a line with it, the font's superior figure, as large as the text
    and on its baseline; a call after a word does not, nor a paragraph that opens with a year, nor the notes' own
    numbers."""
    markdown = (f"# A\n\n## 1 May 1941.\n\na b {DIGITS[:28]}—{DIGITS[:26]} d.\n\n"
                f"a b {DIGITS[:25]} …{DIGITS[:26]} d.\n\n"
                "Some words first.\n\n[^1] A paragraph that begins with a call, and ends with one.[^2]\n\n"
                "1941 opens this one.\n\n[^1]: A note.\n[^2]: Another note.\n")
    root = make_manuscript({"a.md": markdown}, extra_toml=TINY)
    qa = qa_report(build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False)))
    assert [(start["kind"], start["text"][:4]) for start in qa["line_starts"]] == [("note-call", "1 A ")]
    starts = makeup_of_print_html(root, unheld).line_starts
    assert [(start["kind"], start["text"][:4]) for start in starts] == [
        ("em-dash", "—012"), ("ellipsis", "…012"), ("note-call", "1 A ")]


def test_hyphens_at_a_recto_foot_in_a_name_and_before_a_fragment(make_manuscript, tmp_path):
    """Page 7, a recto, ends on 'Con-' of Constantinople, names being hyphenated: a hyphen at the page turn, in a
    name. The print edition keeps a paragraph's last word whole; a manuscript's stylesheet lets it be hyphenated,
    and a paragraph that breaks 'concrete-ness.' ends on a fragment of four letters; one that breaks
    'con-creteness.' does not."""
    markdown = (f"# A\n\n## 1 May 1941.\n\n{SENTENCE * 3}{'a ' * 21}Constantinople was far. {SENTENCE * 8}\n\n"
                f"{'a ' * 12}of concreteness.\n\n{'a ' * 14}of concreteness.\n")
    root = make_manuscript({"a.md": markdown, "styles/print.css": ".no-hyphens { hyphens: auto; }\n"},
                           extra_toml=TINY + "hyphenate-names = true\n")
    qa = qa_report(build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False)))
    name = f"Con{HYPHEN}stantinople"
    assert qa["hyphen_on_recto_foot"] == [{"page": 7, "word": name}]
    assert qa["hyphenated_names"] == [{"page": 7, "word": name}]
    assert [(end["word"], end["page"]) for end in qa["paragraph_ends_on_fragment"]] == [
        (f"concrete{HYPHEN}ness.", 8)]


def test_a_footnote_run_on_to_the_next_page_is_counted(make_manuscript, tmp_path):
    """WeasyPrint moves a footnote whole; a note run on shows as note lines at the head of the next page's notes
    that no note begins at. A footnote without a note's id (a span of class footnote) is such a line."""
    markdown = (f"# A\n\n## 1 May 1941.\n\nA call here.[^1] {SENTENCE * 5}[the rest of the note, run on]{{.footnote}} "
                f"{SENTENCE * 4}\n\n[^1]: The note that begins here, and goes on.\n")
    qa = qa_report(build_pdf(make_manuscript, tmp_path, markdown))
    assert qa["notes_continued"] == [{"note": 1, "page": 7}] and qa["notes_lost"] == []


def test_an_endnote_that_opens_with_a_quotation_after_a_page_turn_is_not_lost(make_manuscript, tmp_path):
    """Endnote 16's number is the last line of page 10, its quotation (a block) begins page 11. In the text, a
    raised endnote call the break left at the head of a line."""
    calls = " ".join(f"Word.[^{n}]" for n in range(1, 17))
    notes = "".join(f"[^{n}]: A short note.\n" for n in range(1, 16))
    markdown = (f"# A\n\n## 1 May 1941.\n\n{calls}\n\n{notes}"
                "[^16]: > A quoted passage opens this note, long enough to run over two lines of the page.\n")
    root = make_manuscript({"a.md": markdown}, extra_toml=TINY + '\n[notes]\nprint = "endnotes"\n')
    report = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))
    pdf = report.outputs[0].path.read_bytes()
    from carnets_press.pdf_text import page_texts

    reader = PdfReader(io.BytesIO(pdf))
    page = reader.get_destination_page_number(reader.named_destinations["note-16"])
    texts = page_texts(pdf)
    assert page == 9 and "16" in texts[page].splitlines() and "quoted passage" not in texts[page]
    assert "quoted passage" in texts[page + 1]
    qa = qa_report(report)
    assert qa["notes_lost"] == [] and qa["line_starts"] == [
        {"page": 7, "line": 4, "kind": "note-call", "text": "5 Word.6 Word.7 Word.8 Word.9"}]


def test_a_limit_of_book_toml_passed_fails_the_build_at_its_line(make_manuscript, tmp_path):
    limits = "\n[print.qa]\nmax-short-pages = 0\nmax-uneven-spreads = 1\nword-space-p90 = 0.5\nword-space-min = 0.1\n"
    root = make_manuscript({"a.md": SHORT_PAGE}, extra_toml=TINY + limits)
    with pytest.raises(FindingsError) as raised:
        build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))
    found = [f for f in raised.value.findings if f.code == "print-makeup-threshold"]
    lines = (root / "book.toml").read_text(encoding="utf-8").splitlines()
    assert [(f.severity, f.location.file.name, lines[f.location.line - 1]) for f in found] == [
        (Severity.ERROR, "book.toml", "max-short-pages = 0"), (Severity.ERROR, "book.toml", "word-space-p90 = 0.5")]
    assert [f.message for f in found] == [
        "pages that end 2 or more lines short: 1, over max-short-pages = 0 (page 8)",
        "the word space's 90th percentile in ems: 0.533, over word-space-p90 = 0.5 (page 7)"]


def test_every_limit_of_book_toml_has_its_measure():
    from carnets_press.manuscript.metadata import PRINT_QA_LIMITS
    from carnets_press.validate.print_qa import _LIMITS

    assert set(_LIMITS) == set(PRINT_QA_LIMITS)


def test_a_page_that_ends_with_a_figure_is_not_short():
    """The depth of a page is that of its last line or of a figure under it: laid out by hand, four pages of the
    70 × 90 mm block; the second ends its five lines with a plate to the foot, the third does not."""
    from carnets_press.pdf_text import Line
    from carnets_press.validate.print_makeup import SetPage, TextBlock, measure

    block, _ = TextBlock.pair(PrintOptions(width_mm=70, height_mm=90))
    first = block.top - 10.9  # the body's first baseline: its line box's height over its depth under the baseline

    def lines(count: int) -> list[Line]:
        return [Line(SENTENCE, first - 14 * n, block.left, block.right, SIZE, (6.7,)) for n in range(count)]

    plate = [(block.left, block.bottom + 0.5, block.right, 160.0)]
    full = LINES_A_PAGE
    pages = [SetPage(1, "text", block, lines(full), [], [], True),
             SetPage(2, "text", block, lines(5), [], plate, False),
             SetPage(3, "text", block, lines(5), [], [], False), SetPage(4, "text", block, lines(full), [], [], False)]
    makeup = measure(pages)
    assert makeup.grid == {"leading": 14, "first_baseline": round(first, 3), "tolerance": 0.25}
    assert [row["lines_short"] for row in makeup.page_makeup] == [0, 0, full - 5, 0]
    assert makeup.short_pages == [{"page": 3, "lines_short": full - 5}]
    assert makeup.facing_pages_uneven == [{"pages": [2, 3], "lines_short": [0, full - 5]}]


def test_a_word_too_long_for_the_measure_makes_an_overfull_line(make_manuscript, tmp_path):
    """A word WeasyPrint cannot break (no vowel, no hyphenation point) runs past the text block's right edge by
    its advance less the measure, and stays on the page (the outer margin is wider): a warning with its page."""
    word = "m" * 20
    over = advance(word) - MEASURE
    assert 0.3 * SIZE < over < GEOMETRY.outer_mm * PT  # past the tolerance, short of the page's edge
    report = build_pdf(make_manuscript, tmp_path, f"# A\n\n## 1 May 1941.\n\n{word} and some words after it.\n")
    [line] = qa_report(report)["overfull_lines"]
    assert line["over"] == pytest.approx(over, abs=0.2) and not line["off_page"] and line["text"].startswith(word)
    [found] = [f for f in report.findings if f.code == "print-line-overfull"]
    assert found.severity is Severity.WARNING and found.message.startswith(f"page {line['page']}, line {line['line']}:")


def test_a_line_off_the_page_fails_the_build(make_manuscript, tmp_path):
    word = "m" * 30
    assert advance(word) - MEASURE > GEOMETRY.outer_mm * PT
    with pytest.raises(FindingsError) as raised:
        build_pdf(make_manuscript, tmp_path, f"# A\n\n## 1 May 1941.\n\n{word} and some words after it.\n")
    assert [f.code for f in raised.value.findings if f.severity is Severity.ERROR] == ["print-text-off-page"]
    assert not (tmp_path / "out" / "doe-test-notebooks.pdf").exists()


@pytest.mark.parametrize(("sentences", "lines"), [(22, 3), (24, 5)])
def test_a_parts_last_page_with_few_lines(make_manuscript, tmp_path, sentences, lines):
    """Part A's paragraph runs from its opening page over page 8 to page 9, where it ends after `lines` lines (a
    line each sentence), before part B opens on page 11: a last page of fewer than five lines is listed, its lines
    those the PDF's text has. Part B's one page, its opening page, is its last page too, and is not."""
    markdown = f"# A\n\n## 1 May 1941.\n\n{SENTENCE * sentences}\n\n# B\n\n## 2 May 1941.\n\n{SENTENCE}\n"
    report = build_pdf(make_manuscript, tmp_path, markdown)
    qa = qa_report(report)
    from carnets_press.pdf_text import page_texts

    texts = page_texts(report.outputs[0].path.read_bytes())
    assert qa["part_pages"] == {"part-a": 7, "part-b": 11}
    assert len(texts[8].splitlines()) - 1 == lines  # page 9's lines, less its running head
    assert qa["last_pages_few_lines"] == ([{"page": 9, "lines": lines}] if lines < 5 else [])


def test_a_limit_on_last_pages_with_few_lines(make_manuscript, tmp_path):
    markdown = f"# A\n\n## 1 May 1941.\n\n{SENTENCE * 22}\n\n# B\n\n## 2 May 1941.\n\n{SENTENCE}\n"
    root = make_manuscript({"a.md": markdown}, extra_toml=TINY + "\n[print.qa]\nmax-short-last-pages = 0\n")
    with pytest.raises(FindingsError) as raised:
        build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False))
    assert [f.message for f in raised.value.findings if f.code == "print-makeup-threshold"] == [
        "last pages of a part with fewer than 5 lines: 1, over max-short-last-pages = 0 (page 9)"]
