"""Slices of Standard Ebooks diaries, read from their git directories, and what each slice holds.

The corpus generators (make_corpus.py for PDF extractions, make_docx.py for Word files) typeset the same slices;
this module reads them from the source and writes the truth the scorer compares an import with. Nothing here
knows the importer: the truth is what SE's XHTML says, in the order it says it.

A slice is a run of SE text files, or of the entries in them, read into a flat stream of

- `Heading` (a part: the SE file's own heading; a group: a year header inside a part),
- `Entry` (a dated entry: its dateline, the date, its blocks), and
- `Entry` with no dateline (text outside any dated entry: a part's opening, an undated section),

with the notes it calls, in call order. Blocks and inline content stay lxml elements (copies), so that each
generator writes them its own way, and `plain()` gives the text the truth counts.
"""

from __future__ import annotations

import copy
import datetime
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from corpus_words import words
from lxml import etree

# Where the SE repositories are, as git directories named owner+name (with the git directory itself, or a `repo`
# directory holding it, as the search tool's `fetch` leaves them).
SOURCES_DIR = Path(os.environ.get("SE_SOURCES", "/work/.mirror"))
XHTML = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
X = f"{{{XHTML}}}"
# Elements SE's stylesheets set in small capitals besides <b>: an era (A.D.), a signature, a persona.
SMALLCAPS_TYPES = {"se:era", "z3998:signature", "z3998:persona", "z3998:recipient"}
VERSE_TYPES = {"z3998:verse", "z3998:poem", "z3998:song", "z3998:hymn"}
TITLE = f"{X}h5"  # the title line of an entry's titled section (SE's <div><header><p>More Irony</p></header>…)

# Whitespace that XML indentation adds; not the typographic spaces (U+00A0, U+200A…) that are text.
XML_SPACE = re.compile(r"[ \t\r\n]+")
BR = "\x00"  # a <br/> while the text is collected: a line break, unlike XML's newlines
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MONTH = "(" + "|".join(MONTHS) + ")"
_MONTH_DAY = re.compile(_MONTH + r"\s+(\d{1,2})(?:\s*[–-]\s*(\d{1,2}))?\b", re.I)  # November 4–5
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH, re.I)  # 3rd January
_YEAR = re.compile(r"\b(1[5-9]\d\d)\b")


@dataclass(frozen=True)
class Source:
    """An SE repository at a pinned commit. `calendar`: the calendar the datelines are written in."""

    repo: str
    commit: str
    calendar: str = "gregorian"

    @property
    def git_dir(self) -> Path:
        here = SOURCES_DIR / self.repo.replace("/", "+")
        return here / "repo" if (here / "repo").is_dir() else here


SOURCES = {
    "pepys": Source("standardebooks/samuel-pepys_the-diary", "a3031890b10ba1332659e4462fd5db5c99e60616",
                    "julian"),
    "barbellion": Source("standardebooks/w-n-p-barbellion_the-journal-of-a-disappointed-man",
                         "9abf848d2fe2822faf828d1d6017256ba9790092"),
    "mackenzie": Source("standardebooks/alexander-mackenzie_journals", "0f3b346726a571a0a1dddc535ec12addea2f9bad"),
    "cherry-garrard": Source("standardebooks/apsley-cherry-garrard_the-worst-journey-in-the-world",
                             "2461051ff5da3094ddb7993ea4a02ab54cf7c968"),
}


@dataclass(frozen=True)
class SliceSpec:
    """What to take: body files of a source, optionally only entries [first, stop) of their stream.

    `year`: for a source whose datelines carry no machine-readable date (Cherry-Garrard's diary quotes), the year
    the text itself gives them, so that the truth can date "November 4." (None: SE's <time datetime> only); it is
    printed as a year heading before the first entry.
    `suite`: a small slice that the test suite keeps (tests/importers/data/corpus/)."""

    name: str
    source: str
    files: tuple[str, ...]
    layout: str
    first: int = 0
    stop: int | None = None
    year: int | None = None
    suite: bool = False
    docx_datelines: str = "heading"  # make_docx.py: "heading" (## dateline) or "run-in" (bold/italic start)
    diary_only: bool = False  # leave out the narrative between the diary's passages (a book that quotes a diary)


@dataclass
class Heading:
    level: int  # 1: a part (an SE file's heading); 2: a group inside it (Barbellion's years)
    lines: list[etree._Element]  # inline content, one element per printed line (an hgroup has two)


@dataclass
class Entry:
    """A dated entry, or (dateline None) text outside any: a part's opening, an undated section."""

    dateline: etree._Element | None  # inline content of the dateline as SE prints it
    date: str | None  # ISO, in the calendar the dateline is written in
    blocks: list[etree._Element] = field(default_factory=list)
    run_in: bool = False  # SE runs the dateline into the first paragraph
    separator: str = ""  # what SE prints between a run-in dateline and its paragraph ("." "⁠—" …)
    se_datetime: str | None = None  # SE's <time datetime> (Gregorian), where it gives one

    def separator_before_text(self, default: str) -> str:
        """What to print between the dateline run into the paragraph and the text: SE's own where SE runs it in,
        else the edition's (`default`, ".—"), without a second full stop after one the dateline ends with."""
        separator = self.separator if self.run_in else default
        return separator[1:] if separator.startswith(".") and plain(self.dateline).endswith(".") else separator

    @property
    def detachable(self) -> bool:
        """Whether the dateline can be set apart as a heading (not so where ", 5 a.m." would open the text)."""
        return not self.run_in or bool(self.separator)


@dataclass
class Note:
    number: str  # SE's number
    blocks: list[etree._Element]


@dataclass
class Slice:
    spec: SliceSpec
    title: str
    subtitle: str | None
    author: str
    language: str
    items: list[Heading | Entry]
    notes: dict[str, Note]  # in call order
    log: list[str]

    @property
    def source(self) -> Source:
        return SOURCES[self.spec.source]


# ---------------------------------------------------------------------------------------------
# Reading SE


def git_show(source: Source, path: str) -> bytes:
    result = subprocess.run(["git", "--git-dir", str(source.git_dir), "show", f"{source.commit}:{path}"],
                            capture_output=True, check=False)
    if result.returncode:
        raise SystemExit(f"git show {source.commit}:{path} in {source.git_dir}: {result.stderr.decode().strip()}")
    return result.stdout


def commit_epoch(source: Source) -> int:
    out = subprocess.run(["git", "--git-dir", str(source.git_dir), "show", "-s", "--format=%ct", source.commit],
                         capture_output=True, check=True, text=True)
    return int(out.stdout.strip())


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def types(el) -> set[str]:
    return set((el.get(EPUB_TYPE) or "").split())


def children(el) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


def is_noteref(el) -> bool:
    return local(el) == "a" and "noteref" in types(el)


def note_number(el) -> str:
    return (el.get("href") or "").rpartition("#note-")[2]


def plain(el) -> str:
    """The text SE prints for an element: its words without note calls, XML indentation collapsed."""
    parts: list[str] = []

    def visit(node) -> None:
        if is_noteref(node):
            parts.append(node.tail or "")
            return
        if local(node) == "br":
            parts.append(BR)
        else:
            parts.append(node.text or "")
            for child in node:
                if isinstance(child.tag, str):
                    visit(child)
                else:
                    parts.append(child.tail or "")
        parts.append(node.tail or "")

    visit(el)
    parts.pop()  # the element's own tail
    lines = [line.strip() for line in XML_SPACE.sub(" ", "".join(parts)).split(BR)]
    return "\n".join(line for line in lines if line)


def read_slice(spec: SliceSpec) -> Slice:
    source = SOURCES[spec.source]
    opf = etree.fromstring(git_show(source, "src/epub/content.opf"))
    ns = {"opf": OPF, "dc": DC}
    titles = {el.get("id"): el.text.strip() for el in opf.iterfind("opf:metadata/dc:title", ns)}
    reader = _Reader(spec, source)
    for name in spec.files:
        reader.read_file(f"src/epub/text/{name}.xhtml")
    items = reader.take()
    if spec.diary_only:
        reader.log.append(f"{sum(1 for i in items if isinstance(i, Entry) and i.dateline is None)} passages of "
                          "narrative between the diary's entries left out")
        items = [i for i in items if isinstance(i, Heading) or i.dateline is not None]
    if spec.year:
        items = _with_year_heading(items, spec.year)
    notes = reader.notes_called(items)
    return Slice(spec=spec, title=titles.get("title") or next(iter(titles.values())), subtitle=titles.get("subtitle"),
                 author=opf.findtext("opf:metadata/dc:creator", namespaces=ns).strip(),
                 language=opf.findtext("opf:metadata/dc:language", namespaces=ns).strip(),
                 items=items, notes=notes, log=reader.log)


class _Reader:
    """Walks SE text files into the stream of headings and entries."""

    def __init__(self, spec: SliceSpec, source: Source):
        self.spec = spec
        self.source = source
        self.items: list[Heading | Entry] = []
        self.log: list[str] = []
        self.open_run_in: Entry | None = None  # an entry made of loose paragraphs (Mackenzie): open until a heading
        root = etree.fromstring(git_show(source, "src/epub/text/endnotes.xhtml"))
        self.endnotes = {li.get("id").removeprefix("note-"): li for li in root.iter(f"{X}li")
                         if (li.get("id") or "").startswith("note-")}

    # -- files and containers --

    def read_file(self, path: str) -> None:
        body = etree.fromstring(git_show(self.source, path)).find(f"{X}body")
        top = next(c for c in children(body) if local(c) in ("section", "article"))
        self.open_run_in = None
        lines, rest = self._heading(top)
        if lines:
            self.items.append(Heading(1, lines))
        self._container(rest)
        self.open_run_in = None

    def _heading(self, section) -> tuple[list[etree._Element], list[etree._Element]]:
        """The section's heading lines and its other children (an epigraph in the header is left out)."""
        kids = children(section)
        for i, kid in enumerate(kids):
            tag = local(kid)
            if tag == "header":
                inner = children(kid)
                head = [c for c in inner if local(c) in ("hgroup", "h2", "h3", "h4")] or [
                    c for c in inner if local(c) == "p"]  # a diary group's header: its year
                for other in inner:
                    if other not in head:
                        self.log.append(f"{section.get('id')}: header {local(other)} "
                                        f"({'epigraph' if 'epigraph' in types(other) else 'text'}) left out")
                lines = [line for h in head for line in self._heading_lines(h)]
                return lines, kids[:i] + kids[i + 1:]
            if tag in ("hgroup", "h2", "h3", "h4", "h5"):
                return self._heading_lines(kid), kids[:i] + kids[i + 1:]
        return [], kids

    def _heading_lines(self, el) -> list[etree._Element]:
        return [copy.deepcopy(c) for c in children(el)] if local(el) == "hgroup" else [copy.deepcopy(el)]

    def _container(self, kids: list[etree._Element]) -> None:
        for kid in kids:
            tag, kinds = local(kid), types(kid)
            if "z3998:diary-entry" in kinds:
                self.open_run_in = None
                self.items.append(self._entry(children(kid)))
            elif tag == "section" and kinds & {"z3998:diary", "z3998:subchapter"}:
                self.open_run_in = None
                lines, rest = self._heading(kid)
                if lines:
                    self.items.append(Heading(2, lines))
                self._container(rest)
                self.open_run_in = None
            elif tag == "figure":
                self.log.append(f"{kid.get('id') or tag}: figure left out (the slice is set without images)")
            elif tag == "blockquote" and "epigraph" in kinds:
                self.log.append(f"{kid.get('id') or tag}: epigraph left out")
            elif tag == "p" and self._run_in_dateline(kid) is not None:
                self.open_run_in = self._entry([kid])
                self.items.append(self.open_run_in)
            elif self.open_run_in is not None:
                self.open_run_in.blocks += _flatten([kid])
            else:
                for block in _flatten([kid]):
                    self._loose(block)

    def _loose(self, block) -> None:
        """A block outside any entry: it goes to the undated text before it, or opens one."""
        last = self.items[-1] if self.items else None
        if not isinstance(last, Entry) or last.dateline is not None:
            last = Entry(None, None)
            self.items.append(last)
        last.blocks.append(block)

    # -- entries --

    def _entry(self, kids: list[etree._Element]) -> Entry:
        kids = [c for c in kids if local(c) != "figure"]
        if len(kids) > 1:
            kids = kids[:1] + _flatten(kids[1:])
        first = kids[0] if kids else None
        if first is not None and local(first) == "header":
            line = etree.Element(f"{X}span")
            for i, p in enumerate(children(first)):
                part = copy.deepcopy(p)
                part.tail = None
                if i:
                    line[-1].tail = " "
                line.append(part)
            return self._dated(line, kids[1:])
        if first is not None and local(first) == "p" and "se:diary.dateline" in types(first):
            return self._dated(copy.deepcopy(first), kids[1:])
        if first is not None and local(first) == "p" and self._run_in_dateline(first) is not None:
            dateline, paragraph, separator = self._split_run_in(first)
            entry = self._dated(dateline, [paragraph] + kids[1:])
            entry.run_in, entry.separator = True, separator
            return entry
        return Entry(None, None, _flatten(kids))

    @staticmethod
    def _run_in_dateline(p):
        """The element that opens a paragraph as its dateline (a <time>, or SE's dateline <i>), if any."""
        kids = children(p)
        if not kids or (p.text or "").strip() not in ("", "“"):
            return None
        first = kids[0]
        if local(first) == "time" or "se:diary.dateline" in types(first):
            return first
        return None

    def _split_run_in(self, p) -> tuple[etree._Element, etree._Element, str]:
        """A paragraph that opens on its dateline, as (dateline, the paragraph without it, the separator).

        The separator is SE's punctuation between the two ("." "⁠—"); it is empty where what follows the date is
        text of the paragraph ("November 2, 5 a.m. Biscuit Depot."), which is then no dateline to lift out."""
        paragraph = copy.deepcopy(p)
        mark = self._run_in_dateline(paragraph)
        opening_quote = (paragraph.text or "").strip()
        tail = mark.tail or ""
        aside = re.match(r"\s*\([^()]*\)(?=\s*[.:])", tail)  # "3rd (Lord’s day). Up early": the day's name
        aside, tail = (aside.group(0), tail[aside.end():]) if aside else ("", tail)
        separator = re.match(r"[\s.:\u2060—–-]*", tail).group(0)
        if not re.match(r"\s*[.:]", separator) and not plain(mark).endswith((".", ":")):
            separator = ""
        dateline = etree.Element(f"{X}span")
        dateline.append(copy.deepcopy(mark))
        dateline[0].tail = aside or None
        if separator.lstrip().startswith("."):
            stop = etree.SubElement(dateline, f"{X}span")
            stop.text = "."
        paragraph.remove(mark)  # and its tail: what followed the dateline becomes the paragraph's own text
        paragraph.text = opening_quote + tail[len(separator):]
        return dateline, paragraph, separator

    def _dated(self, dateline, blocks: list[etree._Element]) -> Entry:
        _trim(dateline)
        time = dateline if local(dateline) == "time" else dateline.find(f".//{X}time")
        se_datetime = time.get("datetime") if time is not None else None
        if se_datetime:
            date = self._printed_date(se_datetime)
        elif self.spec.year:
            date = _date_from_text(plain(dateline), self.spec.year)
        else:
            date = None
        return Entry(dateline, date, blocks, se_datetime=se_datetime)

    def _printed_date(self, se_datetime: str) -> str:
        """SE's datetimes are Gregorian; Pepys wrote Julian days (England kept the Julian calendar until 1752)."""
        if self.source.calendar == "gregorian" or len(se_datetime) != 10:
            return se_datetime
        day = datetime.date.fromisoformat(se_datetime)
        if not datetime.date(1582, 10, 15) <= day < datetime.date(1700, 3, 11):
            raise ValueError(f"{se_datetime}: the Julian offset here is for the 17th century only")
        return (day - datetime.timedelta(days=10)).isoformat()

    # -- the slice --

    def take(self) -> list[Heading | Entry]:
        """The items of entries [first, stop), the undated text just before them and the headings they fall under
        (a part's and a year's, as an edition of extracts repeats them)."""
        dated = [i for i, item in enumerate(self.items) if isinstance(item, Entry) and item.dateline is not None]
        start = 0 if self.spec.first == 0 else dated[self.spec.first]
        while start > 0 and isinstance(self.items[start - 1], Entry) and self.items[start - 1].dateline is None:
            start -= 1
        stop = len(self.items) if self.spec.stop is None or self.spec.stop >= len(dated) else dated[self.spec.stop]
        while stop > start and isinstance(self.items[stop - 1], Heading):
            stop -= 1
        context: list[Heading] = []
        for item in reversed(self.items[:start]):
            if isinstance(item, Heading) and all(item.level < h.level for h in context):
                context.insert(0, item)
        return context + self.items[start:stop]

    def notes_called(self, items: list[Heading | Entry]) -> dict[str, Note]:
        notes: dict[str, Note] = {}
        for element in _elements(items):
            for a in element.iter(f"{X}a"):
                number = note_number(a) if is_noteref(a) else ""
                if number and number not in notes:
                    blocks = [copy.deepcopy(b) for b in children(self.endnotes[number])]
                    for block in blocks:
                        for back in [b for b in block.iter(f"{X}a") if "backlink" in types(b)]:
                            _drop(back)
                    notes[number] = Note(number, blocks)
        return notes


def _trim(el) -> None:
    """Take off the XML indentation at the element's start and end (`<p>\n\t<time>January 3</time>\n</p>`)."""
    el.text = (el.text or "").lstrip() or None
    last = el[-1] if len(el) else None
    if last is not None:
        last.tail = (last.tail or "").rstrip() or None
    elif el.text:
        el.text = el.text.rstrip()


def _with_year_heading(items: list[Heading | Entry], year: int) -> list[Heading | Entry]:
    """The year the datelines leave out, printed as a heading before the first entry, as editions of journals
    add one; without it no reader of the page could date "November 4."."""
    line = etree.Element(f"{X}span")
    line.text = str(year)
    first = next(i for i, item in enumerate(items) if isinstance(item, Entry))
    return items[:first] + [Heading(2, [line])] + items[first:]


def _flatten(blocks: list[etree._Element]) -> list[etree._Element]:
    """Copies of the blocks, a <div> opened up into its title line (TITLE) and its own blocks, figures left out."""
    flat = []
    for block in blocks:
        if local(block) == "figure":
            continue
        if local(block) != "div":
            flat.append(copy.deepcopy(block))
            continue
        for kid in children(block):
            if local(kid) == "header":
                for line in children(kid):
                    title = copy.deepcopy(line)
                    title.tag, title.tail = TITLE, None
                    flat.append(title)
            else:
                flat += _flatten([kid])
    return flat


def _elements(items: list[Heading | Entry]):
    for item in items:
        if isinstance(item, Heading):
            yield from item.lines
        else:
            if item.dateline is not None:
                yield item.dateline
            yield from item.blocks


def _drop(el) -> None:
    """Remove an element and keep its tail (less the space before the removed backlink)."""
    parent, tail = el.getparent(), el.tail or ""
    previous = el.getprevious()
    if previous is not None:
        previous.tail = ((previous.tail or "") + tail).rstrip() or None
    else:
        parent.text = ((parent.text or "") + tail).rstrip() or None
    parent.remove(el)


def _date_from_text(text: str, year: int) -> str | None:
    """The day a dateline names ("November 4.", "3rd January 1912.", "Midnight, November 4–5."), in `year` unless
    it names its own; None when it names no month ("Evening.", "22 and 23.")."""
    text = text.replace("\u2060", "")
    if found := _YEAR.search(text):
        year = int(found.group(1))
    if match := _MONTH_DAY.search(text):
        month, first, last = match.group(1), int(match.group(2)), match.group(3)
    elif match := _DAY_MONTH.search(text):
        month, first, last = match.group(2), int(match.group(1)), None
    else:
        return None
    number = MONTHS.index(month.lower()) + 1
    start = datetime.date(year, number, first).isoformat()
    return f"{start}/{datetime.date(year, number, int(last)).isoformat()}" if last else start


# ---------------------------------------------------------------------------------------------
# What a slice holds: the truth an import is scored against

def paragraphs(block) -> int:
    """How many paragraphs a block prints: a paragraph, a table or a stanza is one; a quotation or a list is
    as many as it holds; a title line or a section break is none."""
    tag = local(block)
    if tag in ("hr", "h5") or (tag == "p" and not plain(block)):
        return 0
    if tag in ("blockquote", "ol", "ul", "section", "div"):
        inner = [kid for kid in children(block) if local(kid) not in ("cite", "header")]
        return sum(paragraphs(kid) if local(kid) in ("p", "blockquote", "ol", "ul", "li", "table", "div") else 0
                   for kid in inner) or (1 if plain(block) else 0)
    return 1


def call_words(el) -> list[tuple[str, str | None, int]]:
    """Each note call in the element: its number, the word printed right before it (None at the element's start)
    and how many of the element's words come before it."""
    found: list[tuple[str, str | None, int]] = []
    before: list[str] = []

    def visit(node) -> None:
        if is_noteref(node):
            tail = words("".join(before))
            found.append((note_number(node), tail[-1] if tail else None, len(tail)))
        else:
            before.append(node.text or "")
            for child in node:
                if isinstance(child.tag, str):
                    visit(child)
                    before.append(child.tail or "")

    visit(el)
    return found


def truth(sl: Slice, printed: dict[str, str], pages: dict[str, int] | None = None) -> dict:
    """The slice as SE writes it, for the scorer: headings, entries, notes in call order and the word counts.

    The body is the headings, datelines and blocks in reading order; a note's `call_index` is how many body words
    come before its call. `printed`: each note's number as this edition prints it ("47", "†"); `pages`: where the
    typesetting put each entry ("e3") and call ("c47"), when it is known."""
    pages = pages or {}
    headings, entries, notes = [], [], {}
    count, last = 0, None  # body words so far, and the last of them

    def calls(element) -> None:
        nonlocal last
        for number, word, index in call_words(element):
            if number in sl.notes and number not in notes:
                text = "\n".join(plain(b) for b in sl.notes[number].blocks)
                notes[number] = {"number": number, "printed": printed.get(number, number), "call_word": word or last,
                                 "call_index": count + index, "text": text, "words": len(words(text)),
                                 "call_page": pages.get(f"c{number}"), "note_page": pages.get(f"n{number}")}
        last = (words(plain(element)) or [last])[-1]

    for item in sl.items:
        if isinstance(item, Heading):
            headings.append({"level": item.level, "lines": [plain(line) for line in item.lines],
                             "entry": len(entries)})
            for line in item.lines:
                calls(line)
                count += len(words(plain(line)))
            continue
        dateline = plain(item.dateline) if item.dateline is not None else None
        if item.dateline is not None:
            calls(item.dateline)
            count += len(words(dateline))
        blocks = []
        for block in item.blocks:
            text = plain(block)
            if text or local(block) == "hr":
                calls(block)
                count += len(words(text))
                blocks.append({"kind": "title" if block.tag == TITLE else local(block), "text": text,
                               "paragraphs": paragraphs(block)})
        entries.append({
            "dateline": dateline, "date": item.date, "se_datetime": item.se_datetime,
            "title": blocks[0]["text"] if blocks and blocks[0]["kind"] == "title" else None,
            "paragraphs": sum(b["paragraphs"] for b in blocks), "words": sum(len(words(b["text"])) for b in blocks),
            "page": pages.get(f"e{len(entries)}"), "blocks": blocks,
        })
    return {
        "name": sl.spec.name, "title": sl.title, "subtitle": sl.subtitle, "author": sl.author,
        "language": sl.language,
        "source": {"repository": sl.source.repo, "commit": sl.source.commit, "files": list(sl.spec.files),
                   "entries": [sl.spec.first, sl.spec.stop], "calendar": sl.source.calendar,
                   "dates": "datetime" if sl.spec.year is None else f"read from the datelines, year {sl.spec.year}"},
        "headings": headings, "entries": entries, "notes": list(notes.values()),
        "body_words": count, "note_words": sum(n["words"] for n in notes.values()),
    }

SLICES = [
    # The corpus: some 10–40 printed pages each.
    SliceSpec("pepys-1660-01", "pepys", ("chapter-1",), "a-footnotes", 0, 11),
    SliceSpec("pepys-1660-04", "pepys", ("chapter-4",), "e-narrow", 0, 20),
    SliceSpec("pepys-1661-08", "pepys", ("chapter-20", "chapter-21"), "f-endnotes", 22, 38),
    SliceSpec("pepys-1663-04", "pepys", ("chapter-40",), "b-symbols", 0, 10),
    SliceSpec("barbellion-1903", "barbellion", ("part-1",), "c-run-in", 0, 70, docx_datelines="run-in"),
    SliceSpec("barbellion-1912", "barbellion", ("part-2",), "g-titled", 0, 42),
    SliceSpec("barbellion-1915", "barbellion", ("part-2",), "b-symbols", 184, 228),
    SliceSpec("mackenzie-1789", "mackenzie", ("part-1", "chapter-1-1", "chapter-1-2"), "d-drop-caps",
              docx_datelines="run-in"),
    SliceSpec("mackenzie-1793", "mackenzie", ("part-2", "chapter-2-1", "chapter-2-2"), "c-run-in",
              docx_datelines="run-in"),
    SliceSpec("cherry-garrard-1912-01", "cherry-garrard", ("chapter-12",), "d-drop-caps", year=1912, diary_only=True),
    SliceSpec("cherry-garrard-1912-11", "cherry-garrard", ("chapter-16",), "g-titled", year=1912, diary_only=True),
    SliceSpec("pepys-1662-07", "pepys", ("chapter-31",), "h-two-columns", 0, 31),
    # The test suite's: 2–6 pages each (tests/importers/data/corpus/).
    SliceSpec("suite-pepys-a", "pepys", ("chapter-1",), "a-footnotes", 4, 7, suite=True),
    SliceSpec("suite-pepys-e", "pepys", ("chapter-4",), "e-narrow", 0, 3, suite=True),
    SliceSpec("suite-barbellion-c", "barbellion", ("part-1",), "c-run-in", 0, 18, suite=True,
              docx_datelines="run-in"),
    SliceSpec("suite-barbellion-b", "barbellion", ("part-2",), "b-symbols", 222, 228, suite=True),
    SliceSpec("suite-mackenzie-d", "mackenzie", ("part-1", "chapter-1-1"), "d-drop-caps", 0, 6, suite=True,
              docx_datelines="run-in"),
    SliceSpec("suite-cherry-garrard-g", "cherry-garrard", ("chapter-16",), "g-titled", 0, 8, year=1912,
              diary_only=True, suite=True),
    SliceSpec("suite-pepys-f", "pepys", ("chapter-20",), "f-endnotes", 0, 4, suite=True),
    SliceSpec("suite-pepys-h", "pepys", ("chapter-31",), "h-two-columns", 0, 6, suite=True),
]
