"""Serialise model nodes as XHTML, shared by the EPUB and the print renderers.

Only links differ between outputs: a note's call (a pop-up link in the EPUB,
the note itself for WeasyPrint's `float: footnote`) and internal links (the
EPUB is one file per part, the print HTML one document), so callers pass Links.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from carnets_press.languages import has_rtl, language_direction, text_direction
from carnets_press.manuscript.model import (
    Book,
    Code,
    Element,
    Entry,
    LinkTarget,
    Node,
    NoteRef,
    Section,
    Text,
    plain_text,
)


def _in_one_document(target: LinkTarget) -> str:
    return f"#{target.id}"


@dataclass(frozen=True)
class Links:
    """How this output writes a note's call, and an internal link's resolved target (one document: #id)."""

    note_ref: Callable[[NoteRef], Markup]
    target: Callable[[LinkTarget], str] = _in_one_document
    image: Callable[[str], str] = quote  # an image's file name in the manuscript → its URL in the output
    direction: str = "ltr"  # of the text around: an element with a language of the other direction gets `dir`

_VOID = {"br", "hr", "img"}
# Elements that hold blocks only: their children are written one a line (whitespace between blocks is nothing).
_BLOCK_CONTAINERS = {"blockquote", "ul", "ol", "dl", "figure", "table", "thead", "tbody", "tr"}


def render_nodes(nodes: Iterable[Node], links: Links) -> Markup:
    return Markup("").join(_render(node, links) for node in nodes)


def _render(node: Node, links: Links) -> Markup:
    if isinstance(node, (Text, Code)):
        return escape(node.value)
    if isinstance(node, NoteRef):
        return links.note_ref(node)
    return _element(node, links)


def _element(element: Element, links: Links) -> Markup:
    tag = element.tag
    attrs = dict(element.attrs)
    if "lang" in attrs:  # XHTML wants both; reading systems read one or the other
        attrs["xml:lang"] = attrs["lang"]
        direction = text_direction(plain_text(element.children))
        if direction is not None and direction != links.direction and "dir" not in attrs:
            attrs["dir"] = direction  # an element with dir is also isolated from the text around (HTML's bidi rules)
            links = dataclasses.replace(links, direction=direction)
    if tag == "a" and element.target is not None:
        attrs["href"] = links.target(element.target)
    if tag == "img":  # the model has the file's name; the document a URL
        attrs["src"] = links.image(attrs["src"])
    attributes = Markup("").join(Markup(' {}="{}"').format(key, value) for key, value in sorted(attrs.items()))
    if tag in _VOID:
        return Markup("<{}{}/>").format(tag, attributes)
    inner = render_nodes(element.children, links)
    separator = Markup("\n") if tag in _BLOCK_CONTAINERS else Markup("")
    return Markup("<{0}{1}>{3}{2}{3}</{0}>").format(tag, attributes, inner, separator)


def book_direction(book: Book) -> str:
    """The book's writing direction: its language's, when it has right-to-left text at all (both editions)."""
    texts = [book.metadata.full_title] + [visit.node.value for visit in book.walk() if isinstance(visit.node, Text)]
    return language_direction(book.metadata.language) if any(map(has_rtl, texts)) else "ltr"


def section_attributes(section: Section, direction: str = "ltr") -> Markup:
    """What a heading's {lang=…} says of its part or entry, for the section element that holds it (both
    attributes, as for spans, and `dir` when the language is written the other way than the book's, `direction`);
    its classes are the template's to add to its own."""
    if "lang" not in section.attrs:
        return Markup("")
    language = section.attrs["lang"]
    text = Markup(' lang="{0}" xml:lang="{0}"').format(language)
    if (own := language_direction(language)) != direction:
        text += Markup(' dir="{}"').format(own)
    return text


def render_blocks(blocks: Iterable[Element], links: Links) -> Markup:
    return Markup("\n").join(_element(block, links) for block in blocks)


def render_entry_heading(entry: Entry, links: Links) -> Markup:
    """The heading as written, its date in <time datetime> so machines can read it: the place before the date
    ("Marseille,") in its own span, the title after it in another.

    A range ("26–29 July 1661") has the datetime of its first day: HTML's <time> cannot hold an interval, and
    two <time>s would need dates the heading does not write ("26"); the whole range stays in the model
    (`EntryDate.iso`). A heading with markup has all of it inside <time>.
    """
    content = render_nodes(entry.heading, links)
    if entry.date is None:
        return content
    time = Markup('<time datetime="{}">{}</time>')
    if not all(isinstance(node, Text) for node in entry.heading):
        return time.format(entry.date.datetime_attr, content)
    text = entry.heading_text
    title_start = text.rfind(entry.title) if entry.title else -1
    date_end = len(text) if title_start <= 0 else len(text[:title_start].rstrip())
    date_start = 0
    if entry.place and text.startswith(entry.place) and len(entry.place) < date_end:
        date_start = len(entry.place) + len(text[len(entry.place):date_end]) - len(
            text[len(entry.place):date_end].lstrip(", \u00a0"))
    heading = Markup("")
    if date_start:
        heading += Markup('<span class="entry-place">{}</span>{}').format(
            text[:len(entry.place or "")], text[len(entry.place or ""):date_start])
    heading += time.format(entry.date.datetime_attr, text[date_start:date_end])
    if title_start > 0:
        heading += Markup(' <span class="entry-title">{}</span>').format(text[title_start:])
    return heading
