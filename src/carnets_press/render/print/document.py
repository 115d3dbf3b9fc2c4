"""The print edition as HTML, for WeasyPrint and styles/print.css, handed over in its pieces.

The same model and serialiser as the EPUB; only notes differ: each note is placed at its call as a
`float: footnote` element (or collected at the end of the book with `[notes] print = "endnotes"`). Its number
is the model's, the EPUB's, written into data-number for the CSS markers.

The document is made of pieces (templates/print_book.html.j2, one macro each): the head, the front matter
with the contents, one section per part, the back matter (the endnotes) and the tail. `document()` is all of
them in order, for a one-pass layout; the chunked layout takes them one by one, with the contents' targets as
data, so nothing has to parse the HTML back.

Print sets its own copy of the book's text: no line may begin with a closed em dash or a spaced ellipsis
(transform/typography.py's `hold_line_breaks`), and a paragraph's last word and names are kept whole
(hyphenation.py). The EPUB's text stays as it is.

The ids the print QA reads back from the PDF (a note's call and the note, an entry's first block) are
carnets_press.anchors'.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from carnets_press.anchors import call_id, entry_text_id, note_id
from carnets_press.manuscript.model import Book, Element, Entry, Node, Note, NoteRef, Part, Text
from carnets_press.render import xhtml
from carnets_press.render.labels import contributor_groups, labels_for
from carnets_press.render.print.hyphenation import keep_words_whole
from carnets_press.render.templates import environment
from carnets_press.transform.typography import hold_line_breaks

# Inside a footnote, which sits inside a paragraph, block elements would end the paragraph (and the rest of
# the note would be set in the main column): every block the model can hold, from Markdown or raw HTML, becomes
# a span of class note-<tag> that the stylesheet displays as that block (a table as a table).
_NOTE_BLOCK_TAGS = {"p", "blockquote", "ul", "ol", "li", "pre", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div",
                    "section", "aside", "dl", "dt", "dd", "figure", "figcaption", "table", "caption", "thead",
                    "tbody", "tfoot", "tr", "th", "td"}


@dataclass(frozen=True)
class ContentsLine:
    """A line of the contents: a part (with its entries' lines), an entry, or the endnotes."""

    kind: str  # "part", "entry" or "notes"
    target: str  # the id it links to
    label: str
    entries: tuple[ContentsLine, ...] = ()


@dataclass(frozen=True)
class PrintHTML:
    """The print HTML of a book, in pieces. `parts` are the book's parts in order, one <section> each."""

    title: str  # the running head of versos (string-set by the title page)
    contents: tuple[ContentsLine, ...]
    parts: tuple[str, ...]
    back: str  # the endnotes section, or only the blank line before the tail
    tail: str
    _template: Any = field(repr=False, compare=False)  # the template's module: its macros render the rest

    def head(self, dated: bool = True) -> str:
        """Up to and with <body>. Undated, without the book's created and modified dates (PDF metadata)."""
        return str(self._template.head(dated))

    def front(self, pages: dict[str, int] | None = None) -> str:
        """The half-title, title page, credits and contents; with `pages`, the contents' page numbers written in
        (data-page, for `attr()` instead of `target-counter()`), every target's page given."""
        return str(self._template.front(pages))

    def contents_targets(self) -> list[str]:
        """Every id the contents links to, in order."""
        return [target for line in self.contents for target in (line.target, *(entry.target for entry in line.entries))]

    def document(self) -> str:
        return self.head() + self.front() + "".join(self.parts) + self.back + self.tail


def print_html(book: Book, modified: datetime.datetime) -> PrintHTML:
    book = _print_text(book)
    meta = book.metadata
    endnotes = meta.print.notes == "endnotes"
    direction = xhtml.book_direction(book)
    links = xhtml.Links(_endnote_call if endnotes else _footnote, direction=direction)
    labels = labels_for(meta.language)
    parts = [_part_view(part, links) for part in book.parts]
    endnote_groups = [_endnote_group(part) for part in book.parts if part.notes()] if endnotes else []
    contents = tuple(ContentsLine("part", part["id"], part["heading_text"],
                                  tuple(ContentsLine("entry", entry["id"], entry["toc_label"])
                                        for entry in part["entries"]))
                     for part in parts)
    if endnote_groups:
        contents += (ContentsLine("notes", "endnotes", labels["notes"]),)
    template: Any = environment().get_template("print_book.html.j2").make_module({
        "meta": meta, "language": meta.language, "direction": direction, "labels": labels,
        "contributor_groups": contributor_groups(meta.contributors, meta.language),
        "identifier": meta.stable_identifier, "modified": modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "contents": contents, "endnote_groups": endnote_groups,
    })
    return PrintHTML(title=meta.title.strip(), contents=contents,
                     parts=tuple(str(template.part_section(part)) for part in parts),
                     back=str(template.back()), tail=str(template.tail()), _template=template)


def _print_text(book: Book) -> Book:
    """The book with its parts copied (a build renders the EPUB from the same model), their text set for print."""
    printed = dataclasses.replace(book, parts=copy.deepcopy(book.parts))
    hold_line_breaks(printed)
    keep_words_whole(printed, names=book.metadata.print.hyphenate_names)
    return printed


def _part_view(part: Part, links: xhtml.Links) -> dict:
    return {
        # The template writes the role into the section's class: the heading's other classes go with it.
        "id": part.id, "role": " ".join(filter(None, [part.role, part.attrs.get("class")])) or None,
        "heading_text": part.heading_text, "lang": part.attrs.get("lang", ""),
        "heading": xhtml.render_nodes(part.heading, links),
        "blocks": xhtml.render_blocks(part.blocks, links),
        "entries": [_entry_view(entry, links) for entry in part.entries],
    }


def _entry_view(entry: Entry, links: xhtml.Links) -> dict:
    # The first block carries an id, so the print QA can see whether the text follows its heading on the page.
    blocks = list(entry.blocks)
    if blocks:
        blocks[0] = Element(blocks[0].tag, {**blocks[0].attrs, "id": entry_text_id(entry)}, blocks[0].children)
    return {"id": entry.id, "classes": entry.attrs.get("class", ""), "lang": entry.attrs.get("lang", ""),
            "heading": xhtml.render_entry_heading(entry, links),
            "toc_label": entry.heading_text.strip().rstrip(".:").strip(),
            "running_head": _running_head(entry),
            "blocks": xhtml.render_blocks(blocks, links)}


def _running_head(entry: Entry) -> str:
    """Rectos carry the entry's date as the heading gives it, without its title."""
    text = entry.heading_text.strip()
    if entry.title and text.rfind(entry.title) > 0:
        text = text[: text.rfind(entry.title)]
    return text.strip().rstrip(".:,").strip()


def _footnote(ref: NoteRef) -> Markup:
    """The call's anchor, then the note itself, which WeasyPrint floats to the foot of the page."""
    note = ref.note
    return Markup('<a class="call-anchor" id="{call}"></a><span class="footnote" id="{id}" data-number="{number}">'
                  '<span class="note-number">{number}.</span>{content}</span>').format(
        call=call_id(note), id=note_id(note), number=note.number, content=_note_content(note))


def _endnote_call(ref: NoteRef) -> Markup:
    note = ref.note
    return Markup('<a class="endnote-call" id="{call}" href="#{id}">{number}</a>').format(
        call=call_id(note), id=note_id(note), number=note.number)


def _note_content(note: Note) -> Markup:
    return Markup("").join(xhtml.render_nodes([_as_inline(block)], _FOOTNOTE_LINKS) for block in note.blocks)


_FOOTNOTE_LINKS = xhtml.Links(_footnote)
_ENDNOTE_LINKS = xhtml.Links(_endnote_call)


def _as_inline(element: Element) -> Element:
    children = [_as_inline(child) if isinstance(child, Element) else child for child in element.children]
    if element.tag in ("ol", "ul"):  # a list's markers are written out: spans have no list-item counter
        children = _with_markers(element, children)
    if element.tag not in _NOTE_BLOCK_TAGS:
        unchanged = all(new is old for new, old in zip(children, element.children, strict=True))
        return element if unchanged else dataclasses.replace(element, children=children)
    classes = " ".join(filter(None, [f"note-{element.tag}", element.attrs.get("class")]))
    return Element("span", {**element.attrs, "class": classes}, children)


def _with_markers(element: Element, items: list[Node]) -> list[Node]:
    style = element.attrs.get("type", "1") if element.tag == "ol" else None
    number = int(element.attrs.get("start", "1")) if element.attrs.get("start", "1").isdigit() else 1
    marked: list[Node] = []
    for item in items:
        if isinstance(item, Element) and item.attrs.get("class", "").startswith("note-li"):
            marker = "\u2022" if style is None else f"{_list_number(number, style)}."
            item = dataclasses.replace(item, children=[Element("span", {"class": "note-marker"}, [Text(marker)]),
                                                       *item.children])
            number += 1
        marked.append(item)
    return marked


def _list_number(number: int, style: str) -> str:
    if style in ("a", "A") and number >= 1:
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if style == "a" else letters.upper()
    if style in ("i", "I") and 0 < number < 4000:
        numerals = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                               (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, number = divmod(number, value)
            numerals += numeral * count
        return numerals if style == "i" else numerals.upper()
    return str(number)


def _endnote_group(part: Part) -> dict:
    return {"id": part.id, "heading": part.heading_text,
            "notes": [{"number": note.number, "id": note_id(note), "call": call_id(note),
                       "content": xhtml.render_blocks(note.blocks, _ENDNOTE_LINKS)}
                      for note in part.notes()]}
