"""build --watch: a save builds again and names the pages that changed."""

from __future__ import annotations

import queue
import threading

from carnets_press.build import BuildOptions
from carnets_press.watch import changed_pages, watch


def test_changed_pages_are_those_whose_text_differs():
    assert changed_pages(["a", "b", "c"], ["a", "x", "c", "d"]) == [2, 4]
    assert changed_pages([], ["a"]) == [1]


def test_a_save_rebuilds_and_renders_the_changed_page(make_manuscript, tmp_path):
    root = make_manuscript({"a.md": "# A\n\n## 1 May 1941.\n\nFirst words.\n\n## 2 May 1941.\n\nMore words.\n"})
    rounds: queue.Queue = queue.Queue()
    stop = threading.Event()
    options = BuildOptions(formats=("pdf",), out_dir=tmp_path / "out")
    watcher = threading.Thread(target=watch, args=(root, options, rounds.put, stop), daemon=True)
    watcher.start()
    try:
        first = rounds.get(timeout=60)
        assert first.error is None and first.proofs == []
        (root / "a.md").write_text((root / "a.md").read_text().replace("More words.", "Other words."), encoding="utf-8")
        second = rounds.get(timeout=60)
        assert second.error is None and second.changed_pages  # the page of the edit, at least
        assert [image.name for image in second.proofs] == [f"doe-test-notebooks-p{n:03d}.png"
                                                           for n in second.changed_pages]
        assert {image.parent for image in second.proofs} == {tmp_path / "out" / "proof"}  # the output folder's proofs
        (root / "a.md").write_text("# A\n\nBroken[^gone].\n", encoding="utf-8")
        third = rounds.get(timeout=60)
        assert third.error is not None and any("note [^gone]" in str(f) for f in third.error.findings)
    finally:
        stop.set()
        watcher.join(timeout=10)
