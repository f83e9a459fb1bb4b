"""Escaping, direction isolation and language detection on real seed text."""

from __future__ import annotations

from akhbar.text.bidi import isolate
from akhbar.text.language import detect_language

LINE_000 = "اجتماع مجلس منظمة التعاون الاقتصادي للبحر الأسود (KEİ) في العاصمة الصربية بلغراد."


def test_latin_run_in_arabic_is_isolated_ltr_and_parentheses_stay_outside():
    assert "(<bdi dir=\"ltr\">KEİ</bdi>)" in isolate(LINE_000, "rtl")


def test_multiword_latin_name_is_one_run():
    html = isolate("وزير الخارجية الروسي سيرغي لافروف / Sol Haber", "rtl")
    assert html.endswith('/ <bdi dir="ltr">Sol Haber</bdi>')


def test_numbers_with_separators_are_one_run():
    assert '<bdi dir="ltr">2019/09/16</bdi>' in isolate("في 2019/09/16 قال", "rtl")


def test_mixed_latin_and_digits_stay_together():
    assert '<bdi dir="ltr">F-16</bdi>' in isolate("طائرة F-16 أمريكية", "rtl")


def test_arabic_run_in_english_is_isolated_rtl_with_lang():
    html = isolate("The town of إدلب في سوريا was shelled", "ltr")
    assert '<bdi dir="rtl" lang="ar">إدلب في سوريا</bdi>' in html


def test_markup_in_seed_text_is_escaped_never_interpreted():
    html = isolate('خبر <script>alert("x")</script> & <img src=x onerror=alert(1)>', "rtl")
    assert "<script" not in html and "<img" not in html
    assert "&lt;" in html and "&amp;" in html


def test_removing_the_isolation_markup_gives_back_the_text():
    import re
    from html import unescape

    html = isolate(LINE_000 + " & <b>", "rtl")
    assert unescape(re.sub(r"</?bdi[^>]*>", "", html)) == LINE_000 + " & <b>"


def test_language_detection():
    assert detect_language(LINE_000) == "ar"
    assert detect_language(
        "Russian Foreign Minister Sergei Lavrov said إدلب must be cleared.") == "en"
    assert detect_language("12345") == "en"
