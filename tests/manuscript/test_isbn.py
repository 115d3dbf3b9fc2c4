"""ISBNs: checked, converted to ISBN-13, hyphenated by the agency's ranges; printed on both credits pages.

The expectations come from outside this tool: ISBNs printed on real books, the worked examples of the ISBN
check digit, and the International ISBN Agency's range rules (each reasoned below). The check digits are
computed here by the standard's own formulas, not by the library the tool uses.
"""

from __future__ import annotations

import datetime

import pytest
from typer.testing import CliRunner

from carnets_press.cli import app
from carnets_press.manuscript.isbn import display, normalise
from carnets_press.pipeline import load
from carnets_press.render.labels import _LABELS, cover_alt, labels_for
from carnets_press.render.print.document import print_html


def isbn13_check_digit(first_twelve: str) -> str:
    """ISBN-13 (EAN-13): weights 1, 3, 1, 3…; the check digit brings the sum to a multiple of 10."""
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def isbn10_check_digit(first_nine: str) -> str:
    """ISBN-10: weights 1 to 9 (read from the left), sum modulo 11; 10 is written X."""
    total = sum(int(digit) * weight for weight, digit in enumerate(first_nine, start=1)) % 11
    return "X" if total == 10 else str(total)


# (as written, the ISBN-13 as hyphenated by the ranges, why those hyphens)
REAL_ISBNS = [
    # Penguin Classics (its copyright pages print 978-0-14-…): prefix 978, group 0 (English; the groups of 978
    # beginning 0 to 5 are one digit long), registrant 14 (group 0 gives registrants 00 to 19 two digits),
    # publication 044913, check digit 6.
    ("978-0-14-044913-6", "978-0-14-044913-6"),
    ("9780140449136", "978-0-14-044913-6"),
    # The same book's ISBN-10, printed on its older copies: 978 is put before it and the check digit recomputed.
    ("0-14-044913-2", "978-0-14-044913-6"),
    # The worked example of the ISBN check digit (Wikipedia, "ISBN"): 0-306-40615-2 is 978-0-306-40615-7;
    # registrant 306 is in group 0's range 229 to 368 of three-digit registrants.
    ("0-306-40615-2", "978-0-306-40615-7"),
    # Gallimard's Folio edition of L'Étranger: group 2 (French), registrant 07 (00 to 19: two digits).
    ("2-07-036002-4", "978-2-07-036002-4"),
    # The ISBN of Wikipedia's barcode illustration (Mohr Siebeck): group 3 (German), registrant 16 (group 3
    # gives 04 to 19 two digits).
    ("978-3-16-148410-0", "978-3-16-148410-0"),
    # An ISBN-10 whose check digit is X (10 modulo 11); registrant 8044 is in group 0's range 7000 to 8499 of
    # four-digit registrants.
    ("0-8044-2957-x", "978-0-8044-2957-3"),
    # Hyphens written in the wrong places are not the agency's: they are put back where the ranges say.
    ("97-80-1404-49136", "978-0-14-044913-6"),
]


@pytest.mark.parametrize("written, printed", REAL_ISBNS)
def test_a_real_isbn_is_kept_as_13_digits_and_printed_by_the_ranges(written, printed):
    digits = printed.replace("-", "")
    assert digits[-1] == isbn13_check_digit(digits[:12])  # the expectation itself is a valid ISBN-13
    assert normalise(written) == digits
    assert display(normalise(written)) == printed


def test_the_isbn10_check_digits_of_the_examples_are_theirs():
    """The ISBN-10s above are valid by the ISBN-10 formula, so their conversion is what is tested."""
    for isbn10 in ("0-14-044913-2", "0-306-40615-2", "2-07-036002-4", "0-8044-2957-X"):
        digits = isbn10.replace("-", "")
        assert digits[-1] == isbn10_check_digit(digits[:9])


@pytest.mark.parametrize("written, words", [
    ("978-0-00-000000-1", "the check digit is wrong"),  # 978000000000 has check digit 2
    ("978-0-14-044913-7", "the check digit is wrong"),  # one off the Penguin ISBN
    # Two of its digits swapped (not 4 and 9, nor any two that differ by 5: ISBN-13's weights cannot see those).
    ("978-0-14-044931-6", "the check digit is wrong"),
    ("0-14-044913-3", "the check digit is wrong"),
    ("978-0-14-04491-6", "it has 12 digits, not 13"),
    ("0-14-04491-2", "it has 9 digits"),
    ("978-0-14-044913-66", "it has 14 digits"),
    ("978-0-14-O44913-6", "not 'O'"),  # a capital O for a zero
    ("978 0 14 044913 6", "not ' '"),
    ("ISBN 978-0-14-044913-6", "without “ISBN”"),
    ("0-14-04491X-2", "an X can only be the check digit of an ISBN-10"),
    ("4006381333931", "begins with 978 or 979, not 400"),  # a valid EAN-13, of a pen: not a book
    ("", "no number"),
])
def test_a_wrong_isbn_is_refused_with_the_reason(written, words):
    with pytest.raises(ValueError) as raised:
        normalise(written)
    assert words in str(raised.value)


def test_the_bad_check_digits_are_bad_by_the_formula():
    for wrong in ("978000000000" + "1", "978014044913" + "7", "978014044931" + "6"):
        assert isbn13_check_digit(wrong[:12]) != wrong[-1]
    assert isbn10_check_digit("014044913") != "3"


# The CLI ------------------------------------------------------------------------------------------------------

TOML = """\
title = "Notebooks"
subtitle = "1941–1947"
language = "{language}"
{isbn}contents = ["a.md"]

[[creators]]
name = "Victor Serge"

[print]
trim = "demy"
{print_isbn}"""


def manuscript(make_manuscript, isbn: str | None = None, print_isbn: str | None = None, language: str = "en-GB"):
    toml = TOML.format(language=language, isbn=f'isbn = "{isbn}"\n' if isbn else "",
                       print_isbn=f'isbn = "{print_isbn}"\n' if print_isbn else "")
    return make_manuscript({"a.md": "# A\n\nText.\n"}, toml=toml)


def invoke(*args):
    return CliRunner().invoke(app, [str(arg) for arg in args], catch_exceptions=False)


@pytest.mark.parametrize("command", [("check",), ("build", "epub", "--no-validate")])
def test_a_bad_check_digit_exits_1_at_its_line_of_book_toml(make_manuscript, tmp_path, command):
    root = manuscript(make_manuscript, isbn="978-0-00-000000-1")
    result = invoke(*command, "-m", root, *(("-o", tmp_path / "out") if command[0] == "build" else ()))
    assert result.exit_code == 1
    assert f"{root / 'book.toml'}:4: error: isbn = '978-0-00-000000-1' is not a valid ISBN" in result.output
    assert not (tmp_path / "out").exists()


def test_check_reports_the_print_isbn_at_its_own_line_with_its_code(make_manuscript):
    root = manuscript(make_manuscript, isbn="978-0-14-044913-6", print_isbn="978-0-14-044913-7")
    result = invoke("check", "-m", root, "--format", "json")
    assert result.exit_code == 1
    assert '"isbn-invalid"' in result.output
    [finding] = [f for f in load(root).findings if f.code == "isbn-invalid"]
    assert finding.location.line == 12 and "print.isbn = '978-0-14-044913-7'" in finding.message


# The credits pages ------------------------------------------------------------------------------------------

def credits(root) -> tuple[str, str]:
    """The EPUB's colophon and the print edition's front matter, as rendered."""
    import zipfile

    out = root.parent / "out"
    result = invoke("build", "epub", "-m", root, "-o", out, "--no-validate")
    assert result.exit_code == 0, result.output
    [epub] = out.glob("*.epub")
    colophon = zipfile.ZipFile(epub).read("EPUB/colophon.xhtml").decode()
    front = print_html(load(root).buildable(), datetime.datetime(2026, 1, 1)).front()
    return colophon, front


def test_both_credits_pages_print_each_isbn_and_no_uuid(make_manuscript):
    colophon, front = credits(manuscript(make_manuscript, isbn="0-14-044913-2", print_isbn="9780306406157"))
    for page in (colophon, front):
        assert '<p class="isbn">ISBN 978-0-14-044913-6 (EPUB)</p>' in page
        assert '<p class="isbn">ISBN 978-0-306-40615-7 (print)</p>' in page
        assert "urn:uuid" not in page.split("</head>")[-1]


def test_credits_print_the_isbns_in_the_books_language(make_manuscript):
    colophon, front = credits(manuscript(make_manuscript, isbn="978-2-07-036002-4", print_isbn="2070360024",
                                         language="fr"))
    for page in (colophon, front):
        assert "ISBN 978-2-07-036002-4 (livre numérique)" in page
        assert "ISBN 978-2-07-036002-4 (livre imprimé)" in page


def test_without_an_isbn_the_credits_have_no_isbn_line(make_manuscript):
    colophon, front = credits(manuscript(make_manuscript))
    for page in (colophon, front):
        assert "ISBN" not in page and 'class="identifier"' not in page
        assert "urn:uuid" not in page.split("</head>")[-1]


def test_an_edition_without_an_isbn_has_no_line(make_manuscript):
    colophon, _ = credits(manuscript(make_manuscript, print_isbn="978-0-14-044913-6"))
    assert "(EPUB)" not in colophon and "ISBN 978-0-14-044913-6 (print)" in colophon


def test_every_language_names_both_editions_and_the_cover():
    for language, labels in _LABELS.items():
        assert set(labels["editions"]) == {"epub", "print"}, language
        assert "{title}" in labels["cover_alt"] and "{authors}" in labels["cover_alt_by"], language


@pytest.mark.parametrize("language, alt", [
    ("en-GB", "Cover of Notebooks: 1941–1947 by Victor Serge"),
    ("fr", "Couverture de «\u00a0Notebooks: 1941–1947\u00a0», de Victor Serge"),
    ("de", "Umschlag des Buches „Notebooks: 1941–1947“ von Victor Serge"),
])
def test_the_cover_alt_text_by_default_names_the_book_in_its_language(make_manuscript, language, alt):
    assert cover_alt(load(manuscript(make_manuscript, language=language)).book.metadata) == alt
    assert labels_for(language)["editions"]["epub"]
