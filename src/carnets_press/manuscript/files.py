"""Every file a manuscript refers to is resolved here, by one set of rules.

A manuscript comes from whoever opens a pull request, and is built on CI machines that hold other
people's files. So a name in book.toml (`contents`), an image in the Markdown or a stylesheet under
styles/ is read only if, after following symbolic links, it lies inside the manuscript directory, is
a regular file (not a FIFO, a device, a directory) and is no larger than the limit for its kind.
Otherwise the reader reports the rule broken at the place that named the file. What is resolved is
remembered (`used`), so that the build cache can key on exactly the files the book uses.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from carnets_press.errors import Location, ManuscriptError

MIB = 1024 * 1024
# The largest file of each kind a manuscript may hold (docs/security.md lists them): far above any real
# book's, low enough that a build cannot be made to read a disk image or /dev/zero into memory.
LIMITS = {"book.toml": 1 * MIB, "text": 16 * MIB, "stylesheet": 2 * MIB, "image": 32 * MIB, "font": 16 * MIB}
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


class ManuscriptFiles:
    """The files of one manuscript directory that the book may read."""

    def __init__(self, root: Path):
        self.root = root
        self.real_root = root.resolve()
        self.used: dict[Path, str] = {}  # the real path of every file read, and its kind

    def problem(self, name: str, kind: str) -> str | None:
        """Why `name` (relative to the manuscript) may not be read as a file of `kind`, or None."""
        if (not name or "\0" in name or _SCHEME.match(name) or name.startswith(("/", "\\"))
                or Path(name).is_absolute()):
            return "is not a relative path inside the manuscript"
        real = self.real_path(name)
        if self.real_root not in real.parents:
            return "is outside the manuscript (symbolic links are followed)"
        try:
            status = real.stat()
        except FileNotFoundError:
            return "does not exist"
        except OSError as error:
            return f"cannot be read ({error.strerror})"
        if not stat.S_ISREG(status.st_mode):
            return "is not a regular file"
        if status.st_size > LIMITS[kind]:
            return f"is larger than {LIMITS[kind] // MIB} MiB, the limit for a {kind} file"
        if not os.access(real, os.R_OK):
            return "cannot be read (permission denied)"
        self.used[real] = kind
        return None

    def real_path(self, name: str) -> Path:
        """Where `name` leads once every symbolic link is followed: the file the rules are checked on."""
        return (self.root / name).resolve()

    def resolve(self, name: str, kind: str, referred_from: Location | None) -> Path:
        """The real path of `name`, or a ManuscriptError at the place that named it."""
        problem = self.problem(name, kind)
        if problem is not None:
            raise ManuscriptError(_MESSAGES[kind].format(name=name, problem=problem), referred_from, hint=_HINTS[kind])
        return self.real_path(name)

    def read_bytes(self, name: str, kind: str, referred_from: Location | None) -> bytes:
        """The file's bytes, read from the very file the rules were checked on (see _read)."""
        path = self.resolve(name, kind, referred_from)
        data = self._read(path, kind)
        if data is None:  # it changed between the check and the read: a symbolic link swapped, a file grown
            raise ManuscriptError(_MESSAGES[kind].format(name=name, problem="changed while it was read"),
                                  referred_from, hint=_HINTS[kind])
        return data

    def _read(self, real: Path, kind: str) -> bytes | None:
        """Open once, without following a link and without waiting on a FIFO, then check what was opened: a
        regular file, still inside the manuscript (by the descriptor's own path, on Linux), within the limit."""
        try:
            descriptor = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(descriptor)
            opened = Path(f"/proc/self/fd/{descriptor}")
            inside = (self.real_root in Path(os.readlink(opened)).parents) if opened.exists() else True
            if not stat.S_ISREG(status.st_mode) or not inside or status.st_size > LIMITS[kind]:
                return None
            data = handle.read(LIMITS[kind] + 1)
        return data if len(data) <= LIMITS[kind] else None

    def read_text(self, name: str, kind: str, referred_from: Location | None) -> str:
        """UTF-8 text (a byte-order mark is dropped); a decoding error names the file and its line."""
        data = self.read_bytes(name, kind, referred_from)
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ManuscriptError(f"not UTF-8 text ({error.reason})", Location(self.root / name, line),
                                  hint="save the file as UTF-8") from None


_MESSAGES = {
    "book.toml": "{name} {problem}",
    "text": "contents lists {name!r}, which {problem}",
    "stylesheet": "{name} {problem}",
    "image": "image {name!r} {problem}",
    "font": "font {name!r} {problem}",
}
_HINTS = {
    "book.toml": "book.toml is a regular file in the manuscript directory itself",
    "text": "list Markdown files inside the manuscript directory, by their path relative to it",
    "stylesheet": "styles/epub.css and styles/print.css are regular files inside the manuscript",
    "image": "copy the image into the manuscript directory and give its relative path",
    "font": "copy the font into the manuscript directory",
}
