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
