"""The output folder names every path under --out (carnets_press.output)."""

from __future__ import annotations

from pathlib import Path

import pytest

from carnets_press.errors import UsageError
from carnets_press.manuscript.metadata import load_metadata
from carnets_press.output import OutputFolder, output_name, proof_image_name


def test_every_path_of_the_folder(make_manuscript, tmp_path):
    metadata = load_metadata(make_manuscript({"a.md": "# A\n"}))
    folder = OutputFolder(tmp_path / "out", metadata)
    assert output_name(metadata) == "doe-test-notebooks"
    relative = {name: path.relative_to(tmp_path / "out").as_posix() for name, path in {
        "epub": folder.book("epub"), "pdf": folder.book("pdf"), "candidate": folder.candidate("epub"),
        "qa": folder.print_qa_report, "record": folder.cache_record("pdf"), "pages": folder.page_record,
        "chunks": folder.chunks, "proofs": folder.proofs}.items()}
    assert relative == {"epub": "doe-test-notebooks.epub", "pdf": "doe-test-notebooks.pdf",
                        "candidate": ".doe-test-notebooks.candidate.epub", "qa": "doe-test-notebooks.print-qa.json",
                        "record": ".carnets-cache/pdf.json", "pages": ".carnets-cache/pdf-pages.json",
                        "chunks": ".carnets-cache/pdf-chunks", "proofs": "proof"}
    assert proof_image_name(folder.book("pdf"), (12, 13)) == "doe-test-notebooks-p012-013.png"


def test_writes_are_atomic_and_stay_inside(tmp_path):
    folder = OutputFolder(tmp_path / "out")
    path = folder.write(folder.page_record, b"{}")
    assert path.read_bytes() == b"{}" and [p.name for p in path.parent.iterdir()] == ["pdf-pages.json"]
    with pytest.raises(ValueError):
        folder.write(tmp_path / "elsewhere.txt", b"")
    with pytest.raises(ValueError, match="without the book's metadata"):
        folder.book("pdf")


def test_an_output_folder_inside_the_manuscript_is_refused(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"})
    with pytest.raises(UsageError):
        OutputFolder.check(root / "build", root)
    assert OutputFolder.check(root.parent / "build", root) == (root.parent / "build").resolve()
    assert OutputFolder.check(Path("."), root) == Path(".").resolve()
