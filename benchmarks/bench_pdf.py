"""`build pdf` against a bare WeasyPrint render of the same HTML and CSS, in the same run.

Each measurement runs in a fresh Python process (so peak memory is that run's own), several times, the
contestants in turn (interleaved); the table reports the median time, the ratio to bare WeasyPrint, and peak
memory (max RSS).
Ours includes what bare WeasyPrint does not: reading the manuscript, numbering and typography,
rendering the HTML, the print QA (reading the PDF back) and the atomic write.

    python benchmarks/bench_pdf.py            # sample and ten-times edition
"""

from __future__ import annotations

import functools
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_edition import SAMPLE, generate

RUNS = {"sample": 5, "ten times": 3}

# Each contestant runs in its own process and times itself from before its imports,
# so both pay for loading their stack; both print {"seconds", "max_rss_mb"}.
PIPELINE = """
import time
started = time.perf_counter()
import json, resource, sys
from pathlib import Path
from carnets_press import build as pipeline
from carnets_press.render.print import pdf as print_pdf
layout = []  # the layout step alone: from the book to the merged PDF, before the print QA
lay_out_pdf = print_pdf.render_pdf
def timed_layout(*args, **kwargs):
    layout_started = time.perf_counter()
    result = lay_out_pdf(*args, **kwargs)
    layout.append(time.perf_counter() - layout_started)
    return result
print_pdf.render_pdf = timed_layout
jobs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
pipeline.build(Path(sys.argv[1]), pipeline.BuildOptions(formats=("pdf",), out_dir=Path(sys.argv[2]), jobs=jobs,
                                                        use_cache=False))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "layout_seconds": layout[0],
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "workers_max_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
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
weasyprint.HTML(filename=str(work / "book.html")).write_pdf(Path(sys.argv[2]) / "bare.pdf", stylesheets=sheets,
                                                            font_config=fonts)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def prepare_bare_input(manuscript: Path, work: Path) -> Path:
    """The HTML and CSS our pipeline gives WeasyPrint, as files (the stylesheets next to the fonts they name)."""
    import datetime

    from carnets_press.pipeline import load
    from carnets_press.render.print.document import print_html
    from carnets_press.render.print.styles import print_stylesheets
    from carnets_press.resources import package_dir

    book = load(manuscript).buildable()
    work.mkdir(parents=True)
    html = print_html(book, datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)).document()
    (work / "book.html").write_text(html, encoding="utf-8")
    styles = package_dir("styles")
    for index, sheet in enumerate(print_stylesheets(book)):
        (work / f"{index}.css").write_text(sheet.css.replace('url("footnote-rule.svg")',
                                                             f'url("{styles.as_uri()}/footnote-rule.svg")'),
                                           encoding="utf-8")
    return work


def run(script: str, argument: Path, out: Path | None = None, *extra: str) -> dict:
    """One fresh process's times and peak memory (in a new output directory unless `out`)."""
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run([sys.executable, "-c", script, str(argument), str(out or scratch), *extra],
                                capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def interleaved(contestants: dict[str, Callable[[], dict]], runs: int) -> dict[str, dict]:
    """Each contestant's median times and peak memory over `runs` rounds, each round running every contestant
    once: this machine's speed drifts by a tenth within minutes, and runs taken one contestant after another put
    the drift into the ratios."""
    results: dict[str, list[dict]] = {name: [] for name in contestants}
    for _ in range(runs):
        for name, contestant in contestants.items():
            results[name].append(contestant())
    return {name: {key: (max if "rss" in key else statistics.median)(r[key] for r in found) for key in found[0]}
            for name, found in results.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        editions = {"sample": SAMPLE, "ten times": generate(10, Path(scratch) / "x10")}
        overhead, parallel = [], []
        for name, manuscript in editions.items():
            bare_input = prepare_bare_input(manuscript, Path(scratch) / f"bare-{len(name)}")
            # --jobs 2: a first build (no page record: one pass, which records the pages), in a new output folder
            # each time; and builds with the record in place but no chunk kept (as after an edit everywhere, or a
            # new machine with the record), from a first build made beforehand.
            fresh, warm = Path(scratch) / f"fresh-{len(name)}", Path(scratch) / f"warm-{len(name)}"
            run(PIPELINE, manuscript, warm, "2")

            def first_build(manuscript: Path = manuscript, fresh: Path = fresh) -> dict:
                shutil.rmtree(fresh, ignore_errors=True)
                return run(PIPELINE, manuscript, fresh, "2")

            def with_record(manuscript: Path = manuscript, warm: Path = warm) -> dict:
                shutil.rmtree(warm / ".carnets-cache" / "pdf-chunks", ignore_errors=True)
                return run(PIPELINE, manuscript, warm, "2")

            timed = interleaved({"bare": functools.partial(run, BARE, bare_input),
                                 "ours": functools.partial(run, PIPELINE, manuscript),
                                 "first": first_build, "chunked": with_record}, RUNS[name])
            bare, ours, first, chunked = timed["bare"], timed["ours"], timed["first"], timed["chunked"]
            ratio = ours["seconds"] / bare["seconds"]
            overhead.append(f"| {name} | {bare['seconds']:.2f} s | {ours['seconds']:.2f} s | {ratio:.2f} "
                            f"| {100 * (ratio - 1):+.0f}% "
                            f"| {bare['max_rss_mb']:.0f} MB / {ours['max_rss_mb']:.0f} MB |")
            parallel.append(
                f"| {name} | {bare['seconds']:.2f} s "
                f"| {first['seconds']:.2f} s ({first['seconds'] / bare['seconds']:.2f}) "
                f"| {chunked['seconds']:.2f} s ({chunked['seconds'] / bare['seconds']:.2f}) "
                f"| {chunked['layout_seconds']:.2f} s ({chunked['layout_seconds'] / bare['seconds']:.2f}) "
                f"| {chunked['max_rss_mb']:.0f} MB / {chunked['workers_max_rss_mb']:.0f} MB |")
        print("| edition | bare WeasyPrint | build pdf | ratio | overhead | peak memory (bare / ours) |")
        print("|---|---|---|---|---|---|")
        print("\n".join(overhead))
        print()
        print("| edition | bare WeasyPrint, one pass | `--jobs 2`, first build | `--jobs 2`, page record in place "
              "| of which the layout (book to merged PDF) | peak memory: coordinator / largest worker |")
        print("|---|---|---|---|---|---|")
        print("\n".join(parallel))


if __name__ == "__main__":
    main()
