"""Words the print edition keeps whole, or hyphenates only if it must, which styles/print.css would otherwise let
WeasyPrint hyphenate as any other.

A book avoids two hyphens that CSS cannot single out in WeasyPrint 70, which has none of CSS Text 4's
`hyphenate-limit-last` and cannot tell a name from any other word:

- a paragraph's last word: hyphenated, it leaves a fragment of itself alone on the last line ("concrete-/ness.");
  it is wrapped in `<span class="no-hyphens">`, which the stylesheet sets `hyphens: manual`;
- a name ("Trot-/sky"): a word capitalised somewhere in the book not at a sentence's start (a sentence's first
  word, capitalised, is not a name by that alone). As book.toml's `[print] hyphenate-names` says: by default
  ("if-needed") the names of each paragraph are listed in its block's NAMES_ATTRIBUTE, whose hyphens the total
  fit (render/print/line_breaking.py, finding them with `name_ranges`) takes only for a paragraph it cannot set
  otherwise;
  `false` wraps each in a no-hyphens span, as the last word; `true` hyphenates it as any word. An attribute, not
  spans: a span is a box of WeasyPrint's, and a span around each name made the ten-times edition's layout a
  third slower and a third larger in memory.

Only the print HTML has the spans and attributes: render/print/document.py marks its own copy of the book. A word
kept whole gives its line no hyphen, so the line's spaces stretch instead: the print QA measures both
(docs/check.md).

A span takes the punctuation after its word ("Brazil." of "to Brazil. ‘What about you?’"): a box that begins
where no line may break, as ". ‘What…" after a span of "Brazil" would, makes WeasyPrint 70 end the line there
and stretch its spaces many ems wide.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from carnets_press.manuscript.model import Book, Element, Node, Text
from carnets_press.transform.runs import OBJECT, Run, inline_runs

_NO_HYPHENS = "no-hyphens"
# On a block of the print HTML: its names, hyphenated only if its paragraph cannot be set otherwise (if-needed).
NAMES_ATTRIBUTE = "data-names"
# styles/print.css's `hyphenate-limit-chars: 6 2 3`: a shorter word is never hyphenated, and needs no span (a span
# is a box of its own, around which WeasyPrint breaks lines otherwise: spans that change nothing still do that).
_SHORTEST = 6
# A word: letters, with the apostrophes and hyphens inside it (Germany’s, Bolshevism-Leninism).
_WORD = re.compile(r"[^\W\d_](?:[\w’'\-‐]*[^\W_])?")
_PUNCTUATION_END = re.compile(r"[\s\w]")  # where the punctuation after a word ends: a space or the next word
_SENTENCE_END = set(".!?…")
_QUOTES = {"Ps", "Pe", "Pi", "Pf"}  # quotes and brackets, opening and closing: “No.” Then; (Then)
_CROSSED = {" ", "\t", "\n", OBJECT}


def keep_words_whole(book: Book, names: str) -> None:
    """Wrap each paragraph's last word of the text and the notes in a no-hyphens span, and each name as `names`
    (one of manuscript/metadata.py's NAME_HYPHENATION) says. A block's inline run (transform/runs.py) is one
    paragraph (a note's paragraph, a list item…); a block inside it is another.

    A name is a word the book capitalises somewhere not at a sentence's start, wherever it is: at a sentence's
    start too ("Germany’s"), where a capital alone does not tell a name ("Dissatisfaction") from one."""
    runs = inline_runs(book, headings=False)
    words = [_words(run) for run in runs]
    known: set[str] = set()
    if names != "always":
        for run, run_words in zip(runs, words, strict=True):
            text = run.text
            known.update(_name(word.text) for word in run_words
                         if word.text[0].isupper() and not _begins_sentence(text, word.position))
    for run, run_words in zip(runs, words, strict=True):
        last = len(run_words) - 1
        kept = [(word, _NO_HYPHENS) for index, word in enumerate(run_words) if len(word.text) >= _SHORTEST
                and (index == last or (names == "never" and _name(word.text) in known))]
        listed = {_name(word.text) for index, word in enumerate(run_words)
                  if names == "if-needed" and index != last and len(word.text) >= _SHORTEST
                  and _name(word.text) in known}
        if listed and run.block is not None:
            already = set(run.block.attrs.get(NAMES_ATTRIBUTE, "").split())
            run.block.attrs[NAMES_ATTRIBUTE] = " ".join(sorted(already | listed))
        _wrap(run, kept)


def name_ranges(text: str, listed: str) -> list[tuple[int, int]]:
    """Where in a paragraph's `text` the names its block lists (NAMES_ATTRIBUTE) are, as (start, end)."""
    names = set(listed.split())
    return [match.span() for match in _WORD.finditer(text) if _name(match.group()) in names]


class _Word(NamedTuple):
    node: Text
    start: int  # in the node's value
    end: int
    position: int  # in the run's text

    @property
    def text(self) -> str:
        return self.node.value[self.start:self.end]


def _name(word: str) -> str:
    """A name without its possessive: Germany’s is Germany."""
    return word[:-2] if word.endswith(("’s", "'s")) else word


def _words(run: Run) -> list[_Word]:
    return [_Word(node, *match.span(), start + match.start())
            for node, start in zip(run.texts, run.starts, strict=True) for match in _WORD.finditer(node.value)]


def _wrap(run: Run, words: list[tuple[_Word, str]]) -> None:
    """Wrap each word in a span of its class."""
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for word, class_ in words:
        end = _PUNCTUATION_END.search(word.node.value, word.end)
        spans.setdefault(id(word.node), []).append((word.start, end.start() if end else len(word.node.value), class_))
    for siblings, node in zip(run.siblings, run.texts, strict=True):
        if id(node) in spans:
            position = next(index for index, sibling in enumerate(siblings) if sibling is node)
            siblings[position:position + 1] = _wrapped(node.value, spans[id(node)])


def _begins_sentence(text: str, position: int) -> bool:
    """Whether the word at `position` begins the run or follows a sentence's end, across spaces, quotes, brackets
    and images (an image between two sentences ends neither). A no-break space is not crossed: typography puts it
    after an abbreviation (Mr.\u00a0Lam)."""
    while position and (text[position - 1] in _CROSSED or unicodedata.category(text[position - 1]) in _QUOTES):
        position -= 1
    return position == 0 or text[position - 1] in _SENTENCE_END


def _wrapped(value: str, spans: list[tuple[int, int, str]]) -> list[Node]:
    """The text with its spans; the spaces between two spans ("Vladimir Kibalchich") go into the first: WeasyPrint
    70 does not end a line at a text box that is only a space between two inline boxes, and sets the line on past
    the measure (render/print/line_breaking.py then gives the rest of the paragraph to WeasyPrint's breaking).
    Its break opportunities across inline boxes: Kozea/WeasyPrint#1614 (pull request #2748)."""
    nodes: list[Node] = []
    done = 0
    for number, (start, end, class_) in enumerate(spans):
        if start > done:
            nodes.append(Text(value[done:start]))
        following = spans[number + 1][0] if number + 1 < len(spans) else None
        if following is not None and following > end and not value[end:following].strip():
            end = following
        nodes.append(Element("span", {"class": class_}, [Text(value[start:end])]))
        done = end
    if done < len(value):
        nodes.append(Text(value[done:]))
    return nodes
