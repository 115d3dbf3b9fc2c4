"""The rules, one module per subject; importing this package registers them all, in this order."""

from carnets_press.check.rules import dates, fonts, links, metadata, suppression, text  # noqa: F401
