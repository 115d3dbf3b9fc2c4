"""The inputs of a build: what an output is made from, listed and hashed once.

The files of the manuscript that the book uses (those its reader resolved: book.toml, the Markdown of
`contents`, images, stylesheets and what they load; any other file of the folder, a stray symbolic link or
a 1.5 GB video, is never opened), the tool's own files (its stylesheets, fonts and templates), and the
versions of carnets-press and of WeasyPrint, which lays out the PDF. Before the manuscript is read, the
build cache hashes the files the previous build used, as its record lists them: a file that appears only
changes the files that name it, so the record's list is enough to tell that nothing changed. Both caches key
on this one list:

- the build cache (`key`): everything, with the options of the build; an output whose key is unchanged is
  the output of a clean build, byte for byte;
- the chunk cache (`layout_salt`): everything but the manuscript's text (its Markdown and book.toml), which a
  chunk carries itself as its HTML: a text edit then leaves the keys of the other chunks as they were, and an
  image or a stylesheet that changes changes them all.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from carnets_press import __version__
from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.files import ManuscriptFiles
from carnets_press.manuscript.model import Book
from carnets_press.resources import file_sha256, tool_dirs

# The manuscript's text: what reaches a chunk's layout through its HTML (and the page rule, from book.toml).
TEXT_SUFFIXES = (".md", ".toml")


@dataclass(frozen=True)
class InputFile:
    origin: str  # "manuscript", or the folder of the tool's own files: "styles", "fonts", "templates"
    path: str  # relative to its origin, with "/"
    sha256: str
    kind: str = ""  # of a manuscript's file: "text", "image"… (manuscript/files.py LIMITS)

    @property
    def is_text(self) -> bool:
        return self.origin == "manuscript" and PurePosixPath(self.path).suffix in TEXT_SUFFIXES


@dataclass(frozen=True)
class BuildInputs:
    versions: tuple[tuple[str, str], ...]  # (distribution, version)
    files: tuple[InputFile, ...]

    @classmethod
    def of_book(cls, book: Book) -> BuildInputs:
        """The inputs of a book as read: exactly the manuscript's files its reader resolved."""
        root = book.files.real_root
        return cls.of(book.root, {path.relative_to(root).as_posix(): kind for path, kind in book.files.used.items()})

    @classmethod
    def of(cls, manuscript_dir: Path, used: dict[str, str]) -> BuildInputs:
        """`used`: the manuscript's files, by their name relative to it, with their kind (manuscript/files.py),
        each read only if the manuscript's file rules still allow it."""
        rules = ManuscriptFiles(manuscript_dir)
        manuscript = tuple(InputFile("manuscript", name, _digest_of(rules, name, kind), kind)
                           for name, kind in sorted(used.items()))
        tool = tuple(InputFile(origin, PurePosixPath(path.relative_to(root)).as_posix(), file_sha256(path))
                     for origin, root in tool_dirs().items() for path in _files(root))
        return cls((("carnets-press", __version__), ("weasyprint", _installed_version("weasyprint"))),
                   manuscript + tool)

    @property
    def used(self) -> dict[str, str]:
        """The manuscript's files, as `of` takes them (for the record of the next build)."""
        return {file.path: file.kind for file in self.files if file.origin == "manuscript"}

    def key(self, fmt: str, settings: dict[str, object]) -> str:
        """The build cache's key of one output: every input, the format and the options that change it."""
        return self._digest(self.files, {"format": fmt, **settings})

    def layout_salt(self) -> str:
        """What a chunk's layout depends on besides the chunk itself: every input but the manuscript's text."""
        return self._digest([file for file in self.files if not file.is_text], {})

    def _digest(self, files, settings: dict[str, object]) -> str:
        digest = hashlib.sha256()
        digest.update(json.dumps({"versions": dict(self.versions), **settings}, sort_keys=True, default=str).encode())
        for file in files:
            digest.update(f"{file.origin}/{file.path}".encode() + b"\0" + file.sha256.encode() + b"\n")
        return digest.hexdigest()


def _digest_of(rules: ManuscriptFiles, name: str, kind: str) -> str:
    """The file's SHA-256, read as the reader reads it; "unreadable" if the file rules no longer allow it."""
    try:
        return hashlib.sha256(rules.read_bytes(name, kind, None)).hexdigest()
    except ManuscriptError:
        return "unreadable"


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file() and not _hidden(path, root))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") or part == "__pycache__" for part in path.relative_to(root).parts)


def _installed_version(distribution: str) -> str:
    """The version of an installed distribution, from its .dist-info folder beside the package: without
    importing it (WeasyPrint takes a second), nor importlib.metadata (a twentieth, on every cached build)."""
    spec = importlib.util.find_spec(distribution)
    if spec is not None and spec.origin:
        for info in sorted(Path(spec.origin).parent.parent.glob(f"{distribution}-*.dist-info")):
            return info.name[len(distribution) + 1: -len(".dist-info")]
    from importlib import metadata

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"
