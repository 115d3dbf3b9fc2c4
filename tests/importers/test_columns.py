"""Page block order on pages set in two columns, as pdftotext's default mode extracts them.

The pages below are invented. Each is a list of the blocks pdftotext writes for it, in the order it writes them,
with a blank line between blocks; the running head and the folio are already gone (the page stage takes them).
"""

from __future__ import annotations

from carnets_press.importers.columns import restore_column_order
from carnets_press.importers.importer import import_text
from carnets_press.importers.lexicon import Lexicon
from carnets_press.importers.lines import Line
from carnets_press.importers.report import ImportReport

LEXICON = Lexicon("en-GB")

LEFT = ["Book the Second", "The garrison was relieved at dawn, and the town", "sent out its carts to meet the",
        "column, and the first houses of the new set-"]
RIGHT = ["tlement along the river were roofed by noon.", "By evening the wagons were unloaded, and the men",
         "were glad of their rest after the march"]
NOTES = ["1. The town kept its own account of the relief."]


def lines_of(pages: list[list[list[str]]]) -> list[Line]:
    """Numbered raw lines for pages of blocks: a blank line after each block, each page opening a new page."""
    lines: list[Line] = []
    for page, blocks in enumerate(pages):
        for k, block in enumerate(blocks):
            for j, text in enumerate(block):
                lines.append(Line(len(lines) + 1, text, page_start=k == j == 0, page=page))
            lines.append(Line(len(lines) + 1, "", page=page))
    return lines


def reorder(pages: list[list[list[str]]]) -> tuple[list[Line], list[Line], ImportReport]:
    report = ImportReport(raw="test", out_dir="test", language="en-GB")
    lines = lines_of(pages)
    return lines, restore_column_order(list(lines), LEXICON, report), report


def texts(lines: list[Line]) -> list[str]:
    return [line.text for line in lines]


def test_a_right_column_read_first_goes_after_the_left_one() -> None:
    """A part opens above the left column: pdftotext reads the right column first, whose first line finishes the
    word broken at the left column's foot."""
    lines, ordered, report = reorder([[RIGHT, LEFT, NOTES]])
    assert texts(ordered) == LEFT + RIGHT + [""] + NOTES + [""]  # the column break is no break in the text
    assert sorted(line.number for line in ordered) == [line.number for line in lines if line.number != 4]
    assert [line.text for line in ordered if line.page_start] == [LEFT[0]]
    moved = [decision for decision in report.decisions if "out of turn" in decision.decided]
    assert [(decision.kind, decision.line, decision.confidence) for decision in moved] == [("columns", 1, 0.9)]
    assert "lines 1–3 read after lines 5–8" in moved[0].decided and "'settlement'" in moved[0].decided


def test_columns_in_order_are_kept_and_run_on_across_a_broken_word() -> None:
    _, ordered, report = reorder([[LEFT, RIGHT, NOTES]])
    assert texts(ordered) == LEFT + RIGHT + [""] + NOTES + [""]
    assert [(decision.line, decision.confidence) for decision in report.decisions] == [(6, 0.9)]
    assert "run on from lines 1–4" in report.decisions[0].decided


def test_a_page_that_goes_on_from_the_page_before_is_left_alone() -> None:
    """The first block finishes the word broken at the foot of the page before: that is where it follows on."""
    before = [["The carts came back at night, empty, and the", "wagons after them, all in good order and con-"]]
    page = [["tinued on their way to the farms by the river", "at first light, and the town was still."],
            ["The men rested through the day and went out", "again in the evening to the settle-"]]
    lines, ordered, report = reorder([before, page])
    assert ordered == lines
    assert report.decisions == []


def test_a_fragment_two_blocks_could_finish_keeps_the_order_and_says_so() -> None:
    before = [["The carts came back at night, empty, and the", "wagons stood in the yard of the set-"]]
    lines, ordered, report = reorder([before, [RIGHT, LEFT]])
    assert ordered == lines
    assert [(decision.kind, decision.line, decision.confidence) for decision in report.decisions] == [
        ("columns", 4, 0.4)]
    assert "could both finish" in report.decisions[0].decided


def test_a_first_word_that_is_a_word_by_itself_is_not_evidence_enough() -> None:
    """'ward' finishes 'to-', but it is a word too; the next block carries on in lower case: order kept."""
    first = ["ward the river, where the carts were waiting", "for the men to come down from the hill"]
    second = ["and load them; so the day went by, and at dusk", "the last of them turned to-"]
    lines, ordered, report = reorder([[first, second]])
    assert ordered == lines
    assert [(decision.line, decision.confidence) for decision in report.decisions] == [(1, 0.4)]
    assert "may follow lines 4–5 ('toward')" in report.decisions[0].decided


def test_a_page_opening_mid_word_with_nothing_to_finish_it_is_reported() -> None:
    first = ["tinued with the carts, and so to the river", "where the boats were waiting for them"]
    second = ["Then the rain came on, and they went in to"]
    lines, ordered, report = reorder([[first, second]])
    assert ordered == lines
    assert [(decision.line, decision.confidence) for decision in report.decisions] == [(1, 0.4)]
    assert "mid-word" in report.decisions[0].decided


def test_a_single_column_page_with_its_notes_is_untouched() -> None:
    body = ["the last of the carts came in at noon, and the", "men sat down to eat in the yard.2"]
    notes = ["2. They had been on the road since the day before,", "and the roads were bad after the rain"]
    lines, ordered, report = reorder([[body, notes]])
    assert ordered == lines
    assert report.decisions == []


def test_a_heading_read_as_a_block_of_its_own_goes_first_with_the_left_column() -> None:
    heading, left = LEFT[:1], LEFT[1:]
    _, ordered, report = reorder([[RIGHT, heading, left, NOTES]])
    assert [text for text in texts(ordered) if text] == LEFT + RIGHT + NOTES
    assert "read after lines 7–9" in report.decisions[0].decided


def test_the_import_reads_a_part_opening_in_column_order() -> None:
    """End to end: the part's opening page, its right column extracted first, then a page read in order."""
    opening = ["A Journal of the March", "", *RIGHT, "", "PART TWO", "MAY 3. The garrison was relieved at dawn, and",
               "the town sent out its carts to meet the column,", "and the first houses of the new set-", "", "9", ""]
    following = ["\fA Journal of the March", "", "MAY 4. We marched at six, the roads dry and the",
                 "weather fair, and came to the ford by noon; the", "",
                 "river was low, and we crossed it without loss.", "", "10", ""]
    report = ImportReport(raw="test", out_dir="test", language="en-GB")
    files = import_text("\n".join(opening + following), "en-GB", report)
    text = " ".join(files.values())
    assert "the first houses of the new settlement along the river were roofed by noon." in text
    assert text.index("MAY 3") < text.index("settlement") < text.index("MAY 4")
    assert any(decision.kind == "columns" and decision.line == 3 for decision in report.decisions)


def test_a_right_column_read_after_the_heading_goes_after_the_left_one() -> None:
    """pdftotext may write the spanning heading first, then the right column, then the left."""
    heading, left = LEFT[:1], LEFT[1:]
    _, ordered, report = reorder([[heading, RIGHT, left, NOTES]])
    assert [text for text in texts(ordered) if text] == LEFT + RIGHT + NOTES
    assert [line.text for line in ordered if line.page_start] == [LEFT[0]]
    assert "lines 3–5 read after lines 7–9" in report.decisions[0].decided
