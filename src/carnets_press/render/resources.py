"""Files the renderers ship with the book: our stylesheets and fonts.

They live at the top of the repository (styles/, fonts/), where a designer
looks for them; src/carnets_press/styles and fonts are symbolic links to them,
so they are installed inside the package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_dir(name: str) -> Path:
    """styles/ or fonts/ as a real path: WeasyPrint and the sandbox need file paths."""
    return Path(str(resources.files("carnets_press") / name)).resolve()


def stylesheet_text(name: str) -> str:
    return (package_dir("styles") / name).read_text(encoding="utf-8")
