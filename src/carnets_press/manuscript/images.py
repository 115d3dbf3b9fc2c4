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

import io

# Megapixels: a full-page scan at 600 dpi is about 35; PDF and EPUB readers struggle far below the limit.
MAX_MEGAPIXELS = 100
# Pillow's format names for the file names a manuscript may use.
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}
_SVG = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def image_problem(suffix: str, data: bytes) -> tuple[str, str] | None:
    """(code, what is wrong) for an image (the suffix of its name, its bytes) the book cannot carry, or None."""
    suffix = suffix.lower()
    if suffix == ".svg":
        problem = _svg_problem(data)
        return ("image-unsafe", problem) if problem else None
    if suffix not in _FORMATS:
        return "image-unreadable", f"is not a JPEG, PNG, GIF, WebP or SVG file (by its name, {suffix or 'no suffix'})"
    problem = _raster_problem(data, _FORMATS[suffix])
    return ("image-unreadable", problem) if problem else None


def _raster_problem(data: bytes, expected: str) -> str | None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
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


def _svg_problem(data: bytes) -> str | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as error:
        return f"is not well-formed XML ({error})"
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        return "declares XML entities, which an SVG in a book has no use for"
    root = tree.getroot()
    if root.tag != f"{_SVG}svg":
        return "is not an SVG document (its root element is not <svg>)"
    before = root.getprevious()
    while before is not None:  # <?xml-stylesheet href="…"?> loads a stylesheet into the drawing
        if isinstance(before, etree._ProcessingInstruction):
            return f"has a processing instruction <?{before.target} …?>"
        before = before.getprevious()
    for element in root.iter():
        if isinstance(element, etree._ProcessingInstruction):
            return f"has a processing instruction <?{element.target} …?> (line {element.sourceline})"
        if not isinstance(element.tag, str):
            continue  # comments
        name = etree.QName(element).localname
        if name in ("script", "foreignObject", "iframe", "embed", "object"):
            return f"has a <{name}> element (line {element.sourceline})"
        if name in _ANIMATIONS and element.get("attributeName", "").split(":")[-1] == "href":
            return f"has a <{name}> that changes a link (line {element.sourceline})"
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                return f"has an event handler {local}= (line {element.sourceline})"
            if "javascript:" in value.replace(" ", "").casefold():
                return f"has a javascript: address (line {element.sourceline})"
            if attribute in ("href", _XLINK_HREF) and not value.strip().startswith("#"):
                return f"refers to something outside the image, {value.strip()[:60]!r} (line {element.sourceline})"
            if _css_loads(f"x{{{local}: {value}}}" if local != "style" else f"x{{{value}}}"):
                return f"refers to something outside the image, {value.strip()[:60]!r} (line {element.sourceline})"
        if name == "style" and element.text and _css_loads(element.text):
            return f"has a stylesheet that loads something (line {element.sourceline})"
    return None


# SMIL animation elements, which can set an attribute (a link's href to javascript:) after the file is checked.
_ANIMATIONS = frozenset({"set", "animate", "animateMotion", "animateTransform", "animateColor"})


def _css_loads(css: str) -> bool:
    """Whether CSS (a <style>, or a presentation attribute such as fill="url(…)") loads anything but a fragment
    of the drawing itself; read by tinycss2, so escaped forms (u\\72l(, @\\69mport) count too."""
    if "url" not in css.casefold() and "\\" not in css and "@" not in css and "image" not in css.casefold():
        return False  # nearly every attribute: nothing that could load
    from carnets_press.manuscript.styles import loaded_urls

    return any(not url.startswith("#") for url in loaded_urls(css))
