"""A check report as text for people, JSON for scripts, and GitHub annotations or SARIF for code review.

Each format is a function of the report returning the whole output; FORMATS
maps the names `--format` accepts to them. Paths are shown relative to the
working directory when they are inside it, as CI annotations require.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from carnets_press import __version__
from carnets_press.codes import CODES, lookup
from carnets_press.findings import Finding

if TYPE_CHECKING:
    from carnets_press.check import CheckReport

JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def format_text(report: CheckReport) -> str:
    """One line a finding, `file:line:col: severity: message [code] (hint)`, then a count."""
    lines = [_text_line(finding) for finding in report.findings]
    counts = [_plural(report.errors, "error"), _plural(report.warnings, "warning")]
    summary = ", ".join(counts) if report.findings else "no findings"
    if report.suppressed:
        summary += f" ({report.suppressed} suppressed)"
    return "\n".join(lines + [summary])


def format_json(report: CheckReport) -> str:
    """The schema of docs/check.md; `version` changes only when a key changes meaning or goes."""
    findings = [finding_dict(finding) for finding in report.findings]
    document = {"version": JSON_VERSION, "findings": findings,
                "summary": {"errors": report.errors, "warnings": report.warnings}}
    return json.dumps(document, ensure_ascii=False, indent=2)


def finding_dict(finding: Finding) -> dict:
    """One finding in the JSON schema of docs/check.md (also used by `build --json`)."""
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "file": _display_path(finding.location.file) if finding.location else None,
        "line": finding.location.line if finding.location else None,
        "column": finding.location.column if finding.location else None,
        "message": finding.message,
        "hint": finding.hint,
    }


def format_github(report: CheckReport) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line."""
    return "\n".join(_github_line(finding) for finding in report.findings)


def format_sarif(report: CheckReport) -> str:
    """SARIF 2.1.0, for code-scanning tools: every code as a rule, every finding as a result."""
    codes = list(CODES)
    rules = [{"id": entry.code, "shortDescription": {"text": entry.description},
              "help": {"text": entry.hint}, "defaultConfiguration": {"level": entry.severity.value}}
             for entry in CODES.values()]
    results = [_sarif_result(finding, codes) for finding in report.findings]
    run = {"tool": {"driver": {"name": "carnets-press", "version": __version__, "rules": rules}},
           "columnKind": "unicodeCodePoints", "results": results}
    return json.dumps({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2)


FORMATS: dict[str, Callable[[CheckReport], str]] = {
    "text": format_text, "json": format_json, "github": format_github, "sarif": format_sarif,
}


def _text_line(finding: Finding) -> str:
    where = ""
    if finding.location:
        location = finding.location
        where = _display_path(location.file)
        if location.line is not None:
            where += f":{location.line}" + (f":{location.column}" if location.column is not None else "")
        where += ": "
    hint = f" ({finding.hint})" if finding.hint else ""
    return f"{where}{finding.severity.value}: {finding.message} [{finding.code}]{hint}"


def _github_line(finding: Finding) -> str:
    properties = []
    if finding.location:
        properties.append(f"file={_github_property(_display_path(finding.location.file))}")
        properties.append(f"line={finding.location.line or 1}")  # a finding about a whole file goes on its first line
        if finding.location.line and finding.location.column:
            properties.append(f"col={finding.location.column}")
    properties.append(f"title={_github_property(finding.code)}")
    message = f"{finding.message} ({finding.hint})" if finding.hint else finding.message
    return f"::{finding.severity.value} {','.join(properties)}::{_github_data(message)}"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def _sarif_result(finding: Finding, codes: list[str]) -> dict:
    message = f"{finding.message} ({finding.hint})" if finding.hint else finding.message
    result: dict = {"ruleId": finding.code, "level": finding.severity.value, "message": {"text": message}}
    entry = lookup(finding.code)
    if entry is not None:
        result["ruleIndex"] = codes.index(entry.code)
    if finding.location:
        physical: dict = {"artifactLocation": {"uri": _uri(finding.location.file)}}
        if finding.location.line:
            physical["region"] = {"startLine": finding.location.line}
            if finding.location.column:
                physical["region"]["startColumn"] = finding.location.column
        result["locations"] = [{"physicalLocation": physical}]
    return result


def _relative(path: Path) -> Path | None:
    # Not path.resolve(): a finding about a symbolic link names the link, never where it points.
    try:
        return Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(Path.cwd())))
    except ValueError:
        return None


def _display_path(path: Path) -> str:
    relative = _relative(path)
    return relative.as_posix() if relative is not None else str(path)


def _uri(path: Path) -> str:
    """A relative URI reference inside the working directory (where code scanning looks), else a file: URI."""
    relative = _relative(path)
    return quote(relative.as_posix()) if relative is not None else Path(os.path.abspath(path)).as_uri()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
