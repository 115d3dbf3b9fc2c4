"""Helpers for the importer's tests: where the texts are, and an accounting of every raw word."""

from __future__ import annotations

import difflib
import re
import tomllib
from pathlib import Path

from carnets_press.importers import ImportReport

DATA = Path(__file__).parent / "data"
REPOSITORY = Path(__file__).resolve().parents[2]
SEED = REPOSITORY.parent / "shared" / "seed" / "serge-notebooks-1941-47.raw.txt"
HAND = REPOSITORY / "manuscript"

_WORD = re.compile(r"\w+")
_CALL = re.compile(r"\[\^[^\]]+\]")
_ATTRIBUTES = re.compile(r"\{[^}]*\}")


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def markdown_words(markdown: str) -> list[str]:
    """The words of Markdown, without note calls, attributes, heading marks, emphasis or escapes."""
    text = _ATTRIBUTES.sub(" ", _CALL.sub("", markdown))
    return words(re.sub(r"[#*\\\[\]]", " ", text))


def manuscript_streams(out: Path, contents: list[str]) -> tuple[list[str], dict[tuple[str, str], list[str]]]:
    """The running text's words in reading order, and each note's words by (file, label)."""
    body: list[str] = []
    notes: dict[tuple[str, str], list[str]] = {}
    for name in contents:
        for block in (out / name).read_text(encoding="utf-8").split("\n\n"):
            definition = re.match(r"\[\^([^\]]+)\]: (.*)", block.strip(), re.S)
            if definition:
                notes[(name, definition.group(1))] = markdown_words(definition.group(2))
            else:
                body += markdown_words(block)
    return body, notes


def raw_streams(raw: list[str], report: ImportReport) -> tuple[list[str], dict[tuple[str, str], list[str]]]:
    """The raw words less what the report says was removed, with note texts and calls taken apart."""
    removed = {d.line for d in report.decisions if d.before is not None and d.after == ""}
    in_notes = {line for note in report.notes for line in note.text_lines}
    in_notes |= {note.number_line for note in report.notes if note.number_line}
    calls: dict[int, list[int]] = {}
    for note in report.notes:
        if note.call_line is not None:
            calls.setdefault(note.call_line, []).append(note.call_number)
    body: list[str] = []
    for number, text in enumerate(raw, 1):
        if number in removed or number in in_notes:
            continue
        for call in calls.get(number, []):
            text = re.sub(rf"(?<=[^\W\d_]|[.,;:!?)\]’”'\"»…]){call}(?![0-9\w])", "", text, count=1)
        body += words(text)
    notes = {}
    for note in report.notes:
        text_words = words(" ".join(raw[line - 1] for line in note.text_lines))
        if note.printed is not None and note.number_line is None and text_words[:1] == [str(note.printed)]:
            text_words = text_words[1:]  # the number printed at the start of the note's first line
        notes[(note.file, note.label)] = text_words
    return body, notes


def unexplained(raw_words: list[str], manuscript_words: list[str], report: ImportReport) -> list[str]:
    """Differences between the two word streams that no decision in the report accounts for."""
    changes = {(tuple(words(d.before)), tuple(words(d.after)))
               for d in report.decisions if d.before is not None and d.after is not None}
    changes.discard(((), ()))

    def explained(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
        if not old and not new:
            return True
        if old and new and old[0] == new[0] and explained(old[1:], new[1:]):
            return True
        return any(old[:len(b)] == b and new[:len(a)] == a and explained(old[len(b):], new[len(a):])
                   for b, a in changes)

    problems = []
    matcher = difflib.SequenceMatcher(a=raw_words, b=manuscript_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op != "equal" and not explained(tuple(raw_words[a1:a2]), tuple(manuscript_words[b1:b2])):
            problems.append(f"{op}: {' '.join(raw_words[max(0, a1 - 3):a2 + 3])!r} → "
                            f"{' '.join(manuscript_words[max(0, b1 - 3):b2 + 3])!r}")
    return problems


def account(raw_path: Path, out: Path, report: ImportReport) -> list[str]:
    """Every raw word, less furniture, is in the manuscript in order, or a decision says what became of it."""
    contents = tomllib.loads((out / "book.toml").read_text(encoding="utf-8"))["contents"]
    raw = raw_path.read_text(encoding="utf-8").split("\n")
    raw_body, raw_notes = raw_streams(raw, report)
    body, notes = manuscript_streams(out, contents)
    problems = unexplained(raw_body, body, report)
    for key, note_words in raw_notes.items():
        problems += [f"note {key}: {problem}" for problem in unexplained(note_words, notes.get(key, []), report)]
    return problems
