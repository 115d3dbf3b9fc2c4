"""The PDF variants `build --pdf-variant` offers, and what each allows.

The plain PDF is the only one laid out in chunks: pypdf, which merges the chunks, keeps neither a PDF/UA-1
structure tree (the tags) nor the one output intent and XMP metadata of a PDF/A-2b document.
"""

from __future__ import annotations

from dataclasses import dataclass

from carnets_press.errors import UsageError


@dataclass(frozen=True)
class Variant:
    name: str | None  # WeasyPrint's pdf_variant; None: a plain PDF
    tagged: bool  # a structure tree (WeasyPrint's pdf_tags)
    chunkable: bool  # may be laid out in chunks and merged (--jobs)

    def options(self, identifier: bytes) -> dict[str, object]:
        """WeasyPrint's options, both for laying out and for writing (as its HTML.write_pdf passes them)."""
        return {"pdf_identifier": identifier, "pdf_variant": self.name, "pdf_tags": self.tagged,
                "uncompressed_pdf": False}


VARIANTS: dict[str | None, Variant] = {
    None: Variant(None, tagged=False, chunkable=True),
    "pdf/a-2b": Variant("pdf/a-2b", tagged=False, chunkable=False),
    "pdf/ua-1": Variant("pdf/ua-1", tagged=True, chunkable=False),
}


def variant(name: str | None) -> Variant:
    if name not in VARIANTS:
        raise UsageError(f"unknown PDF variant {name!r}",
                         hint=f"choose from {', '.join(str(known) for known in VARIANTS if known)}")
    return VARIANTS[name]
