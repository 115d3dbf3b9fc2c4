"""Raw HTML in a manuscript, reduced to a safe list of elements and attributes.

A manuscript from an outside contributor must not put script into an EPUB.
HTML is read with the standard library's parser; what is allowed becomes
ordinary model elements, anything else is removed (and reported) or, with
`unsafe-html = "refuse"`, refused as an error. Comments are dropped silently:
they are the editor's notes (and carry `check` suppressions).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from carnets_press.manuscript.model import Element, Node, Text

INLINE_ELEMENTS = {"span", "em", "strong", "i", "b", "cite", "q", "abbr", "sup", "sub", "small", "s", "u",
                   "mark", "br", "code", "a", "time", "bdi", "bdo", "dfn", "var", "wbr"}
BLOCK_ELEMENTS = INLINE_ELEMENTS | {"div", "p", "blockquote", "figure", "figcaption", "hr", "ul", "ol", "li",
                                    "dl", "dt", "dd", "section", "aside", "h3", "h4", "h5", "h6", "pre"}
ATTRIBUTES = {"lang", "class", "title", "id", "dir", "datetime", "cite", "start"}
LINK_SCHEMES = ("http://", "https://", "mailto:", "#")
VOID_ELEMENTS = {"br", "hr", "wbr"}
# Elements whose content is code or a form, not text: removed with everything inside them.
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template", "textarea",
                         "select", "svg", "math", "frameset", "frame", "head", "title"}


@dataclass
class Removal:
    """Something unsafe taken out of the HTML: an element, or an attribute of one."""

    what: str


@dataclass
class HtmlReading:
    nodes: list[Node] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)


class _Builder(HTMLParser):
    def __init__(self, allowed: set[str], root: Element, reading: HtmlReading):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.stack = [root]
        self.reading = reading
        self.skipping = 0
        self.skipped_tag: str | None = None

    def handle_starttag(self, tag, attrs):
        if self.skipping or tag in _DROPPED_WITH_CONTENT:
            self.skipping += tag not in VOID_ELEMENTS
            if self.skipping == 1:
                self.reading.removed.append(Removal(f"<{tag}>"))
                self.skipped_tag = tag
            return
        if tag not in self.allowed:
            self.reading.removed.append(Removal(f"<{tag}>"))  # unwrapped: its text stays
            return
        element = Element(tag, self._safe_attributes(tag, attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and not self.skipping and tag in self.allowed and len(self.stack) > 1:
            self.stack.pop()

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= tag in _DROPPED_WITH_CONTENT or self.skipping > 1
            return
        if len(self.stack) > 1 and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_data(self, data):
        if not self.skipping and data:
            self.stack[-1].children.append(Text(data))

    def _safe_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        safe = {}
        for name, value in attrs:
            value = value or ""
            if name == "href" and tag == "a" and value.strip().lower().startswith(LINK_SCHEMES):
                safe[name] = value
            elif name in ATTRIBUTES:
                safe[name] = value
            else:
                self.reading.removed.append(Removal(f'{name}="{value[:30]}" on <{tag}>'))
        return safe


class InlineHtml:
    """Inline HTML arrives tag by tag between text tokens: open elements stay open until their end tag."""

    def __init__(self, reading: HtmlReading):
        self.reading = reading
        self.opened: list[Element] = []
        self.skipping: str | None = None  # inside <script>…</script>: the text between is dropped too

    def tag(self, fragment: str, stack: list[Element]) -> None:
        """Apply one inline HTML token to the stack of open elements."""
        closing = re.match(r"</\s*([A-Za-z][A-Za-z0-9]*)", fragment)
        if self.skipping:
            if closing and closing.group(1).lower() == self.skipping:
                self.skipping = None
            return
        if closing:
            if self.opened and stack[-1] is self.opened[-1] and stack[-1].tag == closing.group(1).lower():
                stack.pop()
                self.opened.pop()
            return
        root = Element("root")
        builder = _Builder(INLINE_ELEMENTS, root, self.reading)
        builder.feed(fragment)
        builder.close()
        stack[-1].children.extend(root.children)
        if builder.skipped_tag:
            self.skipping = builder.skipped_tag
        elif len(builder.stack) > 1:
            stack.append(builder.stack[1])
            self.opened.append(builder.stack[1])


class BlockHtml:
    """Raw HTML blocks read as one: an element the first leaves open (`<div lang="fr">`) holds the Markdown
    blocks that come before the one that closes it (`</div>`), as Pandoc's markdown_in_html_blocks reads them."""

    def __init__(self) -> None:
        self.reading = HtmlReading()
        self.root = Element("root")
        self.builder = _Builder(BLOCK_ELEMENTS, self.root, self.reading)

    def feed(self, fragment: str) -> None:
        self.builder.feed(fragment)

    def open_tags(self) -> list[str]:
        """The elements still open, outermost first."""
        return [element.tag for element in self.builder.stack[1:]]

    def append(self, block: Element) -> None:
        """A block read from Markdown, inside the innermost open element (the line ends around it dropped)."""
        children = self.builder.stack[-1].children
        while children and isinstance(children[-1], Text) and not children[-1].value.strip():
            children.pop()
        children.append(block)

    def finish(self) -> HtmlReading:
        self.builder.close()
        self.reading.nodes = [node for node in self.root.children
                              if not (isinstance(node, Text) and not node.value.strip())]
        return self.reading


def read_block_html(fragment: str) -> HtmlReading:
    html = BlockHtml()
    html.feed(fragment)
    return html.finish()
