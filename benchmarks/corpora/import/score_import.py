#!/usr/bin/env python3
"""Import each extraction of an outside corpus and score the manuscript against the source's truth.

    python score_import.py DIR [--json results.json] [--only NAME ...] [--examples 2]

For every NAME.txt (and NAME.docx) in DIR with a NAME.truth.json beside it (make_corpus.py, make_docx.py), this
runs `carnets_press.importers.run_import` into a temporary directory, reads the manuscript back with the project's
own reader (`carnets_press.pipeline.load`) and compares the book it gives with the truth:

- entries: the truth's dated entries (those with a dateline) found, aligned on their heading words so that one
  miss does not shift the rest, with the date the dateline gives;
- notes: each note's text (similar at 0.95 or more once whitespace, quotes and hyphens are normalised) called
  from the same word, within two words of where the source calls it;
- paragraphs: the entries found with as many paragraphs as the source gives them;
- words: the body's word count against the source's, in per cent;
- deletions: runs of the source's words that the import lost (not merely moved between text and notes), and
  whether the import report lists each as removed.

Only what a printed page cannot carry is normalised (corpus_words.py). The acceptance thresholds are those of
the issue "Import what publishers actually have": 97 % of entries with their dates, 97 % of notes, 95 % of
paragraph counts, the body's words within 0.5 %, every deletion listed.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus_words import normalise, similarity, truth_streams, words

from carnets_press.errors import CarnetsError, UsageError
from carnets_press.importers import ImportReport, run_import
from carnets_press.importers.pdf import read_pdf
from carnets_press.manuscript.model import Code, Element, NoteRef, Section, Text
from carnets_press.pipeline import load

THRESHOLDS = {"entries": 0.97, "notes": 0.97, "paragraphs": 0.95, "words": 0.5}
NOTE_SIMILARITY = 0.95
CALL_REACH = 2  # words between where the source calls a note and where the import does
KINDS = (".txt", ".docx", ".pdf")
CALL = "\x00"  # a note call while a block's text is collected


# ---------------------------------------------------------------------------------------------
# The two sides, as streams of words


@dataclass
class Unit:
    """A dated entry of either side: its heading, date and paragraph count, and where its words start."""

    heading: str
    date: str | None
    paragraphs: int
    start: int  # index of its first body word
    page: int | None = None


@dataclass
class Side:
    """The body's words in reading order, the entries, and the notes in call order."""

    body: list[str] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)  # call_index, call_word, text

    @property
    def note_words(self) -> list[str]:
        return [w for note in self.notes for w in words(note["text"])]


def truth_side(truth: dict) -> Side:
    body, starts = truth_streams(truth)
    side = Side(body=body)
    side.units = [Unit(entry["dateline"], entry["date"], entry["paragraphs"], start, entry.get("page"))
                  for start, entry in starts]
    side.notes = [{"call_index": n["call_index"], "call_word": n["call_word"], "text": n["text"],
                   "printed": n["printed"], "page": n.get("call_page")} for n in truth["notes"]]
    return side


def book_side(book) -> Side:
    """The same streams from the book the project's reader made of the imported manuscript."""
    side = Side()
    for part in book.parts:
        _section(side, part, None)
        for entry in part.entries:
            _section(side, entry, entry)
    return side


def _section(side: Side, section: Section, entry) -> None:
    heading_text, heading_notes = _collect(section.heading)
    start = len(side.body)
    _add(side, heading_text, heading_notes)
    count = 0
    for block in section.blocks:
        text, notes = _collect([block])
        _add(side, text, notes)
        count += _paragraphs(block)
    if entry is not None:
        side.units.append(Unit(section.heading_text, entry.date.iso if entry.date else None, count, start))


def _add(side: Side, text: str, notes: list) -> None:
    pieces = text.split(CALL)
    for piece, note in zip(pieces, notes, strict=False):
        side.body += words(piece)
        previous = side.body[-1] if side.body else None
        side.notes.append({"call_index": len(side.body), "call_word": previous,
                           "text": "\n".join(_collect([b])[0] for b in note.blocks)})
    side.body += words(pieces[-1])


def _collect(nodes) -> tuple[str, list]:
    """The text of the nodes, with CALL where a note is called, and the notes called, in order."""
    parts: list[str] = []
    notes: list = []

    def visit(node) -> None:
        if isinstance(node, (Text, Code)):
            parts.append(node.value)
        elif isinstance(node, NoteRef):
            parts.append(CALL)
            notes.append(node.note)
        elif isinstance(node, Element):
            apart = node.tag in {"p", "li", "td", "th", "br", "div", "blockquote", "tr", "dd", "dt"}
            if apart:
                parts.append("\n")
            for child in node.children:
                visit(child)
            if apart:
                parts.append("\n")

    for node in nodes:
        visit(node)
    return "".join(parts), notes


def _paragraphs(block: Element) -> int:
    """As the truth counts them (se_slices.paragraphs): a paragraph, a table, a stanza is one; a quotation or a
    list as many as it holds; a heading or a rule none."""
    tag = block.tag
    if tag in ("hr", "h1", "h2", "h3", "h4", "h5", "h6"):
        return 0
    if tag in ("blockquote", "ul", "ol", "li", "section", "aside") or (
            tag == "div" and "line-block" not in block.attrs.get("class", "")):
        inner = sum(_paragraphs(c) for c in block.children if isinstance(c, Element))
        return inner or (1 if normalise(_collect([block])[0]) else 0)
    return 1 if normalise(_collect([block])[0]) else 0


# ---------------------------------------------------------------------------------------------
# Scoring


@dataclass
class Score:
    name: str
    kind: str
    layout: str | None = None
    entries: int = 0
    entries_right: int = 0
    notes: int = 0
    notes_right: int = 0
    paragraphs_right: int = 0
    body_words: int = 0
    import_words: int = 0
    lost_words: int = 0
    lost_unlisted: int = 0
    error: str | None = None
    failures: dict[str, list[str]] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)

    def fail(self, kind: str, example: str) -> None:
        self.counts[kind] += 1
        self.failures.setdefault(kind, []).append(example)

    @property
    def words_delta(self) -> float:
        return 100.0 * (self.import_words - self.body_words) / self.body_words if self.body_words else 0.0

    def rates(self) -> dict[str, float]:
        return {"entries": self.entries_right / self.entries if self.entries else 1.0,
                "notes": self.notes_right / self.notes if self.notes else 1.0,
                "paragraphs": self.paragraphs_right / self.entries if self.entries else 1.0}

    @property
    def passed(self) -> bool:
        rates = self.rates()
        return (self.error is None and all(rates[k] >= THRESHOLDS[k] for k in rates)
                and abs(self.words_delta) <= THRESHOLDS["words"] and self.lost_unlisted == 0)


def score(name: str, kind: str, truth: dict, book, report: ImportReport, raw: Sequence[str] = ()) -> Score:
    """The book an import made, against the truth; `raw`: the lines of the text imported, where it was text."""
    result = Score(name, kind, truth.get("layout"))
    want, have = truth_side(truth), book_side(book)
    result.body_words, result.import_words = len(want.body), len(have.body)
    mapping = _index_map(want.body, have.body)
    _score_entries(result, want, have)
    _score_notes(result, want, have, mapping)
    _score_words(result, want, have, report, raw)
    return result


def _key(heading: str) -> str:
    return " ".join(words(heading)[:3])


def _score_entries(result: Score, want: Side, have: Side) -> None:
    result.entries = len(want.units)
    pairs: list[tuple[int, int]] = []
    matcher = difflib.SequenceMatcher(None, [_key(u.heading) for u in want.units],
                                      [_key(u.heading) for u in have.units], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pairs += zip(range(a1, a2), range(b1, b2), strict=True)
        elif op == "replace":
            pairs += _pair_loosely(want.units[a1:a2], have.units[b1:b2], a1, b1)
    paired = dict(pairs)
    for i, unit in enumerate(want.units):
        where = f"{unit.heading!r} ({unit.date}{', p. ' + str(unit.page) if unit.page else ''})"
        if i not in paired:
            shape = ("undated" if unit.date is None else "with its year" if re.search(r"\b1[5-9]\d\d\b", unit.heading)
                     else "without its year")
            result.fail(f"entry missed (dateline {shape})", f"{where}: no entry begins there in the import")
            continue
        got = have.units[paired[i]]
        if got.date == unit.date:
            result.entries_right += 1
        else:
            result.fail("entry date wrong", f"{where}: imported as {got.heading!r} dated {got.date}")
        if got.paragraphs == unit.paragraphs:
            result.paragraphs_right += 1
        else:
            kind = "paragraphs merged" if got.paragraphs < unit.paragraphs else "paragraphs split"
            result.fail(kind, f"{where}: {unit.paragraphs} in the source, {got.paragraphs} in the import")
    for j in sorted(set(range(len(have.units))) - set(paired.values())):
        unit = have.units[j]
        result.fail("entry not in the source",
                    f"{unit.heading!r} ({unit.date}): {' '.join(have.body[unit.start:unit.start + 12])}…")


def _pair_loosely(want: list[Unit], have: list[Unit], a0: int, b0: int) -> list[tuple[int, int]]:
    """In a run where the headings differ, pair in order the entries with the same date or half their words."""
    pairs, j = [], 0
    for i, unit in enumerate(want):
        for k in range(j, len(have)):
            same_words = set(words(unit.heading)) & set(words(have[k].heading))
            if (unit.date and unit.date == have[k].date) or len(same_words) * 2 >= len(set(words(unit.heading))):
                pairs.append((a0 + i, b0 + k))
                j = k + 1
                break
    return pairs


def _index_map(a: list[str], b: list[str]) -> list[int]:
    """For each position in `a`, the position in `b` of the same word (or where it would be)."""
    mapping = [0] * (len(a) + 1)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        for i in range(a1, a2 + 1):
            mapping[i] = b1 + (i - a1 if op == "equal" else min(i - a1, b2 - b1))
    return mapping


def _score_notes(result: Score, want: Side, have: Side, mapping: list[int]) -> None:
    result.notes = len(want.notes)
    used: set[int] = set()
    for note in want.notes:
        page = f", p. {note['page']}" if note["page"] else ""
        where = f"note {note['printed']} after {note['call_word']!r}{page}"
        at = mapping[note["call_index"]]
        near = [k for k, got in enumerate(have.notes)
                if k not in used and abs(got["call_index"] - at) <= CALL_REACH]
        scored = sorted(((similarity(note["text"], have.notes[k]["text"]), k) for k in near), reverse=True)
        right = [k for s, k in scored if s >= NOTE_SIMILARITY and have.notes[k]["call_word"] == note["call_word"]]
        if right:
            result.notes_right += 1
            used.add(right[0])
        elif scored and scored[0][0] >= NOTE_SIMILARITY:
            used.add(scored[0][1])
            result.fail("note called from another word",
                        f"{where}: called after {have.notes[scored[0][1]]['call_word']!r} in the import")
        elif scored:
            best, k = scored[0]
            used.add(k)
            result.fail("note text differs", f"{where}: similarity {best:.2f}; source {_short(note['text'])!r}, "
                                             f"import {_short(have.notes[k]['text'])!r}")
        elif any(similarity(note["text"], got["text"]) >= NOTE_SIMILARITY for got in have.notes):
            result.fail("note called elsewhere", f"{where}: its text is in the import, called from another place")
        else:
            result.fail("note missing", f"{where}: no call there in the import; source {_short(note['text'])!r}")
    for k, got in enumerate(have.notes):
        if k not in used:
            result.fail("note not in the source",
                        f"after {got['call_word']!r}: {_short(got['text'])!r}")


def _score_words(result: Score, want: Side, have: Side, report: ImportReport, raw: Sequence[str]) -> None:
    """Runs of the source's words missing where they belong: moved between the text and the notes (not lost), or
    lost, and then whether the report accounts for each word: its letters are among those a decision took out,
    or among the raw lines of a note that the report says no call uses (text the book then leaves out)."""
    accounts = {
        "removed (listed in the report)": "|".join(
            "".join(w for w in words(d.before) if w not in set(words(d.after or "")))
            for d in report.decisions if d.before is not None),
        "left in a note no call uses (listed in the report)": "|".join(
            "".join(words(" ".join(raw[n - 1] for n in note.text_lines if 0 < n <= len(raw))))
            for note in report.notes if note.call_line is None),
        # A table the extraction scrambled is kept as its lines, in pdftotext's order, and reported for rebuilding
        # by hand: its words are there, out of the source's order, so reading order alone would count them lost.
        # Each of its lines is an item, and so is each word of them: a cell's "p.m." shares its line with others.
        "out of order in a table the report flags (listed in the report)": "|".join(
            item for d in report.decisions if d.kind == "table"
            for first, last in re.findall(r"raw lines ([0-9]+)–([0-9]+)", d.decided)
            for line in raw[int(first) - 1:int(last)] for item in ("".join(words(line)), *words(line))),
    }
    for label, source, target, elsewhere in (("text", want.body, have.body, have.note_words),
                                             ("note", want.note_words, have.note_words, have.body)):
        moved = f"moved into the {'notes' if label == 'text' else 'text'}"
        for run in _lost_runs(source, target):
            for part, account in _accounted(run, {moved: "".join(elsewhere), **accounts}):
                if account != moved:
                    result.lost_words += len(part)
                    result.lost_unlisted += len(part) if account is None else 0
                result.fail(f"{label} {account or 'lost, not in the report'}", _short(" ".join(part)))
    for run in _lost_runs(have.body, want.body):
        if len(run) >= 2:
            result.fail("text not in the source", _short(" ".join(run)))


def _raw_lines(path: Path) -> list[str]:
    """The lines the report's line numbers count: the text file's, or, for a PDF, those of the text the PDF route
    reads it as (importers/pdf.py); none for a Word file, whose report names paragraphs."""
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8").split("\n")
    if path.suffix == ".pdf":
        return read_pdf(path)[0].split("\n")
    return []


def _accounted(run: list[str], accounts: dict[str, str]) -> list[tuple[list[str], str | None]]:
    """The run cut into the longest pieces whose letters one account holds (and the words none holds). A piece
    of fewer than four letters counts only as a whole item of the account ("37", not the "of" of any line)."""
    pieces: list[tuple[list[str], str | None]] = []
    i = 0
    while i < len(run):
        best, where = i + 1, None
        for account, letters in accounts.items():
            j = i
            while j < len(run) and "".join(run[i:j + 1]) in letters:
                j += 1
            # the longest piece the account holds, shortened until it is long enough or a whole item
            while j > i and len("".join(run[i:j])) < 4 and f"|{''.join(run[i:j])}|" not in f"|{letters}|":
                j -= 1
            if j > i and (j > best or where is None):
                best, where = j, account
        if pieces and pieces[-1][1] == where:
            pieces[-1][0].extend(run[i:best])
        else:
            pieces.append((run[i:best], where))
        i = best
    return pieces


def _lost_runs(source: list[str], target: list[str]) -> list[list[str]]:
    """Runs of `source` missing from `target`; a replacement that only joins or splits words ("full blooded" for
    "fullblooded", "w ednesday") loses nothing."""
    runs = []
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "delete":
            runs.append(source[a1:a2])
        elif op == "replace" and "".join(source[a1:a2]) != "".join(target[b1:b2]):
            present = Counter(target[b1:b2])
            gone = [w for w in source[a1:a2] if not present[w] and w not in "".join(target[b1:b2])]
            if gone:
                runs.append(gone)
    return runs


def _short(text: str, limit: int = 90) -> str:
    text = normalise(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Running


def import_and_score(path: Path, truth: dict) -> Score:
    """Import one file into a temporary directory and score it. UsageError (a kind of file the importer refuses)
    is raised for the caller to skip the kind."""
    name, kind = path.name.removesuffix(path.suffix), path.suffix.lstrip(".")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "manuscript"
        try:
            report = run_import(path, out, language=truth.get("language", "en-GB"))
            untitled = _fill_empty_title(out / "book.toml", truth)
            book = load(out).book
        except UsageError:
            raise
        except CarnetsError as error:
            result = Score(name, kind, truth.get("layout"), entries=sum(1 for e in truth["entries"] if e["dateline"]),
                           notes=len(truth["notes"]), body_words=truth["body_words"], error=str(error))
            result.fail("import failed", str(error))
            return result
        raw = _raw_lines(path)
        result = score(name, kind, truth, book, report, raw)
        if untitled:
            result.fail("title left empty (filled in for the score)", truth.get("title") or "")
        return result


def _fill_empty_title(book_toml: Path, truth: dict) -> bool:
    """Write in the title an import left empty, as the editor must before the book can be read.

    The importer never guesses a title the text does not give; the score is of what it did read.
    """
    text = book_toml.read_text(encoding="utf-8")
    filled = re.sub(r'^title = ""', lambda _: f"title = {json.dumps(truth.get('title') or 'Untitled')}", text,
                    count=1, flags=re.MULTILINE)
    book_toml.write_text(filled, encoding="utf-8")
    return filled != text


def score_dir(directory: Path, only: list[str] | None = None) -> tuple[list[Score], list[str]]:
    """Every NAME.txt and NAME.docx with a truth beside it (NAME.docx.truth.json, else NAME.truth.json)."""
    results, notes = [], []
    skipped: set[str] = set()
    for suffix in KINDS:
        for path in sorted(directory.glob(f"*{suffix}")):
            name = path.name.removesuffix(suffix)
            truth_path = next((p for p in (directory / f"{path.name}.truth.json", directory / f"{name}.truth.json")
                               if p.is_file()), None)
            if truth_path is None or (only and name not in only) or suffix in skipped:
                continue
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            try:
                results.append(import_and_score(path, truth))
            except UsageError as error:
                skipped.add(suffix)
                notes.append(f"{suffix} files skipped: run_import refuses them ({error})")
    return results, notes


def total(results: list[Score], kind: str) -> Score:
    """The scores summed, with every failure, each example prefixed with its file's name."""
    whole = Score("total", kind)
    for r in results:
        for key in ("entries", "entries_right", "notes", "notes_right", "paragraphs_right", "body_words",
                    "import_words", "lost_words", "lost_unlisted"):
            setattr(whole, key, getattr(whole, key) + getattr(r, key))
        whole.counts.update(r.counts)
        for failure, examples in r.failures.items():
            whole.failures.setdefault(failure, []).extend(f"{r.name}: {e}" for e in examples)
        if r.error:
            whole.error = "some imports failed"
    return whole


def table(results: list[Score]) -> str:
    """One line a score: each rate as right/all and per cent, the words' difference, the words lost."""
    head = (f"{'file':<28} {'layout':<12} {'entries':>13} {'notes':>13} {'paragraphs':>13} {'words Δ':>8} "
            f"{'lost (unlisted)':>16}  pass")
    lines = [head, "-" * len(head)]
    for r in results:
        rates = r.rates()
        lines.append(
            f"{r.name:<28} {(r.layout or ''):<12} {r.entries_right:>4}/{r.entries:<4} {rates['entries']:>4.0%}"
            f" {r.notes_right:>4}/{r.notes:<4} {rates['notes']:>4.0%}"
            f" {r.paragraphs_right:>4}/{r.entries:<4} {rates['paragraphs']:>4.0%}"
            f" {r.words_delta:>+7.2f}% {r.lost_words:>7} ({r.lost_unlisted:>5})  {'yes' if r.passed else 'no'}"
            + (f"  [{r.error}]" if r.error and r.name != "total" else ""))
    return "\n".join(lines)


def failures(whole: Score, examples: int) -> str:
    """Each kind of failure, the most frequent first, with examples from as many files as can be."""
    lines = []
    for kind, count in whole.counts.most_common():
        lines.append(f"{kind}: {count}")
        found, chosen, files = whole.failures[kind], [], set()
        for example in found:
            name = example.split(":")[0]
            if name not in files and len(chosen) < examples:
                chosen.append(example)
                files.add(name)
        chosen += [e for e in found if e not in chosen][:examples - len(chosen)]
        lines += [f"    {example}" for example in chosen]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--json", type=Path, help="write every score and failure here")
    parser.add_argument("--only", nargs="+", metavar="NAME")
    parser.add_argument("--examples", type=int, default=2, help="examples shown for each kind of failure")
    args = parser.parse_args(argv)
    results, notes = score_dir(args.directory, args.only)
    if not results:
        parser.error(f"no NAME.txt or NAME.docx with a NAME.truth.json in {args.directory}")
    wholes = {}
    for kind in sorted({r.kind for r in results}, key=lambda k: KINDS.index(f".{k}")):
        rows = [r for r in results if r.kind == kind]
        wholes[kind] = total(rows, kind)
        layouts = sorted({r.layout or "" for r in rows})
        by_layout = [total([r for r in rows if (r.layout or "") == layout], kind) for layout in layouts]
        for layout, row in zip(layouts, by_layout, strict=True):
            row.name, row.layout = "all", layout
        print(f"\n{kind} files\n")
        print(table(rows + [wholes[kind]]))
        print(f"\n{kind} files, by layout\n")
        print(table(by_layout + [wholes[kind]]))
        print(f"\nfailures, by kind ({kind}):\n")
        print(failures(wholes[kind], args.examples))
    for note in notes:
        print(f"\nnote: {note}")
    if args.json:
        data = {"thresholds": THRESHOLDS, "notes": notes,
                "totals": {kind: _as_json(whole) for kind, whole in wholes.items()},
                "files": [_as_json(r) for r in results]}
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if all(whole.passed for whole in wholes.values()) else 1


def _as_json(result: Score) -> dict:
    data = asdict(result)
    data["counts"] = dict(result.counts)
    data["rates"] = result.rates()
    data["words_delta"] = round(result.words_delta, 3)
    data["passed"] = result.passed
    return data


if __name__ == "__main__":
    sys.exit(main())
