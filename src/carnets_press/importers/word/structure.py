"""Parts, entries and the book's credits from the blocks of a Word document.

Heading 1 is a part and Heading 2 an entry. An entry's date is read with
``parse_heading`` and the context the manuscript reader will have at that heading
(the entry before, the part's heading, a year on a line of its own), so that the
reader reads the same date back; a Heading 2 that holds no date stays an entry and
is reported. A document that heads no entry with Heading 2 is read as the text
importer reads an extraction: a paragraph that opens on a dateline starts an entry,
cut where ``headings.split_heading`` ends the heading, its date completed from the same
context, and a year alone is a part; a paragraph that opens as the datelines do (its
first words in their bold, say, and closed by their run-in dash, "Xmas Day.—") but on
no date is an entry without one.
Text before the first part or entry is the introduction; entries no part heading
covers get a part for their year, as in the text importer.

Title, subtitle and author come from the Title, Subtitle and Author paragraphs,
else from the file's core properties; what neither gives stays empty, never guessed.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from carnets_press.importers.credits import Credits
from carnets_press.importers.headings import date_prefix, introduction_title, split_heading, year_of_line
from carnets_press.importers.lexicon import Lexicon
from carnets_press.importers.lines import MARKS
from carnets_press.importers.report import ImportReport
from carnets_press.importers.word.blocks import Block
from carnets_press.importers.word.inline import Inline
from carnets_press.importers.word.package import WordPackage
from carnets_press.manuscript.dates import EntryDate, parse_heading, parse_label

_CREDITS = ("title", "subtitle", "author")
_RUN_IN_CLOSE = re.compile(r"[.:]?[\u2060\u200b]*[—–]+")  # the stop and dash that end a run-in heading
_RUN_IN_WORDS = 4


@dataclass
class Entry:
    heading: str  # Markdown, calls still markers
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Part:
    title: str  # Markdown
    line: int
    role: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    dates: list[EntryDate] = field(default_factory=list)  # of its entries
    added: bool = False  # made for entries that no part heading covers
    label: EntryDate | None = None  # the date its heading names ("1941"), if any


class _Builder:
    def __init__(self, blocks: list[Block], language: str, report: ImportReport, styled_entries: bool):
        self.blocks = blocks
        self.language = language
        self.report = report
        self.styled_entries = styled_entries
        self.parts: list[Part] = []
        self.context: EntryDate | None = None  # what the reader completes a partial date from
        self.credits: dict[str, str] = {}
        self.run_in: set[frozenset] = set()  # the formats the datelines of plain paragraphs open in

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """The word list that decides where a dateline's heading ends: wanted only for datelines."""
        return Lexicon(self.language, "\n".join(block.inline.plain for block in self.blocks if block.inline))

    def add(self, block: Block, styled_parts: bool) -> None:
        plain = _as_read(block.inline.plain) if block.inline is not None else ""
        text = block.inline if block.kind == "text" else None  # a plain paragraph: no list, quote nor verse
        paragraph = text is not None
        dateline = text is not None and date_prefix(text.plain.lstrip()) is not None
        if block.kind in _CREDITS and block.kind not in self.credits:
            self.credits[block.kind] = plain
            self.report.add("metadata", block.line, plain, f"{block.kind}: the {block.kind.title()} paragraph, to "
                            "book.toml", 0.9, before=plain, after="")
        elif block.kind == "part" or (not styled_parts and paragraph and year_of_line(plain)):
            label = parse_label(plain, self.language)
            self.parts.append(Part(block.markdown, block.line, label=label))
            self.context = label or self.context
            if block.kind != "part":
                self.report.add("part", block.line, plain, f"a year alone on its paragraph: part '# {plain}'", 0.8)
        elif block.kind == "entry":
            parsed = parse_heading(plain, self.language, self.context)
            if parsed.date is None:
                self.report.add("heading", block.line, plain, f"a Heading 2 that holds no date ({parsed.problem}): "
                                "kept as an entry without a date; add {date=YYYY-MM-DD} or give it another style", 0.4)
            self._entry(block.markdown, parsed.date, block.line, plain)
        elif dateline and text is not None and not self.styled_entries:
            self.run_in.add(_lead(text)[0])
            self._dateline(block, plain)
        elif text is not None and not self.styled_entries and (undated := self._undated(text)):
            self.report.add("heading", block.line, plain, f"an entry without a date: '{undated.plain}' opens the "
                            "paragraph set and closed as the datelines are", 0.7)
            head, tail = text.cut(len(undated.plain))
            self._entry(head.markdown(block=False, heading=True), None, block.line, plain)
            if tail.plain.strip():
                self._text(tail.markdown(), block.line)
        elif dateline:
            self.report.add("heading", block.line, plain, "opens on a date, but the document heads its entries with "
                            "Heading 2: kept as text", 0.6)
            self._text(block.markdown, block.line)
        elif block.kind in _CREDITS:
            self.report.add("metadata", block.line, plain, f"a second {block.kind.title()} paragraph: kept as text",
                            0.5)
            self._text(block.markdown, block.line)
        elif block.kind == "heading":
            self._text(f"{'#' * block.level} {block.markdown}", block.line)
        else:
            self._text(block.markdown, block.line)
            if paragraph:  # a year on a line of its own dates the entries after it, for the reader
                self.context = parse_label(plain, self.language, alone=True) or self.context

    def _undated(self, inline: Inline) -> Inline | None:
        """The heading of a paragraph that opens on a few words set as the datelines open (in bold, say) and
        closed by a run-in dash as they are ("Xmas Day.—"), but with no date: None for any other paragraph."""
        formats, length = _lead(inline)
        text = inline.plain
        closer = _RUN_IN_CLOSE.match(text, length)
        if not formats or formats not in self.run_in or closer is None or len(text[:length].split()) > _RUN_IN_WORDS:
            return None
        return inline.cut(closer.end())[0]

    def _dateline(self, block: Block, plain: str) -> None:
        """A plain paragraph that opens on a date: the heading of an entry, and perhaps its first paragraph."""
        assert block.inline is not None
        inline = block.inline.cut(len(block.inline.plain) - len(block.inline.plain.lstrip()))[1]
        text = inline.plain
        _, rest, _ = split_heading(text, block.line, self.lexicon, self.report, self.context)
        head, tail = inline.cut(len(text) - len(rest))
        parsed = parse_heading(_as_read(head.plain), self.language, self.context)
        self._entry(head.markdown(block=False, heading=True), parsed.date, block.line, plain)
        if tail.plain.strip():
            self._text(tail.markdown(), block.line)

    def _entry(self, heading: str, date: EntryDate | None, line: int, plain: str) -> None:
        self.context = date or self.context
        last = self.parts[-1] if self.parts else None
        later = date is not None and last is not None and last.dates and date.start.year > max(
            d.end.year for d in last.dates)
        if last is None or last.role == "introduction" or (last.added and later):
            self.parts.append(Part("", line, added=True))
            last = self.parts[-1]
        elif last.label is not None and date is not None and not (
                last.label.start <= date.start and date.end <= last.label.end):
            self.report.add("heading", line, plain, f"entry dated {date.iso} under the part '{last.title}'", 0.6)
        last.entries.append(Entry(heading))
        if date is not None:
            last.dates.append(date)

    def _text(self, markdown: str, line: int) -> None:
        if not self.parts:
            self.parts.append(Part(introduction_title(self.language), line, role="introduction"))
            self.report.add("part", line, markdown, "text before the first part or entry: the introduction", 0.9,
                            before="", after=self.parts[-1].title)
        part = self.parts[-1]
        (part.entries[-1].paragraphs if part.entries else part.paragraphs).append(markdown)

    def finish(self) -> list[Part]:
        for part in self.parts:
            if part.added:
                years = Counter(date.end.year for date in part.dates)
                part.title = str(years.most_common(1)[0][0]) if years else "Entries"
                self.report.add("part", part.line, part.title, f"added the part '# {part.title}' for "
                                f"{len(part.entries)} entries no part heading covers", 0.7 if years else 0.3,
                                before="", after=part.title)
        for part in self.parts:  # a part without entries before the first with entries is front matter
            if part.entries:
                break
            if part.role is None and part.label is None:
                part.role = "introduction"
                self.report.add("part", part.line, part.title, "a part without entries before the entries: "
                                "marked as the introduction ({.introduction})", 0.7)
        return self.parts


def _lead(inline: Inline) -> tuple[frozenset, int]:
    """The formats of the words a paragraph opens on, and how far into its text they reach."""
    words = [piece for piece in inline.pieces if not piece.neutral]
    formats = words[0].formats if words else frozenset()
    length = 0
    for piece in inline.pieces:
        if not piece.neutral and piece.formats != formats:
            break
        length += len(piece.text)
    return formats, len(inline.plain[:length].rstrip())


def _as_read(text: str) -> str:
    """A heading's text as the manuscript reader will parse it: words apart by one space, calls out of it."""
    return " ".join(MARKS.sub("", text).split())


def build_parts(blocks: list[Block], language: str, report: ImportReport) -> tuple[list[Part], dict[str, str]]:
    """The parts, and the Title, Subtitle and Author paragraphs' texts by kind."""
    builder = _Builder(blocks, language, report, styled_entries=any(block.kind == "entry" for block in blocks))
    styled_parts = any(block.kind == "part" for block in blocks)
    for block in blocks:
        builder.add(block, styled_parts)
    return builder.finish(), builder.credits


def book_credits(found: dict[str, str], package: WordPackage, report: ImportReport) -> Credits:
    """Title and author from the document's paragraphs, else from its core properties; never guessed."""
    title = found.get("title") or package.title
    if "title" not in found and package.title:
        report.add("metadata", 0, package.title, "title: the file's Title property (docProps/core.xml)", 0.8)
    elif package.title and title and package.title != title:
        report.add("metadata", 0, package.title, f"the file's Title property differs from the Title paragraph, "
                   f"'{title}', which was taken", 0.6)
    if not title:
        report.add("metadata", 0, "", "no title: neither a Title paragraph nor the file's Title property; "
                   "book.toml's title is left empty, to be written", 0.2)
    author = found.get("author") or package.creator
    if "author" not in found and package.creator:
        report.add("metadata", 0, package.creator, "author: the file's Creator property (docProps/core.xml), "
                   "which Word fills with the name of whoever made the file: check it", 0.6)
    if not author:
        report.add("metadata", 0, "", "no author: neither an Author paragraph nor the file's Creator property", 0.3)
    return Credits(title=title or None, subtitle=found.get("subtitle"), authors=[author] if author else [])
