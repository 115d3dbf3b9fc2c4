"""The build cache: nothing changed, nothing built; and a cached output is the clean build, byte for byte."""

from __future__ import annotations

import pytest

from carnets_press.build import BuildOptions, build

DIARY = {"1941.md": "# 1941\n\n## 31 March 1941. On the Ship.\n\nWords.[^1]\n\n[^1]: A note.\n"}


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def epub(root, out, **options):
    return build(root, BuildOptions(formats=("epub",), out_dir=out, validate=False, **options)).outputs[0]


def test_nothing_changed_means_nothing_built(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    first = epub(root, tmp_path / "out")
    stamp = first.path.stat().st_mtime_ns
    second = epub(root, tmp_path / "out")
    assert (first.cached, second.cached) == (False, True)
    assert second.path.stat().st_mtime_ns == stamp  # not even rewritten


def test_cached_output_is_byte_identical_to_a_clean_build(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    epub(root, tmp_path / "cached")
    cached = epub(root, tmp_path / "cached")
    clean = epub(root, tmp_path / "clean", use_cache=False)
    assert cached.cached and cached.path.read_bytes() == clean.path.read_bytes()


def test_an_edit_is_built(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    first = epub(root, tmp_path / "out").path.read_bytes()
    (root / "1941.md").write_text(DIARY["1941.md"].replace("Words.", "Other words."), encoding="utf-8")
    second = epub(root, tmp_path / "out")
    assert not second.cached and second.path.read_bytes() != first


def test_a_changed_output_is_built_again(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    path = epub(root, tmp_path / "out").path
    path.write_bytes(b"damaged")
    again = epub(root, tmp_path / "out")
    assert not again.cached and again.path.read_bytes() != b"damaged"


def test_options_are_part_of_the_key(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    epub(root, tmp_path / "out")
    validated = build(root, BuildOptions(formats=("epub",), out_dir=tmp_path / "out", validate=True)).outputs[0]
    assert not validated.cached and validated.validation.startswith("EPUBCheck")


def test_another_weasyprint_is_another_build(make_manuscript, tmp_path, monkeypatch):
    """The versions are inputs too (carnets_press.cache.inputs): an upgrade builds again."""
    from carnets_press.cache import inputs

    root = make_manuscript(DIARY)
    epub(root, tmp_path / "out")
    monkeypatch.setattr(inputs, "_installed_version", lambda name: "999.0")
    assert not epub(root, tmp_path / "out").cached
    assert epub(root, tmp_path / "out").cached


def test_the_cache_records_live_in_the_output_folder(make_manuscript, tmp_path):
    root = make_manuscript(DIARY)
    built = epub(root, tmp_path / "out")
    assert sorted(path.name for path in (tmp_path / "out" / ".carnets-cache").iterdir()) == ["epub.json"]
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [".carnets-cache", built.path.name]


@pytest.mark.parametrize("hostile", ["symlink", "folder", "fifo", "garbage"])
def test_a_hostile_build_cache_is_ignored_with_a_warning(make_manuscript, tmp_path, hostile):
    import os

    root = make_manuscript({"a.md": "# A\n\nText.\n"})
    out = tmp_path / "out"
    options = BuildOptions(formats=("epub",), out_dir=out, validate=False)
    build(root, options)
    record = out / ".carnets-cache" / "epub.json"
    record.unlink()
    secret = tmp_path / "secret.json"
    secret.write_text('{"key": "outside"}')
    {"symlink": lambda: record.symlink_to(secret), "folder": record.mkdir, "fifo": lambda: os.mkfifo(record),
     "garbage": lambda: record.write_bytes(b"\x00\xffnot JSON")}[hostile]()
    report = build(root, options)
    assert not report.outputs[0].cached
    # Besides the EPUB's own warnings (a generated cover, no print page numbers): the cache's, once.
    assert [f.code for f in report.findings if f.code not in ("cover-generated", "page-list-unavailable",
                                                                   "accessibility-summary-missing")] == [
        "cache-ignored"]
