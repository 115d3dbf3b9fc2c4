"""The output formats: JSON for scripts, GitHub annotations, SARIF, and text for people."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from check_support import check

from carnets_press.check import CheckReport
from carnets_press.check.formats import FORMATS
from carnets_press.codes import CODES
from carnets_press.errors import Location
from carnets_press.findings import Finding, Severity

GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,]+,line=\d+(,col=\d+)?,title=[^:]+::.+$")
MANUSCRIPT = {"a.md": "# 1941\n\n## 3 May 1941.\n\nSee [there](#nowhere) and  this.\n\n## 1 May 1941.\n"}


@pytest.fixture
def report(make_manuscript, tmp_path, monkeypatch) -> CheckReport:
    monkeypatch.chdir(tmp_path)  # paths are shown relative to the working directory
    return check(make_manuscript, MANUSCRIPT)


def test_every_format_is_registered():
    assert set(FORMATS) == {"text", "json", "github", "sarif"}


def test_text_has_one_line_a_finding_and_a_count(report):
    lines = FORMATS["text"](report).splitlines()
    assert lines[0] == ("manuscript/a.md:5:13: error: link to '#nowhere': no part or entry has the id 'nowhere' "
                        f"[link-broken] ({CODES['link-broken'].hint})")
    assert lines[-1] == "1 error, 2 warnings"


def test_text_of_a_clean_report(tmp_path):
    assert FORMATS["text"](CheckReport(tmp_path, ())) == "no findings"


def test_json_has_the_documented_keys(report):
    document = json.loads(FORMATS["json"](report))
    assert set(document) == {"version", "findings", "summary"} and document["version"] == 1
    assert document["summary"] == {"errors": 1, "warnings": 2}
    first = document["findings"][0]
    assert set(first) == {"code", "severity", "file", "line", "column", "message", "hint"}
    assert (first["code"], first["severity"], first["file"], first["line"], first["column"]) == (
        "link-broken", "error", "manuscript/a.md", 5, 13)
    assert [f["code"] for f in document["findings"]] == ["link-broken", "double-space", "date-order"]


def test_github_lines_are_workflow_commands(report):
    lines = FORMATS["github"](report).splitlines()
    assert len(lines) == 3 and all(GITHUB_LINE.match(line) for line in lines), lines
    assert lines[0].startswith("::error file=manuscript/a.md,line=5,col=13,title=link-broken::link to '#nowhere'")


def test_github_escapes_data_and_properties(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    finding = Finding("double-space", Severity.WARNING, "100% wrong\nsecond line", Location(tmp_path / "a,b:c.md", 2))
    line = FORMATS["github"](CheckReport(tmp_path, (finding,)))
    assert line == "::warning file=a%2Cb%3Ac.md,line=2,title=double-space::100%25 wrong%0Asecond line"
    assert GITHUB_LINE.match(line)


def test_a_finding_about_a_whole_file_is_annotated_on_its_first_line(make_manuscript, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = check(make_manuscript, {"a.md": "# A\n"}, toml='title = "T"\nlanguage = "en"\ncontents = ["a.md"]\n')
    assert FORMATS["github"](report).startswith(
        "::warning file=manuscript/book.toml,line=1,title=accessibility-summary-missing::")


def test_sarif_has_the_required_keys(report):
    document = json.loads(FORMATS["sarif"](report))
    assert document["version"] == "2.1.0" and "sarif-2.1.0" in document["$schema"]
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "carnets-press" and driver["version"]
    assert [rule["id"] for rule in driver["rules"]] == list(CODES)
    assert all(rule["shortDescription"]["text"] for rule in driver["rules"])
    result = run["results"][0]
    assert (result["ruleId"], result["level"]) == ("link-broken", "error")
    assert driver["rules"][result["ruleIndex"]]["id"] == "link-broken"
    assert result["message"]["text"].startswith("link to '#nowhere'")
    physical = result["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "manuscript/a.md"}, "region": {"startLine": 5, "startColumn": 13}}
    assert [r["level"] for r in run["results"]] == ["error", "warning", "warning"]


def test_sarif_uses_file_uris_outside_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outside = Path("/") / "elsewhere" / "a b.md"
    finding = Finding("double-space", Severity.WARNING, "m", Location(outside))
    result = json.loads(FORMATS["sarif"](CheckReport(tmp_path, (finding,))))["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "file:///elsewhere/a%20b.md"}}


def test_sarif_gives_an_outside_validators_finding_the_rule_of_its_family(tmp_path):
    finding = Finding("epubcheck-RSC-007", Severity.ERROR, "Referenced resource could not be found",
                      Location(tmp_path / "book.epub"))
    run = json.loads(FORMATS["sarif"](CheckReport(tmp_path, (finding,))))["runs"][0]
    result = run["results"][0]
    assert result["ruleId"] == "epubcheck-RSC-007"
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "epubcheck"
