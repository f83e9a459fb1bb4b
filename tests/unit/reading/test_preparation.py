"""A seed prepared on its own (preparation.py): its summary, and the names and topics found."""

from __future__ import annotations

import pytest

from akhbar.reading.preparation import prepare_seed, summary
from sitebuild import prepare_settings


@pytest.fixture
def conf():
    return prepare_settings()


def _lead_html(rng) -> str:
    """A lead paragraph as the renderer could write it, with the things Pelican's word
    counter treats specially: tags, entity and character references, apostrophes and hyphens
    inside words, vowel marks, digits, and the odd CJK character."""
    pieces = ["حلب", "إدلبَ", "al-Assad's", "U.S.", "2017", "٢٠١٧", "&amp;", "&quot;", "&#x27;",
              "وزير", "لـ", "—", "،", "(AFP)", "中文", "x_y", "'", "-", "ـ"]
    out = []
    for _ in range(rng.randrange(0, 70)):
        piece = rng.choice(pieces)
        roll = rng.random()
        if roll < 0.1:
            piece = f'<a href="../../entities/{rng.choice(pieces[:3])}/">{piece}</a>'
        elif roll < 0.2:
            piece = f'<bdi dir="ltr">{piece}</bdi>'
        out.append(piece)
        out.append(rng.choice([" ", " ", "", "\n"]))
    return "<p>" + "".join(out) + "</p>"


def test_the_summary_is_what_pelican_truncation_gives():
    """`summary` skips Pelican's parser for HTML with fewer word runs than the limit: it must
    give what truncate_html_words gives, around the limit and on every kind of content."""
    import random

    from pelican.utils import truncate_html_words

    rng = random.Random(7)
    plain = [" ".join(["حلب"] * n) + "." for n in (44, 45, 46)]   # a run a word, at the limit
    cjk = ["中文" * n for n in (20, 23, 30)]                # one run, a word a character
    skipped = truncated = 0
    for html, words in [(text, 45) for text in plain + cjk] + [
            (_lead_html(rng), rng.choice([1, 5, 20, 45, 60])) for _ in range(3000)]:
        expected = truncate_html_words(html, words)
        assert summary(html, words) == expected, (html, words)
        skipped += expected is html
        truncated += expected != html
    assert skipped > 300 and truncated > 300   # both sides of the shortcut were tried


def test_names_and_topic_terms_in_a_photo_credit_count(tmp_path, conf):
    """Topics are looked for in the text names are found in, credits included: here the only
    humanitarian term and the only mention of Aleppo are in a caption's credit."""
    seed = tmp_path / "a.txt"
    seed.write_text("عنوان الخبر عن الاجتماع\n\n"
                    "قال المتحدث إن الاجتماع انتهى دون اتفاق على موعد جديد للجولة المقبلة.\n"
                    "رجال ينتظرون عند المعبر (صورة: قوافل المساعدات في حلب)\n"
                    "وأضاف أن الوفود ستعود إلى بلادها خلال الأيام المقبلة لإجراء مشاورات.\n",
                    encoding="utf-8")
    prepared = prepare_seed(seed, conf)
    assert '<span class="credit"> (صورة: قوافل المساعدات في <a' in prepared.content
    assert "aleppo" in prepared.metadata["entities"]
    assert "humanitarian" in prepared.metadata["topics"]
