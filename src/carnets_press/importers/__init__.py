"""Import a text extraction of a printed edition of dated notebooks as a manuscript.

``run_import(raw, to_dir, language)`` writes book.toml and one Markdown file per
part, and returns an ``ImportReport`` of every decision taken on the way, each with
its raw line and a confidence. See docs/importer.md.
"""

from carnets_press.importers.importer import import_text, run_import
from carnets_press.importers.report import Decision, ImportReport, NotePairing

__all__ = ["Decision", "ImportReport", "NotePairing", "import_text", "run_import"]
