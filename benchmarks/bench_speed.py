"""Start-up, check, EPUB against pandoc, and the cache: each with its peer measured in the same run.

    python benchmarks/bench_speed.py

Needs pandoc on PATH for the EPUB row (Debian: apt-get install pandoc); it is a peer, not a dependency.
Every figure is the median wall time of several runs of a fresh process.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_edition import SAMPLE, generate

# The command an editor runs: the console script pip installed beside this Python (else python -m).
SCRIPT = Path(sys.executable).parent / "carnets-press"
CLI = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "carnets_press"]


def timed(command: list[str], runs: int = 5, setup=None) -> float:
    times = []
    for _ in range(runs):
        if setup:
            setup()
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_alternately(first: list[str], second: list[str], runs: int = 15) -> tuple[float, float]:
    """Two commands run in turn, so that a slower spell of the machine falls on both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for command, record in zip((first, second), times):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            record.append(time.perf_counter() - started)
    return statistics.median(times[0]), statistics.median(times[1])


def row(what: str, ours: float, peer_name: str, peer: float, target: str) -> str:
    return f"| {what} | {ours:.2f} s | {peer_name}: {peer:.2f} s | {ours / peer:.2f} | {target} |"


def main() -> None:
    python = timed([sys.executable, "-c", "pass"])
    print("| measurement | ours | peer (same run) | ratio | target |")
    print("|---|---|---|---|---|")
    print(row("`carnets-press --help`", timed(CLI + ["--help"]), "python -c pass", python, "under 0.3 s"))
    print(row("`check` on the sample", timed(CLI + ["check", "-m", str(SAMPLE)]), "python -c pass", python,
              "under 0.5 s"))
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        markdown = [str(SAMPLE / name) for name in _contents(SAMPLE)]
        if shutil.which("pandoc"):
            ours, pandoc = timed_alternately(
                CLI + ["build", "epub", "-m", str(SAMPLE), "-o", str(out / "ours"), "--no-validate", "--no-cache"],
                ["pandoc", "-f", "markdown", "-o", str(out / "pandoc.epub"), *markdown])
            print(row("`build epub --no-validate` on the sample", ours, "pandoc", pandoc, "no slower than pandoc"))
        full = timed(CLI + ["build", "all", "-m", str(SAMPLE), "-o", str(out / "cached"), "--no-cache"], runs=1)
        cached = timed(CLI + ["build", "all", "-m", str(SAMPLE), "-o", str(out / "cached")])
        print(row("`build all`, nothing changed (cache)", cached, "full `build all`", full, "under 0.5 s"))
        x10 = generate(10, out / "x10")
        build_x10 = CLI + ["build", "pdf", "-m", str(x10), "-o", str(out / "x10-out")]
        full_x10 = timed(build_x10 + ["--no-cache"], runs=1)  # one pass, the full build to compare with
        timed(build_x10 + ["--jobs", "2"], runs=1)  # the first chunked build: pages counted, every chunk kept
        epub_x10 = CLI + ["build", "epub", "-m", str(x10), "-o", str(out / "x10-out")]
        full_epub_x10 = timed(epub_x10 + ["--no-cache"], runs=1)
        entry = x10 / "1950.md"
        entry.write_text(entry.read_text(encoding="utf-8").replace("by automobile", "by motor car", 1),
                         encoding="utf-8")
        edit_x10 = timed(build_x10 + ["--jobs", "2"], runs=1)
        print(row("ten-times edition, one-entry edit, `build pdf --jobs 2`", edit_x10, "full `build pdf`", full_x10,
                  "under 0.25 of a full build"))
        edit_epub_x10 = timed(epub_x10, runs=1)
        report = json.loads(subprocess.run(epub_x10 + ["--no-cache", "--json"], capture_output=True, text=True,
                                           check=True).stdout)
        jvm = re.search(r"\(([0-9.]+) s in the JVM\)", report["outputs"][0]["validation"])[1]
        print(row("ten-times edition, one-entry edit, `build epub`", edit_epub_x10, "full `build epub`", full_epub_x10,
                  f"(no target: EPUBCheck is {jvm} s of it)"))
        # An edit that adds pages to the second part: every later chunk starts at another page and is laid out again.
        early = x10 / "1942.md"
        early.write_text(early.read_text(encoding="utf-8")
                         + ("\n\n" + "A paragraph added since the last build, to move the later parts. " * 10) * 8,
                         encoding="utf-8")
        moved_x10 = timed(build_x10 + ["--jobs", "2"], runs=1)
        print(row("ten-times edition, an edit that adds pages near the start, `build pdf --jobs 2`", moved_x10,
                  "full `build pdf`", full_x10, "(no target: the later chunks move)"))


def _contents(manuscript: Path) -> list[str]:
    import tomllib

    return tomllib.loads((manuscript / "book.toml").read_text(encoding="utf-8"))["contents"]


if __name__ == "__main__":
    main()
