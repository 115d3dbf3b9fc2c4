"""The import, stage by stage: end matter, page furniture, tables, drop cap, notes, paragraphs, words, parts.

The order matters. Furniture goes first, so that running heads are not read as
text; tables next, so that their cells are read neither as notes nor as paragraphs
(nor their pages' blocks reordered); notes are taken out before paragraphs are formed,
so that a page's foot does not break the paragraph that runs on across it; words are repaired once the lines
of a paragraph are known; headings are split last, on repaired text.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from carnets_press.errors import CarnetsError
from carnets_press.importers.columns import restore_column_order
from carnets_press.importers.credits import complete, take_end_matter, unspace
from carnets_press.importers.headings import build_parts, year_of_line
from carnets_press.importers.inputs import read_input
from carnets_press.importers.lexicon import Lexicon
from carnets_press.importers.lines import Line, Measure, ends_sentence
from carnets_press.importers.notes import separate_notes
from carnets_press.importers.pages import strip_furniture
from carnets_press.importers.paragraphs import BULLET, Block, segment
from carnets_press.importers.report import ImportReport
from carnets_press.importers.tables import take_tables
from carnets_press.importers.words import join_lines, restore_drop_cap, restore_kept_initials
from carnets_press.importers.writer import MARKDOWN, TEXT_ORIGIN, check_target, escape, render, write_manuscript


def run_import(raw_path: Path, to_dir: Path, language: str | None = None) -> ImportReport:
    """Turn a text extraction of a printed edition, the edition's PDF itself, or a Word manuscript (.docx), into a
    manuscript in ``to_dir``; return the report.

    ``language`` defaults to en-GB for a text, and to the document's own for a Word file. ``to_dir`` must not
    exist or be empty; nothing is written unless the whole import succeeds.
    """
    check_target(to_dir)
    if raw_path.suffix.lower() == ".docx":
        from carnets_press.importers.word import import_docx  # python-docx only for Word files

        return import_docx(raw_path, to_dir, language)
    language = language or "en-GB"
    geometry = None
    if raw_path.suffix.lower() == ".pdf":
        from carnets_press.importers.pdf import read_pdf

        text, geometry = read_pdf(raw_path)
    else:
        text = _read_raw(raw_path)
    report = ImportReport(raw=str(raw_path), out_dir=str(to_dir), language=language)
    files = import_text(text, language, report, geometry)
    write_manuscript(files, to_dir)
    report.files = list(files)
    return report


# A 1,000-page book extracted as text is about 3 MiB.
MAX_RAW_BYTES = 64 * 1024 * 1024


def _read_raw(path: Path) -> str:
    """The extraction's text; a directory, a device, a huge or a binary file is refused with what it is."""
    data = read_input(path, MAX_RAW_BYTES, "the text file that pdftotext wrote")
    if b"\0" in data:
        raise CarnetsError(f"{path}: binary data, not text (a NUL byte at offset {data.index(0)})",
                           hint="import the text extraction (pdftotext book.pdf book.txt), not the PDF or a document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CarnetsError(f"{path}: not UTF-8 text ({error.reason})", hint="convert it to UTF-8") from None


def import_text(text: str, language: str, report: ImportReport,
                geometry: dict[int, tuple[float, float]] | None = None) -> dict[str, str]:
    """The manuscript's files ({name: content}) made from the raw text; decisions go to ``report``. ``geometry``
    is where each line was set, by line number, when the text was read from a PDF (importers/pdf.py)."""
    raw = raw_lines(unicodedata.normalize("NFC", text))
    raw, credits = take_end_matter(raw, report)
    lexicon = Lexicon(language, "\n".join(raw))
    restore_kept_initials(raw, lexicon, report)
    lines, furniture = strip_furniture(raw, report)
    if geometry:
        for line in lines:
            line.geometry = geometry.get(line.number)
    lines, tables = take_tables(lines, furniture, report)
    lines = restore_column_order(lines, lexicon, report)
    _restore_drop_caps(lines, lexicon, report)
    body, notes = separate_notes(lines, report)
    blocks = segment(body, report)
    joined = [(block.kind, block.lines[0].number, _block_text(block, join_lines(block.lines, block.measure, lexicon,
                                                                               report))) for block in blocks]
    for table in tables:  # after the block it interrupted: a paragraph may run on past it
        at = next((k for k, (_, line, _) in enumerate(joined) if line > table.lines[0].number), len(joined))
        joined.insert(at, ("table", table.lines[0].number, table.markdown))
    if not blocks:
        raise CarnetsError("the raw text holds no text to import, once page furniture is taken out")
    note_measure = Measure.of([line for note in notes for line in note.lines]) or blocks[0].measure
    note_texts = {note.label: join_lines(note.lines, note_measure, lexicon, report) for note in notes}
    parts = build_parts(joined, language, lexicon, report,
                        [(item.line, item.text) for item in furniture if item.kind == "head"])
    heads = [(item.line, unspace(item.words, lexicon)) for item in furniture if item.kind == "head" and not item.varies]
    credits = complete(credits, heads, [part.year for part in parts if part.year], lexicon.minor, report)
    origin = TEXT_ORIGIN if geometry is None else "the edition's PDF: check it against the printed pages"
    return render(parts, note_texts, credits, language, report, origin=origin)


def _block_text(block: Block, text: str) -> str:
    """A list's item as Markdown's ("- Excessive pandiculation,"), its bullet dropped; any other block as it is."""
    if block.kind != "item":
        return text
    return MARKDOWN + "- " + escape(BULLET.sub("", text, count=1), block=False)


def raw_lines(text: str) -> list[str]:
    """The text's lines as an editor numbers them: split at line feeds only, so that line numbers stay true to
    the file. A form feed (pdftotext's page break) stays at the start of its line for the page stage; the other
    characters that str.splitlines() would break at (vertical tab, file and group separators, NEL, U+2028,
    U+2029) are spaces inside a line.
    """
    lines = _OTHER_BREAKS.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return lines[:-1] if lines[-1] == "" else lines


_OTHER_BREAKS = re.compile("[\v\x1c\x1d\x1e\x85\u2028\u2029]")


def _restore_drop_caps(lines: list[Line], lexicon: Lexicon, report: ImportReport) -> None:
    """A drop cap opens a paragraph: look for a lost one only where a paragraph can open.

    The initial stood beside its first lines, which were set narrower for it.
    """
    texts = [line for line in lines if line.text]
    measure = Measure.of(texts) or Measure(30.0)
    for k, line in enumerate(texts):
        opens = k == 0 or ends_sentence(texts[k - 1].text) or year_of_line(texts[k - 1].text) is not None
        if opens and restore_drop_cap(line, lexicon, report):
            _inset(texts[k:k + measure.drop_cap_lines], measure)


def _inset(lines: list[Line], measure: Measure) -> None:
    """Narrow the printed lines beside a drop cap: a raw line may hold two of them."""
    left = measure.drop_cap_lines
    for line in lines:
        count = next((c for c in range(1, left) if line.width + c * measure.drop_cap <= c * measure.full * 1.15), left)
        line.inset = count * measure.drop_cap
        left -= count
        if not left:
            return
