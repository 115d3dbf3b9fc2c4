"""The inputs of a build, listed and hashed once, for the build cache and the chunk cache alike."""

from __future__ import annotations

import pytest

from carnets_press.cache import BuildInputs, ChunkCache
from carnets_press.cache import inputs as inputs_module

DIARY = {"1941.md": "# 1941\n\n## 31 March 1941.\n\nWords.\n", "images/ship.png": "not really a PNG"}
SETTINGS = {"validate": False, "modified": "2020-01-01"}


def test_the_inputs_are_the_manuscript_and_the_tools_files(make_manuscript):
    root = make_manuscript(DIARY)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".1941.md.swp").write_text("an editor's")
    inputs = BuildInputs.of(root)
    manuscript = {file.path for file in inputs.files if file.origin == "manuscript"}
    assert manuscript == {"book.toml", "1941.md", "images/ship.png"}  # hidden files aside
    assert {"styles", "fonts", "templates"} <= {file.origin for file in inputs.files}
    assert {"styles/print.css", "fonts/EBGaramond-Regular.ttf", "templates/print_book.html.j2"} <= {
        f"{file.origin}/{file.path}" for file in inputs.files}
    assert dict(inputs.versions)["weasyprint"][0].isdigit()
    assert {file.path for file in inputs.files if file.is_text} == {"book.toml", "1941.md"}


def test_a_text_edit_changes_the_outputs_key_but_not_the_chunks_salt(make_manuscript):
    root = make_manuscript(DIARY)
    before = BuildInputs.of(root)
    (root / "1941.md").write_text(DIARY["1941.md"].replace("Words.", "Other words."), encoding="utf-8")
    after = BuildInputs.of(root)
    assert after.key("pdf", SETTINGS) != before.key("pdf", SETTINGS)
    assert after.layout_salt() == before.layout_salt()


def test_an_image_or_a_version_changes_both(make_manuscript, monkeypatch):
    root = make_manuscript(DIARY)
    before = BuildInputs.of(root)
    validated = {**SETTINGS, "validate": True}
    keys = {before.key("pdf", SETTINGS), before.key("epub", SETTINGS), before.key("pdf", validated)}
    assert len(keys) == 3
    (root / "images" / "ship.png").write_text("another image")
    image = BuildInputs.of(root)
    assert image.key("pdf", SETTINGS) != before.key("pdf", SETTINGS) and image.layout_salt() != before.layout_salt()
    (root / "images" / "ship.png").write_text(DIARY["images/ship.png"])
    monkeypatch.setattr(inputs_module, "_installed_version", lambda name: "999")
    upgraded = BuildInputs.of(root)
    assert upgraded.key("pdf", SETTINGS) != before.key("pdf", SETTINGS)
    assert upgraded.layout_salt() != before.layout_salt()


def test_the_chunk_cache_keeps_by_key_and_salt(tmp_path):
    cache = ChunkCache(tmp_path / "chunks", "salt")
    assert cache.get("a") is None
    cache.put("a", b"%PDF a", {"pages": 2})
    cache.put("b", b"%PDF b", {"pages": 3})
    assert cache.get("a") == (b"%PDF a", {"pages": 2})
    assert ChunkCache(tmp_path / "chunks", "another salt").get("a") is None
    next(path for path in (tmp_path / "chunks").glob("*.pdf") if path.read_bytes() == b"%PDF b").write_bytes(b"damaged")
    assert cache.get("b") is None
    cache.keep_only(["a"])
    assert len(list((tmp_path / "chunks").iterdir())) == 2 and cache.get("a") is not None


@pytest.mark.parametrize("facts", ["[1, 2]", "not JSON", '{"facts": 1}'])
def test_facts_of_another_version_are_not_used(tmp_path, facts):
    cache = ChunkCache(tmp_path, "salt")
    cache.put("a", b"%PDF a", {})
    next(tmp_path.glob("*.json")).write_text(facts)
    assert cache.get("a") is None
