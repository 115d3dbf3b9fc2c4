"""The EPUB's cover and identifiers, as EPUB 3 (cover-image), EPUB 2 (meta name="cover"), Kobo (a cover page
alone, first in the spine) and the stores expect them."""

from __future__ import annotations

import io
from pathlib import Path

from epub_reading import NS, BuiltEpub
from PIL import Image

from carnets_press.build import BuildOptions, build

SAMPLE = Path(__file__).parents[2] / "manuscript"
TOML = """\
title = "Journal"
language = "fr"
contents = ["a.md"]
{top}
[[creators]]
name = "Anne Autrice"
{tables}"""


def _build(make_manuscript, tmp_path, files: dict[str, str], top: str = "", tables: str = "", validate=False):
    root = make_manuscript({"a.md": "# 1942\n\n## 3 mai 1942\n\nTexte.\n"} | files,
                           toml=TOML.format(top=top, tables=tables))
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=validate,
                                      use_cache=False))
    return report, BuiltEpub(report.outputs[0].path)


def _cover_image(epub: BuiltEpub) -> tuple[str, Image.Image]:
    item = epub.opf.xpath("//opf:item[contains(concat(' ', @properties, ' '), ' cover-image ')]", namespaces=NS)
    assert len(item) == 1
    meta = epub.opf.xpath("//opf:meta[@name='cover']/@content", namespaces=NS)
    assert meta == [item[0].get("id")]  # EPUB 2's cover names the same item
    href = item[0].get("href")
    return href, Image.open(io.BytesIO(epub.files[f"EPUB/{href}"]))


def _spine(epub: BuiltEpub) -> list[str]:
    hrefs = {item.get("id"): item.get("href") for item in epub.opf.xpath("//opf:item", namespaces=NS)}
    return [hrefs[ref.get("idref")] for ref in epub.opf.xpath("//opf:itemref", namespaces=NS)]


def test_the_sample_has_its_own_cover_first_in_the_spine(tmp_path):
    report = build(SAMPLE, BuildOptions(formats=("epub",), out_dir=tmp_path, validate=False))
    epub = BuiltEpub(report.outputs[0].path)
    href, image = _cover_image(epub)
    own = Image.open(SAMPLE / "images" / "cover.jpg")
    assert (image.format, image.size) == ("JPEG", own.size) and epub.files[f"EPUB/{href}"] == (
        SAMPLE / "images" / "cover.jpg").read_bytes()
    assert _spine(epub)[:2] == ["cover.xhtml", "titlepage.xhtml"]
    page = epub.xml("EPUB/cover.xhtml")
    images = page.xpath("//x:img", namespaces=NS)
    assert len(images) == 1 and images[0].get("src") == href and images[0].get("role") == "doc-cover"
    assert images[0].get("alt") == "Cover of Notebooks: 1941–1947 by Victor Serge"
    assert not page.xpath("//x:a | //x:p", namespaces=NS)  # the image alone (Kobo)
    landmarks = epub.xml("EPUB/nav.xhtml").xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    assert (landmarks[0].get("{%s}type" % NS["epub"]), landmarks[0].get("href")) == ("cover", "cover.xhtml")
    assert "cover-generated" not in [finding.code for finding in report.findings]


def test_without_an_image_a_cover_is_generated_and_the_build_says_so(make_manuscript, tmp_path):
    report, epub = _build(make_manuscript, tmp_path, {}, validate=True)
    assert [finding.code for finding in report.findings if finding.code == "cover-generated"] == ["cover-generated"]
    assert report.outputs[0].validation.startswith("EPUBCheck")  # 0 errors, 0 warnings, or the build fails
    _, image = _cover_image(epub)
    assert (image.format, image.size, image.mode) == ("JPEG", (1600, 2560), "RGB")
    alt = epub.xml("EPUB/cover.xhtml").xpath("string(//x:img/@alt)", namespaces=NS)
    assert "Journal" in alt and "Anne Autrice" in alt


def test_a_png_cover_keeps_its_type_and_a_text_image_of_the_same_name_another(make_manuscript, tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 2560), "navy").save(buffer, "PNG")
    root = make_manuscript({"a.md": "# 1942\n\n![a drawing](cover.png)\n"},
                           toml=TOML.format(top="", tables='[cover]\nimage = "cover.png"\nalt = "A blue cover"\n'))
    (root / "cover.png").write_bytes(buffer.getvalue())
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=True, use_cache=False))
    epub = BuiltEpub(report.outputs[0].path)
    href, image = _cover_image(epub)
    assert image.format == "PNG"
    text_image = epub.xml("EPUB/part-1942.xhtml").xpath("string(//x:img/@src)", namespaces=NS)
    assert text_image != href  # two items, two names, though the manuscript has one file
    assert epub.xml("EPUB/cover.xhtml").xpath("string(//x:img/@alt)", namespaces=NS) == "A blue cover"


def test_an_ebook_isbn_is_the_package_identifier_and_the_print_isbn_the_page_source(make_manuscript, tmp_path):
    _, epub = _build(make_manuscript, tmp_path, {}, top='isbn = "0-306-40615-2"\n',
                     tables='[print]\nisbn = "978-0-14-044913-6"\n')
    unique = epub.opf.get("unique-identifier")
    identifier = epub.opf.xpath(f"//dc:identifier[@id='{unique}']", namespaces=NS)[0].text
    assert identifier == "urn:isbn:9780306406157"  # the ISBN-10 as ISBN-13: 978 + 030640615 + check digit 7
    colophon = epub.xml("EPUB/colophon.xhtml").xpath("string(//x:section)", namespaces=NS)
    assert "ISBN 978-0-306-40615-7" in colophon and "ISBN 978-0-14-044913-6" in colophon
    assert "urn:uuid" not in colophon
