"""The Jinja2 environment for our XHTML templates (render/templates/)."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    # Compiling the templates is a tenth of an EPUB build's own work. Jinja2 keeps the compiled code, checked
    # against each template's source, in a private per-user directory of the system's temporary folder (it
    # refuses one that another user owns or can write), as Python keeps __pycache__.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("carnets_press.render", "templates"),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _bytecode_cache() -> jinja2.FileSystemBytecodeCache | None:
    """Jinja2's cache of compiled templates; none when its directory is another user's or cannot be made (Jinja2
    raises RuntimeError then): the templates are compiled each time instead, a tenth of a build slower."""
    try:
        return jinja2.FileSystemBytecodeCache()
    except (RuntimeError, OSError):
        return None


def render_template(name: str, **context: object) -> str:
    return environment().get_template(name).render(**context)
