"""The inputs of a build, listed and hashed once, for the build cache and the chunk cache alike."""

from __future__ import annotations

import pytest
from support_images import png

from carnets_press.cache import BuildInputs, ChunkCache
from carnets_press.cache import inputs as inputs_module
from carnets_press.pipeline import load

DIARY = {"1941.md": "# 1941\n\n## 31 March 1941.\n\nWords.\n\n![a ship](images/ship.png)\n"}
SETTINGS = {"validate": False, "modified": "2020-01-01"}


def make_diary(make_manuscript, image: bytes = png()):
    root = make_manuscript(DIARY)
    (root / "images").mkdir()
    (root / "images" / "ship.png").write_bytes(image)
    return root


def inputs_of(root):
    return BuildInputs.of_book(load(root).buildable())


def test_the_inputs_are_the_files_the_book_uses_and_the_tools_files(make_manuscript, tmp_path):
    root = make_diary(make_manuscript)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "notes-to-self.txt").write_text("not in the book")
    (tmp_path / "secret").write_text("outside")
    (root / "stray").symlink_to(tmp_path / "secret")  # named by nothing: never opened
    inputs = inputs_of(root)
    manuscript = {file.path for file in inputs.files if file.origin == "manuscript"}
    assert manuscript == {"book.toml", "1941.md", "images/ship.png"}
    assert inputs.used == {"book.toml": "book.toml", "1941.md": "text", "images/ship.png": "image"}
    assert {"styles", "fonts", "templates"} <= {file.origin for file in inputs.files}
    assert {"styles/print.css", "fonts/EBGaramond-Regular.ttf", "templates/print_book.html.j2"} <= {
        f"{file.origin}/{file.path}" for file in inputs.files}
    assert dict(inputs.versions)["weasyprint"][0].isdigit()
    assert {file.path for file in inputs.files if file.is_text} == {"book.toml", "1941.md"}


def test_a_text_edit_changes_the_outputs_key_but_not_the_chunks_salt(make_manuscript):
    root = make_diary(make_manuscript)
    before = inputs_of(root)
    (root / "1941.md").write_text(DIARY["1941.md"].replace("Words.", "Other words."), encoding="utf-8")
    after = BuildInputs.of(root, before.used)
    assert after.key("pdf", SETTINGS) != before.key("pdf", SETTINGS)
    assert after.layout_salt() == before.layout_salt()


def test_an_image_or_a_version_changes_both(make_manuscript, monkeypatch):
    root = make_diary(make_manuscript)
    before = inputs_of(root)
    validated = {**SETTINGS, "validate": True}
    keys = {before.key("pdf", SETTINGS), before.key("epub", SETTINGS), before.key("pdf", validated)}
    assert len(keys) == 3
    (root / "images" / "ship.png").write_bytes(png(color="blue"))
    image = BuildInputs.of(root, before.used)
    assert image.key("pdf", SETTINGS) != before.key("pdf", SETTINGS) and image.layout_salt() != before.layout_salt()
    (root / "images" / "ship.png").write_bytes(png())
    monkeypatch.setattr(inputs_module, "_installed_version", lambda name: "999")
    upgraded = BuildInputs.of(root, before.used)
    assert upgraded.key("pdf", SETTINGS) != before.key("pdf", SETTINGS)
    assert upgraded.layout_salt() != before.layout_salt()


def test_a_used_file_that_becomes_a_link_out_is_not_read(make_manuscript, tmp_path):
    root = make_diary(make_manuscript)
    before = inputs_of(root)
    (tmp_path / "secret.png").write_bytes(png())
    (root / "images" / "ship.png").unlink()
    (root / "images" / "ship.png").symlink_to(tmp_path / "secret.png")
    after = BuildInputs.of(root, before.used)
    assert next(f.sha256 for f in after.files if f.path == "images/ship.png") == "unreadable"
    assert after.key("epub", SETTINGS) != before.key("epub", SETTINGS)


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
