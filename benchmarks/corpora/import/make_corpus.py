#!/usr/bin/env python3
"""Typeset slices of Standard Ebooks diaries as printed editions would, and extract them as publishers would.

    python make_corpus.py [OUT]            # the corpus (default /tmp/import-corpus)
    python make_corpus.py --suite          # the test suite's small slices, into tests/importers/data/corpus/
    python make_corpus.py OUT --only pepys-1660-01

For each slice (se_slices.SLICES) it writes NAME.pdf, typeset with WeasyPrint from this folder's own HTML and the
layout's CSS (layouts/*.css; nothing of carnets-press's renderer or styles), NAME.txt, what `pdftotext` makes of
it in its default mode, and NAME.truth.json, what the slice holds according to SE's XHTML (se_slices.truth).
The layouts imitate conventions of real editions (README.md): the typesetting is not adjusted to what any
importer handles.

Where an edition's convention needs to know the pages (notes numbered per page with symbols; a long note that
continues on the next page's foot), the slice is typeset again until the pages agree with it; WeasyPrint can
neither restart a footnote counter on each page (Kozea/WeasyPrint#2553) nor split a footnote.

Deterministic: the same sources give the same files (SOURCE_DATE_EPOCH is the source commit's time).
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from corpus_words import truth_streams, words
from se_slices import (
    SLICES,
    SMALLCAPS_TYPES,
    SOURCES,
    TITLE,
    VERSE_TYPES,
    XML_LANG,
    Entry,
    Heading,
    Slice,
    X,
    children,
    commit_epoch,
    is_noteref,
    local,
    note_number,
    plain,
    read_slice,
    truth,
    types,
)

HERE = Path(__file__).resolve().parent
LAYOUTS_DIR = HERE / "layouts"
SUITE_DIR = HERE.parents[2] / "tests" / "importers" / "data" / "corpus"
SYMBOLS = ["*", "†", "‡", "§", "‖", "¶"]  # then doubled: **, ††… (the order of Hart's Rules)


@dataclass(frozen=True)
class Layout:
    """What an edition's pages need besides its stylesheet.

    datelines: "heading" (a line of its own), "run-in" (opening the entry's first paragraph), "titled" (a heading,
    and under it the entry's title or the dateline's place and hour on a line of its own).
    notes: "foot" (at the page foot) or "end-of-part" (after each part, under "Notes").
    numbering: "source" (SE's numbers: continuous through the whole book), "slice" (1, 2… through the slice),
    "part" (1, 2… in each part), "page-symbols" (* † ‡ … afresh on each page)."""

    css: str
    datelines: str
    notes: str = "foot"
    numbering: str = "slice"
    run_in_separator: str = ".—"
    drop_caps: bool = False  # the entry's first letter set apart as an initial (styled by the CSS: .initial)
    split_long_notes: bool = False
    first_folio: int = 1


LAYOUTS = {
    "a-footnotes": Layout("a-footnotes.css", "heading", numbering="source", first_folio=37),
    "b-symbols": Layout("b-symbols.css", "heading", numbering="page-symbols", first_folio=213),
    "c-run-in": Layout("c-run-in.css", "run-in", first_folio=3),
    "d-drop-caps": Layout("d-drop-caps.css", "run-in", numbering="part", drop_caps=True, first_folio=1),
    "e-narrow": Layout("e-narrow.css", "run-in", numbering="part", run_in_separator=". ", split_long_notes=True,
                       first_folio=119),
    "f-endnotes": Layout("f-endnotes.css", "heading", notes="end-of-part", numbering="part", first_folio=451),
    "g-titled": Layout("g-titled.css", "titled", first_folio=89),
    "h-two-columns": Layout("h-two-columns.css", "run-in", first_folio=27),
}


@dataclass
class Split:
    """A note set in two: `words` of it at its call, the rest at the foot of the next page, from `slot`."""

    words: int
    slot: int


# ---------------------------------------------------------------------------------------------
# HTML


def esc(text: str) -> str:
    """Text for the HTML; SE's word joiners go (they keep a dash to its word on screen; a compositor does that by
    hand, and pdftotext would read each as a space)."""
    return html.escape(text.replace("\u2060", ""), quote=False)


class Edition:
    """One slice as one layout's HTML. `marks`: each note's printed number; `splits`: the notes set in two."""

    def __init__(self, sl: Slice, layout: Layout, marks: dict[str, str], splits: dict[str, Split]):
        self.sl, self.layout, self.marks, self.splits = sl, layout, marks, splits
        self.part_notes: list[str] = []  # end-of-part notes waiting for the part's end
        self.slot = 0  # slots are counted through the text, so that a continuation can be called from one
        self.pending: dict[int, str] = {}  # slot number -> the continuation to call there
        self.in_note = False

    def document(self) -> str:
        self.pending = {split.slot: number for number, split in self.splits.items()}
        self.slot = 0
        out = [f'<!DOCTYPE html>\n<html lang="{esc(self.sl.language)}"><head><meta charset="utf-8">',
               f"<title>{esc(self.sl.title)}</title>",
               f'<link rel="stylesheet" href="{esc(self.layout.css)}">',
               f"<style>@page :first {{ counter-reset: page {self.layout.first_folio} }}</style></head><body>"]
        body: list[str] = []
        entry_index = 0
        for item in self.sl.items:
            if not body or (isinstance(item, Heading) and item.level == 1):
                if body:
                    body.append(self._endnotes() + "</section>")
                body.append('<section class="part">' + ("" if body else self._running_strings()))
            if isinstance(item, Heading):
                body.append(self._heading(item))
            elif item.dateline is None:
                body.append('<div class="text">' + "".join(self._block(b) for b in item.blocks) + "</div>")
            else:
                body.append(self._entry(item, entry_index))
                entry_index += 1
        body.append(self._endnotes() + "</section></body></html>")
        return "\n".join(out + body)

    def _running_strings(self) -> str:
        """The book's title and author for the running heads (CSS string-set), printed nowhere else."""
        return (f'<p class="running-title">{esc(self.sl.title)}</p>'
                f'<p class="running-author">{esc(self.sl.author)}</p>')

    def _heading(self, heading: Heading) -> str:
        tag = "h1" if heading.level == 1 else "h2"
        lines = "".join(f'<span class="line">{self._inline(line)}</span>' for line in heading.lines)
        return f'<{tag} class="{"part-title" if heading.level == 1 else "group"}">{lines}</{tag}>'

    # -- entries --

    def _entry(self, entry: Entry, index: int) -> str:
        mode = self.layout.datelines
        if not entry.detachable:
            mode = "run-in"  # "November 2, 5 a.m. Biscuit Depot. Atkinson…": the date is the sentence's start
        blocks = list(entry.blocks)
        out = [f'<section class="entry" id="e{index}">']
        if mode == "run-in":
            first = blocks.pop(0) if blocks and local(blocks[0]) == "p" else None
            out.append(self._run_in(entry, first))
        else:
            date, title = self._date_and_title(entry) if mode == "titled" else (self._inline(entry.dateline), None)
            out.append(f'<h3 class="dateline">{date}</h3>')
            if mode == "titled" and blocks and local(blocks[0]) == TITLE:
                title = self._inline(blocks.pop(0))
            if title:
                out.append(f'<p class="entry-title">{title}</p>')
        for n, block in enumerate(blocks):
            out.append(self._block(block, first=n == 0 and mode != "run-in"))
        out.append("</section>")
        return "".join(out)

    def _run_in(self, entry: Entry, first) -> str:
        dateline = self._inline(entry.dateline)
        separator = esc(entry.separator_before_text(self.layout.run_in_separator))
        rest = self._inline(first) if first is not None else ""
        opening = '<span class="dateline">' + dateline + "</span>"
        if entry.run_in and first is not None and (first.text or "").startswith("“"):
            rest = rest.removeprefix("“")
            opening = "“" + opening
        if self.layout.drop_caps:
            opening = _initial(opening)
        return f'<p class="entry-open">{opening}{separator if rest else ""}{rest}</p>'

    def _date_and_title(self, entry: Entry) -> tuple[str, str | None]:
        """A dateline that names a place or an hour after the date ("November 11. Early morning. One Ton Depot.")
        is set as the date, and the rest as a title line under it."""
        text = plain(entry.dateline)
        match = re.match(r"(.*?\d+(?:st|nd|rd|th)?\.)\s+(\S.*)", text)
        if match:
            return esc(match.group(1)), esc(match.group(2))
        return self._inline(entry.dateline), None

    # -- blocks --

    def _block(self, block, first: bool = False) -> str:
        tag = local(block)
        cls = ' class="first"' if first else ""
        if block.tag == TITLE:
            return f'<p class="section-title">{self._inline(block)}</p>'
        if tag == "p":
            return f"<p{cls}>{self._inline(block)}</p>" if plain(block) else ""
        if tag == "hr":
            return '<hr class="break">'
        if tag == "blockquote":
            verse = bool(types(block) & VERSE_TYPES)
            inner = "".join(self._block(kid) for kid in children(block) if local(kid) != "cite")
            cite = "".join(f'<p class="cite">{self._inline(kid)}</p>' for kid in children(block)
                           if local(kid) == "cite")
            return f'<blockquote{" class=verse" if verse else ""}>{inner}{cite}</blockquote>'
        if tag == "table":
            rows = []
            for row in block.iter(f"{X}tr"):
                cells = "".join(f"<{local(c)}>{self._inline(c)}</{local(c)}>" for c in children(row))
                rows.append(f"<tr>{cells}</tr>")
            return "<table>" + "".join(rows) + "</table>"
        if tag in ("ol", "ul"):
            items = "".join(f"<li>{self._inline(li)}</li>" for li in children(block))
            return f"<{tag}>{items}</{tag}>"
        if tag in ("section", "div", "header"):
            return "".join(self._block(kid) for kid in children(block))
        return f"<p{cls}>{self._inline(block)}</p>"

    # -- inline --

    def _inline(self, el) -> str:
        return self._text(el.text or "") + "".join(self._node(child) for child in el)

    def _node(self, el) -> str:
        tail = self._text(el.tail or "")
        if not isinstance(el.tag, str):
            return tail
        tag = local(el)
        if is_noteref(el):
            return self._call(note_number(el)) + tail
        inner = self._inline(el)
        if tag in ("i", "em", "cite", "dfn"):
            inner = f"<i>{inner}</i>"
        elif tag == "b" or types(el) & SMALLCAPS_TYPES:
            inner = f'<span class="sc">{inner}</span>'
        elif tag == "strong":
            inner = f"<strong>{inner}</strong>"
        elif tag in ("sup", "sub"):
            inner = f"<{tag}>{inner}</{tag}>"
        elif tag == "br":
            inner = "<br>"
        lang = el.get(XML_LANG)
        if lang:
            inner = f'<span lang="{esc(lang)}">{inner}</span>'
        return inner + tail

    def _text(self, text: str) -> str:
        """Text; in a layout that splits notes, every eighth word of the running text is a slot (a span with an
        id), where a note's continuation can be called if the slot falls on the next page."""
        if not self.layout.split_long_notes or self.in_note:
            return esc(re.sub(r"[ \t\r\n]+", " ", text))
        out = []
        for piece in re.split(r"([ \t\r\n]+)", text):
            if not piece or piece.isspace():
                out.append(" " if piece else "")
                continue
            self.slot += 1
            if self.slot % 8:
                out.append(esc(piece))
                continue
            out.append(f'<span id="s{self.slot}">{esc(piece)}</span>')
            if self.slot in self.pending:
                out.append(self._continuation(self.pending[self.slot]))
        return "".join(out)

    # -- notes --

    def _call(self, number: str) -> str:
        if number not in self.sl.notes:
            return ""
        mark = esc(self.marks[number])
        if self.layout.notes == "end-of-part":
            self.part_notes.append(number)
            return f'<sup class="call" id="c{number}">{mark}</sup>'
        split = self.splits.get(number)
        blocks = [esc(" ".join(note_words(self.sl, number)[:split.words]))] if split else self._note_blocks(number)
        body = "".join(f'<span class="np">{b}</span>' for b in blocks)
        return (f'<span class="anchor" id="c{number}"></span>'
                f'<span class="fn" id="n{number}" data-mark="{mark}">{body}</span>')

    def _note_blocks(self, number: str) -> list[str]:
        """Each block of the note as inline HTML (a footnote is set inside the paragraph that calls it)."""
        self.in_note = True
        blocks = [self._inline(block) if local(block) == "p" else esc(plain(block).replace("\n", " "))
                  for block in self.sl.notes[number].blocks]
        self.in_note = False
        return blocks

    def _continuation(self, number: str) -> str:
        rest = esc(" ".join(note_words(self.sl, number)[self.splits[number].words:]))
        return f'<span class="fn continued" id="r{number}" data-mark=""><span class="np">{rest}</span></span>'

    def _endnotes(self) -> str:
        if not self.part_notes:
            return ""
        out = ['<section class="endnotes"><h2 class="notes-title">Notes</h2>']
        for number in self.part_notes:
            blocks = self._note_blocks(number)
            out.append(f'<p class="endnote" id="n{number}"><span class="num">{esc(self.marks[number])}</span> '
                       f"{blocks[0]}</p>")
            out += [f'<p class="endnote more">{block}</p>' for block in blocks[1:]]
        self.part_notes = []
        return "".join(out) + "</section>"


def note_words(sl: Slice, number: str) -> list[str]:
    """A note's text as words, for a note set in two (its italics are lost to the split)."""
    return " ".join(plain(b) for b in sl.notes[number].blocks).split()


_FIRST_LETTER = re.compile(r"^((?:<[^>]*>|[“‘\"'(\s])*)(\w)")


def _initial(markup: str) -> str:
    """The first letter of the markup, taken out as an initial (not ::first-letter: WeasyPrint 70 fails on a
    ::first-letter float in a paragraph that a page break splits)."""
    match = _FIRST_LETTER.match(markup)
    if not match:
        return markup
    return f'<span class="initial">{match.group(2)}</span>{match.group(1)}{markup[match.end():]}'


# ---------------------------------------------------------------------------------------------
# Typesetting


def first_marks(sl: Slice, layout: Layout) -> dict[str, str]:
    """The printed numbers that do not depend on the pages."""
    marks: dict[str, str] = {}
    count = 0
    for item in sl.items:
        if isinstance(item, Heading) and item.level == 1 and layout.numbering == "part":
            count = 0
        for number in _calls(item):
            if number in sl.notes and number not in marks:
                count += 1
                marks[number] = number if layout.numbering == "source" else str(count)
    return marks


def _calls(item: Heading | Entry) -> list[str]:
    elements = item.lines if isinstance(item, Heading) else (
        ([item.dateline] if item.dateline is not None else []) + item.blocks)
    return [note_number(a) for el in elements for a in el.iter(f"{X}a") if is_noteref(a)]


def render(sl: Slice, layout: Layout, marks: dict[str, str], splits: dict[str, Split]):
    """The document, and the page (1, 2…) where each anchor fell: e3 (entry), c47 (call), n47 (note), r47 (its
    continuation), s96 (slot)."""
    from weasyprint import HTML  # imported here: the truth and the HTML need no renderer

    source = Edition(sl, layout, marks, splits).document()
    document = HTML(string=source, base_url=str(LAYOUTS_DIR) + "/").render()
    return document, {anchor: n + 1 for n, page in enumerate(document.pages) for anchor in page.anchors}


def symbols_by_page(marks: dict[str, str], pages: dict[str, int]) -> dict[str, str]:
    """* † ‡ § ‖ ¶, then doubled, afresh on each page where the notes are printed."""
    counts: Counter[int] = Counter()
    result = {}
    for number in marks:
        page = pages.get(f"n{number}") or 0
        k = counts[page]
        counts[page] += 1
        result[number] = SYMBOLS[k % len(SYMBOLS)] * (k // len(SYMBOLS) + 1)
    return result


def typeset(sl: Slice, layout: Layout, log: list[str]):
    """The final document, its pages and the printed numbers; what was done to fit them goes to `log`."""
    marks = first_marks(sl, layout)
    document, pages = render(sl, layout, marks, {})
    if layout.numbering == "page-symbols":
        for _ in range(6):
            new = symbols_by_page(marks, pages)
            if new == marks:
                break
            marks = new
            document, pages = render(sl, layout, marks, {})
        else:
            log.append("the symbols did not settle after 6 passes")
    if layout.split_long_notes:
        document, pages = split_deferred_notes(sl, layout, marks, document, pages, log)
    return document, pages, marks


def split_deferred_notes(sl: Slice, layout: Layout, marks: dict[str, str], document, pages: dict[str, int],
                         log: list[str]):
    """Where WeasyPrint moved a note to a later page than its call's, set it as a compositor would: its first part
    at the foot of the call's page, the rest at the next page's foot, first there (called from a slot on that page).
    The first part is made shorter until it fits."""
    splits: dict[str, Split] = {}
    for number in marks:
        call, note = pages.get(f"c{number}"), pages.get(f"n{number}")
        if call is None or note is None or note == call:
            continue
        total = len(note_words(sl, number))
        next_page = sorted(int(key[1:]) for key, page in pages.items() if key[0] == "s" and page == call + 1)
        share = 0.6
        while next_page and total * share >= 12:
            splits[number] = Split(int(total * share), next_page[0])
            trial, there = render(sl, layout, marks, splits)
            if there.get(f"n{number}") == call and there.get(f"r{number}") == call + 1:
                document, pages = trial, there
                log.append(f"note {number}: {splits[number].words} of its {total} words at the foot of page "
                           f"{call + layout.first_folio - 1}, the rest on the next")
                break
            share *= 0.7
        else:
            splits.pop(number, None)
            log.append(f"note {number}: at the foot of page {note + layout.first_folio - 1}, after its call's page "
                       f"{call + layout.first_folio - 1} (no split fitted)")
    return document, pages


# ---------------------------------------------------------------------------------------------
# The files


def extract(pdf: Path) -> str:
    """pdftotext in its default mode (reading order, no -layout), as a publisher's text export would be made."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True,
                          text=True).stdout


def lost_in_extraction(text: str, data: dict) -> list[str]:
    """Runs of three or more words of the truth that the extraction lacks: what the typesetting lost, if anything
    (a clipped note, an overflowing line). Single words differ by design (a drop cap, a compound that pdftotext
    joined at a line end), and tables are left out: pdftotext reads their cells in an order of its own."""
    extracted = words(re.sub("\u2010\n", "", text))
    body = truth_streams(data, leave_out=("table",))[0]
    notes = [w for note in data["notes"] for w in words(note["text"])]
    lost = []
    for stream in (body, notes):
        matcher = difflib.SequenceMatcher(None, stream, extracted, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op in ("delete", "replace") and (a2 - a1) - (b2 - b1) >= 3:
                lost.append(" ".join(stream[a1:a2]))
    return lost


def make(spec, out: Path) -> str:
    """NAME.pdf, NAME.txt and NAME.truth.json in `out`; a line saying what they hold."""
    layout = LAYOUTS[spec.layout]
    sl = read_slice(spec)
    log = list(sl.log)
    document, pages, marks = typeset(sl, layout, log)
    pdf = out / f"{spec.name}.pdf"
    document.write_pdf(pdf)
    text = extract(pdf)
    (out / f"{spec.name}.txt").write_text(text, encoding="utf-8")
    folio = {key: page + layout.first_folio - 1 for key, page in pages.items() if key[0] != "s"}
    data = truth(sl, marks, folio)
    data["layout"] = spec.layout
    data["pages"] = len(document.pages)
    data["log"] = log
    (out / f"{spec.name}.truth.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    summary = (f"{spec.name}: {spec.layout}, {len(document.pages)} pages, {len(data['entries'])} entries, "
               f"{len(data['notes'])} notes, {data['body_words']} + {data['note_words']} words")
    lost = lost_in_extraction(text, data)
    if lost:
        summary += f"; NOT IN THE EXTRACTION: {len(lost)} runs, e.g. {lost[0][:80]!r}"
    return summary


def _check_faces() -> None:
    """Every face a layout names that it does not load itself (@font-face) must be installed: fontconfig would set
    another in its place without a word, and the corpus would be another one (other measures, other line breaks)."""
    named = {name for css in LAYOUTS_DIR.glob("*.css")
             for name in re.findall(r'"((?:Liberation|DejaVu|Noto) [^"]+)"', css.read_text(encoding="utf-8"))}
    missing = [name for name in sorted(named) if subprocess.run(
        ["fc-list", name, "family"], capture_output=True, text=True).stdout.strip() == ""]
    if missing:
        raise SystemExit(f"fonts not installed: {', '.join(missing)} (Debian: apt-get install fonts-liberation "
                         "fonts-dejavu-core fonts-noto-core)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("/tmp/import-corpus"))
    parser.add_argument("--suite", action="store_true",
                        help=f"write the suite's slices into {SUITE_DIR}")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these slices")
    args = parser.parse_args(argv)
    out = SUITE_DIR if args.suite else args.out
    specs = [s for s in SLICES if (s.name in args.only if args.only else s.suite == args.suite)]
    if not specs:
        parser.error("no such slice")
    _check_faces()
    out.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        os.environ["SOURCE_DATE_EPOCH"] = str(commit_epoch(SOURCES[spec.source]))
        print(make(spec, out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
