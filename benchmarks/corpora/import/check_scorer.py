#!/usr/bin/env python3
"""Score the source itself, to see that the scorer asks of an import nothing the source does not give.

    python check_scorer.py [--only NAME ...]

Each slice is written as a manuscript by make_docx's Markdown writer, its datelines as `##` headings with SE's
`{date=…}`, read with the project's reader and scored against its truth as an import would be. Everything
should be right, but where that writer must run a dateline in because what follows it is text of the
paragraph ("November 2, 5 a.m. Biscuit Depot."): the entry is then missed and the one before it gets its
paragraphs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from make_docx import MarkdownWriter
from score_import import failures, score, table, total
from se_slices import SLICES, Entry, read_slice, truth

from carnets_press.importers import ImportReport
from carnets_press.pipeline import load


class DatedWriter(MarkdownWriter):
    """Datelines as headings with the truth's date, as a perfect import would write them."""

    def _entry(self, entry: Entry) -> list[str]:
        lines = super()._entry(entry)
        if lines[0].startswith("## ") and entry.date:
            lines[0] += " {date=" + entry.date + "}"
        return lines


def check(spec, tmp: Path):
    sl = read_slice(spec)
    writer = DatedWriter(sl, "heading")
    body = writer.document().split("---\n", 2)[2]  # the YAML block is pandoc's; book.toml says it here
    if not body.lstrip().startswith("# "):
        body = f"# {sl.title}\n\n{body}"
    out = tmp / spec.name
    out.mkdir()
    (out / "book.toml").write_text(f'title = "{sl.title}"\nlanguage = "{sl.language}"\ncontents = ["text.md"]\n',
                                   encoding="utf-8")
    (out / "text.md").write_text(body, encoding="utf-8")
    data = truth(sl, {number: str(n) for n, number in enumerate(writer.called, 1)})
    data["layout"] = "source"
    return score(spec.name, "md", data, load(out).book, ImportReport(raw="", out_dir=str(out), language="en"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="NAME")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        results = [check(spec, Path(tmp)) for spec in SLICES if not args.only or spec.name in args.only]
    whole = total(results, "md")
    print(table(results + [whole]))
    print(failures(whole, 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
