"""Number the notes in reading order, as the print and the EPUB editions both show them."""

from __future__ import annotations

from carnets_press.codes import finding
from carnets_press.findings import Finding
from carnets_press.manuscript.model import Book, NoteRef, walk


def number_notes(book: Book) -> list[Finding]:
    """Continuous across the book, or restarting with each part (`[notes] numbering`); and the notes called
    inside notes, which cannot be numbered so."""
    number = 0
    for part in book.parts:
        if book.metadata.notes.numbering == "per-part":
            number = 0
        for note in part.notes():
            number += 1
            note.number = number
    return _nested_notes(book)


def _nested_notes(book: Book) -> list[Finding]:
    findings = []
    for note in book.notes():
        for block in note.blocks:
            for node in walk(block):
                if isinstance(node, NoteRef):
                    findings.append(finding("note-in-note", f"note [^{node.note.label}] is called inside another note",
                                            node.location))
    return findings
