"""Generate an N-times larger edition from the sample, for benchmarks: the years repeat, shifted.

    python benchmarks/generate_edition.py --times 10 --to /tmp/edition-x10
"""

from __future__ import annotations

import argparse
import re
import shutil
import tomllib
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "manuscript"


def generate(times: int, target: Path, sample: Path = SAMPLE) -> Path:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    book = tomllib.loads((sample / "book.toml").read_text(encoding="utf-8"))
    contents = book["contents"]
    front = [name for name in contents if not re.fullmatch(r"\d{4}\.md", name)]
    years = [name for name in contents if name not in front]
    span = len(years)
    new_contents = list(front)
    for name in front:
        shutil.copy(sample / name, target / name)
    for folder in ("images", "styles"):  # what the manuscript refers to besides its text: the cover, its styles
        if (sample / folder).is_dir():
            shutil.copytree(sample / folder, target / folder)
    for copy in range(times):
        for name in years:
            shifted = _shift_years(sample.joinpath(name).read_text(encoding="utf-8"), copy * span)
            new_name = f"{int(name[:4]) + copy * span}.md"
            (target / new_name).write_text(shifted, encoding="utf-8")
            new_contents.append(new_name)
    toml = (sample / "book.toml").read_text(encoding="utf-8")
    listed = "contents = [\n" + "".join(f'    "{name}",\n' for name in new_contents) + "]"
    toml = re.sub(r"contents = \[.*?\]", lambda _: listed, toml, flags=re.DOTALL)
    (target / "book.toml").write_text(toml, encoding="utf-8")
    return target


def _shift_years(text: str, offset: int) -> str:
    """Shift the years in headings (# 1941, ## 31 March 1941., ## winter 1940–41.) so dates stay in order."""
    def shift_year(year: re.Match) -> str:
        start = int(year["start"]) + offset
        if year["end"] is None:
            return str(start)
        end = int(year["start"][:2] + year["end"]) + offset  # a range's short end: the 41 of 1940–41
        return f"{start}{year['dash']}{end % 100:02d}" if end // 100 == start // 100 else f"{start}{year['dash']}{end}"

    def shift(match: re.Match) -> str:
        return re.sub(r"\b(?P<start>19[0-9]{2})(?:(?P<dash>[–-])(?P<end>[0-9]{2})\b)?\b", shift_year, match.group(0))

    return re.sub(r"^#{1,2} .*$", shift, text, flags=re.MULTILINE)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--to", type=Path, required=True)
    arguments = parser.parse_args()
    print(generate(arguments.times, arguments.to))
