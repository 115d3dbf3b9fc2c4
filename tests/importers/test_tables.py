"""Tables in an extraction: a run of one-cell lines kept whole, in order, as a block the editor rebuilds.

The pages below are invented, laid out as pdftotext's default mode reads a page that holds a table of
observations: the running head at the top, the column heads on one line, then one short line a cell, in the
order the layout gives (not row by row), the folio at the foot — or, on a page the table fills, among the cells.
"""

from __future__ import annotations

from carnets_press.importers.importer import import_text, raw_lines
from carnets_press.importers.pages import strip_furniture
from carnets_press.importers.report import ImportReport
from carnets_press.importers.tables import take_tables

HEAD = "A WINTER AT THE LAKE"


def report() -> ImportReport:
    return ImportReport(raw="test", out_dir="test", language="en-GB")


def prose(page: int, count: int = 12, last: str = "and so the day went by until the evening came.") -> list[str]:
    """Full lines of running text, none like another, closing on a short last line."""
    return [f"the text of page {page} goes on here, line {k}, as long as all the other lines of prose" for k in
            range(count)] + [last]


CELLS = ["Day Hour Above Wind Weather Remarks", "Jan.", "1800", "3", "8", "—", "N. W.", "Clear", "4", "8½", "12",
         "“", "S.", "Cloudy", "5", "9", "—", "E.", "“", "Snow", "at night.", "6", "7", "2", "—", "“"]


def extraction(pages: list[list[str]]) -> str:
    """What pdftotext writes for the pages: each ends with a blank line, the next opens on a form feed."""
    return "\f".join("\n".join(page) + "\n\n" for page in pages) + "\f"


def pages_with_table(folio_among_cells: bool = True) -> list[list[str]]:
    table = [*CELLS[:20], "", "14", "", *CELLS[20:]] if folio_among_cells else [*CELLS, "", "14"]
    return [
        [HEAD, "", "JANUARY 2, 1800.—We reached the lake, and the men began the house at once.", *prose(12), "", "12"],
        [HEAD, "", *prose(13, last="The weather of the month was as follows."), "", "13"],
        [HEAD, "", *table],
        [HEAD, "", "JANUARY 9.—The ice held, and the men crossed it with their loads.", *prose(15), "", "15"],
    ]


def test_a_table_is_kept_whole_as_its_lines_in_order():
    decisions = report()
    files = import_text(extraction(pages_with_table()), "en-GB", decisions)
    text = "\n".join(files.values())
    block = text[text.index("::: {.table-extraction}"):]
    block = block[:block.index("\n:::")]
    assert block.splitlines()[1:] == [f"| {cell}" for cell in CELLS]
    table = [decision for decision in decisions.decisions if decision.kind == "table"]
    assert len(table) == 1 and table[0].uncertain and "rebuild it by hand" in table[0].decided
    raw = raw_lines(extraction(pages_with_table()))
    assert raw[table[0].line - 1] == CELLS[0]  # the raw line, true to the file
    assert "1800.md" in files and "# 1800" in files["1800.md"]  # the year in a cell makes no part of its own
    assert sum(chunk.startswith("## ") for chunk in files["1800.md"].split("\n\n")) == 2  # nor a cell an entry


def test_the_folio_set_among_the_cells_is_furniture_still():
    decisions = report()
    files = import_text(extraction(pages_with_table()), "en-GB", decisions)
    assert "| 14" not in "\n".join(files.values())
    folio = [decision for decision in decisions.decisions if decision.kind == "furniture" and decision.before == "14"]
    assert len(folio) == 1 and "among the table's cells" in folio[0].decided


def test_a_number_among_the_cells_that_is_not_the_folio_stays():
    pages = pages_with_table(folio_among_cells=False)
    pages[2].insert(10, "14")  # the foot of the page holds its folio, 14: a 14 among the cells is a cell
    decisions = report()
    lines, furniture = strip_furniture(raw_lines(extraction(pages)), decisions)
    _, tables = take_tables(lines, furniture, decisions)
    assert "14" in [line.text for line in tables[0].lines]


def test_a_line_alone_on_the_next_page_is_not_a_cell():
    pages = pages_with_table()
    pages[3][2:2] = ["II"]  # a chapter's number over the next entry
    decisions = report()
    lines, furniture = strip_furniture(raw_lines(extraction(pages)), decisions)
    rest, tables = take_tables(lines, furniture, decisions)
    assert [line.text for line in tables[0].lines][-1] == CELLS[-1]
    assert "II" in [line.text for line in rest]


def test_short_lines_of_words_are_no_table():
    verse = ["the rain", "upon the roof", "and then", "the wind", "that blows", "all night", "over the hill",
             "and the sea", "is grey", "and the gulls", "cry out", "in the dark", "till morning", "comes back"]
    pages = [[HEAD, "", *prose(12), "", "12"], [HEAD, "", *verse, "", "13"], [HEAD, "", *prose(14), "", "14"]]
    decisions = report()
    lines, furniture = strip_furniture(raw_lines(extraction(pages)), decisions)
    rest, tables = take_tables(lines, furniture, decisions)
    assert tables == [] and len(rest) == len(lines)
