"""A record's values -> what a seed and its sidecar may hold: dates read only when the day is
certain, http(s) addresses, known languages, text without control characters, HTML taken apart."""

from __future__ import annotations

import datetime

import pytest

from akhbar.importing import values
from akhbar.importing.markup import html_paragraphs, looks_like_html

DAY = datetime.date(2015, 8, 10)


@pytest.mark.parametrize("written", [
    "2015-08-10", "2015-08-10 18:52:49", "2015-08-10T18:52:49", "2015-08-10T18:52:49+03:00",
    "2015-08-10T18:52:49Z", "2015-08-10T18:52:49.123456-05:00", "20150810",
    "Mon, 10 Aug 2015 18:52:49 +0300", "Mon, 10 Aug 2015 18:52:49 GMT", "10 Aug 2015 18:52 EST",
    "2015/08/10", "2015/8/10 19:10", " 2015-08-10\n", 1439221969, 1439221969000, "1439221969",
    datetime.datetime(2015, 8, 10, 23, 0), DAY,
])
def test_dates_in_the_forms_archives_use_give_the_day(written):
    assert values.publication_date(written) == DAY


def test_a_date_keeps_the_day_of_its_own_time_zone_not_utc():
    """01:10 in Riyadh on 11 August is still 10 August in UTC: the story is of the 11th."""
    assert values.publication_date("Tue, 11 Aug 2015 01:10:00 +0300") == datetime.date(2015, 8, 11)
    assert values.publication_date("2015-08-11T01:10:00+03:00") == datetime.date(2015, 8, 11)


@pytest.mark.parametrize(("written", "why"), [
    ("10/08/2015", "which number is the day"), ("08-10-2015", "which number is the day"),
    ("2015-02-30", "not a date"), ("2015-13-01", "not a date"), ("yesterday", "not a date"),
    ("أمس", "not a date"), ("", "not a date"), (True, "not a date"), ({"a": 1}, "not a date"),
    ("0001-01-01", "not between 1900 and 2100"), ("9999-12-31", "not between"),
    (12, "not a date"),
])
def test_a_date_that_cannot_be_known_is_dropped_with_the_reason(written, why):
    with pytest.raises(values.Dropped, match=why):
        values.publication_date(written)


@pytest.mark.parametrize("url", [
    "http://www.alriyadh.com/1071893", "https://aawsat.com/home/article/426531/الجوازات-السعودية",
    " http://www.alwatan.com.sa/x.aspx?ArticleID=231540&CategoryID=7 "])
def test_web_addresses_are_kept(url):
    assert values.web_address(url) == url.strip()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x",
                                 "file:///etc/passwd", "ftp://example.org/x", "//example.org/x",
                                 "http://", "http://exa mple.org/", "http://example.org/\u202egp.exe",
                                 'http://example.org/"onmouseover="x'])
def test_other_addresses_are_dropped(url):
    with pytest.raises(values.Dropped, match="not an http"):
        values.web_address(url)


@pytest.mark.parametrize(("given", "code"), [("ar", "ar"), ("AR", "ar"), ("ar-SA", "ar"),
                                             ("ar_EG", "ar"), ("en-GB", "en"), ("Arabic", "ar"),
                                             ("العربية", "ar"), ("fa", "fa"), ("ur-PK", "ur")])
def test_languages_are_reduced_to_the_codes_the_build_knows(given, code):
    assert values.language(given) == code


@pytest.mark.parametrize("given", ["xx", "fr", "arabic language", "\u202ear"])
def test_other_languages_are_dropped(given):
    with pytest.raises(values.Dropped, match="not one of ar, en, fa, ur"):
        values.language(given)


def test_control_characters_and_lone_surrogates_are_taken_out_and_counted():
    text, *found = values.clean_text(
        "a\x00b\x07\x1ac \x1b[31md\ud800e\ufefff\r\ng\rh\u2029i\tj\x1a")
    # A run between two words is a space (not "bc" glued); elsewhere nothing.
    assert text == "a b c [31mdef\ng\nh\ni\tj"
    assert found == [6, 1]   # control characters (U+FEFF with them), lone surrogates
    text.encode("utf-8")   # nothing left that UTF-8 cannot hold


def test_legacy_c1_characters_are_mapped_as_the_build_maps_them():
    # U+0092 is Windows-1252's right quote read as Latin-1; U+0081 stands for nothing.
    assert values.clean_text("it\x92s\x81") == ("it’s", 2, 0)


def test_a_headline_is_one_line_with_its_references_resolved():
    title = "مقتل 14 شخصاً وفقدان 4 في الصين جراء الإعصار &#39;سوديلور&#39;"
    assert values.one_line(title, False) == "مقتل 14 شخصاً وفقدان 4 في الصين جراء الإعصار 'سوديلور'"
    assert values.one_line("  عنوان\n  على\tسطرين ", False) == "عنوان على سطرين"
    assert values.one_line("<b>عنوان</b> <i>عريض</i>", True) == "عنوان عريض"


def test_a_plain_body_is_a_paragraph_a_line():
    body = " عين اليوم – جدة\nألقي القبض في دبي.\n\n\n\xa0\xa0وقال الضابط  المسؤول.\n "
    assert values.paragraphs(body, False) == ["عين اليوم – جدة", "ألقي القبض في دبي.",
                                              "وقال الضابط المسؤول."]


def test_html_bodies_become_paragraphs_without_scripts_styles_or_comments():
    html = ("<div class='story'><h2>العنوان الفرعي</h2><p>الفقرة\nالأولى &amp; <a href='x'>رابط</a>"
            "</p><!-- تعليق --><script>alert('x')</script><style>p{}</style>"
            "<p>سطر<br/>وسطر آخر</p><ul><li>بند</li></ul><img src='x.jpg' alt='صورة'>"
            "<noscript>بلا جافاسكربت</noscript><form><input value='x'>زر</form></div>")
    assert html_paragraphs(html) == ["العنوان الفرعي", "الفقرة الأولى & رابط", "سطر",
                                     "وسطر آخر", "بند"]


def test_html_without_blocks_keeps_its_line_breaks_as_paragraphs():
    """A feed's description is often plain text typed as HTML."""
    assert html_paragraphs("الفقرة الأولى &quot;هنا&quot;\nالفقرة <b>الثانية</b>") == [
        "الفقرة الأولى \"هنا\"", "الفقرة الثانية"]


@pytest.mark.parametrize(("text", "is_html"), [
    ("<p>نص</p>", True), ("سطر<br>سطر", True), ("<P CLASS='x'>نص</P>", True),
    ("نص مع <a href='x'>رابط</a>", True), ("3 < 5 و 7 > 6", False),
    ("<<عنوان>>", False), ("نص عادي", False), ("a <b", False),
])
def test_html_is_recognised_by_its_tags(text, is_html):
    assert looks_like_html(text) is is_html


def test_deeply_nested_html_does_not_exhaust_the_stack():
    html = "<div>" * 5000 + "نص" + "</div>" * 5000
    assert html_paragraphs(html) == ["نص"]
