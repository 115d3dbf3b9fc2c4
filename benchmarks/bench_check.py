"""`check` on a large book: each lint rule's time beside the reading's, and `check` beside `build epub`.

    python benchmarks/bench_check.py                                   # the sample repeated 40 times
    python benchmarks/bench_check.py --manuscript /tmp/corpora/pepys   # Standard Ebooks' Pepys (corpora/README.md)
    python benchmarks/bench_check.py --src /tmp/before/src             # and another carnets-press, in the same run

`--src DIR` names the `src` folder of another copy of the tool (a `git archive` of an older commit): both are
measured in turn in the same run, each in fresh processes, so the table compares them on one machine at one
time. The rules are timed in one process after the manuscript is read (median of `--runs`); `check` and
`build epub --no-validate` are timed as commands, from a fresh process (their medians). The build runs the
same lint rules as `check` (but font-missing-glyph, which `build pdf` runs): read the ratios, not the seconds,
on a machine shared with others. Nothing here is asserted in the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_edition import generate

OURS = Path(__file__).resolve().parents[1] / "src"

_CHILD = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from carnets_press.check import run_rule
from carnets_press.check.context import Context
from carnets_press.check.registry import RULES
from carnets_press.pipeline import load
imported = time.perf_counter()
loaded = load(Path(sys.argv[1]))
read = time.perf_counter()
context = Context(loaded.book)
list(context.nodes())
walked = time.perf_counter()
rules = {}
for code in RULES:
    begun = time.perf_counter()
    run_rule(code, context)
    rules[code] = time.perf_counter() - begun
print(json.dumps({"import": imported - started, "read": read - imported, "walk": walked - read, "rules": rules}))
"""


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def rule_times(src: Path, manuscript: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", _CHILD, str(manuscript)], env=_env(src), check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.splitlines()[-1])


def command_time(src: Path, args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "carnets_press", *args], env=_env(src), capture_output=True, check=False)
    return time.perf_counter() - started


def measure(sources: dict[str, Path], manuscript: Path, runs: int) -> dict[str, dict]:
    """Every measurement of every copy, the copies in turn within each run, so a slow spell falls on all."""
    samples: dict[str, dict[str, list]] = {name: {"rules": [], "check": [], "build": []} for name in sources}
    with tempfile.TemporaryDirectory() as out:
        for _ in range(runs):
            for name, src in sources.items():
                samples[name]["rules"].append(rule_times(src, manuscript))
                samples[name]["check"].append(command_time(src, ["check", "-m", str(manuscript)]))
                samples[name]["build"].append(command_time(
                    src, ["build", "epub", "--no-validate", "--no-cache", "-m", str(manuscript), "-o", out]))
    results = {}
    for name, sample in samples.items():
        codes = list(sample["rules"][0]["rules"])
        results[name] = {
            "read": statistics.median(run["read"] for run in sample["rules"]),
            "rules": {code: statistics.median(run["rules"].get(code, 0.0) for run in sample["rules"])
                      for code in codes},
            "check": statistics.median(sample["check"]), "build": statistics.median(sample["build"])}
        results[name]["rules_total"] = statistics.median(sum(run["rules"].values()) for run in sample["rules"])
    return results


def table(results: dict[str, dict]) -> str:
    names = list(results)
    codes = list(dict.fromkeys(code for result in results.values() for code in result["rules"]))
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for code in codes:
        lines.append(f"| `{code}` | " + " | ".join(f"{results[n]['rules'].get(code, 0.0):.2f} s" for n in names) + " |")
    for label, key in (("all the rules", "rules_total"), ("reading the manuscript (load)", "read"),
                       ("`check` (command)", "check"), ("`build epub --no-validate` (command)", "build")):
        lines.append(f"| **{label}** | " + " | ".join(f"{results[n][key]:.2f} s" for n in names) + " |")
    lines.append("| rules / reading | " + " | ".join(f"{results[n]['rules_total'] / results[n]['read']:.2f}"
                                                   for n in names) + " |")
    lines.append("| `check` / `build epub` | " + " | ".join(f"{results[n]['check'] / results[n]['build']:.2f}"
                                                          for n in names) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--manuscript", type=Path, help="a manuscript to check (default: the sample, --times over)")
    parser.add_argument("--times", type=int, default=40, help="how many times the sample is repeated")
    parser.add_argument("--src", type=Path, action="append", default=[], help="another copy's src folder")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        manuscript = args.manuscript or generate(args.times, Path(scratch) / f"edition-x{args.times}")
        sources = {"this copy": OURS, **{str(src): src for src in args.src}}
        print(f"{manuscript}: median of {args.runs} runs\n")
        print(table(measure(sources, manuscript, args.runs)))


if __name__ == "__main__":
    main()
