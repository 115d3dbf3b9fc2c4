"""Write the table of finding codes into docs/check.md, from src/carnets_press/codes.py.

Run after changing a code: python scripts/codes_table.py (the test suite fails until docs/check.md agrees).
"""

from __future__ import annotations

import re
from pathlib import Path

from carnets_press.codes import TABLE_BEGIN, TABLE_END, markdown_table

DOC = Path(__file__).resolve().parents[1] / "docs" / "check.md"


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    pattern = re.compile(rf"{re.escape(TABLE_BEGIN)}\n.*?{re.escape(TABLE_END)}", re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{DOC}: the markers of the table of codes are missing")
    DOC.write_text(pattern.sub(lambda _: f"{TABLE_BEGIN}\n{markdown_table()}{TABLE_END}", text), encoding="utf-8")


if __name__ == "__main__":
    main()
