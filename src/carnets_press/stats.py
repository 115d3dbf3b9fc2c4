"""`stats`: the edition in numbers, for an editor planning it and a publisher costing it."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from carnets_press.manuscript.model import Book, plain_text
from carnets_press.pipeline import load

# Words on a page of the print edition, for the estimate before a build: the sample's 13,800
# words of text and notes fill 43 pages of 138 × 216 mm in 11/14 pt EB Garamond.
WORDS_PER_PAGE = 320


@dataclass(frozen=True)
class Stats:
    parts: int
    entries: int
    entries_per_year: dict[str, int]
    words: int
    note_words: int
    notes: int
    notes_per_entry: float
    estimated_pages: int
    actual_pages: int | None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False)


def edition_stats(manuscript_dir: Path, out_dir: Path) -> Stats:
    from carnets_press.output import OutputFolder

    book = load(manuscript_dir).buildable()
    years = Counter(str(entry.date.start.year) if entry.date else "undated" for entry in book.entries())
    notes = book.notes()
    words = sum(_words(plain_text(section.blocks)) for part in book.parts for section in part.sections())
    note_words = sum(_words(plain_text(note.blocks)) for note in notes)
    entries = sum(len(part.entries) for part in book.parts)
    actual = _actual_pages(OutputFolder(out_dir, book.metadata).print_qa_report)
    return Stats(
        parts=len(book.parts), entries=entries, entries_per_year=dict(sorted(years.items())),
        words=words, note_words=note_words, notes=len(notes),
        notes_per_entry=round(len(notes) / entries, 2) if entries else 0.0,
        estimated_pages=_estimate_pages(book, words + note_words), actual_pages=actual,
    )


def _actual_pages(qa_file: Path) -> int | None:
    """The page count the last PDF build's QA report gives; None without a readable report."""
    try:
        pages = json.loads(qa_file.read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pages if isinstance(pages, int) else None


def _words(text: str) -> int:
    return len(re.findall(r"\w+(?:[’'-]\w+)*", text))


def _estimate_pages(book: Book, words: int) -> int:
    """Text pages, plus four of front matter, plus a recto opening (and on average a blank) per part."""
    return 4 + round(words / WORDS_PER_PAGE) + len(book.parts)
