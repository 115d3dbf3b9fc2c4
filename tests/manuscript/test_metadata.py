"""book.toml: required keys, unknown keys, bad values, each reported with file and line."""

from __future__ import annotations

import pytest
from support_images import png

from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.metadata import CoverOptions, load_metadata
from carnets_press.pipeline import load as load_book


def load(make_manuscript, toml: str):
    return load_metadata(make_manuscript({"a.md": "# A\n"}, toml=toml))


def test_complete_metadata_is_read(make_manuscript):
    meta = load(make_manuscript, """
title = "Notebooks"
subtitle = "1941–1947"
language = "en-GB"
date = "2013"
contents = ["a.md"]
[[creators]]
name = "Victor Serge"
role = "aut"
file-as = "Serge, Victor"
[[contributors]]
name = "Ros Schwartz"
role = "trl"
[notes]
numbering = "per-part"
epub = "endnotes"
[accessibility]
summary = "Text only."
""")
    assert meta.full_title == "Notebooks: 1941–1947"
    assert [(p.name, p.role, p.file_as) for p in meta.creators] == [("Victor Serge", "aut", "Serge, Victor")]
    assert meta.contributors[0].role_label == "Translator"
    assert (meta.notes.numbering, meta.notes.epub) == ("per-part", "endnotes")
    assert meta.accessibility.summary == "Text only."


def test_identifier_is_derived_and_stable(make_manuscript):
    toml = 'title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n'
    first = load(make_manuscript, toml).stable_identifier
    assert first.startswith("urn:uuid:")
    assert load(make_manuscript, toml).stable_identifier == first
    assert load(make_manuscript, toml.replace('"A"', '"B"')).stable_identifier != first


@pytest.mark.parametrize("toml, message, line", [
    ('language = "en"\ncontents = ["a.md"]\n', "book.toml has no title", None),
    ('title = "A"\ncontents = ["a.md"]\n', "book.toml has no language", None),
    ('title = "A"\nlanguage = "en"\ncontents = ["a.md"]\ncolour = "red"\n', "unknown key 'colour'", 4),
    ('title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n[notes]\nnumbring = "continuous"\n',
     "unknown key 'notes.numbring'", 5),
    ('title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n[notes]\nnumbering = "sometimes"\n',
     "numbering = 'sometimes' is not one of", 5),
    ('title = "A"\nlanguage = "english please"\ncontents = ["a.md"]\n', "is not a BCP 47 tag", 2),
    ('title = "A"\nlanguage = "en"\ncontents = ["a.md"]\ndate = "March 2013"\n', "is not an ISO 8601 date", 4),
    ('title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n[[contributors]]\nname = "X"\nrole = "translator"\n',
     "is not a MARC relator", 6),
    ('title = "A"\nlanguage = "en"\n', "book.toml has no contents", None),
    ('title = "A"\nlanguage = "en"\ncontents = ["a.md"\n', "invalid TOML", 3),
])
def test_bad_metadata_names_the_problem_and_line(make_manuscript, toml, message, line):
    with pytest.raises(ManuscriptError) as raised:
        load(make_manuscript, toml)
    assert message in raised.value.message
    assert raised.value.location.file.name == "book.toml"
    assert raised.value.location.line == line


def test_missing_required_key_says_what_to_add(make_manuscript):
    with pytest.raises(ManuscriptError) as raised:
        load(make_manuscript, 'title = "A"\ncontents = ["a.md"]\n')
    assert 'language = "en-GB"' in raised.value.hint


def test_missing_book_toml(tmp_path):
    with pytest.raises(ManuscriptError, match=r"no book\.toml"):
        load_metadata(tmp_path)


@pytest.mark.parametrize("print_toml, key", [('width = "0mm"\nheight = "200mm"', "width"),
                                             ('width = "140mm"\nheight = "9in"\nbleed = "1in"', "bleed")])
def test_an_impossible_page_is_refused_at_its_line(make_manuscript, print_toml, key):
    root = make_manuscript({"a.md": "# A\n"}, extra_toml=f"\n[print]\n{print_toml}\n")
    with pytest.raises(ManuscriptError) as raised:
        load_metadata(root)
    line = raised.value.location.line
    assert (root / "book.toml").read_text().splitlines()[line - 1].startswith(key)


def test_a_file_listed_twice_in_contents(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"}, toml='title = "T"\nlanguage = "en"\ncontents = ["a.md", "a.md"]\n')
    with pytest.raises(ManuscriptError, match=r"contents lists 'a\.md' twice") as raised:
        load_metadata(root)
    assert raised.value.location.line == 3


def test_a_file_listed_twice_under_two_spellings(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"}, toml='title = "T"\nlanguage = "en"\ncontents = ["a.md", "./a.md"]\n')
    with pytest.raises(ManuscriptError, match=r"contents lists '\./a\.md' twice"):
        load_metadata(root)


# ISBNs -----------------------------------------------------------------------------------------------------------

ISBN_TOML = """\
title = "A"
language = "en"
isbn = "0-14-044913-2"
contents = ["a.md"]

[print]
trim = "a5"
isbn = "978-0-306-40615-7"
"""


def test_the_isbns_are_kept_as_isbn13_digits(make_manuscript):
    meta = load(make_manuscript, ISBN_TOML)
    assert (meta.isbn, meta.print.isbn) == ("9780140449136", "9780306406157")  # the ISBN-10 converted
    assert meta.package_identifier == "urn:isbn:9780140449136"
    assert meta.stable_identifier.startswith("urn:uuid:")  # the PDF's /ID keeps its own
    assert meta.isbns == (("epub", "978-0-14-044913-6"), ("print", "978-0-306-40615-7"))


def test_without_an_isbn_the_package_identifier_is_the_stable_one(make_manuscript):
    meta = load(make_manuscript, 'title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n[print]\nisbn = "9780140449136"\n')
    assert meta.isbn is None and meta.package_identifier == meta.stable_identifier
    assert meta.isbns == (("print", "978-0-14-044913-6"),)


@pytest.mark.parametrize("old, new, line, words", [
    ('isbn = "0-14-044913-2"', 'isbn = "0-14-044913-3"', 3, "isbn = '0-14-044913-3' is not a valid ISBN"),
    # [print] isbn is reported at its own line, not at the first line that says isbn =
    ('isbn = "978-0-306-40615-7"', 'isbn = "978-0-306-40615-8"', 8, "print.isbn = '978-0-306-40615-8'"),
    ('isbn = "0-14-044913-2"', "isbn = 9780140449136", 3, "isbn must be a string"),
])
def test_a_wrong_isbn_is_refused_at_its_line(make_manuscript, old, new, line, words):
    with pytest.raises(ManuscriptError) as raised:
        load(make_manuscript, ISBN_TOML.replace(old, new))
    assert words in raised.value.message
    assert (raised.value.location.file.name, raised.value.location.line) == ("book.toml", line)


def test_the_reader_reports_a_wrong_isbn_as_a_finding_and_reads_on(make_manuscript):
    root = make_manuscript({"a.md": "# A\n\nText.[^x]\n"}, toml=ISBN_TOML.replace("40615-7", "40615-1"))
    found = [(f.code, f.location.line) for f in load_book(root).findings]
    assert ("isbn-invalid", 8) in found and ("note-undefined", 3) in found


# [cover] -----------------------------------------------------------------------------------------------------------

def cover_manuscript(make_manuscript, image: str, alt: str = ""):
    toml = f'title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n\n[cover]\nimage = "{image}"\n{alt}'
    return make_manuscript({"a.md": "# A\n\nText.\n"}, toml=toml)


def cover_findings(root) -> list[tuple[str, int | None, str]]:
    return [(f.code, f.location.line, f.message) for f in load_book(root).findings
            if f.location and f.location.file.name == "book.toml"]


def test_the_cover_is_read_checked_and_recorded_among_the_files_used(make_manuscript):
    root = cover_manuscript(make_manuscript, "./images/../images/cover.jpg", 'alt = "A red square."\n')
    (root / "images").mkdir()
    (root / "images" / "cover.jpg").write_bytes(png(16, 24, fmt="JPEG"))
    book, findings = load_book(root)
    assert findings == []
    assert book.metadata.cover == CoverOptions(image="images/cover.jpg", alt="A red square.")
    assert book.metadata.cover.image_line == 6
    assert (root / "images" / "cover.jpg").resolve() in book.files.used


@pytest.mark.parametrize("image", ["../cover.jpg", "/etc/cover.jpg", "images/missing.jpg", "https://x.org/c.jpg"])
def test_a_cover_that_is_not_in_the_manuscript_is_refused_at_its_line(make_manuscript, image):
    root = cover_manuscript(make_manuscript, image)
    (root.parent / "cover.jpg").write_bytes(png(fmt="JPEG"))
    [(code, line, message)] = cover_findings(root)
    assert (code, line) == ("image-not-in-manuscript", 6) and message.startswith(f"cover image {image!r}")


def test_a_cover_linked_out_of_the_manuscript_is_refused(make_manuscript):
    root = cover_manuscript(make_manuscript, "cover.jpg")
    (root.parent / "elsewhere.jpg").write_bytes(png(fmt="JPEG"))
    (root / "cover.jpg").symlink_to(root.parent / "elsewhere.jpg")
    [(code, line, message)] = cover_findings(root)
    assert (code, line) == ("image-not-in-manuscript", 6) and "outside the manuscript" in message


@pytest.mark.parametrize("name, data, words", [
    ("cover.jpg", png(fmt="PNG"), "is a PNG file, not the JPEG its name says"),  # a PNG renamed .jpg
    ("cover.png", b"", "cannot be decoded"),
    ("cover.gif", png(fmt="GIF"), "is not a JPEG or PNG file (by its name, .gif), the formats ebook stores take"),
    ("cover.webp", png(fmt="WEBP"), "is not a JPEG or PNG file (by its name, .webp)"),
    ("cover.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "is not a JPEG or PNG file (by its name, .svg)"),
    ("cover", png(fmt="JPEG"), "is not a JPEG or PNG file (by its name, no suffix)"),
    ("cover.jpg", png(fmt="GIF"), "is a GIF file, not the JPEG its name says"),
])
def test_a_cover_that_is_not_a_jpeg_or_png_is_refused(make_manuscript, name, data, words):
    root = cover_manuscript(make_manuscript, name)
    (root / name).write_bytes(data)
    [(code, line, message)] = cover_findings(root)
    assert (code, line) == ("image-unreadable", 6) and words in message


@pytest.mark.parametrize("cover, message, line", [
    ('[cover]\nimage = "c.jpg"\ncolour = "red"\n', "unknown key 'cover.colour'", 6),
    ('[cover]\nimage = ""\n', "cover.image must be a non-empty string", 5),
    ('[cover]\nalt = 3\n', "cover.alt must be a non-empty string", 5),
    ('cover = "c.jpg"\n', "cover must be a table", 4),
])
def test_bad_cover_options_are_refused_at_their_line(make_manuscript, cover, message, line):
    with pytest.raises(ManuscriptError) as raised:
        load(make_manuscript, f'title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n{cover}')
    assert message in raised.value.message and raised.value.location.line == line


# Language tags of real sources (benchmarks/corpora): a private use, a script, a region and a private use.
@pytest.mark.parametrize("tag", ["en-x-pepys", "la-Latn", "fr-CA-x-old", "de-CH-1901", "zh-Hant-TW", "x-pepys",
                                 "ar-EG-u-nu-latn", "i-klingon", "sgn-BE-FR"])
def test_well_formed_language_tags_are_accepted(make_manuscript, tag):
    assert load(make_manuscript, f'title = "A"\nlanguage = "{tag}"\ncontents = ["a.md"]\n').language == tag


@pytest.mark.parametrize("tag", ["en-", "e", "en_GB", "en--GB", "en-x", "en-GB-x-toolongsubtag", "en-a-b"])
def test_malformed_language_tags_are_refused_at_their_line(make_manuscript, tag):
    with pytest.raises(ManuscriptError, match="is not a BCP 47 tag") as raised:
        load(make_manuscript, f'title = "A"\nlanguage = "{tag}"\ncontents = ["a.md"]\n')
    assert raised.value.location.line == 2


@pytest.mark.parametrize("tag, direction", [("ar-x-old", "rtl"), ("he-IL", "rtl"), ("az-Arab", "rtl"),
                                            ("en-x-pepys", "ltr"), ("fr-CA-x-old", "ltr"), ("x-klingon", "ltr"),
                                            ("la-Latn", "ltr"), ("qaa", "ltr")])
def test_the_direction_of_a_language_is_read_past_its_private_use(tag, direction):
    from carnets_press.languages import language_direction

    assert language_direction(tag) == direction


def test_every_role_of_the_marc_list_has_a_label(make_manuscript):
    from carnets_press.relators import MARC_RELATORS
    from carnets_press.render.labels import contributor_groups

    # Wheatley's roles in Standard Ebooks' Pepys: each in the book's words, or the list's English term.
    toml = ('title = "Diary"\nlanguage = "fr"\ncontents = ["a.md"]\n' + "".join(
        f'[[contributors]]\nname = "H. B. Wheatley"\nrole = "{role}"\n' for role in ("ann", "edt", "trc", "waw", "wfw",
                                                                                      "win", "wdc", "xyz")))
    meta = load(make_manuscript, toml)
    assert [group["label"] for group in contributor_groups(meta.contributors, meta.language)] == [
        "Annoté par", "Édité par", "Transcrit par", "Postface de", "Avant-propos de", "Introduction de",
        "Woodcutter:", "xyz:"]
    assert len(MARC_RELATORS) > 290 and all(term and term[0].isupper() for term in MARC_RELATORS.values())
    for language in ("en", "fr", "de", "es", "it"):
        people = [type(meta.contributors[0])("N", role) for role in MARC_RELATORS]
        assert all(group["label"] for group in contributor_groups(people, language))


@pytest.mark.parametrize("extra, credit", [('date = "1893"\n', "<p>Published in 1893.</p>"),
                                           ('publisher = "Bell"\ndate = "1893"\n', "<p>Published by Bell, 1893.</p>"),
                                           ('publisher = "Bell"\n', "<p>Published by Bell.</p>"), ("", None)])
def test_published_by_only_when_there_is_a_publisher(make_manuscript, extra, credit):
    import datetime

    from carnets_press.render.print.document import print_html

    root = make_manuscript({"a.md": "# A\n"}, toml=f'title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n{extra}')
    front = print_html(load_book(root).buildable(), datetime.datetime(2026, 1, 1)).front()
    credits = front[front.index('<section class="credits">'):front.index("</section>", front.index("credits"))]
    assert (credit in credits) if credit else "Published" not in credits
    assert "Published by" not in credits or "Bell" in credits


# [print.qa] --------------------------------------------------------------------------------------------------------

QA_TOML = """\
title = "A"
language = "en"
contents = ["a.md"]

[print]
trim = "a5"

[print.qa]
max-short-pages = 0
word-space-p90 = 0.36
"""


def test_the_print_qa_limits_are_read_with_their_lines(make_manuscript):
    limits = load(make_manuscript, QA_TOML).print.qa
    assert dict(limits.values) == {"max-short-pages": 0, "word-space-p90": 0.36}
    assert dict(limits.lines) == {"max-short-pages": 9, "word-space-p90": 10}
    # Written as a dotted key under [print]: its own line too.
    dotted = load(make_manuscript, 'title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n[print]\n'
                                   'qa.max-hyphen-run = 2\n')
    assert (dotted.print.qa.values, dotted.print.qa.lines) == ((("max-hyphen-run", 2),), (("max-hyphen-run", 5),))


def test_without_print_qa_nothing_is_limited(make_manuscript):
    assert load(make_manuscript, 'title = "A"\nlanguage = "en"\ncontents = ["a.md"]\n').print.qa.values == ()


@pytest.mark.parametrize("line, words", [
    ("max-short-pages = -1", "print.qa.max-short-pages must be a whole number, 0 or more"),
    ("max-short-pages = 1.5", "print.qa.max-short-pages must be a whole number, 0 or more"),
    ("max-short-pages = true", "print.qa.max-short-pages must be a whole number, 0 or more"),
    ("max-wide-lines-per-1000 = -0.5", "print.qa.max-wide-lines-per-1000 must be a number, 0 or more"),
    ('word-space-min = "0.16"', "print.qa.word-space-min must be a number above 0"),
    ("word-space-min = 0", "print.qa.word-space-min must be a number above 0"),
    ("max-short-page = 0", "unknown key 'print.qa.max-short-page'"),
])
def test_a_wrong_print_qa_limit_is_refused_at_its_line(make_manuscript, line, words):
    with pytest.raises(ManuscriptError) as raised:
        load(make_manuscript, QA_TOML.replace("max-short-pages = 0", line))
    assert words in raised.value.message
    assert (raised.value.location.file.name, raised.value.location.line) == ("book.toml", 9)
