"""book.toml: required keys, unknown keys, bad values, each reported with file and line."""

from __future__ import annotations

import pytest

from carnets_press.errors import ManuscriptError
from carnets_press.manuscript.metadata import load_metadata


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
