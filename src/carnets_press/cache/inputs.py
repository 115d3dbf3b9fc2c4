"""The inputs of a build: what an output is made from, listed and hashed once.

Every file of the manuscript (hidden files and folders aside: `.git/`, an editor's `.swp`), the tool's own
files (its stylesheets, fonts and templates), and the versions of carnets-press and of WeasyPrint, which lays
out the PDF. Both caches key on this one list:

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
from carnets_press.resources import file_sha256, tool_dirs

# The manuscript's text: what reaches a chunk's layout through its HTML (and the page rule, from book.toml).
TEXT_SUFFIXES = (".md", ".toml")


@dataclass(frozen=True)
class InputFile:
    origin: str  # "manuscript", or the folder of the tool's own files: "styles", "fonts", "templates"
    path: str  # relative to its origin, with "/"
    sha256: str

    @property
    def is_text(self) -> bool:
        return self.origin == "manuscript" and PurePosixPath(self.path).suffix in TEXT_SUFFIXES


@dataclass(frozen=True)
class BuildInputs:
    versions: tuple[tuple[str, str], ...]  # (distribution, version)
    files: tuple[InputFile, ...]

    @classmethod
    def of(cls, manuscript_dir: Path) -> BuildInputs:
        roots = {"manuscript": manuscript_dir, **tool_dirs()}
        files = tuple(InputFile(origin, PurePosixPath(path.relative_to(root)).as_posix(), file_sha256(path))
                      for origin, root in roots.items() for path in _files(root))
        return cls((("carnets-press", __version__), ("weasyprint", _installed_version("weasyprint"))), files)

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
