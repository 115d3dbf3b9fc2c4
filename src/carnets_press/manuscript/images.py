"""What an image file holds, checked before either edition takes it.

Raster images are opened with Pillow, which reads the header and checks the data: an empty or truncated
file, one whose bytes are not of the kind its name says (a PNG named .jpg), and a decompression bomb (a
small file that decodes to billions of pixels) are refused, never silently dropped by a renderer.

SVG images are XML that a reading system runs: a script, an event handler, a `javascript:` link or a
reference to anything outside the image itself would be packaged as it is, so such an SVG is refused
(we do not rewrite an author's drawing). It is parsed with entities left unresolved, no DTD loaded and
no network, so a "billion laughs" file or an external entity costs nothing; a DTD that declares
entities is refused outright.
"""

from __future__ import annotations

import re
from pathlib import Path

# Megapixels: a full-page scan at 600 dpi is about 35; PDF and EPUB readers struggle far below the limit.
MAX_MEGAPIXELS = 100
# Pillow's format names for the file names a manuscript may use.
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def image_problem(path: Path) -> tuple[str, str] | None:
    """(code, what is wrong) for an image file the book cannot carry, or None."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        problem = _svg_problem(path)
        return ("image-unsafe", problem) if problem else None
    if suffix not in _FORMATS:
        return "image-unreadable", f"is not a JPEG, PNG, GIF, WebP or SVG file (by its name, {suffix or 'no suffix'})"
    problem = _raster_problem(path, _FORMATS[suffix])
    return ("image-unreadable", problem) if problem else None


def _raster_problem(path: Path, expected: str) -> str | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            megapixels = image.width * image.height / 1e6
            actual = image.format
            if megapixels > MAX_MEGAPIXELS:
                return f"is {image.width} × {image.height} pixels, over the limit of {MAX_MEGAPIXELS} megapixels"
            image.verify()
    except Image.DecompressionBombError as error:
        return f"would decode to too many pixels ({error})"
    except (OSError, SyntaxError, ValueError) as error:  # what Pillow raises for data it cannot decode
        return f"cannot be decoded as an image ({error})"
    if actual != expected:
        return f"is a {actual} file, not the {expected} its name says"
    return None


def _svg_problem(path: Path) -> str | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        return f"is not well-formed XML ({error})"
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        return "declares XML entities, which an SVG in a book has no use for"
    root = tree.getroot()
    if root.tag != f"{_SVG}svg":
        return "is not an SVG document (its root element is not <svg>)"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        name = etree.QName(element).localname
        if name in ("script", "foreignObject", "iframe", "embed", "object"):
            return f"has a <{name}> element (line {element.sourceline})"
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                return f"has an event handler {local}= (line {element.sourceline})"
            if (attribute in ("href", _XLINK_HREF) and not value.strip().startswith("#")) or _URL.search(
                    value if local == "style" else ""):
                return f"refers to something outside the image, {value.strip()[:60]!r} (line {element.sourceline})"
        if name == "style" and element.text and (_URL.search(element.text) or "@import" in element.text):
            return f"has a stylesheet that loads something (line {element.sourceline})"
    return None
