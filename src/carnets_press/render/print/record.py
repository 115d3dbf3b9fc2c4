"""The page record: where the parts and entries of the last PDF fell, for the chunked layout of the next build.

OUT/.carnets-cache/pdf-pages.json (the build keeps it when --jobs asks for chunks). Only a guess: the chunked
layout checks it after layout, and a record of another book, of another version, or damaged is not used.
"""

from __future__ import annotations

import io
import itertools

from carnets_press.manuscript.model import Book

RECORD_VERSION = 1


def page_record(book: Book, pdf_bytes: bytes) -> dict:
    """The record of a laid-out PDF (one pass or chunked): the parts' ids, the page count, and the page
    (1-based) of each part and entry, read from the named destinations."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    pages = {name: number + 1 for name, dest in reader.named_destinations.items()
             if (number := reader.get_destination_page_number(dest)) is not None}
    ids = [part.id for part in book.parts] + [entry.id for part in book.parts for entry in part.entries]
    return {"version": RECORD_VERSION, "parts": [part.id for part in book.parts], "pages": len(reader.pages),
            "targets": {name: pages[name] for name in ids if name in pages}}


def usable_record(book: Book, record: object) -> dict[str, int] | None:
    """The record's pages of the contents targets if it is a record of this book's parts, else None."""
    try:
        if (not isinstance(record, dict) or record.get("version") != RECORD_VERSION
                or record.get("parts") != [part.id for part in book.parts]):
            return None
        targets = {str(name): int(page) for name, page in record["targets"].items()}
        if not all(part.id in targets for part in book.parts):
            return None
        pages = [targets[part.id] for part in book.parts]
        if pages[0] < 1 or any(b <= a for a, b in itertools.pairwise(pages)) or int(record["pages"]) < pages[-1]:
            return None
        return targets
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
