"""`build pdf` against a bare WeasyPrint render of the same HTML and CSS, in the same run.

Each measurement runs in a fresh Python process (so peak memory is that run's own), several times;
the table reports the median time, the ratio to bare WeasyPrint, and peak memory (max RSS).
Ours includes what bare WeasyPrint does not: reading the manuscript, numbering and typography,
rendering the HTML, the print QA (reading the PDF back) and the atomic write.

    python benchmarks/bench_pdf.py            # sample and ten-times edition
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_edition import SAMPLE, generate  # noqa: E402

RUNS = {"sample": 5, "ten times": 3}

# Each contestant runs in its own process and times itself from before its imports,
# so both pay for loading their stack; both print {"seconds", "max_rss_mb"}.
PIPELINE = """
import time
started = time.perf_counter()
import json, resource, sys
from pathlib import Path
from carnets_press.build import BuildOptions, build
jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
build(Path(sys.argv[1]), BuildOptions(formats=("pdf",), out_dir=Path(sys.argv[2]), jobs=jobs, use_cache=False))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# Bare WeasyPrint: the same HTML and stylesheets, written out beforehand, laid out and written as a PDF.
BARE = """
import time
started = time.perf_counter()
import json, resource, sys
from pathlib import Path
import weasyprint
from weasyprint.text.fonts import FontConfiguration
work = Path(sys.argv[1])
fonts = FontConfiguration()
sheets = [weasyprint.CSS(filename=str(path), font_config=fonts) for path in sorted(work.glob("*.css"))]
weasyprint.HTML(filename=str(work / "book.html")).write_pdf(Path(sys.argv[2]) / "bare.pdf", stylesheets=sheets, font_config=fonts)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def prepare_bare_input(manuscript: Path, work: Path) -> Path:
    """The HTML and CSS our pipeline gives WeasyPrint, as files (the stylesheets next to the fonts they name)."""
    import datetime

    from carnets_press.pipeline import load_book
    from carnets_press.render.pdf import print_stylesheets
    from carnets_press.render.print_html import render_print_html
    from carnets_press.render.resources import package_dir

    book = load_book(manuscript)
    work.mkdir(parents=True)
    html = render_print_html(book, datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    (work / "book.html").write_text(html, encoding="utf-8")
    styles = package_dir("styles")
    for index, (css, _base_url) in enumerate(print_stylesheets(book)):
        (work / f"{index}.css").write_text(css.replace('url("footnote-rule.svg")', f'url("{styles.as_uri()}/footnote-rule.svg")'),
                                           encoding="utf-8")
    return work


def measure(script: str, argument: Path, runs: int, out: Path | None = None, *extra: str) -> dict:
    """Median time and peak memory of `runs` fresh processes (each in a new output directory unless `out`)."""
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            result = subprocess.run([sys.executable, "-c", script, str(argument), str(out or scratch), *extra],
                                    capture_output=True, text=True, check=True)
            results.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return {"seconds": statistics.median(r["seconds"] for r in results), "max_rss_mb": max(r["max_rss_mb"] for r in results)}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        editions = {"sample": SAMPLE, "ten times": generate(10, Path(scratch) / "x10")}
        print("| edition | bare WeasyPrint | build pdf | ratio | overhead | peak memory (bare / ours) "
              "| build pdf --jobs 2 | ratio to bare | peak memory (coordinator) |")
        print("|---|---|---|---|---|---|---|---|---|")
        for name, manuscript in editions.items():
            bare_input = prepare_bare_input(manuscript, Path(scratch) / f"bare-{len(name)}")
            bare, ours = measure(BARE, bare_input, RUNS[name]), measure(PIPELINE, manuscript, RUNS[name])
            # --jobs 2 with the page record of a previous build in place, as an editor's second build has it.
            warm = Path(scratch) / f"warm-{len(name)}"
            measure(PIPELINE, manuscript, 1, warm, "2")
            chunked = measure(PIPELINE, manuscript, RUNS[name], warm, "2")
            ratio = ours["seconds"] / bare["seconds"]
            print(f"| {name} | {bare['seconds']:.2f} s | {ours['seconds']:.2f} s | {ratio:.2f} | {100 * (ratio - 1):+.0f}% "
                  f"| {bare['max_rss_mb']:.0f} MB / {ours['max_rss_mb']:.0f} MB | {chunked['seconds']:.2f} s "
                  f"| {chunked['seconds'] / bare['seconds']:.2f} | {chunked['max_rss_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
