"""The chunk PDFs as one, with pypdf: named destinations, outline and links kept, the metadata of a one-pass
PDF and a deterministic /ID: the same chunks give the same bytes."""

from __future__ import annotations

import hashlib
import io


class MergedPDF:
    """The parts appended in order, as soon as each is known to be placed right (while the workers lay out the
    next ones), then the front inserted before them (so that the contents links find the named destinations of
    the parts, merged first), with the front's metadata."""

    def __init__(self) -> None:
        from pypdf import PdfWriter

        self.writer = PdfWriter()
        self.parts: list[bytes] = []

    def append(self, part: bytes) -> None:
        from pypdf import PdfReader

        self.writer.append(PdfReader(io.BytesIO(part)))
        self.parts.append(part)

    def finish(self, front: bytes, identifier: bytes) -> bytes:
        from pypdf import PdfReader
        from pypdf.generic import ArrayObject, ByteStringObject, NameObject

        writer = self.writer
        front_reader = PdfReader(io.BytesIO(front))
        writer.merge(0, front_reader)
        writer.add_metadata(dict(front_reader.metadata or {}))
        catalog = front_reader.root_object
        if "/Lang" in catalog:
            writer.root_object[NameObject("/Lang")] = catalog["/Lang"].clone(writer)
        # As WeasyPrint's: the book's identifier, then a digest of this version (here, of the chunks).
        digest = hashlib.sha256(b"".join([front, *self.parts])).hexdigest()[:32].encode()
        writer._ID = ArrayObject([ByteStringObject(identifier), ByteStringObject(digest)])  # pypdf has no setter
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
