"""The Word file, opened as hostile input: the zip is checked before anything in it is read.

A .docx is a zip of XML parts. A zip bomb, a huge part, a file that is not a zip,
an old binary .doc or a password-protected file (both OLE files, not zips) are
refused with what to do before python-docx sees them, and so is a part that
declares a DTD (Word never writes one; its entities could read a file or fill the
memory). python-docx then reads the package (content types, relationships, core
properties, styles) from memory, never from a path, since it reads a directory as an
unpacked package. Its parser keeps entities unresolved (resolve_entities=False) and
lxml's defaults forbid the network and huge trees; the parts python-docx leaves as
bytes (footnotes, endnotes, comments) are parsed here with those settings spelled out. External relationships (an image
linked from the web or a file path, a hyperlink) are never followed: their
targets are only looked at as text.
"""

from __future__ import annotations

import functools
import io
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError
from docx.opc.part import Part
from docx.oxml.ns import nsmap
from lxml import etree

from carnets_press.errors import CarnetsError
from carnets_press.importers.inputs import read_input

MAX_DOCX_BYTES = 256 * 1024 * 1024  # a manuscript with photographs; the text of a 1,000-page book is about 2 MiB
MAX_PART_BYTES = 64 * 1024 * 1024  # each member once inflated: document.xml of a 1,000-page book is about 20 MiB
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # all members together once inflated
MAX_MEMBERS = 10_000

NS = {**nsmap, "v": "urn:schemas-microsoft-com:vml",
      "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)

_DOCTYPES = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
# What reading a damaged zip raises: a bad CRC (a member larger than it says), an unknown compression, a cut file.
_DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Word 97–2003 .doc, or a .docx encrypted with a password
_SAVE_AS = "open it in Word and save it as a Word Document (.docx), without a password"


@functools.cache
def q(name: str) -> str:
    """The Clark name of a prefixed name: q("w:p") is "{http://…/main}p"."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def attr(element: etree._Element | None, name: str) -> str | None:
    return None if element is None else element.get(q(name))


@dataclass
class Style:
    """A style of styles.xml: its name as styles.xml has it ("heading 1", "Quote"), and what it is based on."""

    name: str
    based_on: str | None
    paragraph: etree._Element | None  # its w:pPr
    run: etree._Element | None  # its w:rPr


@dataclass
class Story:
    """A stream of text (the body, a note) and the part whose relationships its r:id attributes name."""

    root: etree._Element
    part: Part


@dataclass
class WordPackage:
    path: Path
    body: Story
    styles: dict[str, Style]
    default_style: str | None  # the paragraph style of a paragraph that names none
    language: str | None  # the document's default language (styles.xml), what a run without w:lang is in
    numbering: dict[tuple[str, str], tuple[str, int]]  # (numId, ilvl) → (numFmt, start)
    footnotes: dict[str, Story] = field(default_factory=dict)
    endnotes: dict[str, Story] = field(default_factory=dict)
    comments: dict[str, etree._Element] = field(default_factory=dict)
    title: str | None = None  # core properties
    creator: str | None = None
    core_language: str | None = None


def open_docx(path: Path) -> WordPackage:
    """The package of the Word file at ``path``; CarnetsError (UsageError for no file) saying what to do if it
    is not one that can be read safely."""
    data = read_input(path, MAX_DOCX_BYTES, "the Word manuscript, a .docx file", too_large=CarnetsError,
                      hint="a manuscript is a few MiB; make its images smaller in Word (Compress Pictures)")
    _check_zip(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (OpcError, KeyError, ValueError, etree.XMLSyntaxError, *_DAMAGED) as error:
        raise CarnetsError(f"{path}: not a Word document that can be read ({error})", hint=_SAVE_AS) from None
    part = document.part
    body = document.element.find(q("w:body"))
    if body is None:
        raise CarnetsError(f"{path}: word/document.xml has no body", hint=_SAVE_AS)
    styles_part = _related(part, RT.STYLES)  # python-docx's document.styles would make up a default one
    styles_root = styles_part.element if styles_part is not None else None  # type: ignore[attr-defined]
    styles = _styles(styles_root)
    package = WordPackage(path, Story(body, part), styles, _default_style(styles_root),
                          _default_language(styles_root, styles), _numbering(part))
    package.footnotes = _notes(path, part, RT.FOOTNOTES, "w:footnote")
    package.endnotes = _notes(path, part, RT.ENDNOTES, "w:endnote")
    _refuse_tracked_changes(package)
    comments = _related(part, RT.COMMENTS)
    if comments is not None:
        root = _parse(path, comments)
        package.comments = {str(attr(c, "w:id")): c for c in root.iter(q("w:comment"))}
    core = _related(document.part.package, RT.CORE_PROPERTIES)  # python-docx would make one up if absent
    if core is not None:
        properties = document.core_properties
        package.title = properties.title.strip() or None
        package.creator = properties.author.strip() or None
        package.core_language = properties.language.strip() or None
    return package


def _check_zip(path: Path, data: bytes) -> None:
    """Refuse what is not a zip, and a zip whose members would inflate beyond the limits (a zip bomb).

    The sizes are the zip's own declarations; zipfile never inflates a member beyond its declared size, so a
    member that lies about it fails its CRC check instead of filling the memory."""
    if data.startswith(_OLE):
        raise CarnetsError(f"{path}: an old Word 97–2003 document or a password-protected one, not a .docx",
                           hint=_SAVE_AS)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise CarnetsError(f"{path}: not a Word document (a .docx is a zip file, and this is not one)",
                           hint=_SAVE_AS) from None
    if len(members) > MAX_MEMBERS:
        raise CarnetsError(f"{path}: a zip of {len(members)} files, more than a Word document holds")
    names = {member.filename for member in members}
    if "word/document.xml" not in names:
        raise CarnetsError(f"{path}: a zip without word/document.xml, so not a Word document", hint=_SAVE_AS)
    for member in members:
        if member.file_size > MAX_PART_BYTES:
            raise CarnetsError(f"{path}: {member.filename} inflates to {member.file_size:,} bytes, more than "
                               f"{MAX_PART_BYTES // 2**20} MiB (a zip bomb?)", hint="nothing was imported")
        if member.flag_bits & 0x1:
            raise CarnetsError(f"{path}: {member.filename} is encrypted", hint=_SAVE_AS)
    inflated = sum(member.file_size for member in members)
    if inflated > MAX_INFLATED_BYTES:
        raise CarnetsError(f"{path}: inflates to {inflated:,} bytes, more than {MAX_INFLATED_BYTES // 2**20} MiB "
                           "(a zip bomb?)", hint="nothing was imported")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = next((member.filename for member in members if member.filename.endswith((".xml", ".rels"))
                             and any(doctype in archive.read(member) for doctype in _DOCTYPES)), None)
    except _DAMAGED as error:
        raise CarnetsError(f"{path}: a damaged zip ({error})", hint=_SAVE_AS) from None
    if declared is not None:
        raise CarnetsError(f"{path}: {declared} declares a DTD, which Word never writes: its entities could read "
                           "files or fill the memory", hint="nothing was imported")


def _related(source, reltype: str) -> Part | None:
    """The internal part ``source`` relates to by ``reltype``, if any (external targets are not parts)."""
    return next((rel.target_part for rel in source.rels.values()
                 if rel.reltype == reltype and not rel.is_external), None)


def _parse(path: Path, part: Part) -> etree._Element:
    try:
        return etree.fromstring(part.blob, PARSER)
    except etree.XMLSyntaxError as error:
        raise CarnetsError(f"{path}: {part.partname} is not well-formed XML ({error})", hint=_SAVE_AS) from None


def _notes(path: Path, part: Part, reltype: str, tag: str) -> dict[str, Story]:
    """Footnotes or endnotes by id; the separators Word keeps among them are not notes."""
    notes_part = _related(part, reltype)
    if notes_part is None:
        return {}
    root = _parse(path, notes_part)
    return {str(attr(note, "w:id")): Story(note, notes_part) for note in root.iter(q(tag))
            if attr(note, "w:type") in (None, "normal")}


def _styles(root: etree._Element | None) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    for style in root.iter(q("w:style")) if root is not None else ():
        name = attr(style.find(q("w:name")), "w:val") or attr(style, "w:styleId") or ""
        styles[attr(style, "w:styleId") or ""] = Style(
            name, attr(style.find(q("w:basedOn")), "w:val"), style.find(q("w:pPr")), style.find(q("w:rPr")))
    return styles


def _default_style(root: etree._Element | None) -> str | None:
    return next((attr(style, "w:styleId") for style in (root.iter(q("w:style")) if root is not None else ())
                 if attr(style, "w:type") == "paragraph" and attr(style, "w:default") in ("1", "true", "on")), None)


def _default_language(root: etree._Element | None, styles: dict[str, Style]) -> str | None:
    """The language of the Normal style, else of the document defaults."""
    if root is None:
        return None
    normal = styles.get(_default_style(root) or "")
    for rpr in (normal.run if normal else None, root.find(f"{q('w:docDefaults')}/{q('w:rPrDefault')}/{q('w:rPr')}")):
        if (language := attr(rpr.find(q("w:lang")) if rpr is not None else None, "w:val")) is not None:
            return language
    return None


def _numbering(part: Part) -> dict[tuple[str, str], tuple[str, int]]:
    numbering = _related(part, RT.NUMBERING)
    if numbering is None:
        return {}
    root = numbering.element  # type: ignore[attr-defined]  # python-docx's NumberingPart, parsed by python-docx
    abstract = {attr(a, "w:abstractNumId"): a for a in root.iter(q("w:abstractNum"))}
    levels = {}
    for num in root.iter(q("w:num")):
        definition = abstract.get(attr(num.find(q("w:abstractNumId")), "w:val"))
        if definition is None:
            continue
        for level in definition.iter(q("w:lvl")):
            start = attr(level.find(q("w:start")), "w:val") or "1"
            levels[(str(attr(num, "w:numId")), str(attr(level, "w:ilvl")))] = (
                attr(level.find(q("w:numFmt")), "w:val") or "decimal", int(start) if start.isdigit() else 1)
    return levels


# Revision marks: text inserted, deleted or moved, and formatting, paragraph, table and numbering changes.
_REVISIONS = {"w:ins": "insertion", "w:del": "deletion", "w:moveFrom": "move", "w:moveTo": "move",
              "w:rPrChange": "formatting change", "w:pPrChange": "paragraph change",
              "w:sectPrChange": "section change", "w:tblPrChange": "table change", "w:tblGridChange": "table change",
              "w:trPrChange": "table change", "w:tcPrChange": "table change", "w:cellIns": "table change",
              "w:cellDel": "table change", "w:cellMerge": "table change", "w:numberingChange": "numbering change"}


def _refuse_tracked_changes(package: WordPackage) -> None:
    """Tracked changes are the editor's to settle: importing either side of them would be a guess."""
    counts: dict[str, int] = {}
    tags = {q(name): kind for name, kind in _REVISIONS.items()}
    stories = [package.body, *package.footnotes.values(), *package.endnotes.values()]
    for story in stories:
        for element in story.root.iter(*tags):
            counts[tags[element.tag]] = counts.get(tags[element.tag], 0) + 1
    if counts:
        found = ", ".join(f"{count} {kind}{'s' if count > 1 else ''}" for kind, count in counts.items())
        raise CarnetsError(f"{package.path} has tracked changes ({found}): the import will not choose between "
                           "the old text and the new",
                           hint="accept or reject all changes in Word first (Review › Accept › Accept All Changes, "
                                "or Reject All Changes), save, and import again; nothing was written")
