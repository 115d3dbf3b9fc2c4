"""The tool's own files (our stylesheets, fonts and templates), and the digest of a file.

A low-level module: the renderers, the checks and the build cache all need these, and none of them owns
them, so none of them has to import another for them. It imports nothing of ours.

Our stylesheets and fonts live at the top of the repository (styles/, fonts/), where a designer looks for
them; src/carnets_press/styles and fonts are symbolic links to them, so they are installed inside the
package. The templates are the renderers' (src/carnets_press/render/templates/).
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path


def package_dir(name: str) -> Path:
    """styles/ or fonts/ as a real path: WeasyPrint and the sandbox need file paths."""
    return Path(str(resources.files("carnets_press") / name)).resolve()


def stylesheet_text(name: str) -> str:
    return (package_dir("styles") / name).read_text(encoding="utf-8")


def tool_dirs() -> dict[str, Path]:
    """Every folder of the tool's own files that an output is made from, by name."""
    return {"styles": package_dir("styles"), "fonts": package_dir("fonts"),
            "templates": package_dir("render") / "templates"}


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
