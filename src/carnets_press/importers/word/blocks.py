"""Word's paragraphs and tables as Markdown blocks, read by their styles.

A paragraph's style says what it is (Heading 1 a part, Heading 2 an entry, Quote or
Block Text a block quote, Title the book's title), through the styles it is based
on; a style the import does not know is read as a plain paragraph, and reported.
Formatting comes from the runs and their character styles only: a paragraph
style's look (the italics of a Quote style) is the stylesheet's business, not text.
Consecutive list items make one list, consecutive quoted paragraphs one block
quote; a paragraph with line breaks inside it is verse, a line block. A note's text
is read where it is called, as blocks of its own, so that its definition can follow
in the file that holds the call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from carnets_press.importers.lines import MARK
from carnets_press.importers.report import ImportReport
from carnets_press.importers.word import inline
from carnets_press.importers.word.inline import Format, Inline, Piece
from carnets_press.importers.word.package import Story, Style, WordPackage, attr, q
from carnets_press.importers.writer import escape

_KINDS = {
    "title": "title", "subtitle": "subtitle", "author": "author",
    "heading 1": "part", "heading 2": "entry", **{f"heading {n}": "heading" for n in range(3, 10)},
    **dict.fromkeys(("quote", "intense quote", "block text", "block quote", "block quotation"), "quote"),
    **dict.fromkeys(("toc heading", *(f"toc {n}" for n in range(1, 10))), "contents"),
    "caption": "caption", "image caption": "caption", "table caption": "table caption",
    **dict.fromkeys(("normal", "body text", "body text 2", "body text 3", "body text first indent",
                     "body text first indent 2", "first paragraph", "compact", "no spacing", "plain text",
                     "list paragraph", "list bullet", "list number", "list", "footnote text", "endnote text",
                     "figure", "captioned figure", "date",
                     "abstract", "text body", "standard", "default"), "paragraph"),
}
_KIND_NAMES = {"part": "a part heading (#)", "entry": "an entry heading (##)", "heading": "a heading (###)",
               "quote": "a block quote", "title": "the title", "subtitle": "the subtitle", "author": "the author",
               "contents": "the table of contents", "paragraph": "a paragraph", "caption": "a caption",
               "table caption": "a table's caption"}
_IMAGE_TYPES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg"}
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")
_BREAKS = {"*", "* * *", "***", "⁂", "#", "• • •"}  # a section break typed as a paragraph
_QUOTE_INDENT = 567  # twips (1 cm): a plain paragraph indented at least this far on the left is a block quote
_TOGGLE_TAGS = {q("w:i"): inline.EM, q("w:b"): inline.STRONG, q("w:smallCaps"): inline.SMALLCAPS,
                q("w:strike"): inline.STRIKE, q("w:dstrike"): inline.STRIKE}
_VERTICAL, _LANG, _UNDERLINE = q("w:vertAlign"), q("w:lang"), q("w:u")
_RAISED = {"superscript": inline.SUPERSCRIPT, "subscript": inline.SUBSCRIPT}
_SAFE_LINK = re.compile(r"(?:https?://|mailto:)\S+", re.I)
_MAX_SPAN = 64  # columns a merged cell is counted as, at most (the file says how many; it may lie)


@dataclass
class Block:
    kind: str  # part, entry, heading, title, subtitle, author, text
    line: int  # the paragraph's number in the document, 1-based (what the report calls a line)
    markdown: str  # a heading's inline Markdown; a text block's Markdown
    inline: Inline | None = None  # a heading's or a plain paragraph's content: it may open on a dateline
    level: int = 0  # a heading's level (3–6)
    group: str | None = None  # "list" and "quote" blocks run on into the next of their group
    list_id: str | None = None  # a list's numbering (w:numId): another one at the top level is another list
    role: str | None = None  # "table", "figure" (an image alone), "caption", "table caption": captions join them


class Reader:
    """Reads the body and the notes it calls; counts paragraphs, gathers images and reports its doubts."""

    def __init__(self, package: WordPackage, report: ImportReport, language: str):
        self.package = package
        self.report = report
        self.language = (package.language or language).lower()
        self.line = 0
        self.notes: dict[str, str] = {}  # label → Markdown of the note's text
        self.note_lines: dict[str, int] = {}  # label → the paragraph of its call
        self.images: dict[str, bytes] = {}  # manuscript path → bytes
        self._image_names: dict[str, str] = {}  # package part name → manuscript path
        self._in_note = False
        self._own_mark = False  # a call's own mark (w:customMarkFollows) comes next, in place of its number
        self._said: set[tuple[str, str]] = set()
        self._kinds: dict[str, tuple[str, int]] = {}
        self._character_styles: dict[str | None, dict[str, Format | None]] = {}
        self._counters: dict[tuple[str, int], int] = {}  # (numId, level) → the items counted so far
        self._widths: dict[int, int] = {}

    def once(self, key: str, excerpt: str, decided: str, confidence: float) -> None:
        """Report a decision the first time it is taken for ``key`` (a style, a kind of content)."""
        if (key, excerpt) not in self._said:
            self._said.add((key, excerpt))
            self.report.add(key, self.line, excerpt, decided, confidence)

    # Blocks -----------------------------------------------------------------

    def blocks(self, story: Story) -> list[Block]:
        blocks: list[Block] = []
        for block in self._blocks(story.root, story):
            previous = blocks[-1] if blocks else None
            if (previous is not None and block.group is not None and block.group == previous.group
                    and block.list_id in (None, previous.list_id)):
                previous.markdown += ("\n>\n" if block.group == "quote" else "\n") + block.markdown
            elif not (previous is not None and block.role == "caption" and previous.role == "figure"
                      and self._caption(previous, block)):
                blocks.append(block)
        for k, block in enumerate(blocks):  # "Table: …" just before or after a table is its caption
            if block.role == "table caption" and "table" in {b.role for b in blocks[max(k - 1, 0):k + 2]}:
                block.markdown = f"Table: {block.markdown}"
        return blocks

    def _caption(self, figure: Block, caption: Block) -> bool:
        """A caption under an image alone: the figure's caption is its alt text, so the caption paragraph
        becomes the alt text when there is none, and goes when it repeats it. True when it was used."""
        match = re.fullmatch(r"!\[(.*)\]\((images/[^)]+)\)", figure.markdown)
        if match is None or (match.group(1) and match.group(1) != caption.markdown):
            return False
        if not match.group(1):
            figure.markdown = f"![{caption.markdown}]({match.group(2)})"
        self.report.add("image", caption.line, caption.markdown, "the caption under the image is its alt text, "
                        "which the figure prints as its caption" if not match.group(1) else
                        "the caption under the image repeats its alt text, which the figure prints: left out", 0.8,
                        before=caption.markdown, after="")
        return True

    def _blocks(self, container: etree._Element, story: Story) -> list[Block]:
        found: list[Block] = []
        for child in container:
            if child.tag == q("w:p"):
                found += self._paragraph(child, story)
            elif child.tag == q("w:tbl") and (table := self._table(child, story)):
                found.append(Block("text", self.line, table, role="table"))
            elif child.tag in (q("w:sdt"), q("w:customXml")):
                content = child.find(q("w:sdtContent")) if child.tag == q("w:sdt") else child
                found += self._blocks(content, story) if content is not None else []
            elif child.tag == q("w:altChunk"):
                self.once("object", "embedded document", "a document embedded in the file (an altChunk of HTML or "
                          "RTF): left out; paste its text into the document", 0.3)
        return found

    def _paragraph(self, paragraph: etree._Element, story: Story) -> list[Block]:
        if not self._in_note:
            self.line += 1
        ppr = paragraph.find(q("w:pPr"))
        style = attr(ppr.find(q("w:pStyle")) if ppr is not None else None, "w:val")
        kind, level = self._kind(style)
        lines = self.lines(paragraph, story)
        while len(lines) > 1 and not lines[-1].plain.strip():
            lines.pop()
        while len(lines) > 1 and not lines[0].plain.strip():
            lines.pop(0)
        if not any(line.pieces for line in lines):
            return []
        if kind == "contents":
            self.once("style", "table of contents", "left out: the EPUB and the print edition make their own", 0.9)
            return []
        if self._in_note and kind not in ("paragraph", "quote"):
            kind = "paragraph"
        if kind in ("part", "entry", "heading", "title", "subtitle", "author"):
            content = Inline()
            for line in lines:  # a line break inside a heading is a space
                content.pieces += ([Piece(" ")] if content.pieces else []) + line.pieces
            return [Block(kind, self.line, content.markdown(block=False, heading=True), content, level=level)]
        if (numbering := self._numbering(ppr, style)) is not None:
            return [self._item(lines, *numbering)]
        if len(lines) > 1:
            markdown, plain = self._verse(lines), None
        elif lines[0].plain.strip() in _BREAKS:
            markdown, plain = "* * *", None
        else:
            markdown, plain = lines[0].markdown(), lines[0]
        listed = self.package.styles[style].name.lower().startswith("list") if style in self.package.styles else False
        if kind == "paragraph" and not listed and self._indent(ppr, style) >= _QUOTE_INDENT:  # not a list's own
            self.report.add("quote", self.line, lines[0].plain, "indented on the left: read as a block quote", 0.7)
            kind = "quote"
        if kind == "quote":
            return [Block("text", self.line, "\n".join(f"> {line}".rstrip() for line in markdown.split("\n")),
                          group="quote")]
        figure = plain is not None and len(plain.pieces) == 1 and plain.pieces[0].markdown is not None
        role = kind if kind in ("caption", "table caption") else "figure" if figure else None
        return [Block("text", self.line, markdown, plain, role=role)]

    def _kind(self, style: str | None) -> tuple[str, int]:
        """What a paragraph style makes of a paragraph, and a heading's level, through the styles it is based on."""
        style = style or self.package.default_style or ""
        if style in self._kinds:
            return self._kinds[style]
        kind, level, current, seen = "paragraph", 0, style, set()
        own = self.package.styles[style].name if style in self.package.styles else style
        while current in self.package.styles and current not in seen:
            seen.add(current)
            found = self.package.styles[current]
            if found.name.lower() in _KINDS:
                kind = _KINDS[found.name.lower()]
                level = min(int(found.name.split()[-1]), 6) if kind == "heading" else 0
                if current != style:
                    self.once("style", own, f"style '{own}' is based on '{found.name}': read as {_KIND_NAMES[kind]}",
                              0.8)
                break
            current = found.based_on or ""
        else:
            if own:
                self.once("style", own, f"unknown style '{own}': its paragraphs are read as plain paragraphs", 0.6)
        self._kinds[style] = (kind, level)
        return kind, level

    def _style_chain(self, style: str | None) -> list[Style]:
        """The style and those it is based on, the most basic first."""
        chain: list[Style] = []
        seen: set[str] = set()
        while style and style in self.package.styles and style not in seen:
            seen.add(style)
            chain.append(self.package.styles[style])
            style = self.package.styles[style].based_on
        return chain[::-1]

    def _numbering(self, ppr: etree._Element | None, style: str | None) -> tuple[str, int, str] | None:
        """(marker, level, numId) of a list item; a list's paragraph may take its numbering from its style."""
        num = ppr.find(q("w:numPr")) if ppr is not None else None
        for found in reversed(self._style_chain(style)):
            if num is not None:
                break
            num = found.paragraph.find(q("w:numPr")) if found.paragraph is not None else None
        if num is None:
            return None
        num_id = attr(num.find(q("w:numId")), "w:val") or "0"
        level = attr(num.find(q("w:ilvl")), "w:val") or "0"
        if num_id == "0" or (num_id, level) not in self.package.numbering:
            return None
        fmt, start = self.package.numbering[(num_id, level)]
        depth = int(level) if level.isdigit() else 0
        for key in [key for key in self._counters if key[1] > depth]:  # Word's numbering goes on past other
            del self._counters[key]  # paragraphs, and a deeper list restarts under each item
        count = self._counters.get((num_id, depth), start - 1) + 1
        self._counters[(num_id, depth)] = count
        return _marker(fmt, count), min(depth, 8), num_id

    def _item(self, lines: list[Inline], marker: str, depth: int, num_id: str) -> Block:
        self._widths[depth] = len(marker)
        indent = sum(self._widths.get(level, 4) for level in range(depth))
        text = f"\\\n{' ' * (indent + len(marker))}".join(line.markdown() for line in lines)
        return Block("text", self.line, " " * indent + marker + text, group="list",
                     list_id=num_id if depth == 0 else None)

    def _indent(self, ppr: etree._Element | None, style: str | None) -> int:
        """The left indent in twips, the paragraph's own or its style's; a hanging indent is not a quote's."""
        for properties in [ppr] + [s.paragraph for s in reversed(self._style_chain(style))]:
            ind = properties.find(q("w:ind")) if properties is not None else None
            if ind is not None:
                left = attr(ind, "w:left") or attr(ind, "w:start") or "0"
                hanging = attr(ind, "w:hanging")
                return int(left) if left.lstrip("-").isdigit() and not hanging else 0
        return 0

    def _verse(self, lines: list[Inline]) -> str:
        verse = []
        for line in lines:
            plain = line.plain.expandtabs(4)
            lead = " " * (len(plain) - len(plain.lstrip(" ")))
            verse.append(f"| {lead}{line.markdown(block=False)}".rstrip())
        return "\n".join(verse)

    def _table(self, table: etree._Element, story: Story) -> str:
        rows: list[list[str]] = []
        alignment: list[str] = []
        for tr in table.findall(q("w:tr")):
            cells: list[str] = []
            for tc in tr.findall(q("w:tc")):
                tcpr = tc.find(q("w:tcPr"))
                value = attr(tcpr.find(q("w:gridSpan")) if tcpr is not None else None, "w:val") or "1"
                span = min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1
                merged = tcpr.find(q("w:vMerge")) if tcpr is not None else None
                continued = merged is not None and attr(merged, "w:val") != "restart"
                texts = [] if continued else self._cell(tc, story)
                if continued or span > 1:
                    self.once("table", "merged cells", "merged cells split into single ones: a pipe table has none",
                              0.6)
                cells += [" ".join(texts)] + [""] * (span - 1)
                if not rows:
                    jc = tc.find(f"{q('w:p')}/{q('w:pPr')}/{q('w:jc')}")
                    alignment += [{"left": ":--", "start": ":--", "right": "--:", "end": "--:",
                                   "center": ":-:"}.get(attr(jc, "w:val") or "", "---")] + ["---"] * (span - 1)
            rows.append(cells)
        width = max((len(row) for row in rows), default=0)
        if not width:
            return ""
        rows = [row + [""] * (width - len(row)) for row in rows]
        alignment += ["---"] * (width - len(alignment))
        if not _has_header(table):
            rows.insert(0, [""] * width)
        lines = [_row(rows[0]), _row(alignment[:width])] + [_row(row) for row in rows[1:]]
        return "\n".join(lines)

    def _cell(self, cell: etree._Element, story: Story) -> list[str]:
        texts = []
        for paragraph in cell.iter(q("w:p")):
            if not self._in_note:
                self.line += 1
            if paragraph.getparent() is not cell:
                self.once("table", "nested", "a table or a block inside a cell: its text joined into the cell", 0.6)
            for line in self.lines(paragraph, story):
                if text := line.markdown(block=False):
                    texts.append(text.replace("|", "\\|"))
        if len(texts) > 1:
            self.once("table", "cell paragraphs", "the paragraphs of a cell joined into one line", 0.7)
        return texts

    # Runs -------------------------------------------------------------------

    def lines(self, paragraph: etree._Element, story: Story) -> list[Inline]:
        """The paragraph's content, one Inline for each line (a line break starts a new one)."""
        lines = [Inline()]
        self._content(paragraph, story, lines, frozenset())
        return lines

    def _content(self, element: etree._Element, story: Story, lines: list[Inline], outer: frozenset[Format]) -> None:
        for child in element:
            tag = _word(child.tag)
            if tag == "r":
                formats = outer | self._formats(child.find(q("w:rPr")))
                caps = _on(child.find(f"{q('w:rPr')}/{q('w:caps')}"))
                self._own_mark = False  # a call's own mark is in the call's run
                for part in child:
                    self._run_child(part, story, lines, formats, caps)
            elif tag == "hyperlink":
                self._content(child, story, lines, outer | self._link(child, story))
            elif tag in ("smartTag", "customXml", "fldSimple", "dir", "bdo"):
                self._content(child, story, lines, outer)
            elif tag == "sdt":
                content = child.find(q("w:sdtContent"))
                if content is not None:
                    self._content(content, story, lines, outer)
            elif tag in (q("m:oMath"), q("m:oMathPara")):
                self.once("equation", "equation", "an equation: only its characters are kept, as text", 0.4)
                lines[-1].add("".join(child.itertext()), outer)
            elif tag == "commentRangeStart":
                self.comment(attr(child, "w:id"))

    def _run_child(self, part: etree._Element, story: Story, lines: list[Inline], formats: frozenset[Format],
                   caps: bool) -> None:
        tag = _word(part.tag)
        if tag == "t":
            text = (part.text or "").replace("\ue000", "").replace("\ue001", "")  # the writer's call markers
            if self._own_mark:  # the mark a note's call carries instead of a number: the book numbers it
                self._own_mark = False
                self.report.add("note", self.line, text, "a note called by its own mark: numbered like the others",
                                0.6)
                return
            lines[-1].add(text.upper() if caps else text, formats)
        elif tag in ("tab", "ptab"):
            lines[-1].add("\t", formats)
        elif (tag == "br" and attr(part, "w:type") in (None, "textWrapping")) or tag == "cr":
            lines.append(Inline())
        elif tag == "noBreakHyphen":
            lines[-1].add("\u2011", formats)
        elif tag == "sym":
            code = attr(part, "w:char") or ""
            if re.fullmatch(r"[0-9A-Fa-f]{1,5}", code) and int(code, 16) < 0xF000:
                lines[-1].add(chr(int(code, 16)), formats)
            else:
                self.once("symbol", attr(part, "w:font") or "symbol",
                          "a character of a symbol font, which no other font shows: left out; type it in Unicode",
                          0.3)
        elif tag in ("footnoteReference", "endnoteReference"):
            self._own_mark = attr(part, "w:customMarkFollows") in ("1", "true", "on")
            self._call("footnote" if tag == "footnoteReference" else "endnote", attr(part, "w:id"), lines)
        elif tag == "commentReference":
            self.comment(attr(part, "w:id"))
        elif tag == "drawing":
            self._drawing(part, story, lines)
        elif tag == "pict":
            self._picture(part, story, lines)
        elif tag == "object":
            self.once("object", "embedded object", "an embedded object (a chart, a spreadsheet…): left out", 0.3)
        elif tag == q("mc:AlternateContent"):
            choice = part.find(q("mc:Choice"))  # the fallback is the same content for older readers
            for child in choice if choice is not None else ():
                self._run_child(child, story, lines, formats, caps)

    def _formats(self, rpr: etree._Element | None) -> frozenset[Format]:
        """The run's own formatting over its character style's (and the styles that one is based on)."""
        style = attr(rpr.find(q("w:rStyle")) if rpr is not None else None, "w:val")
        if style not in self._character_styles:
            found: dict[str, Format | None] = {}
            for character in self._style_chain(style):
                self._read_formats(character.run, found)
            self._character_styles[style] = found
        found = dict(self._character_styles[style])
        self._read_formats(rpr, found)
        return frozenset(fmt for fmt in found.values() if fmt is not None)

    def _read_formats(self, properties: etree._Element | None, found: dict[str, Format | None]) -> None:
        """Set (or, for a toggle turned off, unset) in ``found`` what the run properties say, by kind."""
        for element in properties if properties is not None else ():
            tag = element.tag
            if tag in _TOGGLE_TAGS:
                fmt = _TOGGLE_TAGS[tag]
                found[fmt[0]] = fmt if _on(element) else None
            elif tag == _VERTICAL:
                found["raise"] = _RAISED.get(attr(element, "w:val") or "")
            elif tag == _LANG and (language := attr(element, "w:val")) is not None:
                found["lang"] = self._language(language)
            elif tag == _UNDERLINE and attr(element, "w:val") not in (None, "none"):
                self.once("underline", "underline", "underlined text kept as plain text: the format has no "
                          "underline (make it *emphasis* where it stands for italics)", 0.6)

    def _language(self, language: str) -> Format | None:
        """A language mark, when it is not the document's own language (nor Word's "no language")."""
        if language.lower() in (self.language, "x-none") or not language:
            return None
        if not _LANGUAGE.fullmatch(language):
            self.once("language", language, "not a BCP 47 language tag: the mark is left out", 0.5)
            return None
        return ("lang", language)

    def _link(self, hyperlink: etree._Element, story: Story) -> frozenset[Format]:
        """A web or mail link (an external relationship, read as text, never followed)."""
        rel = story.part.rels.get(attr(hyperlink, "r:id") or "")
        if rel is None or not rel.is_external or rel.reltype != RT.HYPERLINK:
            return frozenset()  # a link to a bookmark inside the document: its text stays, without the link
        if not _SAFE_LINK.fullmatch(rel.target_ref):
            self.once("link", rel.target_ref, "a link that is not to the web or an e-mail address: text kept, "
                      "link left out", 0.5)
            return frozenset()
        return frozenset({("link", rel.target_ref)})

    # Notes, comments, images ---------------------------------------------

    def _call(self, kind: str, note_id: str | None, lines: list[Inline]) -> None:
        stories = self.package.footnotes if kind == "footnote" else self.package.endnotes
        story = stories.get(note_id or "")
        if self._in_note or story is None:
            where = "inside a note" if self._in_note else "whose text is not in the file"
            self.report.add("call", self.line, f"{kind} {note_id}", f"a {kind} call {where}: left out", 0.3)
            return
        label = str(len(self.notes) + 1)
        self._in_note = True
        try:
            blocks = self.blocks(story)
        finally:
            self._in_note = False
        text = "\n\n".join(block.markdown for block in blocks)
        if not text.strip():
            self.report.add("note", self.line, f"{kind} {note_id}", f"an empty {kind}: its call is left out", 0.5)
            return
        self.note_lines[label] = self.line
        self.notes[label] = "\n".join(line if k == 0 or not line else "    " + line
                                      for k, line in enumerate(text.split("\n")))
        if kind == "endnote":
            self.once("note", "endnotes", "Word's endnotes are notes like its footnotes; set epub and print to "
                      "\"endnotes\" under [notes] in book.toml to gather them at the end", 0.8)
        lines[-1].add_markdown(MARK.format(label), MARK.format(label))

    def comment(self, comment_id: str | None, line: int | None = None) -> None:
        """Report a comment, once, at the paragraph it is anchored in."""
        comment = self.package.comments.pop(comment_id or "", None)
        if comment is not None:
            author = attr(comment, "w:author") or "someone"
            text = " ".join("".join(comment.itertext()).split())
            self.report.add("comment", self.line if line is None else line, text,
                            f"a comment by {author}: not imported into the text", 0.5)

    def _drawing(self, drawing: etree._Element, story: Story, lines: list[Inline]) -> None:
        blip = drawing.find(f".//{q('a:blip')}")
        if blip is None:
            what = "a text box" if drawing.find(f".//{q('w:txbxContent')}") is not None else "a shape or a chart"
            self.once("image", what, f"{what}: left out; move its text into the document", 0.3)
            return
        described = drawing.find(f".//{q('wp:docPr')}")
        alt = (described.get("descr") or "") if described is not None else ""
        self._image(story, attr(blip, "r:embed") or attr(blip, "r:link"), alt, lines)

    def _picture(self, picture: etree._Element, story: Story, lines: list[Inline]) -> None:
        """An image of the older VML kind (Word 2003's)."""
        data = picture.find(f".//{q('v:imagedata')}")
        if data is None:
            self.once("image", "a text box", "a text box or a shape: left out; move its text into the document", 0.3)
            return
        shape = data.getparent()
        self._image(story, attr(data, "r:id"), (shape.get("alt") or "") if shape is not None else "", lines)

    def _image(self, story: Story, rel_id: str | None, alt: str, lines: list[Inline]) -> None:
        rel = story.part.rels.get(rel_id or "")
        if rel is None:
            self.report.add("image", self.line, rel_id or "", "an image whose file is not in the document: left out",
                            0.3)
            return
        if rel.is_external:
            self.report.add("image", self.line, rel.target_ref, "an image linked from outside the document, not read:"
                            " insert the picture itself in Word, or put it in images/ and write ![alt](images/…)",
                            0.3)
            return
        part = rel.target_part
        name = self._image_names.get(str(part.partname))
        if name is None:
            base = PurePosixPath(str(part.partname))
            if base.suffix.lower() not in _IMAGE_TYPES:
                self.report.add("image", self.line, base.name, "an image in a format an EPUB cannot show: left out; "
                                "save it as PNG or JPEG in images/ and write ![alt](images/…) here", 0.3)
                return
            stem = re.sub(r"[^\w-]+", "-", base.stem).strip("-") or "image"
            name = _unique(f"images/{stem}{base.suffix.lower()}", self.images)
            self.images[name] = part.blob
            self._image_names[str(part.partname)] = name
        alt = " ".join(alt.split())
        if not alt:
            self.report.add("image", self.line, name, "an image without alt text (Word's Alt Text, wp:docPr/@descr): "
                            "describe it in the Markdown; the build refuses an image without one", 0.2)
        lines[-1].add_markdown("", f"![{escape(alt, block=False)}]({name})")


_WORD = q("w:p")[:-1]  # WordprocessingML's namespace, in braces


def _word(tag: object) -> object:
    """The local name of a WordprocessingML tag ("r", "t"); another namespace's tag (or a comment's) as it is."""
    return tag[len(_WORD):] if isinstance(tag, str) and tag.startswith(_WORD) else tag


def _on(element: etree._Element | None) -> bool:
    return element is not None and attr(element, "w:val") not in ("0", "false", "off")


def _has_header(table: etree._Element) -> bool:
    """A header row as Word marks it: a repeated header row, or the table style's "Header Row" option."""
    first = table.find(q("w:tr"))
    if first is not None and _on(first.find(f"{q('w:trPr')}/{q('w:tblHeader')}")):
        return True
    look = table.find(f"{q('w:tblPr')}/{q('w:tblLook')}")
    if look is None:
        return False
    value = attr(look, "w:val") or "0"
    return attr(look, "w:firstRow") in ("1", "true", "on") or (
        re.fullmatch(r"[0-9A-Fa-f]{1,4}", value) is not None and bool(int(value, 16) & 0x0020))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _marker(fmt: str, count: int) -> str:
    """A list item's marker in Pandoc's list styles; a capital letter's needs two spaces after it."""
    if fmt == "bullet":
        return "- "
    if fmt in ("lowerLetter", "upperLetter") and count <= 26:
        letter = chr(ord("a" if fmt == "lowerLetter" else "A") + count - 1)
        return f"{letter}.  " if letter.isupper() else f"{letter}. "
    if fmt in ("lowerRoman", "upperRoman") and count < 4000:
        roman = _roman(count)
        return f"{roman.lower()}. " if fmt == "lowerRoman" else f"{roman}.  "
    return f"{count}. "


def _roman(number: int) -> str:
    numerals = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        numerals.append(letters * count)
    return "".join(numerals)


def _unique(name: str, taken: dict[str, bytes]) -> str:
    stem, suffix = PurePosixPath(name).with_suffix("").as_posix(), PurePosixPath(name).suffix
    candidate, count = name, 1
    while candidate in taken:
        count += 1
        candidate = f"{stem}-{count}{suffix}"
    return candidate
