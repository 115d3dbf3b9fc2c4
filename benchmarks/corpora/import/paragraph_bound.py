#!/usr/bin/env python3
"""How many paragraph breaks a text extraction can show at all: the ceiling of the text route's paragraph score.

    python paragraph_bound.py DIR

pdftotext (default mode) drops the first-line indent, so in the text a paragraph break shows only where the line
before it stops short. A justified or ragged line inside a paragraph ends only where the next word does not fit;
so a break is visible (to an importer that knew every width exactly) only if the paragraph's last line left room
for the first word of the next one. Where it did not, the last line is as full as any line of a paragraph, and the
text cannot tell the break from a line end inside a paragraph that closes a sentence, of which there are many.

For every NAME.pdf of DIR (make_corpus.py), the PDF's own geometry (importers/pdf.py: each line's left and right
edges) is read for each paragraph break the truth gives: the line that opens the paragraph, found by its words,
and the line before it. A break counts as visible when the room left on the line before is more than the next
word's share of the measure (the same test as the PDF route's, paragraphs._measured_break). An entry's paragraph
count can be right from the text alone only if each of its breaks is visible, or guessed; the script prints the
share of entries whose breaks are all visible, and how many line ends that close a sentence before a line that
opens one leave no room (the breaks among them, and the line ends inside paragraphs a guess would split).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import unicodedata
from pathlib import Path

from carnets_press.importers.lines import MARKS, ends_sentence, text_width
from carnets_press.importers.pdf import read_pdf

_SLACK = 0.01  # of the measure, as paragraphs._MEASURED_SLACK
_FURNITURE = 0.2  # of the measure: a line that starts further in is centred (a folio, a running head)
_KEY = 25  # letters of a paragraph's opening that find its line
_OPENERS = "‘“\"'([–—-«¿¡…"


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", MARKS.sub("", text))
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()[:_KEY]


def _room_for_next_word(before: tuple[float, float], line: tuple[float, float], text: str) -> bool:
    left, right = line
    word = text.split(" ")[0]
    share = (right - left) * text_width(" " + word) / max(text_width(text), 1e-6)
    return 1.0 - before[1] > share + _SLACK


def bound(pdf: Path) -> dict[str, int]:
    truth = json.loads(pdf.with_suffix(".truth.json").read_text(encoding="utf-8"))
    text, geometry = read_pdf(pdf)
    lines = [(number, line.lstrip("\f")) for number, line in enumerate(text.split("\n"), start=1)
             if line.strip("\f") and number in geometry]
    openings = {_key(line): k for k, (_, line) in enumerate(lines) if len(_key(line)) >= _KEY - 5}
    starts = {_key(block["text"]) for entry in truth["entries"] for block in entry["blocks"][1:]}
    counts = {"entries": 0, "entries_visible": 0, "breaks": 0, "breaks_visible": 0,
              "hidden_breaks": 0, "hidden_line_ends": 0}
    for entry in truth["entries"]:
        if not entry["dateline"]:
            continue
        visible = True
        for block in entry["blocks"][1:]:
            k = openings.get(_key(block["text"]))
            if not k:
                continue  # not found as a line of its own (a quotation, a list item, a cell): not counted
            before = next(n for n, _ in reversed(lines[:k]) if geometry[n][0] < _FURNITURE)  # past a folio, a head
            number, line = lines[k]
            seen = _room_for_next_word(geometry[before], geometry[number], line)
            counts["breaks"] += 1
            counts["breaks_visible"] += seen
            visible &= seen
        counts["entries"] += 1
        counts["entries_visible"] += visible
    for (before, previous), (number, line) in itertools.pairwise(lines):
        if ends_sentence(previous) and (line[:1].isupper() or line[:1] in _OPENERS) \
                and not _room_for_next_word(geometry[before], geometry[number], line):
            counts["hidden_breaks" if _key(line) in starts else "hidden_line_ends"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    args = parser.parse_args()
    total: dict[str, int] = {}
    for pdf in sorted(args.directory.glob("*.pdf")):
        counts = bound(pdf)
        print(f"{pdf.stem:28} entries {counts['entries_visible']:3}/{counts['entries']:3}   "
              f"breaks {counts['breaks_visible']:3}/{counts['breaks']:3}")
        total = {key: total.get(key, 0) + value for key, value in counts.items()}
    print(f"\nbreaks whose last line left room for the next word: {total['breaks_visible']}/{total['breaks']} "
          f"({total['breaks_visible'] / total['breaks']:.1%})")
    print(f"entries whose every break did: {total['entries_visible']}/{total['entries']} "
          f"({total['entries_visible'] / total['entries']:.1%}): the text route's ceiling, but for guesses")
    print(f"a line that closes a sentence, full, before one that opens one: {total['hidden_breaks']} paragraph "
          f"breaks, {total['hidden_line_ends']} line ends inside a paragraph")


if __name__ == "__main__":
    main()
