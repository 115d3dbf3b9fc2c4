"""Writing outputs atomically: a failed or interrupted build leaves the previous file intact."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from carnets_press.errors import UsageError


def check_output_dir(out_dir: Path, manuscript_dir: Path) -> Path:
    """The output directory, resolved; one inside the manuscript (which is never written to) is refused."""
    out = out_dir.resolve()
    manuscript = manuscript_dir.resolve()
    if out == manuscript or manuscript in out.parents:
        raise UsageError(f"--out {out_dir} is inside the manuscript {manuscript_dir}",
                         hint="write the book elsewhere, for example --out build")
    return out


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
