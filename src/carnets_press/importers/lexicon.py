"""The word list that decides word repairs: wordfreq's frequencies, and the text's own usage.

wordfreq ships its frequency lists inside the wheel, so lookups work offline, for
some forty languages, and a frequency says more than a yes/no word list: it tells a
real but rare word ("sidelong") from a slip ("selfconfidence"). The text itself is
the second witness: a book that prints "self-confidence" once wants it everywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise

from wordfreq import available_languages, zipf_frequency

# Zipf scale: 1 is once per 100 million words (misspellings live there), 3 once per million.
KNOWN = 2.5  # a word of the language
UNKNOWN = 1.7  # below this a "word" is a slip or a fragment ("wellknown" 1.6, "sidelong" 1.8)
COMMON = 3.0  # a word common enough to stand as one half of a compound
MINOR = 6.0  # articles, prepositions, conjunctions: left in lower case inside a title

_WORD = re.compile(r"[^\W\d_]+(?:[-‐'’][^\W\d_]+)*")


class Lexicon:
    """Frequencies for one language, and the forms the text being imported uses."""

    def __init__(self, language: str, text: str = ""):
        code = language.split("-")[0].lower()
        self.language = code if code in available_languages() else "en"
        forms = Counter(match.group().casefold().replace("’", "'") for match in _WORD.finditer(text))
        self._forms = forms
        self._pairs = Counter(
            f"{a.group().casefold()} {b.group().casefold()}"
            for a, b in _pairs(text)
        )

    def zipf(self, word: str) -> float:
        return _zipf(word.casefold().replace("’", "'"), self.language)

    def known(self, word: str) -> bool:
        return self.zipf(word) >= KNOWN

    def minor(self, word: str) -> bool:
        """A short, very frequent word: the kind a title leaves in lower case."""
        return len(word) <= 5 and self.zipf(word) >= MINOR

    def used(self, form: str) -> int:
        """How often the text prints this form: a word, a hyphenated word, or two words with a space."""
        form = form.casefold().replace("’", "'")
        return self._pairs[form] if " " in form else self._forms[form]


@lru_cache(maxsize=65536)
def _zipf(word: str, language: str) -> float:
    return zipf_frequency(word, language)


def _pairs(text: str):
    words = list(_WORD.finditer(text))
    for a, b in pairwise(words):
        if not text[a.end():b.start()].strip():
            yield a, b
