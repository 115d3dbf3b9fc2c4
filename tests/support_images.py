"""Small real image files for the tests, made with Pillow (never bytes that merely look like an image)."""

from __future__ import annotations

import io


def png(width: int = 2, height: int = 2, color: str = "red", fmt: str = "PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=fmt)
    return buffer.getvalue()
