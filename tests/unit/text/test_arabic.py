"""Tests for akhbar.text.arabic: the normalisation shared by cleaning, dates, entities and search.

One test per rule. Offsets are checked by mapping a span back and comparing with the original.
"""

import random

import pytest

from akhbar.text.arabic import (
    DROPPED_RANGES,
    FOLDS,
    LAM_PROCLITICS,
    PROCLITICS,
    fold,
    fold_for_matching,
    fold_with_drops,
    has_article,
    normalise,
    original_span,
)

# --- fold --------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, folded", [
    ("أحمد إدلب آمل ٱلله", "احمد ادلب امل الله"),      # alef forms, hamza not turned into ء
    ("مستشفى", "مستشفي"),                            # alef maqsura
    ("سورية", "سوريه"),                              # taa marbuta
    ("ایران کابل", "ايران كابل"),                     # Persian yeh and kaf
    ("٣٫٥ و١٬٠٠٠", "3.5 و1,000"),                    # Arabic decimal and thousands separators
    ("٢٢٥٤ ۲۰۱۸", "2254 2018"),                       # Arabic-Indic and Persian digits
])
def test_fold_character_rules(raw, folded):
    assert fold(raw) == folded


def test_fold_drops_tashkeel():
    assert fold("إِدْلِبُ") == "ادلب"


def test_fold_drops_tatweel():
    assert fold("الـ17 حـلـب") == "ال17 حلب"


def test_fold_drops_bidi_and_format_marks():
    assert fold("14\u200f ديسمبر\u200b \ufeff2016\u2069") == "14 ديسمبر 2016"


def test_fold_keeps_case_and_spacing():
    assert fold("Sol  Haber\n") == "Sol  Haber\n"


# --- fold_with_drops and original_span ---------------------------------------------------------


def test_fold_with_drops_is_none_when_nothing_dropped():
    assert fold_with_drops("إدلب وحلب") == ("ادلب وحلب", None)


def test_fold_with_drops_records_where_marks_were():
    folded, drops = fold_with_drops("حَلَب")
    assert folded == "حلب"
    assert drops == [1, 2]


def test_original_span_maps_a_folded_span_back():
    text = "في الـ17 من سبتمبر"
    folded, drops = fold_with_drops(text)
    start = folded.index("17 من سبتمبر")
    s, e = original_span(start, len(folded), drops)
    assert text[s:e] == "17 من سبتمبر"


def test_original_span_leaves_out_marks_after_the_span():
    text = "عام 2018ـ والآن"
    folded, drops = fold_with_drops(text)
    start = folded.index("2018")
    s, e = original_span(start, start + 4, drops)
    assert text[s:e] == "2018"


# --- normalise ---------------------------------------------------------------------------------


def test_normalise_folds_lowers_collapses_and_trims():
    assert normalise("  اقرأ   أيضاً:\nSOL  Haber ") == "اقرا ايضا: sol haber"


# --- fold_for_matching -------------------------------------------------------------------------


def test_fold_for_matching_folds_arabic_like_fold():
    assert fold_for_matching("إِدْلِب")[0] == "ادلب"


def test_fold_for_matching_lowers_latin():
    assert fold_for_matching("LAVROV")[0] == "lavrov"


def test_fold_for_matching_removes_latin_accents_one_for_one():
    key, drops = fold_for_matching("Erdoğan Çavuşoğlu KEİ Łódź")
    assert key == "erdogan cavusoglu kei lodz"
    assert drops is None


def test_fold_for_matching_straightens_apostrophes_and_hyphens():
    assert fold_for_matching("Lavrov’s al\u2011Assad")[0] == "lavrov's al-assad"


def test_fold_for_matching_collapses_spaces():
    assert fold_for_matching("سيرغي \u00a0 \t لافروف")[0] == "سيرغي لافروف"


def test_fold_for_matching_keeps_one_line_break_per_run():
    assert fold_for_matching("حلب \n\n  إدلب\r\nموسكو")[0] == "حلب\nادلب\nموسكو"


def test_fold_for_matching_offsets_map_back():
    text = "قال  \u200fسيرغي\u0640   لافروفُ،\n\n وإِدلب"
    key, drops = fold_for_matching(text)
    for word, original in [("سيرغي لافروف", "سيرغي\u0640   لافروف"), ("ادلب", "إِدلب")]:
        start = key.index(word)
        s, e = original_span(start, start + len(word), drops)
        assert text[s:e] == original


def test_fold_for_matching_offsets_map_back_on_random_text():
    rng = random.Random(7)
    alphabet = ["ا", "أ", "ب", "\u064e", "\u0640", "\u200f", " ", "\n", "\t", "B", "İ"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        key, drops = fold_for_matching(text)
        for q in range(len(key)):
            for r in range(q + 1, len(key) + 1):
                if key[q] in " \n" or key[r - 1] in " \n":
                    continue  # matches never start or end on white space
                s, e = original_span(q, r, drops)
                assert fold_for_matching(text[s:e])[0] == key[q:r], (text, q, r)


# --- proclitics --------------------------------------------------------------------------------


def test_proclitics_are_conjunction_then_preposition():
    assert {"", "و", "ف", "ب", "ك", "ل", "وب", "فل", "وك"} <= PROCLITICS
    assert not {"ال", "بو", "لو", "وال", "س"} & PROCLITICS


def test_lam_proclitics_are_the_forms_that_swallow_the_article_alef():
    assert LAM_PROCLITICS == {"ل", "ول", "فل"}


@pytest.mark.parametrize("word, expected", [
    ("الرقة", True), ("ٱلموصل", True), ("الأسد", True),
    ("ألمانيا", False), ("إلهام", False), ("ألكسندر", False), ("إدلب", False),
])
def test_has_article(word, expected):
    assert has_article(word) is expected


def test_fold_gives_every_character_its_rule_in_any_text():
    """Each character folds as FOLDS and DROPPED_RANGES say, alone and in a text that holds a
    character past the fast table (the byte order mark), which takes the other path."""
    dropped = {cp for lo, hi in DROPPED_RANGES for cp in range(lo, hi + 1)}
    for cp in [*range(0x2100), 0xFB50, 0xFEFF, 0x1F600]:
        ch = chr(cp)
        expected = "" if cp in dropped else FOLDS.get(ch, ch)
        assert fold(ch) == expected, hex(cp)
        assert fold(ch + "\ufeff") == expected, hex(cp)
        assert fold_with_drops(ch)[0] == expected, hex(cp)


# --- the fast folds are str.translate ------------------------------------------------------------

@pytest.mark.parametrize("length", [0, 1, 40, 79, 80, 81, 300, 4000])
def test_both_folds_give_what_str_translate_gives_at_any_length(length):
    """`fold` and the first step of `fold_for_matching` stand in for str.translate with their
    tables (the table itself for short text, one replacement a character and a pass over the
    runs of cased letters for long text). On random text drawn from every character the tables
    map, Arabic letters, Latin, digits, white space and characters past the tables, the results
    are str.translate's."""
    from akhbar.text.arabic import MATCH_TABLE, fold_for_matching_fast

    table = {ord(k): v for k, v in FOLDS.items()}
    table.update({cp: None for lo, hi in DROPPED_RANGES for cp in range(lo, hi + 1)})
    rnd = random.Random(length)
    pool = [chr(cp) for cp in MATCH_TABLE] + list("حلب ادلب abc xyz 123 \n\t") + [
        "\u3000", "\ufeff", "\U0001F600", "ß", "ﻻ"]
    for _ in range(60):
        text = "".join(rnd.choice(pool) for _ in range(length))
        assert fold(text) == text.translate(table)
        assert fold_for_matching_fast(text) == text.translate(MATCH_TABLE)


def test_a_fold_table_that_would_fold_its_own_output_is_refused():
    """The one-by-one replacements give str.translate's result only if none of them makes a
    character another would replace; a table breaking that is refused when it is built."""
    from akhbar.text.arabic import translator

    with pytest.raises(ValueError):
        translator({ord("أ"): "ا", ord("ا"): "ء"})
    assert translator({ord("أ"): "ا", ord("ة"): "ه"})("أسامة " * 40) == "اسامه " * 40


def test_search_forms_are_the_differing_keys_once_each_in_order():
    """What the index adds beside an article's text: the key of each Arabic word that differs
    from the word (Arabic-Indic digits too), once, in order of first appearance; a one-letter
    key is left out."""
    from akhbar.text.arabic import search_forms

    text = "والمعارضة في إدلب، والمعارضة بإدلب (لأستانة) و ب أ سوريا Idlib ٢٠١٩"
    assert search_forms(text) == ["معارض", "ادلب", "استان", "سوري", "2019"]
    assert search_forms(text) == search_forms(text)   # the same again, from the cache
    assert search_forms("") == []


def test_search_forms_cache_is_emptied_when_full_and_gives_the_same_keys(monkeypatch):
    from akhbar.text.arabic import SEARCH_FORMS, search_forms

    text = "والمعارضة في بإدلب ولأستانة"
    expected = search_forms(text)
    monkeypatch.setattr(type(SEARCH_FORMS), "limit", 2)
    SEARCH_FORMS.clear()
    assert search_forms(text) == expected
    assert 0 < len(SEARCH_FORMS) <= 2


def test_a_str_subclass_is_folded_as_plain_text():
    """The long-text fold calls the text's own replace(): Markup's escapes what it inserts
    (’ -> ' -> &#39;). The fold works on the plain string, as str.translate did."""
    from markupsafe import Markup

    text = "Lavrov’s talks in Geneva, " * 4
    assert fold_for_matching(Markup(text)) == fold_for_matching(text)
    assert fold_for_matching(text)[0].startswith("lavrov's talks")
