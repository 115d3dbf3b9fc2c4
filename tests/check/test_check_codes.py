"""One small manuscript per code, each reporting exactly that finding, with its file, line and column."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from check_support import SUMMARY, only

from carnets_press.check import run_check
from carnets_press.codes import CODES


@dataclass
class Case:
    markdown: str  # a.md, the only file in contents
    line: int | None
    column: int | None = None
    file: str = "a.md"
    extra_toml: str = ""
    extra_files: dict[str, str] = field(default_factory=dict)  # in the directory, not in contents
    summary: bool = True


SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
CASES = {
    # Reported by the reader and the note numbering.
    "manuscript-unreadable": Case("Text before any part heading.\n", 1),
    "note-undefined": Case("# A\n\nText.[^gone]\n", 3),
    "note-unused": Case("# A\n\nText.\n\n[^a]: Never called.\n", 5),
    "note-duplicate-label": Case("# A\n\nText.[^a]\n\n[^a]: One.\n\n[^a]: Two.\n", 7),
    "note-called-twice": Case("# A\n\nOne.[^a] Two.[^a]\n\n[^a]: Note.\n", 3),
    "note-empty": Case("# A\n\nText.[^a]\n\n[^a]:\n", 5),
    "note-in-note": Case("# A\n\n[^a]: Note.[^b]\n\n[^b]: Inner.\n\nText.[^a]\n", 3),
    "note-in-image-alt": Case("# A\n\n![a street[^1]](x.svg)\n\n[^1]: Marseille.\n", 3, extra_files={"x.svg": SVG}),
    "image-alt-missing": Case("# A\n\n![](x.svg)\n", 3, extra_files={"x.svg": SVG}),
    "image-unreadable": Case("# A\n\n![a street](x.png)\n", 3, extra_files={"x.png": "not really a PNG"}),
    "image-unsafe": Case("# A\n\n![a street](x.svg)\n", 3,
                         extra_files={"x.svg": SVG.replace("<rect", "<rect onclick='x()'")}),
    "image-not-in-manuscript": Case("# A\n\n![a street](missing.png)\n", 3),
    "text-forbidden-character": Case("# A\n\nA bell\x07 rings.\n", 3, 7),
    "paragraph-too-long": Case("# A\n\n" + "word " * 100_001 + "\n", 3),
    "date-impossible": Case("# 1941\n\n## 31 April 1941.\n", 3),
    "date-unrecognised": Case("# 1941\n\n## Someday.\n", 3),
    "date-invalid": Case("# 1941\n\n## 3 May 1941. {date=1941-13}\n", 3),
    "heading-attributes": Case("# A {#x y=}\n", 1),
    "heading-id-invalid": Case("# A\n\n## 1 May 1941. {#1941}\n", 3),
    "heading-id-duplicate": Case("# A {#same}\n\n## 1 May 1941. {#same}\n", 3),
    "id-reserved": Case("# A\n\nSee [this]{#nav} word.\n", 3),
    # Dates.
    "date-order": Case("# 1941\n\n## 3 May 1941.\n\n## 1 May 1941.\n", 5),
    "year-mismatch": Case("# 1941\n\n## 1 May 1941.\n\n## 1 June 1942.\n", 5),
    # Text.
    "double-space": Case("# A\n\nOne line.\nThen two  spaces.\n", 4, 6),
    "joined-word": Case("# A\n\nThe JusticeRevolution.\n", 3, 5),
    "stray-page-furniture": Case("# A\n\nText.\n\n127\n\nMore text.\n", 5),
    "digit-glued": Case("# A\n\nThen Vlady.1 left.\n", 3, 6),
    "font-missing-glyph": Case("# A\n\nAn asterism ⁂ here.\n", 3, 13),
    # book.toml and the manuscript directory.
    "accessibility-summary-missing": Case("# A\n", None, file="book.toml", summary=False),
    "isbn-invalid": Case("# A\n", 10, file="book.toml", extra_toml='\n[print]\nisbn = "978-0-00-000000-1"\n'),
    "relator-unknown": Case("# A\n", 11, file="book.toml", extra_toml='\n[[contributors]]\nname = "X"\nrole = "xyz"\n'),
    "contents-unlisted": Case("# A\n", None, file="old.md", extra_files={"drafts/old.md": "# Old\n"}),
    # Links.
    "link-broken": Case("# A\n\nSee [there](#nowhere).\n", 3, 13),
    "resource-external": Case("# A\n\nSee [the scan](scans/p1.pdf).\n", 3, 16),
    # Suppression comments.
    "suppression-unknown-code": Case("# A\n\n[//]: # (carnets: ignore[no-such-code])\nText.\n", 3),
    "html-unsafe": Case("# A\n\nText <script>alert(1)</script>.\n", 3),
    "suppression-in-text": Case("# A\n\nText.\n[//]: # (carnets: ignore[double-space])\n", 4, 1),
    # Pandoc Markdown the format does not read.
    "markdown-unsupported": Case("# A\n\nAs shown in\n[@serge, p. 3].\n", 4),
}


def test_every_code_check_reports_has_a_case():
    assert set(CASES) == {code for code, entry in CODES.items() if entry.family in ("manuscript", "lint")}


@pytest.mark.parametrize("code, case", [pytest.param(code, case, id=code) for code, case in CASES.items()])
def test_code_is_reported_at_its_place(make_manuscript, code, case):
    root = make_manuscript({"a.md": case.markdown}, extra_toml=case.extra_toml + (SUMMARY if case.summary else ""))
    for name, text in case.extra_files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    finding = only(run_check(root))
    location = finding.location
    assert ((finding.code, location.file.name, location.line, location.column)
            == (code, case.file, case.line, case.column))
    assert finding.severity is CODES[code].severity
    assert finding.message and finding.hint
