"""Images are checked when the manuscript is read: undecodable, mislabelled, bombs and active SVG refused."""

from __future__ import annotations

import zlib

import pytest
from support_images import png

from carnets_press.manuscript.images import MAX_MEGAPIXELS
from carnets_press.pipeline import load

SAFE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def findings_for(make_manuscript, name: str, data: bytes) -> list[tuple[str, int, str]]:
    root = make_manuscript({"a.md": f"# A\n\nText.\n\n![a drawing]({name})\n"})
    (root / name).write_bytes(data)
    return [(f.code, f.location.line, f.message) for f in load(root).findings]


def _bomb(side: int) -> bytes:
    """A valid PNG header announcing side × side pixels, from a few hundred bytes."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("name, data, words", [
    ("empty.png", b"", "cannot be decoded"),
    ("text.png", b"not an image at all", "cannot be decoded"),
    ("truncated.png", png(50, 50)[:-30], "cannot be decoded"),
    ("really-a-png.jpg", png(), "is a PNG file, not the JPEG its name says"),
    ("large.png", _bomb(11000), f"is 11000 × 11000 pixels, over the limit of {MAX_MEGAPIXELS} megapixels"),
    ("bomb.png", _bomb(20000), "would decode to too many pixels"),
    ("scan.tiff", png(fmt="TIFF"), "is not a JPEG, PNG, GIF, WebP or SVG file"),
])
def test_an_image_the_book_cannot_carry(make_manuscript, name, data, words):
    [(code, line, message)] = findings_for(make_manuscript, name, data)
    assert (code, line) == ("image-unreadable", 5) and words in message


@pytest.mark.parametrize("svg, words", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "event handler onload="),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     '<a x:href="javascript:alert(1)"><rect/></a></svg>', "a javascript: address"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="http://example.org/x.png"/></svg>', "outside the image"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(http://example.org/f)"/></svg>', "outside"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import "http://example.org/a.css";</style></svg>', "loads"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml"/>'
     '</foreignObject></svg>', "<foreignObject>"),
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>',
     "declares XML entities"),
    ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "declares XML entities"),
    ("<html/>", "not an SVG document"),
    ("<svg", "not well-formed"),
])
def test_an_svg_with_active_or_outside_content_is_refused(make_manuscript, svg, words):
    [(code, line, message)] = findings_for(make_manuscript, "drawing.svg", svg.encode())
    assert (code, line) == ("image-unsafe", 5) and words in message


def test_a_plain_svg_and_a_real_png_pass(make_manuscript):
    assert findings_for(make_manuscript, "drawing.svg", SAFE_SVG.encode()) == []
    assert findings_for(make_manuscript, "photo.png", png()) == []


@pytest.mark.parametrize("svg, words", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://example.org/f)"/></svg>', "outside"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect filter="url(other.svg#f)"/></svg>', "outside"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport "http://example.org/a.css";</style></svg>', "loads"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: u\\72l(http://example.org/f)"/></svg>', "outside"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><set attributeName="href" to="javascript:alert(1)"/>'
     '</a></svg>', "changes a link"),
    ('<?xml-stylesheet href="http://example.org/a.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
     "processing instruction"),
])
def test_the_svg_forms_a_review_found(make_manuscript, svg, words):
    [(code, line, message)] = findings_for(make_manuscript, "drawing.svg", svg.encode())
    assert (code, line) == ("image-unsafe", 5) and words in message


def test_an_svg_may_refer_to_its_own_parts(make_manuscript):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg"><defs><filter id="f"/></defs>'
           '<rect filter="url(#f)" style="fill: url(#g)"/></svg>')
    assert findings_for(make_manuscript, "drawing.svg", svg.encode()) == []
