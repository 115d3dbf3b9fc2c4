"""Print QA: read the laid-out PDF back and check what WeasyPrint did.

WeasyPrint can drop a footnote (footnote-policy: line) or push one to a later
page, fall back to a system font for a missing glyph, and strand a heading at
the foot of a page. We look at the PDF itself: the named destinations
WeasyPrint writes for every id (calls are `call-N`, notes `note-N`, entries
their ids and their first paragraph `<id>-text`) and the font resources, read
with pypdf; the text of each page, read with PDFium (pypdf's text extraction
costs about 80 ms a page, PDFium's under 3).
"""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass, field

from carnets_press.anchors import call_id, entry_text_id, note_id
from carnets_press.codes import finding
from carnets_press.errors import Location
from carnets_press.findings import Finding
from carnets_press.manuscript.model import Book, plain_text
from carnets_press.pdf_text import page_texts

HYPHEN = "\u2010"  # what WeasyPrint inserts at a hyphenated line end (hyphenate-character: auto)
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
    fonts: list[str] = field(default_factory=list)
    fonts_not_embedded: list[str] = field(default_factory=list)
    fonts_foreign: list[str] = field(default_factory=list)
    hyphenated_line_ends: int = 0
    hyphen_runs_over_2: list[dict] = field(default_factory=list)
    headings_at_page_foot: list[dict] = field(default_factory=list)
    part_pages: dict[str, int] = field(default_factory=dict)
    # Where the manuscript calls each note ("note 3") and has each entry's heading (its id): the findings'
    # places. Not in the JSON report, whose lists name notes and entries themselves.
    places: dict[str, Location] = field(default_factory=dict, repr=False)

    def findings(self) -> list[Finding]:
        places = self.places
        found = [finding("print-note-lost", f"note {n} is not in the PDF", places.get(f"note {n}"))
                 for n in self.notes_lost]
        found += [finding("print-font-not-embedded", f"font {f} is not embedded") for f in self.fonts_not_embedded]
        found += [finding("print-font-foreign", f"font {f} is not the book's font (a character the book font lacks?)")
                  for f in self.fonts_foreign]
        found += [finding("print-note-moved", f"note {m['note']} is on page {m['note_page']}, its call on page "
                          f"{m['call_page']}", places.get(f"note {m['note']}")) for m in self.notes_moved]
        found += [finding("print-heading-at-foot", f"heading {h['entry']!r} is the last line of page {h['page']}",
                          places.get(h["id"])) for h in self.headings_at_page_foot]
        return found

    def to_dict(self) -> dict:
        report = asdict(self)
        del report["places"]
        return report

    def summary(self) -> str:
        return (f"{self.pages} pages, {self.notes} notes ({len(self.notes_lost)} lost, {len(self.notes_moved)} moved), "
                f"{len(self.fonts)} fonts embedded ({', '.join(sorted({_family(f) for f in self.fonts}))}), "
                f"{self.hyphenated_line_ends} hyphenated line ends ({len(self.hyphen_runs_over_2)} runs over 2), "
                f"{len(self.headings_at_page_foot)} headings at a page foot")


class PdfError(Exception):
    """The PDF cannot be read back (truncated, damaged, not a PDF)."""


def check_pdf(pdf: bytes, book: Book, texts: list[str] | None = None) -> PrintQA:
    """`texts`: the text of each page if it was already read back (by the workers of a chunked layout)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdfium2 import PdfiumError

    try:
        reader = PdfReader(io.BytesIO(pdf))
        qa = PrintQA(pages=len(reader.pages))
        destinations = {name: page for name, dest in reader.named_destinations.items()
                        if (page := reader.get_destination_page_number(dest)) is not None}
        if texts is None:
            texts = page_texts(pdf)
    except (PyPdfError, PdfiumError, ValueError, KeyError) as error:  # what the readers raise on damaged files
        raise PdfError(str(error) or type(error).__name__) from error
    if len(texts) != qa.pages:
        raise ValueError(f"{len(texts)} page texts for {qa.pages} pages")
    qa.places = _places(book)
    _check_notes(qa, book, destinations, texts)
    _check_fonts(qa, reader)
    _check_hyphenation(qa, texts)
    _check_headings(qa, book, destinations)
    qa.part_pages = {part.id: destinations[part.id] + 1 for part in book.parts if part.id in destinations}
    return qa


def _places(book: Book) -> dict[str, Location]:
    places = {entry.id: entry.location for entry in book.entries()}
    for ref in book.note_refs():
        places[f"note {ref.note.number}"] = ref.location
    return places


def _check_notes(qa: PrintQA, book: Book, destinations: dict, texts: list[str]) -> None:
    """Footnotes belong on the page of their call; endnotes only need to be there."""
    footnotes = book.metadata.print.notes == "footnotes"
    for note in book.notes():
        assert note.number is not None, "the notes are numbered before the PDF is laid out"
        qa.notes += 1
        call, placed = destinations.get(call_id(note)), destinations.get(note_id(note))
        if placed is None or not _words_on_page(plain_text(note.blocks), texts[placed]):
            qa.notes_lost.append(note.number)
        elif footnotes and call is not None and call != placed:
            qa.notes_moved.append({"note": note.number, "call_page": call + 1, "note_page": placed + 1})


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


def _check_hyphenation(qa: PrintQA, texts: list[str]) -> None:
    for page_number, text in enumerate(texts, start=1):
        run = 0
        for line in text.splitlines():
            if line.rstrip().endswith(HYPHEN):
                qa.hyphenated_line_ends += 1
                run += 1
                if run == 3:
                    qa.hyphen_runs_over_2.append({"page": page_number, "line": line.strip()[-30:]})
            else:
                run = 0


def _check_headings(qa: PrintQA, book: Book, destinations: dict) -> None:
    """A heading is stranded when its entry's text begins on a later page."""
    for entry in book.entries():
        heading, text = destinations.get(entry.id), destinations.get(entry_text_id(entry))
        if heading is not None and text is not None and text > heading:
            qa.headings_at_page_foot.append({"entry": entry.heading_text, "id": entry.id, "page": heading + 1})
