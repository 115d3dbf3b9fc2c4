"""The EPUB: notes linked both ways, dates in <time>, languages, metadata, a deterministic archive."""

from __future__ import annotations

import datetime

import pytest
from epub_reading import NS, BuiltEpub
from lxml import etree

from carnets_press.build import BuildOptions, build

DIARY = {
    "intro.md": "# Introduction {.introduction}\n\nThe editors' \"introduction\".[^i]\n\n[^i]: About the text.\n",
    "1941.md": """\
# 1941

## 31 March 1941. People on the Ship.

The Lams, the Bretons and Vlady.[^1] [Ô mon Dieu]{lang=fr}!

* * *

More.[^2]

## Marseille, winter 1940–41

Narrow back streets.

## 1–3 January 1943. Taxco.

Over two hundred kilometres.

[^1]: Wifredo Lam.
[^2]: First paragraph.

    Second paragraph.
""",
}
TRANSLATORS = ('[[contributors]]\nname = "Ros Schwartz"\nrole = "trl"\n'
               '[[contributors]]\nname = "Trista Selous"\nrole = "trl"\n')


def build_epub(make_manuscript, tmp_path, files=DIARY, extra_toml=TRANSLATORS) -> BuiltEpub:
    root = make_manuscript(files, extra_toml=extra_toml)
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=False, use_cache=False))
    return BuiltEpub(report.outputs[0].path)


def test_footnotes_sit_in_the_same_file_and_link_both_ways(make_manuscript, tmp_path):
    epub = build_epub(make_manuscript, tmp_path)
    refs = {}
    for name, doc in epub.documents().items():
        for ref in doc.xpath("//x:a[@epub:type='noteref']", namespaces=NS):
            assert ref.get("role") == "doc-noteref"
            target = ref.get("href")
            assert target.startswith("#"), "a footnote must be in the file of its call"
            aside = doc.xpath(f"//x:aside[@id='{target[1:]}']", namespaces=NS)[0]
            assert (aside.get("{%s}type" % NS["epub"]), aside.get("role")) == ("footnote", "doc-footnote")
            first_link = aside.xpath(".//x:a", namespaces=NS)[0]  # the number comes first and links back
            number = ref.xpath("string(x:sup)", namespaces=NS)  # a superscript link (Kindle's guidelines)
            assert first_link.get("href") == "#" + ref.get("id") and first_link.text == number
            refs[int(number)] = name
    assert refs == {1: "EPUB/part-introduction.xhtml", 2: "EPUB/part-1941.xhtml", 3: "EPUB/part-1941.xhtml"}


def test_footnote_is_placed_at_the_end_of_its_entry(make_manuscript, tmp_path):
    doc = build_epub(make_manuscript, tmp_path).xml("EPUB/part-1941.xhtml")
    entry = doc.xpath("//x:section[@id='entry-1941-03-31']", namespaces=NS)[0]
    children = [child.tag.split("}")[1] for child in entry]
    assert children == ["h2", "p", "hr", "p", "aside", "aside"]
    second = entry.xpath("x:aside", namespaces=NS)[1]
    assert [p.xpath("string()") for p in second.xpath("x:p", namespaces=NS)] == ["3 First paragraph.",
                                                                                 "Second paragraph."]


def test_endnotes_mode_collects_notes_by_part(make_manuscript, tmp_path):
    epub = build_epub(make_manuscript, tmp_path, extra_toml='[notes]\nepub = "endnotes"\n')
    notes = epub.xml("EPUB/endnotes.xhtml")
    section = notes.xpath("//x:section[@role='doc-endnotes']", namespaces=NS)[0]
    groups = section.xpath("x:section", namespaces=NS)
    assert [g.xpath("string(x:h2)", namespaces=NS) for g in groups] == ["Introduction", "1941"]
    items = section.xpath(".//x:li", namespaces=NS)
    assert [li.get("id") for li in items] == ["note-1", "note-2", "note-3"]
    assert items[1].xpath("string(.//x:a[@role='doc-backlink']/@href)", namespaces=NS) == "part-1941.xhtml#noteref-2"
    ref = epub.xml("EPUB/part-1941.xhtml").xpath("//x:a[@id='noteref-2']", namespaces=NS)[0]
    assert ref.get("href") == "endnotes.xhtml#note-2"
    assert not epub.xml("EPUB/part-1941.xhtml").xpath("//x:aside", namespaces=NS)


def test_entry_headings_carry_machine_readable_dates(make_manuscript, tmp_path):
    doc = build_epub(make_manuscript, tmp_path).xml("EPUB/part-1941.xhtml")
    times = [(t.get("datetime"), t.text) for t in doc.xpath("//x:h2/x:time", namespaces=NS)]
    assert times == [("1941-03-31", "31 March 1941."), ("1940-12", "winter 1940–41"),
                     ("1943-01-01", "1–3 January 1943.")]
    # The place is outside the date, in a span of its own (the print edition sets both in small capitals).
    assert doc.xpath("string(//x:h2[x:time[@datetime='1940-12']]/x:span[@class='entry-place'])",
                     namespaces=NS) == "Marseille"


def test_languages_are_marked(make_manuscript, tmp_path):
    epub = build_epub(make_manuscript, tmp_path)
    for doc in epub.documents().values():
        assert doc.get("lang") == "en-GB" and doc.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    span = epub.xml("EPUB/part-1941.xhtml").xpath("//x:span[@lang='fr']", namespaces=NS)[0]
    assert span.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr" and span.text == "Ô mon Dieu"


def test_navigation_lists_parts_and_entries_by_date(make_manuscript, tmp_path):
    nav = build_epub(make_manuscript, tmp_path).xml("EPUB/nav.xhtml")
    toc = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NS)[0]
    labels = [a.text for a in toc.xpath(".//x:a", namespaces=NS)]
    assert labels[:5] == ["Introduction", "1941", "31 March 1941. People on the Ship", "Marseille, winter 1940–41",
                          "1–3 January 1943. Taxco"]
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a/@epub:type", namespaces=NS)
    assert landmarks == ["cover", "titlepage", "toc", "bodymatter"]


def test_package_metadata(make_manuscript, tmp_path):
    epub = build_epub(make_manuscript, tmp_path)
    opf = epub.opf
    assert opf.xpath("//dc:title[@id='title']/text()", namespaces=NS) == ["Test Notebooks"]
    assert opf.xpath("//dc:contributor/text()", namespaces=NS) == ["Ros Schwartz", "Trista Selous"]
    assert epub.meta("role") == ["aut", "trl", "trl"]
    assert epub.meta("schema:accessibilityHazard") == ["none"]
    assert epub.meta("schema:accessibilitySummary")[0]
    assert epub.meta("dcterms:conformsTo") == []  # nobody certified a claim
    assert not opf.xpath("//opf:guide", namespaces=NS)
    colophon = epub.xml("EPUB/colophon.xhtml").xpath("string()")
    assert "Translated by Ros Schwartz and Trista Selous" in colophon


def test_conformance_is_claimed_only_with_a_certifier(make_manuscript, tmp_path):
    epub = build_epub(make_manuscript, tmp_path, extra_toml='[accessibility]\ncertified-by = "Example Press"\n')
    assert epub.meta("a11y:certifiedBy") == ["Example Press"]
    assert epub.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]


def test_archive_is_deterministic(make_manuscript, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build_epub(make_manuscript, tmp_path).path.read_bytes()
    second = build_epub(make_manuscript, tmp_path).path.read_bytes()
    assert first == second
    epub = build_epub(make_manuscript, tmp_path)
    assert epub.infos[0].filename == "mimetype" and epub.infos[0].compress_type == 0
    assert {info.date_time for info in epub.infos} == {
        datetime.datetime.fromtimestamp(1700000000, datetime.UTC).timetuple()[:6]}
    assert epub.meta("dcterms:modified") == ["2023-11-14T22:13:20Z"]


def test_no_page_list_of_notes(make_manuscript, tmp_path):
    nav = build_epub(make_manuscript, tmp_path).xml("EPUB/nav.xhtml")
    assert not nav.xpath("//x:nav[@epub:type='page-list']", namespaces=NS)


@pytest.mark.parametrize("markdown, expected", [
    ("*emphasis* and **strong**", "<em>emphasis</em> and <strong>strong</strong>"),
    ("[NLR]{.smallcaps}", '<span class="smallcaps">NLR</span>'),
    ("a `code -- \"x\"` span", "a <code>code -- &quot;x&quot;</code> span"),
])
def test_inline_markup(make_manuscript, tmp_path, markdown, expected):
    epub = build_epub(make_manuscript, tmp_path, files={"a.md": f"# A\n\n{markdown}\n"}, extra_toml="")
    assert expected in epub.files["EPUB/part-a.xhtml"].decode().replace("&#34;", "&quot;")


def test_internal_links_point_into_the_file_that_holds_the_target(make_manuscript, tmp_path):
    files = {"intro.md": "# Introduction {.introduction}\n\nSee [the ship](#ship) and [here](#intro-text).\n",
             "1941.md": "# 1941\n\n## 31 March 1941. People on the Ship. {#ship}\n\n"
                        "Text, [back](intro.md#intro-text).\n"}
    files["intro.md"] = files["intro.md"].replace("# Introduction {.introduction}",
                                                  "# Introduction {.introduction #intro-text}")
    epub = build_epub(make_manuscript, tmp_path, files=files, extra_toml="")
    intro = epub.xml("EPUB/intro-text.xhtml")
    assert intro.xpath("//x:p/x:a/@href", namespaces=NS) == ["part-1941.xhtml#ship", "#intro-text"]
    assert epub.xml("EPUB/part-1941.xhtml").xpath("//x:p/x:a/@href", namespaces=NS) == ["intro-text.xhtml#intro-text"]


def test_an_image_only_in_a_note_is_packaged_and_the_epub_is_valid(make_manuscript, tmp_path):
    import base64

    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nA word.[^1]\n\n"
                                    "[^1]: A drawing: ![a red square](red.png)\n"},
                           extra_toml='\n[accessibility]\nsummary = "Text and one image."\n')
    (root / "red.png").write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg=="))
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", use_cache=False))  # EPUBCheck runs
    epub = BuiltEpub(report.outputs[0].path)
    assert "EPUB/red.png" in epub.files
    assert (report.outputs[0].validation.startswith("EPUBCheck")
            and "0 errors, 0 warnings" in report.outputs[0].validation)


def test_a_link_names_its_file_as_the_author_wrote_it(make_manuscript, tmp_path):
    files = {"a.md": "# A\n\nSee [the word](b.md#bee) and [the file](b.md).\n", "b.md": "# B\n\nA [word]{#bee} here.\n"}
    epub = build_epub(make_manuscript, tmp_path, files=files, extra_toml="")
    assert epub.xml("EPUB/part-a.xhtml").xpath("//x:p/x:a/@href", namespaces=NS) == ["part-b.xhtml#bee",
                                                                                      "part-b.xhtml#part-b"]


def test_image_names_with_spaces_and_accents(make_manuscript, tmp_path):
    from support_images import png

    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\n"
                                    "![a street](<images/street view.png>) ![a café](images/café.png)\n"},
                           extra_toml='\n[accessibility]\nsummary = "Text and two images."\n')
    (root / "images").mkdir()
    (root / "images" / "street view.png").write_bytes(png())
    (root / "images" / "café.png").write_bytes(png(color="blue"))
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", use_cache=False))  # EPUBCheck runs
    epub = BuiltEpub(report.outputs[0].path)
    assert {"EPUB/images/street-view.png", "EPUB/images/café.png"} <= set(epub.files)
    sources = epub.xml("EPUB/part-a.xhtml").xpath("//x:img/@src", namespaces=NS)
    assert sources == ["images/street-view.png", "images/caf%C3%A9.png"]


def test_two_paths_to_one_image_are_one_resource(make_manuscript, tmp_path):
    from support_images import png

    root = make_manuscript({"a.md": "# A\n\n![one](images/a.png) ![two](./images/a.png) "
                                    "![three](images/../images/a.png)\n"})
    (root / "images").mkdir()
    (root / "images" / "a.png").write_bytes(png())
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=False, use_cache=False))
    epub = BuiltEpub(report.outputs[0].path)
    assert [name for name in epub.files if name.endswith(".png")] == ["EPUB/images/a.png"]
    assert set(epub.xml("EPUB/part-a.xhtml").xpath("//x:img/@src", namespaces=NS)) == {"images/a.png"}


def test_right_to_left_text_gets_its_direction(make_manuscript, tmp_path):
    files = {"a.md": "# A\n\n## 1 May 1941.\n\nHe wrote [שלום עליכם]{lang=he} and [1941]{lang=he} left.\n"}
    epub = build_epub(make_manuscript, tmp_path, files=files, extra_toml="")
    spans = epub.xml("EPUB/part-a.xhtml").xpath("//x:p/x:span", namespaces=NS)
    assert [span.get("dir") for span in spans] == ["rtl", None]  # digits alone have no direction of their own
    assert epub.xml("EPUB/part-a.xhtml").get("dir") is None


def test_a_right_to_left_book(make_manuscript, tmp_path):
    toml = 'title = "يوميات"\nlanguage = "ar"\ncontents = ["a.md"]\n'
    root = make_manuscript({"a.md": "# الجزء\n\nنص عربي مع [English words]{lang=en} في الوسط.\n"}, toml=toml)
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=False, use_cache=False))
    epub = BuiltEpub(report.outputs[0].path)
    part = next(name for name in epub.files if name.startswith("EPUB/part-"))
    assert epub.xml(part).get("dir") == "rtl"
    assert epub.xml(part).xpath("//x:span/@dir", namespaces=NS) == ["ltr"]
    assert epub.opf.xpath("//opf:spine/@page-progression-direction", namespaces=NS) == ["rtl"]


def test_heading_attributes_as_pandoc_writes_them(make_manuscript, tmp_path):
    files = {"a.md": "# Carnet {.year lang='fr'}\n\n"
                     "## 26–29 July 1661 {date=1661-07-26/1661-07-29 .travel -}\n\nTexte.\n"}
    epub = build_epub(make_manuscript, tmp_path, files=files, extra_toml="")
    part = epub.xml("EPUB/part-carnet.xhtml")
    [section] = part.xpath("//x:section[@id='part-carnet']", namespaces=NS)
    assert (section.get("class"), section.get("lang")) == ("part year", "fr")
    [entry] = part.xpath("//x:section[contains(@class, 'entry')]", namespaces=NS)
    assert entry.get("class") == "entry travel unnumbered" and entry.get("id") == "entry-1661-07-26-1661-07-29"


def test_the_epub2_table_of_contents_has_the_title_and_every_entry(make_manuscript, tmp_path):
    epub = build_epub(make_manuscript, tmp_path)
    ncx = etree.fromstring(epub.files["EPUB/toc.ncx"])
    ns = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
    assert ncx.xpath("string(//n:docTitle/n:text)", namespaces=ns) == "Test Notebooks"
    sources = ncx.xpath("//n:navPoint/n:content/@src", namespaces=ns)
    nav = epub.xml("EPUB/nav.xhtml").xpath("//x:nav[@id='toc']//x:a/@href", namespaces=NS)
    assert sources == nav and len(sources) == 2 + 3 + 1  # two parts, three entries, the colophon


def test_a_part_in_a_right_to_left_language(make_manuscript, tmp_path):
    epub = build_epub(make_manuscript, tmp_path, files={"a.md": "# جزء {lang=ar #arabic}\n\nنص.\n"}, extra_toml="")
    [section] = epub.xml("EPUB/arabic.xhtml").xpath("//x:section[@id='arabic']", namespaces=NS)
    assert (section.get("lang"), section.get("dir")) == ("ar", "rtl")
