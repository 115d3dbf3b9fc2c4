"""Tables in a text extraction: found, kept whole as their lines, reported for rebuilding by hand.

pdftotext (default mode) reads a table cell by cell, one short line a cell, in an order that follows the layout
(down some columns, then across others), so its rows cannot be rebuilt from the text alone. Left to the paragraph
stage, its cells would run into paragraphs of their own, a year or a date in a cell would read as a heading, and
a word broken in a narrow cell would be "repaired". A table shows in the text as a long run of very short lines,
mostly figures, abbreviations and marks, unlike the prose around it; its column heads (a line of capitalised
words above the cells, or between them) go with it. Its lines are kept, all of them and in order, as a line block
in a div `.table-extraction`, and reported with their raw lines at a low confidence, so that the editor rebuilds
the table from the printed page. The folio of a page the table fills, which the extraction may set among the
cells rather than at the page's foot, is furniture still: it is the number the folios of the other pages count
up to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from carnets_press.importers.lines import TERMINAL, Line, Measure
from carnets_press.importers.pages import Furniture
from carnets_press.importers.report import ImportReport
from carnets_press.importers.writer import MARKDOWN, escape

_CELL = 0.3  # of the measure: a cell's line is much shorter than any line of prose but a paragraph's last
_MIN_CELLS = 12  # short lines in a run, before it is a table rather than a list, a letter's close or verse
_FIGURES = 0.5  # the share of the words of its short lines that are figures, abbreviations or marks
_GAP = 2  # longer lines in a row (a column's heads, a remark) that a table holds among its cells
_PAGE_CELLS = 3  # short lines a page must give a table that goes on over it (a chapter's number alone is not)
_HEADS = 2  # lines of column heads above the first cell
_FIGURE = re.compile(r"[^\W\d_]{1,4}\.|[^\W\d_]|.*\d.*|\W+")  # "N.", "Dec.", "E", "12", "8½", "—", "“"
_ROW_TOKENS = 6  # words of a row read whole, at the least
_ROW_FIGURES = 0.7  # the share of them that are figures, abbreviations or marks
_CONFIDENCE = 0.3


@dataclass
class Table:
    """The lines of a table, as the extraction read them (its folio aside)."""

    lines: list[Line]

    @property
    def markdown(self) -> str:
        """A div that holds the lines as a line block: each kept as read, none joined or reflowed."""
        rows = "\n".join(f"| {escape(line.text, block=False)}" for line in self.lines)
        return f"{MARKDOWN}::: {{.table-extraction}}\n{rows}\n:::"


def take_tables(lines: list[Line], furniture: list[Furniture], report: ImportReport) -> tuple[list[Line], list[Table]]:
    """The lines less the tables' (blank lines stay, to separate the text around them), and the tables."""
    texts = [line for line in lines if line.text]
    measure = Measure.of(texts) or Measure(30.0)
    tables = [Table(run) for run in _runs(texts, measure)]
    taken: set[int] = set()
    offset = _folio_offset(furniture)
    for table in tables:
        first, last = table.lines[0].number, table.lines[-1].number
        if offset is not None:
            _take_folios(table, furniture, offset, report)
        taken |= {line.number for line in lines if first <= line.number <= last and line.text}
        pages = sorted({line.page + (1 if offset is None else offset) for line in table.lines})
        where = ("the PDF's " if offset is None else "printed ") + (
            f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}")
        report.add("table", first, " / ".join(line.text for line in table.lines[:6]),
                   f"a table (raw lines {first}–{last}), kept as its {len(table.lines)} lines in the extraction's "
                   f"order, in a div .table-extraction: rebuild it by hand from {where} (pdftotext -layout keeps "
                   f"a row on a line)", _CONFIDENCE)
    return [line for line in lines if line.number not in taken], tables


def _runs(texts: list[Line], measure: Measure) -> list[list[Line]]:
    """Runs of short lines, mostly figures, with the longer lines among them and the column heads above them. A
    row of figures read whole (from a PDF: its cells lie closer than a word space of prose) counts as a cell."""
    short = [_is_cell(line, measure) for line in texts]
    runs: list[list[Line]] = []
    k = 0
    while k < len(texts):
        if not short[k]:
            k += 1
            continue
        end = k
        while end + 1 < len(texts) and any(short[end + 1:end + 2 + _GAP]):
            end += 1 + next(step for step, is_short in enumerate(short[end + 1:end + 2 + _GAP]) if is_short)
        run = _trimmed(texts[k:end + 1], measure)
        k = end + 1
        cells = [line for line in run if _is_cell(line, measure)]
        tokens = [token for line in cells for token in line.text.split()]
        if run and len(cells) >= _MIN_CELLS and sum(map(_is_figure, tokens)) >= _FIGURES * len(tokens):
            start = begin = texts.index(run[0])
            while begin > 0 and start - begin < _HEADS and _is_heads(texts[begin - 1].text):
                begin -= 1
            runs.append(texts[begin:start] + run)
    return runs


def _trimmed(run: list[Line], measure: Measure) -> list[Line]:
    """The run without the pages at its ends that give it only a line or two: a short line before or after the
    table on another page (a chapter's number, a paragraph's last words) is not one of its cells."""
    cells = Counter(line.page for line in run if _is_cell(line, measure))
    for end in (-1, 0):
        while len(cells) > 1 and cells[run[end].page] < _PAGE_CELLS:
            page = run[end].page
            run = [line for line in run if line.page != page]
            cells.pop(page, None)
    return run


def _is_cell(line: Line, measure: Measure) -> bool:
    return line.width <= _CELL * measure.full or _is_row(line)


def _is_row(line: Line) -> bool:
    """A table's row read whole: "16 8½ — 10 — Clear 12 0 14 — Clear 6 — 15 — Cloudy", most of its words
    figures, abbreviations or marks."""
    tokens = line.text.split()
    return len(tokens) >= _ROW_TOKENS and sum(map(_is_figure, tokens)) >= _ROW_FIGURES * len(tokens)


def _is_figure(token: str) -> bool:
    """A figure, an abbreviation or a mark, as a table's cells hold them: "12", "8½", "N.", "Dec.", "—", "“"."""
    return bool(_FIGURE.fullmatch(token))


def _is_heads(text: str) -> bool:
    """A line of column heads: three words or more, most of them capitalised or figures, closing no sentence."""
    words = text.split()
    capitalised = sum(1 for word in words if word[:1].isupper() or word[:1].isdigit())
    return len(words) >= 3 and capitalised >= 0.6 * len(words) and text[-1:] not in TERMINAL


def _folio_offset(furniture: list[Furniture]) -> int | None:
    """What the book's folios add to the page's index, the same on most pages; None where fewer than two say."""
    offsets = Counter(int(item.text) - item.page for item in furniture if item.kind == "folio" and item.text.isdigit())
    if not offsets or offsets.most_common(1)[0][1] < 2:
        return None
    return offsets.most_common(1)[0][0]


def _take_folios(table: Table, furniture: list[Furniture], offset: int, report: ImportReport) -> None:
    """Take out the folio of each page of the table whose edges held none: the number that the folios of the
    book's other pages count up to, alone on a line."""
    with_folio = {item.page for item in furniture if item.kind == "folio"}
    for page in sorted({line.page for line in table.lines} - with_folio):
        line = next((line for line in table.lines if line.page == page and line.text == str(page + offset)), None)
        if line is not None:
            table.lines.remove(line)
            report.add("furniture", line.number, line.text, f"removed: folio of page {page + offset}, which the "
                       "extraction set among the table's cells (the other folios count up to it)", 0.8,
                       before=line.text, after="")
