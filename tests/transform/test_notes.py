"""Note numbers: 1..n in reading order, continuous or restarting per part."""

from __future__ import annotations

import pytest

from carnets_press.errors import FindingsError
from carnets_press.pipeline import load

PARTS = {
    "a.md": "# A\n\nOne.[^x] Two.^[inline]\n\n## 1 May 1941.\n\nThree.[^y]\n\n[^x]: X.\n[^y]: Y.\n",
    "b.md": "# B\n\nFour.[^x]\n\n[^x]: X in B.\n",
}


def numbers(book):
    return [[note.number for note in part.notes()] for part in book.parts]


def test_continuous_numbering(make_manuscript):
    assert numbers(load(make_manuscript(PARTS)).buildable()) == [[1, 2, 3], [4]]


def test_per_part_numbering(make_manuscript):
    book = load(make_manuscript(PARTS, extra_toml='[notes]\nnumbering = "per-part"\n')).buildable()
    assert numbers(book) == [[1, 2, 3], [1]]


def test_numbering_follows_calls_not_definitions(make_manuscript):
    book = load(make_manuscript({"a.md": "# A\n\nX.[^second] Y.[^first]\n\n[^first]: F.\n[^second]: S.\n"})).buildable()
    assert [(note.label, note.number) for note in book.notes()] == [("second", 1), ("first", 2)]


def test_unresolved_note_stops_the_build(make_manuscript):
    with pytest.raises(FindingsError) as raised:
        load(make_manuscript({"a.md": "# A\n\nX.[^nowhere]\n"})).buildable()
    assert [(f.code, f.location.line) for f in raised.value.findings] == [("note-undefined", 3)]
