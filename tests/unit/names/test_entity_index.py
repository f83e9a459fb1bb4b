"""Statistics behind entity, topic and related-article lists, and the timeline's months."""

from __future__ import annotations

import datetime
import pickle
import random
from types import SimpleNamespace

import pytest

from akhbar.names import entity_index
from akhbar.names.entity_index import (
    COOCCURRING_COUNT,
    INDEX_CACHE,
    RELATED_MAX_POSTINGS,
    ArchiveIndex,
    related_stories,
)
from akhbar.site.timeline import monthly_counts, timeline_svg

UTC = datetime.UTC


def story(sid, entities, day, topics=()):
    original = SimpleNamespace(entities=entities, date=datetime.datetime(2020, 1, day, tzinfo=UTC),
                               topics=list(topics))
    return SimpleNamespace(id=sid, original=original, undated=False)


def archive():
    gazetteer = SimpleNamespace(entities=dict.fromkeys(["syria", "idlib", "maas", "lavrov"]),
                                topics=dict.fromkeys(["war", "talks"]))
    stories = [story("a", ["syria", "idlib", "maas"], 1, ["war"]),
               story("b", ["syria", "maas"], 2, ["talks"]),
               story("c", ["syria", "idlib"], 3, ["war", "talks"]), story("d", ["syria"], 4)]
    return stories, gazetteer


@pytest.mark.parametrize("sets_from", [0, 8, 10**9], ids=["by sets", "either", "by mentions"])
def test_names_seen_together_are_counted_by_the_stories_they_share(sets_from, monkeypatch):
    """Against the definition: for each entity (or topic), the other entities by the number of
    stories naming both, most first, ties by id, at most COOCCURRING_COUNT; and each entity's
    stories listed once. Counted by story sets, by mentions, or each where it is cheaper."""
    monkeypatch.setattr(entity_index, "SETS_FROM_MENTIONS_PER_ENTITY", sets_from)
    rng = random.Random(7)
    names = [f"e{n:02d}" for n in range(30)]
    topics = ["war", "talks", "aid"]
    # Drawn with replacement: a name listed twice in a story still counts that story once.
    stories = [story(f"s{n:03d}", rng.choices(names, k=rng.randint(0, 8)), 1 + n % 28,
                     rng.choices(topics, k=rng.randint(0, 2))) for n in range(300)]
    gazetteer = SimpleNamespace(entities=dict.fromkeys(names), topics=dict.fromkeys(topics))
    index = ArchiveIndex.build(stories, gazetteer)

    def expected(has, itself=None):
        shared = {other: sum(1 for s in stories if has(s) and other in s.original.entities)
                  for other in names if other != itself}
        ranked = sorted(((o, n) for o, n in shared.items() if n), key=lambda i: (-i[1], i[0]))
        return ranked[:COOCCURRING_COUNT]
    for eid, stats in index.entities.items():
        assert stats.cooccurring == expected(lambda s, eid=eid: eid in s.original.entities, eid)
    assert {t: s.cooccurring for t, s in index.topics.items()} == {
        t: expected(lambda s, t=t: t in s.original.topics) for t in topics}
    assert all(len(s.cooccurring) == COOCCURRING_COUNT for s in index.topics.values())
    for eid, stats in index.entities.items():
        assert sorted(s.id for s in stats.stories) == [
            s.id for s in stories if eid in s.original.entities]


def test_the_cached_index_is_the_index_and_is_used_while_its_inputs_are_the_same(
        tmp_path, monkeypatch):
    stories, gazetteer = archive()
    fresh = ArchiveIndex.build(stories, gazetteer).as_ids("k", stories)
    assert ArchiveIndex.cached(stories, gazetteer, tmp_path, "code").as_ids("k", stories) == fresh
    assert (tmp_path / INDEX_CACHE).is_file()

    def no_build(*args):
        raise AssertionError("built again")
    with monkeypatch.context() as patch:
        patch.setattr(ArchiveIndex, "build", classmethod(no_build))
        again = ArchiveIndex.cached(archive()[0], gazetteer, tmp_path, "code")  # other objects
    assert again.as_ids("k", stories) == fresh
    assert again.entities["syria"].stories[0].id == "d"  # newest first, as built


@pytest.mark.parametrize("change", ["entities", "date", "topics", "undated", "gazetteer",
                                    "stories", "code"])
def test_the_cached_index_is_not_used_once_what_it_reads_has_changed(tmp_path, change):
    stories, gazetteer = archive()
    ArchiveIndex.cached(stories, gazetteer, tmp_path, "code")
    code = "code"
    if change == "entities":
        stories[3].original.entities = ["syria", "lavrov"]
    elif change == "date":
        stories[0].original.date = datetime.datetime(2020, 2, 1, tzinfo=UTC)
    elif change == "topics":
        stories[3].original.topics = ["war"]
    elif change == "undated":
        stories[2].undated = True
    elif change == "gazetteer":
        gazetteer.entities.pop("maas")
    elif change == "code":
        code = "other code"
    else:
        stories.pop(1)
    fresh = ArchiveIndex.build(stories, gazetteer).as_ids("k", stories)
    assert entity_index.index_inputs(stories, gazetteer, code) != pickle.loads(
        (tmp_path / INDEX_CACHE).read_bytes())["key"]
    assert ArchiveIndex.cached(stories, gazetteer, tmp_path, code).as_ids("k", stories) == fresh


def test_a_broken_index_cache_is_built_again(tmp_path):
    stories, gazetteer = archive()
    (tmp_path / INDEX_CACHE).write_bytes(b"\x80\x05broken")
    index = ArchiveIndex.cached(stories, gazetteer, tmp_path, "code")
    assert index.as_ids("k", stories) == ArchiveIndex.build(stories, gazetteer).as_ids("k", stories)


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
