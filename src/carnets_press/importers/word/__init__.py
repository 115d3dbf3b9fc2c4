"""Import a Word manuscript (.docx): its styles, notes, formatting and images become the format's.

Why python-docx and lxml, and not mammoth. Both were tried on a Pandoc-made .docx
with footnotes, small capitals and a `[texte]{lang=fr}` span. mammoth converts
footnotes and endnotes and small capitals well, but drops `w:lang` (its document
model has no language on a run), reads the inserted side of tracked changes
silently, so they could not be refused, and gives HTML that would have to be parsed
again into Markdown. python-docx has no footnote API, but it reads the package
the way Word writes it (content types, relationships and whether they are external,
core properties, style names, image parts) and hands over the lxml elements, where
every run keeps its `w:lang`, `w:smallCaps`, `w:vertAlign` and the calls of its
notes. So python-docx opens the package, and the body, footnotes, endnotes and
comments are read from their lxml elements here: package.py opens the file safely,
blocks.py and inline.py read paragraphs and runs, structure.py makes parts and
entries, and the writer shared with the text importer puts them on disk.
"""

from __future__ import annotations

from pathlib import Path

from carnets_press.errors import CarnetsError
from carnets_press.importers.report import ImportReport, NotePairing
from carnets_press.importers.word.blocks import Reader
from carnets_press.importers.word.package import open_docx
from carnets_press.importers.word.structure import book_credits, build_parts
from carnets_press.importers.writer import calls, check_target, render, write_manuscript

__all__ = ["import_docx"]


def import_docx(path: Path, to_dir: Path, language: str | None = None) -> ImportReport:
    """Turn the Word file at ``path`` into a manuscript in ``to_dir``; return the report of what was unsure.

    ``language`` (BCP 47) is the book's; by default the document's own (styles.xml), else its core properties'.
    ``to_dir`` must not exist or be empty; nothing is written unless the whole import succeeds."""
    check_target(to_dir)
    package = open_docx(path)
    book_language = language or package.language or package.core_language or "en-GB"
    report = ImportReport(raw=str(path), out_dir=str(to_dir), language=book_language)
    if language is None:
        source = ("the document's default language (styles.xml)" if package.language else
                  "the file's Language property" if package.core_language else
                  "none given, and the document names none")
        report.add("metadata", 0, book_language, f"language: {book_language}, {source}",
                   0.9 if package.language or package.core_language else 0.3)
    reader = Reader(package, report, book_language)
    blocks = reader.blocks(package.body)
    for comment_id in list(package.comments):  # comments anchored nowhere in the text
        reader.comment(comment_id, line=0)
    if not any(block.kind not in ("title", "subtitle", "author") for block in blocks):
        raise CarnetsError(f"{path}: the document holds no text to import")
    parts, found = build_parts(blocks, book_language, report)
    report.notes = [NotePairing(label, None, line, None, (), None, "", 1.0)
                    for label, line in reader.note_lines.items()]
    files = render(parts, reader.notes, book_credits(found, package, report), book_language, report,
                   markdown=calls, origin=f"the Word file {path.name}: check it against the document")
    write_manuscript({**files, **reader.images}, to_dir)
    report.files = list(files) + list(reader.images)
    return report
