"""`proof`: PDF pages as PNG images, single or as spreads, for a person to look at.

pypdfium2 renders (PDFium wheels from PyPI; no system tool needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from carnets_press.errors import UsageError
from carnets_press.output import proof_image_name, write_atomically


@dataclass(frozen=True)
class ProofReport:
    pdf: Path
    images: list[Path]


def parse_page_range(text: str | None, page_count: int) -> list[int]:
    """'1-12', '3', '5-' or '1,4,9-10' as 1-based page numbers within the document."""
    if not text:
        return list(range(1, page_count + 1))
    pages: list[int] = []
    for piece in text.split(","):
        start, dash, end = piece.strip().partition("-")
        try:
            first = int(start) if start else 1
            last = (int(end) if end else page_count) if dash else first
        except ValueError:
            raise UsageError(f"--pages {text!r} is not a page range",
                             hint="for example --pages 1-12 or --pages 3,7-9") from None
        if not 1 <= first <= last:
            raise UsageError(f"--pages {text!r} is not a page range", hint="for example --pages 1-12")
        pages.extend(range(first, min(last, page_count) + 1))
    return pages


def render_proofs(pdf_path: Path, out_dir: Path, pages: str | None = None, spreads: bool = False,
                  dpi: int = 110) -> ProofReport:
    """The pages of `pdf_path` as PNG images in `out_dir` (the output folder's `proofs`, OutputFolder.proofs)."""
    import pypdfium2

    if not pdf_path.is_file():
        raise UsageError(f"no PDF at {pdf_path}", hint="build it first: carnets-press build pdf")
    try:
        document = pypdfium2.PdfDocument(pdf_path)
    except pypdfium2.PdfiumError as error:  # not a PDF, or one truncated or damaged
        raise UsageError(f"{pdf_path} cannot be read as a PDF ({error})", hint="build it again") from None
    numbers = parse_page_range(pages, len(document))
    out_dir.mkdir(parents=True, exist_ok=True)
    images = []
    scale = dpi / 72
    groups = _spreads(numbers) if spreads else [(n,) for n in numbers]
    for group in groups:
        bitmaps = [document[n - 1].render(scale=scale).to_pil() for n in group]
        image = bitmaps[0] if len(bitmaps) == 1 else _side_by_side(bitmaps)
        images.append(_save(image, out_dir / proof_image_name(pdf_path, group)))
    return ProofReport(pdf_path, images)


def _spreads(numbers: list[int]) -> list[tuple[int, ...]]:
    """Page 1 is a recto alone; then versos (even) face rectos (odd)."""
    groups: list[tuple[int, ...]] = []
    for number in numbers:
        if number % 2 == 1 and groups and groups[-1][-1] == number - 1 and len(groups[-1]) == 1 and number > 1:
            groups[-1] = (groups[-1][0], number)
        else:
            groups.append((number,))
    return groups


def _side_by_side(bitmaps):
    from PIL import Image

    width = sum(b.width for b in bitmaps)
    height = max(b.height for b in bitmaps)
    spread = Image.new("RGB", (width, height), "white")
    x = 0
    for bitmap in bitmaps:
        spread.paste(bitmap, (x, 0))
        x += bitmap.width
    return spread


def _save(image, path: Path) -> Path:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    write_atomically(path, buffer.getvalue())
    return path
