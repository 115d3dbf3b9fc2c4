"""The real EPUBCheck, on EPUBs we build and on ones we break on purpose."""

from __future__ import annotations

import zipfile

import pytest

from carnets_press.build import BuildOptions, build
from carnets_press.errors import FindingsError, ToolMissingError, ValidationError
from carnets_press.validate.epubcheck import run_epubcheck

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


def test_failed_validation_keeps_the_previous_epub(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    out = tmp_path / "out"
    first = build(root, BuildOptions(formats=("epub",), out_dir=out, validate=False)).outputs[0].path
    previous = first.read_bytes()
    # Something the build leaves to EPUBCheck: a link to an id the book does not have (check's link-broken).
    (root / "1941.md").write_text(DIARY["1941.md"] + "\nSee [the street](#nowhere).\n", encoding="utf-8")
    with pytest.raises(FindingsError, match=r"EPUBCheck .* found [1-9]"):
        build(root, BuildOptions(formats=("epub",), out_dir=out))
    assert first.read_bytes() == previous
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [first.name]  # .carnets-cache aside


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
