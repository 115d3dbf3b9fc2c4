"""validate, stats, and build's --json and --quiet, in process."""

from __future__ import annotations

import json
import zipfile

from typer.testing import CliRunner

from carnets_press.cli import app

DIARY = {"1941.md": "# 1941\n\n## 31 March 1941. On the Ship.\n\nWords here.[^1]\n\n## 6 April 1941.\n\nMore words.\n\n"
                    "[^1]: A note.\n"}


def invoke(*args):
    # catch_exceptions=False: an exception the CLI lets out fails the test, instead of passing for exit code 1.
    return CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)


def test_build_json_and_validate_the_epub(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    result = invoke("build", "epub", "-m", root, "-o", tmp_path, "--json", "--no-validate")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["entries"], report["notes"], report["outputs"][0]["format"]) == (2, 1, "epub")
    epub = tmp_path / "doe-test-notebooks.epub"
    validated = invoke("validate", epub, "-m", root, "--format", "json")
    assert validated.exit_code == 0 and json.loads(validated.output)["summary"] == {"errors": 0, "warnings": 0}

    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(epub) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info).replace(b'href="#note-1"', b'href="#nowhere"'))
    failed = invoke("validate", broken, "-m", root, "--format", "github")
    assert failed.exit_code == 1
    assert failed.output.startswith("::error file=broken.epub/EPUB/part-1941.xhtml,line=")


def test_quiet_build_prints_nothing_when_clean(make_manuscript, tmp_path):
    from PIL import Image

    # No generated cover to warn of, and an accessibility summary: a clean manuscript.
    root = make_manuscript(DIARY, extra_toml='[cover]\nimage = "cover.png"\n[accessibility]\nsummary = "Text."\n')
    Image.new("RGB", (1600, 2560), "navy").save(root / "cover.png")
    result = invoke("build", "epub", "-m", root, "-o", tmp_path, "--quiet", "--no-validate")
    assert (result.exit_code, result.output) == (0, "")


def test_validate_refuses_other_files(tmp_path):
    (tmp_path / "book.txt").write_text("x")
    result = invoke("validate", tmp_path / "book.txt")
    assert result.exit_code == 2 and "give an .epub or a .pdf" in result.output


def test_stats_counts_entries_words_and_notes(make_manuscript, tmp_path):
    result = invoke("stats", "-m", make_manuscript(DIARY), "-o", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    numbers = json.loads(result.output)
    assert numbers["entries_per_year"] == {"1941": 2}
    # "Words here." "More words." / "A note."
    assert (numbers["words"], numbers["note_words"], numbers["notes"], numbers["notes_per_entry"]) == (4, 2, 1, 0.5)
    assert numbers["actual_pages"] is None and numbers["estimated_pages"] >= 5
