"""A manuscript's own stylesheets: used after ours, never a way to reach outside the manuscript."""

from __future__ import annotations

import pytest
from epub_reading import NS, BuiltEpub
from pypdf import PdfReader

from carnets_press.build import BuildOptions, build
from carnets_press.errors import ManuscriptError

TEXT = {"a.md": "# A\n\n## 1 May 1941.\n\nSome words.\n"}


def test_the_epub_links_the_manuscripts_stylesheet_after_ours(make_manuscript, tmp_path):
    root = make_manuscript({**TEXT, "styles/epub.css": "p { text-indent: 2em; }\n"})
    epub = BuiltEpub(build(root, BuildOptions(formats=("epub",), out_dir=tmp_path, validate=False)).outputs[0].path)
    assert epub.files["EPUB/css/manuscript.css"] == b"p { text-indent: 2em; }\n"
    links = epub.xml("EPUB/part-a.xhtml").xpath("//x:link/@href", namespaces=NS)
    assert links == ["css/epub.css", "css/manuscript.css"]


@pytest.mark.parametrize("css, line", [
    ('@import "../../secret.css";\n', 1),
    ('p {\n  background: url("../../secret.png");\n}\n', 2),
    ('p {\n  background: image-set("http://example.org/a.png" 1x);\n}\n', 2),
    ('p { color: red }\np { background: -webkit-image-set(url(x.png) 1x) }\n', 2),
    ('p { background: u\\72l(x.png) }\n', 1),
    ('p { background: cross-fade(src("http://example.org/a.png"), red) }\n', 1),
])
def test_the_epub_stylesheet_may_not_load_anything(make_manuscript, tmp_path, css, line):
    root = make_manuscript({**TEXT, "styles/epub.css": css})
    with pytest.raises(ManuscriptError) as raised:
        build(root, BuildOptions(formats=("epub",), out_dir=tmp_path, validate=False))
    assert (raised.value.location.file.name, raised.value.location.line) == ("epub.css", line)


def test_the_print_stylesheet_applies(make_manuscript, tmp_path):
    root = make_manuscript({**TEXT, "styles/print.css": "@page { size: 100mm 150mm; }\n"})
    pdf = build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path)).outputs[0].path
    page = PdfReader(pdf).pages[0]
    assert (round(float(page.mediabox.width) * 25.4 / 72) == 100
            and round(float(page.mediabox.height) * 25.4 / 72) == 150)


def test_the_print_stylesheet_cannot_import_from_outside(make_manuscript, tmp_path):
    root = make_manuscript({**TEXT, "styles/print.css": '@import url("../../outside.css");\n'})
    (root.parent / "outside.css").write_text("p { color: red; }\n")
    with pytest.raises(ManuscriptError, match=r"outside\.css"):
        build(root, BuildOptions(formats=("pdf",), out_dir=tmp_path / "out"))
    assert not (tmp_path / "out" / "doe-test-notebooks.pdf").exists()


@pytest.mark.parametrize("css, line, words", [
    ('@import "../../secret.css";\n', 1, "is outside the manuscript"),
    ('p { color: red }\n@font-face { font-family: X; src: url("/etc/fonts/x.ttf") }\n', 2, "only files inside"),
    ('p { background: image-set("http://example.org/a.png" 1x) }\n', 1, "only files inside"),
    ('@import "a.css";\n', 1, "@import chain deeper"),  # a.css imports itself through b.css… and on
])
def test_the_print_stylesheet_loads_only_files_of_the_manuscript(make_manuscript, css, line, words):
    from carnets_press.pipeline import load

    files = {**TEXT, "styles/print.css": css}
    if "a.css" in css:  # a chain of nine stylesheets, each importing the next
        files.update({f"styles/{name}.css": f'@import "{following}.css";\n'
                      for name, following in zip("abcdefghij", "bcdefghijk")})
        files["styles/k.css"] = "p { color: red }\n"
    with pytest.raises(ManuscriptError) as raised:
        load(make_manuscript(files))
    assert raised.value.location.line == line and words in raised.value.message


def test_what_the_print_stylesheet_loads_is_read_and_nothing_else(make_manuscript):
    from carnets_press.pipeline import load

    root = make_manuscript({**TEXT, "styles/print.css": '@import "more.css";\n',
                            "styles/more.css": "p { color: red }\n", "styles/unused.css": "p { color: blue }\n"})
    book, _ = load(root)
    used = {path.relative_to(root.resolve()).as_posix() for path in book.files.used}
    assert {"styles/print.css", "styles/more.css"} <= used and "styles/unused.css" not in used
