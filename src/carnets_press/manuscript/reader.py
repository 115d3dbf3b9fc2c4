"""Read a manuscript directory into a `Book`: book.toml, then each Markdown file in order."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

from markdown_it.token import Token

from carnets_press.anchors import entry_text_id, is_reserved
from carnets_press.codes import finding
from carnets_press.errors import Location, ManuscriptError
from carnets_press.findings import Finding
from carnets_press.manuscript import dates
from carnets_press.manuscript.attributes import parse_attributes
from carnets_press.manuscript.files import ManuscriptFiles
from carnets_press.manuscript.images import image_problem
from carnets_press.manuscript.markdown import parser
from carnets_press.manuscript.metadata import BOOK_FILE, Metadata, load_metadata
from carnets_press.manuscript.model import (
    PART_ROLES,
    Book,
    Code,
    Element,
    Entry,
    Node,
    Note,
    NoteRef,
    Part,
    Section,
    Text,
    plain_text,
    walk,
)
from carnets_press.manuscript.raw_html import BlockHtml, HtmlReading, InlineHtml, read_block_html
from carnets_press.manuscript.styles import read_custom_styles

# WeasyPrint sets a paragraph in time that grows with its length (about 16 s for 400,000 characters here): one
# of this size is some 200 printed pages without a break, not a paragraph of a diary (docs/security.md).
MAX_PARAGRAPH_CHARACTERS = 500_000
# What XML 1.0 does not allow in a document (its Char production), tab and line ends aside.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A call whose label has no definition is left as literal text by the parser.
_UNRESOLVED_CALL = re.compile(r"\[\^([^\]\s]+)\]")

_BLOCK_TAGS = {
    "paragraph": "p", "blockquote": "blockquote", "bullet_list": "ul", "ordered_list": "ol",
    "list_item": "li", "heading": "h", "div": "div", "line_block": "div", "dl": "dl", "dt": "dt", "dd": "dd",
    "table": "table", "caption": "caption", "thead": "thead", "tbody": "tbody", "tr": "tr", "th": "th", "td": "td",
}
# Blocks whose text is their own (an inline token inside), not in paragraphs.
_INLINE_CONTAINERS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "th", "td", "caption"}
# Attributes a block keeps from its token (a table cell's alignment becomes a class, below).
_BLOCK_ATTRIBUTES = ("id", "class", "lang", "dir", "title", "start", "type")
# `~~struck~~` is Pandoc's Strikeout, which its HTML writer writes as <del>.
_INLINE_TAGS = {"em": "em", "strong": "strong", "s": "del", "span": "span", "link": "a"}
_TABLE_ALIGNMENT = re.compile(r"text-align:\s*(left|right|center)")
# A raw HTML block whose element is still open when the block ends holds the Markdown blocks that follow, up
# to its end tag (Pandoc's markdown_in_html_blocks), when it is one of these.
_MARKDOWN_HOLDERS = {"div", "blockquote", "section", "aside", "figure", "li", "dd", "dl", "ol", "ul"}


def read_book(manuscript_dir: Path) -> tuple[Book, list[Finding]]:
    """The book as written, and what the reader found wrong on the way (in reading order).

    Raises ManuscriptError when it cannot go on (no book.toml, a missing file, text before any heading)."""
    files = ManuscriptFiles(manuscript_dir)
    findings: list[Finding] = []
    book_file = manuscript_dir / BOOK_FILE
    metadata = _check_cover(load_metadata(manuscript_dir, files, findings), files, book_file, findings)
    book = Book(metadata=metadata, root=manuscript_dir, parts=[], files=files,
                styles=read_custom_styles(manuscript_dir, files))
    context: dates.EntryDate | None = None  # what completes a heading's partial date, from file to file
    for name in metadata.contents:
        # The error of a file that cannot be read is placed on the line of contents that names it.
        source = files.read_text(name, "text", Location(book_file, metadata.contents_lines.get(name)))
        reader = _FileReader(book, manuscript_dir / name, findings, context)
        reader.read(source)
        context = reader.context
    if not book.parts:
        raise ManuscriptError("the manuscript has no part", Location(book_file),
                              hint="begin a Markdown file with a '# ' heading")
    _assign_ids(book, findings)
    return book, findings


# What ebook stores take as a cover (a GIF, WebP or SVG is refused by one or another).
_COVER_SUFFIXES = (".jpg", ".jpeg", ".png")


def _check_cover(metadata: Metadata, files: ManuscriptFiles, book_file: Path, findings: list[Finding]) -> Metadata:
    """[cover] image is checked as an image of the text is, and must be a JPEG or PNG; a problem is placed on its
    line of book.toml. The metadata returned names the file the rules were checked on (see _image_file)."""
    cover = metadata.cover
    if cover.image is None:
        return metadata
    location = Location(book_file, cover.image_line)
    name, problem = _image_file(files, cover.image, location)
    suffix = Path(name).suffix.lower()
    if suffix not in _COVER_SUFFIXES and (problem is None or problem[0] != "image-not-in-manuscript"):
        problem = ("image-unreadable", f"is not a JPEG or PNG file (by its name, {suffix or 'no suffix'}), the "
                                       "formats ebook stores take for a cover")
    if problem is not None:
        findings.append(finding(problem[0], f"cover image {cover.image!r} {problem[1]}", location, options=metadata))
        return metadata
    return dataclasses.replace(metadata, cover=dataclasses.replace(cover, image=name))


def _image_file(files: ManuscriptFiles, src: str, location: Location) -> tuple[str, tuple[str, str] | None]:
    """The name of the image file that the rules were checked on, relative to the manuscript, and (code, what is
    wrong) if it is not inside the manuscript or cannot be carried (images.image_problem), else None."""
    problem = files.problem(src, "image")
    if problem:
        return src, ("image-not-in-manuscript", problem)
    # ./images/a.png and images/a.png are one image of the book, and link/../a.png is where the link leads, not
    # the a.png beside it.
    real = files.real_path(src)
    name = real.relative_to(files.real_root).as_posix()
    try:
        return name, image_problem(real.suffix, files.read_bytes(name, "image", location))
    except ManuscriptError as error:
        return name, ("image-not-in-manuscript", error.message.removeprefix(f"image {name!r} "))


class _FileReader:
    """Builds parts and entries from one Markdown file's token stream."""

    def __init__(self, book: Book, path: Path, findings: list[Finding], context: dates.EntryDate | None = None):
        self.book = book
        # The date a heading that names only a day, or a day and a month, is completed from ("2nd." under
        # "# January 1659–60"): the last dated entry, else a body part's heading or a year on a line of its own.
        self.context = context
        self.path = path
        self.findings = findings
        self.notes: dict[int, Note] = {}
        self.called: set[int] = set()
        self._alt_nodes: dict[int, list[Node]] = {}  # an image's alt text as written, for a figure's caption

    def read(self, source: str) -> None:
        self._check_characters(source)
        env: dict = {}
        tokens = parser().parse(source, env)
        body, footnote_block = _split_footnote_block(tokens)
        for line, what in sorted(env.get("unsupported", []), key=lambda found: found[0] or 0):
            self._found("markdown-unsupported", what, Location(self.path, line))
        self._read_notes(footnote_block, env)
        section: Section | None = None
        position = 0
        while position < len(body):
            token = body[position]
            if token.type == "heading_open" and token.tag in ("h1", "h2"):
                section = self._heading(token, body[position + 1], section)
                position += 3
                continue
            block, position = self._block(body, position)
            if block is None:
                continue
            if section is None:
                raise ManuscriptError("text before the first '# ' heading", self._location(token),
                                      hint="begin the file with a part heading such as '# 1941'")
            section.blocks.append(block)
            if block.tag == "p":  # a year on a line of its own between entries ("1904") dates those after it
                label = dates.parse_label(plain_text(block.children), self._language(section), alone=True)
                self.context = label or self.context
        self._check_notes(env)

    def _language(self, section: Section) -> str:
        return (section.attrs.get("lang") or self.book.parts[-1].attrs.get("lang")
                or self.book.metadata.language)

    # Headings ---------------------------------------------------------------

    def _heading(self, token: Token, inline: Token, current: Section | None) -> Section:
        location = self._location(token)
        content = self._inlines(inline)
        attrs = _trailing_attributes(content, self, location)
        if token.tag == "h1":
            classes = attrs.pop("class", "").split()
            role = next((name for name in classes if name in PART_ROLES), None)
            if others := [name for name in classes if name not in PART_ROLES]:
                attrs["class"] = " ".join(others)
            part = Part(heading=content, blocks=[], location=location, id=attrs.pop("id", ""), attrs=attrs, role=role)
            self.book.parts.append(part)
            if role is None:  # "# January 1659–60", "# 1942": the year of the entries that follow
                self.context = dates.parse_label(plain_text(content), self._language(part)) or self.context
            return part
        if not self.book.parts or current is None:
            raise ManuscriptError("an entry ('## ') before any part ('# ')", location,
                                  hint="add a part heading such as '# 1941' above it")
        entry = self._entry(content, attrs, location)
        self.book.parts[-1].entries.append(entry)
        return entry

    def _entry(self, content: list[Node], attrs: dict[str, str], location: Location) -> Entry:
        # The heading's own language, else its part's, else the book's: a French year in an English edition.
        language = attrs.get("lang") or self.book.parts[-1].attrs.get("lang") or self.book.metadata.language
        parsed = dates.parse_heading(plain_text(content), language, self.context)
        date = parsed.date
        override = attrs.pop("date", None)
        if override is not None:
            try:
                date = dates.parse_iso_date(override)
            except ValueError as error:
                self._found("date-invalid", f"date={override!r}: {error}", location)
        elif parsed.problem:
            # The parser's problems begin with their kind; the heading's own words come after them.
            code = "date-impossible" if parsed.problem.startswith("impossible") else "date-unrecognised"
            self._found(code, f"{parsed.problem}: {plain_text(content)!r}", location)
        self.context = date or self.context
        return Entry(heading=content, blocks=[], location=location, id=attrs.pop("id", ""), attrs=attrs,
                     date=date, place=parsed.place, title=parsed.title)

    # Blocks -----------------------------------------------------------------

    def _block(self, tokens: list[Token], position: int) -> tuple[Element | None, int]:
        """Build the block starting at `position`; return it (None if nothing is left of it) and the position
        after it."""
        token = tokens[position]
        location = self._location(token)
        if token.type == "inline":
            return Element("p", children=self._inlines(token), location=location), position + 1
        if token.type == "hr":
            return Element("hr", {"class": "section-break"}, location=location), position + 1
        if token.type == "html_block":
            return self._html_block(tokens, position)
        if token.type == "front_matter":  # reported with what the format does not read
            return None, position + 1
        if token.type in ("fence", "code_block"):
            raw = re.fullmatch(r"\{=([A-Za-z0-9_+-]+)\}", token.info.strip()) if token.type == "fence" else None
            if raw is not None:
                return self._raw_block(raw.group(1), token.content, location), position + 1
            return (Element("pre", children=[Element("code", self._code_attributes(token, location),
                                                     [Code(token.content)])], location=location), position + 1)
        if token.nesting != 1:
            raise ManuscriptError(f"unexpected Markdown construct {token.type!r}", location)
        name = token.type.removesuffix("_open")
        tag = _BLOCK_TAGS.get(name)
        if tag is None:
            raise ManuscriptError(f"unsupported Markdown construct {name!r}", location)
        if tag == "h":
            tag = token.tag
        attrs = {key: str(value) for key, value in token.attrs.items() if key in _BLOCK_ATTRIBUTES}
        if tag in ("th", "td") and (alignment := _TABLE_ALIGNMENT.search(str(token.attrs.get("style", "")))):
            attrs["class"] = f"align-{alignment.group(1)}"  # no inline style: the stylesheets read the class
        self._report_dropped(token, f"a {tag}", location)
        element = Element(tag, attrs, location=location)
        position += 1
        line_block = name == "line_block"
        while (tokens[position].nesting != -1 or tokens[position].type != f"{name}_close"
               or tokens[position].level != token.level):
            if tokens[position].type == "footnote_anchor":  # the parser's back-link; we make our own
                position += 1
                continue
            if tokens[position].type == "inline" and (tag in _INLINE_CONTAINERS or line_block):
                if line_block and element.children:
                    element.children.append(Element("br"))
                element.children.extend(self._inlines(tokens[position]))
                position += 1
                continue
            child, position = self._block(tokens, position)
            if child is None:
                continue
            # A tight list item's paragraph is hidden: its text belongs to the item itself.
            if child.tag == "p" and tokens[position - 1].hidden:
                element.children.extend(child.children)
            else:
                element.children.append(child)
        if tag == "p":
            return self._implicit_figure(element), position + 1
        if tag in ("h3", "h4", "h5", "h6"):  # `### A heading {#id .class}`, as parts and entries have them
            heading_attrs = _trailing_attributes(element.children, self, location)
            element.attrs.update({key: value for key, value in heading_attrs.items()
                                  if key in ("id", "class", "lang", "dir", "title")})
        if tag == "table":
            element.children = [child for child in element.children if not _blank_head(child)]
        if tag == "th" and _blank_head(Element("thead", children=[element])):
            element.tag = "td"  # an empty header cell heads nothing (a source's colspan): Ace's empty-table-header
        return element, position + 1

    def _implicit_figure(self, paragraph: Element) -> Element:
        """Pandoc's implicit figure: an image with alt text alone in its paragraph is a <figure> with the alt
        text as its caption (marked aria-hidden, as Pandoc 3 does, since the image's alt says the same); the
        image's id goes to the figure."""
        content = [node for node in paragraph.children if not (isinstance(node, Text) and not node.value.strip())]
        if len(content) != 1 or not isinstance(image := content[0], Element) or image.tag != "img":
            return paragraph
        caption = self._alt_nodes.get(id(image))
        if not caption or not image.attrs.get("alt", "").strip():
            return paragraph
        figure_attrs = {"id": image.attrs.pop("id")} if "id" in image.attrs else {}
        # Hidden only if nothing in it can take the focus (a link), which a hidden element may not hold (WCAG).
        focusable = any(isinstance(node, Element) and node.tag == "a" for root in caption for node in walk(root))
        caption_attrs = {} if focusable else {"aria-hidden": "true"}
        return Element("figure", figure_attrs, [image, Element("figcaption", caption_attrs, caption)],
                       location=paragraph.location)

    def _html_block(self, tokens: list[Token], position: int) -> tuple[Element | None, int]:
        """Raw HTML; an element it leaves open (`<div lang="fr">`, a blank line, Markdown…) holds the Markdown
        blocks that follow, up to the HTML block that closes it or the end of the block that holds them."""
        token = tokens[position]
        location = self._location(token)
        html = BlockHtml()
        html.feed(token.content)
        position += 1
        while html.open_tags() and set(html.open_tags()) <= _MARKDOWN_HOLDERS and position < len(tokens):
            following = tokens[position]
            if following.nesting == -1 or (following.type == "heading_open" and following.tag in ("h1", "h2")):
                break
            if following.type == "html_block":
                html.feed(following.content)
                position += 1
                continue
            child, position = self._block(tokens, position)
            if child is not None:
                html.append(child)
        reading = html.finish()
        self._report_removed(reading, location)
        if not reading.nodes:  # a comment, or only what was removed
            return None, position
        return Element("div", {"class": "html"}, reading.nodes, location=location), position

    def _raw_block(self, kind: str, content: str, location: Location) -> Element | None:
        """A raw block (```` ```{=html} ````): HTML as raw HTML is read; another format's is left out, as
        Pandoc's HTML writer does, and reported."""
        if kind.lower() != "html":
            self._found("markdown-unsupported", f"a raw {kind} block is left out of the book", location)
            return None
        reading = read_block_html(content)
        self._report_removed(reading, location)
        return Element("div", {"class": "html"}, reading.nodes, location=location) if reading.nodes else None

    def _code_attributes(self, token: Token, location: Location) -> dict[str, str]:
        """A fenced block's info string as Pandoc reads it: ```` ```python ```` is the class `python`, and
        ```` ``` {#listing .python} ```` attributes (those a book carries)."""
        info = token.info.strip() if token.type == "fence" else ""
        if not info:
            return {}
        if not info.startswith("{"):
            return {"class": info.split()[0]}
        try:
            attrs = parse_attributes(info)
        except ValueError as error:
            self._found("markdown-unsupported", f"a code block's attributes {info!r} cannot be read ({error}) and "
                        "are left out", location)
            return {}
        return {key: value for key, value in attrs.items() if key in ("id", "class", "lang")}

    # Inlines ----------------------------------------------------------------

    def _inlines(self, inline: Token) -> list[Node]:
        base_line = inline.map[0] + 1 if inline.map else None
        source = inline.content
        if len(source) > MAX_PARAGRAPH_CHARACTERS and inline.map:
            self._found("paragraph-too-long", f"a paragraph of {len(source):,} characters, over the limit of "
                        f"{MAX_PARAGRAPH_CHARACTERS:,}", Location(self.path, base_line))
        root = Element("root")
        stack = [root]
        html = InlineHtml(HtmlReading())
        for child in inline.children or []:
            parent = stack[-1]
            kind = child.type
            if html.skipping and kind != "html_inline":
                continue
            if kind == "html_inline":
                html.tag(child.content, stack)
            elif kind == "text":
                parent.children.append(Text(child.content))
                self._check_unresolved(child.content, source, base_line)
            elif kind == "escaped_literal":  # `\"`, `\-`, `\.`: as written, never made typographic
                parent.children.append(Code(child.content))
            elif kind == "softbreak":
                parent.children.append(Text("\n"))
            elif kind == "hardbreak":
                parent.children.append(Element("br"))
            elif kind == "code_inline":
                raw = (child.meta or {}).get("raw_format")
                if raw is None:
                    attrs = {key: str(value) for key, value in child.attrs.items()}
                    parent.children.append(Element("code", attrs, [Code(child.content)]))
                elif raw.lower() == "html":  # `<b>x</b>`{=html}: inline HTML, through the safe list
                    raw_html = InlineHtml(html.reading)
                    for fragment in re.split(r"(<[^>]*>)", child.content):
                        if fragment.startswith("<"):
                            raw_html.tag(fragment, stack)
                        elif fragment and not raw_html.skipping:
                            stack[-1].children.append(Text(fragment))
                    del stack[len(stack) - len(raw_html.opened):]
                else:
                    self._found("markdown-unsupported", f"raw {raw} text is left out of the book",
                                Location(self.path, _line_of(source, child.content, base_line)))
            elif kind == "image":
                parent.children.append(self._image(child, base_line))
            elif kind == "footnote_ref":
                parent.children.append(self._note_ref(child, source, base_line))
            elif child.nesting == 1:
                tag = _INLINE_TAGS.get(child.tag, child.tag)
                attrs = {key: str(value) for key, value in child.attrs.items()}
                self._report_dropped(child, "a span" if tag == "span" else "a link", Location(self.path, base_line))
                # A link knows its file: its href, kept as written, is relative to it (transform/links.py).
                element = Element(tag, attrs, location=Location(self.path, base_line) if tag == "a" else None)
                parent.children.append(element)
                stack.append(element)
            elif child.nesting == -1:
                stack.pop()
        self._report_removed(html.reading, Location(self.path, base_line))
        _calls_after_links(root)
        return root.children

    def _image(self, token: Token, line: int | None) -> Element:
        alt_nodes = self._inlines_of(token)
        alt = plain_text(alt_nodes)
        # The parser percent-encodes the address (spaces, accented letters): the model keeps the file's name.
        src = unquote(str(token.attrs.get("src", "")))
        location = Location(self.path, line)
        if not alt.strip():
            self._found("image-alt-missing", f"image {src!r} has no alt text", location)
        if any(isinstance(node, NoteRef) for root in alt_nodes for node in walk(root)):
            self._found("note-in-image-alt", f"a note is called in the alt text of image {src!r}", location)
        src, problem = _image_file(self.book.files, src, location)
        if problem is not None:
            self._found(problem[0], f"image {src!r} {problem[1]}", location)
        self._report_dropped(token, f"image {src!r}", location)
        attrs = {key: str(value) for key, value in token.attrs.items() if key in ("id", "class", "lang", "dir", "title")
                 and str(value)}
        image = Element("img", {"src": src, "alt": alt, **attrs}, location=location)
        self._alt_nodes[id(image)] = alt_nodes
        return image

    def _inlines_of(self, token: Token) -> list[Node]:
        fake = Token("inline", "", 0, children=token.children or [], content=token.content)
        return self._inlines(fake)

    def _note_ref(self, token: Token, source: str, base_line: int | None) -> NoteRef:
        note_id = token.meta["id"]
        label = token.meta.get("label")
        location = Location(self.path, _line_of(source, f"[^{label}]" if label else "^[", base_line))
        note = self.notes[note_id]
        if note_id in self.called:
            self._found("note-called-twice", f"note [^{label}] is called more than once", location)
        self.called.add(note_id)
        return NoteRef(note=note, location=location)

    # Notes ------------------------------------------------------------------

    def _read_notes(self, footnote_block: list[Token], env: dict) -> None:
        """Every note is created before any note's content is read: a note may (wrongly) call another."""
        note_list = env.get("footnotes", {}).get("list", {})
        definition_lines = dict(reversed(env.get("footnote_definitions", [])))
        openings = [index for index, token in enumerate(footnote_block) if token.type == "footnote_open"]
        for index in openings:
            note_id = footnote_block[index].meta["id"]
            label = note_list.get(note_id, {}).get("label")
            self.notes[note_id] = Note(label=label, blocks=[],
                                       location=Location(self.path, definition_lines.get(label)))
        for index in openings:
            note = self.notes[footnote_block[index].meta["id"]]
            position = index + 1
            while footnote_block[position].type != "footnote_close":
                if footnote_block[position].type == "footnote_anchor":
                    position += 1
                    continue
                block, position = self._block(footnote_block, position)
                if block is not None:
                    note.blocks.append(block)
            if note.label is None and note.blocks and note.blocks[0].location:
                note.location = note.blocks[0].location
            if not plain_text(note.blocks).strip() and not any(
                    isinstance(n, Element) and n.tag == "img" for b in note.blocks for n in walk(b)):
                self._found("note-empty", f"note [^{note.label}] is empty", note.location)

    def _check_notes(self, env: dict) -> None:
        referenced = {key[1:] for key, value in env.get("footnotes", {}).get("refs", {}).items() if value >= 0}
        seen: set[str] = set()
        for label, line in env.get("footnote_definitions", []):
            location = Location(self.path, line)
            if label in seen:
                self._found("note-duplicate-label", f"note label [^{label}] is defined twice", location)
            elif label not in referenced:
                self._found("note-unused", f"note [^{label}] is defined but never called", location)
            seen.add(label)

    def _check_unresolved(self, text: str, source: str, base_line: int | None) -> None:
        for match in _UNRESOLVED_CALL.finditer(text):
            label = match.group(1)
            self._found("note-undefined", f"note [^{label}] is called but not defined",
                        Location(self.path, _line_of(source, match.group(0), base_line)))

    # Findings ---------------------------------------------------------------

    def _check_characters(self, source: str) -> None:
        """Characters XML forbids (control characters, U+FFFE, U+FFFF): no XHTML may hold them."""
        for number, line in enumerate(source.splitlines(), start=1):
            for match in _FORBIDDEN.finditer(line):
                char = match.group()
                self._found("text-forbidden-character",
                            f"U+{ord(char):04X} {unicodedata.name(char, 'a control character')} cannot be in a book",
                            Location(self.path, number, match.start() + 1))

    def _report_dropped(self, token: Token, what: str, location: Location) -> None:
        """Attributes the format does not carry (`width=50%`, `style`, `data-…`), left out of the book."""
        for key, value in ((token.meta or {}).get("dropped_attrs") or {}).items():
            self._found("markdown-unsupported", f"attribute {key}={value!r} on {what} is not kept", location)

    def _report_removed(self, reading: HtmlReading, location: Location) -> None:
        verb = "refused" if self.book.metadata.unsafe_html == "refuse" else "removed"  # the table decides the severity
        for removal in reading.removed:
            self._found("html-unsafe", f"unsafe HTML {removal.what} {verb}", location)

    def _location(self, token: Token) -> Location:
        return Location(self.path, token.map[0] + 1 if token.map else None)

    def _found(self, code: str, message: str, location: Location) -> None:
        self.findings.append(finding(code, message, location, options=self.book.metadata))


def _calls_after_links(root: Element) -> None:
    """A note called inside a link's text (`[the ship[^1]](#ship)`) is called right after the link: a call is a
    link itself, and a link cannot hold another (Pandoc writes one inside the other, which HTML forbids)."""
    for node in root.children:
        if isinstance(node, Element):
            _calls_after_links(node)
    position = 0
    while position < len(root.children):
        node = root.children[position]
        position += 1
        if isinstance(node, Element) and node.tag == "a":
            calls = _take_calls(node)
            root.children[position:position] = calls
            position += len(calls)


def _take_calls(element: Element) -> list[Node]:
    calls: list[Node] = []
    kept: list[Node] = []
    for child in element.children:
        if isinstance(child, NoteRef):
            calls.append(child)
            continue
        if isinstance(child, Element):
            calls.extend(_take_calls(child))
        kept.append(child)
    element.children = kept
    return calls


def _blank_head(node: Node) -> bool:
    """A table's header row of blank cells, which Pandoc reads as no header (and an empty <th> is an
    accessibility fault: Ace's empty-table-header)."""
    return isinstance(node, Element) and node.tag == "thead" and not plain_text([node]).strip() and not any(
        isinstance(inner, Element) and inner.tag == "img" for inner in walk(node))


def _split_footnote_block(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    for index, token in enumerate(tokens):
        if token.type == "footnote_block_open":
            return tokens[:index], tokens[index:]
    return tokens, []


def _line_of(source: str, needle: str, base_line: int | None) -> int | None:
    """The line of `needle` inside a paragraph: the parser only knows where the paragraph starts."""
    if base_line is None:
        return None
    offset = source.find(needle)
    return base_line + (source[:offset].count("\n") if offset >= 0 else 0)


def _trailing_attributes(content: list[Node], reader: _FileReader, location: Location) -> dict[str, str]:
    """Pandoc's `# Heading {#id .class key=value}`: strip the braces from the heading, return the attributes."""
    if not content or not isinstance(content[-1], Text):
        return {}
    text = content[-1].value.rstrip()
    start = text.rfind("{")
    if start < 0 or not text.endswith("}"):
        return {}
    try:
        attrs = parse_attributes(text[start:])
    except ValueError as error:
        reader._found("heading-attributes", f"cannot read heading attributes {text[start:]!r}: {error}", location)
        return {}
    content[-1].value = text[:start].rstrip()
    if not content[-1].value:
        content.pop()
    return {key: str(value) for key, value in attrs.items()}


_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def _assign_ids(book: Book, findings: list[Finding]) -> None:
    """Stable ids from the headings, unique across the book, for links and the table of contents."""
    used: dict[str, Location] = {}
    explicit = [(section.id, section.location) for part in book.parts for section in part.sections() if section.id]
    explicit += [(visit.node.attrs["id"], visit.location) for visit in book.walk()
                 if isinstance(visit.node, Element) and "id" in visit.node.attrs]
    for name, location in explicit:
        if not _XML_NAME.match(name):
            findings.append(finding("heading-id-invalid", f"id {name!r} is not a valid identifier", location))
        elif is_reserved(name):
            findings.append(finding("id-reserved", f"id {name!r} is one the tool gives its own pages or notes",
                                    location))
        elif name in used:
            findings.append(finding("heading-id-duplicate", f"id {name!r} is used twice; first at {used[name]}",
                                    location))
        used.setdefault(name, location)
    for part in book.parts:
        for section in part.sections():
            if section.id:
                continue
            if isinstance(section, Entry) and section.date:
                base = "entry-" + section.date.iso.replace("/", "-")
            else:
                base = (("part-" if isinstance(section, Part) else "entry-")
                        + (_slug(section.heading_text) or "untitled"))
            candidate, counter = base, 2
            while candidate in used:
                candidate, counter = f"{base}-{counter}", counter + 1
            section.id = candidate
            used[candidate] = section.location
    for part in book.parts:  # the EPUB's headings carry <id>-heading, the print edition's entry texts <id>-text
        for section in part.sections():
            tool_ids = [f"{section.id}-heading"] + ([entry_text_id(section)] if isinstance(section, Entry) else [])
            for tool_id in tool_ids:
                if tool_id in used:
                    findings.append(finding("id-reserved", f"id {tool_id!r} is one the tool gives the section at "
                                            f"{section.location}", used[tool_id]))
    parts_by_name: dict[str, Part] = {}
    for part in book.parts:  # a part is a file of the EPUB: names that differ only in case are one on some systems
        other = parts_by_name.setdefault(part.id.casefold(), part)
        if other is not part:
            findings.append(finding("heading-id-duplicate", f"id {part.id!r} differs from {other.id!r} only in case; "
                                    f"first at {other.location}", part.location))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
