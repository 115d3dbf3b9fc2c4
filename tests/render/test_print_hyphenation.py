"""The print edition's line starts and hyphens that CSS alone cannot govern in WeasyPrint 70 (issue 14): no line
begins with a closed em dash or a spaced ellipsis; names are hyphenated only where a paragraph cannot be set
otherwise, never with `[print] hyphenate-names = false`, as any word with `true`; no paragraph ends on a fragment
of its last word. Read back from PDFs of small manuscripts laid out on a narrow
page, where the same sentence at eighty offsets puts the dash, the ellipsis, the names and the last words at every
place of a line; and in the print HTML, whose spans the EPUB never has.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from weasyprint_logs import assert_no_weasyprint_logs

from carnets_press.build import BuildOptions, build
from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.model import Element
from carnets_press.pdf_text import read_pages
from carnets_press.pipeline import load
from carnets_press.render.print.document import print_html
from carnets_press.validate.print_makeup import HYPHEN

NARROW = '\n[print]\nwidth = "90mm"\nheight = "140mm"\n'
WORDS = ("the ship sailed from the harbour with refugees aboard and nobody knew whether the port would let them "
         "land before the storms").split()
MODIFIED = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def lead(offset: int) -> str:
    """3 to 39 words, so that what follows them falls at every place of a line, over the offsets."""
    return " ".join(WORDS[(offset + index) % len(WORDS)] for index in range(offset % 37 + 3))


def paragraphs(sentence: str, count: int = 80) -> str:
    return "\n\n".join(f"{lead(offset)} {sentence}" for offset in range(count))


def laid_out(make_manuscript, tmp_path, markdown: str, toml: str = "", page: str = NARROW):
    """The PDF's body lines, in reading order, and the print QA's report."""
    root = make_manuscript({"a.md": f"# A\n\n{markdown}\n"}, extra_toml=page + toml)
    with assert_no_weasyprint_logs():  # no .notdef: the font has, or hides, every character print adds
        built = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out", use_cache=False)).outputs[0]
    pages = read_pages(built.path.read_bytes())
    lines = [line.text for page in pages for line in page.content.lines if line.size > 10]  # not the folios
    return lines, json.loads(built.report_path.read_text(encoding="utf-8"))


def test_no_line_begins_with_a_closed_dash_or_a_spaced_ellipsis(make_manuscript, tmp_path):
    lines, report = laid_out(make_manuscript, tmp_path, paragraphs(
        "appalled---but calm, he waited ... and then the sea and the long wait in the hold went on for days."))
    assert not [line for line in lines if line.startswith(("—", "\u2060", "…"))]
    assert report["line_starts"] == []
    assert any(line.endswith("—") for line in lines)  # the break after the dash is still there
    text = " ".join(lines).replace(HYPHEN + " ", "")  # "ap‐ palled": the words as written
    assert text.count("appalled") == text.count("—") == text.count("…") == 80


def test_a_note_call_never_begins_a_line(make_manuscript, tmp_path):
    """Not even after a closing quote or a space: WeasyPrint breaks no line around the empty anchor the print HTML
    writes before each call (render/print/document.py), so the call stays with the word before it."""
    calls = ("word!", "‘word’", "word ")
    markdown = "\n\n".join(f"{lead(offset)} {calls[offset % 3]}[^{offset}] and the sea went on for days."
                             for offset in range(90))
    notes = "".join(f"\n\n[^{offset}]: A note." for offset in range(90))
    lines, report = laid_out(make_manuscript, tmp_path, markdown + notes)
    assert [start for start in report["line_starts"] if start["kind"] == "note-call"] == []
    assert not [line for line in lines if line[:1].isdigit()]
    assert any(re.search(r"word\W* ?\d+$", line) for line in lines)  # calls do fall at a line's end


NAMES = "and Constantinople, Quetzalcoatl and Bolshevism were everywhere, in their concreteness."


def test_names_kept_whole_are_not_hyphenated_nor_is_a_paragraphs_last_word(make_manuscript, tmp_path):
    lines, report = laid_out(make_manuscript, tmp_path, paragraphs(NAMES), "hyphenate-names = false\n")
    assert report["hyphenated_names"] == [] and report["paragraph_ends_on_fragment"] == []
    assert not [line for line in lines if line.endswith(HYPHEN) and line.split()[-1][:1].isupper()]
    assert not [line for line in lines if line.endswith("concrete" + HYPHEN)]  # which WeasyPrint alone does
    assert report["hyphenated_line_ends"] > 0  # other words still are


def test_names_are_hyphenated_as_any_word_with_hyphenate_names_true(make_manuscript, tmp_path):
    _, report = laid_out(make_manuscript, tmp_path, paragraphs(NAMES), "hyphenate-names = true\n")
    assert report["hyphenated_names"]
    assert report["paragraph_ends_on_fragment"] == []


def test_by_default_names_are_hyphenated_only_where_the_spaces_would_gape(make_manuscript, tmp_path):
    """The same 80 paragraphs on the default page: by default a name is hyphenated only where keeping it whole
    would leave a line's spaces wider than the breaking allows, so less often than with `true`, and the lines
    whose spaces gape over half an em are far fewer than with `false`. None gapes as a line WeasyPrint set on past
    the measure did, which a paragraph of two names in a row had ("…the port and / Constantinople, Quetzalcoatl",
    its spaces 0.97 em: render/print/hyphenation.py's `_wrapped`)."""
    reports = {value: laid_out(make_manuscript, tmp_path / value, paragraphs(NAMES),
                               "" if value == "default" else f"hyphenate-names = {value}\n", page="\n[print]\n")[1]
               for value in ("default", "true", "false")}
    hyphenated = {value: len(report["hyphenated_names"]) for value, report in reports.items()}
    gaping = {value: report["word_space"]["over_0_5"] for value, report in reports.items()}
    assert 0 == hyphenated["false"] < hyphenated["default"] < hyphenated["true"]
    assert gaping["default"] <= gaping["false"] / 2
    assert reports["default"]["word_space"]["max"] < 0.6
    assert reports["default"]["paragraph_ends_on_fragment"] == []


def kept_whole(make_manuscript, markdown: str, toml: str = "") -> tuple[list[str], str]:
    """The words in no-hyphens spans of the print HTML, and the EPUB's text (the model, after print_html)."""
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"}, extra_toml=toml)).buildable()
    document = print_html(book, MODIFIED).document()
    spans = [piece.split("</span>")[0] for piece in document.split('<span class="no-hyphens">')[1:]]
    assert not [visit.node for visit in book.walk() if isinstance(visit.node, Element)  # the EPUB's model: untouched
                and (visit.node.attrs.get("class") == "no-hyphens" or "data-names" in visit.node.attrs)]
    return spans, document


def test_a_name_is_a_word_capitalised_not_at_a_sentences_start(make_manuscript):
    """The span takes the punctuation after the word: a span ending before it made WeasyPrint end the sample's
    line "ing to Brazil." there, its spaces 11 ems wide (tests/render/test_pdf.py measures the sample's)."""
    spans, _ = kept_whole(make_manuscript, (
        "Yesterday Trotsky wrote. Trotsky answered and Germany’s army moved. Dissatisfaction spread widely.\n\n"
        "“Germany,” he said. (Germany.) Mr. Moreover met Vladimir[^1] and Vlady in a garden.\n\n"
        "[^1]: Vladimir Kibalchich, his son, a painter of murals."), "\n[print]\nhyphenate-names = false\n")
    assert spans == ["Trotsky", "Trotsky", "Germany’s", "widely.",  # Dissatisfaction begins a sentence
                     "Germany,”", "Germany.)", "Moreover", "Vladimir",  # Mr. Moreover: after an abbreviation
                     "Vladimir ", "Kibalchich,", "murals.",  # the footnote is set at its call
                     "garden."]  # Vlady is too short to be hyphenated at all


def test_by_default_the_last_words_are_kept_whole_and_names_marked(make_manuscript):
    spans, document = kept_whole(make_manuscript, "He met Trotsky in Coyoacán.\n\n> A quotation by *Natalia Sedova*.")
    assert spans == ["Coyoacán.", "Sedova"]  # the full stop after Sedova is outside the emphasis
    # Listed on their paragraphs, hyphenated only if it cannot be set otherwise (render/print/line_breaking.py).
    assert re.findall(r'data-names="([^"]*)"', document) == ["Trotsky", "Natalia"]


@pytest.mark.parametrize(("value", "expected"), [
    ("true", "always"), ("false", "never"), ('"if-needed"', "if-needed"), ('"always"', "always")])
def test_hyphenate_names_is_true_false_or_if_needed(make_manuscript, value, expected):
    book = load(make_manuscript({"a.md": "# A\n\nText.\n"}, extra_toml=f"\n[print]\nhyphenate-names = {value}\n"))
    assert book.book.metadata.print.hyphenate_names == expected


def test_hyphenate_names_must_be_true_false_or_if_needed(make_manuscript):
    with pytest.raises(ManuscriptError, match='hyphenate-names must be true, false or "if-needed"'):
        load(make_manuscript({"a.md": "# A\n\nText.\n"}, extra_toml='\n[print]\nhyphenate-names = "no"\n'))
