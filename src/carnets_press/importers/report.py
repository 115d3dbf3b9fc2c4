"""What the importer decided, line by line, so that a person can check the guesses.

A PDF extraction loses what the importer has to guess back: where paragraphs
end, which words a line break split or ran together, where a heading's title
stops, which note text belongs to which call. Every such decision is recorded
with the raw line it concerns and a confidence, so that the uncertain ones can be
checked against the printed book, and so that tests can account for every
change to the raw words.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

UNCERTAIN = 0.75  # below this, a decision is listed as one to check


@dataclass(frozen=True)
class Decision:
    """One judgement call. ``before``/``after`` are set when it changed the raw words."""

    kind: str  # furniture, metadata, drop-cap, hyphen, join, split, paragraph, part, heading, note, call
    line: int  # raw line number, 1-based
    excerpt: str  # the raw text concerned
    decided: str  # what was done, in words
    confidence: float  # 0–1
    before: str | None = None
    after: str | None = None

    @property
    def uncertain(self) -> bool:
        return self.confidence < UNCERTAIN


@dataclass(frozen=True)
class NotePairing:
    """Where a note's text was found and which call it was given to."""

    label: str  # the [^label] written in the manuscript
    printed: int | None  # the note's number as printed, where a number was found
    call_line: int | None  # raw line of the call; None for a text no call claims
    call_number: int | None  # the call's digits as printed
    text_lines: tuple[int, ...]  # raw lines of the note's text
    number_line: int | None  # raw line of the number standing on its own, if any
    file: str  # the Markdown file that holds the call (and so the definition)
    confidence: float


@dataclass
class ImportReport:
    """The result of an import: the files written and every decision taken on the way."""

    raw: str
    out_dir: str
    language: str
    files: list[str] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    notes: list[NotePairing] = field(default_factory=list)

    def add(self, kind: str, line: int, excerpt: str, decided: str, confidence: float,
            before: str | None = None, after: str | None = None) -> None:
        self.decisions.append(Decision(kind, line, _short(excerpt), decided, round(confidence, 2), before, after))

    @property
    def uncertain(self) -> list[Decision]:
        return [decision for decision in self.decisions if decision.uncertain]

    def sorted_decisions(self) -> list[Decision]:
        return sorted(self.decisions, key=lambda decision: decision.line)

    def to_json(self) -> str:
        data = {
            "raw": self.raw,
            "out_dir": self.out_dir,
            "language": self.language,
            "files": self.files,
            "summary": self.summary(),
            "decisions": [asdict(decision) for decision in self.sorted_decisions()],
            "notes": [asdict(note) for note in self.notes],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def summary(self) -> dict[str, int]:
        counts: dict[str, int] = {"decisions": len(self.decisions), "uncertain": len(self.uncertain),
                                  "notes": len(self.notes),
                                  "notes_unpaired": sum(1 for note in self.notes if note.call_line is None)}
        return counts

    def to_text(self, only_uncertain: bool = False) -> str:
        """One decision a line, raw line first, the ones to check marked with "?"."""
        summary = self.summary()
        lines = [f"{self.raw} → {self.out_dir}: {len(self.files)} files, {summary['notes']} notes "
                 f"({summary['notes_unpaired']} unpaired), {summary['decisions']} decisions, "
                 f"{summary['uncertain']} to check"]
        for decision in self.sorted_decisions():
            if only_uncertain and not decision.uncertain:
                continue
            mark = "?" if decision.uncertain else " "
            lines.append(f"{mark} {decision.line:>6}  {decision.kind:<10} {decision.confidence:.2f}  "
                         f"{decision.excerpt!r}: {decision.decided}")
        return "\n".join(lines) + "\n"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
