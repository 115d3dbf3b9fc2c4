"""Write the Word fixtures that Pandoc cannot make: `python tests/importers/data/docx/make_fixtures.py`.

Each is the smallest .docx that Word itself would write for the case, by hand from the
WordprocessingML spec (ECMA-376 part 1): tracked changes, a comment, an image without
alt text beside one linked from the web, an endnote, an external entity, and what Word's own
styles do (a Quote style's italics, character styles with a language, an indented paragraph,
underlining, a merged cell in a table without a header row). The bytes are
the same on every run (fixed zip dates), and test_docx.py checks that the committed
files are what this script writes.
"""

from __future__ import annotations

import base64
import io
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NAMESPACES = (f'xmlns:w="{W}" xmlns:r="{R}" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
# A 1×1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJ"
                       "RU5ErkJggg==")

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W}">
<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/><w:basedOn w:val="Normal"/>
<w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Emphasis"><w:name w:val="Emphasis"/><w:rPr><w:i/></w:rPr></w:style>
<w:style w:type="character" w:styleId="Foreign"><w:name w:val="Foreign"/><w:basedOn w:val="Emphasis"/>
<w:rPr><w:lang w:val="fr-FR"/></w:rPr></w:style>
</w:styles>"""


def paragraph(text: str, style: str | None = None, inside: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{inside}</w:p>'


def document(body: str, doctype: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}\n'
            f'<w:document {NAMESPACES}><w:body>'
            + paragraph("1941", "Heading1") + paragraph("31 March 1941.", "Heading2") + body
            + "</w:body></w:document>")


def docx(body: str, parts: dict[str, tuple[str, str, bytes | str]] | None = None, doctype: str = "",
         external: dict[str, tuple[str, str]] | None = None) -> bytes:
    """A .docx: document.xml with ``body`` after a part and an entry heading; ``parts`` are more members
    {relationship id: (relationship type, member name, content)}; ``external`` {id: (type, target)}."""
    parts = {"rIdStyles": ("styles", "styles.xml", STYLES), **(parts or {})}
    overrides = {"styles": "styles+xml", "comments": "comments+xml", "endnotes": "endnotes+xml",
                 "footnotes": "footnotes+xml"}
    types = "".join(f'<Override PartName="/word/{name}" ContentType="{MAIN}.{overrides[kind]}"/>'
                    for kind, name, _ in parts.values() if kind in overrides)
    relationships = "".join(f'<Relationship Id="{rid}" Type="{RELATIONSHIP}/{kind}" Target="{name}"/>'
                            for rid, (kind, name, _) in parts.items())
    relationships += "".join(f'<Relationship Id="{rid}" Type="{RELATIONSHIP}/{kind}" Target="{target}" '
                             'TargetMode="External"/>' for rid, (kind, target) in (external or {}).items())
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN}.document.main+xml"/>{types}</Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIP}/officeDocument" Target="word/document.xml"/>'
            '</Relationships>'),
        "word/document.xml": document(body, doctype),
        "word/_rels/document.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relationships}'
            '</Relationships>'),
        **{f"word/{name}": content for _, name, content in parts.values()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def drawing(rid: str, alt: str | None, link: bool = False) -> str:
    description = f' descr="{alt}"' if alt is not None else ""
    blip = f'<a:blip r:{"link" if link else "embed"}="{rid}"/>'
    return ('<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
            f'<wp:docPr id="1" name="Picture 1"{description}/><a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
            '<pic:cNvPr id="1" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            f'<pic:blipFill>{blip}</pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>'
            '</wp:inline></w:drawing></w:r>')


def fixtures() -> dict[str, bytes]:
    tracked = ('<w:p><w:r><w:t xml:space="preserve">We sailed </w:t></w:r>'
               '<w:ins w:id="1" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r><w:t>at dawn</w:t></w:r></w:ins>'
               '<w:del w:id="2" w:author="Editor" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>at night'
               '</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>')
    comments = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">'
                '<w:comment w:id="0" w:author="Editor" w:date="2024-01-01T00:00:00Z" w:initials="E">'
                '<w:p><w:r><w:t>Check this name against the letters.</w:t></w:r></w:p></w:comment></w:comments>')
    commented = ('<w:p><w:r><w:t xml:space="preserve">We met </w:t></w:r><w:commentRangeStart w:id="0"/>'
                 '<w:r><w:t>Vlady</w:t></w:r><w:commentRangeEnd w:id="0"/>'
                 '<w:r><w:commentReference w:id="0"/></w:r><w:r><w:t xml:space="preserve"> on deck.</w:t></w:r></w:p>')
    endnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:endnotes xmlns:w="{W}">'
                '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
                '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
                '</w:endnote><w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r>'
                '<w:r><w:t xml:space="preserve"> Victor Serge’s son, the painter.</w:t></w:r></w:p></w:endnote>'
                '</w:endnotes>')
    with_endnote = ('<w:p><w:r><w:t>Vlady draws all day.</w:t></w:r>'
                    '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:endnoteReference w:id="1"/></w:r>'
                    '<w:r><w:t xml:space="preserve"> The sea is calm.</w:t></w:r></w:p>')
    images = (paragraph("The harbour:") + f"<w:p>{drawing('rIdImage', None)}</w:p>"
              + f"<w:p>{drawing('rIdWeb', 'A photograph on the web', link=True)}</w:p>")
    styled = ('<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>A quoted line.</w:t></w:r></w:p>'
              '<w:p><w:pPr><w:ind w:left="720"/></w:pPr><w:r><w:t>An indented paragraph.</w:t></w:r></w:p>'
              '<w:p><w:r><w:t xml:space="preserve">He said </w:t></w:r>'
              '<w:r><w:rPr><w:rStyle w:val="Emphasis"/></w:rPr><w:t>really</w:t></w:r>'
              '<w:r><w:t xml:space="preserve">, then </w:t></w:r>'
              '<w:r><w:rPr><w:rStyle w:val="Foreign"/></w:rPr><w:t>vraiment</w:t></w:r>'
              '<w:r><w:t xml:space="preserve"> and </w:t></w:r>'
              '<w:r><w:rPr><w:lang w:val="en-GB"/></w:rPr><w:t>plainly</w:t></w:r>'
              '<w:r><w:t xml:space="preserve"> </w:t></w:r>'
              '<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>underlined</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>'
              '<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Ports</w:t></w:r></w:p>'
              '</w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>Fort-de-France</w:t></w:r></w:p></w:tc>'
              '<w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p><w:p><w:r><w:t>days</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    entity = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    return {
        "tracked-changes.docx": docx(tracked),
        "comment.docx": docx(commented, {"rIdComments": ("comments", "comments.xml", comments)}),
        "endnote.docx": docx(with_endnote, {"rIdEndnotes": ("endnotes", "endnotes.xml", endnotes)}),
        "image-without-alt.docx": docx(images, {"rIdImage": ("image", "media/image1.png", PNG)},
                                       external={"rIdWeb": ("image", "https://example.org/harbour.png")}),
        "styles.docx": docx(styled),
        "external-entity.docx": docx(paragraph("Before &secret; after."), doctype=entity),
    }


def main() -> None:
    for name, data in fixtures().items():
        (HERE / name).write_bytes(data)
        print(f"wrote {HERE / name} ({len(data)} bytes)")


if __name__ == "__main__":
    sys.exit(main())
