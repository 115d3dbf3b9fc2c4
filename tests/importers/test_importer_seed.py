"""The importer on the seed, checked against the hand-made manuscript in manuscript/."""

from __future__ import annotations

import re

from importer_helpers import HAND, SEED, account, markdown_words

from carnets_press.manuscript.reader import read_book
from carnets_press.pipeline import load


def _calls_in_context(path):
    """{label: the five words before its call} and {label: the note's words} of one Markdown file."""
    text = path.read_text(encoding="utf-8")
    before, notes = {}, {}
    for block in text.split("\n\n"):
        definition = re.match(r"\[\^([^\]]+)\]: (.*)", block.strip(), re.S)
        if definition:
            notes[definition.group(1)] = markdown_words(definition.group(2))
            continue
        for call in re.finditer(r"\[\^([^\]]+)\]", block):
            before[call.group(1)] = markdown_words(block[: call.start()])[-5:]
    return before, notes


def test_every_note_is_paired_with_its_call_in_the_right_place(seed_import):
    out, report = seed_import
    assert len(report.notes) == 31 and all(note.call_line for note in report.notes)
    for hand_file in sorted(HAND.glob("*.md")):
        hand_calls, hand_notes = _calls_in_context(hand_file)
        calls, notes = _calls_in_context(out / hand_file.name)
        assert calls == hand_calls, hand_file.name
        assert notes == hand_notes, hand_file.name
    assert sorted(int(note.label) for note in report.notes) == list(range(1, 32))


def test_every_entry_has_the_hand_manuscripts_date_and_notes(seed_import):
    out, _ = seed_import
    (hand, _), (book, _) = read_book(HAND), read_book(out)
    assert [part.heading_text for part in book.parts] == [part.heading_text for part in hand.parts]
    for mine, theirs in zip(book.parts, hand.parts, strict=True):
        assert [entry.date.iso for entry in mine.entries] == [entry.date.iso for entry in theirs.entries]
        assert [entry.heading_text for entry in mine.entries] == [entry.heading_text for entry in theirs.entries]
    for hand_file in HAND.glob("*.md"):
        count = len(re.findall(r"^\[\^", hand_file.read_text(encoding="utf-8"), re.M))
        assert len(re.findall(r"^\[\^", (out / hand_file.name).read_text(encoding="utf-8"), re.M)) == count


def test_no_word_of_the_seed_is_lost(seed_import):
    out, report = seed_import
    assert account(SEED, out, report) == []


def test_the_imported_seed_loads_without_findings(seed_import):
    out, _ = seed_import
    book, findings = load(out)
    assert findings == []
    assert book.metadata.title == "Notebooks"
    assert [person.name for person in book.metadata.contributors] == ["Ros Schwartz", "Trista Selous"]
    assert [person.name for person in book.metadata.creators] == ["Victor Serge"]


def test_the_seeds_judgement_calls_are_reported(seed_import):
    _, report = seed_import
    kinds = {(decision.kind, decision.line) for decision in report.decisions}
    assert {("drop-cap", 33), ("furniture", 1), ("furniture", 952), ("furniture", 954), ("metadata", 1169),
            ("metadata", 1171), ("join", 901), ("split", 580)} <= kinds
    uncertain = {(decision.kind, decision.line) for decision in report.uncertain}
    assert {("heading", 505), ("heading", 1124), ("join", 1165), ("split", 1058)} <= uncertain
