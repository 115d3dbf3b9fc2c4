"""The print edition as one HTML document, for WeasyPrint and styles/print.css.

The same model and serialiser as the EPUB; only notes differ: each note is
placed at its call as a `float: footnote` element (or collected at the end of
the book with `[notes] print = "endnotes"`). Its number is the model's, the
EPUB's, written into data-number for the CSS markers.
"""

from __future__ import annotations

import datetime

from markupsafe import Markup

from carnets_press.manuscript.model import Book, Element, Entry, Note, NoteRef, Part
from carnets_press.render import xhtml
from carnets_press.render.labels import contributor_groups, labels_for
from carnets_press.render.templates import render_template

# Inside a footnote, which sits inside a paragraph, block elements would end
# the paragraph; they become spans that the stylesheet displays as blocks.
_NOTE_BLOCK_TAGS = {"p", "blockquote", "ul", "ol", "li", "pre", "hr", "h3", "h4", "h5", "h6"}


def render_print_html(book: Book, modified: datetime.datetime) -> str:
    meta = book.metadata
    endnotes = meta.print.notes == "endnotes"
    links = xhtml.Links(_endnote_call if endnotes else _footnote)
    return render_template(
        "print_book.html.j2",
        meta=meta, language=meta.language, labels=labels_for(meta.language),
        contributor_groups=contributor_groups(meta.contributors, meta.language),
        identifier=meta.stable_identifier, modified=modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        parts=[_part_view(part, links) for part in book.parts],
        endnote_groups=[_endnote_group(part) for part in book.parts if part.notes()] if endnotes else [],
    )


def _part_view(part: Part, links: xhtml.Links) -> dict:
    return {
        "id": part.id, "role": part.role, "heading_text": part.heading_text,
        "heading": xhtml.render_nodes(part.heading, links),
        "blocks": xhtml.render_blocks(part.blocks, links),
        "entries": [_entry_view(entry, links) for entry in part.entries],
    }


def _entry_view(entry: Entry, links: xhtml.Links) -> dict:
    # The first block carries an id, so the print QA can see whether the text follows its heading on the page.
    blocks = list(entry.blocks)
    if blocks:
        blocks[0] = Element(blocks[0].tag, {**blocks[0].attrs, "id": text_anchor(entry)}, blocks[0].children)
    return {"id": entry.id, "heading": xhtml.render_entry_heading(entry, links),
            "toc_label": entry.heading_text.strip().rstrip(".:").strip(),
            "running_head": _running_head(entry),
            "blocks": xhtml.render_blocks(blocks, links)}


def text_anchor(entry: Entry) -> str:
    return f"{entry.id}-text"


def _running_head(entry: Entry) -> str:
    """Rectos carry the entry's date as the heading gives it, without its title."""
    text = entry.heading_text.strip()
    if entry.title and text.rfind(entry.title) > 0:
        text = text[: text.rfind(entry.title)]
    return text.strip().rstrip(".:,").strip()


def _footnote(ref: NoteRef) -> Markup:
    """The call's anchor, then the note itself, which WeasyPrint floats to the foot of the page."""
    number = ref.note.number
    return Markup('<a class="call-anchor" id="call-{0}"></a><span class="footnote" id="note-{0}" data-number="{0}">'
                  '<span class="note-number">{0}.</span>{1}</span>').format(number, _note_content(ref.note))


def _endnote_call(ref: NoteRef) -> Markup:
    return Markup('<a class="endnote-call" id="call-{0}" href="#note-{0}">{0}</a>').format(ref.note.number)


def _note_content(note: Note) -> Markup:
    return Markup("").join(xhtml.render_nodes([_as_inline(block)], _FOOTNOTE_LINKS) for block in note.blocks)


_FOOTNOTE_LINKS = xhtml.Links(_footnote)
_ENDNOTE_LINKS = xhtml.Links(_endnote_call)


def _as_inline(element: Element) -> Element:
    if element.tag not in _NOTE_BLOCK_TAGS:
        return element
    children = [_as_inline(child) if isinstance(child, Element) else child for child in element.children]
    return Element("span", {**element.attrs, "class": f"note-{element.tag}"}, children)


def _endnote_group(part: Part) -> dict:
    return {"id": part.id, "heading": part.heading_text,
            "notes": [{"number": note.number, "content": xhtml.render_blocks(note.blocks, _ENDNOTE_LINKS)}
                      for note in part.notes()]}
