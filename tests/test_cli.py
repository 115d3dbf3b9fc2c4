"""The command line, in process: exit codes and messages, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from carnets_press.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_help_lists_the_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "build" in result.output and "Publish notebook and diary editions" in result.output


def test_build_help_documents_its_options():
    result = invoke("build", "--help")
    assert result.exit_code == 0
    for option in ("--manuscript", "-m", "--out", "-o", "--no-validate"):
        assert option in result.output


def test_build_writes_the_epub(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nText.[^1]\n\n[^1]: Note.\n"})
    result = invoke("build", "epub", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "doe-test-notebooks.epub").is_file()
    assert "1 parts, 1 entries, 1 notes" in result.output


def test_unresolved_note_exits_1_with_file_and_line(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\nText.[^gone]\n"})
    result = invoke("build", "epub", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate")
    assert result.exit_code == 1
    assert f"{root / 'a.md'}:3: error: note [^gone] is called but not defined [note-undefined]" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_missing_manuscript_exits_1(tmp_path):
    result = invoke("build", "epub", "-m", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "no book.toml" in result.output and "Traceback" not in result.output


def test_unknown_target_is_a_usage_error(make_manuscript):
    result = invoke("build", "mobi")
    assert result.exit_code == 2


def test_output_inside_the_manuscript_is_refused(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"})
    result = invoke("build", "epub", "-m", str(root), "-o", str(root / "build"), "--no-validate")
    assert result.exit_code == 2
    assert "inside the manuscript" in result.output
    assert not (root / "build").exists()


def test_warnings_are_printed_but_do_not_fail(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\n## 31 February 1942.\n\nText.\n"})
    result = invoke("build", "epub", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate")
    assert result.exit_code == 0
    assert "a.md:3: warning: impossible date" in result.output


def test_manuscript_is_never_written(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\nText.\n"})
    before = {path: path.stat().st_mtime_ns for path in root.rglob("*")}
    invoke("build", "epub", "-m", str(root), "-o", str(tmp_path / "out"), "--no-validate")
    assert {path: path.stat().st_mtime_ns for path in root.rglob("*")} == before


@pytest.mark.parametrize("args", [("--version",), ("-h",)])
def test_version_and_short_help(args):
    assert invoke(*args).exit_code == 0


def test_import_writes_a_manuscript_that_builds_and_refuses_to_overwrite(tmp_path):
    raw = Path(__file__).parent / "importers" / "data" / "orchard.raw.txt"
    target = tmp_path / "imported"
    result = invoke("import", str(raw), "--to", str(target), "--report", str(tmp_path / "report.json"))
    assert result.exit_code == 0, result.output
    assert (target / "book.toml").is_file() and (tmp_path / "report.json").is_file()
    built = invoke("build", "epub", "-m", str(target), "-o", str(tmp_path / "out"), "--no-validate")
    assert built.exit_code == 0, built.output
    again = invoke("import", str(raw), "--to", str(target))
    assert again.exit_code == 2 and "not an empty directory" in again.output
