"""The rules, one module per subject; importing this package registers them all."""

from carnets_press.check.rules import dates, fonts, links, metadata, reader, suppression, text  # noqa: F401
