"""Page furniture where pdftotext marks the pages with form feeds: position and repetition, not shape alone.

The pages below are invented, laid out as pdftotext's default mode lays out a printed page: the running
head and the folio on lines of their own at the top or foot, blank lines around them, a form feed at the
start of the next page's first line.
"""

from __future__ import annotations

from carnets_press.importers.credits import Credits, complete, take_end_matter, unspace
from carnets_press.importers.importer import raw_lines
from carnets_press.importers.lexicon import Lexicon
from carnets_press.importers.pages import strip_furniture
from carnets_press.importers.report import ImportReport

LEXICON = Lexicon("en-GB")


def report() -> ImportReport:
    return ImportReport(raw="test", out_dir="test", language="en-GB")


def prose(page: int, count: int = 10) -> list[str]:
    """Full lines of running text, none like another."""
    return [f"the text of page {page} goes on here, line {k}, as long as all the other lines of prose"
            for k in range(count)]


def extraction(pages: list[list[str]]) -> list[str]:
    """The raw lines pdftotext writes for these pages: each ends with a blank line, the next opens on a form feed."""
    return raw_lines("\f".join("\n".join(page) + "\n\n" for page in pages) + "\f")


def removed(raw: list[str]) -> tuple[list[tuple[str, str]], ImportReport]:
    decisions = report()
    _, furniture = strip_furniture(raw, decisions)
    return [(item.kind, item.text) for item in furniture], decisions


def test_line_numbers_count_line_feeds_only():
    raw = raw_lines("one\r\ntwo\u2028still two\n\fthree\n")
    assert raw == ["one", "two still two", "\fthree"]
    lines, _ = strip_furniture(raw, report())
    assert [(line.number, line.text, line.page) for line in lines] == [(1, "one", 0), (2, "two still two", 0),
                                                                        (3, "three", 1)]


def test_alternating_heads_and_folios_at_the_foot():
    pages = [[head, "", *prose(page), "", f"—{page + 11}—"]
             for page, head in enumerate(["THE RIVER BOOK", "ANNA BERG"] * 3)]
    raw = extraction(pages)
    found, decisions = removed(raw)
    assert found == [kind for page, head in enumerate(["THE RIVER BOOK", "ANNA BERG"] * 3)
                     for kind in (("head", head), ("folio", f"—{page + 11}—"))]
    assert all(decision.confidence >= 0.9 for decision in decisions.decisions)
    lines, _ = strip_furniture(raw, report())
    starts = [line for line in lines if line.page_start]
    assert [line.page for line in starts] == list(range(6))
    assert all(line.text.startswith("the text of page") for line in starts)
    assert raw[starts[1].number - 3] == "\f" + pages[1][0]  # the numbers are the file's own lines


def test_a_year_head_that_changes_is_furniture_and_a_year_in_the_text_is_not():
    years = ["1950", "1950", "1951", "1952"]
    pages = []
    for page in range(8):
        body = prose(page)
        if page == 5:
            body[4] = "1951"  # the year heading in the text, mid-page
        pages.append(["THE RIVER BOOK" if page % 2 == 0 else years[page // 2], "", *body, "", str(page + 3)])
    raw = extraction(pages)
    decisions = report()
    _, furniture = strip_furniture(raw, decisions)
    heads = [(item.text, item.varies) for item in furniture if item.kind == "head"]
    assert heads == [("THE RIVER BOOK", False), ("1950", True)] * 2 + [("THE RIVER BOOK", False), ("1951", True),
                                                                      ("THE RIVER BOOK", False), ("1952", True)]
    assert "1951" in [line.strip() for line in raw] and not any(
        decision.excerpt == "1951" and decision.line == raw.index("1951") + 1 for decision in decisions.decisions)
    once = [decision for decision in decisions.decisions if decision.excerpt in ("1951", "1952")]
    assert once and all(decision.uncertain for decision in once)  # printed once: a person checks them


def test_datelines_at_the_top_of_pages_stay_text():
    pages = [[*([dateline] if dateline else []), *prose(page), "", str(page + 1)]
             for page, dateline in enumerate(["JUNE 1", None, "JUNE 5", None, "JUNE 9", None])]
    found, _ = removed(extraction(pages))
    assert found == [("folio", str(page + 1)) for page in range(6)]


def test_an_opening_page_keeps_its_chapter_title():
    pages = [["CHAPTER TWO", "", *prose(0), "", "7"]]
    pages += [[head, "", *prose(page), "", str(page + 7)]
              for page, head in enumerate(["ANNA BERG", "THE RIVER BOOK"] * 3, start=1)]
    found, _ = removed(extraction(pages))
    assert ("head", "CHAPTER TWO") not in found and ("folio", "7") in found


def test_folio_and_head_change_order_on_facing_pages():
    pages = [["12", "", "PART TWO", "", *prose(0)]]  # the opening page: folio first, then the part's title
    for page in range(1, 7):
        top = ["T H E R IVER BO O K", "", str(page + 12)] if page % 2 == 0 else [str(page + 12), "", "A N N A BERG"]
        pages.append([*top, "", *prose(page)])
    found, _ = removed(extraction(pages))
    assert ("head", "PART TWO") not in found and ("folio", "12") in found
    assert len([kind for kind, _ in found if kind == "head"]) == 6


def test_a_head_with_its_folio_in_it():
    pages = [[f"THE RIVER BOOK {page + 40}" if page % 2 else f"{page + 40} ANNA BERG", "", *prose(page)]
             for page in range(5)]
    decisions = report()
    _, furniture = strip_furniture(extraction(pages), decisions)
    assert [(item.kind, item.words) for item in furniture] == [
        ("head", "ANNA BERG"), ("head", "THE RIVER BOOK")] * 2 + [("head", "ANNA BERG")]


def test_numbers_that_do_not_count_with_the_pages_are_text():
    pages = [[*prose(page, 5), "", "3" if page == 2 else "", "text under a drop cap", *prose(page, 5), "",
              f"- {page + 1} -"] for page in range(5)]
    found, _ = removed(extraction(pages))
    assert found == [("folio", f"- {page + 1} -") for page in range(5)]


def test_roman_folios_in_the_front_matter():
    pages = [[*prose(page), "", numeral] for page, numeral in enumerate(["vii", "viii", "ix"])]
    pages += [[*prose(page), "", str(page - 2)] for page in range(3, 6)]
    found, _ = removed(extraction(pages))
    assert [text for _, text in found] == ["vii", "viii", "ix", "1", "2", "3"]


def test_a_credit_on_a_page_of_its_own_keeps_the_page_break():
    raw = ["Some text.", "", "\fTranslated by Kari Berg"]
    lines, credits = take_end_matter(raw, report())
    assert lines[-1] == "\f" and credits.translators == ["Kari Berg"]


def test_without_form_feeds_a_repeated_dateline_is_only_a_doubtful_head():
    raw = ["a line of running text that is quite as long as the others are"] * 5
    raw[1], raw[3] = "JUNE 1", "JUNE 5"
    decisions = report()
    strip_furniture(raw, decisions)
    assert all(decision.uncertain for decision in decisions.decisions if decision.kind == "furniture")


def test_letter_spaced_capitals_read_as_words():
    assert unspace("T H E R IVER BO O K", LEXICON) == "THE RIVER BOOK"
    assert unspace("W. N . P. BA RBELLIO N", LEXICON) == "W. N. P. BARBELLION"
    assert unspace("Anna Berg : The River Book", LEXICON) == "Anna Berg : The River Book"


def test_title_and_author_from_the_heads():
    heads = [(1, "THE RIVER BOOK"), (30, "ANNA BERG"), (60, "THE RIVER BOOK"), (90, "ANNA BERG")]
    credits = complete(Credits(), heads, [], LEXICON.minor, report())
    assert (credits.title, credits.authors) == ("The River Book", ["Anna Berg"])
    credits = complete(Credits(), [(1, "The Diary"), (30, "April 1660"), (60, "The Diary")], [],
                       LEXICON.minor, report())
    assert (credits.title, credits.authors) == ("The Diary", [])  # "The Diary" is no name
    decisions = report()
    credits = complete(Credits(), [(1, "APRIL 1660"), (30, "APRIL 1660")], [], LEXICON.minor, decisions)
    assert credits.title is None and decisions.uncertain  # a month is the section's head, not the book's title


def test_a_head_that_repeats_the_chapters_title_is_furniture_though_printed_once():
    pages = [["THE RIVER BOOK", "", "1", "", "SPRING AT THE MILL", *prose(0), "", "1"],
             ["SPRING AT THE MILL", "", *prose(1), "", "2"],
             ["THE RIVER BOOK", "", *prose(2), "", "3"]]
    decisions = report()
    _, furniture = strip_furniture(extraction(pages), decisions)
    heads = [(item.line, item.text, item.varies) for item in furniture if item.kind == "head"]
    assert [(text, varies) for _, text, varies in heads] == [("THE RIVER BOOK", False), ("SPRING AT THE MILL", True),
                                                             ("THE RIVER BOOK", False)]
    assert heads[1][0] > 5 and all(d.uncertain for d in decisions.decisions if d.excerpt == "SPRING AT THE MILL")
