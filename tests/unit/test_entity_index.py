"""Statistics behind entity, topic and related-article lists, and the timeline's months."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from akhbar.entity_index import RELATED_MAX_POSTINGS, related_stories
from akhbar.timeline import monthly_counts, timeline_svg

UTC = datetime.timezone.utc


def story(sid, entities, day):
    original = SimpleNamespace(entities=entities, date=datetime.datetime(2020, 1, day, tzinfo=UTC))
    return SimpleNamespace(id=sid, original=original, undated=False)


def test_related_stories_prefer_rare_shared_entities_then_newest():
    stories = [story("a", ["syria", "idlib", "maas"], 1), story("b", ["syria", "maas"], 2),
               story("c", ["syria", "idlib"], 3), story("d", ["syria"], 4)]
    related = related_stories(stories, count=2)
    # "syria" is in every story: it says nothing. b shares maas, c shares idlib (both rare);
    # equal weight, so the newer (c) comes first.
    assert [s.id for s in related["a"]] == ["c", "b"]
    assert related["d"] == []


def test_entities_in_too_many_stories_are_not_used_to_find_candidates():
    common = [story(f"s{i}", ["common"], 1 + i % 28) for i in range(RELATED_MAX_POSTINGS + 60)]
    pair = [story("x", ["common", "rare"], 1), story("y", ["common", "rare"], 2)]
    related = related_stories(common + pair)
    assert [s.id for s in related["x"]] == ["y"]
    assert related["s0"] == []


def test_monthly_counts_fill_empty_months():
    dates = [datetime.date(2016, 12, 14), datetime.date(2016, 12, 13), datetime.date(2017, 2, 1)]
    assert monthly_counts(dates) == [((2016, 12), 2), ((2017, 1), 0), ((2017, 2), 1)]


def test_timeline_svg_has_one_bar_per_month_and_text_equivalents():
    svg = timeline_svg([datetime.date(2016, 12, 14), datetime.date(2017, 2, 1)], "Articles <3",
                       lambda month, n: f"{month[0]}-{month[1]}: {n}")
    assert svg.count("<rect") == 3
    assert 'aria-label="Articles &lt;3"' in svg and "<title>2017-1: 0</title>" in svg
    assert timeline_svg([], "x", str) == ""
