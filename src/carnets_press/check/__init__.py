"""`carnets-press check`: every problem of a manuscript at once, without building the book.

The checker loads the manuscript as the build does (pipeline.load), runs every
rule over the model, then applies the suppression comments, and reports all
findings, so an editor can fix a manuscript in one pass. `build` runs the same
rules (`lint`), shows the same findings and stops on the same errors, but for
those of one edition only (PRINT_ONLY), which it reports with that edition. It imports neither
WeasyPrint nor ebooklib, so it stays fast enough for an editor's save hook;
only `--store` (store_checks) renders the EPUB, as the build would, to check
it against the stores' rules (docs/stores.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from carnets_press.check import rules  # noqa: F401  (registers the rules)
from carnets_press.check.context import Context
from carnets_press.check.registry import RULES
from carnets_press.check.suppress import UNKNOWN_CODE, apply_suppressions
from carnets_press.codes import finding
from carnets_press.errors import EXIT_MANUSCRIPT_ERROR, ManuscriptError
from carnets_press.findings import CountsBySeverity, Finding, Severity, aggregate
from carnets_press.manuscript.metadata import BOOK_FILE
from carnets_press.manuscript.model import Book
from carnets_press.pipeline import load

# Lint codes about one edition only: `build` stops on them only when it makes that edition (a character EB
# Garamond and its fallback lack does not concern the EPUB, whose reading system has its own fonts).
PRINT_ONLY = frozenset({"font-missing-glyph"})


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


def run_check(manuscript_dir: Path, strict: bool = False, stores: Sequence[str] = ()) -> CheckReport:
    """Check a manuscript. What stops the reader (broken TOML, a missing file) is the one finding reported,
    so that CI formats (JSON, GitHub, SARIF) carry it too. `stores` (kdp, apple, kobo, google, all): also
    the stores' rules, on the EPUB the build would make; their findings come after the manuscript's."""
    try:
        book, findings = load(manuscript_dir)
    except ManuscriptError as error:
        unreadable = finding("manuscript-unreadable", error.message, error.location)
        if error.hint:
            unreadable = dataclasses.replace(unreadable, hint=error.hint)
        return CheckReport(manuscript_dir, (unreadable,), strict)
    unique, suppressed = lint(book, findings)
    if stores:
        # What `build epub` stops on: the errors of the manuscript, the print edition's aside.
        buildable = not any(found.severity is Severity.ERROR and found.code not in PRINT_ONLY for found in unique)
        from carnets_press.validate.stores import store_names

        names = store_names(stores)  # an unknown store is a usage error, whatever the book
        unique += store_checks(book, names) if buildable else [finding(
            "store-checks-skipped", f"the store checks ({', '.join(names)}) did not run: the book has errors, and "
            "the EPUB is made only from a book without them")]
    return CheckReport(manuscript_dir, tuple(unique), strict, suppressed)


def lint(book: Book, findings: Sequence[Finding] = (), skip: Collection[str] = ()) -> tuple[list[Finding], int]:
    """The reader's `findings` and those of every lint rule but the codes in `skip`, the suppression comments
    applied, in reading order, one for each cause (findings.aggregate); and how many were suppressed. `check`
    reports them all; `build` these too, PRINT_ONLY aside, and stops on their errors."""
    return _lint(book, findings, [code for code in RULES if code not in skip])


def print_findings(book: Book) -> list[Finding]:
    """The findings of the PRINT_ONLY rules, suppressions applied, which `build pdf` adds to the manuscript's
    (lint's, PRINT_ONLY skipped): where each character is that the print edition's fonts lack."""
    found, _ = _lint(book, (), sorted(PRINT_ONLY))
    return [item for item in found if item.code != UNKNOWN_CODE]  # lint has reported those


def _lint(book: Book, findings: Sequence[Finding], codes: Sequence[str]) -> tuple[list[Finding], int]:
    context = Context(book)
    found = list(findings)
    for code in codes:
        found += run_rule(code, context)
    files = [book.root / BOOK_FILE] + [book.root / name for name in book.metadata.contents]
    kept, suppressed = apply_suppressions(found, context.sources, files)
    order = {path: index for index, path in enumerate(files)}
    return aggregate(sorted(set(kept), key=lambda finding: _sort_key(finding, order))), suppressed


def store_checks(book: Book, stores: Sequence[str]) -> list[Finding]:
    """The stores' rules on the EPUB rendered in memory, as `build` would make it (its bytes, its name)."""
    from carnets_press.build import modified_time
    from carnets_press.output import output_name
    from carnets_press.render.cover import book_cover
    from carnets_press.render.epub import render_epub
    from carnets_press.validate.stores import store_findings

    epub = render_epub(book, modified_time(book.metadata, book.root), book_cover(book))
    return store_findings(epub, stores, f"{output_name(book.metadata)}.epub")


def run_rule(code: str, context: Context) -> list[Finding]:
    """The findings of one lint rule."""
    return [finding(code, hit.message, hit.location) for hit in RULES[code].check(context)]


def _sort_key(finding: Finding, order: dict[Path, int]) -> tuple:
    location = finding.location
    if location is None:
        return (-1, "", 0, 0, finding.code, finding.message)
    return (order.get(location.file, len(order)), str(location.file), location.line or 0, location.column or 0,
            finding.code, finding.message)
