"""Hostile manuscripts: each bad input gives its exit code and a message naming the place, never a traceback."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile

import pytest
from support import SAMPLE
from typer.testing import CliRunner

from carnets_press.build import BuildOptions, build
from carnets_press.cli import app

CASES = {
    "malformed TOML": ({"book.toml": 'title = "T\nlanguage = "en"\n'}, 1, "book.toml:1: error: invalid TOML"),
    "missing contents file": ({"book.toml": 'title = "T"\nlanguage = "en"\ncontents = ["gone.md"]\n'}, 1,
                              "contents lists 'gone.md'"),
    "broken note": ({"a.md": "# A\n\nText[^x].\n"}, 1, "a.md:3: error: note [^x] is called but not defined"),
    "path escape": ({"a.md": "# A\n\n![secret](../../etc/passwd)\n"}, 1,
                    "a.md:3: error: image '../../etc/passwd' is outside"),
    "absolute path": ({"a.md": "# A\n\n![secret](/etc/passwd)\n"}, 1, "is not a relative path inside the manuscript"),
    "remote image": ({"a.md": "# A\n\n![x](https://example.com/x.png)\n"}, 1,
                     "is not a relative path inside the manuscript"),
    "impossible date is only a warning": ({"a.md": "# A\n\n## 31 February 1942.\n\nText.\n"}, 0,
                                          "a.md:3: warning: impossible date"),
    "no part heading": ({"a.md": "Just text.\n"}, 1, "a.md:1: error: text before the first '# ' heading"),
    "script": ({"a.md": "# A\n\nHello <script>fetch('https://example.com')</script> there.\n"}, 0,
               "a.md:3: warning: unsafe HTML <script> removed [html-unsafe]"),
    "event handler": ({"a.md": '# A\n\n<div onmouseover="steal()">Hover</div>\n'}, 0,
                      'a.md:3: warning: unsafe HTML onmouseover="steal()" on <div> removed'),
    "refused script": ({"book.toml": 'title = "T"\nlanguage = "en"\ncontents = ["a.md"]\nunsafe-html = "refuse"\n',
                        "a.md": "# A\n\n<iframe src=x></iframe>\n"}, 1, "a.md:3: error: unsafe HTML <iframe> refused"),
}


def write(root, files):
    root.mkdir()
    files = {"book.toml": 'title = "T"\nlanguage = "en"\ncontents = ["a.md"]\n', **files}
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("name", CASES)
def test_hostile_manuscript(name, tmp_path):
    files, exit_code, message = CASES[name]
    root = write(tmp_path / "m", files)
    result = CliRunner().invoke(app, ["build", "epub", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate"],
                                catch_exceptions=False)
    assert result.exit_code == exit_code, result.output
    assert message in result.output
    for epub in (tmp_path / "out").glob("*.epub"):  # whatever was built carries no script
        with zipfile.ZipFile(epub) as archive:
            text = b"".join(archive.read(name) for name in archive.namelist()).lower()
        assert b"<script" not in text and b"onmouseover" not in text and b"<iframe" not in text


def test_non_utf8_text(tmp_path):
    root = write(tmp_path / "m", {})
    (root / "a.md").write_bytes(b"# A\n\nCaf\xe9.\n")
    result = CliRunner().invoke(app, ["build", "epub", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate"],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "a.md:3: error: not UTF-8 text" in result.output


def test_symlink_out_of_the_manuscript_is_refused(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"\x89PNG secret")
    root = write(tmp_path / "m", {"a.md": "# A\n\n![a picture](images/x.png)\n"})
    (root / "images").mkdir()
    (root / "images" / "x.png").symlink_to(tmp_path / "secret.png")
    result = CliRunner().invoke(app, ["build", "all", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate"],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "is outside the manuscript" in result.output


def test_huge_paragraph_and_deep_nesting_build(tmp_path):
    huge = "word " * 90_000  # 450,000 characters: under the paragraph limit of 500,000
    nested = "> " * 200 + "deep\n\n" + "".join("  " * i + "- item\n" for i in range(200))
    root = write(tmp_path / "m", {"a.md": f"# A\n\n{huge}\n\n{nested}\n"})
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=False))
    assert report.outputs[0].size > 0


def test_thousands_of_notes(tmp_path):
    calls = " ".join(f"w{i}.[^{i}]" for i in range(3000))
    definitions = "\n".join(f"[^{i}]: note {i}." for i in range(3000))
    root = write(tmp_path / "m", {"a.md": f"# A\n\n{calls}\n\n{definitions}\n"})
    report = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=False))
    assert report.notes == 3000


def test_a_build_opens_no_network_connection(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a build tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    report = build(SAMPLE, BuildOptions(formats=("epub", "pdf"), out_dir=tmp_path, validate=False))
    assert [output.format for output in report.outputs] == ["epub", "pdf"]


def test_a_character_the_book_font_lacks_stops_the_pdf_with_its_place(tmp_path):
    root = write(tmp_path / "m", {"a.md": "# A\n\nPlain text.\n\nAn asterism \u2042 here.\n"})
    result = CliRunner().invoke(app, ["build", "pdf", "-m", str(root), "-o", str(tmp_path / "out")],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert ("a.md:5:13: error: U+2042 ASTERISM is not in EB Garamond Regular, nor in STIX Two Math, the fallback "
            "font [font-missing-glyph]") in result.output
    assert not (tmp_path / "out" / "t.pdf").exists()


@pytest.mark.parametrize("signal_number, exit_code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_build_leaves_the_previous_book_and_no_temporary_file(tmp_path, signal_number, exit_code):
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "serge-notebooks.pdf"
    previous.write_bytes(b"%PDF-1.7 the previous book")
    command = [sys.executable, "-m", "carnets_press", "build", "pdf", "-m", str(SAMPLE), "-o", str(out), "--no-cache"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # in the layout: the sample takes about 7 s
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == exit_code, stderr
    assert "the previous output is unchanged" in stderr and "Traceback" not in stderr
    assert previous.read_bytes() == b"%PDF-1.7 the previous book"
    assert not [path.name for path in out.rglob("*") if path.name.endswith(".part")]


def test_import_of_a_directory_or_of_binary_data(tmp_path):
    binary = tmp_path / "book.txt"
    binary.write_bytes(b"%PDF-1.7\n\x00\x01binary")
    for source, code, message in [(tmp_path, 2, "is not a regular file"), (binary, 1, "binary data, not text")]:
        result = CliRunner().invoke(app, ["import", str(source), "--to", str(tmp_path / "new")], catch_exceptions=False)
        assert result.exit_code == code and message in result.output


def test_validate_of_a_file_that_is_not_a_pdf_or_is_truncated(tmp_path):
    garbage, truncated = tmp_path / "garbage.pdf", tmp_path / "truncated.pdf"
    garbage.write_bytes(b"not a PDF")
    truncated.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    for path, message in [(garbage, "is not a PDF"), (truncated, "cannot be read as a PDF")]:
        result = CliRunner().invoke(app, ["validate", str(path), "-m", str(SAMPLE)], catch_exceptions=False)
        assert result.exit_code == 1 and message in result.output


def test_an_output_folder_that_is_a_file(tmp_path):
    (tmp_path / "out").write_text("a file")
    result = CliRunner().invoke(app, ["build", "epub", "-m", str(SAMPLE), "-o", str(tmp_path / "out"), "--no-validate"],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "cannot write" in result.output and (tmp_path / "out").read_text() == "a file"


@contextlib.contextmanager
def _tmpfs(path, options: str):
    """A small tmpfs mounted at `path` for the test (root may write anywhere else), or the test skipped."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)


def test_a_full_disk_leaves_no_partial_file(tmp_path):
    with _tmpfs(tmp_path / "disk", "size=16k") as disk:
        result = CliRunner().invoke(app, ["build", "epub", "-m", str(SAMPLE), "-o", str(disk / "out"),
                                          "--no-validate"], catch_exceptions=False)
        assert result.exit_code == 1 and "No space left on device" in result.output
        assert [path.name for path in (disk / "out").iterdir()] == []


def test_a_title_too_long_for_a_file_name_still_builds(make_manuscript, tmp_path):
    toml = f'title = "{"A very long title " * 40}"\nlanguage = "en"\ncontents = ["a.md"]\n'
    report = build(make_manuscript({"a.md": "# A\n\nText.\n"}, toml=toml),
                   BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=False))
    assert len(report.outputs[0].path.name) < 130


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "99999999999999", "１２"])
def test_a_malformed_source_date_epoch_is_named(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = CliRunner().invoke(app, ["build", "epub", "-m", str(SAMPLE), "-o", str(tmp_path / "out"), "--no-validate"],
                                catch_exceptions=False)
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH=" in result.output


def test_an_offset_in_modified_is_honoured(make_manuscript, tmp_path):
    from carnets_press.build import modified_time
    from carnets_press.manuscript.metadata import load_metadata

    toml = 'title = "T"\nlanguage = "en"\nmodified = "2026-11-25T09:00:00+02:00"\ncontents = ["a.md"]\n'
    root = make_manuscript({"a.md": "# A\n"}, toml=toml)
    assert modified_time(load_metadata(root), root).isoformat() == "2026-11-25T07:00:00+00:00"


def test_a_template_cache_another_user_owns(tmp_path):
    # Jinja2 refuses a cache directory it does not own (it raises); the build goes on without the cache.
    owned = tmp_path / f"_jinja2-cache-{os.getuid()}"
    owned.mkdir(mode=0o700)
    os.chown(owned, 65534, 65534)
    environment = {**os.environ, "TMPDIR": str(tmp_path)}
    command = [sys.executable, "-m", "carnets_press", "build", "epub", "-m", str(SAMPLE), "-o", str(tmp_path / "out"),
               "--no-validate", "--no-cache"]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_read_only_output_folder(tmp_path):
    # Root may write anywhere but to a read-only file system: the one way to test this as root.
    with _tmpfs(tmp_path / "disk", "ro,size=64k") as disk:
        result = CliRunner().invoke(app, ["build", "epub", "-m", str(SAMPLE), "-o", str(disk / "out"),
                                          "--no-validate"], catch_exceptions=False)
        assert result.exit_code == 1 and "Read-only file system" in result.output


def test_elements_nested_hundreds_deep(tmp_path):
    root = write(tmp_path / "m", {"a.md": "# A\n\n" + "<span>" * 1000 + "deep" + "</span>" * 1000 + "\n"})
    result = CliRunner().invoke(app, ["build", "epub", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate"],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "nests elements too deeply" in result.output, result.output
