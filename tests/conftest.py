"""Shared fixtures: small manuscripts written inside the tests, and the sample edition."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

MINIMAL_TOML = """\
title = "Test Notebooks"
language = "en-GB"
contents = [{contents}]

[[creators]]
name = "Jane Doe"
file-as = "Doe, Jane"
"""


@pytest.fixture
def make_manuscript(tmp_path: Path):
    """Write a manuscript: {file name: Markdown}; book.toml lists the files in order unless given."""

    def make(files: dict[str, str], toml: str | None = None, extra_toml: str = "") -> Path:
        root = tmp_path / "manuscript"
        root.mkdir(exist_ok=True)
        markdown = [name for name in files if name.endswith(".md")]
        if toml is None:
            toml = MINIMAL_TOML.format(contents=", ".join(f'"{name}"' for name in markdown)) + extra_toml
        (root / "book.toml").write_text(toml, encoding="utf-8")
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


@pytest.fixture
def weasyprint_footnotes(monkeypatch):
    """WeasyPrint's own footnote placement, without the note continuation (render/print/note_continuation.py),
    whether or not it was installed before in this process: for the print QA's findings on what WeasyPrint alone
    does (a note moved, a note lost), and for the continuation's tests."""
    import inspect

    from weasyprint import layout
    from weasyprint.layout import block
    from weasyprint.layout import page as pages

    from carnets_press.render.print import note_continuation

    note_continuation.install()
    monkeypatch.setattr(note_continuation, "install", lambda: None)
    for owner, name in ((block, "iter_line_boxes"), (layout.LayoutContext, "layout_footnote"),
                        (layout.LayoutContext, "report_footnote"), (block, "block_level_layout"),
                        (pages, "remake_page")):
        monkeypatch.setattr(owner, name, inspect.unwrap(getattr(owner, name)))
