"""The chunk cache: the PDF chunks `--jobs` laid out, kept for the next build to take again.

The chunked layout (carnets_press.render.print) asks for a chunk by the digest of everything the chunk is
made of (its HTML, stylesheets, first page); the cache mixes in BuildInputs.layout_salt, what the chunk does not
show (the tool, WeasyPrint, the bytes of the images and fonts). Each chunk is two files, its PDF and what the
layout learnt of it (its `facts`: page count, anchors, page texts and lines, WeasyPrint's messages: plain JSON,
which this cache does not read), with the digest of the PDF: a chunk damaged since is laid out again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from carnets_press.output import write_atomically


class ChunkCache:
    def __init__(self, directory: Path, salt: str, read: Callable[[Path], bytes | None] | None = None):
        """`read`: how a kept file is read (OutputFolder.read_kept, which refuses what this tool did not write)."""
        self.directory = directory
        self.salt = salt
        self.read = read or _read

    def get(self, key: str) -> tuple[bytes, object] | None:
        """The PDF and facts of the chunk laid out before with this key, or None."""
        pdf, facts = self._paths(key)
        try:
            kept, data = self.read(facts), self.read(pdf)
            if kept is None or data is None:
                return None
            record = json.loads(kept.decode("utf-8"))
            if hashlib.sha256(data).hexdigest() != record["sha256"]:  # damaged since: lay it out
                return None
            return data, record["facts"]
        except (ValueError, TypeError, KeyError):  # written by another version: lay it out
            return None

    def put(self, key: str, pdf: bytes, facts: object) -> None:
        pdf_path, facts_path = self._paths(key)
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomically(pdf_path, pdf)
        write_atomically(facts_path, json.dumps({"facts": facts, "sha256": hashlib.sha256(pdf).hexdigest()}).encode())

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget every chunk but these: those of older versions, or laid out at a wrong page, are not needed again."""
        if not self.directory.is_dir():
            return
        stems = {self._stem(key) for key in keys}
        for path in self.directory.iterdir():
            if path.stem not in stems and (path.is_symlink() or not path.is_dir()):  # a folder there is not ours
                path.unlink(missing_ok=True)

    def _stem(self, key: str) -> str:
        return hashlib.sha256(f"{self.salt}\0{key}".encode()).hexdigest()

    def _paths(self, key: str) -> tuple[Path, Path]:
        stem = self._stem(key)
        return self.directory / f"{stem}.pdf", self.directory / f"{stem}.json"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
