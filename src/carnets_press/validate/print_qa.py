"""Print QA: read the laid-out PDF back and check what WeasyPrint did.

WeasyPrint can drop a footnote (footnote-policy: line) or push one to a later
page, fall back to a system font for a missing glyph, and strand a heading at
the foot of a page. We look at the PDF itself: the named destinations
WeasyPrint writes for every id (calls are `call-N`, notes `note-N`, entries
their ids and their first paragraph `<id>-text`; each names its page and the
left and top of its box there) and the font resources, read
with pypdf; the text of each page and its lines as set, read with PDFium
(pypdf's text extraction costs about 80 ms a page, PDFium's under 3). How the
pages are made up (their depth, grid, word spaces, hyphens, line starts) is
print_makeup.py's; book.toml's [print.qa] limits on it are checked here.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from carnets_press.anchors import call_id, entry_text_id, note_id
from carnets_press.codes import finding
from carnets_press.errors import Location
from carnets_press.findings import Finding
from carnets_press.manuscript.model import Book, plain_text
from carnets_press.pdf_text import PageContent, PageText, read_pages
from carnets_press.validate.print_makeup import (
    FEW_LINES,
    HYPHEN,
    LINE_BOX,
    SHORT,
    WIDE,
    Makeup,
    SetPage,
    measure,
    set_pages,
)

# The fonts the tool ships, as WeasyPrint names them in the PDF ("ABCDEF+EB-Garamond-Italic"): the book font, and
# the fallback after it in the print stylesheet's font stacks for what it lacks (fonts/README.md).
BOOK_FONT_FAMILY = "EBGaramond"
BOOK_FONT_FAMILIES = (BOOK_FONT_FAMILY, "STIXTwoMath")


@dataclass
class PrintQA:
    pages: int = 0
    notes: int = 0
    notes_lost: list[int] = field(default_factory=list)
    notes_moved: list[dict] = field(default_factory=list)
    notes_continued: list[dict] = field(default_factory=list)  # a footnote run on from a page to the next
    fonts: list[str] = field(default_factory=list)
    fonts_not_embedded: list[str] = field(default_factory=list)
    fonts_foreign: list[str] = field(default_factory=list)
    headings_at_page_foot: list[dict] = field(default_factory=list)
    part_pages: dict[str, int] = field(default_factory=dict)
    makeup: Makeup = field(default_factory=Makeup)  # in the JSON report at its top level, with the rest
    # Where the manuscript calls each note ("note 3") and has each entry's heading (its id): the findings'
    # places. Not in the JSON report, whose lists name notes and entries themselves.
    places: dict[str, Location] = field(default_factory=dict, repr=False)
    # book.toml's [print.qa] limits: the value of each key set, and where it is set.
    limits: dict[str, tuple[float, Location]] = field(default_factory=dict, repr=False)

    def findings(self) -> list[Finding]:
        places = self.places
        found = [finding("print-note-lost", f"note {n} is not in the PDF", places.get(f"note {n}"))
                 for n in self.notes_lost]
        found += [finding("print-font-not-embedded", f"font {f} is not embedded") for f in self.fonts_not_embedded]
        found += [finding("print-font-foreign", f"font {f} is not the book's font (a character the book font lacks?)")
                  for f in self.fonts_foreign]
        found += [finding("print-note-moved", f"note {m['note']} is on page {m['note_page']}, its call on page "
                          f"{m['call_page']}", places.get(f"note {m['note']}")) for m in self.notes_moved]
        found += [finding("print-line-gaping", f"page {line['page']}: a justified line's word spaces are "
                          f"{line['word_space']:g} em wide ({line['text'][:60]!r})")
                  for line in self.makeup.gaping_lines]
        found += [finding("print-text-off-page" if line["off_page"] else "print-line-overfull",
                          f"page {line['page']}, line {line['line']}: a line runs {line['over']:g} pt past the text "
                          f"block{' and off the page' if line['off_page'] else ''} ({line['text']!r})")
                  for line in self.makeup.overfull_lines]
        found += [finding("print-heading-at-foot", f"heading {h['entry']!r} is the last line of page {h['page']}",
                          places.get(h["id"])) for h in self.headings_at_page_foot]
        return found + self._over_limits()

    def _over_limits(self) -> list[Finding]:
        """A finding for each [print.qa] limit the measures pass, at its line of book.toml."""
        found = []
        for key, (limit, location) in self.limits.items():
            what, measure = _LIMITS[key]
            measured = measure(self)
            if measured is None:  # nothing to measure: no full line for the word spaces
                continue
            value, pages = measured
            under = key == "word-space-min"
            if value < limit if under else value > limit:
                where = f" (page{'s' if len(pages) > 1 else ''} {_pages(pages)})" if pages else ""
                found.append(finding("print-makeup-threshold", f"{what}: {_number(value)}, "
                                     f"{'under' if under else 'over'} {key} = {_number(limit)}{where}", location))
        return found

    def to_dict(self) -> dict:
        report = asdict(self)
        for name in ("places", "limits", "makeup"):
            del report[name]
        return {**report, **asdict(self.makeup)}

    def summary(self) -> str:
        makeup, spaces = self.makeup, self.makeup.word_space
        space = (f"word space p90 {spaces['p90']:.2f} em ({spaces['over_0_5']} of {spaces['lines']} full lines over "
                 f"{WIDE} em)" if spaces.get("lines") else "no full lines")
        return (f"{self.pages} pages, {self.notes} notes ({len(self.notes_lost)} lost, {len(self.notes_moved)} moved), "
                f"{len(self.notes_continued)} notes continued, "
                f"{len(self.fonts)} fonts embedded ({', '.join(sorted({_family(f) for f in self.fonts}))}), "
                f"{makeup.hyphenated_line_ends} hyphenated line ends ({len(makeup.hyphen_runs_over_2)} runs over 2), "
                f"{len(self.headings_at_page_foot)} headings at a page foot; {space}, "
                f"{len(makeup.short_pages)} short pages, {len(makeup.facing_pages_uneven)} uneven spreads, "
                f"{sum(page['lines'] for page in makeup.off_grid)} lines off the grid, "
                f"{len(makeup.line_starts)} bad line starts")


def _pages(pages: list[int]) -> str:
    shown = ", ".join(map(str, pages[:5]))
    return shown + (f" and {len(pages) - 5} more" if len(pages) > 5 else "")


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.3f}".rstrip("0")


# A measure a limit applies to: its value, and the pages it concerns; None when there is nothing to measure.
Measured = tuple[float, list[int]] | None


def _count(items: Callable[[PrintQA], list[dict]], page: Callable[[dict], int] = lambda item: item["page"]) \
        -> Callable[[PrintQA], Measured]:
    def measure(qa: PrintQA) -> Measured:
        found = items(qa)
        return len(found), sorted({page(item) for item in found})
    return measure


def _word_space(statistic: str) -> Callable[[PrintQA], Measured]:
    """The 90th percentile or the minimum, with the page of the widest line or of the narrowest."""
    def measure(qa: PrintQA) -> Measured:
        rows = [row for row in qa.makeup.page_makeup if "full_lines" in row]
        if not rows:
            return None
        if statistic == "p90":
            return qa.makeup.word_space["p90"], [max(rows, key=lambda row: row["word_space_max"])["page"]]
        return qa.makeup.word_space["min"], [min(rows, key=lambda row: row["word_space_min"])["page"]]
    return measure


def _wide_lines_per_1000(qa: PrintQA) -> Measured:
    spaces = qa.makeup.word_space
    if not spaces.get("lines"):
        return None
    return (round(1000 * spaces["over_0_5"] / spaces["lines"], 2),
            [row["page"] for row in qa.makeup.page_makeup if row.get("word_space_max", 0) > WIDE])


def _longest_run(qa: PrintQA) -> Measured:
    run = qa.makeup.longest_hyphen_run
    return (run["length"], [run["page"]]) if run else (0, [])


def _off_grid(qa: PrintQA) -> Measured:
    return sum(row["lines"] for row in qa.makeup.off_grid), [row["page"] for row in qa.makeup.off_grid]


# What each [print.qa] key (manuscript/metadata.py's PRINT_QA_LIMITS) limits: what a finding calls it, its measure.
_LIMITS: dict[str, tuple[str, Callable[[PrintQA], Measured]]] = {
    "max-notes-moved": ("notes set after their call's page",
                        _count(lambda qa: qa.notes_moved, lambda moved: moved["note_page"])),
    "max-notes-continued": ("notes run on to the next page", _count(lambda qa: qa.notes_continued)),
    "max-short-pages": (f"pages that end {SHORT} or more lines short", _count(lambda qa: qa.makeup.short_pages)),
    "max-short-last-pages": (f"last pages of a part with fewer than {FEW_LINES} lines",
                             _count(lambda qa: qa.makeup.last_pages_few_lines)),
    "max-uneven-spreads": ("spreads whose pages end at different depths",
                           _count(lambda qa: qa.makeup.facing_pages_uneven, lambda spread: spread["pages"][0])),
    "max-off-grid-lines": ("body lines off the grid", _off_grid),
    "max-line-starts": ("lines that begin with a dash, a spaced ellipsis or a note call",
                        _count(lambda qa: qa.makeup.line_starts)),
    "max-hyphen-run": ("the longest run of hyphenated line ends", _longest_run),
    "max-hyphens-at-recto-foot": ("rectos whose last line ends with a hyphen",
                                  _count(lambda qa: qa.makeup.hyphen_on_recto_foot)),
    "max-hyphenated-names": ("capitalised words hyphenated", _count(lambda qa: qa.makeup.hyphenated_names)),
    "max-fragment-endings": ("paragraphs that end on a word fragment",
                             _count(lambda qa: qa.makeup.paragraph_ends_on_fragment)),
    "max-overfull-lines": ("lines past the text block's edge", _count(lambda qa: qa.makeup.overfull_lines)),
    "max-wide-lines-per-1000": (f"full lines with a word space over {WIDE} em, per 1,000", _wide_lines_per_1000),
    "word-space-p90": ("the word space's 90th percentile in ems", _word_space("p90")),
    "word-space-min": ("the narrowest word space in ems", _word_space("min")),
}


class PdfError(Exception):
    """The PDF cannot be read back (truncated, damaged, not a PDF)."""


def check_pdf(pdf: bytes, book: Book, texts: list[str] | None = None,
              contents: list[PageContent] | None = None) -> PrintQA:
    """`texts` and `contents`: the text of each page and what it is made up of, if they were already read back (by
    the workers of a chunked layout); both, or they are read here."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdfium2 import PdfiumError

    try:
        reader = PdfReader(io.BytesIO(pdf))
        qa = PrintQA(pages=len(reader.pages))
        destinations, tops, lefts = {}, {}, {}
        for name, dest in reader.named_destinations.items():
            if (page := reader.get_destination_page_number(dest)) is not None:
                destinations[name] = page
                if isinstance(dest.top, (int, float)):
                    tops[name] = float(dest.top)
                if isinstance(dest.left, (int, float)):
                    lefts[name] = float(dest.left)
        pages = (read_pages(pdf) if texts is None or contents is None
                 else [PageText(text, content) for text, content in zip(texts, contents, strict=True)])
    except (PyPdfError, PdfiumError, ValueError, KeyError) as error:  # what the readers raise on damaged files
        raise PdfError(str(error) or type(error).__name__) from error
    if len(pages) != qa.pages:
        raise ValueError(f"{len(pages)} page texts for {qa.pages} pages")
    qa.places = _places(book)
    root = book.root / "book.toml"
    qa.limits = {key: (value, Location(root, dict(book.metadata.print.qa.lines).get(key)))
                 for key, value in book.metadata.print.qa.values}
    calls: dict[int, list[tuple[float, float]]] = {}
    for name in (call_id(note) for note in book.notes()):
        if name in destinations and name in tops and name in lefts:
            calls.setdefault(destinations[name], []).append((lefts[name], tops[name]))
    placed = set_pages([page.content for page in pages], book.metadata.print, destinations, tops,
                       [note_id(note) for note in book.notes()], [part.id for part in book.parts], calls)
    _check_notes(qa, book, destinations, tops, [page.text for page in pages], placed)
    _check_fonts(qa, reader)
    _check_headings(qa, book, destinations)
    qa.makeup = measure(placed)
    qa.part_pages = {part.id: destinations[part.id] + 1 for part in book.parts if part.id in destinations}
    return qa


def _places(book: Book) -> dict[str, Location]:
    places = {entry.id: entry.location for entry in book.entries()}
    for ref in book.note_refs():
        places[f"note {ref.note.number}"] = ref.location
    return places


def _check_notes(qa: PrintQA, book: Book, destinations: dict[str, int], tops: dict[str, float], texts: list[str],
                 pages: list[SetPage]) -> None:
    """Footnotes belong on the page of their call; endnotes only need to be there. An endnote's number may end a
    page and its text begin the next (a note that opens with a block quote)."""
    footnotes = book.metadata.print.notes == "footnotes"
    for note in book.notes():
        assert note.number is not None, "the notes are numbered before the PDF is laid out"
        qa.notes += 1
        call, placed = destinations.get(call_id(note)), destinations.get(note_id(note))
        if placed is None or not _note_found(plain_text(note.blocks), placed, texts, pages, footnotes):
            qa.notes_lost.append(note.number)
        elif footnotes and call is not None and call != placed:
            qa.notes_moved.append({"note": note.number, "call_page": call + 1, "note_page": placed + 1})
    if footnotes:
        _check_continued(qa, book, destinations, tops, pages)


def _note_found(text: str, placed: int, texts: list[str], pages: list[SetPage], footnotes: bool) -> bool:
    """The note's first words on the page of its destination; an endnote's may be in the next page's first lines."""
    if _words_on_page(text, texts[placed]):
        return True
    following = pages[placed + 1].lines[:3] if not footnotes and placed + 1 < len(pages) else []
    return bool(following) and _words_on_page(text, " ".join(line.text for line in following))


def _check_continued(qa: PrintQA, book: Book, destinations: dict[str, int], tops: dict[str, float],
                     pages: list[SetPage]) -> None:
    """A footnote runs on to the next page when that page's notes begin with a line no note begins at (a note's
    destination is the top of its first line): it is the last note begun on the page before."""
    begun: dict[int, list[tuple[float, int]]] = {}
    for note in book.notes():
        name = note_id(note)
        if name in destinations and name in tops and note.number is not None:
            begun.setdefault(destinations[name], []).append((tops[name], note.number))
    for page, after in itertools.pairwise(pages):
        if not after.notes or page.number - 1 not in begun:
            continue
        first = after.notes[0]
        if not any(0 <= top - first.baseline <= LINE_BOX * first.size for top, _ in begun.get(after.number - 1, [])):
            qa.notes_continued.append({"note": min(begun[page.number - 1])[1], "page": page.number})


def _words_on_page(text: str, page_text: str) -> bool:
    """The note's first words are on the page (hyphenation and line breaks undone).

    PDFium marks a hyphen it takes for a line-end break with U+FFFE.
    """
    flat = re.sub(rf"[{HYPHEN}\ufffe]\s*", "", page_text)
    flat = re.sub(r"\s+", " ", flat)
    words = re.findall(r"\w+", text)[:4]
    return all(word in flat for word in words)


def _check_fonts(qa: PrintQA, reader) -> None:
    seen: dict[str, bool] = {}
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            seen[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    qa.fonts = sorted(seen)
    qa.fonts_not_embedded = sorted(name for name, embedded in seen.items() if not embedded)
    qa.fonts_foreign = sorted(name for name in seen if not is_book_font(name))


def is_book_font(font_name: str) -> bool:
    """A font the tool ships: EB Garamond, or the fallback for the characters it lacks."""
    family = _family(font_name).replace("-", "")
    return any(family.startswith(book) for book in BOOK_FONT_FAMILIES)


def _family(font_name: str) -> str:
    return font_name.split("+", 1)[-1]


def _check_headings(qa: PrintQA, book: Book, destinations: dict) -> None:
    """A heading is stranded when its entry's text begins on a later page."""
    for entry in book.entries():
        heading, text = destinations.get(entry.id), destinations.get(entry_text_id(entry))
        if heading is not None and text is not None and text > heading:
            qa.headings_at_page_foot.append({"entry": entry.heading_text, "id": entry.id, "page": heading + 1})
