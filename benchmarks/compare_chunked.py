"""Check that `build pdf --jobs 2` gives the one-pass book on the ten-times edition (not a timing).

    python benchmarks/compare_chunked.py

Three chunked builds, each compared with a one-pass build of the same manuscript by the test suite's
assert_same_book: a first build (no page record, no chunk kept), a build with the page record in place and no chunk
kept, and a build after an edit that adds pages to the second part (the later chunks move). The test suite does
the same on the sample edition; this runs it where there are many chunks (about a minute and a half).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "render"))
sys.path.insert(0, str(HERE.parent / "tests"))
from generate_edition import generate  # noqa: E402
from test_chunked import assert_same_book, facts  # noqa: E402

from carnets_press.build import BuildOptions, build  # noqa: E402


def pdf(manuscript: Path, out: Path, jobs: int = 1) -> bytes:
    options = BuildOptions(formats=("pdf",), out_dir=out, jobs=jobs, use_cache=False)
    return build(manuscript, options).outputs[0].path.read_bytes()


def compare(what: str, manuscript: Path, chunked_out: Path, scratch: Path) -> None:
    chunked = pdf(manuscript, chunked_out, jobs=2)
    record = json.loads((chunked_out / ".carnets-cache" / "pdf-pages.json").read_text(encoding="utf-8"))
    assert "chunks" in record, f"{what}: not laid out in chunks"
    one_pass = pdf(manuscript, scratch / "one-pass")
    assert_same_book(chunked, one_pass)
    book = facts(one_pass)
    print(f"{what}: the one-pass book ({book['pages']} pages, {len(record['chunks'])} chunks and the front, "
          f"{len(book['destinations'])} named destinations)")


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        scratch = Path(directory)
        x10 = generate(10, scratch / "x10")
        chunked_out = scratch / "chunked"
        compare("first build", x10, chunked_out, scratch)
        shutil.rmtree(chunked_out / ".carnets-cache" / "pdf-chunks")
        compare("page record in place", x10, chunked_out, scratch)
        early = x10 / "1942.md"
        early.write_text(early.read_text(encoding="utf-8")
                         + ("\n\n" + "A paragraph added since the last build, to move the later parts. " * 10) * 8,
                         encoding="utf-8")
        compare("after an edit that adds pages near the start", x10, chunked_out, scratch)


if __name__ == "__main__":
    main()
