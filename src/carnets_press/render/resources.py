"""Files the renderers ship with the book: our stylesheets and fonts.

They live at the top of the repository (styles/, fonts/) and are installed
inside the package as carnets_press.styles and carnets_press.fonts.
"""

from __future__ import annotations

from importlib import resources


def stylesheet_text(name: str) -> str:
    return resources.files("carnets_press.styles").joinpath(name).read_text(encoding="utf-8")
