"""The output folder (`--out`): every path in it, made here, and the atomic write.

    OUT/serge-notebooks.epub                the book files, named by output_name(), one per format
    OUT/serge-notebooks.pdf
    OUT/serge-notebooks.print-qa.json       the print QA's report on the PDF
    OUT/.serge-notebooks.candidate.epub     the EPUB while EPUBCheck reads it (removed after)
    OUT/.carnets-cache/epub.json, pdf.json  the build cache's record of each output (carnets_press.cache)
    OUT/.carnets-cache/pdf-pages.json       the page record of the last PDF, for --jobs
    OUT/.carnets-cache/page-list.json       where the last PDF's pages begin, for the EPUB's page-list
    OUT/.carnets-cache/pdf-chunks/          the chunks --jobs laid out, kept for the next build
    OUT/proof/serge-notebooks-p001.png      the proofs (`proof`, `build --watch`)

Every file is written atomically: a failed or interrupted build leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from carnets_press.errors import Location, OutputError, UsageError

if TYPE_CHECKING:
    from carnets_press.manuscript.metadata import Metadata

CACHE_DIR = ".carnets-cache"
PROOF_DIR = "proof"


# The largest file of the cache this tool writes: a chunk of a very large book's PDF.
MAX_KEPT_BYTES = 512 * 1024 * 1024


class OutputFolder:
    """The paths under one output folder. `metadata` names the book's files; a folder without it (only the
    proofs of a PDF given by path) has no book files."""

    def __init__(self, root: Path, metadata: Metadata | None = None):
        self.root = root
        self._name = output_name(metadata) if metadata is not None else None
        # Files of the cache found broken or not as this tool writes them, and why: not read, built anew.
        self.ignored: list[tuple[Path, str]] = []

    def read_kept(self, path: Path) -> bytes | None:
        """A file the cache kept, or None when there is none. One that is not what this tool writes (a symbolic
        link, a folder, a FIFO, a file too large to be ours) is not opened: it is noted in `ignored`, and the
        build makes what it would have given anew."""
        try:
            status = path.lstat()
        except FileNotFoundError:
            return None
        except OSError as error:
            self.ignored.append((path, error.strerror or str(error)))
            return None
        if not stat.S_ISREG(status.st_mode):
            self.ignored.append((path, "it is not a regular file"))
            return None
        if status.st_size > MAX_KEPT_BYTES:
            self.ignored.append((path, f"it is larger than {MAX_KEPT_BYTES // (1024 * 1024)} MiB"))
            return None
        try:
            return path.read_bytes()
        except OSError as error:
            self.ignored.append((path, error.strerror or str(error)))
            return None

    def read_kept_json(self, path: Path) -> object:
        data = self.read_kept(path)
        if data is None:
            return None
        try:
            return json.loads(data.decode("utf-8"))
        except ValueError:
            self.ignored.append((path, "it is not the JSON this tool writes"))
            return None

    @staticmethod
    def check(out_dir: Path, manuscript_dir: Path) -> Path:
        """The output folder's root, resolved; one inside the manuscript (which is never written to) is refused."""
        out = out_dir.resolve()
        manuscript = manuscript_dir.resolve()
        if out == manuscript or manuscript in out.parents:
            raise UsageError(f"--out {out_dir} is inside the manuscript {manuscript_dir}",
                             hint="write the book elsewhere, for example --out build")
        return out

    @property
    def name(self) -> str:
        if self._name is None:
            raise ValueError(f"the output folder {self.root} was opened without the book's metadata")
        return self._name

    def book(self, fmt: str) -> Path:
        return self.root / f"{self.name}.{fmt}"

    def candidate(self, fmt: str) -> Path:
        """Where a book file waits while it is validated, so that a failing one never replaces a good one."""
        return self.root / f".{self.name}.candidate.{fmt}"

    @property
    def print_qa_report(self) -> Path:
        return self.root / f"{self.name}.print-qa.json"

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    def cache_record(self, fmt: str) -> Path:
        return self.cache_dir / f"{fmt}.json"

    @property
    def page_record(self) -> Path:
        return self.cache_dir / "pdf-pages.json"

    @property
    def page_list(self) -> Path:
        return self.cache_dir / "page-list.json"

    @property
    def chunks(self) -> Path:
        return self.cache_dir / "pdf-chunks"

    @property
    def proofs(self) -> Path:
        return self.root / PROOF_DIR

    def create(self) -> None:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _cannot_write(self.root, error) from None

    def write(self, path: Path, data: bytes) -> Path:
        """Write a file of this folder atomically, making the folders it is in."""
        if self.root not in path.parents:
            raise ValueError(f"{path} is not inside the output folder {self.root}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
        except OSError as error:  # read-only, full, a file where a folder should be
            raise _cannot_write(path, error) from None
        return path


def _cannot_write(path: Path, error: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {error.strerror or error}", Location(path),
                       hint="give --out a folder you can write to, with room for the book")


# A file name's parts are cut so that the longest name (with ".print-qa.json" and a temporary file's
# prefix and suffix) stays far under the 255 bytes file systems allow.
MAX_NAME_PART = 60


def output_name(meta: Metadata) -> str:
    """A file name from the author and title: serge-notebooks.epub."""
    author = meta.creators[0].file_as or meta.creators[0].name if meta.creators else ""
    surname = author.split(",")[0] if "," in author else author.split(" ")[-1]
    parts = (_slug(surname)[:MAX_NAME_PART].strip("-"), _slug(meta.title)[:MAX_NAME_PART].strip("-"))
    return "-".join(part for part in parts if part) or "book"


def proof_image_name(pdf: Path, pages: tuple[int, ...]) -> str:
    """A proof's file name: the PDF's, and the pages it shows (serge-notebooks-p012-013.png for a spread)."""
    return f"{pdf.stem}-p{'-'.join(f'{n:03d}' for n in pages)}.png"


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
