"""The command line, in process: exit codes and messages, never a traceback.

Commands run with `catch_exceptions=False`: CliRunner would otherwise catch any
exception the command lets out and turn it into exit code 1 with a clean output,
so that "no traceback" and "exit 1" could not fail. Here an exception that escapes
the CLI's error handling fails the test with its own traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import SAMPLE
from typer.testing import CliRunner

from carnets_press.cli import app
from carnets_press.errors import EXIT_INTERNAL_ERROR, EXIT_MANUSCRIPT_ERROR, EXIT_TOOL_MISSING, EXIT_USAGE_ERROR

runner = CliRunner()

DIARY = {"a.md": "# A\n\n## 1 May 1941.\n\nText.[^1]\n\n[^1]: Note.\n"}


def invoke(*args: str):
    return runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)


def test_exit_codes_are_distinct():
    assert (EXIT_MANUSCRIPT_ERROR, EXIT_USAGE_ERROR, EXIT_TOOL_MISSING, EXIT_INTERNAL_ERROR) == (1, 2, 3, 4)


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
    root = make_manuscript(DIARY)
    result = invoke("build", "epub", "-m", root, "-o", tmp_path / "out", "--no-validate")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "doe-test-notebooks.epub").is_file()
    assert "1 parts, 1 entries, 1 notes" in result.output


def test_unresolved_note_exits_1_with_file_and_line(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\nText.[^gone]\n"})
    result = invoke("build", "epub", "-m", root, "-o", tmp_path / "out", "--no-validate")
    assert result.exit_code == 1
    assert f"{root / 'a.md'}:3: error: note [^gone] is called but not defined [note-undefined]" in result.output
    assert not (tmp_path / "out").exists()


def test_missing_manuscript_exits_1(tmp_path):
    result = invoke("build", "epub", "-m", tmp_path / "nowhere", "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "no book.toml" in result.output


def test_unknown_target_is_a_usage_error(make_manuscript):
    result = invoke("build", "mobi")
    assert result.exit_code == 2
    assert "'mobi' is not one of" in result.output


def test_unknown_option_is_a_usage_error():
    result = invoke("check", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_output_inside_the_manuscript_is_refused(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"})
    result = invoke("build", "epub", "-m", root, "-o", root / "build", "--no-validate")
    assert result.exit_code == 2
    assert "inside the manuscript" in result.output
    assert not (root / "build").exists()


@pytest.fixture
def no_java(tmp_path, monkeypatch):
    """A PATH with nothing on it, so no `java`: as on a machine without Java."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_build_without_java_exits_3_and_says_what_to_install(make_manuscript, tmp_path, no_java):
    result = invoke("build", "epub", "-m", make_manuscript(DIARY), "-o", tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert "error: EPUBCheck needs Java, which is not installed" in result.output
    assert "--no-validate" in result.output


def test_validate_without_java_exits_3(make_manuscript, tmp_path, no_java):
    root = make_manuscript(DIARY)
    assert invoke("build", "epub", "-m", root, "-o", tmp_path / "out", "--no-validate").exit_code == 0
    result = invoke("validate", tmp_path / "out" / "doe-test-notebooks.epub", "-m", root)
    assert result.exit_code == 3, result.output
    assert "EPUBCheck needs Java" in result.output


def _a_bug(monkeypatch):
    """An internal error: a bug the CLI does not foresee, where the build would be. No real input is left that
    raises an exception of no one's (each found was made one of our errors), so this is the one stand-in."""
    import carnets_press.build

    def build(*args, **kwargs):
        raise RuntimeError("the sky fell\non two lines")

    monkeypatch.setattr(carnets_press.build, "build", build)


def test_an_unexpected_exception_is_an_internal_error_in_one_line(tmp_path, monkeypatch):
    _a_bug(monkeypatch)
    result = invoke("build", "epub", "-m", SAMPLE, "-o", tmp_path / "out")
    assert result.exit_code == 4, result.output
    first, *rest = result.output.splitlines()
    assert first == "internal error: RuntimeError: the sky fell on two lines"
    assert len(rest) == 1 and "report it" in rest[0] and "--debug" in rest[0]
    assert "Traceback" not in result.output  # meaningful here: the exception reached the CLI, which printed it


def test_debug_shows_the_traceback_with_the_same_exit_code(tmp_path, monkeypatch):
    _a_bug(monkeypatch)
    result = invoke("build", "epub", "-m", SAMPLE, "-o", tmp_path / "out", "--debug")
    assert result.exit_code == 4
    assert "Traceback (most recent call last):" in result.output and "RuntimeError" in result.output
    assert "internal error:" not in result.output

    result = invoke("stats", "-m", tmp_path / "nowhere", "--debug")
    assert result.exit_code == 1
    assert "Traceback (most recent call last):" in result.output and "ManuscriptError: " in result.output


def test_proof_of_a_file_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("not a PDF at all\n", encoding="utf-8")
    result = invoke("proof", path, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "cannot be read as a PDF" in result.output


def test_warnings_are_printed_but_do_not_fail(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\n## 31 February 1942.\n\nText.\n"})
    result = invoke("build", "epub", "-m", root, "-o", tmp_path / "out", "--no-validate")
    assert result.exit_code == 0
    assert "a.md:3: warning: impossible date" in result.output


def test_build_reports_what_check_reports(make_manuscript, tmp_path):
    # A dated entry out of order: check's date-order warning, which the build printed nothing of.
    root = make_manuscript({"a.md": "# 1941\n\n## 3 May 1941.\n\n## 1 May 1941.\n"})
    result = invoke("build", "epub", "-m", root, "-o", tmp_path / "out", "--no-validate")
    assert result.exit_code == 0, result.output
    assert "a.md:5: warning: '1 May 1941.' (1941-05-01) comes after '3 May 1941.'" in result.output
    assert "[date-order]" in invoke("check", "-m", root).output


def test_a_link_to_a_file_not_in_contents_stops_the_build_at_its_line(make_manuscript, tmp_path):
    # benchmarks/corpora/README.md, failure class 6: the EPUB had it, and EPUBCheck refused the book (RSC-007).
    root = make_manuscript({"a.md": "# 1660\n\n## 1 January 1660.\n\nSee [June 17th, 1666](b.md#entry-1666-06-17).\n"})
    result = invoke("build", "epub", "-m", root, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert ("a.md:5:23: error: link to 'b.md#entry-1666-06-17': b.md is not in contents [link-broken]"
            in result.output)
    assert "error: the manuscript has 1 error" in result.output and "EPUBCheck" not in result.output
    assert not (tmp_path / "out" / "doe-test-notebooks.epub").exists()


def test_a_failed_build_still_shows_its_warnings(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# 1941\n\n## 3 May 1941.\n\n## 1 May 1941.\n\nAn asterism ⁂ here.\n"})
    result = invoke("build", "pdf", "-m", root, "-o", tmp_path / "out")
    assert result.exit_code == 1
    for code in ("date-order", "font-missing-glyph", "print-font-foreign"):
        assert f"[{code}]" in result.output, result.output


def test_one_finding_for_each_cause(make_manuscript, tmp_path):
    # Raw HTML outside the safe list, once a paragraph: one warning, with the count and the other lines.
    paragraphs = "\n\n".join(f"A <font>word</font> {number}." for number in range(8))
    root = make_manuscript({"a.md": f"# A\n\n{paragraphs}\n"})
    result = invoke("build", "epub", "-m", root, "-o", tmp_path / "out", "--no-validate")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "[html-unsafe]" in line]
    assert len(lines) == 1 and ("a.md:3: warning: unsafe HTML <font> removed (8 times in this file; also on lines 5, "
                                "7, 9, 11, 13 and 2 more) [html-unsafe]") in lines[0]


def test_manuscript_is_never_written(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\nText.\n"})
    before = {path: path.stat().st_mtime_ns for path in root.rglob("*")}
    assert invoke("build", "epub", "-m", root, "-o", tmp_path / "out", "--no-validate").exit_code == 0
    assert {path: path.stat().st_mtime_ns for path in root.rglob("*")} == before


@pytest.mark.parametrize("args", [("--version",), ("-h",)])
def test_version_and_short_help(args):
    assert invoke(*args).exit_code == 0


def test_import_writes_a_manuscript_that_builds_and_refuses_to_overwrite(tmp_path):
    raw = Path(__file__).parent / "importers" / "data" / "orchard.raw.txt"
    target = tmp_path / "imported"
    result = invoke("import", raw, "--to", target, "--report", tmp_path / "report.json")
    assert result.exit_code == 0, result.output
    assert (target / "book.toml").is_file() and (tmp_path / "report.json").is_file()
    built = invoke("build", "epub", "-m", target, "-o", tmp_path / "out", "--no-validate")
    assert built.exit_code == 0, built.output
    again = invoke("import", raw, "--to", target)
    assert again.exit_code == 2 and "not an empty directory" in again.output


HEAVY = ("weasyprint", "ebooklib", "lxml", "pypdf", "pypdfium2", "jinja2", "fontTools", "PIL", "wordfreq",
         "watchfiles", "epubcheck", "carnets_press.build", "carnets_press.render", "carnets_press.check")


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["--version"]])
def test_help_loads_none_of_the_heavy_modules(args):
    script = ("import sys\nfrom carnets_press.cli import main\n"
              f"sys.argv = ['carnets-press', *{args!r}]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              f"print(sorted(name for name in sys.modules if name.split('.')[0] in {HEAVY!r} or name in {HEAVY!r}))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]", f"{args} imported {result.stdout.splitlines()[-1]}"
