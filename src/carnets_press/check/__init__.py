"""`carnets-press check`: every problem of a manuscript at once, without building the book.

The build stops at the first error it cannot get past; the checker reads the
manuscript as the build does, runs every rule over the model and reports all
findings, so an editor can fix a manuscript in one pass. It imports neither
WeasyPrint nor ebooklib, so it stays fast enough for an editor's save hook.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from carnets_press.check import rules  # noqa: F401  (registers the rules)
from carnets_press.check.context import Context
from carnets_press.check.registry import RULES
from carnets_press.check.suppress import apply_suppressions
from carnets_press.errors import EXIT_MANUSCRIPT_ERROR, ManuscriptError
from carnets_press.findings import CountsBySeverity, Finding, Severity
from carnets_press.manuscript.metadata import BOOK_FILE
from carnets_press.pipeline import load


@dataclass(frozen=True)
class CheckReport(CountsBySeverity):
    """The findings, in reading order (book.toml, then the files of contents), and the verdict."""

    manuscript: Path
    findings: tuple[Finding, ...]
    strict: bool = False
    suppressed: int = 0


    @property
    def exit_code(self) -> int:
        """0 when clean or only warnings; 1 on an error, or on a warning when strict."""
        failed = self.errors or (self.strict and self.warnings)
        return EXIT_MANUSCRIPT_ERROR if failed else 0


def run_check(manuscript_dir: Path, strict: bool = False) -> CheckReport:
    """Check a manuscript. What stops the reader (broken TOML, a missing file) is the one finding reported,
    so that CI formats (JSON, GitHub, SARIF) carry it too."""
    try:
        book, found = load(manuscript_dir)
    except ManuscriptError as error:
        unreadable = Finding("manuscript-unreadable", Severity.ERROR, error.message, error.location,
                             error.hint or RULES["manuscript-unreadable"].hint)
        return CheckReport(manuscript_dir, (unreadable,), strict)
    context = Context(book)
    findings = [_with_hint(finding) for finding in found]
    for rule in RULES.values():
        if rule.check is not None:
            findings += [Finding(rule.code, rule.severity, hit.message, hit.location, rule.hint)
                         for hit in rule.check(context)]
    files = [manuscript_dir / BOOK_FILE] + [manuscript_dir / name for name in book.metadata.contents]
    kept, suppressed = apply_suppressions(findings, context.sources, files)
    order = {path: index for index, path in enumerate(files)}
    unique = sorted(set(kept), key=lambda finding: _sort_key(finding, order))
    return CheckReport(manuscript_dir, tuple(unique), strict, suppressed)


def _with_hint(finding: Finding) -> Finding:
    """The reader gives some of its findings no hint; the table of codes has one for each."""
    rule = RULES.get(finding.code)
    return dataclasses.replace(finding, hint=rule.hint) if finding.hint is None and rule else finding


def _sort_key(finding: Finding, order: dict[Path, int]) -> tuple:
    location = finding.location
    if location is None:
        return (-1, "", 0, 0, finding.code, finding.message)
    return (order.get(location.file, len(order)), str(location.file), location.line or 0, location.column or 0,
            finding.code, finding.message)
