"""The ids the renderers write into the book and the validators look for afterwards.

The EPUB links a note call to its note and back; the print HTML gives WeasyPrint
an id for each call, note and entry text, which become the PDF's named
destinations that the print QA reads back. Both sides take the names from here,
so the contract is written once.
"""

from __future__ import annotations

import re

from carnets_press.manuscript.model import Entry, Note

# The EPUB's own documents (a part is `<id>.xhtml`) and the ids of the pages the tool adds.
TOOL_IDS = frozenset({"titlepage", "nav", "colophon", "endnotes", "toc", "landmarks", "toc-heading",
                      "landmarks-heading", "colophon-heading", "endnotes-heading", "contents-title", "cover",
                      "page-list", "page-list-heading"})
_TOOL_PATTERN = re.compile(r"(note|noteref|call|page)-\d+|endnotes-.+")


def is_reserved(name: str) -> bool:
    """An id the tool writes itself: a manuscript's {#id} may not take it (nor an entry's text id, which the
    reader checks once the entries have their ids)."""
    return name in TOOL_IDS or _TOOL_PATTERN.fullmatch(name) is not None


def note_id(note: Note) -> str:
    """The note itself: the EPUB's aside or endnote, the print edition's footnote."""
    return f"note-{note.number}"


def noteref_id(note: Note) -> str:
    """The EPUB's call, which the note links back to."""
    return f"noteref-{note.number}"


def call_id(note: Note) -> str:
    """The print edition's call: an empty anchor where the note is called."""
    return f"call-{note.number}"


def entry_text_id(entry: Entry) -> str:
    """The print edition's first block of an entry, to tell whether it follows its heading on the page."""
    return f"{entry.id}-text"


def page_break_id(folio: str) -> str:
    """The EPUB's marker where a page of the print edition begins (its page-list links to it)."""
    return f"page-{folio}"
