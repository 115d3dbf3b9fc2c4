"""`import manuscript.docx`: Word manuscripts made by Pandoc from Markdown, read back by our own reader.

The expectations come from outside the importer: Pandoc writes a .docx from Markdown
(real Word footnotes, w:smallCaps, w:lang, the Block Text style, tables), and the book
our reader reads from the imported manuscript must be the book it reads from that same
Markdown. What Pandoc cannot make (tracked changes, a comment, an endnote, an image
without alt text, a DTD) is in data/docx/, written by make_fixtures.py there.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import tomllib
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from carnets_press.build import BuildOptions, build
from carnets_press.cli import app
from carnets_press.errors import CarnetsError, UsageError
from carnets_press.importers import run_import
from carnets_press.importers.word import package as word_package
from carnets_press.manuscript.model import Book, Code, Element, Node, NoteRef, Text
from carnets_press.pipeline import load

FIXTURES = Path(__file__).parent / "data" / "docx"

BOOK_TOML = ('title = "Notebooks"\nlanguage = "en-GB"\ncontents = ["book.md"]\n\n'
             '[[creators]]\nname = "Victor Serge"\nrole = "aut"\n')
METADATA = "---\ntitle: Notebooks\nauthor: Victor Serge\nlang: en-GB\n---\n\n"
# Footnotes, italics, bold, small caps, a language mark, superscript and subscript, a block quote, verse, a
# table, a link, lists: each written as our format reads it, which is also how Pandoc reads it.
DIARY = """\
# Introduction {.introduction}

These notebooks were kept *on the road*, from Marseille to Mexico.[^intro]

# 1941

## 31 March 1941. People on the Ship.

In search of *a comfortable corner*, the economic emigrants have settled in the hold.[^1] The **Lams** and \
the Bretons talk of [NKVD]{.smallcaps} agents on board; a woman sings [Ô mon Dieu]{lang=fr} all night, and \
the 2^nd^ mate drinks H~2~O.

> The sea is a desert of water, said the captain.[^2]

| The sea, the sky,
| and the stars
|    over the deck.

## 16 May 1941. Martinique.

| Port | Days at sea |
|:--|--:|
| Fort-de-France | 12 |
| Pointe-à-Pitre | 3 |

We land at last, and [the customs](https://example.org/customs) keep us waiting.

1. a first item
2. a second

- a bullet
    - a nested bullet

[^intro]: The notebooks are at Yale.

[^1]: Wifredo Lam (1902–1982): *Cuban* painter.

    A second paragraph of the note.

[^2]: Of the *Capitaine Paul-Lemerle*.
"""


@pytest.fixture(scope="module")
def pandoc() -> str:
    pypandoc = pytest.importorskip("pypandoc", reason="Word files are made by Pandoc: pip install pypandoc_binary")
    try:
        return pypandoc.get_pandoc_path()
    except OSError:
        pytest.skip("no pandoc binary (pip install pypandoc_binary)")


def word(pandoc: str, markdown: str, path: Path, resources: Path | None = None) -> Path:
    """The .docx Pandoc writes from ``markdown``."""
    subprocess.run([pandoc, "-f", "markdown", "-t", "docx", "-o", str(path)], input=markdown, text=True,
                   encoding="utf-8", check=True, cwd=resources)
    return path


def rewrite(source: Path, target: Path, member: str, edit) -> Path:
    """A copy of a .docx with one XML member edited (what Pandoc will not write)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, edit(data.decode("utf-8")) if info.filename == member else data)
    return target


def shape(nodes: list[Node] | list[Element]) -> list:
    """What a reader sees of the nodes: tags, languages and classes, text, and each note's text at its call."""
    out: list = []
    for node in nodes:
        if isinstance(node, (Text, Code)):
            if out and isinstance(out[-1], str):
                out[-1] += node.value
            else:
                out.append(node.value)
        elif isinstance(node, NoteRef):
            out.append(("note", shape(node.note.blocks)))
        else:
            attrs = {key: value for key, value in node.attrs.items() if key in ("lang", "class", "start", "type",
                                                                               "href", "alt")}
            out.append((node.tag, attrs, shape(node.children)))
    return out


def book_shape(book: Book) -> list:
    return [(part.role, part.heading_text, shape(part.blocks),
             [(entry.heading_text, entry.date.iso if entry.date else None, shape(entry.blocks))
              for entry in part.entries])
            for part in book.parts]


def texts(nodes) -> str:
    return "".join(node.value for node in _walk(nodes) if isinstance(node, (Text, Code)))


def _walk(nodes):
    for node in nodes:
        yield node
        if isinstance(node, Element):
            yield from _walk(node.children)


def elements(book: Book, tag: str) -> list[Element]:
    return list(book.elements(tag))


def titled(manuscript: Path):
    """The manuscript read once a person has written the title the Word file did not give."""
    toml = manuscript / "book.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = ""', 'title = "Notebooks"'), encoding="utf-8")
    return load(manuscript)


@pytest.fixture(scope="module")
def diary(pandoc, tmp_path_factory):
    """The diary as Markdown (read directly) and as Pandoc's Word file, imported."""
    root = tmp_path_factory.mktemp("diary")
    direct = root / "direct"
    direct.mkdir()
    (direct / "book.toml").write_text(BOOK_TOML, encoding="utf-8")
    (direct / "book.md").write_text(DIARY, encoding="utf-8")
    docx = word(pandoc, METADATA + DIARY, root / "diary.docx")
    imported = root / "imported"
    report = run_import(docx, imported)
    return direct, imported, report


def test_the_imported_book_is_the_book_of_the_markdown_pandoc_was_given(diary):
    direct, imported, _ = diary
    assert book_shape(load(imported).book) == book_shape(load(direct).book)


def test_entries_notes_spans_quote_verse_and_table_are_read_back(diary):
    _, imported, report = diary
    book = load(imported).buildable()
    assert book.metadata.title == "Notebooks" and [c.name for c in book.metadata.creators] == ["Victor Serge"]
    assert book.metadata.language == "en-GB"
    assert [(part.role, part.heading_text) for part in book.parts] == [("introduction", "Introduction"),
                                                                        (None, "1941")]
    assert [entry.date.iso for entry in book.entries()] == ["1941-03-31", "1941-05-16"]
    first = book.parts[1].entries[0]
    assert first.title == "People on the Ship"
    paragraph = first.blocks[0].children
    call = next(k for k, node in enumerate(paragraph) if isinstance(node, NoteRef))
    assert texts(paragraph[:call]).endswith("settled in the hold.")  # the call where Word had it
    assert texts(paragraph[call].note.blocks[0].children) == "Wifredo Lam (1902–1982): Cuban painter."
    assert texts(paragraph[call].note.blocks[1].children) == "A second paragraph of the note."
    spans = {(span.attrs.get("lang"), span.attrs.get("class"), texts(span.children)) for span in book.elements("span")}
    assert {("fr", None, "Ô mon Dieu"), (None, "smallcaps", "NKVD")} <= spans
    assert [texts(em.children) for em in book.elements("em")][:2] == ["on the road", "a comfortable corner"]
    assert [texts(e.children) for e in book.elements("sup")] == ["nd"] and [texts(e.children) for e in
                                                                          book.elements("sub")] == ["2"]
    quote = next(block for block in first.blocks if block.tag == "blockquote")
    assert texts(quote.children).startswith("The sea is a desert of water")
    assert any(isinstance(n, NoteRef) for n in _walk(quote.children))
    verse = next(block for block in first.blocks if block.tag == "div")
    assert verse.attrs["class"] == "line-block" and sum(1 for n in _walk(verse.children)
                                                        if isinstance(n, Element) and n.tag == "br") == 2
    table = next(block for block in book.parts[1].entries[1].blocks if block.tag == "table")
    assert [texts(cell.children) for cell in table.children[0].children[0].children] == ["Port", "Days at sea"]
    assert len(book.notes()) == 3
    # Pandoc drops the class of "# Introduction {.introduction}": the part before the entries is taken for it.
    assert [(d.kind, d.excerpt) for d in report.uncertain] == [("part", "Introduction")], report.to_text()


def test_a_word_manuscript_imports_and_builds_an_epub_that_epubcheck_passes(diary, tmp_path):
    _, imported, _ = diary
    report = build(imported, BuildOptions(formats=("epub",), out_dir=tmp_path / "out"))
    assert "0 errors, 0 warnings" in report.outputs[0].validation
    assert report.entries == 2 and report.notes == 3


def test_book_toml_says_where_it_came_from(diary):
    _, imported, report = diary
    toml = (imported / "book.toml").read_text(encoding="utf-8")
    assert toml.startswith("# Made by carnets-press import from the Word file diary.docx")
    assert tomllib.loads(toml)["contents"] == ["introduction.md", "1941.md"]
    assert report.files == ["book.toml", "introduction.md", "1941.md"]
    assert [note.file for note in report.notes] == ["introduction.md", "1941.md", "1941.md"]


def test_a_heading_2_without_a_date_stays_an_entry_and_is_reported(pandoc, tmp_path):
    docx = word(pandoc, METADATA + "# 1941\n\n## Letters from the ship\n\nText.\n", tmp_path / "letters.docx")
    report = run_import(docx, tmp_path / "out")
    loaded = load(tmp_path / "out")
    assert [entry.heading_text for entry in loaded.book.entries()] == ["Letters from the ship"]
    assert "date-unrecognised" in {finding.code for finding in loaded.findings}
    assert any(d.kind == "heading" and d.excerpt == "Letters from the ship" for d in report.uncertain)


def test_datelines_in_plain_paragraphs_start_entries_when_no_heading_2_does(pandoc, tmp_path):
    markdown = ("Some words before the first entry.\n\n1941\n\n31 March 1941. People on the Ship.\n\n"
                "We sailed from Marseille.\n\n3 April 1941. The sea is calm today, and the captain dines with us.\n\n"
                "**4 April 1941.** *Rain* all day, and the captain stays below.\n")
    report = run_import(word(pandoc, METADATA + markdown, tmp_path / "plain.docx"), tmp_path / "out")
    book = load(tmp_path / "out").buildable()
    assert [(part.role, part.heading_text) for part in book.parts] == [("introduction", "Introduction"),
                                                                        (None, "1941")]
    assert [(entry.heading_text, entry.date.iso) for entry in book.entries()] == [
        ("31 March 1941. People on the Ship.", "1941-03-31"), ("3 April 1941.", "1941-04-03"),
        ("4 April 1941.", "1941-04-04")]
    assert texts(book.parts[1].entries[1].blocks[0].children) == "The sea is calm today, and the captain dines with us."
    assert [texts(em.children) for em in book.elements("em")] == ["Rain"] and not list(book.elements("strong"))
    assert sum(d.kind == "heading" for d in report.decisions) == 3


def test_a_paragraph_that_opens_on_a_date_among_heading_2_entries_is_text_and_reported(pandoc, tmp_path):
    markdown = "# 1941\n\n## 2 May 1941.\n\n3 May 1941. We stayed in port.\n"
    report = run_import(word(pandoc, METADATA + markdown, tmp_path / "mixed.docx"), tmp_path / "out")
    assert [entry.heading_text for entry in load(tmp_path / "out").book.entries()] == ["2 May 1941."]
    assert any(d.kind == "heading" and d.excerpt.startswith("3 May 1941.") for d in report.uncertain)


def test_styles_word_does_not_know_are_paragraphs_and_reported(pandoc, tmp_path):
    docx = word(pandoc, METADATA + '# 1941\n\n## 2 May 1941.\n\n::: {custom-style="Diary Note"}\nA styled paragraph.\n'
                ':::\n', tmp_path / "styled.docx")
    based = run_import(docx, tmp_path / "based")
    assert any(d.kind == "style" and "based on 'Body Text'" in d.decided for d in based.decisions)
    unknown = rewrite(docx, tmp_path / "unknown.docx", "word/styles.xml", lambda xml: _unbase(xml, "DiaryNote"))
    report = run_import(unknown, tmp_path / "unknown")
    assert any(d.kind == "style" and d.excerpt == "Diary Note" and d.uncertain for d in report.decisions)
    assert texts(load(tmp_path / "unknown").book.parts[0].entries[0].blocks[0].children) == "A styled paragraph."


def _unbase(styles: str, style_id: str) -> str:
    """The style no longer based on any other: one the import cannot know."""
    start = styles.index(f'w:styleId="{style_id}"')
    end = styles.index("</w:style>", start)
    head, body, tail = styles[:start], styles[start:end], styles[end:]
    cut = body.find("<w:basedOn")
    return head + (body[:cut] + body[body.index(">", cut) + 1:] if cut >= 0 else body) + tail


def test_an_image_goes_to_images_with_its_alt_text(pandoc, tmp_path):
    Image.new("RGB", (40, 30), (200, 100, 50)).save(tmp_path / "light.png")
    docx = word(pandoc, METADATA + "# 1941\n\n## 2 May 1941.\n\n![A lighthouse at dusk](light.png)\n",
                tmp_path / "img.docx", resources=tmp_path)
    report = run_import(docx, tmp_path / "out")
    book = load(tmp_path / "out").buildable()
    [image] = elements(book, "img")
    assert image.attrs["alt"] == "A lighthouse at dusk" and image.attrs["src"].startswith("images/")
    assert (tmp_path / "out" / image.attrs["src"]).read_bytes() == (tmp_path / "light.png").read_bytes()
    assert [block.tag for block in book.parts[0].entries[0].blocks] == ["figure"]  # Pandoc's caption: left out
    assert image.attrs["src"] in report.files


def test_text_stays_text_and_emphasis_reads_as_emphasis_wherever_word_put_it(pandoc, tmp_path):
    markdown = (METADATA + "# 1941\n\n## 2 May 1941.\n\n1\\. Not a list, but [brackets], a word*(aside)*, "
                "**bold***ital* and a no-break\\ space.\n\n\\# not a heading, a_b_c and *x*\n")
    run_import(word(pandoc, markdown, tmp_path / "edge.docx"), tmp_path / "out")
    book = load(tmp_path / "out").buildable()
    first, second = book.parts[0].entries[0].blocks
    assert (first.tag, second.tag) == ("p", "p")
    assert texts(first.children) == "1. Not a list, but [brackets], a word(aside), boldital and a no-break\xa0space."
    assert texts(second.children) == "# not a heading, a_b_c and x"
    assert [texts(e.children) for e in book.elements("em")] == ["(aside)", "ital", "x"]
    assert [texts(e.children) for e in book.elements("strong")] == ["bold"]


def test_the_title_comes_from_the_core_properties_without_a_title_paragraph(pandoc, tmp_path):
    docx = word(pandoc, METADATA + "# 1941\n\n## 2 May 1941.\n\nText.\n", tmp_path / "titled.docx")
    untitled = rewrite(docx, tmp_path / "untitled.docx", "word/document.xml",
                       lambda xml: xml.replace('<w:pStyle w:val="Title" />', '<w:pStyle w:val="Heading3" />'))
    report = run_import(untitled, tmp_path / "out")
    assert load(tmp_path / "out").book.metadata.title == "Notebooks"
    assert any(d.kind == "metadata" and "Title property" in d.decided for d in report.decisions)


# What Pandoc cannot make: the committed fixtures ---------------------------------------------------------------


def test_the_fixtures_are_what_their_generator_writes():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    for name, data in generator.fixtures().items():
        with zipfile.ZipFile(io.BytesIO(data)) as made, zipfile.ZipFile(FIXTURES / name) as committed:
            assert {n: made.read(n) for n in made.namelist()} == {n: committed.read(n) for n in committed.namelist()}


def test_tracked_changes_are_refused_until_accepted_or_rejected_in_word(tmp_path):
    with pytest.raises(CarnetsError) as refused:
        run_import(FIXTURES / "tracked-changes.docx", tmp_path / "out")
    assert refused.value.exit_code == 1
    assert "tracked-changes.docx" in str(refused.value) and "1 insertion, 1 deletion" in str(refused.value)
    assert "accept or reject all changes in Word first" in str(refused.value)
    assert not (tmp_path / "out").exists()


def test_a_comment_is_reported_and_not_imported(tmp_path):
    report = run_import(FIXTURES / "comment.docx", tmp_path / "out")
    [comment] = [d for d in report.decisions if d.kind == "comment"]
    assert comment.excerpt == "Check this name against the letters." and "Editor" in comment.decided
    assert comment.line == 3 and comment.uncertain
    text = texts(titled(tmp_path / "out").book.parts[0].entries[0].blocks[0].children)
    assert text == "We met Vlady on deck."


def test_a_word_endnote_is_a_note_at_its_call(tmp_path):
    report = run_import(FIXTURES / "endnote.docx", tmp_path / "out")
    book = titled(tmp_path / "out").buildable()
    [ref] = list(book.note_refs())
    assert texts(ref.note.blocks[0].children) == "Victor Serge’s son, the painter."
    assert (tmp_path / "out" / "1941.md").read_text(encoding="utf-8").count("Vlady draws all day.[^1] The sea") == 1
    assert any(d.kind == "note" and "endnotes" in d.decided for d in report.decisions)


def test_an_image_without_alt_text_and_one_linked_from_the_web_are_reported(tmp_path):
    report = run_import(FIXTURES / "image-without-alt.docx", tmp_path / "out")
    images = [d for d in report.decisions if d.kind == "image"]
    assert [d.uncertain for d in images] == [True, True]
    assert "alt text" in images[0].decided and images[1].excerpt == "https://example.org/harbour.png"
    assert sorted(p.name for p in (tmp_path / "out" / "images").iterdir()) == ["image1.png"]
    assert "image-alt-missing" in {finding.code for finding in titled(tmp_path / "out").findings}


def test_word_styles_quote_and_mark_languages_but_a_paragraph_style_s_look_is_not_text(tmp_path):
    report = run_import(FIXTURES / "styles.docx", tmp_path / "out")
    book = titled(tmp_path / "out").buildable()
    quote, paragraph, table = book.parts[0].entries[0].blocks
    assert quote.tag == "blockquote" and [texts(p.children) for p in quote.children] == [
        "A quoted line.", "An indented paragraph."]
    # Foreign is based on Emphasis, so it is in italics too; the Quote style's italics are the stylesheet's.
    assert [texts(em.children) for em in book.elements("em")] == ["really", "vraiment"]
    assert [(span.attrs, texts(span.children)) for span in book.elements("span")] == [({"lang": "fr-FR"},
                                                                                         "vraiment")]
    assert texts(paragraph.children) == "He said really, then vraiment and plainly underlined."
    assert [[texts(cell.children) for cell in row.children] for row in table.children[-1].children] == [
        ["Ports", ""], ["Fort-de-France", "12 days"]]
    assert {d.kind for d in report.uncertain} >= {"quote", "underline", "table"}


def test_an_empty_title_is_left_for_a_person_to_write(tmp_path):
    report = run_import(FIXTURES / "comment.docx", tmp_path / "out")
    toml = (tmp_path / "out" / "book.toml").read_text(encoding="utf-8")
    assert 'title = ""  # the source does not name the book' in toml
    assert tomllib.loads(toml)["title"] == "" and "creators" not in tomllib.loads(toml)
    assert any(d.kind == "metadata" and d.decided.startswith("no title") for d in report.uncertain)


def test_a_dtd_is_refused(tmp_path):
    with pytest.raises(CarnetsError, match="declares a DTD"):
        run_import(FIXTURES / "external-entity.docx", tmp_path / "out")


# Hostile and broken files ------------------------------------------------------------------------------------


def test_what_is_not_a_docx_is_refused_with_what_to_do(tmp_path):
    text = tmp_path / "notes.docx"
    text.write_text("Just some text.", encoding="utf-8")
    with pytest.raises(CarnetsError, match=r"not a Word document \(a \.docx is a zip file"):
        run_import(text, tmp_path / "a")
    old = tmp_path / "old.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(CarnetsError, match="Word 97–2003 document or a password-protected one"):
        run_import(old, tmp_path / "b")
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("content.xml", "<office/>")
    with pytest.raises(CarnetsError, match=r"without word/document\.xml"):
        run_import(other, tmp_path / "c")
    with pytest.raises(UsageError, match="no such file"):
        run_import(tmp_path / "missing.docx", tmp_path / "d")
    assert not any((tmp_path / name).exists() for name in "abcd")


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(FIXTURES / "endnote.docx") as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for name in source.namelist():
            z.writestr(name, source.read(name))
        z.writestr("word/media/huge.png", bytes(word_package.MAX_PART_BYTES + 1))  # 64 MiB of zeros: 64 KiB zipped
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(CarnetsError, match=r"huge\.png inflates to 67,108,865 bytes.*zip bomb"):
        run_import(bomb, tmp_path / "out")


def test_all_members_together_are_capped_too(tmp_path, monkeypatch):
    monkeypatch.setattr(word_package, "MAX_INFLATED_BYTES", 1000)
    with pytest.raises(CarnetsError, match=r"inflates to .* more than 0 MiB"):
        run_import(FIXTURES / "endnote.docx", tmp_path / "out")


# The command line -------------------------------------------------------------------------------------------


def test_the_import_command_takes_a_docx_and_says_why_it_refuses_one(tmp_path):
    runner = CliRunner()
    done = runner.invoke(app, ["import", str(FIXTURES / "comment.docx"), "--to", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    assert "a comment by Editor" in done.output and (tmp_path / "out" / "1941.md").is_file()
    refused = runner.invoke(app, ["import", str(FIXTURES / "tracked-changes.docx"), "--to", str(tmp_path / "x")])
    assert refused.exit_code == 1 and "accept or reject all changes in Word first" in refused.output
