"""Markdown as Pandoc users write it, read into the model.

The expected HTML is Pandoc's (pandoc 3.9, `pandoc -f markdown -t html`, quoted in each test), as our
serialiser writes it: attributes sorted, void elements closed with `/>`, a note's call written [label]. Where
we differ from Pandoc on purpose, the test says so.
"""

from __future__ import annotations

import pytest
from markupsafe import Markup
from support_images import png

from carnets_press.manuscript.model import Element, NoteRef, Text, walk
from carnets_press.manuscript.reader import read_book
from carnets_press.render import xhtml

LINKS = xhtml.Links(lambda ref: Markup("[{}]").format(ref.note.label or "inline"))


def read(make_manuscript, markdown, files=None):
    """The book of one file whose first entry's text is `markdown` (its line 1 is the file's line 5)."""
    root = make_manuscript({"a.md": "# 1941\n\n## 2 May 1941.\n\n" + markdown})
    for name, data in (files or {}).items():
        (root / name).write_bytes(data)
    return read_book(root)


def body(make_manuscript, markdown, files=None):
    """The entry's blocks as HTML, and the findings' codes."""
    book, findings = read(make_manuscript, markdown, files)
    return str(xhtml.render_blocks(book.parts[0].entries[0].blocks, LINKS)), [f.code for f in findings]


def unsupported(findings):
    return [(f.location.line, f.message) for f in findings if f.code == "markdown-unsupported"]


# 1. Line blocks ---------------------------------------------------------------------------------------------

def test_a_line_block_keeps_its_lines_and_leading_spaces(make_manuscript):
    # Pandoc: <div class="line-block">The limerick packs laughs anatomical<br />
    #            Into space that is quite economical.<br />…</div>, the leading spaces as U+00A0 in its AST.
    html, codes = body(make_manuscript, "| The limerick packs laughs anatomical\n"
                                        "|    Into space that is quite economical.\n"
                                        "| And the clean ones\n"
                                        "  so seldom are comical\n"
                                        "|\n"
                                        "| 200 Main St.\n")
    assert html == ('<div class="line-block">The limerick packs laughs anatomical<br/>'
                    "\u00a0\u00a0\u00a0Into space that is quite economical.<br/>"
                    "And the clean ones so seldom are comical<br/><br/>200 Main St.</div>")
    assert codes == []


def test_a_line_block_in_a_block_quote_with_a_note(make_manuscript):
    html, codes = body(make_manuscript, "> | line one\n> | line two[^1]\n\n[^1]: n\n")
    assert html == '<blockquote>\n<div class="line-block">line one<br/>line two[1]</div>\n</blockquote>'
    assert codes == []


# 2. Fenced divs ---------------------------------------------------------------------------------------------

def test_fenced_divs_nest_with_fences_of_one_length(make_manuscript):
    # Pandoc: <div id="special" class="letter" lang="fr"><p>Dear <em>friend</em>,</p>
    #         <div class="telegram"><p>STOP</p></div></div>
    html, codes = body(make_manuscript, "::: {#special .letter lang=fr}\nDear *friend*,\n\n::: telegram\nSTOP\n"
                                        ":::\n:::\n\nAfter.\n")
    assert html == ('<div class="letter" id="special" lang="fr" xml:lang="fr"><p>Dear <em>friend</em>,</p>'
                    '<div class="telegram"><p>STOP</p></div></div>\n<p>After.</p>')
    assert codes == []


def test_fenced_div_forms_pandoc_reads(make_manuscript):
    # "::: Warning ::::::" (trailing colons), a closing fence of another length, a fence inside a code block.
    html, _ = body(make_manuscript, "::: Warning ::::::\nThis is a warning.\n\n```\n:::\n```\n:::::::::::::\n")
    assert html == '<div class="Warning"><p>This is a warning.</p><pre><code>:::\n</code></pre></div>'


def test_a_div_inside_a_list_item(make_manuscript):
    # Pandoc: BulletList [[Para [Str "item"], Div ("",["note"],[]) [Para [Str "x"]]]]
    html, _ = body(make_manuscript, "- item\n\n  ::: note\n  x\n  :::\n")
    assert html == '<ul>\n<li><p>item</p><div class="note"><p>x</p></div></li>\n</ul>'


def test_fenced_div_problems_are_reported(make_manuscript):
    book, findings = read(make_manuscript, "::: {.a}\nHello\n\nWorld\n\n## 3 May 1941.\n\n:::\n\n"
                                           "::: {#bad id=}\nx\n")
    assert unsupported(findings) == [
        (5, "a fenced div (':::') is never closed: it ends with the block that holds it, or before the next part "
            "or entry heading"),
        (12, "a closing fence ':::' with no fenced div open is printed as text"),
        (14, "a fenced div whose attributes cannot be read ('::: {#bad id=}') is printed as text")]
    first = book.parts[0].entries[0].blocks
    assert [block.tag for block in first] == ["div"] and len(first[0].children) == 2


def test_a_div_may_not_carry_other_attributes(make_manuscript):
    html, _ = body(make_manuscript, "::: {.letter style='color: red' date=1942}\nx\n:::\n")
    _, findings = read(make_manuscript, "::: {.letter style='color: red'}\nx\n:::\n")
    assert html == '<div class="letter"><p>x</p></div>'
    assert unsupported(findings) == [(5, "attribute style='color: red' on a div is not kept")]


# 3. Implicit figures ------------------------------------------------------------------------------------------

def test_an_image_alone_in_its_paragraph_is_a_figure(make_manuscript):
    # Pandoc 3: <figure id="fig1"><img src="x.png" class="wide" style="width:50.0%" alt="A street in Marseille" />
    #           <figcaption aria-hidden="true">A street in <em>Marseille</em></figcaption></figure>
    # We drop the width (no inline style in the book) and say so.
    book, findings = read(make_manuscript, "![A street in *Marseille*](x.png){#fig1 .wide width=50%}\n\n"
                                           "![A street](x.png \"At noon\") with text.\n",
                          {"x.png": png()})
    html = str(xhtml.render_blocks(book.parts[0].entries[0].blocks, LINKS))
    assert html == ('<figure id="fig1">\n<img alt="A street in Marseille" class="wide" src="x.png"/>'
                    '<figcaption aria-hidden="true">A street in <em>Marseille</em></figcaption>\n</figure>\n'
                    '<p><img alt="A street" src="x.png" title="At noon"/> with text.</p>')
    assert unsupported(findings) == [(5, "attribute width='50%' on image 'x.png' is not kept")]


def test_an_image_without_alt_text_is_no_figure_and_still_an_error(make_manuscript):
    html, codes = body(make_manuscript, "![](x.png)\n", {"x.png": png()})
    assert html == '<p><img alt="" src="x.png"/></p>' and codes == ["image-alt-missing"]


def test_a_note_in_a_figures_alt_text_is_still_an_error(make_manuscript):
    _, codes = body(make_manuscript, "![a street[^1]](x.png)\n\n[^1]: n\n", {"x.png": png()})
    assert "note-in-image-alt" in codes


# 4. Tables ----------------------------------------------------------------------------------------------------

PIPE_TABLE = """\
| Right | Left | Default | Center |
|------:|:-----|---------|:------:|
|   12  |  12  |    12   |    12  |
| 123 | 123[^t] | 123 | 123 |

Table: A caption.

[^t]: In a cell.
"""


def test_a_pipe_table_with_alignments_and_a_caption(make_manuscript):
    # Pandoc: <table><caption>A caption.</caption><thead><tr><th style="text-align: right;">Right</th>…
    # The alignment is a class here: the book has no inline style.
    html, codes = body(make_manuscript, PIPE_TABLE)
    assert html == (
        "<table>\n<caption>A caption.</caption><thead>\n<tr>\n"
        '<th class="align-right">Right</th><th class="align-left">Left</th><th>Default</th>'
        '<th class="align-center">Center</th>\n</tr>\n</thead><tbody>\n<tr>\n'
        '<td class="align-right">12</td><td class="align-left">12</td><td>12</td><td class="align-center">12</td>\n'
        "</tr><tr>\n"
        '<td class="align-right">123</td><td class="align-left">123[t]</td><td>123</td>'
        '<td class="align-center">123</td>\n</tr>\n</tbody>\n</table>')
    assert codes == []


def test_a_simple_table_aligned_by_its_header(make_manuscript):
    # Pandoc: right, left, center, default, from where the header stands over its dashes.
    html, _ = body(make_manuscript, ": Before.\n\n"
                                    "  Right     Left     Center     Default\n"
                                    "-------     ------ ----------   -------\n"
                                    "     12     12        12            12\n"
                                    "    123     123       123          123\n")
    assert html == (
        "<table>\n<caption>Before.</caption><thead>\n<tr>\n"
        '<th class="align-right">Right</th><th class="align-left">Left</th><th class="align-center">Center</th>'
        "<th>Default</th>\n</tr>\n</thead><tbody>\n<tr>\n"
        '<td class="align-right">12</td><td class="align-left">12</td><td class="align-center">12</td><td>12</td>\n'
        "</tr><tr>\n"
        '<td class="align-right">123</td><td class="align-left">123</td><td class="align-center">123</td>'
        "<td>123</td>\n</tr>\n</tbody>\n</table>")


def test_a_simple_table_cuts_its_cells_where_the_columns_begin(make_manuscript):
    # Pandoc: the second row's cells are "ab 123456789" and "0 x" (the spaces inside a cell are one in HTML).
    html, _ = body(make_manuscript, "  Right     Left\n-------     ------\n     12     12\nab 1234567890   x\n")
    assert '<td class="align-right">ab 123456789</td><td class="align-left">0   x</td>' in html


def test_a_headerless_simple_table(make_manuscript):
    # Pandoc: <table><tbody><tr><td style="text-align: center;">a</td>…
    html, _ = body(make_manuscript, "-------  ------\n  a       b\n  c       d\n-------  ------\n")
    assert html == ('<table>\n<tbody>\n<tr>\n<td class="align-center">a</td><td class="align-center">b</td>\n'
                    '</tr><tr>\n<td class="align-center">c</td><td class="align-center">d</td>\n</tr>\n</tbody>\n'
                    "</table>")


def test_tables_the_format_does_not_read_are_reported(make_manuscript):
    _, findings = read(make_manuscript, "+---+---+\n| a | b |\n+===+===+\n| 1 | 2 |\n+---+---+\n\n"
                                        "-------------\n Centered   Default\n----------- -------\n"
                                        "First       row\n-------------\n")
    assert unsupported(findings) == [(5, "a grid table is printed as text"),
                                     (13, "a table that is neither a pipe table nor a simple table (a multiline "
                                          "table?) is printed as text")]


# 5. Superscripts, subscripts, strikeout, definition lists, ordered lists --------------------------------------

def test_superscript_subscript_and_strikeout(make_manuscript):
    # Pandoc: Y<sup>e</sup> H<sub>2</sub>O <del>struck</del> 2<sup>10</sup>; x^[y]z^ is a note, not a superscript.
    html, codes = body(make_manuscript, "Y^e^ H~2~O ~~struck~~ 2^10^ x^[y]z^\n")
    assert html == "<p>Y<sup>e</sup> H<sub>2</sub>O <del>struck</del> 2<sup>10</sup> x[inline]z^</p>"
    assert codes == []


def test_definition_lists(make_manuscript):
    # Pandoc: <dl><dt>Term 1</dt><dd>Definition 1</dd><dt>Term 2 <em>em</em></dt><dd>Definition 2a</dd>
    #         <dd>Definition 2b</dd></dl>, and a loose definition's paragraphs are paragraphs.
    html, _ = body(make_manuscript, "Term 1\n:   Definition 1\n\nTerm 2 *em*\n  ~ Definition 2a\n  ~ Definition 2b\n")
    assert html == ("<dl>\n<dt>Term 1</dt><dd>Definition 1</dd><dt>Term 2 <em>em</em></dt><dd>Definition 2a</dd>"
                    "<dd>Definition 2b</dd>\n</dl>")
    loose, _ = body(make_manuscript, "Term\n\n:   Def *a*\n\n    Second para.\n")
    assert loose == "<dl>\n<dt>Term</dt><dd><p>Def <em>a</em></p><p>Second para.</p></dd>\n</dl>"


@pytest.mark.parametrize("markdown, html", [
    # Pandoc's own output for each.
    ("a. one\nb. two\n", '<ol type="a">\n<li>one</li><li>two</li>\n</ol>'),
    ("(iv) four\n(v) five\n", '<ol start="4" type="i">\n<li>four</li><li>five</li>\n</ol>'),
    ("#. hash\n#. hash2\n", "<ol>\n<li>hash</li><li>hash2</li>\n</ol>"),
    ("A) upper\nB) upper2\n", '<ol type="A">\n<li>upper</li><li>upper2</li>\n</ol>'),
    ("3) three\n4) four\n", '<ol start="3" type="1">\n<li>three</li><li>four</li>\n</ol>'),
    ("1. x\n2. y\n", '<ol type="1">\n<li>x</li><li>y</li>\n</ol>'),
    ("I.  roman\nII. roman2\n", '<ol type="I">\n<li>roman</li><li>roman2</li>\n</ol>'),
    ("h. eight\ni. nine\n", '<ol start="8" type="a">\n<li>eight</li><li>nine</li>\n</ol>'),
    # A capital letter and a period need two spaces: "B. Russell" is a paragraph.
    ("I. roman\nII. roman2\n", "<p>I. roman\nII. roman2</p>"),
    ("B. Russell wrote.\n", "<p>B. Russell wrote.</p>"),
    # The list keeps its first item's style (i. is the ninth letter here); a change of style starts a new list.
    ("a. one\ni. nine\n", '<ol type="a">\n<li>one</li><li>nine</li>\n</ol>'),
    ("a. one\n1. x\n", '<ol type="a">\n<li>one</li>\n</ol>\n<ol type="1">\n<li>x</li>\n</ol>'),
    # Only "1." ends a paragraph (CommonMark; Pandoc never lets a list end one): "c. 1920" stays prose.
    ("He came back\nc. 1920 to Paris.\n", "<p>He came back\nc. 1920 to Paris.</p>"),
])
def test_ordered_lists_in_pandocs_styles(make_manuscript, markdown, html):
    assert body(make_manuscript, markdown)[0] == html


# 6. Raw HTML that holds Markdown -------------------------------------------------------------------------------

def test_raw_html_around_markdown_holds_it(make_manuscript):
    # Pandoc (markdown_in_html_blocks): <div lang="fr"><p>Un paragraphe <em>en français</em>.</p></div>
    html, codes = body(make_manuscript, '<div lang="fr">\n\nUn paragraphe *en français*.[^1]\n\n'
                                        "> Cité.\n\n</div>\n\nAfter.\n\n[^1]: n\n")
    assert html == ('<div class="html"><div lang="fr" xml:lang="fr"><p>Un paragraphe <em>en français</em>.[1]</p>'
                    "<blockquote>\n<p>Cité.</p>\n</blockquote></div></div>\n<p>After.</p>")
    assert codes == []


def test_raw_html_holds_markdown_only_in_block_elements_and_stays_safe(make_manuscript):
    html, codes = body(make_manuscript, '<span lang="fr">\n\nText.\n\n</span>\n\n'
                                        '<div onclick="x()">\n\nInside.\n\n</div>\n\n## 3 May 1941.\n')
    # Pandoc writes <p><span lang="fr"></p><p>Text.</p><p></span></p>: a span holds no paragraph.
    assert html == ('<div class="html"><span lang="fr" xml:lang="fr">\n</span></div>\n<p>Text.</p>\n'
                    '<div class="html"><div><p>Inside.</p></div></div>')
    assert codes == ["html-unsafe"]


def test_an_unclosed_html_div_ends_with_its_entry(make_manuscript):
    book, _ = read(make_manuscript, "<div>\n\nInside.\n\n## 3 May 1941.\n\nNext entry.\n")
    first, second = book.parts[0].entries
    assert [block.tag for block in first.blocks] == ["div"] and [b.tag for b in second.blocks] == ["p"]


# 7. Notes wherever a writer puts them --------------------------------------------------------------------------

def test_notes_are_read_wherever_they_are_called(make_manuscript):
    markdown = """\
See [the ship[^link]](#ship) and [a span^[inline in a span]]{.x}.

| cell |
|------|
| a[^cell] b^[inline in a cell] |

> Quoted.[^quote]

- item[^item]

| verse[^verse]

::: letter
Dear.[^div] And^[inline in a div].
:::

Term[^term]
:   Definition.[^definition]

[^link]: In a link.
[^cell]: In a cell.
[^quote]: In a quote.
[^item]: In an item.
[^verse]: In verse.
[^div]: In a div.
[^term]: In a term.
[^definition]: In a definition.
"""
    book, findings = read(make_manuscript, markdown + "\n[Ship]{#ship}\n")
    assert [f.code for f in findings] == []
    texts = ["".join(n.value for block in note.blocks for n in walk(block) if isinstance(n, Text))
             for note in book.notes()]
    assert texts == ["In a link.", "inline in a span", "In a cell.", "inline in a cell", "In a quote.", "In an item.",
                     "In verse.", "In a div.", "inline in a div", "In a term.", "In a definition."]


def test_a_note_called_in_a_links_text_is_called_after_the_link(make_manuscript):
    # Pandoc writes <a href="…">the ship<a href="#fn1" …>1</a></a>, a link in a link, which HTML forbids.
    html, _ = body(make_manuscript, "See [the *ship*[^1]](https://example.org) here.\n\n[^1]: n\n")
    assert html == '<p>See <a href="https://example.org">the <em>ship</em></a>[1] here.</p>'


def test_a_raw_html_block_in_a_note_is_part_of_the_note(make_manuscript):
    book, _ = read(make_manuscript, "Text.[^1]\n\n[^1]: A note.\n\n    <div class=\"x\">Raw.</div>\n")
    note, = book.notes()
    assert [block.tag for block in note.blocks] == ["p", "div"]


# 8. Documented syntax -----------------------------------------------------------------------------------------

def test_heading_attributes_pandoc_users_write(make_manuscript):
    markdown = ("# 1661 {.year lang=fr}\n\n## Some days {date=1661-07-26/1661-07-29 lang='it' .letter}\n\nA.\n\n"
                "## Other {-}\n\nB.\n")
    book, _ = read_book(make_manuscript({"a.md": markdown}))
    part = book.parts[0]
    days, other = part.entries
    assert (part.attrs, days.attrs, other.attrs) == ({"class": "year", "lang": "fr"},
                                                     {"lang": "it", "class": "letter"}, {"class": "unnumbered"})
    assert days.date.iso == "1661-07-26/1661-07-29" and other.heading_text == "Other"


def test_a_lower_heading_takes_attributes_too(make_manuscript):
    html, codes = body(make_manuscript, "### Letters {#letters .small lang=fr}\n")
    assert html == '<h3 class="small" id="letters" lang="fr" xml:lang="fr">Letters</h3>' and codes == []


def test_span_attributes_in_pandocs_grammar(make_manuscript):
    html, codes = body(make_manuscript, "[x]{lang='it'} [y]{lang=it .a .b} [z]{#here dir=rtl} [w]{style=\"c\"}\n")
    assert html == ('<p><span lang="it" xml:lang="it">x</span> <span class="a b" lang="it" xml:lang="it">y</span> '
                    '<span dir="rtl" id="here">z</span> <span>w</span></p>')
    assert codes == ["markdown-unsupported"]


@pytest.mark.parametrize("markdown, line, message", [
    ("Cite [@doe99, p. 3] and [see -@doe99].\n", 5, "a citation '[@doe99, p. 3]' is printed as written"),
    ("Math $x^2$ here.\n", 5, "TeX math '$x^2$' is printed as written"),
    ("A line\nand $$\\sum x$$.\n", 6, "TeX math '$$\\\\sum x$$' is printed as written"),
    ("- [ ] to do\n- [x] done\n", 5, "a task list item ('[ ]' or '[x]') is printed as written"),
    ("```{=latex}\n\\newpage\n```\n", 5, "a raw latex block is left out of the book"),
    ("Raw `\\clearpage`{=latex} text.\n", 5, "raw latex text is left out of the book"),
])
def test_what_the_format_does_not_read_is_reported(make_manuscript, markdown, line, message):
    _, findings = read(make_manuscript, markdown)
    assert unsupported(findings)[0] == (line, message)


def test_what_looks_like_math_or_a_citation_but_is_not(make_manuscript):
    _, findings = read(make_manuscript, "It cost $5 and $10, \\$x\\$, `$y$`, mail [me at a@b.org].\n")
    assert unsupported(findings) == []


def test_escaped_characters_are_kept_as_written(make_manuscript):
    # Pandoc (smart): \"no\" keeps its straight quotes, \-- two hyphens, \... three full stops; \  is a no-break
    # space. Here they are Code nodes, which typography leaves alone.
    book, _ = read(make_manuscript, 'He said \\"no\\" \\-- twice\\... in\\ Paris.\n')
    paragraph = book.parts[0].entries[0].blocks[0]
    assert [type(node).__name__ for node in paragraph.children] == ["Text", "Code", "Text", "Code", "Text", "Code",
                                                                    "Text", "Code", "Text"]
    assert "".join(node.value for node in paragraph.children) == 'He said "no" -- twice... in\u00a0Paris.'


def test_a_yaml_metadata_block_is_reported_and_left_out(make_manuscript):
    book, findings = read_book(make_manuscript({"a.md": "---\ntitle: A diary\n---\n\n# 1941\n\nText.\n"}))
    assert unsupported(findings) == [(1, "a YAML metadata block is left out: the book's metadata is book.toml's")]
    assert [part.heading_text for part in book.parts] == ["1941"]


def test_raw_html_attribute_is_read_as_raw_html(make_manuscript):
    html, codes = body(make_manuscript, "A `<b>bold</b>`{=html} word.\n\n```{=html}\n<p lang=\"fr\">Oui.</p>\n```\n")
    assert html == '<p>A <b>bold</b> word.</p>\n<div class="html"><p lang="fr" xml:lang="fr">Oui.</p></div>'
    assert codes == []


def test_every_block_the_reader_makes_is_a_span_in_a_printed_note():
    from carnets_press.manuscript import raw_html, reader
    from carnets_press.render.print.document import _NOTE_BLOCK_TAGS

    blocks = {tag for tag in reader._BLOCK_TAGS.values() if tag != "h"} | {"figure", "figcaption", "pre", "hr"}
    blocks |= raw_html.BLOCK_ELEMENTS - raw_html.INLINE_ELEMENTS
    assert blocks - _NOTE_BLOCK_TAGS == set()


def test_model_has_no_link_inside_a_link(make_manuscript):
    book, _ = read(make_manuscript, "[a[^1] b](https://example.org)\n\n[^1]: n\n")
    link = next(node for node in walk(book.parts[0].entries[0].blocks[0])
                if isinstance(node, Element) and node.tag == "a")
    assert not any(isinstance(node, NoteRef) for node in walk(link))


def test_a_span_inside_a_links_text_keeps_the_link(make_manuscript):
    # Pandoc 3.9: Link ("",[],[]) [Str "17th", Space, Span ("",[],[("lang","la")]) [Str "inst."]] ("#x","").
    # Pepys's notes 1994 and 2817 (Standard Ebooks) link so.
    html, _ = body(make_manuscript, "See ante, [17th [inst.]{lang=la}](#x), where.\n\n[y]{#x}\n")
    assert '<a href="#x">17th <span lang="la" xml:lang="la">inst.</span></a>' in html
