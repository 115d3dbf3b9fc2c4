"""The rules, one module per subject; importing this package registers them all, in this order."""

from carnets_press.check.rules import dates, text, fonts, metadata, links, suppression  # noqa: F401
