"""Store profiles: the published rules of ebook stores that EPUBCheck does not check.

`check --store kdp` runs them on the EPUB the build would make. A store is a name, a title and
a tuple of rules; a rule is a small function of the parsed package (`EpubPackage`: the OPF's
metadata, manifest and spine, each image's pixel size, each XHTML document parsed) and of its
store, yielding findings whose message begins with the store's name. The numbers and where each
comes from are in docs/stores.md; a rule's docstring names its source in a few words.

This module imports lxml and Pillow at the top: import it only where store checks run.
"""

from __future__ import annotations

import io
import posixpath
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from PIL import Image

from carnets_press.codes import finding
from carnets_press.errors import Location, UsageError, ValidationError
from carnets_press.findings import Finding

XHTML = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
OPS = "http://www.idpf.org/2007/ops"
SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
EPUB_TYPE = f"{{{OPS}}}type"

# Our own EPUB, but read as any package would be: no entities, no network, no huge trees.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

MB = 1000 * 1000  # the stores write "650 MB", "2 GB": read in decimal units, the stricter reading
GB = 1000 * MB


# The package ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    """A manifest item; `path` is its name inside the zip (EPUB/images/cover.jpg)."""

    id: str
    path: str
    media_type: str
    properties: frozenset[str] = frozenset()
    size: int = 0  # bytes in the archive, uncompressed


@dataclass(frozen=True)
class Picture:
    """A raster image's pixel size; SVG and images Pillow cannot read have none."""

    width: int
    height: int

    @property
    def pixels(self) -> int:
        return self.width * self.height

    def __str__(self) -> str:
        return f"{self.width} × {self.height} px"


@dataclass(frozen=True)
class EpubPackage:
    """What the rules read of an EPUB, parsed once."""

    name: str  # the EPUB's file name, which findings name their files under (book.epub/EPUB/nav.xhtml)
    size: int  # the EPUB file's bytes
    opf_path: str
    manifest: dict[str, Item]  # by id, in the OPF's order
    spine: tuple[str, ...]  # idrefs, in reading order
    cover_image: str | None  # the id of the item with properties="cover-image" (EPUB 3)
    cover_meta: str | None  # the content of <meta name="cover"> (EPUB 2), whatever it names
    pictures: dict[str, Picture]  # by path, for the raster images
    documents: dict[str, etree._Element] = field(repr=False)  # by path, each XHTML document's root

    @property
    def cover(self) -> Item | None:
        """The cover image: the EPUB 3 cover-image item, else the image <meta name="cover"> names."""
        if self.cover_image is not None:
            return self.manifest[self.cover_image]
        item = self.manifest.get(self.cover_meta or "")
        return item if item is not None and item.media_type.startswith("image/") else None

    @property
    def images(self) -> list[Item]:
        return [item for item in self.manifest.values() if item.media_type.startswith("image/")]

    def spine_documents(self) -> Iterator[tuple[str, etree._Element]]:
        for idref in self.spine:
            item = self.manifest.get(idref)
            if item is not None and item.path in self.documents:
                yield item.path, self.documents[item.path]

    def location(self, path: str | None = None, element: etree._Element | None = None) -> Location:
        """A place inside the EPUB, as EPUBCheck's findings give it; the EPUB itself without `path`."""
        line = element.sourceline if element is not None else None
        return Location(Path(f"{self.name}/{path}") if path else Path(self.name), line)

    @cached_property
    def ids(self) -> dict[str, dict[str, etree._Element]]:
        """Each document's elements by id."""
        return {path: {element.get("id"): element for element in root.iter() if element.get("id")}
                for path, root in self.documents.items()}

    def target(self, document: str, href: str) -> tuple[str, str] | None:
        """(document, fragment) an internal href points to, from the document it is in; None for a web address."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(document), unquote(parts.path))) \
            if parts.path else document
        return path, unquote(parts.fragment)


def read_package(epub: bytes, epub_name: str) -> EpubPackage:
    """Parse the parts of an EPUB the store rules read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(epub))
    except zipfile.BadZipFile:
        raise ValidationError(f"{epub_name} is not an EPUB (not a zip archive)", Location(Path(epub_name))) from None
    with archive:
        sizes = {info.filename: info.file_size for info in archive.infolist()}
        try:
            rootfile = _xml(archive.read("META-INF/container.xml")).find(f".//{{{CONTAINER}}}rootfile")
            opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
            opf = _xml(archive.read(opf_path))
        except (KeyError, etree.XMLSyntaxError):
            raise ValidationError(f"{epub_name} has no package document that can be read",
                                  Location(Path(epub_name)), hint="run carnets-press validate on it") from None
        base = posixpath.dirname(opf_path)
        manifest: dict[str, Item] = {}
        for element in opf.iterfind(f"{{{OPF}}}manifest/{{{OPF}}}item"):
            path = posixpath.normpath(posixpath.join(base, unquote(element.get("href", ""))))
            manifest[element.get("id", "")] = Item(element.get("id", ""), path, element.get("media-type", ""),
                                                   frozenset(element.get("properties", "").split()),
                                                   sizes.get(path, 0))
        spine = tuple(ref.get("idref", "") for ref in opf.iterfind(f"{{{OPF}}}spine/{{{OPF}}}itemref"))
        cover_image = next((item.id for item in manifest.values() if "cover-image" in item.properties), None)
        meta = opf.find(f"{{{OPF}}}metadata/{{{OPF}}}meta[@name='cover']")
        pictures: dict[str, Picture] = {}
        documents: dict[str, etree._Element] = {}
        for item in manifest.values():
            if item.path not in sizes:
                continue  # EPUBCheck reports a missing resource
            if item.media_type.startswith("image/") and item.media_type != "image/svg+xml":
                picture = _picture(archive.read(item.path))
                if picture is not None:
                    pictures[item.path] = picture
            elif item.media_type == "application/xhtml+xml":
                try:
                    documents[item.path] = _xml(archive.read(item.path))
                except etree.XMLSyntaxError:
                    continue  # EPUBCheck reports it
    return EpubPackage(epub_name, len(epub), opf_path, manifest, spine, cover_image,
                       meta.get("content") if meta is not None else None, pictures, documents)


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def _picture(data: bytes) -> Picture | None:
    """The pixel size from the image's header; nothing is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return Picture(*image.size)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


# Stores ------------------------------------------------------------------------------------------------------

Rule = Callable[["EpubPackage", "Store"], Iterable[Finding]]


@dataclass(frozen=True)
class Store:
    name: str  # what --store takes: kdp
    title: str  # how messages name it: KDP
    rules: tuple[Rule, ...]

    def finding(self, code: str, message: str, location: Location | None = None) -> Finding:
        return finding(code, f"{self.name}: {message}", location)

    def check(self, package: EpubPackage) -> list[Finding]:
        return [found for rule in self.rules for found in rule(package, self)]


def store_findings(epub: bytes, stores: Sequence[str], epub_name: str) -> list[Finding]:
    """The findings of the named stores' rules (`all`: every store) on an EPUB's bytes, store by store."""
    names = store_names(stores)
    package = read_package(epub, epub_name)
    return [found for name in names for found in STORES[name].check(package)]


def store_names(stores: Sequence[str]) -> list[str]:
    """The stores asked for, `all` expanded, each once, in the registry's order; UsageError for an unknown one."""
    unknown = [name for name in stores if name != "all" and name not in STORES]
    if unknown:
        raise UsageError(f"unknown store {unknown[0]!r}", hint="choose from " + ", ".join([*STORES, "all"]))
    return [name for name in STORES if name in stores or "all" in stores]


# Rules: the cover ---------------------------------------------------------------------------------------------

def cover_required(package: EpubPackage, store: Store) -> Iterator[Finding]:
    """The EPUB must hold its front cover image (Google Play Books)."""
    if package.cover is None:
        yield store.finding("store-cover-missing",
                            f"the EPUB declares no cover image; {store.title} requires the front cover inside it",
                            package.location(package.opf_path))


def cover_meta(package: EpubPackage, store: Store) -> Iterator[Finding]:
    """<meta name="cover"> names the cover image's manifest item (Kobo reads it for the library thumbnail)."""
    where = package.location(package.opf_path)
    if package.cover_meta is None:
        yield store.finding("store-cover-meta", f'the OPF has no <meta name="cover">, which {store.title} reads '
                            "to find the cover for the library thumbnail", where)
        return
    item = package.manifest.get(package.cover_meta)
    if item is None or not item.media_type.startswith("image/"):
        yield store.finding("store-cover-meta", f'<meta name="cover"> names {package.cover_meta!r}, which is not an '
                            "image of the manifest", where)


def cover_dimensions(*, shorter: int, longer: int = 0, largest: int | None = None,
                     file_bytes: int | None = None) -> Rule:
    """The cover's pixel sizes the store accepts: the shorter and the longer side at least, each side at most."""

    def rule(package: EpubPackage, store: Store) -> Iterator[Finding]:
        cover = package.cover
        if cover is None:
            return
        picture = package.pictures.get(cover.path)
        where = package.location(cover.path)
        if picture is not None:
            low, high = sorted((picture.width, picture.height))
            if low < shorter or high < longer:
                needed = f"{shorter} × {longer}" if longer else f"{shorter} px on the shorter side"
                yield store.finding("store-cover-size", f"the cover is {picture}; {store.title} accepts no less than "
                                    f"{needed}", where)
            if largest is not None and high > largest:
                yield store.finding("store-cover-size", f"the cover is {picture}; {store.title} accepts no more "
                                    f"than {largest} px a side", where)
        if file_bytes is not None and cover.size > file_bytes:
            yield store.finding("store-cover-size", f"the cover file is {cover.size / MB:.0f} MB; {store.title} "
                                f"accepts {file_bytes / MB:.0f} MB at most", where)

    return rule


def cover_recommended(*, width: int, height: int, tolerance: float = 0.01) -> Rule:
    """The cover's size and ratio the store recommends (below them it only reminds)."""
    ratio = height / width

    def rule(package: EpubPackage, store: Store) -> Iterator[Finding]:
        cover = package.cover
        picture = package.pictures.get(cover.path) if cover is not None else None
        if cover is None or picture is None:
            return
        where = package.location(cover.path)
        ideal = f"{store.title}'s ideal is {width} × {height} ({ratio:g}:1)"
        if picture.width < width or picture.height < height:
            yield store.finding("store-cover-small", f"the cover is {picture}; {ideal}", where)
        if abs(picture.height / picture.width - ratio) > tolerance * ratio:
            yield store.finding("store-cover-ratio", f"the cover is {picture}, {picture.height / picture.width:.2f}:1 "
                                f"(height:width); {ideal}", where)

    return rule


def cover_not_gif(package: EpubPackage, store: Store) -> Iterator[Finding]:
    """GIF covers are not supported (Kobo)."""
    cover = package.cover
    if cover is not None and cover.media_type == "image/gif":
        yield store.finding("store-cover-format", f"the cover is a GIF, which {store.title} does not support for "
                            "covers", package.location(cover.path))


def cover_page(package: EpubPackage, store: Store) -> Iterator[Finding]:
    """The cover image is shown on a page of the spine of its own: no text, no other image, no link (Kobo)."""
    cover = package.cover
    if cover is None:
        return
    for path, root in package.spine_documents():
        images = list(_images_shown(package, path, root))
        if cover.path not in images:
            continue
        body = root.find(f"{{{XHTML}}}body")
        text = " ".join("".join(body.itertext()).split()) if body is not None else ""
        others = sorted({image for image in images if image != cover.path})
        links = root.findall(f".//{{{XHTML}}}a[@href]")
        if text or others or links:
            what = [name for name, there in (("text", text), ("another image", others), ("a link", links)) if there]
            yield store.finding("store-cover-page", f"the page that shows the cover also holds {' and '.join(what)}; "
                                f"{store.title} wants the cover image in an XHTML file of its own",
                                package.location(path, body))
        return
    yield store.finding("store-cover-page", f"no page of the spine shows the cover image; {store.title} wants it in "
                        "an XHTML file of its own", package.location(cover.path))


def _images_shown(package: EpubPackage, path: str, root: etree._Element) -> Iterator[str]:
    """The files a document shows as images: <img src>, SVG <image href>."""
    for element in root.iter(f"{{{XHTML}}}img", f"{{{SVG}}}image"):
        href = element.get("src") or element.get(f"{{{XLINK}}}href") or element.get("href")
        target = package.target(path, href) if href else None
        if target is not None:
            yield target[0]


# Rules: images and files --------------------------------------------------------------------------------------

def image_pixels(*, most: int) -> Rule:
    """Images inside the EPUB, cover included, of at most `most` pixels (width × height)."""

    def rule(package: EpubPackage, store: Store) -> Iterator[Finding]:
        for item in package.images:
            picture = package.pictures.get(item.path)
            if picture is not None and picture.pixels > most:
                yield store.finding("store-image-too-large", f"the image is {picture} ({picture.pixels / 1e6:.1f} "
                                    f"million pixels); {store.title} refuses images of over {most / 1e6:g} million",
                                    package.location(item.path))

    return rule


def file_size(*, error: int | None = None, warning: int | None = None) -> Rule:
    """The EPUB file's size: over `error` the store refuses it, over `warning` it advises against it."""

    def rule(package: EpubPackage, store: Store) -> Iterator[Finding]:
        size = f"the EPUB is {package.size / MB:,.0f} MB"
        if error is not None and package.size >= error:
            yield store.finding("store-file-too-large", f"{size}; {store.title} accepts less than {_bytes(error)}",
                                package.location())
        elif warning is not None and package.size > warning:
            yield store.finding("store-file-large", f"{size}; {store.title} advises {_bytes(warning)} at most",
                                package.location())

    return rule


def _bytes(count: int) -> str:
    return f"{count / GB:g} GB" if count >= GB else f"{count / MB:g} MB"


# Rules: notes -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Call:
    """A note call, `<a epub:type="noteref">` in the text, and the note it links to."""

    document: str
    element: etree._Element
    note_document: str
    note: etree._Element | None  # None: the link leads nowhere (EPUBCheck reports it)


def note_calls(package: EpubPackage) -> list[Call]:
    """Every noteref of the book that is a call, not a note's own link back (Kindle's example marks both)."""
    links = []
    for path, root in package.documents.items():
        for element in root.iter(f"{{{XHTML}}}a"):
            href = element.get("href")
            target = package.target(path, href) if href else None
            if "noteref" in element.get(EPUB_TYPE, "").split() and target is not None:
                links.append((path, element, target))
    notes = {(document, fragment) for _, _, (document, fragment) in links}
    calls = []
    for path, element, (document, fragment) in links:
        if any((path, ancestor.get("id")) in notes for ancestor in element.iterancestors()):
            continue  # a link back from inside a note
        calls.append(Call(path, element, document, package.ids.get(document, {}).get(fragment)))
    return calls


def note_links_back(package: EpubPackage, store: Store) -> Iterator[Finding]:
    """Each note links back to its call: Kindle requires bi-directional footnote links."""
    calls = [call for call in note_calls(package) if call.note is not None]
    yield from _by_document(package, store, "store-note-backlink", calls,
                            [call for call in calls if _backlink(package, call) is None],
                            "notes here with no link back to their call: {count} of {total}; {title} requires "
                            "footnotes linked both ways", at_note=True)


def note_format(package: EpubPackage, store: Store) -> Iterator[Finding]:
    """Kindle's footnote markup: the call in <sup>, the link back first in the note, before its text."""
    calls = [call for call in note_calls(package) if call.note is not None]
    yield from _by_document(package, store, "store-note-format", calls,
                            [call for call in calls if not _superscript(call)],
                            "note calls here not in superscript: {count} of {total}; {title}'s footnote markup puts "
                            "the call in <sup>")
    late = []
    for call in calls:
        backlink = _backlink(package, call)
        if backlink is not None and call.note is not None and not _comes_first(call.note, backlink):
            late.append(call)
    yield from _by_document(package, store, "store-note-format", calls, late,
                            "notes here that do not begin with their link back: {count} of {total}; {title}'s "
                            "footnote markup puts it first, before the note's text", at_note=True)


def _by_document(package: EpubPackage, store: Store, code: str, calls: list[Call], faulty: list[Call],
                 message: str, at_note: bool = False) -> Iterator[Finding]:
    """One finding per document for the calls (`at_note`: the notes) at fault, at the first of them: a book of
    three hundred notes gets one line a part, not three hundred."""
    totals: dict[str, int] = {}
    for call in calls:
        key = call.note_document if at_note else call.document
        totals[key] = totals.get(key, 0) + 1
    places: dict[str, list[etree._Element]] = {}
    for call in faulty:
        if at_note and call.note is not None:
            places.setdefault(call.note_document, []).append(call.note)
        else:
            places.setdefault(call.document, []).append(call.element)
    for path, elements in places.items():
        first = min(elements, key=lambda element: element.sourceline or 0)
        text = message.format(count=len(elements), total=totals.get(path, len(elements)), title=store.title)
        yield store.finding(code, text, package.location(path, first))


def _backlink(package: EpubPackage, call: Call) -> etree._Element | None:
    """The link inside the note back to the call's id."""
    call_id = call.element.get("id")
    if not call_id or call.note is None:
        return None
    for element in call.note.iter(f"{{{XHTML}}}a"):
        href = element.get("href")
        if href and package.target(call.note_document, href) == (call.document, call_id):
            return element
    return None


def _superscript(call: Call) -> bool:
    """The call is inside <sup>, or all its text is."""
    if any(ancestor.tag == f"{{{XHTML}}}sup" for ancestor in call.element.iterancestors()):
        return True
    texts = [text for text in call.element.xpath(".//text()") if text.strip()]
    return bool(texts) and all(_inside(text, f"{{{XHTML}}}sup", call.element) for text in texts)


def _inside(text, tag: str, stop: etree._Element) -> bool:
    """Whether a text node of `stop` lies within an element `tag` below `stop`."""
    element = text.getparent().getparent() if text.is_tail else text.getparent()
    while element is not None and element is not stop:
        if element.tag == tag:
            return True
        element = element.getparent()
    return False


def _comes_first(note: etree._Element, backlink: etree._Element) -> bool:
    """Whether the note's first text is the link back's."""
    for text in note.xpath(".//text()"):
        if not text.strip():
            continue
        element = text.getparent().getparent() if text.is_tail else text.getparent()
        while element is not None and element is not note:
            if element is backlink:
                return True
            element = element.getparent()
        return False
    return True


# The registry -------------------------------------------------------------------------------------------------

STORES: dict[str, Store] = {store.name: store for store in (
    Store("kdp", "KDP", (
        # KDP Help, "Cover Image Guidelines": 2,560 × 1,600 ideal (height × width, 1.6:1); 1,000 × 625 at least,
        # 10,000 × 10,000 at most, 50 MB at most.
        cover_dimensions(shorter=625, longer=1000, largest=10000, file_bytes=50 * MB),
        cover_recommended(width=1600, height=2560),
        # Kindle Publishing Guidelines, 7 and 10.3.12: footnotes linked both ways; the example markup.
        note_links_back,
        note_format,
        # Kindle Publishing Guidelines, 10.4.2: "The maximum file size of an EPUB is 650 MB."
        file_size(error=650 * MB),
    )),
    Store("apple", "Apple Books", (
        # Apple Books Asset Guide, images: "Images within the EPUB cannot exceed 5.6 million pixels."
        image_pixels(most=5_600_000),
        # "Prepare your book": ideally under 1 GB, up to 2 GB allowed.
        file_size(error=2 * GB, warning=1 * GB),
    )),
    Store("kobo", "Kobo", (
        # Kobo EPUB Guidelines (kobolabs/epub-spec), Cover Images and Limitations and Maximums.
        cover_meta,
        cover_page,
        cover_not_gif,
        file_size(warning=1 * GB),
    )),
    Store("google", "Google Play Books", (
        # Google Play Books Partner Center Help, "Files and uploading overview".
        cover_required,
        cover_dimensions(shorter=640, largest=7200),
        file_size(error=2 * GB),
    )),
)}
