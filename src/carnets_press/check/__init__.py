"""`carnets-press check`: every problem of a manuscript at once, without building the book.

The build stops at the first error it cannot get past; the checker loads the
manuscript as the build does (pipeline.load), runs every rule over the model,
then applies the suppression comments, and reports all findings, so an editor
can fix a manuscript in one pass. It imports neither
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
from carnets_press.codes import finding
from carnets_press.errors import EXIT_MANUSCRIPT_ERROR, ManuscriptError
from carnets_press.findings import CountsBySeverity, Finding
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
        book, findings = load(manuscript_dir)
    except ManuscriptError as error:
        unreadable = finding("manuscript-unreadable", error.message, error.location)
        if error.hint:
            unreadable = dataclasses.replace(unreadable, hint=error.hint)
        return CheckReport(manuscript_dir, (unreadable,), strict)
    context = Context(book)
    for code in RULES:
        findings += run_rule(code, context)
    files = [manuscript_dir / BOOK_FILE] + [manuscript_dir / name for name in book.metadata.contents]
    kept, suppressed = apply_suppressions(findings, context.sources, files)
    order = {path: index for index, path in enumerate(files)}
    unique = sorted(set(kept), key=lambda finding: _sort_key(finding, order))
    return CheckReport(manuscript_dir, tuple(unique), strict, suppressed)


def run_rule(code: str, context: Context) -> list[Finding]:
    """The findings of one lint rule; the build runs `font-missing-glyph` so, to say where a character is that
    the print QA found set in a fallback font."""
    return [finding(code, hit.message, hit.location) for hit in RULES[code].check(context)]


def _sort_key(finding: Finding, order: dict[Path, int]) -> tuple:
    location = finding.location
    if location is None:
        return (-1, "", 0, 0, finding.code, finding.message)
    return (order.get(location.file, len(order)), str(location.file), location.line or 0, location.column or 0,
            finding.code, finding.message)
