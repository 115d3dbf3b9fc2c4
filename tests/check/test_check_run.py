"""run_check as a whole: the sample edition is clean, the verdict, the order, and what it must not load."""

from __future__ import annotations

import re
import subprocess
import sys

from check_support import check
from support import REPOSITORY, SAMPLE

from carnets_press.check import run_check
from carnets_press.codes import CODES, TABLE_BEGIN, TABLE_END, markdown_table


def test_the_sample_edition_has_no_findings_even_when_strict():
    report = run_check(SAMPLE, strict=True)
    assert report.findings == () and report.suppressed == 0
    assert report.exit_code == 0


def test_warnings_pass_unless_strict(make_manuscript):
    files = {"a.md": "# A\n\nTwo  spaces.\n"}
    assert check(make_manuscript, files).exit_code == 0
    assert check(make_manuscript, files, strict=True).exit_code == 1


def test_an_error_fails(make_manuscript):
    report = check(make_manuscript, {"a.md": "# A\n\nText.[^gone]\n"})
    assert (report.errors, report.warnings, report.exit_code) == (1, 0, 1)


def test_a_manuscript_that_cannot_be_read_is_one_error(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"}, toml='title = "T\n')
    report = run_check(root)
    assert [(f.code, f.location.file.name, f.location.line) for f in report.findings] == [
        ("manuscript-unreadable", "book.toml", 1)]
    assert "invalid TOML" in report.findings[0].message and report.exit_code == 1


def test_findings_follow_reading_order(make_manuscript):
    # contents lists b.md first: its findings come first, after book.toml's.
    toml = 'title = "T"\nlanguage = "en"\ncontents = ["b.md", "a.md"]\n'
    report = run_check(make_manuscript({"a.md": "# A\n\nOne  two.\n", "b.md": "# B\n\nThree  four.\n\nFive  six.\n"},
                                       toml=toml))
    assert [(f.location.file.name, f.location.line) for f in report.findings] == [
        ("book.toml", None), ("b.md", 3), ("b.md", 5), ("a.md", 3)]


def test_reader_findings_have_the_hint_of_their_code(make_manuscript):
    report = check(make_manuscript, {"a.md": "# A {#x y=}\n"})
    assert report.findings[0].hint == CODES["heading-attributes"].hint


def test_checking_loads_neither_weasyprint_nor_ebooklib():
    script = (f"import sys; from pathlib import Path; from carnets_press.check import run_check; "
              f"run_check(Path({str(SAMPLE)!r})); "
              f"assert 'weasyprint' not in sys.modules and 'ebooklib' not in sys.modules, 'heavy import'")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_documentation_has_the_generated_table_of_codes():
    doc = (REPOSITORY / "docs" / "check.md").read_text(encoding="utf-8")
    generated = re.search(rf"{re.escape(TABLE_BEGIN)}\n(.*?){re.escape(TABLE_END)}", doc, re.DOTALL)
    assert generated is not None, "docs/check.md has lost the markers of its table of codes"
    assert generated.group(1) == markdown_table(), (
        "docs/check.md's table of codes differs from carnets_press/codes.py: run python scripts/codes_table.py")


def test_every_code_a_module_reports_is_in_the_table():
    # finding() refuses a code that is not in the table, but only when it runs: read every call instead.
    text = "\n".join(path.read_text(encoding="utf-8") for path in (REPOSITORY / "src").rglob("*.py"))
    literal = set(re.findall(r"\b(?:finding|_found|rule)\(\s*\"([a-z-]+)\"", text))
    for pair in re.findall(r"code = \"([a-z-]+)\" if .+ else \"([a-z-]+)\"", text):  # date-impossible/-unrecognised
        literal |= set(pair)
    assert len(literal) > 30 and literal <= set(CODES)
