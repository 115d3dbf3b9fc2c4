"""The MARC code list for relators, for relator-unknown: carnets_press.relators keeps it, with each code's term.

book.toml accepts any three letters, so that a rare role needs no change to the
tool; this list lets the checker tell a rare role from a typing mistake.
"""

from carnets_press.relators import MARC_RELATOR_CODES

__all__ = ["MARC_RELATOR_CODES"]
