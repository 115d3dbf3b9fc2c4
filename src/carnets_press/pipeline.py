"""Read → model → transforms: the book every renderer and check receives."""

from __future__ import annotations

from pathlib import Path

from carnets_press.errors import FindingsError
from carnets_press.findings import Severity
from carnets_press.manuscript.model import Book
from carnets_press.manuscript.reader import read_book
from carnets_press.transform.notes import number_notes
from carnets_press.transform.typography import apply_typography


def load_book(manuscript_dir: Path) -> Book:
    """The book, numbered and typeset; raises FindingsError listing every error found."""
    book = read_book(manuscript_dir)
    number_notes(book)
    errors = [finding for finding in book.findings if finding.severity is Severity.ERROR]
    if errors:
        raise FindingsError(f"the manuscript has {len(errors)} error{'s' if len(errors) != 1 else ''}", book.findings)
    apply_typography(book)
    return book
