"""The manuscript on disk: book.toml and one Markdown file per part, written all at once.

The text is escaped so that it stays text: the extraction's brackets, asterisks
and underscores must not turn into links, emphasis or notes, and a paragraph
that opens on "1." must stay a paragraph, not become a list. Each note's
definition goes at the end of the file that holds its call, since labels are
local to their file. Everything is built in memory and written into a fresh
directory that is renamed into place, so an import leaves either the whole
manuscript or nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from carnets_press.errors import UsageError
from carnets_press.importers.credits import Credits, file_as
from carnets_press.importers.lines import MARKS
from carnets_press.importers.report import ImportReport

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<{}^~])|&(?=#?\w+;)")  # ^ ~: Pandoc's super- and subscript
# "| " opens a line block and ": " a definition (after a one-line paragraph), as in Pandoc.
_BLOCK_START = re.compile(r"^(?:([#>+=|:-])|([0-9]{1,9})([.)]))(?=\s|$)")
MARKDOWN = "\ue002"  # opens a block that a stage made Markdown already (a table kept as its lines), not to escape


def escape(text: str, block: bool = True) -> str:
    """Markdown that reads back as exactly this text (note markers become [^label] calls).

    ``block`` also guards the start of a paragraph; a heading's text needs only the inline escapes.
    """
    if block and text.startswith(MARKDOWN):
        return calls(text[len(MARKDOWN):])
    text = " ".join(text.split())  # a paragraph is one line: a line break inside it would never be intended
    text = _INLINE_SPECIAL.sub(lambda m: "\\" + (m.group(1) or "&"), text)
    if block:
        text = _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), text)
    return calls(text)


def calls(text: str, block: bool = True) -> str:
    """Markdown already (a Word import's): only the note markers become [^label] calls."""
    return MARKS.sub(lambda m: f"[^{m.group(1)}]", text)


class EntryText(Protocol):
    """What the writer reads of an entry: the text importer's headings.Entry, the Word importer's too."""

    @property
    def heading(self) -> str: ...
    @property
    def paragraphs(self) -> list[str]: ...


class PartText(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def role(self) -> str | None: ...
    @property
    def paragraphs(self) -> list[str]: ...
    @property
    def entries(self) -> Sequence[EntryText]: ...


TEXT_ORIGIN = "a text extraction: check it against the printed edition"


def render(parts: Sequence[PartText], notes: dict[str, str], credits: Credits, language: str,
           report: ImportReport, markdown: Callable[[str, bool], str] = escape,
           origin: str = TEXT_ORIGIN) -> dict[str, str]:
    """{file name: content}, book.toml first; ``notes`` maps each label to its text. ``markdown`` makes
    Markdown of the texts (``calls`` when they are Markdown already); ``origin`` is said atop book.toml."""
    files: dict[str, str] = {}
    where: dict[str, str] = {}
    for part in parts:
        name = _file_name(part, files)
        chunks = _part_chunks(part, markdown)
        texts = [part.title, *part.paragraphs] + [text for entry in part.entries
                                                  for text in [entry.heading, *entry.paragraphs]]
        labels = [match.group(1) for text in texts for match in MARKS.finditer(text)]
        chunks += [f"[^{label}]: {markdown(notes[label], True)}" for label in labels if label in notes]
        where.update((label, name) for label in labels)
        files[name] = "\n\n".join(chunks) + "\n"
    unclaimed = [label for label in notes if label not in where]
    if unclaimed and files:
        last = list(files)[-1]
        files[last] += "".join(f"\n[^{label}]: {markdown(notes[label], True)}\n" for label in unclaimed)
        where.update((label, last) for label in unclaimed)
    report.notes[:] = [replace(note, file=where.get(note.label, "")) for note in report.notes]
    return {"book.toml": book_toml(credits, language, list(files), origin), **files}


def _file_name(part: PartText, taken: dict[str, str]) -> str:
    stem = "introduction" if part.role == "introduction" else re.sub(r"[^\w-]+", "-", part.title.lower()).strip("-")
    name, count = f"{stem or 'part'}.md", 1
    while name in taken:
        count += 1
        name = f"{stem}-{count}.md"
    return name


def _part_chunks(part: PartText, markdown: Callable[[str, bool], str]) -> list[str]:
    """The part's headings and paragraphs as Markdown; note calls are still markers, and stay in place."""
    role = " {.introduction}" if part.role == "introduction" else ""
    chunks = [f"# {markdown(part.title, False)}{role}"] + [markdown(text, True) for text in part.paragraphs]
    for entry in part.entries:
        chunks.append(f"## {markdown(entry.heading, False)}")
        chunks += [markdown(text, True) for text in entry.paragraphs]
    return chunks


def book_toml(credits: Credits, language: str, contents: list[str], origin: str = TEXT_ORIGIN) -> str:
    """book.toml; a title the source does not give is left empty, with a comment, for a person to write."""
    lines = [f"# Made by carnets-press import from {origin}."]
    if not credits.title:
        lines.append('title = ""  # the source does not name the book: write its title here')
    fields = [("title", credits.title), ("subtitle", credits.subtitle), ("language", language),
              ("source", credits.source)]
    lines += [f"{key} = {_string(value)}" for key, value in fields if value]
    lines.append("contents = [\n" + "".join(f"    {_string(name)},\n" for name in contents) + "]")
    if not credits.authors:
        lines.append('\n# The source names no author: add [[creators]] with name = "…" and role = "aut".')
    for table, role, people in (("creators", "aut", credits.authors), ("contributors", "trl", credits.translators)):
        for name in people:
            lines.append(f"\n[[{table}]]\nname = {_string(name)}\nrole = {_string(role)}\n"
                         f"file-as = {_string(file_as(name))}")
    lines.append('\n[notes]\nnumbering = "continuous"\nepub = "footnotes"')
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's."""
    return json.dumps(value, ensure_ascii=False)


def write_manuscript(files: Mapping[str, str | bytes], to_dir: Path) -> None:
    """Write the files (text, or the bytes of an image) into ``to_dir``, which must not exist or be empty;
    all of them or none."""
    check_target(to_dir)
    to_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{to_dir.name}.", dir=to_dir.parent))
    try:
        for name, content in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)  # images/
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8")
        if to_dir.exists():
            to_dir.rmdir()
        os.replace(staging, to_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def check_target(to_dir: Path) -> None:
    if to_dir.exists() and (not to_dir.is_dir() or any(to_dir.iterdir())):
        raise UsageError(f"{to_dir} exists and is not an empty directory",
                         hint="import into a new directory; nothing was written")
