"""book.toml and the manuscript directory: what metadata validation accepts but an edition should not ship."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from carnets_press.check.context import Context
from carnets_press.check.registry import Hit, rule
from carnets_press.check.rules.relators import MARC_RELATOR_CODES
from carnets_press.errors import Location
from carnets_press.manuscript.metadata import BOOK_FILE


@rule("accessibility-summary-missing")
def accessibility_summary_missing(context: Context) -> Iterator[Hit]:
    if not (context.book.metadata.accessibility.summary or "").strip():
        path = context.book.root / BOOK_FILE
        lines = _lines(context, path, r"\[accessibility\]")
        yield Hit("the edition has no accessibility summary", Location(path, lines[0] if lines else None))


@rule("relator-unknown")
def relator_unknown(context: Context) -> Iterator[Hit]:
    path = context.book.root / BOOK_FILE
    meta = context.book.metadata
    people = meta.creators + meta.contributors
    for index, person in enumerate(people):
        if person.role not in MARC_RELATOR_CODES:
            # The n-th person with this role is on the n-th line that sets it.
            lines = _lines(context, path, rf"role\s*=\s*[\"']{person.role}[\"']")
            earlier = sum(other.role == person.role for other in people[:index])
            line = lines[earlier] if earlier < len(lines) else None
            yield Hit(f"role {person.role!r} of {person.name} is not a MARC relator code", Location(path, line))


@rule("contents-unlisted")
def contents_unlisted(context: Context) -> Iterator[Hit]:
    root = context.book.root
    listed = {(root / name).resolve() for name in context.book.metadata.contents}
    for path in sorted(_markdown_files(root)):
        if path.resolve() not in listed:
            yield Hit(f"{path.relative_to(root).as_posix()} is not in contents: it is not in the book", Location(path))


def _markdown_files(root: Path) -> Iterator[Path]:
    """The .md files below `root`, not descending into hidden directories (.git can be large)."""
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        yield from (Path(directory) / name for name in files if name.endswith(".md") and not name.startswith("."))


def _lines(context: Context, path: Path, pattern: str) -> list[int]:
    """The numbers of the lines that begin with `pattern`: tomllib keeps no positions."""
    lines = context.sources.lines(path)
    return [number for number, line in enumerate(lines, start=1) if re.match(rf"\s*{pattern}", line)]
