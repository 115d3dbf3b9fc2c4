"""Serialise model nodes as XHTML, shared by the EPUB and the print renderers.

Only a note's call differs between outputs (a pop-up link in the EPUB, the
note itself for WeasyPrint's `float: footnote`), so callers pass a function
that renders calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from carnets_press.manuscript.model import Code, Element, Entry, Node, NoteRef, Text

NoteRefRenderer = Callable[[NoteRef], Markup]

_VOID = {"br", "hr", "img"}


def render_nodes(nodes: Iterable[Node], note_ref: NoteRefRenderer) -> Markup:
    return Markup("").join(_render(node, note_ref) for node in nodes)


def _render(node: Node, note_ref: NoteRefRenderer) -> Markup:
    if isinstance(node, (Text, Code)):
        return escape(node.value)
    if isinstance(node, NoteRef):
        return note_ref(node)
    return _element(node, note_ref)


def _element(element: Element, note_ref: NoteRefRenderer) -> Markup:
    tag = element.tag
    attrs = dict(element.attrs)
    if "lang" in attrs:  # XHTML wants both; reading systems read one or the other
        attrs["xml:lang"] = attrs["lang"]
    attributes = Markup("").join(Markup(' {}="{}"').format(key, value) for key, value in sorted(attrs.items()))
    if tag in _VOID:
        return Markup("<{}{}/>").format(tag, attributes)
    inner = render_nodes(element.children, note_ref)
    separator = Markup("\n") if tag in ("blockquote", "ul", "ol") else Markup("")
    return Markup("<{0}{1}>{3}{2}{3}</{0}>").format(tag, attributes, inner, separator)


def render_blocks(blocks: Iterable[Element], note_ref: NoteRefRenderer) -> Markup:
    return Markup("\n").join(_element(block, note_ref) for block in blocks)


def render_entry_heading(entry: Entry, note_ref: NoteRefRenderer) -> Markup:
    """The heading as written, its date part in <time datetime> so machines can read it.

    The date part is everything before the title the date parser found; a heading
    with markup, or without a title, has all of it inside <time>.
    """
    content = render_nodes(entry.heading, note_ref)
    if entry.date is None:
        return content
    time = Markup('<time datetime="{}">{}</time>')
    text = entry.heading_text
    title_start = text.rfind(entry.title) if entry.title else -1
    if title_start > 0 and all(isinstance(node, Text) for node in entry.heading):
        date_part, title_part = text[:title_start].rstrip(), text[title_start:]
        return time.format(entry.date.datetime_attr, date_part) + Markup(' <span class="entry-title">{}</span>').format(title_part)
    return time.format(entry.date.datetime_attr, content)
