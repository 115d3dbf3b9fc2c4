"""Pandoc's JSON AST and our book model, each reduced to the same small tree so that they can be compared.

A normalised node is a `str` (text) or a `Node(kind, attrs, children)`. What is compared: block kinds and their
nesting, inline kinds, text with its whitespace collapsed (typographic quotes as the characters they are),
attributes (id, classes, key=value), link targets and image sources, and each note's number and text where it is
called. What is representation only and dropped: Pandoc's Space and SoftBreak (a space, as ours), the order of
classes, Pandoc's own identifiers on headings (the caller says which ids were written), the `uri`/`email` classes
Pandoc gives autolinks, the delimiter of an ordered list (`1.` or `1)`), a table's alignments and column widths,
which of emphasis and strong is outside when both wrap the same text (`***a***`), our `section-break` class on
`* * *`, and the `div class="html"` our reader wraps raw HTML in. A tight list's text (plain) and a loose one's
(para) are told apart: they are printed differently.

Our model is read as the renderers read it, with HTML's names: a line block is an element of class `line-block`
whose lines are its child elements or its text between `<br>`s; a figure is `figure` with an `img` and a
`figcaption`; an ordered list's style is its `type` (1, a, A, i, I) or a class such as `lower-roman`; a code
block's language is a class of its `code` (`python` or `language-python`).

Kinds: para, plain (text not in a paragraph: a tight list item's, a cell's), heading, blockquote, bullet_list,
ordered_list, item, definition_list, term, definition, code_block, rule, table, head, body, foot, row, cell,
caption, line_block, line, div, figure, raw; emph, strong, strikeout, superscript, subscript, span, link, image,
code, br, note, math, cite; any other element of our model (raw HTML kept as an element: b, abbr…) keeps its tag.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from carnets_press.manuscript.model import Book, Code, Element, NoteRef, Part, Section, Text


@dataclass(frozen=True)
class Node:
    kind: str
    attrs: tuple[tuple[str, str], ...] = ()
    children: tuple[Node | str, ...] = ()


Tree = tuple[Node | str, ...]
Blocks = tuple[Node, ...]

_WHITESPACE = re.compile(r"[ \t\r\n]+")  # not \s: a no-break space is text


def node(kind: str, children: Iterable[Node | str] = (), attrs: dict[str, str] | None = None, **more: str) -> Node:
    """A node; attributes with no value are left out, the others sorted by name."""
    found = {**(attrs or {}), **more}
    children = tuple(children)
    # ***a*** is emphasis in strong to Pandoc, strong in emphasis to markdown-it: one thing, written one way.
    if kind == "emph" and len(children) == 1 and isinstance(children[0], Node) and children[0].kind == "strong":
        return Node("strong", children[0].attrs, (Node("emph", (), children[0].children),))
    return Node(kind, tuple(sorted((key, value) for key, value in found.items() if value)), children)


def plain(tree: Iterable[Node | str]) -> str:
    """The text of a tree, whitespace collapsed: an image's alt text."""
    text = "".join(item if isinstance(item, str) else plain(item.children) for item in tree)
    return _WHITESPACE.sub(" ", text).strip(" ")


def attributes(identifier: str, classes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Pandoc's (id, classes, key-values) and ours alike; classes sorted, their order is not meaningful."""
    found = {key: value for key, value in pairs if key not in ("id", "class")}
    found["id"] = identifier
    found["class"] = " ".join(sorted(set(classes)))
    return found


def inlines(items: Iterable[Node | str], block: bool = False) -> Tree:
    """Adjacent text merged, whitespace collapsed; trimmed at the edges of a block and around line breaks."""
    merged: list[Node | str] = []
    for item in items:
        if isinstance(item, str):
            if merged and isinstance(merged[-1], str):
                merged[-1] += item
            else:
                merged.append(item)
        else:
            merged.append(item)
    result: list[Node | str] = []
    for index, item in enumerate(merged):
        if isinstance(item, str):
            item = _WHITESPACE.sub(" ", item)
            before = merged[index - 1] if index else None
            after = merged[index + 1] if index + 1 < len(merged) else None
            if (block and before is None) or (isinstance(before, Node) and before.kind == "br"):
                item = item.lstrip(" ")
            if (block and after is None) or (isinstance(after, Node) and after.kind == "br"):
                item = item.rstrip(" ")
            if not item:
                continue
        result.append(item)
    return tuple(result)


def render(tree: Iterable[Node | str], depth: int = 0) -> list[str]:
    """One line per node, indented by depth: the form the report shows and diffs."""
    lines = []
    for item in tree:
        if isinstance(item, str):
            text = json.dumps(item, ensure_ascii=False)
            for char in "\u00a0\u202f\u2009\u200b":  # spaces one cannot see
                text = text.replace(char, f"\\u{ord(char):04x}")
            lines.append("  " * depth + text)
        else:
            shown = " ".join(f"{key}={json.dumps(value, ensure_ascii=False)}" for key, value in item.attrs)
            lines.append("  " * depth + item.kind + (f" {shown}" if shown else ""))
            lines.extend(render(item.children, depth + 1))
    return lines


# Pandoc ----------------------------------------------------------------------------------------------------------

_LIST_STYLES = {"Decimal": "1", "DefaultStyle": "1", "Example": "1", "LowerAlpha": "a", "UpperAlpha": "A",
                "LowerRoman": "i", "UpperRoman": "I"}
_PANDOC_SIMPLE = {"Emph": "emph", "Strong": "strong", "Strikeout": "strikeout", "Superscript": "superscript",
                  "Subscript": "subscript"}
# Pandoc turns these span classes into nodes of their own; ours stay spans.
_PANDOC_SPAN_CLASSES = {"SmallCaps": "smallcaps", "Underline": "underline"}
_QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}
_AUTOLINK_CLASSES = {"uri", "email"}


def header_ids(value: Any) -> Iterator[str]:
    """The id of every Header of a Pandoc AST, in document order."""
    if isinstance(value, dict):
        if value.get("t") == "Header":
            yield value["c"][1][0]
        for item in value.values():
            yield from header_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from header_ids(item)


class FromPandoc:
    """Pandoc's JSON (`pandoc -t json`) normalised. `written_ids`: for each Header in document order, the id the
    author wrote, or "" (the id Pandoc made from the text is dropped)."""

    def __init__(self, written_ids: list[str]):
        self.written_ids = iter(written_ids)
        self.notes = 0

    def document(self, ast: dict) -> Blocks:
        return self.blocks(ast["blocks"])

    def blocks(self, blocks: list[dict]) -> Blocks:
        return tuple(result for block in blocks if (result := self.block(block)) is not None)

    def block(self, block: dict) -> Node | None:
        kind: str = block["t"]
        c: Any = block.get("c")  # its content, whose shape depends on its kind
        if kind == "Para":
            return node("para", inlines(self.inlines(c), block=True))
        if kind == "Plain":
            return node("plain", inlines(self.inlines(c), block=True))
        if kind == "Header":
            level, attr, content = c
            written = next(self.written_ids, None)
            if written is None:
                raise ValueError("more headers than the reading without auto_identifiers had")
            return node("heading", inlines(self.inlines(content), block=True), level=str(level),
                        attrs=self.attrs([written, *attr[1:]]))
        if kind == "BlockQuote":
            return node("blockquote", self.blocks(c))
        if kind == "BulletList":
            return node("bullet_list", [node("item", self.blocks(item)) for item in c])
        if kind == "OrderedList":
            (start, style, _delimiter), items = c
            return node("ordered_list", [node("item", self.blocks(item)) for item in items],
                        start=str(start), style=_LIST_STYLES[style["t"]])
        if kind == "DefinitionList":
            children: list[Node] = []
            for term, definitions in c:
                children.append(node("term", inlines(self.inlines(term), block=True)))
                children.extend(node("definition", self.blocks(definition)) for definition in definitions)
            return node("definition_list", children)
        if kind == "CodeBlock":
            attr, text = c
            return node("code_block", [text.rstrip("\n")], self.attrs(attr))
        if kind == "RawBlock":
            return node("raw", [c[1]], format=c[0])
        if kind == "HorizontalRule":
            return node("rule")
        if kind == "LineBlock":
            return node("line_block", [node("line", inlines(self.inlines(line), block=True)) for line in c])
        if kind == "Div":
            attr, content = c
            return node("div", self.blocks(content), self.attrs(attr))
        if kind == "Figure":
            attr, caption, content = c
            return node("figure", [*self.caption(caption), *self.blocks(content)], self.attrs(attr))
        if kind == "Table":
            return self.table(c)
        if kind == "Null":
            return None
        raise ValueError(f"a Pandoc block this normaliser does not know: {kind}")

    def caption(self, caption: list) -> Blocks:
        _short, blocks = caption
        return (node("caption", self.blocks(blocks)),) if blocks else ()

    def table(self, c: list) -> Node:
        attr, caption, _columns, head, bodies, foot = c
        sections = [*self.caption(caption)]
        head_rows = self.rows(head[1])
        body_rows = [row for body in bodies for row in self.rows(body[2]) + self.rows(body[3])]
        foot_rows = self.rows(foot[1])
        for kind, rows in (("head", head_rows), ("body", body_rows), ("foot", foot_rows)):
            if rows:
                sections.append(node(kind, rows))
        return node("table", sections, self.attrs(attr))

    def rows(self, rows: list) -> list[Node]:
        result = []
        for _attr, cells in rows:
            result.append(node("row", [
                node("cell", self.blocks(blocks), rowspan=str(rowspan) if rowspan > 1 else "",
                     colspan=str(colspan) if colspan > 1 else "")
                for _cell_attr, _align, rowspan, colspan, blocks in cells]))
        return result

    def attrs(self, attr: list) -> dict[str, str]:
        identifier, classes, pairs = attr
        return attributes(identifier, classes, pairs)

    def inlines(self, items: list[dict]) -> list[Node | str]:
        result: list[Node | str] = []
        for item in items:
            result.extend(self.inline(item))
        return result

    def inline(self, item: dict) -> list[Node | str]:
        kind: str = item["t"]
        c: Any = item.get("c")
        if kind == "Str":
            return [c]
        if kind in ("Space", "SoftBreak"):
            return [" "]
        if kind == "LineBreak":
            return [node("br")]
        if kind in _PANDOC_SIMPLE:
            return [node(_PANDOC_SIMPLE[kind], inlines(self.inlines(c)))]
        if kind in _PANDOC_SPAN_CLASSES:
            return [node("span", inlines(self.inlines(c)), {"class": _PANDOC_SPAN_CLASSES[kind]})]
        if kind == "Quoted":
            opening, closing = _QUOTES[c[0]["t"]]
            return [opening, *self.inlines(c[1]), closing]
        if kind == "Span":
            attr, content = c
            children = inlines(self.inlines(content))
            found = self.attrs(attr)
            # [x]{.smallcaps lang=fr} is Span lang=fr [SmallCaps x] to Pandoc, one span to us.
            if len(children) == 1 and isinstance(children[0], Node) and children[0].kind == "span" and (
                    content[0]["t"] in _PANDOC_SPAN_CLASSES):
                inner = dict(children[0].attrs)
                found["class"] = " ".join(sorted({*found["class"].split(), *inner["class"].split()}))
                children = children[0].children
            return [node("span", children, found)]
        if kind == "Link":
            attr, content, (url, title) = c
            found = self.attrs([attr[0], [name for name in attr[1] if name not in _AUTOLINK_CLASSES], attr[2]])
            return [node("link", inlines(self.inlines(content)), found, url=unquote(url), title=title)]
        if kind == "Image":
            attr, content, (url, title) = c
            alt = plain(self.inlines(content))
            return [node("image", (), self.attrs(attr), src=unquote(url), title=title, alt=alt)]
        if kind == "Code":
            attr, text = c
            return [node("code", [text], self.attrs(attr))]
        if kind == "Math":
            return [node("math", [c[1]], type=c[0]["t"])]
        if kind == "RawInline":
            return [node("raw", [c[1]], format=c[0])]
        if kind == "Cite":
            return [node("cite", inlines(self.inlines(c[1])))]
        if kind == "Note":
            self.notes += 1
            number = str(self.notes)  # before its text: a note inside it comes after it
            return [node("note", self.blocks(c), n=number)]
        raise ValueError(f"a Pandoc inline this normaliser does not know: {kind}")


# Ours ------------------------------------------------------------------------------------------------------------

_OUR_SIMPLE = {"em": "emph", "strong": "strong", "s": "strikeout", "del": "strikeout", "sup": "superscript",
               "sub": "subscript", "br": "br", "hr": "rule"}
_BLOCK_TAGS = {"p", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "pre", "hr", "div", "figure", "figcaption",
               "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "section", "aside",
               "h1", "h2", "h3", "h4", "h5", "h6"}
_LIST_STYLE_CLASSES = {"decimal": "1", "lower-alpha": "a", "upper-alpha": "A", "lower-roman": "i",
                       "upper-roman": "I"}
_TABLE_SECTIONS = {"thead": "head", "tbody": "body", "tfoot": "foot"}


def is_our_auto_id(section: Section) -> bool:
    """The reader names a section it was not given an id for `part-…` or `entry-…` (reader._assign_ids)."""
    return re.fullmatch(r"(part|entry)-.+", section.id) is not None


class FromOurs:
    """Our book, after `load` (typography and note numbering done), as one flat list of blocks like Pandoc's:
    each part's heading and text, then each of its entries' heading and text."""

    def document(self, book: Book) -> Blocks:
        blocks: list[Node] = []
        for part in book.parts:
            for section in part.sections():
                blocks.append(self.heading(section))
                blocks.extend(self.blocks(section.blocks))
        return tuple(blocks)

    def heading(self, section: Section) -> Node:
        level = "1" if isinstance(section, Part) else "2"
        attrs = dict(section.attrs)
        classes = attrs.pop("class", "").split()
        if isinstance(section, Part) and section.role:
            classes.append(section.role)
        identifier = "" if is_our_auto_id(section) else section.id
        return node("heading", inlines(self.inlines(section.heading), block=True), level=level,
                    attrs=attributes(identifier, classes, attrs.items()))

    def blocks(self, children: Iterable[Any]) -> Blocks:
        """Block content; a run of inlines in it (a tight item's text, a cell's) is one `plain` block."""
        result: list[Node] = []
        run: list[Any] = []
        for child in [*children, None]:
            if child is not None and not (isinstance(child, Element) and child.tag in _BLOCK_TAGS):
                run.append(child)
                continue
            content = inlines(self.inlines(run), block=True)
            if content:
                result.append(node("plain", content))
            run = []
            if child is not None:
                result.extend(self.block(child))
        return tuple(result)

    def block(self, element: Element) -> list[Node]:
        tag, children = element.tag, element.children
        attrs = self.attrs(element)
        classes = attrs["class"].split()
        if tag == "div" and classes == ["html"]:  # the reader's wrapper of raw HTML
            return list(self.blocks(children))
        if "line-block" in classes:
            attrs["class"] = " ".join(name for name in classes if name != "line-block")
            return [node("line_block", self.lines(children), attrs)]
        if tag == "p":
            return [node("para", inlines(self.inlines(children), block=True), attrs)]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return [node("heading", inlines(self.inlines(children), block=True), attrs, level=tag[1])]
        if tag == "blockquote":
            return [node("blockquote", self.blocks(children), attrs)]
        if tag == "ul":
            return [node("bullet_list", self.items(children), attrs)]
        if tag == "ol":
            start = attrs.pop("start", "") or "1"
            style = attrs.pop("type", "") or next(
                (_LIST_STYLE_CLASSES[name] for name in classes if name in _LIST_STYLE_CLASSES), "1")
            attrs["class"] = " ".join(name for name in classes if name not in _LIST_STYLE_CLASSES)
            return [node("ordered_list", self.items(children), attrs, start=start, style=style)]
        if tag == "dl":
            return [node("definition_list", self.definitions(children), attrs)]
        if tag == "pre":
            return [self.code_block(element)]
        if tag == "hr":
            return [node("rule")]  # our class section-break is how we print it
        if tag == "figure":
            captions = [child for child in children if isinstance(child, Element) and child.tag == "figcaption"]
            rest = [child for child in children if child not in captions]
            caption = [node("caption", self.blocks(captions[0].children))] if captions else []
            return [node("figure", [*caption, *self.blocks(rest)], attrs)]
        if tag == "table":
            return [self.table(element, attrs)]
        if tag in ("div", "section", "aside"):
            return [node("div" if tag == "div" else tag, self.blocks(children), attrs)]
        return [node(tag, self.blocks(children), attrs)]

    def items(self, children: list[Any]) -> list[Node]:
        return [node("item", self.blocks(child.children)) for child in children
                if isinstance(child, Element) and child.tag == "li"]

    def definitions(self, children: list[Any]) -> list[Node]:
        result = []
        for child in children:
            if isinstance(child, Element) and child.tag == "dt":
                result.append(node("term", inlines(self.inlines(child.children), block=True)))
            elif isinstance(child, Element) and child.tag == "dd":
                result.append(node("definition", self.blocks(child.children)))
        return result

    def lines(self, children: list[Any]) -> list[Node]:
        """A line block's lines: its child elements, one a line, or its inlines split at each line break."""
        if all(isinstance(child, Element) and child.tag in _BLOCK_TAGS | {"span"} for child in children):
            return [node("line", inlines(self.inlines(child.children), block=True)) for child in children]
        lines: list[list[Any]] = [[]]
        for child in children:
            if isinstance(child, Element) and child.tag == "br":
                lines.append([])
            else:
                lines[-1].append(child)
        return [node("line", inlines(self.inlines(line), block=True)) for line in lines]

    def code_block(self, element: Element) -> Node:
        code = next((child for child in element.children if isinstance(child, Element) and child.tag == "code"),
                    element)
        attrs = self.attrs(code)
        attrs["class"] = " ".join(sorted(name.removeprefix("language-") for name in attrs["class"].split()))
        text = "".join(child.value for child in code.children if isinstance(child, (Text, Code)))
        return node("code_block", [text.rstrip("\n")], attrs)

    def table(self, element: Element, attrs: dict[str, str]) -> Node:
        sections: list[Node] = []
        loose_rows: list[Node] = []
        for child in element.children:
            if not isinstance(child, Element):
                continue
            if child.tag == "caption":
                sections.append(node("caption", self.blocks(child.children)))
            elif child.tag in _TABLE_SECTIONS:
                rows = self.rows(child.children)
                if rows:
                    sections.append(node(_TABLE_SECTIONS[child.tag], rows))
            elif child.tag == "tr":
                loose_rows.extend(self.rows([child]))
        if loose_rows:
            sections.append(node("body", loose_rows))
        return node("table", sections, attrs)

    def rows(self, children: list[Any]) -> list[Node]:
        rows = []
        for row in children:
            if isinstance(row, Element) and row.tag == "tr":
                rows.append(node("row", [  # a cell's alignment (its class or style) is layout
                    node("cell", self.blocks(cell.children),
                         rowspan=cell.attrs.get("rowspan", "") if cell.attrs.get("rowspan", "1") != "1" else "",
                         colspan=cell.attrs.get("colspan", "") if cell.attrs.get("colspan", "1") != "1" else "")
                    for cell in row.children if isinstance(cell, Element) and cell.tag in ("th", "td")]))
        return rows

    def attrs(self, element: Element) -> dict[str, str]:
        found = dict(element.attrs)
        return attributes(found.pop("id", ""), found.pop("class", "").split(), found.items())

    def inlines(self, children: Iterable[Any]) -> list[Node | str]:
        result: list[Node | str] = []
        for child in children:
            result.extend(self.inline(child))
        return result

    def inline(self, child: Any) -> list[Node | str]:
        if isinstance(child, (Text, Code)):
            return [child.value]
        if isinstance(child, NoteRef):
            return [node("note", self.blocks(child.note.blocks), n=str(child.note.number))]
        tag = child.tag
        attrs = self.attrs(child)
        if tag == "a":
            url = attrs.pop("href", "")
            return [node("link", inlines(self.inlines(child.children)), attrs, url=unquote(url))]
        if tag == "img":
            src = unquote(attrs.pop("src", ""))
            attrs["alt"] = plain([attrs.get("alt", "")])
            return [node("image", (), attrs, src=src)]
        if tag == "code":
            return [node("code", ["".join(c.value for c in child.children if isinstance(c, (Text, Code)))], attrs)]
        if tag in _BLOCK_TAGS:  # a block where inlines are expected (raw HTML can do it)
            return list(self.block(child))
        return [node(_OUR_SIMPLE.get(tag, tag), inlines(self.inlines(child.children)), attrs)]
