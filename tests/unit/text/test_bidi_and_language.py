"""Escaping, direction isolation and language detection on real seed text."""

from __future__ import annotations

import random
from html import escape

import pytest

from akhbar.text.bidi import LTR_RUN, RTL_RUN, isolate
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


def _isolate_by_definition(text: str, base_dir: str) -> str:
    """Each run of the other direction's letters in its own <bdi>, everything escaped."""
    run, markup = ((LTR_RUN, '<bdi dir="ltr">{}</bdi>') if base_dir == "rtl"
                   else (RTL_RUN, '<bdi dir="rtl" lang="ar">{}</bdi>'))
    out, last = [], 0
    for match in run.finditer(text):
        out.append(escape(text[last:match.start()], quote=False))
        out.append(markup.format(escape(match.group(), quote=False)))
        last = match.end()
    return "".join(out) + escape(text[last:], quote=False)


WORDS = ["قال", "لافروف", "Sergey Lavrov", "(KEİ)", "2019/09/16", "في", "موسكو", "Sol Haber",
         "&", "<b>", ">", "إدلب", "AT&T", "12", "'", "-", "/", "\x00", "Idlib", "حلب،"]


@pytest.mark.parametrize("base_dir", ["rtl", "ltr"])
def test_isolate_is_its_definition_with_or_without_characters_to_escape(base_dir):
    rnd = random.Random(base_dir)
    for _ in range(2000):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 12)))
        assert isolate(text, base_dir) == _isolate_by_definition(text, base_dir), text



def test_language_detection():
    assert detect_language(LINE_000) == "ar"
    assert detect_language(
        "Russian Foreign Minister Sergei Lavrov said إدلب must be cleared.") == "en"
    assert detect_language("12345") == "en"
