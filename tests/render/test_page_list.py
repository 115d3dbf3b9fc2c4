"""The print edition's page numbers in the EPUB: a marker where each page of the PDF begins, held to the PDF's
own text (read back with PDFium), not to what our layout said."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2
import pytest
from typer.testing import CliRunner

from carnets_press.cli import app
from carnets_press.manuscript.model import Element, Part, Text
from carnets_press.pagination import END, PageStart, resolve
from carnets_press.render.page_breaks import place_page_breaks
from tests.epub_reading import NS, BuiltEpub

SAMPLE = Path(__file__).parents[2] / "manuscript"
PAGEBREAK = "{http://www.idpf.org/2007/ops}type"


@pytest.fixture(scope="module")
def both_editions(tmp_path_factory) -> tuple[BuiltEpub, list[str]]:
    out = tmp_path_factory.mktemp("both")
    result = CliRunner().invoke(app, ["build", "all", "-m", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    pdf = pypdfium2.PdfDocument(next(out.glob("*.pdf")))
    texts = [page.get_textpage().get_text_range() for page in pdf]
    return BuiltEpub(next(out.glob("*.epub"))), texts


def _compact(text: str) -> str:
    """Text without spaces (letter-spaced headings come out of PDFium as "I ntroduction"), a hyphen that PDFium
    marks at a line end (U+FFFE) joined."""
    return re.sub(r"\s+", "", text.replace("\ufffe\r\n", "").replace("\ufffe", "-"))


def _text_after_markers(epub: BuiltEpub) -> dict[str, tuple[str, str, str]]:
    """Each marker's folio → (its document, the text before it in its document, the text after it), the
    footnotes (asides) left out; a call's number stays, as the PDF prints it."""
    found = {}
    for name, root in epub.documents().items():
        if name.endswith("nav.xhtml"):
            continue
        body = root.find("x:body", NS)
        pieces: list[tuple[str | None, str]] = []  # (folio of a marker, None) or (None, text)

        def collect(element):
            if element.tag == f"{{{NS['x']}}}aside":
                pieces.append((None, " "))
                return
            if element.get(PAGEBREAK) == "pagebreak":
                pieces.append((element.get("aria-label"), ""))
            pieces.append((None, element.text or ""))
            for child in element:
                collect(child)
                pieces.append((None, child.tail or ""))
            pieces.append((None, " "))

        collect(body)
        for index, (folio, _) in enumerate(pieces):
            if folio is not None:
                before = "".join(text for _, text in pieces[:index])
                after = "".join(text for _, text in pieces[index + 1:])
                found[folio] = (name, before, after)
    return found


def test_every_print_page_has_one_marker_and_a_page_list_entry(both_editions):
    epub, pdf_pages = both_editions
    markers = _text_after_markers(epub)
    assert sorted(markers, key=int) == [str(number) for number in range(1, len(pdf_pages) + 1)]
    nav = epub.xml("EPUB/nav.xhtml")
    page_list = nav.xpath("//x:nav[@epub:type='page-list']//x:a", namespaces=NS)
    assert [link.text for link in page_list] == [str(number) for number in range(1, len(pdf_pages) + 1)]
    for link in page_list:
        document, _, anchor = link.get("href").partition("#")
        assert epub.xml(f"EPUB/{document}").xpath(f"//*[@id='{anchor}']", namespaces=NS), link.get("href")


def test_the_words_after_each_marker_begin_that_pdf_page(both_editions):
    epub, pdf_pages = both_editions
    markers = _text_after_markers(epub)
    checked = 0
    for number, page_text in enumerate(pdf_pages, start=1):
        document, before, after = markers[str(number)]
        pdf_start, epub_start = _compact(page_text), _compact(after)
        if document.endswith("titlepage.xhtml"):
            continue  # the tool's front matter: its EPUB counterpart is the title page (below)
        if not pdf_start:  # a blank page: its marker is right before the next page's
            assert not epub_start[:1] or _compact(markers[str(number + 1)][2]) == epub_start
            continue
        if not pdf_start.startswith(epub_start[:40]):
            # A word hyphenated across the page turn: the page begins with its end, the marker follows the word.
            fragment = page_text.split()[0]
            assert _compact(before).endswith(_compact(fragment)), (number, page_text[:60], after[:60])
            assert _compact(page_text.split(None, 1)[1]).startswith(epub_start[:40]), (number, after[:60])
        checked += 1
    assert checked > len(pdf_pages) // 2  # the body pages, not only the exceptions


def test_front_matter_markers_open_the_title_page_in_order(both_editions):
    epub, _ = both_editions
    titlepage = epub.xml("EPUB/titlepage.xhtml")
    folios = [span.get("aria-label") for span in titlepage.iter() if span.get(PAGEBREAK) == "pagebreak"]
    assert folios and folios == [str(number) for number in range(1, len(folios) + 1)]


def test_the_package_names_the_print_edition_as_the_source_of_the_pages(both_editions):
    epub, _ = both_editions
    features = epub.meta("schema:accessibilityFeature")
    assert "pageNavigation" in features and "printPageNumbers" in features
    source = epub.meta("pageBreakSource")
    assert source and source[0] in [el.text for el in epub.opf.xpath("//dc:source", namespaces=NS)]


def test_epub_alone_has_no_page_list_and_says_why(tmp_path):
    result = CliRunner().invoke(app, ["build", "epub", "-m", str(SAMPLE), "--out", str(tmp_path), "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "no print page numbers: no print PDF has been built" in result.output
    assert "page-list-unavailable" not in result.output  # not asked for in book.toml: said, not warned
    epub = BuiltEpub(next(tmp_path.glob("*.epub")))
    assert not epub.xml("EPUB/nav.xhtml").xpath("//x:nav[@epub:type='page-list']", namespaces=NS)


def test_asked_for_and_unavailable_it_is_a_warning(tmp_path):
    manuscript = tmp_path / "manuscript"
    shutil.copytree(SAMPLE, manuscript)
    with (manuscript / "book.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n[epub]\npage-list = true\n")
    result = CliRunner().invoke(app, ["build", "epub", "-m", str(manuscript), "--out", str(tmp_path / "out"),
                                      "--no-validate"])
    assert result.exit_code == 0, result.output
    assert "book.toml: warning: the EPUB has no print page numbers" in result.output
    assert "[page-list-unavailable]" in result.output


def test_an_edited_text_makes_the_kept_page_list_stale(tmp_path):
    manuscript = tmp_path / "manuscript"
    shutil.copytree(SAMPLE, manuscript)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["build", "pdf", "-m", str(manuscript), "--out", str(out)]).exit_code == 0
    pages = len(pypdfium2.PdfDocument(next(out.glob("*.pdf"))))
    current = runner.invoke(app, ["build", "epub", "-m", str(manuscript), "--out", str(out), "--no-validate"])
    assert current.exit_code == 0 and f"print page numbers: {pages} pages" in current.output
    introduction = manuscript / "introduction.md"
    introduction.write_text(introduction.read_text(encoding="utf-8") + "\nA new last paragraph.\n", encoding="utf-8")
    stale = runner.invoke(app, ["build", "epub", "-m", str(manuscript), "--out", str(out), "--no-validate"])
    assert stale.exit_code == 0 and "another text" in stale.output


# Where a marker goes in a flow, by the rules the issue gives (no layout needed) ------------------------

def _book_of(*paragraphs: str):
    from carnets_press.manuscript.files import ManuscriptFiles
    from carnets_press.manuscript.metadata import Metadata
    from carnets_press.manuscript.model import Book

    blocks = [Element("p", {}, [Text(text)]) for text in paragraphs]
    part = Part([Text("One")], blocks, None, id="part-one")  # type: ignore[arg-type]
    return Book(Metadata(title="T", language="en", contents=()), Path("."), [part], ManuscriptFiles(Path(".")))


def _marked(book, offset: int) -> str:
    breaks = place_page_breaks(book, [PageStart("2", "part-one", offset)])
    part = breaks.parts[0]
    if breaks.before_heading.get("part-one"):
        return "|" + "".join(node.value for block in part.blocks for node in block.children if isinstance(node, Text))
    return " / ".join("".join("|" if isinstance(node, Element) else node.value for node in block.children)
                      for block in part.blocks)


def test_a_marker_goes_before_the_word_and_its_opening_quote():
    book = _book_of("He said “Bonjour” to them.")
    # 3 letters of the heading (One), then H e s a i d: the page's first letter is B.
    assert _marked(book, 3 + 6) == "He said |“Bonjour” to them."


def test_a_word_split_by_the_page_turn_gets_its_marker_after_it():
    book = _book_of("a criminal classification system")
    # The page begins at "fication": 3 (One) + 1 (a) + 8 (criminal) + 6 (classi).
    assert _marked(book, 3 + 1 + 8 + 6) == "a criminal classification| system"


def test_a_page_that_begins_after_a_dash_begins_there():
    book = _book_of("Trotsky—and Natalia")
    assert _marked(book, 3 + 7) == "Trotsky—|and Natalia"


def test_a_page_that_begins_with_the_heading_has_its_marker_before_it():
    assert _marked(_book_of("Text."), 0).startswith("|")


def test_pages_without_text_begin_where_the_next_does_and_at_the_end_after_the_last():
    starts = resolve([(None, 0), None, ("part-one", 0), ("part-one", 40), None])
    assert [(page.folio, page.flow, page.offset) for page in starts] == [
        ("1", None, 0), ("2", "part-one", 0), ("3", "part-one", 0), ("4", "part-one", 40), ("5", "part-one", END)]
    breaks = place_page_breaks(_book_of("Last words."), [PageStart("5", "part-one", END)])
    assert isinstance(breaks.parts[0].blocks[-1].children[-1], Element)


def test_a_kept_page_list_that_cannot_be_of_the_book_is_not_used():
    from carnets_press.pagination import fits

    flows = {None, "part-one"}
    good = [PageStart("1", None, 0), PageStart("2", "part-one", 0), PageStart("3", "part-one", 90)]
    assert fits(good, flows)
    assert not fits([PageStart("1", "part-elsewhere", 0)], flows)  # a flow the book does not have
    assert not fits([PageStart("2", None, 0)], flows)  # folios not 1, 2, 3…
    assert not fits([PageStart("1", "part-one", 90), PageStart("2", "part-one", 5)], flows)  # going back
    assert not fits([PageStart("1", "part-one", -7)], flows)
