"""Typography against its oracle, Pandoc's `smart` extension (`pandoc -f markdown+smart`).

Each case of AS_PANDOC is set by Pandoc itself, through pypandoc when it is installed (pypandoc_binary carries
a pandoc 3 binary; the test is skipped without it): the paragraph Pandoc makes, read as plain text, must be ours.
DIFFERENT_BY_DESIGN holds the cases where the characters around a quote decide here and Pandoc's parser does
otherwise, with what pandoc 3.9 makes of them; they need no Pandoc.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from support_images import png

from carnets_press.manuscript.model import Code, Text, walk
from carnets_press.pipeline import load

NOTE = "\n\n[^1]: A note."

AS_PANDOC = [
    # Quotes beside inline markup: the character on the other side of the boundary decides.
    "*Clochemerle*'s",
    "'*Clochemerle*'",
    "[NKVD]{.smallcaps}'s",
    "Vlady[^1]'s" + NOTE,
    "*Clochemerle*'s and 'Soledad'",
    '"*Clochemerle*" and \'*Soledad*\'',
    "\"Hi\" *and* 'x' **'y'**",
    "[*'a'*]{.smallcaps} and [\"b\"]{lang=fr}",
    # Dashes: -- en, --- em, left to right.
    "1941--1947, a -- b --- c",
    "a ---- b ----- c",
    # Quotes before and after dashes.
    '---"No!"',
    '"No!"---he said',
    "he said---'no'---and left",
    '"Wait---"',
    "'--' and \"--\"",
    # Ellipses: ... is one, a spaced . . . is kept.
    "wait... and so....",
    ". . .",
    "wait . . . no",
    # Elisions and apostrophes.
    "'Twas",
    "'tis 'tis",
    "in '41 we",
    "it's 'cause",
    "the 'dog",
    "rock'n'roll",
    "He said 'rock 'n' roll'",
    "don't 'x' won't",
    "the boys' toys",
    "l'homme d'aujourd'hui",
    "l'\"homme\"",
    # Feet and inches: Pandoc makes them quotes, not primes.
    "5'10\"",
    "He is 5'10\" tall",
    "He is 5'10\".",
    # Nested quotes.
    "\"outer 'inner' end\"",
    "\"He's 'here'\"",
    "\"'Hi!'\"",
    "'\"Hi!\"'",
    "\"Il a dit 'oui' puis 'non'.\"",
    "'Hello,' he said, 'the boys' toys.'",
    # Quotes around links and code spans; URLs are literal.
    "\"[link](https://a.org)\" and '`code`'",
    "'[link](https://a.org)'",
    "\"`a -- b`\" and '`x`'",
    "\"<https://a.org>\"",
    "<https://a.org/c--d'e...> and <serge@example.org>",
    # Quotes at a paragraph's start after a note call, and after one.
    '[^1]"Hello"' + NOTE,
    "[^1]'Hello,' she said" + NOTE,
    "\"Hi\"[^1] and 'x'" + NOTE,
    # A no-break space after an abbreviation, unless a line ends or a note is called after it.
    "Dr. Lam, p. 12, pp. 3--4 and Mr.\nBreton; (Mr. X) cf. this, vs. that, i.e. this, e.g. that, No. 5",
    "Mr.[^1] Lam and Mr. [^2] Lam" + NOTE + "\n\n[^2]: Another.",
    "*Mr.* Lam, *x*Mr. Lam, xMr. Lam, .Mr. Lam, _Mr. Lam",
    "Mr.  Lam, Ph.D. students, Ph.D.. x",
    "Mr. *Lam* and Mr. `x` and Mr. \"Lam\" and 'St. Paul'",
    # And the rest of Pandoc's rules.
    '"Hi," she said',
    "'Hello!' he",
    "'(a)'",
    'a"b"',
    '"Hi"s',
    'x " y',
    '" Bonjour "',  # in English; French makes « Bonjour » (test_typography.py)
    "'1941' was",
    "Cabin \"12\" and cabin '13', in the '30s.",
    '"a"\n"b"',
    "'a\nb'",
    "‘Hi’ and 'x' “y”",
    "«Bonjour»",
    # Escaped characters are kept as typed: the reader must give them as Code nodes (see typography.py).
    '\\"a\\" \\\'b\\\' don\\\'t',
    "a \\-- b \\--- c -\\-- d",
    "a \\... b .\\.. c",
    '"He said \\"no\\" and left"',
    "a\\ b",
]

# (Markdown, ours, pandoc 3.9's)
DIFFERENT_BY_DESIGN = [
    # Pandoc sees no word before a quote after a note call, a span or a code span, and opens a quotation there.
    ("Vlady[^1]'s and 'x'" + NOTE, "Vlady’s and ‘x’", "Vlady‘s and ’x’"),
    ("[NKVD]{.smallcaps}'s 'x'", "NKVD’s ‘x’", "NKVD‘s ’x’"),
    ("`x`'s and 'y'", "x’s and ‘y’", "x‘s and ’y’"),
    # Pandoc opens a quotation at an elision whenever a closing quote follows, however far.
    ("'Twas the night,' he said.", "’Twas the night,’ he said.", "‘Twas the night,’ he said."),
    ("'tis the 'season'", "’tis the ‘season’", "‘tis the ’season’"),
    ("the '90s were 'wild'", "the ’90s were ‘wild’", "the ‘90s were ’wild’"),
    ("in '41 we 'went'", "in ’41 we ‘went’", "in ‘41 we ’went’"),
    ("'em 'x'", "’em ‘x’", "‘em ’x’"),
    # The price of that: a quotation that begins with two digits reads as a year.
    ("'42 is it,' he said", "’42 is it,’ he said", "‘42 is it,’ he said"),
    # 'n' is two elisions, not a quoted n.
    ("rock 'n' roll", "rock ’n’ roll", "rock ‘n’ roll"),
    # Pandoc closes at any " inside a quotation; one that can only open opens a quotation inside it here.
    ('"a "b" c"', "“a “b” c”", "“a”b” c”"),
    ('"Yes, he said. "No."', "“Yes, he said. “No.”", "“Yes, he said.”No.”"),
]


def ours(make_manuscript, markdown: str) -> str:
    book = load(make_manuscript({"a.md": f"# A\n\n{markdown}\n"})).buildable()
    return "".join(n.value for n in walk(book.parts[0].blocks[0]) if isinstance(n, (Text, Code)))


@pytest.fixture(scope="module")
def pandoc() -> str:
    """The pandoc binary's path."""
    pypandoc = pytest.importorskip("pypandoc")
    try:
        path, version = pypandoc.get_pandoc_path(), pypandoc.get_pandoc_version()
    except OSError:
        pytest.skip("no pandoc binary (pip install pypandoc_binary)")
    if int(version.split(".")[0]) < 3:
        pytest.skip(f"pandoc {version}: the oracle is pandoc 3")
    return path


def pandoc_paragraph(path: str, markdown: str) -> list[dict]:
    """The inlines of the first paragraph Pandoc reads in `markdown`."""
    result = subprocess.run([path, "-f", "markdown+smart", "-t", "json"], input=markdown, capture_output=True,
                            text=True, check=True, encoding="utf-8")
    block = json.loads(result.stdout)["blocks"][0]
    assert block["t"] == "Para", block
    return block["c"]


def stringify(inlines: list[dict]) -> str:
    """A paragraph's text as our walk reads it: quotes in English, notes and images left out."""
    parts = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind == "Space":
            parts.append(" ")
        elif kind == "SoftBreak":
            parts.append("\n")
        elif kind == "Quoted":
            opening, closing = ("‘", "’") if content[0]["t"] == "SingleQuote" else ("“", "”")
            parts.append(opening + stringify(content[1]) + closing)
        elif kind == "Code":
            parts.append(content[1])
        elif kind in ("Emph", "Strong", "Strikeout", "SmallCaps", "Underline", "Superscript", "Subscript"):
            parts.append(stringify(content))
        elif kind in ("Span", "Link"):
            parts.append(stringify(content[1]))
        elif kind not in ("Note", "Image", "LineBreak", "RawInline"):
            raise ValueError(f"an inline the test does not read: {kind}")
    return "".join(parts)


@pytest.mark.parametrize("markdown", AS_PANDOC)
def test_as_pandoc(make_manuscript, pandoc, markdown):
    assert ours(make_manuscript, markdown) == stringify(pandoc_paragraph(pandoc, markdown))


@pytest.mark.parametrize("markdown, expected, _pandoc", DIFFERENT_BY_DESIGN)
def test_different_by_design(make_manuscript, markdown, expected, _pandoc):
    assert ours(make_manuscript, markdown) == expected


def test_alt_text_as_pandoc(make_manuscript, pandoc):
    """Pandoc typesets an image's description; our alt text is it, as text. (The reader gives the alt text as a
    string, without its code spans: a code span in it is typeset, which Pandoc does not do.)"""
    markdown = "See ![\"Paris\" -- 'Marseille'... it's *Clochemerle* and [NKVD]{.smallcaps}'s](x.png)"
    root = make_manuscript({"a.md": f"# A\n\n{markdown}\n"})
    (root / "x.png").write_bytes(png())
    image = next(load(root).buildable().elements("img"))
    (description,) = [inline["c"][1] for inline in pandoc_paragraph(pandoc, markdown) if inline["t"] == "Image"]
    assert image.attrs["alt"] == stringify(description)
