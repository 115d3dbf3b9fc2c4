"""The EPUB 3 renderer: one XHTML document per part, our own nav, ebooklib for the package.

ebooklib writes the OPF and the container; we give it finished documents. Its
own nav generator is not used (it adds a page-list of every element with both
epub:type and id, i.e. every note), nor its chapter template (it drops the
attributes of <html> and <head>), and its zip is rewritten with fixed times.

This module imports ebooklib at the top: import it only where an EPUB is built.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from carnets_press.anchors import page_break_id
from carnets_press.errors import Location
from carnets_press.manuscript.model import Book, Element, Entry, LinkTarget, Note, NoteRef, Part, Section
from carnets_press.pagination import PageStart
from carnets_press.render import xhtml
from carnets_press.render.cover import BookCover
from carnets_press.render.labels import contributor_groups, labels_for
from carnets_press.render.page_breaks import PageBreaks, place_page_breaks
from carnets_press.render.templates import render_template
from carnets_press.resources import stylesheet_text
from carnets_press.transform.links import is_note

STYLESHEETS = ("css/epub.css", "css/manuscript.css")  # ours, then the manuscript's own if it has one

# epub:type and DPUB-ARIA role of each part role (EPUB 3 Structural Semantics Vocabulary).
_PART_SEMANTICS = {
    None: ("part", "doc-part"),
    "introduction": ("introduction", "doc-introduction"),
    "afterword": ("afterword", "doc-afterword"),
    "colophon": ("colophon", "doc-colophon"),
}


@dataclass(frozen=True)
class EpubDocument:
    file_name: str
    title: str
    content: bytes
    properties: tuple[str, ...] = ()


def render_epub(book: Book, modified: datetime.datetime, cover: BookCover,
                pages: list[PageStart] | None = None) -> bytes:
    """The EPUB file's bytes; identical for identical inputs and `modified`. With `pages`, where the pages of
    the print edition begin (carnets_press.pagination), it has their markers and a page-list."""
    cover_name = f"cover{cover.suffix}"
    images = _images(book, reserved=cover_name)
    breaks = place_page_breaks(book, pages) if pages else None
    documents = _documents(book, {image.source: quote(image.href) for image in images}, breaks,
                           (cover_name, cover.alt))
    package = epub.EpubBook()
    if xhtml.book_direction(book) == "rtl":
        package.direction = "rtl"  # the spine's page-progression-direction (and <package dir>)
    _set_metadata(package, book, paginated=breaks is not None)
    package.add_item(epub.EpubItem(uid="css", file_name=STYLESHEETS[0], media_type="text/css",
                                   content=stylesheet_text("epub.css").encode()))
    if book.styles.epub is not None:
        package.add_item(epub.EpubItem(uid="css-manuscript", file_name=STYLESHEETS[1], media_type="text/css",
                                       content=book.styles.epub.encode()))
    spine = []
    for index, document in enumerate(documents):
        item = FinishedDocument(uid=f"doc-{index:03d}", file_name=document.file_name, title=document.title,
                                 lang=book.metadata.language)
        item.content = document.content
        item.properties = list(document.properties)
        package.add_item(item)
        spine.append(item)
    for image in images:
        package.add_item(epub.EpubImage(uid=image.uid, file_name=image.href, media_type=image.media_type,
                                        content=book.files.read_bytes(image.source, "image", image.location)))
    cover_image = epub.EpubCover(uid="cover-image", file_name=cover_name)  # properties="cover-image"
    cover_image.media_type, cover_image.content = cover.media_type, cover.data
    package.add_item(cover_image)
    package.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})  # EPUB 2's, for Kobo
    package.add_item(epub.EpubNcx())
    package.spine = spine
    # The EPUB 2 table of contents (toc.ncx), for older reading systems and Kindle conversion: what nav has.
    package.title = book.metadata.full_title  # its docTitle; the dc:title elements are set_metadata's
    package.toc = _ncx(_toc(book, documents))
    buffer = io.BytesIO()
    epub.write_epub(buffer, package, {"mtime": modified, "epub2_guide": False, "epub3_landmark": False,
                                      "epub3_pages": False, "raise_exceptions": True})
    return _normalise_zip(buffer.getvalue(), modified, {"EPUB/content.opf": _package_language(book.metadata.language)})


class FinishedDocument(epub.EpubHtml):
    """An XHTML document we rendered ourselves: ebooklib must write it unchanged."""

    def get_content(self, default=None):
        return self.content


# Documents -------------------------------------------------------------------

def _documents(book: Book, image_urls: dict[str, str], breaks: PageBreaks | None,
               cover: tuple[str, str]) -> list[EpubDocument]:
    """The spine's documents in order: the cover, the title page, the contents, the parts, the endnotes and the
    colophon. `cover`: the cover image's name in the package and its alt text."""
    meta = book.metadata
    labels = labels_for(meta.language)
    stylesheets = STYLESHEETS if book.styles.epub is not None else STYLESHEETS[:1]
    direction = xhtml.book_direction(book)
    common = {"language": meta.language, "direction": direction, "stylesheets": stylesheets, "labels": labels,
              "meta": meta,
              "contributor_groups": contributor_groups(meta.contributors, meta.language)}
    part_files = {part.id: f"{part.id}.xhtml" for part in book.parts}
    endnotes = meta.notes.epub == "endnotes"

    def note_ref(ref: NoteRef) -> Markup:
        target = f"endnotes.xhtml#note-{ref.note.number}" if endnotes else f"#note-{ref.note.number}"
        # A superscript link, as Amazon's Kindle Publishing Guidelines ask for notes (and every reader shows):
        # the <sup> carries the position, so a reader's own styles and themes do the rest.
        return Markup('<a id="noteref-{0}" class="noteref" href="{1}" epub:type="noteref" '
                      'role="doc-noteref"><sup>{0}</sup></a>').format(ref.note.number, target)

    def links(file_name: str) -> xhtml.Links:
        """An internal link points into the part file that holds its target; a note's, into the endnotes file
        when the notes are there, else into the part of its call, where its aside is."""
        def href(target: LinkTarget) -> str:
            target_file = "endnotes.xhtml" if endnotes and is_note(target) else part_files[target.part_id]
            return f"#{target.id}" if target_file == file_name else f"{target_file}#{target.id}"

        return xhtml.Links(note_ref, href, image_urls.__getitem__, direction)

    breaks = breaks or PageBreaks(parts=book.parts)
    documents = [EpubDocument("cover.xhtml", labels["cover_page"], _page(
        "epub_cover.xhtml.j2", common, document_title=labels["cover_page"], body_type="cover",
        src=quote(cover[0]), alt=cover[1]))]
    documents.append(EpubDocument("titlepage.xhtml", labels["titlepage"], _page(
        "epub_titlepage.xhtml.j2", common, document_title=meta.full_title, body_type="frontmatter",
        page_breaks=_markers(breaks.front))))
    documents.append(EpubDocument("nav.xhtml", labels["contents"], b"", properties=("nav",)))
    for part in breaks.parts:
        view = _part_view(part, links(part_files[part.id]), breaks, footnotes=not endnotes)
        body_type = ("frontmatter" if part.role == "introduction"
                     else "backmatter" if part.role in ("afterword", "colophon") else "bodymatter")
        documents.append(EpubDocument(part_files[part.id], part.heading_text, _page(
            "epub_part.xhtml.j2", common, document_title=part.heading_text, body_type=body_type, part=view)))
    if endnotes and book.notes():
        groups = [_endnote_group(part, links("endnotes.xhtml"), part_files[part.id], breaks)
                  for part in book.parts if part.notes()]
        documents.append(EpubDocument("endnotes.xhtml", labels["notes"], _page(
            "epub_endnotes.xhtml.j2", common, document_title=labels["notes"], body_type="backmatter", groups=groups)))
    documents.append(EpubDocument("colophon.xhtml", labels["colophon"], _page(
        "epub_colophon.xhtml.j2", common, document_title=labels["colophon"], body_type="backmatter")))
    nav = _page("epub_nav.xhtml.j2", common, document_title=labels["contents"], body_type="frontmatter",
                toc=_toc(book, documents), landmarks=_landmarks(book, labels, part_files),
                page_list=_page_list(book, breaks, part_files, endnotes))
    documents[2] = EpubDocument("nav.xhtml", labels["contents"], nav, properties=("nav",))
    return documents


def _page(template: str, common: dict, **context: object) -> bytes:
    return render_template(template, **common, **context).encode("utf-8")


def _part_view(part: Part, links: xhtml.Links, breaks: PageBreaks, footnotes: bool) -> dict:
    epub_type, aria_role = _PART_SEMANTICS[part.role]
    return {
        "id": part.id, "role": part.role, "epub_type": epub_type, "aria_role": aria_role,
        "attributes": xhtml.section_attributes(part, links.direction), "classes": part.attrs.get("class", ""),
        "page_breaks": _markers(breaks.before_heading.get(part.id, [])),
        "heading": xhtml.render_nodes(part.heading, links),
        "blocks": xhtml.render_blocks(part.blocks, links),
        "notes": _section_notes(part, links, breaks) if footnotes else [],
        "entries": [
            {"id": entry.id, "attributes": xhtml.section_attributes(entry, links.direction),
             "classes": entry.attrs.get("class", ""),
             "page_breaks": _markers(breaks.before_heading.get(entry.id, [])),
             "heading": xhtml.render_entry_heading(entry, links),
             "blocks": xhtml.render_blocks(entry.blocks, links),
             "notes": _section_notes(entry, links, breaks) if footnotes else []}
            for entry in part.entries
        ],
    }


def _markers(markers: list[Element]) -> Markup:
    return xhtml.render_nodes(markers, xhtml.Links(_no_note))


def _no_note(ref: NoteRef) -> Markup:
    raise AssertionError("a page-break marker holds no note")


def _section_notes(section: Section, links: xhtml.Links, breaks: PageBreaks) -> list[dict]:
    return [_note_view(ref.note, links, f"#noteref-{ref.note.number}", breaks) for ref in section.note_refs()]


def _endnote_group(part: Part, links: xhtml.Links, part_file: str, breaks: PageBreaks) -> dict:
    notes = part.notes()
    return {"id": part.id, "heading": xhtml.render_nodes(part.heading, links), "start": notes[0].number,
            "notes": [_note_view(note, links, f"{part_file}#noteref-{note.number}", breaks) for note in notes]}


def _note_view(note: Note, links: xhtml.Links, backlink: str, breaks: PageBreaks) -> dict:
    """The note's first paragraph joins the number; the rest follows as blocks (with the print edition's page
    breaks, where print endnotes put a page's beginning inside the note)."""
    blocks = list(breaks.notes.get(note.number or 0, note.blocks))
    lead = Markup("")
    if blocks and blocks[0].tag == "p":
        lead = xhtml.render_nodes(blocks.pop(0).children, links)
    return {"id": f"note-{note.number}", "number": note.number, "backlink": backlink, "lead": lead,
            "rest": xhtml.render_blocks(blocks, links)}


# Navigation ------------------------------------------------------------------

def _toc(book: Book, documents: list[EpubDocument]) -> list[dict]:
    part_items = [
        {"href": f"{part.id}.xhtml", "label": part.heading_text,
         "children": [{"href": f"{part.id}.xhtml#{entry.id}", "label": _toc_label(entry)} for entry in part.entries]}
        for part in book.parts
    ]
    extra = [{"href": doc.file_name, "label": doc.title, "children": []}
             for doc in documents if doc.file_name in ("endnotes.xhtml", "colophon.xhtml")]
    return part_items + extra


def _ncx(items: list[dict], prefix: str = "toc") -> list:
    """ebooklib's table of contents: a Link per leaf, a (Section, children) pair where there are children."""
    toc: list = []
    for index, item in enumerate(items, start=1):
        uid = f"{prefix}-{index}"
        if item.get("children"):
            toc.append((epub.Section(item["label"], item["href"]), _ncx(item["children"], uid)))
        else:
            toc.append(epub.Link(item["href"], item["label"], uid))
    return toc


def _toc_label(entry: Entry) -> str:
    """Entries are listed by their date and title, as the heading gives them."""
    return entry.heading_text.strip().rstrip(".:").strip() or entry.id


def _page_list(book: Book, breaks: PageBreaks, part_files: dict[str, str], endnotes: bool) -> list[dict]:
    """The page-list nav: each print page's folio and its marker (a note's marker is in its part's file, or in
    endnotes.xhtml)."""
    note_parts = {f"note-{note.number}": part.id for part in book.parts for note in part.notes()}

    def file_of(flow: str | None) -> str:
        if flow is None:
            return "titlepage.xhtml"
        if flow in part_files:
            return part_files[flow]
        return "endnotes.xhtml" if endnotes else part_files[note_parts[flow]]

    return [{"href": f"{file_of(flow)}#{page_break_id(folio)}", "label": folio} for folio, flow in breaks.places]


def _landmarks(book: Book, labels: dict, part_files: dict[str, str]) -> list[dict]:
    body = next((part for part in book.parts if part.role is None), book.parts[0])
    return [
        {"type": "cover", "href": "cover.xhtml", "label": labels["cover_page"]},
        {"type": "titlepage", "href": "titlepage.xhtml", "label": labels["titlepage"]},
        {"type": "toc", "href": "nav.xhtml#toc", "label": labels["contents"]},
        {"type": "bodymatter", "href": part_files[body.id], "label": labels["start"]},
    ]


# Package ---------------------------------------------------------------------

def _set_metadata(package: epub.EpubBook, book: Book, paginated: bool) -> None:
    meta = book.metadata
    package.set_identifier(meta.package_identifier)
    package.set_language(meta.language)
    package.add_metadata("DC", "title", meta.title, {"id": "title"})
    package.add_metadata(None, "meta", "main", {"refines": "#title", "property": "title-type"})
    if meta.subtitle:
        package.add_metadata("DC", "title", meta.subtitle, {"id": "subtitle"})
        package.add_metadata(None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"})
    for kind, people in (("creator", meta.creators), ("contributor", meta.contributors)):
        for index, person in enumerate(people, start=1):
            uid = f"{kind}-{index}"
            package.add_metadata("DC", kind, person.name, {"id": uid})
            package.add_metadata(None, "meta", person.role,
                                 {"refines": f"#{uid}", "property": "role", "scheme": "marc:relators"})
            if person.file_as:
                package.add_metadata(None, "meta", person.file_as, {"refines": f"#{uid}", "property": "file-as"})
    for name in ("date", "publisher", "rights", "description", "source"):
        value = getattr(meta, name)
        if value:
            package.add_metadata("DC", name, value)
    if paginated:  # the print edition the page breaks are of (Ace's epub-pagesource wants it as a dc:source)
        package.add_metadata("DC", "source", _print_edition(book))
    _set_accessibility(package, book, paginated)


def _print_edition(book: Book) -> str:
    """The print edition's identifier: its ISBN, else the identifier its PDF carries."""
    isbn = book.metadata.print.isbn
    return f"urn:isbn:{isbn}" if isbn else book.metadata.stable_identifier


def _set_accessibility(package: epub.EpubBook, book: Book, paginated: bool) -> None:
    """EPUB Accessibility 1.1 metadata; conformance is claimed only when someone certifies it."""
    has_images = bool(_images(book))
    properties: list[tuple[str, str]] = [("schema:accessMode", "textual")]
    if has_images:
        properties.append(("schema:accessMode", "visual"))
    properties.append(("schema:accessModeSufficient", "textual"))
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if has_images:
        features.append("alternativeText")
    if book.notes():
        features.append("annotations")
    if paginated:
        features += ["pageNavigation", "printPageNumbers"]
    properties += [("schema:accessibilityFeature", feature) for feature in features]
    properties.append(("schema:accessibilityHazard", "none"))
    summary = book.metadata.accessibility.summary or _default_summary(book)
    properties.append(("schema:accessibilitySummary", summary))
    if paginated:
        properties.append(("pageBreakSource", _print_edition(book)))  # EPUBCheck: w3c/epubcheck#1491
    certifier = book.metadata.accessibility.certified_by
    if certifier:
        properties.append(("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"))
        properties.append(("a11y:certifiedBy", certifier))
    for name, value in properties:
        package.add_metadata(None, "meta", value, {"property": name})


def _default_summary(book: Book) -> str:
    notes = " Notes are linked from their calls and back." if book.notes() else ""
    return ("This publication has a table of contents, structured headings, and text in a logical reading order; "
            f"text in other languages is marked as such.{notes}")


@dataclass(frozen=True)
class _Image:
    source: str  # the file in the manuscript
    href: str  # its name in the package
    location: Location  # the first place that shows it
    uid: str
    media_type: str


_IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif",
                ".svg": "image/svg+xml", ".webp": "image/webp"}


def _images(book: Book, reserved: str = "") -> list[_Image]:
    """Every image of the book, in its text or in its notes; none named `reserved` (the cover's name)."""
    places: dict[str, Location] = {}
    for image in book.elements("img"):
        places.setdefault(image.attrs["src"], image.location or Location(book.root))
    images: list[_Image] = []
    names: set[str] = {reserved.casefold()} if reserved else set()
    for index, source in enumerate(sorted(places)):
        href = base = _package_name(source)
        counter = 2
        while href.casefold() in names:  # "a b.png" and "a-b.png" both exist; A.png and a.png on some systems
            href = f"{Path(base).with_suffix('')}-{counter}{Path(base).suffix}"
            counter += 1
        names.add(href.casefold())
        images.append(_Image(source, href, places[source], f"image-{index}",
                             _IMAGE_TYPES.get(Path(source).suffix.lower(), "application/octet-stream")))
    return images


def _package_name(source: str) -> str:
    """An image's name inside the EPUB: its path with no spaces or punctuation, which EPUBCheck warns about
    (PKG-010) and older reading systems mishandle; letters of every script are kept."""
    return re.sub(r"[^\w./-]", "-", source)


def _package_language(language: str):
    """ebooklib writes no xml:lang on <package> (DAISY Ace: epub-lang); add it."""

    def rewrite(opf: bytes) -> bytes:
        root = etree.fromstring(opf)
        root.set("{http://www.w3.org/XML/1998/namespace}lang", language)
        return etree.tostring(root, xml_declaration=True, encoding="utf-8")

    return rewrite


def _normalise_zip(data: bytes, modified: datetime.datetime, rewrites: dict) -> bytes:
    """Rewrite the archive: mimetype first and stored, every entry with the same fixed time and mode."""
    stamp = max(modified, datetime.datetime(1980, 1, 1, tzinfo=modified.tzinfo)).timetuple()[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        names = sorted(source.namelist(), key=lambda name: (name != "mimetype", name != "META-INF/container.xml"))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            content = source.read(name)
            if name in rewrites:
                content = rewrites[name](content)
            target.writestr(info, content, compresslevel=9 if name != "mimetype" else None)
    return output.getvalue()
