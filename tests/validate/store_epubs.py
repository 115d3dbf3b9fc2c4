"""Small EPUBs assembled in the tests for the store rules: the parts the rules read, and nothing they don't.

`make_epub()` zips a package that looks valid (mimetype, container, OPF, XHTML) with a cover of the size a
test asks for, made with Pillow. The documents are ours to write, so that a rule can be shown what a store's
example markup looks like, and what it does not.
"""

from __future__ import annotations

import io
import zipfile

from support_images import png

EPUB_NAME = "book.epub"

NOTE_KINDLE = (  # Kindle Publishing Guidelines 10.3.12, method 1, as the guide gives it
    '<p>Text.<sup><a id="source" href="#ft-1-1" epub:type="noteref">1</a></sup></p>\n'
    '<aside id="ft-1-1" epub:type="footnote">\n'
    '<p><a epub:type="noteref" href="#source">1.</a> This is the footnote text.</p>\n'
    '</aside>\n'
)


def image(width: int, height: int, fmt: str = "JPEG") -> bytes:
    return png(width, height, color="navy", fmt=fmt)


def xhtml(body: str, title: str = "Page") -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
            f'xml:lang="en" lang="en">\n<head><title>{title}</title></head>\n<body>\n{body}</body>\n</html>\n')


def cover_page(href: str = "images/cover.jpg") -> str:
    return xhtml(f'<div class="cover"><img src="{href}" alt="The cover: the title and the author."/></div>\n',
                 "Cover")


def make_epub(*, cover: bytes | None = None, cover_type: str = "image/jpeg", cover_name: str = "cover.jpg",
              cover_image: bool = True, cover_meta: bool = True, cover_page_body: str | None = None,
              documents: dict[str, str] | None = None, images: dict[str, bytes] | None = None) -> bytes:
    """An EPUB's bytes: a cover (declared as `cover_image` and/or `cover_meta`, shown on cover.xhtml first in
    the spine unless `cover_page_body` is ""), then `documents` in order, with `images` (name under EPUB/:
    bytes)."""
    documents = dict(documents if documents is not None else {"text.xhtml": xhtml("<p>Words.</p>\n")})
    manifest = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>']
    spine = []
    files: dict[str, bytes] = {}
    meta = ""
    if cover is not None:
        href = f"images/{cover_name}"
        properties = ' properties="cover-image"' if cover_image else ""
        manifest.append(f'<item id="cover-img" href="{href}" media-type="{cover_type}"{properties}/>')
        files[f"EPUB/{href}"] = cover
        if cover_meta:
            meta = '<meta name="cover" content="cover-img"/>'
        if cover_page_body != "":
            page = xhtml(cover_page_body, "Cover") if cover_page_body is not None else cover_page(href)
            documents = {"cover.xhtml": page, **documents}
    for index, name in enumerate(documents):
        manifest.append(f'<item id="doc-{index}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="doc-{index}"/>')
        files[f"EPUB/{name}"] = documents[name].encode()
    for index, (name, data) in enumerate((images or {}).items()):
        kind = "image/png" if name.endswith(".png") else "image/jpeg"
        manifest.append(f'<item id="img-{index}" href="{name}" media-type="{kind}"/>')
        files[f"EPUB/{name}"] = data
    files["EPUB/nav.xhtml"] = xhtml('<nav epub:type="toc"><ol><li><a href="text.xhtml">Text</a></li></ol></nav>\n')
    opf = ('<?xml version="1.0" encoding="utf-8"?>\n'
           '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id" xml:lang="en">\n'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
           '<dc:identifier id="id">urn:uuid:00000000-0000-4000-8000-000000000000</dc:identifier>\n'
           '<dc:title>Test</dc:title><dc:language>en</dc:language>\n'
           f'<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>{meta}\n</metadata>\n'
           f'<manifest>\n{chr(10).join(manifest)}\n</manifest>\n<spine>\n{chr(10).join(spine)}\n</spine>\n'
           '</package>\n')
    container = ('<?xml version="1.0"?>\n<container version="1.0" '
                 'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
                 '<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>'
                 '</rootfiles></container>\n')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", container, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("EPUB/content.opf", opf, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in files.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
