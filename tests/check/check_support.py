"""Helpers for the checker's tests: a small manuscript checked in one call."""

from __future__ import annotations

from carnets_press.check import CheckReport, run_check
from carnets_press.findings import Finding

# Test manuscripts get an accessibility summary, so that they report only what a test is about.
SUMMARY = '\n[accessibility]\nsummary = "Text only."\n'


def check(make_manuscript, files: dict[str, str], extra_toml: str = "", strict: bool = False, **kwargs) -> CheckReport:
    return run_check(make_manuscript(files, extra_toml=extra_toml + SUMMARY, **kwargs), strict=strict)


def only(report: CheckReport) -> Finding:
    assert len(report.findings) == 1, "\n".join(map(str, report.findings))
    return report.findings[0]


def codes(report: CheckReport) -> list[str]:
    return [finding.code for finding in report.findings]
