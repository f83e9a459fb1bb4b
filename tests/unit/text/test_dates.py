"""Tests for akhbar.text.dates: explicit dates in Arabic and English news text.

Expected offsets are derived from the input with str.index, never copied from a run,
so a wrong span fails. Decision recorded here: "الـ17 من سبتمبر/أيلول من العام 2018"
(seed 003) IS a date; "<day> [من] [شهر] <month> [من العام|عام|سنة] <year>" is accepted.
"""

from datetime import date
from pathlib import Path

import pytest

from akhbar.text import dates
from akhbar.text.dates import FoundDate, find_dates, parse_dateline

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def seed_lines(prefix: str) -> list[str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8").splitlines()


def expect(text: str, sub: str, when: date, occurrence: int = 0) -> FoundDate:
    """The FoundDate for the `occurrence`-th appearance of sub in text."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(sub, start + 1)
    return FoundDate(when, start, start + len(sub), sub)


# --- the bundled seeds -------------------------------------------------------------


def test_seed_004_dateline():
    line = seed_lines("004")[4]
    assert line == "14 ديسمبر 2016"
    assert parse_dateline(line) == FoundDate(date(2016, 12, 14), 0, 14, "14 ديسمبر 2016")


def test_seed_001_two_days_one_month_gives_only_the_day_before_the_month():
    line = next(s for s in seed_lines("001") if "4 و 5 مايو" in s)
    assert find_dates(line) == [expect(line, "5 مايو/أيار 2017", date(2017, 5, 5))]
    assert parse_dateline(line) is None  # a sentence, not a dateline


def test_seed_003_day_min_month_min_alaam_year_is_a_date():
    line = next(s for s in seed_lines("003") if "الـ17" in s)
    sub = "الـ17 من سبتمبر/أيلول من العام 2018"
    assert find_dates(line) == [expect(line, sub, date(2018, 9, 17))]
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    "prefix, expected",
    [
        ("000", []),  # "اليوم الثلاثاء", "السبت", "44 شهيدا بينهم 37 شرطيا": no date
        ("001", [date(2017, 5, 5)]),  # "في مايو 2017" later on has no day
        ("002", []),  # "في العام 2018", "13 جندياً"
        ("003", [date(2018, 9, 17)]),
        ("004", [date(2016, 12, 14)]),  # "قرار مجلس الأمن الدولي رقم 2254" is not a year
    ],
)
def test_whole_seed(prefix, expected):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    found = find_dates(text)
    assert [f.date for f in found] == expected
    for f in found:
        assert text[f.start : f.end] == f.text


def test_seed_000_weekday_lines_are_not_datelines():
    for line in seed_lines("000"):
        assert parse_dateline(line) is None


# --- month names -------------------------------------------------------------------

SPELLINGS = {
    1: ["يناير", "كانون الثاني", "جانفي", "January", "Jan"],
    2: ["فبراير", "شباط", "فيفري", "February", "Feb"],
    3: ["مارس", "آذار", "اذار", "March", "Mar"],
    4: ["أبريل", "إبريل", "ابريل", "نيسان", "أفريل", "افريل", "April"],
    5: ["مايو", "ماي", "أيار", "ايار", "May"],
    6: ["يونيو", "يونيه", "حزيران", "جوان", "June"],
    7: ["يوليو", "يوليه", "تموز", "جويلية", "جويليه", "July"],
    8: ["أغسطس", "اغسطس", "آب", "أوت", "اوت", "August", "Aug"],
    9: ["سبتمبر", "أيلول", "ايلول", "September", "Sept", "Sep"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول", "October"],
    11: ["نوفمبر", "تشرين الثاني", "November"],
    12: ["ديسمبر", "كانون الأول", "كانون الاول", "December", "Dec"],
}


@pytest.mark.parametrize(
    "month, spelling", [(m, s) for m, names in SPELLINGS.items() for s in names]
)
def test_month_spellings_day_month_year(month, spelling):
    text = f"وقع ذلك في 3 {spelling} 2019 في العاصمة"
    assert find_dates(text) == [expect(text, f"3 {spelling} 2019", date(2019, month, 3))]


@pytest.mark.parametrize(
    "text, sub, when",
    [
        ("الاثنين 17 سبتمبر/أيلول 2018", "17 سبتمبر/أيلول 2018", date(2018, 9, 17)),
        ("في 17 أيلول/سبتمبر 2018", "17 أيلول/سبتمبر 2018", date(2018, 9, 17)),
        ("في 17 سبتمبر (أيلول) 2018", "17 سبتمبر (أيلول) 2018", date(2018, 9, 17)),
        ("في 17 سبتمبر / أيلول 2018", "17 سبتمبر / أيلول 2018", date(2018, 9, 17)),
        ("في 2 يناير/كانون الثاني 2020", "2 يناير/كانون الثاني 2020", date(2020, 1, 2)),
        ("في 2 كانون الثاني/يناير 2020", "2 كانون الثاني/يناير 2020", date(2020, 1, 2)),
        ("في 9 آب/أغسطس 2015", "9 آب/أغسطس 2015", date(2015, 8, 9)),
    ],
)
def test_double_month_forms(text, sub, when):
    assert find_dates(text) == [expect(text, sub, when)]


def test_double_month_forms_that_disagree_are_not_a_date():
    assert find_dates("في 17 سبتمبر/تشرين الأول 2018") == []


def test_two_word_month_tolerates_extra_spaces():
    text = "دمشق - 15 كانون   الأول 2016"
    assert find_dates(text) == [expect(text, "15 كانون   الأول 2016", date(2016, 12, 15))]


@pytest.mark.parametrize(
    "text, sub, when",
    [
        # Variants folded for matching only: the returned text is the source's.
        ("وصل في 3 إبريل 2019 إلى", "3 إبريل 2019", date(2019, 4, 3)),
        ("يوم 12 أكتوبـــر 2019 صباحا", "12 أكتوبـــر 2019", date(2019, 10, 12)),  # tatweel
        ("يوم 12 دِيسَمْبَر 2019 صباحا", "12 دِيسَمْبَر 2019", date(2019, 12, 12)),  # tashkeel
        ("يوم 12 يونيه 2019", "12 يونيه 2019", date(2019, 6, 12)),
        ("يوم 12 جويليه 2019", "12 جويليه 2019", date(2019, 7, 12)),  # heh for taa marbuta
        ("يوم 12 د\u06ccسمبر 2019", "12 د\u06ccسمبر 2019", date(2019, 12, 12)),  # Persian yeh
        ("يوم 12 يونيو 2019", "12 يونيو 2019", date(2019, 6, 12)),
        ("في ٥ أيّار ٢٠١٧", "٥ أيّار ٢٠١٧", date(2017, 5, 5)),  # shadda
    ],
)
def test_spelling_variants_keep_original_text(text, sub, when):
    assert find_dates(text) == [expect(text, sub, when)]


def test_offsets_after_dropped_marks_point_into_the_original():
    text = "قالـــت الوكالـة ــ في ١٤ ديسمبر ٢٠١٦ ــ إن"
    assert find_dates(text) == [expect(text, "١٤ ديسمبر ٢٠١٦", date(2016, 12, 14))]


def test_bidi_marks_inside_a_date_are_kept_in_the_text():
    text = "نشر في 14\u200f ديسمبر\u200f 2016 مساء"
    sub = "14\u200f ديسمبر\u200f 2016"
    assert find_dates(text) == [expect(text, sub, date(2016, 12, 14))]


# --- day forms and connecting words ------------------------------------------------


@pytest.mark.parametrize(
    "text, sub, when",
    [
        ("في الـ17 من سبتمبر 2018", "الـ17 من سبتمبر 2018", date(2018, 9, 17)),
        ("في ال17 من سبتمبر 2018", "ال17 من سبتمبر 2018", date(2018, 9, 17)),
        ("في الـ 17 سبتمبر 2018", "الـ 17 سبتمبر 2018", date(2018, 9, 17)),
        ("بالـ17 من سبتمبر 2018", "17 من سبتمبر 2018", date(2018, 9, 17)),
        ("في 17 من شهر سبتمبر من عام 2018", "17 من شهر سبتمبر من عام 2018", date(2018, 9, 17)),
        ("في 17 سبتمبر عام 2018", "17 سبتمبر عام 2018", date(2018, 9, 17)),
        ("في 17 سبتمبر سنة 2018", "17 سبتمبر سنة 2018", date(2018, 9, 17)),
        ("في 17 سبتمبر، 2018", "17 سبتمبر، 2018", date(2018, 9, 17)),
        ("في 17/سبتمبر/2018", "17/سبتمبر/2018", date(2018, 9, 17)),
        ("في ١٤ ديسمبر ٢٠١٦", "١٤ ديسمبر ٢٠١٦", date(2016, 12, 14)),  # Arabic-Indic
        ("در ۱۴ دیسمبر ۲۰۱۶", "۱۴ دیسمبر ۲۰۱۶", date(2016, 12, 14)),  # Persian digits and yeh
        ("في 4-5 مايو 2017", "5 مايو 2017", date(2017, 5, 5)),
        ("ديسمبر 14، 2016", "ديسمبر 14، 2016", date(2016, 12, 14)),  # month-first (WordPress)
    ],
)
def test_day_forms(text, sub, when):
    assert find_dates(text) == [expect(text, sub, when)]


# --- numeric -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sub, when",
    [
        ("نشر 2019/09/16 10:30", "2019/09/16", date(2019, 9, 16)),
        ("نشر 2019-09-16", "2019-09-16", date(2019, 9, 16)),
        ("نشر 2019.9.6", "2019.9.6", date(2019, 9, 6)),
        ("نشر 16/09/2019", "16/09/2019", date(2019, 9, 16)),
        ("نشر 16-09-2019", "16-09-2019", date(2019, 9, 16)),
        ("نشر 16.09.2019.", "16.09.2019", date(2019, 9, 16)),
        ("نشر 05/03/2020", "05/03/2020", date(2020, 3, 5)),  # day first when ambiguous
        ("نشر 09/16/2019", "09/16/2019", date(2019, 9, 16)),  # only M/D/Y is valid
        ("نشر ٢٠١٩/٠٩/١٦", "٢٠١٩/٠٩/١٦", date(2019, 9, 16)),
        ("updated 2019-09-16T10:30:00Z", "2019-09-16", date(2019, 9, 16)),
        ("see example.com/2019/09/16/story", "2019/09/16", date(2019, 9, 16)),
    ],
)
def test_numeric(text, sub, when):
    assert find_dates(text) == [expect(text, sub, when)]


@pytest.mark.parametrize(
    "text",
    [
        "16/09/2019/5",  # glued to more numbers: a code
        "1-16-09-2019",
        "2019/09/16/5",
        "16-09-19",  # two-digit years are ambiguous
        "1438/03/15",  # a Hijri year
        "2019/13/01",
        "16/13/2019",  # neither reading valid
        "00/00/2000",
    ],
)
def test_numeric_non_dates(text):
    assert find_dates(text) == []


# --- English -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, sub, when",
    [
        ("Published March 5, 2020 by", "March 5, 2020", date(2020, 3, 5)),
        ("On 5 March 2020 the", "5 March 2020", date(2020, 3, 5)),
        ("On Mar. 5, 2020 the", "Mar. 5, 2020", date(2020, 3, 5)),
        ("On 5th March 2020 the", "5th March 2020", date(2020, 3, 5)),
        ("On the 5th of March, 2020 the", "5th of March, 2020", date(2020, 3, 5)),
        ("Thursday, March 5, 2020", "March 5, 2020", date(2020, 3, 5)),
        ("on MARCH 5TH 2020", "MARCH 5TH 2020", date(2020, 3, 5)),
        ("Sept. 21, 2019", "Sept. 21, 2019", date(2019, 9, 21)),
        ("21 Dec 2019", "21 Dec 2019", date(2019, 12, 21)),
        ("on May 1, 2017, talks", "May 1, 2017", date(2017, 5, 1)),
    ],
)
def test_english(text, sub, when):
    assert find_dates(text) == [expect(text, sub, when)]


def test_english_text_with_dotted_capital_i_keeps_offsets():
    # 'İ'.lower() is two characters: lower-casing the text would shift every offset.
    text = "KEİ İstanbul meeting, March 5, 2020"
    assert find_dates(text) == [expect(text, "March 5, 2020", date(2020, 3, 5))]


# --- rejected ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "31 فبراير 2017",
        "29 فبراير 2019",  # not a leap year
        "30 February 2020",
        "31 أبريل 2018",
        "0 مايو 2017",
        "5 مايو 1899",
        "5 مايو 2101",
        "الاثنين",
        "اليوم الثلاثاء",
        "أمس الجمعة",
        "yesterday",
        "في مايو 2017",
        "May 2017",
        "في 17 سبتمبر",
        "on 17 September",
        "الساعة 10:30",
        "اتصل على 0933-123-456 أو 011 2233 4455",
        "وفقاً لقرار مجلس الأمن الدولي رقم 2254.",
        "وأسفر عن 44 شهيدا بينهم 37 شرطيا.",
        "قتل 5 مدنيين في 2017",
        "Marching 5, 2020",  # month names need word boundaries
        "5 Mayor 2020",
        "ارتفع 2.5 مايو 2017",  # a day is not the tail of a longer number
        "رمز 12345 مايو 2017",
    ],
)
def test_not_dates(text):
    assert find_dates(text) == []


def test_leap_day():
    text = "في 29 فبراير 2020"
    assert find_dates(text) == [expect(text, "29 فبراير 2020", date(2020, 2, 29))]


def test_year_bounds_are_inclusive():
    assert [f.date for f in find_dates("1 يناير 1900 و 31 ديسمبر 2100")] == [
        date(1900, 1, 1),
        date(2100, 12, 31),
    ]


# --- several dates, long texts -----------------------------------------------------


def test_several_dates_in_order_of_appearance():
    text = "بين 5 مايو/أيار 2017 و2019/09/16 ثم March 5, 2020 وأخيرا 16.09.2021."
    assert find_dates(text) == [
        expect(text, "5 مايو/أيار 2017", date(2017, 5, 5)),
        expect(text, "2019/09/16", date(2019, 9, 16)),
        expect(text, "March 5, 2020", date(2020, 3, 5)),
        expect(text, "16.09.2021", date(2021, 9, 16)),
    ]


def test_same_date_twice_gives_two_matches():
    text = "14 ديسمبر 2016 ثم 14 ديسمبر 2016"
    assert find_dates(text) == [
        expect(text, "14 ديسمبر 2016", date(2016, 12, 14), 0),
        expect(text, "14 ديسمبر 2016", date(2016, 12, 14), 1),
    ]


def test_date_deep_in_a_long_text_with_other_numbers():
    text = "كلام " * 2000 + "رقم 12345 و 2254 وـــ في الـ17 من سبتمبر 2018 " + "نص 1999 " * 50
    assert find_dates(text) == [expect(text, "الـ17 من سبتمبر 2018", date(2018, 9, 17))]


# --- datelines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, sub, when",
    [
        ("14 ديسمبر 2016", "14 ديسمبر 2016", date(2016, 12, 14)),
        ("  14 ديسمبر 2016  \r", "14 ديسمبر 2016", date(2016, 12, 14)),
        ("الاثنين 17 سبتمبر/أيلول 2018", "17 سبتمبر/أيلول 2018", date(2018, 9, 17)),
        ("الإثنين، 17 سبتمبر/أيلول 2018 - 10:30 ص", "17 سبتمبر/أيلول 2018", date(2018, 9, 17)),
        ("دمشق - 15 كانون الأول 2016", "15 كانون الأول 2016", date(2016, 12, 15)),
        ("دير الزور | 15 كانون الأول 2016", "15 كانون الأول 2016", date(2016, 12, 15)),
        ("15 كانون الأول 2016 - دمشق", "15 كانون الأول 2016", date(2016, 12, 15)),
        ("March 5, 2020", "March 5, 2020", date(2020, 3, 5)),
        ("Thursday, March 5, 2020 10:30 GMT", "March 5, 2020", date(2020, 3, 5)),
        ("Published: March 5, 2020", "March 5, 2020", date(2020, 3, 5)),
        ("2019/09/16 10:30", "2019/09/16", date(2019, 9, 16)),
        ("Thu, 05 Mar 2020 10:30:00 +0300", "05 Mar 2020", date(2020, 3, 5)),
        ("القاهرة (رويترز) - 14 ديسمبر 2016", "14 ديسمبر 2016", date(2016, 12, 14)),
        ("تاريخ النشر: 16/09/2019 - 10:30", "16/09/2019", date(2019, 9, 16)),
        ("يوم الأربعاء 14 ديسمبر 2016م", "14 ديسمبر 2016", date(2016, 12, 14)),
        ("دير الزور - 14 ديسمبر 2016م", "14 ديسمبر 2016", date(2016, 12, 14)),  # era mark
        (
            "الأربعاء 14 ربيع الأول 1438 هـ - 14 ديسمبر 2016 م",
            "14 ديسمبر 2016",
            date(2016, 12, 14),
        ),
        ("الجمعة ١٦ ديسمبر ٢٠١٦ - ٠٩:٤٥", "١٦ ديسمبر ٢٠١٦", date(2016, 12, 16)),
        # Published / updated: the first date is the dateline's date.
        (
            "نشر في: 14 ديسمبر 2016 | آخر تحديث: 15 ديسمبر 2016",
            "14 ديسمبر 2016",
            date(2016, 12, 14),
        ),
    ],
)
def test_datelines(line, sub, when):
    assert parse_dateline(line) == expect(line, sub, when)


# The Saudi Press Agency's datelines as SaudiNewsNet holds them (github.com/inparallel/SaudiNewsNet,
# CC BY-NC-SA 4.0, research use; © SPA), 2015: a city, the Hijri date, "الموافق", the
# Gregorian date, the era mark and the agency's credit "واس". 342 of 344 were missed.
@pytest.mark.parametrize(
    "line, sub, when",
    [
        ("بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس", "10 اغسطس 2015", date(2015, 8, 10)),
        (" مكة المكرمة 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس", "10 أغسطس 2015",
         date(2015, 8, 10)),
        (" الباحة 25 شوال 1436هـ الموافق 10 أغسطس 2015م واس", "10 أغسطس 2015", date(2015, 8, 10)),
        (" القطيف 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م \xa0 \xa0واس", "10 اغسطس 2015",
         date(2015, 8, 10)),
        (" الثلاثاء 26 شوال 1436 هـ الموافق 11 اغسطس 2015 م واس", "11 اغسطس 2015",
         date(2015, 8, 11)),
        ("إسلام آباد 18 شوال 1436 هـ الموافق 03 اغسطس 2015 م واس", "03 اغسطس 2015",
         date(2015, 8, 3)),
        # the connector with its preposition, the credit in parentheses or between dashes
        ("جدة 25 شوال 1436 هـ الموافق لـ 10 اغسطس 2015 م (واس)", "10 اغسطس 2015",
         date(2015, 8, 10)),
        ("الدوحة - قنا - 10 أغسطس 2015", "10 أغسطس 2015", date(2015, 8, 10)),
        ("القاهرة - أ ف ب - 14 ديسمبر 2016", "14 ديسمبر 2016", date(2016, 12, 14)),
        ("برلين 14 ديسمبر 2016 (د ب أ)", "14 ديسمبر 2016", date(2016, 12, 14)),
        # an hour without minutes, with its half of the day
        ("فبراير 8, 2008, 3 ص", "فبراير 8, 2008", date(2008, 2, 8)),
        ("الرياض - فبراير 8, 2008, 11 مساء", "فبراير 8, 2008", date(2008, 2, 8)),
    ],
)
def test_agency_datelines_with_hijri_and_gregorian_dates(line, sub, when):
    assert parse_dateline(line) == expect(line, sub, when)


@pytest.mark.parametrize(
    "line",
    [
        # a sentence holding the same dates (Al-Riyadh, SaudiNewsNet, 2015)
        ("وتسري عروض هذا الأسبوع ابتداءً من الخميس (21) شوال 1436ه الموافق 6 أغسطس 2015 ولمدة"
         " أسبوع."),
        # the credit words do not make room for a sentence
        "قال مصدر مطلع لـ واس 15 كانون الأول 2016",
        "14 ديسمبر 2016 - 5 قتلى (رويترز)",
        "فبراير 8, 2008, 3 أشخاص",
    ],
)
def test_agency_words_do_not_make_a_sentence_a_dateline(line):
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    "line",
    [
        "",
        "اليوم الثلاثاء",
        "الاثنين",
        "مايو 2017",
        "17 سبتمبر",
        "10:30",
        "+ الخط -",
        "لافروف يدعو كيري للتأثير على فصائل المعارضة 14 ديسمبر 2016",  # headline + date
        "وقعت الاتفاقية في 5 مايو 2017 في أستانة",
        "قال مصدر مطلع 15 كانون الأول 2016",  # three other words
        "14 ديسمبر 2016 | 5 دقائق قراءة",  # another number: not a bare dateline
        "14 ديسمبر 2016 - 5 قتلى",
        "5 مايو 1899",
        "31 فبراير 2017",
        "وفقاً لقرار مجلس الأمن الدولي رقم 2254.",
    ],
)
def test_not_datelines(line):
    assert parse_dateline(line) is None


# --- the data file -----------------------------------------------------------------


def test_month_table_is_loaded_once(tmp_path, monkeypatch):
    """The data file is read on first use only: once loaded, it is not looked for again."""
    text = "في 14 ديسمبر 2016"
    found = find_dates(text)
    monkeypatch.setattr(dates, "MONTHS_FILE", tmp_path / "missing.yml")
    assert find_dates(text) == found != []


def test_a_spelling_added_to_the_data_file_is_recognised(tmp_path, monkeypatch):
    data = dates.MONTHS_FILE.read_text(encoding="utf-8")
    assert "ديسمبر" in data and "كانون الأول" in data
    patched = tmp_path / "months.yml"
    patched.write_text(data.replace("  12: [", "  12: [دسمبر, "), encoding="utf-8")
    assert find_dates("في 14 دسمبر 2016") == []
    monkeypatch.setattr(dates, "MONTHS_FILE", patched)
    dates.month_patterns.cache_clear()
    try:
        text = "في 14 دسمبر 2016"
        assert find_dates(text) == [expect(text, "14 دسمبر 2016", date(2016, 12, 14))]
    finally:
        monkeypatch.undo()
        dates.month_patterns.cache_clear()
