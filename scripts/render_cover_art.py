"""Rasterise the sample edition's cover art, manuscript/images/cover.svg, to manuscript/images/cover.jpg.

Run after changing the SVG: python scripts/render_cover_art.py (or --check: exit 1 if cover.jpg is not what the
SVG gives). The SVG is laid out inline by WeasyPrint on one 1600 × 2560 px page (styles/cover.css: the page rule
and EB Garamond from fonts/) and rendered by PDFium, by the rasteriser of the generated covers
(carnets_press.render.cover.rasterise); WeasyPrint may read nothing but our fonts. The same SVG gives the same
JPEG bytes with the same WeasyPrint, PDFium and Pillow.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from carnets_press.output import write_atomically
from carnets_press.render.cover import rasterise

IMAGES = Path(__file__).resolve().parents[1] / "manuscript" / "images"
SOURCE = IMAGES / "cover.svg"
TARGET = IMAGES / "cover.jpg"
MAX_BYTES = 1_000_000  # the stores' and EPUBCheck's comfort: a cover under 1 MB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that cover.jpg is up to date")
    args = parser.parse_args(argv)
    jpeg = rasterise(SOURCE.read_text(encoding="utf-8"), base_url=IMAGES.as_uri() + "/")
    if len(jpeg) >= MAX_BYTES:
        print(f"{TARGET}: {len(jpeg)} bytes, over {MAX_BYTES}", file=sys.stderr)
        return 1
    if args.check:
        if not TARGET.is_file() or TARGET.read_bytes() != jpeg:
            print(f"{TARGET} is not what {SOURCE.name} gives: run python scripts/render_cover_art.py", file=sys.stderr)
            return 1
        return 0
    write_atomically(TARGET, jpeg)
    print(f"{TARGET}: 1600 × 2560 px, {len(jpeg)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
