"""The real EPUBCheck, on EPUBs we build and on ones we break on purpose."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from carnets_press.build import BuildOptions, build
from carnets_press.codes import finding
from carnets_press.errors import FindingsError, Location, ToolMissingError, ValidationError
from carnets_press.findings import Finding
from carnets_press.validate.epubcheck import place_in_manuscript, run_epubcheck

DIARY = {
    "intro.md": "# Introduction {.introduction}\n\nWords.[^1]\n\n[^1]: A note.\n",
    "1941.md": "# 1941\n\n## 31 March 1941. On the Ship.\n\n[Ô mon Dieu]{lang=fr}.[^a]\n\n"
               "* * *\n\n> Quote.\n\n[^a]: Note.\n",
}


def test_small_edition_passes_with_no_errors_or_warnings(make_manuscript, tmp_path):
    report = build(make_manuscript(DIARY, extra_toml='[notes]\nepub = "endnotes"\n'),
                   BuildOptions(formats=("epub",), out_dir=tmp_path / "out"))
    assert report.outputs[0].validation.startswith("EPUBCheck 5.")
    assert "0 errors, 0 warnings" in report.outputs[0].validation


def test_broken_epub_gives_findings_with_their_file(make_manuscript, tmp_path):
    report = build(make_manuscript(DIARY), BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=False))
    good = report.outputs[0].path
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "EPUB/part-1941.xhtml":
                data = data.replace(b'href="#note-2"', b'href="#nowhere"')
            target.writestr(info, data)
    result = run_epubcheck(broken)
    assert result.errors >= 1
    assert any(f.location and "part-1941.xhtml" in str(f.location.file) for f in result.findings)


def _breaking(monkeypatch, old: bytes, new: bytes) -> None:
    """Make the EPUB renderer write `new` for `old` in the 1941 part: an EPUB the build cannot know is wrong."""
    from carnets_press.render import epub as renderer

    render = renderer.render_epub

    def broken(*args, **kwargs) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(render(*args, **kwargs))) as source, zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = source.read(info)
                target.writestr(info, data.replace(old, new) if info.filename == "EPUB/part-1941.xhtml" else data)
        return out.getvalue()

    monkeypatch.setattr(renderer, "render_epub", broken)


def test_failed_validation_keeps_the_previous_epub_and_names_the_manuscript_line(make_manuscript, tmp_path,
                                                                                   monkeypatch):
    diary = {**DIARY, "1941.md": DIARY["1941.md"] + "\nA [street]{#street} we saw,\nand [the street](#street) again.\n"}
    root = make_manuscript(diary)
    out = tmp_path / "out"
    first = build(root, BuildOptions(formats=("epub",), out_dir=out, validate=False)).outputs[0].path
    previous = first.read_bytes()
    _breaking(monkeypatch, b'id="street"', b'id="gone"')  # the link's target is lost on the way
    with pytest.raises(FindingsError, match=r"EPUBCheck .* found [1-9]") as raised:
        build(root, BuildOptions(formats=("epub",), out_dir=out))
    assert first.read_bytes() == previous
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [first.name]  # .carnets-cache aside
    # EPUBCheck's place is in the EPUB; the finding's is the manuscript's line that has the link.
    [broken] = [f for f in raised.value.findings if f.code == "epubcheck-RSC-012"]
    assert (broken.location.file.name, broken.location.line, broken.location.column) == ("1941.md", 14, 18)
    assert "EPUB/part-1941.xhtml:" in broken.message and "of the EPUB)" in broken.message


def test_a_place_in_the_epub_is_the_manuscript_place_of_the_nearest_id_above_it(tmp_path):
    document = ('<html>\n<body>\n<section id="part-1941">\n<section id="may">\n<p>Text <a href="b.md#x">x</a>'
                '</p>\n</section>\n</section>\n</body>\n</html>\n')
    epub = tmp_path / "book.epub"
    with zipfile.ZipFile(epub, "w") as archive:
        archive.writestr("EPUB/part-1941.xhtml", document)
    manuscript = tmp_path / "1941.md"
    lines = ["# 1941", "", "## 3 May 1941. {#may}", "", "Text [x](b.md#x)."]
    places = {"part-1941": Location(manuscript, 1), "may": Location(manuscript, 3)}

    def finding_at(line: int, column: int | None, file: str = "book.epub/EPUB/part-1941.xhtml") -> Finding:
        return finding("epubcheck-RSC-007", "not found", Location(Path(file), line, column), tool_level="ERROR")

    found = place_in_manuscript([finding_at(5, 29), finding_at(2, None), finding_at(5, 29, "book.epub/EPUB/x.opf"),
                                 finding_at(4, 10)], epub, places, lambda path: lines, "book.epub")
    assert [(f.location.file.name, f.location.line, f.location.column) for f in found] == [
        ("1941.md", 5, 10),  # the link's address, on the line of the manuscript that has it
        ("part-1941.xhtml", 2, None),  # above every id: left in the EPUB
        ("x.opf", 5, 29),  # not a document of the text
        ("1941.md", 3, None)]  # the entry's heading
    assert found[0].message == "not found (at book.epub/EPUB/part-1941.xhtml:5:29 of the EPUB)"


def test_missing_java_is_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissingError) as raised:
        run_epubcheck(tmp_path / "x.epub")
    assert "Java" in raised.value.message and "--no-validate" in raised.value.hint


def test_a_hung_validator_is_stopped_with_a_message(tmp_path, monkeypatch):
    from carnets_press.validate import epubcheck

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    java = bin_dir / "java"  # a Java that never answers, as a JVM stuck on a loaded machine
    java.write_text("#!/bin/sh\nexec /bin/sleep 30\n", encoding="utf-8")
    java.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setattr(epubcheck, "TIMEOUT_BASE_SECONDS", 0.5)
    book = tmp_path / "x.epub"
    book.write_bytes(b"PK")
    with pytest.raises(ValidationError, match=r"EPUBCheck did not finish within"):
        run_epubcheck(book)


def test_the_metadata_of_a_real_book_gives_a_valid_epub(make_manuscript, tmp_path):
    # As Standard Ebooks' Pepys has it: a private-use language tag, spans in Latin script and old French, roles
    # beyond the common ones, a date and no publisher.
    toml = ('title = "The Diary"\nlanguage = "en-x-pepys"\ndate = "1893"\ncontents = ["1660.md"]\n'
            '[[creators]]\nname = "Samuel Pepys"\n'
            '[[contributors]]\nname = "Henry B. Wheatley"\nrole = "trc"\n'
            '[[contributors]]\nname = "A. Woodcutter"\nrole = "wdc"\n')
    root = make_manuscript({"1660.md": "# 1660\n\n## 1 January 1660.\n\n[Dominus vobiscum]{lang=la-Latn} and "
                                       "[bonjour]{lang=fr-CA-x-old}.\n"}, toml=toml)
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out"))
    assert "0 errors, 0 warnings" in report.outputs[0].validation
    with zipfile.ZipFile(report.outputs[0].path) as epub:
        colophon = epub.read("EPUB/colophon.xhtml").decode()
        package = epub.read("EPUB/content.opf").decode()
    assert "<p>Transcribed by Henry B. Wheatley.</p>" in colophon and "<p>Woodcutter: A. Woodcutter.</p>" in colophon
    assert "Published by" not in colophon and "<p>Published in 1893.</p>" in colophon
    assert "<dc:language>en-x-pepys</dc:language>" in package
