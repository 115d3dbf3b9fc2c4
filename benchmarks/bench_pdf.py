"""`build pdf` against a bare WeasyPrint render of the same HTML and CSS, in the same run.

Each measurement runs in a fresh Python process (so peak memory is that run's own), three times;
the table reports the median time, the ratio to bare WeasyPrint, and peak memory (max RSS).

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

RUNS = 3

# The two contestants, each run in its own process; both print {"seconds", "max_rss_mb"}.
PIPELINE = """
import json, resource, sys, time
from pathlib import Path
from carnets_press.build import BuildOptions, build
started = time.perf_counter()
build(Path(sys.argv[1]), BuildOptions(formats=("pdf",), out_dir=Path(sys.argv[2])))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

BARE = """
import datetime, json, resource, sys, time
from pathlib import Path
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from carnets_press.pipeline import load_book
from carnets_press.render.pdf import print_stylesheets
from carnets_press.render.print_html import render_print_html
from carnets_press.render.resources import package_dir
book = load_book(Path(sys.argv[1]))
html = render_print_html(book, datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
css = print_stylesheets(book)
started = time.perf_counter()
fonts = FontConfiguration()
sheets = [weasyprint.CSS(string=c, base_url=package_dir("styles").as_uri() + "/", font_config=fonts) for c in css]
weasyprint.HTML(string=html, base_url=book.root.resolve().as_uri() + "/").write_pdf(
    Path(sys.argv[2]) / "bare.pdf", stylesheets=sheets, font_config=fonts)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(script: str, manuscript: Path) -> dict:
    runs = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as out:
            result = subprocess.run([sys.executable, "-c", script, str(manuscript), out],
                                    capture_output=True, text=True, check=True)
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    return {"seconds": statistics.median(r["seconds"] for r in runs), "max_rss_mb": max(r["max_rss_mb"] for r in runs)}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        editions = {"sample": SAMPLE, "ten times": generate(10, Path(scratch) / "x10")}
        print("| edition | bare WeasyPrint | build pdf | ratio | overhead | peak memory (bare / ours) |")
        print("|---|---|---|---|---|---|")
        for name, manuscript in editions.items():
            bare, ours = measure(BARE, manuscript), measure(PIPELINE, manuscript)
            ratio = ours["seconds"] / bare["seconds"]
            print(f"| {name} | {bare['seconds']:.2f} s | {ours['seconds']:.2f} s | {ratio:.2f} | {100 * (ratio - 1):+.0f}% "
                  f"| {bare['max_rss_mb']:.0f} MB / {ours['max_rss_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
