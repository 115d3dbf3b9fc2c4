"""Pandoc's constructs in both editions: a book holding all of them builds with `carnets-press build all`, passes
EPUBCheck with no error or warning and the print QA with no note lost; each is written semantically in the
EPUB (Pandoc's HTML, without inline style) and set properly in print."""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
import tinyhtml5
from epub_reading import NS, BuiltEpub
from support_images import png
from typer.testing import CliRunner

from carnets_press.cli import app
from carnets_press.pipeline import load
from carnets_press.render.print.document import print_html

MODIFIED = datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
TOML = """\
title = "Pandoc Constructs"
language = "en-GB"
contents = ["1661.md"]

[[creators]]
name = "Jane Doe"
"""
DIARY = """\
# 1661 {.year}

## 26–29 July 1661. A journey {date=1661-07-26/1661-07-29 .travel}

Y^e^ road, H~2~O, ~~struck~~, [the inn[^link]](#inn) and a phrase [in Italian]{lang='it'}.^[An inline note.]

| The limerick packs laughs anatomical
|    Into space that is quite economical.[^verse]
| And the clean ones so seldom are comical

::: {#letter1 .letter lang=fr}
Cher *ami*,

::: telegram
ARRIVONS DEMAIN[^div]
:::
:::

![A street in *Marseille*](images/street.png){#fig1 .wide}

| Day | Miles | Inn |
|:----|------:|:---:|
| Monday | 12 | [The Bell]{#inn}[^cell] |
| Tuesday | 30 | none |

Table: Stages of the journey.

  Right     Left     Center     Default
-------     ------ ----------   -------
     12     12        12            12
    123     123       123          123

Bell
:   An inn.[^dl]

a. one
b. two

(iv) four
(v) five

<div lang="fr">

Un paragraphe *en français*.[^html]

</div>

## Other {- lang=it}

> | A quoted line.[^quote]

- An item.[^item]

[^link]: In a link.
[^verse]: In verse.
[^div]: In a div.
[^cell]: In a cell, with a table of its own:

    | a | b |
    |---|--:|
    | one | 1 |

[^dl]: In a definition, with lines:

    | first line
    | second line

[^html]: In raw HTML, with a raw block.

    <div class="aside">A raw block in a note.</div>

[^quote]: In a quote.
[^item]: In an item:

    i. first
    ii. second
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("pandoc") / "manuscript"
    (root / "images").mkdir(parents=True)
    (root / "book.toml").write_text(TOML, encoding="utf-8")
    (root / "1661.md").write_text(DIARY, encoding="utf-8")
    (root / "images" / "street.png").write_bytes(png(400, 200, "gray"))
    out = root.parent / "out"
    result = CliRunner().invoke(app, ["build", "all", "-m", str(root), "-o", str(out)], catch_exceptions=False)
    return root, out, result


def test_the_book_builds_with_both_validations_clean(built):
    _, out, result = built
    assert result.exit_code == 0, result.output
    assert "EPUBCheck" in result.output and ": 0 errors, 0 warnings" in result.output
    assert "markdown-unsupported" not in result.output
    qa = json.loads(next(out.glob("*.print-qa.json")).read_text(encoding="utf-8"))
    assert qa["notes_lost"] == [] and "9 notes (0 lost, 0 moved)" in result.output


@pytest.fixture(scope="module")
def part(built):
    _, out, _ = built
    return BuiltEpub(next(out.glob("*.epub"))).xml("EPUB/part-1661.xhtml")


def xpath(doc, path):
    return doc.xpath(path, namespaces=NS)


def test_the_epub_has_no_inline_style_and_no_link_in_a_link(part):
    assert xpath(part, "//*[@style]") == []
    assert xpath(part, "//x:a//x:a") == []
    # The call in a link's text follows the link.
    link = xpath(part, "//x:a[@href='#inn']")[0]
    assert link.xpath("string()") == "the inn" and link.getnext().get("class") == "noteref"


def test_line_block_fenced_divs_and_inline_marks_in_the_epub(part):
    line_block, = xpath(part, "//x:section[@id='entry-1661-07-26-1661-07-29']/x:div[@class='line-block']")
    assert len(line_block.findall("{%s}br" % NS["x"])) == 2
    assert "\u00a0\u00a0\u00a0Into space" in line_block.xpath("string()")
    letter, = xpath(part, "//x:div[@id='letter1']")
    assert (letter.get("class"), letter.get("lang"), letter.get("{http://www.w3.org/XML/1998/namespace}lang")) == (
        "letter", "fr", "fr")
    assert xpath(letter, "x:div[@class='telegram']/x:p")
    assert [element.tag.split("}")[1] for element in xpath(part, "//x:sup[not(parent::x:a)] | //x:sub | //x:del")] \
        == ["sup", "sub", "del"]
    assert xpath(part, "//x:span[@lang='it'][@xml:lang='it']")


def test_figure_table_lists_and_raw_html_in_the_epub(part):
    figure, = xpath(part, "//x:figure")
    assert figure.get("id") == "fig1"
    image, caption = list(figure)
    assert (image.get("class"), image.get("alt")) == ("wide", "A street in Marseille")
    assert caption.get("aria-hidden") == "true" and caption.xpath("string()") == "A street in Marseille"
    pipe, simple = xpath(part, "//x:section[@id='entry-1661-07-26-1661-07-29']/x:table")
    assert xpath(pipe, "string(x:caption)") == "Stages of the journey."
    assert [th.get("class") for th in xpath(pipe, "x:thead/x:tr/x:th")] == ["align-left", "align-right",
                                                                           "align-center"]
    assert len(xpath(pipe, "x:tbody/x:tr")) == 2 and len(xpath(simple, "x:tbody/x:tr/x:td")) == 8
    assert [(ol.get("type"), ol.get("start")) for ol in xpath(part, "//x:section/x:section/x:ol")] == [
        ("a", None), ("i", "4")]
    assert xpath(part, "//x:dl/x:dt") and xpath(part, "//x:dl/x:dd")
    assert xpath(part, "//x:div[@class='html']/x:div[@lang='fr']/x:p/x:em")


def test_heading_classes_and_unnumbered_reach_the_epub_sections(part):
    assert xpath(part, "//x:section[@id='part-1661']")[0].get("class").split()[:2] == ["part", "year"]
    assert "travel" in xpath(part, "//x:section[@id='entry-1661-07-26-1661-07-29']")[0].get("class").split()
    other = xpath(part, "//x:section[@id='entry-other']")[0]
    assert "unnumbered" in other.get("class").split() and other.get("lang") == "it"


@pytest.fixture(scope="module")
def printed(built):
    root, _, _ = built
    book = load(root).buildable()
    return book, print_html(book, MODIFIED)


def test_every_note_stays_whole_in_its_footnote_in_print(printed):
    """Parsed as WeasyPrint parses it: no block of a note (a table, lines, raw HTML) ends the paragraph and
    falls into the main column."""
    book, html = printed
    tree = tinyhtml5.parse(html.document())
    x = "{http://www.w3.org/1999/xhtml}"
    footnotes = {span.get("id"): span for span in tree.iter(f"{x}span") if span.get("class") == "footnote"}
    assert len(footnotes) == len(book.notes())
    for note in book.notes():
        span = footnotes[f"note-{note.number}"]
        for marker in [inner for inner in span.iter() if inner.get("class") == "note-marker"]:
            marker.text = ""  # a list's markers, written out in print
        text = "".join("".join(span.itertext()).split())
        for block in note.blocks:  # every letter of it, in order (the spaces between a table's cells aside)
            letters = "".join("".join(ET.fromstring(f"<r>{_xml(block)}</r>").itertext()).split())
            assert letters in text, f"note {note.number} lost {letters!r}"
        assert all(not child.tag.endswith(("}div", "}p", "}table")) for child in span.iter())
    body = tree.find(f"{x}body")
    loose = [element for element in body.iter() if "A raw block in a note." in (element.text or "")
             and not any(element is inner for span in footnotes.values() for inner in span.iter())]
    assert loose == []


def _xml(block):
    from carnets_press.render import xhtml

    return str(xhtml.render_nodes([block], xhtml.Links(lambda ref: "")))


def test_heading_classes_and_language_reach_print(printed):
    """The print template's sections carry the role and classes of parts and entries, and their language, which their
    heading and blocks inherit (WeasyPrint hyphenates by it)."""
    _, html = printed
    section = html.parts[0]
    assert section.startswith('<section class="part year" id="part-1661">')
    assert '<section class="entry unnumbered" id="entry-other" lang="it">' in section


def test_a_table_in_a_note_is_set_as_a_table(printed):
    _, html = printed
    document = html.document()
    assert '<span class="note-table"><span class="note-thead"><span class="note-tr">' in document
    assert '<span class="note-td align-right">1</span>' in document


def test_print_keeps_lines_unjustified_and_tables_to_the_measure(built):
    from carnets_press.render.print.fetcher import allowed_roots
    from carnets_press.render.print.layout import lay_out
    from carnets_press.render.print.pdf import base_url
    from carnets_press.render.print.styles import print_stylesheets

    root, _, _ = built
    book = load(root).buildable()
    document = lay_out(print_html(book, MODIFIED).document(), base_url(book), print_stylesheets(book),
                       allowed_roots(book)).document
    boxes = [box for page in document.pages for box in page._page_box.descendants()]
    measure = document.pages[-1]._page_box.width
    line_blocks = [box for box in boxes if type(box).__name__ == "BlockBox"
                   and "line-block" in (box.element.get("class") or "")]
    assert line_blocks and all((box.style["text_align_all"], box.style["hyphens"], box.style["text_indent"].value)
                               == ("left", "manual", 0) for box in line_blocks)
    tables = [box for box in boxes if type(box).__name__ == "TableBox" and box.element_tag == "table"]
    assert len(tables) == 2 and all(abs(box.border_width() - measure) < 1 for box in tables)
    assert all(box.style["font_size"] < 14 for box in tables)  # in px: smaller than the text's 11pt (14.67px)
    cells = [box for box in boxes if type(box).__name__ == "TableCellBox" and box.element_tag == "td"
             and "align-right" in (box.element.get("class") or "")]
    assert cells and all(box.style["text_align_all"] == "right" for box in cells)
    letters = [box for box in boxes if getattr(box, "element_tag", None) == "div"
               and "letter" in (box.element.get("class") or "").split()]
    assert letters and all(box.style["break_inside"] == "avoid" for box in letters)
    # The French div is hyphenated as French: its language reaches WeasyPrint.
    assert any(box.style["lang"] == "fr" for box in letters)
