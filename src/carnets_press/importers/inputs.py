"""The file an import is given, read once: the text extraction, the PDF or the Word file.

The three routes refuse the same things the same way: a missing file, a directory or a
device (a FIFO would block, /dev/zero never ends), a file too large to be a book's.
"""

from __future__ import annotations

from pathlib import Path

from carnets_press.errors import CarnetsError, UsageError


def read_input(path: Path, limit: int, what: str, too_large: type[CarnetsError] = UsageError,
               hint: str | None = None) -> bytes:
    """The bytes of ``path``; ``what`` names the file the route wants ("the PDF of the printed edition"), and
    ``hint`` says what to do with one over ``limit`` bytes (raised as ``too_large``)."""
    if not path.exists():
        raise UsageError(f"{path}: no such file")
    if not path.is_file():
        raise UsageError(f"{path} is not a regular file", hint=f"give {what}")
    if path.stat().st_size > limit:
        raise too_large(f"{path} is larger than {limit // 2**20} MiB" + ("" if hint else f": not {what}"),
                        hint=hint)
    return path.read_bytes()
