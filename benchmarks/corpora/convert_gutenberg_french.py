#!/usr/bin/env python3
"""Convert a public-domain French diary transcribed as plain text into a carnets-press manuscript, faithfully.

    python convert_gutenberg_french.py goncourt-2 --git-dir GITenberg/…_14803.git -o /tmp/corpora/goncourt-2
    python convert_gutenberg_french.py goncourt-2 --git-dir … -o /tmp/corpora/goncourt-2-slice --parts 1

The source is a GITenberg repository (a mirror, one repository per book, of a volunteer transcription),
read with git at the commit pinned in SOURCES below (or `--commit`), never from a work tree and never from
the network. The book is one UTF-8 text file in the transcribers' conventions: paragraphs between blank
lines, `_italics_`, `--` for the dash, a line of spaced asterisks between the items of a day, notes called
`[1]` and given after the paragraph as `[Note 1: …]`, and small capitals printed as capitals.

What is written (benchmarks/corpora/README.md has the rationale, and the same rules as the Standard
Ebooks converter where the two sources meet):

- book.toml: title, subtitle, `language = "fr"`, the two authors, the edition's date, the transcription's
  credits and the repository and commit as `source`, contents in order. `modified` is the commit's date,
  so two runs give the same manuscript. The transcription's licence asks that a work made from it drop
  the name of the project that distributes it; no file written here names it.
- one Markdown file per year (`# ANNÉE 1862`, as the book prints it), named after it (annee-1862.md).
- one `## heading` per dated item, the dateline as the book prints it, run in with its dash: `_1er janvier_.--Le
  jour de l'an…` is `## *1er janvier*.—` and a paragraph `Le jour de l'an…`. No `{date=…}`: the tool must
  read the dates itself ("1er janvier" under "ANNÉE 1862", "Jeudi 28", "Un mardi de juin").
- `_x_` as `*x*` (raw `<i>` where CommonMark would not read it), `--` as the em dash it stands for, the
  asterisks between items as `* * *` (left out where a dateline or a year follows: our headings say that),
  notes as `[^N]` defined at the end of their file.
- left out, and logged: the transcribers' header and licence, the title page and the justification of the
  printing, the half-title, "FIN DU DEUXIÈME VOLUME", the index of names (page numbers of the printed
  book), the table of contents, the printer's line; the tool makes its own title page and contents.

Logged to conversion.json: counts, what was left out, and every place where the text was not the
transcribers' conventions (an italic opened and never closed, a call without its note).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert_standard_ebooks import (  # the same Markdown rules as the other converter
    GitSource,
    _can_delimit,
    escape_line_starts,
    escape_text,
    indent,
    toml_str,
)


@dataclass(frozen=True)
class Source:
    repo: str
    commit: str
    path: str  # the text file in the repository
    note: str
    title: str
    subtitle: str
    date: str  # the edition transcribed
    authors: tuple[tuple[str, str], ...]  # (name, file-as)
    credits: str  # who transcribed it, from what
    body_start: str  # the line where the diary begins (the first part heading)
    body_end: str  # the line after its last paragraph
    part: str  # a line that is a part heading (a regular expression)


SOURCES = {
    "goncourt-2": Source(
        "GITenberg/Journal-des-Goncourt--Deuxi-me-volume---13-M-moires-de-la-vie-litt-raire_14803",
        "c97e32c6d5e2c606507643dcd9c41dafc67ba15f",
        "14803-0.txt",
        "Edmond et Jules de Goncourt, Journal des Goncourt, deuxième volume (1862–1865)",
        "Journal des Goncourt",
        "Mémoires de la vie littéraire. Deuxième volume, 1862–1865",
        "1888",
        (("Edmond de Goncourt", "Goncourt, Edmond de"), ("Jules de Goncourt", "Goncourt, Jules de")),
        "Paris, G. Charpentier et Cie, 1888; transcribed by Carlo Traverso, Mireille Harmelin and Distributed "
        "Proofreaders Europe from images of the Bibliothèque nationale de France (Gallica)",
        "ANNÉE 1862",
        "FIN DU DEUXIÈME VOLUME",
        r"ANNÉE [0-9]{4}",
    ),
}

_START = re.compile(r"^\*\*\* ?START OF (THE|THIS) .*\*\*\*\s*$", re.MULTILINE)
_END = re.compile(r"^\*\*\* ?END OF (THE|THIS) .*\*\*\*\s*$", re.MULTILINE)
_BREAK = re.compile(r"\*(?:\s+\*){2,}")
_NOTE = re.compile(r"\[Note ([0-9]+): (.*)\]", re.DOTALL)
_CALL = re.compile(r"\[([0-9]+)\]")
# A dateline: an italic run at the start of a paragraph, its stop inside or after the italics, then the dash.
_DATELINE = re.compile(r"_(?P<date>[^_]{1,60}?)(?P<inner>\.?)(?:_(?P<outer>\.?))?--(?P<rest>.*)", re.DOTALL)
_ITALIC = re.compile(r"_([^_]+)_")


def body_of(text: str, source: Source) -> tuple[list[str], list[str], list[str]]:
    """The paragraphs before the diary, of the diary, and after it: each its lines joined by spaces."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    start, end = _START.search(text), _END.search(text)
    text = text[start.end() if start else 0: end.start() if end else len(text)]
    paragraphs = [" ".join(line.strip() for line in block.split("\n") if line.strip())
                  for block in re.split(r"\n[ \t]*\n", text)]
    paragraphs = [p.lstrip("\ufeff") for p in paragraphs if p.strip()]
    first = paragraphs.index(source.body_start)
    last = paragraphs.index(source.body_end, first)
    return paragraphs[:first], paragraphs[first:last], paragraphs[last:]


@dataclass
class FileOut:
    name: str
    heading: str
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # definitions, in call order
    entries: int = 0


class Converter:
    def __init__(self, git: GitSource, source: Source, out: Path, parts: int | None = None):
        self.git, self.source, self.out, self.max_parts = git, source, out, parts
        self.log: list[dict] = []
        self.current: FileOut | None = None
        self.pending: list[tuple[str, str]] = []  # calls waiting for their note: (number as printed, label)
        self.labels = 0

    def note_case(self, kind: str, detail: str) -> None:
        self.log.append({"kind": kind, "file": self.current.name if self.current else "book.toml", "detail": detail})

    # -- inline -------------------------------------------------------------------------------------

    def inline(self, text: str) -> str:
        """A paragraph's text in Markdown: italics, dashes, note calls; everything else escaped."""
        if text.count("_") % 2:
            self.note_case("underscore-unpaired", f"an odd number of '_' (italics): the last one dropped: "
                                                  f"{text[:60]!r}")
            head, _, tail = text.rpartition("_")
            text = head + tail
        out, position = [], 0
        for match in re.finditer(rf"{_ITALIC.pattern}|{_CALL.pattern}", text):
            out.append(self.plain(text[position:match.start()]))
            if match.group(1) is not None:
                out.append(("emph", self.plain(match.group(1))))
            else:
                out.append(self.call(match.group(2)))
            position = match.end()
        out.append(self.plain(text[position:]))
        return self.emphasis(out)

    def plain(self, text: str) -> str:
        return escape_text(text.replace("--", "—"))

    def call(self, number: str) -> str:
        self.labels += 1
        label = str(self.labels)
        self.pending.append((number, label))
        return f"[^{label}]"

    def emphasis(self, pieces: list) -> str:
        """`*x*` where CommonMark reads it so, else `<i>x</i>` (the flanking rules need both neighbours)."""
        text = ""
        for i, piece in enumerate(pieces):
            if isinstance(piece, str):
                text += piece
                continue
            content = piece[1]
            after = next((p for p in pieces[i + 1:] if isinstance(p, str) and p), "")
            before, after = text[-1:], after[:1]
            if content.strip() and content == content.strip() and _can_delimit("*", before, content, after):
                text += f"*{content}*"
            else:
                self.note_case("emphasis-as-html", f"<i> whose neighbours CommonMark would not read as emphasis: "
                                                   f"{content[:40]!r}")
                text += f"<i>{content}</i>"
        return text

    # -- blocks -------------------------------------------------------------------------------------

    def run(self) -> dict:
        text = self.git.read(self.source.path).decode("utf-8")
        before, body, after = body_of(text, self.source)
        self.note_case("left-out", f"{len(before)} paragraph(s) before the diary: the transcribers' credits, the "
                                   "title page, the justification of the printing, the half-title")
        self.note_case("left-out", f"{len(after)} paragraph(s) after it: {after[0]!r}, the index of names "
                                   "(pages of the printed book), the table of contents, the printer's line")
        files: list[FileOut] = []
        part = re.compile(self.source.part)
        pending_break = False
        for paragraph in body:
            if part.fullmatch(paragraph):
                if self.max_parts is not None and len(files) == self.max_parts:
                    break
                self._close()
                slug = re.sub(r"[^a-z0-9]+", "-", paragraph.lower().replace("é", "e")).strip("-")
                self.current = FileOut(f"{slug}.md", paragraph)
                self.current.lines += [f"# {escape_text(paragraph)}", ""]
                files.append(self.current)
                if pending_break:
                    self.note_case("break-before-heading", "the asterisks before a year: left out")
                pending_break = False
                continue
            if _BREAK.fullmatch(paragraph):
                pending_break = True
                continue
            if (note := _NOTE.fullmatch(paragraph)) is not None:
                self._note(note.group(1), note.group(2))
                continue
            dateline = _DATELINE.match(paragraph)
            if dateline is not None:
                if pending_break:
                    self.note_case("break-before-heading", "the asterisks before a dateline: left out")
                pending_break = False
                self._entry(dateline)
                continue
            if pending_break:
                self.current.lines += ["* * *", ""]
                pending_break = False
            self.current.lines += [escape_line_starts(self.inline(paragraph)), ""]
        self._close()
        self.current = None
        self.out.mkdir(parents=True)
        for fo in files:
            lines = fo.lines + ([""] + fo.notes if fo.notes else [])
            (self.out / fo.name).write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
        self._write_toml([fo.name for fo in files])
        summary = {
            "source": {"repository": self.source.repo, "commit": self.git.commit, "path": self.source.path},
            "parts": len(files),
            "entries": sum(fo.entries for fo in files),
            "notes": sum(1 for fo in files for line in fo.notes if line.startswith("[^")),
            "slice_parts": self.max_parts,
            "cases": {kind: sum(1 for case in self.log if case["kind"] == kind)
                      for kind in sorted({case["kind"] for case in self.log})},
            "log": self.log,
        }
        (self.out / "conversion.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
        return summary

    def _entry(self, dateline: re.Match[str]) -> None:
        date, inner, outer, rest = (dateline["date"], dateline["inner"], dateline["outer"], dateline["rest"])
        if outer is None:
            self.note_case("italic-unclosed", f"dateline {date + inner!r} opens its italics and never closes them: "
                                              "closed before its dash")
            outer = ""
        heading = f"*{self.plain(date.strip() + inner)}*{outer}—"
        self.current.lines += [f"## {heading}", ""]
        self.current.entries += 1
        rest = rest.strip()
        if rest:
            self.current.lines += [escape_line_starts(self.inline(rest)), ""]

    def _note(self, number: str, text: str) -> None:
        match = next((i for i, (called, _) in enumerate(self.pending) if called == number), None)
        if match is None:
            self.note_case("note-without-call", f"[Note {number}: …] with no call before it: kept as a paragraph")
            self.current.lines += [escape_line_starts(self.inline(f"[Note {number}: {text}]")), ""]
            return
        _, label = self.pending.pop(match)
        self.current.notes += [indent(escape_line_starts(self.inline(text)), "    ", first=f"[^{label}]: "), ""]

    def _close(self) -> None:
        for number, label in self.pending:
            self.note_case("call-without-note", f"call [{number}] has no [Note {number}: …] after it")
        self.pending = []

    def _write_toml(self, contents: list[str]) -> None:
        s = self.source
        where = f"https://github.com/{s.repo}, commit {self.git.commit}"
        lines = [f"# Converted by benchmarks/corpora/convert_gutenberg_french.py from {s.repo} at {self.git.commit}.",
                 f"title = {toml_str(s.title)}", f"subtitle = {toml_str(s.subtitle)}", 'language = "fr"',
                 f"date = {toml_str(s.date)}", f"modified = {toml_str(self.git.commit_date())}",
                 'publisher = "Converted for the carnets-press benchmark corpus"',
                 'rights = "Public domain: published in 1888; its authors died in 1870 and 1896."',
                 f"source = {toml_str(f'{s.note}, {s.credits} ({where})')}",
                 "contents = ["] + [f"    {toml_str(name)}," for name in contents] + ["]"]
        for name, file_as in s.authors:
            lines += ["", "[[creators]]", f"name = {toml_str(name)}", 'role = "aut"', f"file-as = {toml_str(file_as)}"]
        (self.out / "book.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=sorted(SOURCES), help="which pinned source")
    parser.add_argument("--git-dir", required=True, type=Path, help="a git directory holding the source repository")
    parser.add_argument("--commit", help="override the pinned commit")
    parser.add_argument("-o", "--output", required=True, type=Path, help="the manuscript directory to write (replaced)")
    parser.add_argument("--parts", type=int, help="a slice: only the first N parts")
    args = parser.parse_args(argv)
    source = SOURCES[args.name]
    git = GitSource(args.git_dir, args.commit or source.commit)
    if args.output.exists():
        shutil.rmtree(args.output)
    summary = Converter(git, source, args.output, args.parts).run()
    print(f"{args.name}: {summary['parts']} parts, {summary['entries']} entries, {summary['notes']} notes -> "
          f"{args.output} ({len(summary['log'])} logged cases: "
          + ", ".join(f"{k} {v}" for k, v in summary["cases"].items()) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
