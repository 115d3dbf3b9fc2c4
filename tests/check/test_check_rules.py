"""What the rules leave alone, and the cases beyond the one per code: the sample's kind of prose must pass."""

from __future__ import annotations

from check_support import SUMMARY, check, only
from hypothesis import given, settings
from hypothesis import strategies as st

from carnets_press.check import run_check


def findings_of(make_manuscript, markdown: str, **kwargs) -> list[tuple[str, int | None, int | None]]:
    report = check(make_manuscript, {"a.md": markdown}, **kwargs)
    return [(f.code, f.location.line, f.location.column) for f in report.findings]


def test_names_and_brands_are_not_joined_words(make_manuscript):
    text = "# A\n\nMcDonald, MacArthur, LaGuardia, DeGaulle, iPhone, PhD, GmbH and O’Brien met d’Artagnan.\n"
    assert findings_of(make_manuscript, text) == []


def test_numbers_that_belong_to_words_are_not_glued(make_manuscript):
    text = "# A\n\nThe B52 and MI6 in the 1940s (p.12), the ’45 diaries, 1941–42, and a call.[^1]\n\n[^1]: A note.\n"
    assert findings_of(make_manuscript, text) == []


def test_typographic_and_coded_quotes_are_fine(make_manuscript):
    text = "# A\n\nHe said \"yes\" -- it's over... and ran `a \"b\" --` twice.\n"
    assert findings_of(make_manuscript, text) == []


def test_a_finding_in_a_note_is_placed_on_the_note_line(make_manuscript):
    text = "# A\n\nText.[^a]\n\n[^a]: First line\n    and Vlady.1 here.\n"
    assert findings_of(make_manuscript, text) == [("digit-glued", 6, 9)]


def test_a_word_after_an_escape_is_placed_in_the_file(make_manuscript):
    text = "# A\n\nJacqueline \\[Breton\\] and the JusticeRevolution.\n"
    assert findings_of(make_manuscript, text) == [("joined-word", 3, 31)]


def test_italic_text_is_checked_against_the_italic_font(make_manuscript):
    # EB Garamond Italic has no Greek lunate sigma nor san, nor has STIX Two Math; the roman has them.
    text = "# A\n\nRoman ϻ is fine, *italic ϲ* is not.\n"
    report = check(make_manuscript, {"a.md": text})
    assert [(f.code, f.location.column) for f in report.findings] == [("font-missing-glyph", 26)]
    assert "U+03F2 GREEK LUNATE SIGMA SYMBOL" in report.findings[0].message
    assert "EB Garamond Italic, nor in STIX Two Math" in report.findings[0].message


def test_what_eb_garamond_lacks_the_fallback_font_has(make_manuscript):
    # From Pepys (Standard Ebooks): a fifth, a tick, therefore, a vertical ellipsis, a combining double tilde.
    text = "# 1666\n\n## 3 September 1666.\n\nThe fire took ⅕; ∴ the King came ✓ ⋮ Coronac͠on, *and ⅕ ✓ ∴ ⋮ c͠o*.\n"
    assert findings_of(make_manuscript, text) == []


def test_a_missing_character_is_reported_once_per_paragraph_and_once_per_file(make_manuscript):
    # One finding for each cause (findings.aggregate): the first place, the others in its message.
    report = check(make_manuscript, {"a.md": "# A\n\n⁂ and ⁂ again.\n\nAnd ⁂.\n"})
    assert [(f.code, f.location.line, f.location.column) for f in report.findings] == [("font-missing-glyph", 3, 1)]
    assert report.findings[0].message.endswith("(2 times in this file; also on line 5)")


def test_entries_without_a_date_are_skipped_in_the_order(make_manuscript):
    text = "# 1941\n\n## 3 May 1941.\n\n## 2 May 1941. {date=1941}\n\n## 4 May 1941.\n"
    assert findings_of(make_manuscript, text) == [("date-order", 5, None)]


def test_a_winter_across_the_new_year_belongs_to_both_years(make_manuscript):
    text = "# 1941\n\n## Marseille, winter 1940–41.\n\n## 31 March 1941.\n"
    assert findings_of(make_manuscript, text) == []


def test_parts_not_named_after_a_year_take_any_date(make_manuscript):
    assert findings_of(make_manuscript, "# Afterword {.afterword}\n\n## 1 May 1950.\n") == []


def test_running_heads_and_page_numbers(make_manuscript):
    text = "# A\n\nJane Doe: Test Notebooks\n\nJane Doe went out.\n\n212\n\n212 pages.\n"
    assert findings_of(make_manuscript, text) == [("stray-page-furniture", 3, None), ("stray-page-furniture", 7, None)]


def test_page_furniture_inside_a_paragraph_is_placed_on_its_line(make_manuscript):
    text = "# A\n\nThe end of a page,\\\n213\nTEST NOTEBOOKS\nand the next page.\n"
    assert findings_of(make_manuscript, text) == [("stray-page-furniture", 4, None), ("stray-page-furniture", 5, None)]


def test_links_inside_the_book_and_to_the_web(make_manuscript):
    files = {
        "a.md": "# A\n\n## 3 May 1941. {#may}\n\nText with a [marked]{#here} phrase.\n",
        "b.md": "# B\n\n[1](a.md#may) [2](a.md#here) [3](a.md) [4](#may) [5](https://example.org) "
                "[6](mailto:x@example.org)\n",
    }
    assert check(make_manuscript, files).findings == ()


def test_a_link_to_an_id_of_another_file(make_manuscript):
    files = {"a.md": "# A\n\n## 3 May 1941. {#may}\n", "b.md": "# B\n\n[there](a.md#june)\n"}
    finding = only(check(make_manuscript, files))
    assert (finding.code, finding.location.file.name, finding.location.line) == ("link-broken", "b.md", 3)
    assert "a.md has no id 'june'" in finding.message


def test_a_link_to_a_file_that_lacks_the_id_another_file_has(make_manuscript):
    files = {"a.md": "# A\n\nSee [z](a.md#bee).\n", "b.md": "# B\n\nA [word]{#bee} here.\n"}
    finding = only(check(make_manuscript, files))
    assert (finding.code, finding.location.line, finding.message) == ("link-broken", 3,
                                                                      "link to 'a.md#bee': a.md has no id 'bee'")


def test_file_urls_are_printed_as_text_and_reported(make_manuscript):
    text = "# A\n\nSee [the scan](file:///home/me/scan.pdf) and ![a map](file:///home/me/map.png).\n"
    assert findings_of(make_manuscript, text) == [("resource-external", 3, 5), ("resource-external", 3, 46)]


def test_hidden_directories_are_not_searched_for_unlisted_files(make_manuscript):
    root = make_manuscript({"a.md": "# A\n"}, extra_toml=SUMMARY)
    (root / ".drafts").mkdir()
    (root / ".drafts" / "old.md").write_text("# Old\n", encoding="utf-8")
    assert run_check(root).findings == ()


def test_a_dated_letter_or_a_signature_is_not_page_furniture(make_manuscript):
    # From Pepys (Standard Ebooks): a letter's dateline under a part of the same month, and its signature.
    text = "# December 1660\n\n## 15th.\n\nThe letter ran:\n\nDecember 15, 1690.\n\nSir, your servant,\\\nJane Doe.\n"
    assert [code for code, *_ in findings_of(make_manuscript, text) if code == "stray-page-furniture"] == []


def test_a_running_head_with_its_folio_at_either_end(make_manuscript):
    text = "# December 1660\n\nThe end of a page,\\\n212 December 1660\nand the next.\\\nDecember 1660 213\n"
    assert findings_of(make_manuscript, text) == [("stray-page-furniture", 4, None), ("stray-page-furniture", 6, None)]


def test_a_letters_dateline_is_not_a_running_head(make_manuscript):
    # benchmarks/corpora/README.md, failure class 8: the parts are months, a letter is dated within one.
    text = ("# December 1660\n\n## 1 December 1660.\n\n> “I send you the journal.”\n>\n> December 15, 1690\n\n"
            "28 December, 1672,\n\nand more.\n")
    assert findings_of(make_manuscript, text) == []


def test_a_signature_is_not_a_running_head(make_manuscript):
    # Mackenzie's preface (Standard Ebooks), signed, then a place and a date; a letter signed after its valediction.
    toml = '\n[[creators]]\nname = "Alexander Mackenzie"\n'
    preface = ("# Preface {.introduction}\n\nI do not possess the science of the naturalist.\n\n"
               "Alexander Mackenzie\n\nLondon,\n\nNovember 30, 1801\n")
    assert findings_of(make_manuscript, preface, extra_toml=toml) == []
    marked = preface.replace("Alexander Mackenzie\n", "[Alexander Mackenzie]{.smallcaps}\n\nMore text follows.\n")
    assert findings_of(make_manuscript, marked, extra_toml=toml) == []
    letter = "# A\n\nYour obedient servant,\\\nAlexander Mackenzie\n\nThe next day we left.\n\nAnd so on for pages.\n"
    assert findings_of(make_manuscript, letter, extra_toml=toml) == []


def test_the_authors_name_amid_the_text_is_a_running_head(make_manuscript):
    toml = '\n[[creators]]\nname = "Alexander Mackenzie"\n'
    text = ("# A\n\nThe river ran north for many days, and the men grew tired of the portages.\n\n"
            "Alexander Mackenzie\n\nWe camped at the mouth of the river, where the Indians had left their canoes.\n\n"
            "The next morning the weather was fair and the wind was light from the west.\n\n"
            "We set off early and made good progress before noon, when the rain began.\n\n"
            "By evening we had reached the fort, where we were received with great kindness.\n")
    assert findings_of(make_manuscript, text, extra_toml=toml) == [("stray-page-furniture", 5, None)]


def test_a_number_the_editor_marked_up_is_not_a_page_number(make_manuscript):
    # Barbellion's year labels (Standard Ebooks): a span with a class, between entries.
    text = "# Part I\n\n[1903]{.diary-header}\n\n## January 3 {date=1903-01-03}\n\nAn essay.\n\n127\n\nMore.\n"
    assert findings_of(make_manuscript, text) == [("stray-page-furniture", 9, None)]


def test_the_joined_word_search_has_every_lowercase_and_uppercase_letter():
    import re
    import sys

    from carnets_press.check.rules import text

    lower, upper = (re.compile(f"[{text._MAYBE_LOWER}]"), re.compile(f"[{text._MAYBE_UPPER}]"))
    letters = [chr(point) for point in range(sys.maxunicode + 1) if not 0xD800 <= point <= 0xDFFF]
    assert all(lower.match(char) for char in filter(str.islower, letters))
    assert all(upper.match(char) for char in filter(str.isupper, letters))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZéÉß.,’”)]1 -\u2019\u00b5", max_size=30))
def test_a_text_the_first_searches_pass_over_has_no_finding(value):
    # The first searches of joined-word and digit-glued may let through texts with nothing to report, never the
    # other way round: whatever the text, a word the full rule reports passes the first search.
    from carnets_press.check.rules import text

    words = [match.group() for match in text._WORD.finditer(value)]
    if text._MAYBE_JOINED.search(value) is None:
        assert not any(next(text._camel_joins(word), None) is not None for word in words)
    if text._MAYBE_GLUED.search(value) is None:
        assert text._GLUED_DIGITS.search(value) is None
