"""Suppression comments: they silence what they name where they stand, and never reach the book."""

from __future__ import annotations

from check_support import check

from carnets_press.manuscript.markdown import parser
from carnets_press.manuscript.model import Text, walk
from carnets_press.manuscript.reader import read_book

IGNORE = "[//]: # (carnets: ignore[double-space])"


def found(report) -> list[tuple[str, str, int | None]]:
    return [(f.code, f.location.file.name, f.location.line) for f in report.findings]


def test_the_comment_is_not_rendered():
    assert [t.type for t in parser().parse(IGNORE + "\n")] == []


def test_the_comment_leaves_no_trace_in_the_book(make_manuscript):
    book, _ = read_book(make_manuscript({"a.md": f"# A\n\n{IGNORE}\nOne  two.\n"}))
    texts = [node.value for block in book.parts[0].blocks for node in walk(block) if isinstance(node, Text)]
    assert texts == ["One  two."]


def test_ignore_covers_every_line_of_the_next_block(make_manuscript):
    report = check(make_manuscript, {"a.md": f"# A\n\n{IGNORE}\nOne  two.\nThree  four.\n"})
    assert (report.findings, report.suppressed) == ((), 2)


def test_ignore_stops_at_the_blank_line(make_manuscript):
    report = check(make_manuscript, {"a.md": f"# A\n\n{IGNORE}\nOne  two.\n\nThree  four.\n"})
    assert found(report) == [("double-space", "a.md", 6)]


def test_ignore_names_codes_and_leaves_the_others(make_manuscript):
    text = ("# A\n\n[//]: # (carnets: ignore[joined-word, digit-glued])\n"
            "The JusticeRevolution, Vlady.1 and two  spaces.\n")
    assert found(check(make_manuscript, {"a.md": text})) == [("double-space", "a.md", 4)]


def test_ignore_before_a_heading_covers_the_reader_findings_there(make_manuscript):
    text = "# 1941\n\n## 3 May 1941.\n\n[//]: # (carnets: ignore[date-order])\n## 1 May 1941.\n\n## Someday.\n"
    assert found(check(make_manuscript, {"a.md": text})) == [("date-unrecognised", "a.md", 8)]


def test_ignore_file_anywhere_covers_the_whole_file_only(make_manuscript):
    files = {"a.md": "# A\n\nOne  two.\n\nThree  four.\n\n[//]: # (carnets: ignore-file[double-space])\n",
             "b.md": "# B\n\nFive  six.\n"}
    assert found(check(make_manuscript, files)) == [("double-space", "b.md", 3)]


def test_book_toml_takes_toml_comments_on_the_line_or_the_line_before(make_manuscript):
    people = ('\n[[contributors]]\nname = "X"\n# carnets: ignore[relator-unknown]\nrole = "xyz"\n'
              '\n[[contributors]]\nname = "Y"\nrole = "abc"  # carnets: ignore[relator-unknown]\n'
              '\n[[contributors]]\nname = "Z"\nrole = "qqq"\n')
    report = check(make_manuscript, {"a.md": "# A\n"}, extra_toml=people)
    assert [(f.code, f.message) for f in report.findings] == [
        ("relator-unknown", "role 'qqq' of Z is not a MARC relator code")]


def test_an_unknown_code_is_reported_where_it_is_named(make_manuscript):
    report = check(make_manuscript, {"a.md": "# A\n"}, extra_toml="# carnets: ignore-file[relator-unkown]\n")
    assert found(report) == [("suppression-unknown-code", "book.toml", 8)]
