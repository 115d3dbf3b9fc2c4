"""Paragraphs found from line widths (paragraphs.py, lines.py), on invented lines whose widths are given as a
printed page would give them: full lines about 30 ems wide, spread a little by justification, first lines
indented by 1.5 ems."""

from __future__ import annotations

import pytest

from carnets_press.importers.lines import Line, Measure
from carnets_press.importers.paragraphs import THEMATIC_BREAK, segment
from carnets_press.importers.report import ImportReport
from carnets_press.importers.writer import escape

FULL = 30.0
SPREAD = (29.4, 30.0, 30.6, 29.7, 30.3, 30.9, 29.1)  # full lines, as justification leaves their natural widths


class Page:
    """Raw lines in order, numbered from 1."""

    def __init__(self) -> None:
        self.lines: list[Line] = []

    def add(self, text: str, width: float) -> Page:
        self.lines.append(Line(len(self.lines) + 1, text, width=width))
        return self

    def run_on(self, count: int, first: bool = False) -> Page:
        """Full lines that do not close a sentence; the first one indented when ``first``."""
        for k in range(count):
            width = SPREAD[len(self.lines) % len(SPREAD)] - (1.5 if first and k == 0 else 0.0)
            self.add(("After that" if first and k == 0 else "and") + " the walk went on along the river to the", width)
        return self


def paragraphs(page: Page) -> list[list[int]]:
    return [[line.number for line in block.lines] for block in segment(page.lines, report())]


def report() -> ImportReport:
    return ImportReport(raw="raw.txt", out_dir="out", language="en-GB")


def body() -> Page:
    """An opening paragraph of ten lines, enough to measure the text by."""
    return Page().run_on(9, first=True).add("farm, where we had tea.", 12.0)


def test_the_measure_knows_how_wide_full_lines_get():
    measure = Measure.of(body().run_on(20).lines)
    assert measure is not None and measure.full == 30.0 and 30.5 < (measure.top or 0) < 31.0
    assert measure.printed_lines(30.9) == 1
    assert measure.printed_lines(30.9 + 2.5) == 2  # a full line and the last syllables of its paragraph
    assert measure.printed_lines(60.3) == 2


def test_a_given_measure_keeps_the_old_allowance():
    assert Measure(30.0).printed_lines(34.0) == 1 and Measure(30.0).printed_lines(35.0) == 2


def test_a_last_line_as_wide_as_a_full_one_ends_its_paragraph_when_the_next_is_indented():
    """Being wider than the median full line says nothing against a last line: it does not cancel the indent."""
    page = body().run_on(3, first=True).add("the end of a long day.", 30.6)
    page.add("After that the walk went on along the river to the", 27.3).run_on(2).add("Then home.", 8.0)
    assert paragraphs(page) == [list(range(1, 11)), [11, 12, 13, 14], [15, 16, 17, 18]]


def test_a_sentence_that_closes_at_a_full_line_inside_a_paragraph_does_not_end_it():
    page = body().run_on(3, first=True).add("the end of a long day.", 30.0).run_on(3).add("Then home.", 8.0)
    assert paragraphs(page) == [list(range(1, 11)), list(range(11, 19))]


def test_a_line_run_into_the_last_syllables_of_its_paragraph_ends_it():
    """pdftotext joins "para-" and "graph." into one raw line, a little wider than any full line."""
    page = body().run_on(3, first=True).add("at the end of the last paragraph.", 30.6 + 2.5)
    page.run_on(3, first=True).add("Then home.", 8.0)
    assert paragraphs(page) == [list(range(1, 11)), [11, 12, 13, 14], [15, 16, 17, 18]]


def test_a_dash_before_speech_ends_the_paragraph():
    page = body().run_on(2, first=True).add("At the gate the old man stopped and said to us—", 27.0)
    page.add("“You will not find the road open after the rain.”", 27.0).run_on(2, first=True)
    assert paragraphs(page)[1:] == [[11, 12, 13], [14], [15, 16]]


def test_a_dash_inside_a_sentence_does_not():
    page = body().run_on(2, first=True).add("and the weather turned at last—", 27.0).run_on(2)
    assert paragraphs(page)[1:] == [[11, 12, 13, 14, 15]]


def test_an_initial_at_a_line_end_does_not_close_the_sentence():
    """The name went to the next line for want of room: the line is a little short, the next one looks indented."""
    page = body().run_on(2, first=True).add("and the men had come up the river with J.", 28.0)
    page.add("Smith. We were met on the bank by the whole of the village at noon", 28.5).run_on(1)
    assert paragraphs(page)[1:] == [[11, 12, 13, 14, 15]]


def test_a_capital_that_left_room_for_the_next_word_is_a_word_ending_the_sentence():
    """Greedy filling would have set "Curious" beside "I." had the paragraph gone on."""
    page = body().run_on(2, first=True).add("3. The real but unknown I.", 12.0)
    page.add("Curious that these three should live together in one tenement", 28.5).run_on(1)
    assert paragraphs(page)[1:] == [[11, 12, 13], [14, 15]]


def test_a_turn_of_dialogue_starts_a_paragraph_though_the_speech_filled_its_line():
    """A one-line speech nearly fills its (indented) line; the next speaker's words open on a quotation mark."""
    page = body().add("“We shall not reach the pass before the snow comes down on it.”", 27.0)
    page.add("“Then we stay here tonight,” said the guide.", 18.0).run_on(2, first=True)
    assert paragraphs(page)[1:] == [[11], [12], [13, 14]]


def test_a_quotation_opening_inside_a_paragraph_on_a_full_line_does_not_split_it():
    page = body().run_on(2, first=True).add("and at the inn he said to us, as he always did.", 29.7)
    page.add("“The road is closed,” and so it was, all that week and the next one", 30.3).run_on(1)
    assert paragraphs(page)[1:] == [[11, 12, 13, 14, 15]]


def test_a_paragraph_may_open_on_an_ellipsis_where_the_editor_cut():
    page = body().run_on(2, first=True).add("and that was the end of it.", 15.0)
    page.add("… Later we walked down to the harbour and along the front to the", 28.5).run_on(1)
    assert paragraphs(page)[1:] == [[11, 12, 13], [14, 15]]


@pytest.mark.parametrize("mark", ["***", "* * *", "⁂"])
def test_a_section_break_stands_alone_between_two_paragraphs(mark):
    """The break's line is short and the line after it not indented: widths say nothing, the mark decides."""
    page = body().run_on(2, first=True).add("and so the day ended.", 30.3).add(mark, 3.0)
    page.run_on(2).add("Then home.", 8.0)
    blocks = segment(page.lines, report())
    assert [[line.number for line in block.lines] for block in blocks][1:] == [[11, 12, 13], [14], [15, 16, 17]]
    assert [line.text for line in blocks[2].lines] == [THEMATIC_BREAK] and blocks[2].kind == "paragraph"
    assert escape(THEMATIC_BREAK) == "***"  # a Markdown thematic break, not escaped asterisks


def test_a_dated_line_after_a_section_break_opens_an_entry():
    page = body().add("* * *", 3.0).add("March 3.—We left the farm early and walked to the", 29.4).run_on(2)
    assert [block.kind for block in segment(page.lines, report())][1:] == ["paragraph", "entry"]


def test_a_colon_and_a_dash_introduce_a_paragraph():
    """"as follows:—": the old way of announcing what comes next, set as a paragraph of its own."""
    page = body().run_on(2, first=True).add("and the story, as he told it, was as follows:—", 22.0)
    page.add("The two men had been partners for four years, and in all that", 28.5).run_on(1)
    assert paragraphs(page)[1:] == [[11, 12, 13], [14, 15]]


def test_a_colon_and_a_dash_on_a_full_line_do_not_end_the_paragraph_alone():
    page = body().run_on(2, first=True).add("and he bought, on the way home from the market:—", 30.0)
    page.add("Two candles, a loaf, and a jar of the honey they sell at the", 30.3).run_on(1)
    assert paragraphs(page)[1:] == [[11, 12, 13, 14, 15]]


def test_a_line_opening_on_a_bullet_is_a_list_item_of_its_own(tmp_path):
    """Barbellion's symptoms: items that close no sentence, each on its line; read back by the reader as a list."""
    from carnets_press.importers import run_import
    from carnets_press.pipeline import load

    prose = "We walked along the river to the old mill and back again before the rain came on"
    raw = tmp_path / "raw.txt"
    days = "".join(f"AUGUST {day}.—{prose}, and the\nday went by. It was late.\n" for day in (9, 10))
    raw.write_text("1915\n\n" + days + f"AUGUST 12.—{prose}, and then\nI was ill. The symptoms include:\n"
                   "• Excessive pandiculation,\n• Dyspnoea,\n• A desiccated epidermis.\n"
                   f"AUGUST 16.—{prose}. It was\nlate.\n", encoding="utf-8")
    run_import(raw, tmp_path / "out")
    toml = tmp_path / "out" / "book.toml"  # the text names no title
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = ""', 'title = "A Journal"'), encoding="utf-8")
    book = load(tmp_path / "out").book
    entry = book.parts[0].entries[2]
    lists = [block for block in entry.blocks if getattr(block, "tag", None) == "ul"]
    assert len(lists) == 1 and len(lists[0].children) == 3
    assert "•" not in (tmp_path / "out" / "1915.md").read_text(encoding="utf-8")
