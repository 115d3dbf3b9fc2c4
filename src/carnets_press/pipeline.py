"""Read → model → transforms: the one way a manuscript becomes the book that renderers and checks receive.

`build`, `check`, `stats` and `validate` all call `load`; the findings travel beside the book, never on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from carnets_press.errors import FindingsError, Location, ManuscriptError
from carnets_press.findings import Finding, Severity
from carnets_press.manuscript.model import Book
from carnets_press.manuscript.reader import read_book
from carnets_press.transform.links import resolve_links
from carnets_press.transform.notes import number_notes
from carnets_press.transform.typography import apply_typography


class Loaded(NamedTuple):
    book: Book
    findings: list[Finding]

    def buildable(self) -> Book:
        """The book, if it has no error; else FindingsError listing every finding."""
        errors = sum(finding.severity is Severity.ERROR for finding in self.findings)
        if errors:
            raise FindingsError(f"the manuscript has {errors} error{'s' if errors != 1 else ''}", self.findings)
        return self.book


def load(manuscript_dir: Path) -> Loaded:
    """The book read, its notes numbered and its text typeset, with every finding of the way.

    Raises ManuscriptError when the manuscript cannot be read at all (see read_book)."""
    try:
        book, findings = read_book(manuscript_dir)
        findings += number_notes(book)
        resolve_links(book)
        apply_typography(book)  # checks look at the text as it will be printed
    except RecursionError:  # raw HTML nested hundreds of elements deep: the model's walk is recursive
        raise ManuscriptError("the manuscript nests elements too deeply to be read (raw HTML hundreds deep?)",
                              Location(manuscript_dir),
                              hint="a book's text nests a few elements, not hundreds") from None
    return Loaded(book, findings)
