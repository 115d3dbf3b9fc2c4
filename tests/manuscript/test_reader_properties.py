"""Property-based: any Markdown reads without crashing, and notes are always numbered 1..n in reading order."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carnets_press.errors import CarnetsError
from carnets_press.manuscript.reader import read_book
from carnets_press.transform.notes import number_notes

MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "1 May 1941. ", "31 February 1942", "winter 1940–41", "[^a]", "[^b]", "^[inline]", "[^a]: note\n",
    "\n\n", "\n", "    ", "> ", "- ", "1. ", "*", "**", "`", "[", "]", "{", "}", "{#id}", "{.introduction}",
    "{lang=fr}", "![alt](x.png)", "<script>", "&amp;", "\"", "'", "--", "...", "* * *", "\\", "text", "é", "\u200b",
])


def markdown_documents():
    return st.lists(MARKDOWN_PIECES, max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=markdown_documents())
def test_any_markdown_reads_or_fails_with_a_located_error(body):
    root = Path(tempfile.mkdtemp())
    try:
        (root / "book.toml").write_text('title = "T"\nlanguage = "en"\ncontents = ["a.md"]\n', encoding="utf-8")
        (root / "a.md").write_text("# Part\n\n" + body, encoding="utf-8")
        try:
            book, findings = read_book(root)
        except CarnetsError as error:
            assert error.location is not None
            return
        findings += number_notes(book)
        assert all(finding.location is not None for finding in findings)
    finally:
        shutil.rmtree(root)


@settings(max_examples=100, deadline=None)
@given(calls=st.lists(st.sampled_from(["label", "inline"]), max_size=30), parts=st.integers(min_value=1, max_value=4))
def test_notes_are_numbered_one_to_n_in_reading_order(calls, parts):
    root = Path(tempfile.mkdtemp())
    try:
        files = []
        for index in range(parts):
            text = f"# Part {index}\n\n"
            definitions = ""
            for number, kind in enumerate(calls):
                if kind == "label":
                    text += f"Word{number}.[^n{number}] "
                    definitions += f"[^n{number}]: p{index} n{number}\n\n"
                else:
                    text += f"Word{number}.^[p{index} n{number}] "
            (root / f"{index}.md").write_text(text + "\n\n" + definitions, encoding="utf-8")
            files.append(f'"{index}.md"')
        (root / "book.toml").write_text(f'title = "T"\nlanguage = "en"\ncontents = [{", ".join(files)}]\n',
                                        encoding="utf-8")
        book, _ = read_book(root)
        number_notes(book)
        notes = book.notes()
        assert [note.number for note in notes] == list(range(1, len(calls) * parts + 1))
        texts = ["".join(n.value for n in note.blocks[0].children) for note in notes]
        assert texts == [f"p{p} n{n}" for p in range(parts) for n in range(len(calls))]
    finally:
        shutil.rmtree(root)
