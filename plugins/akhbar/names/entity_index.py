"""Who and what the archive mentions: per entity and per topic, its stories, first and last
mention, the entities that appear with it, and each story's related stories.

Computed once per build from the stories (tree-independent); the site writer turns it into pages
in each language. Related stories share entities, weighted by rarity (an entity in every story,
such as Syria in a Syria archive, says nothing about relatedness).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import pickle
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from pathlib import Path

from ..system.files import write_atomic

logger = logging.getLogger(__name__)

RELATED_COUNT = 5
COOCCURRING_COUNT = 10
# An entity in more stories than this (or than 1% of the archive, when that is more) says little
# about relatedness and would make finding related stories quadratic in the archive's size: it
# is not used to find candidates.
RELATED_MAX_POSTINGS = 50


@dataclass
class Stats:
    """One entity's or topic's stories, newest first (undated last)."""

    id: str
    stories: list = field(default_factory=list)
    cooccurring: list[tuple[str, int]] = field(default_factory=list)  # (entity id, stories)

    @cached_property  # read by every tree's pages; the stories do not change once indexed
    def dates(self):
        return [s.original.date.date() for s in self.stories if not s.undated]

    @cached_property
    def first(self):
        return min(self.dates, default=None)

    @cached_property
    def last(self):
        return max(self.dates, default=None)


def _newest_first(stories):
    dated = sorted((s for s in stories if not s.undated), key=lambda s: (s.original.date, s.id),
                   reverse=True)
    return dated + sorted((s for s in stories if s.undated), key=lambda s: s.id)


def _entities_of(story) -> list[str]:
    """The story's entity ids, each once (counts below are of stories, not of mentions)."""
    return list(dict.fromkeys(getattr(story.original, "entities", []) or []))


def _topics_of(story) -> list[str]:
    return list(dict.fromkeys(getattr(story.original, "topics", []) or []))


def _members(stories, ids_of, known) -> dict[str, list]:
    """id -> its stories, newest first: the stories are walked in that order once, instead of
    sorting each entity's list (a sort key per story in every list)."""
    members: dict[str, list] = defaultdict(list)
    for story in _newest_first(stories):
        for key in ids_of(story):
            if key in known:
                members[key].append(story)
    return members


# Counting the names seen with an entity costs a C-speed step per mention in its stories (a
# Counter), or a Python-speed step per entity of the archive (an AND and a bit count of two
# story sets): the second when the entity's stories hold this many mentions per entity.
SETS_FROM_MENTIONS_PER_ENTITY = 8


def _story_sets(stories, ids_of) -> dict[str, int]:
    """id -> the set of stories naming it, as an int with bit n set for the n-th story: the
    number of stories two ids share is one AND and one bit count."""
    size = (len(stories) + 7) // 8
    rows: dict[str, bytearray] = {}
    for position, story in enumerate(stories):
        byte, bit = position >> 3, 1 << (position & 7)
        for key in ids_of(story):
            row = rows.get(key)
            if row is None:
                row = rows[key] = bytearray(size)
            row[byte] |= bit
    return {key: int.from_bytes(row, "little") for key, row in rows.items()}


@dataclass
class _Names:
    """What counting the names seen with an entity or topic reads, made once per build: each
    story's entity ids, each entity's story set, the mean number of entities per story."""

    entities_of: dict[str, list[str]]
    sets: dict[str, int]
    per_story: float

    @classmethod
    def of(cls, stories) -> _Names:
        entities_of = {story.id: _entities_of(story) for story in stories}
        return cls(entities_of, _story_sets(stories, lambda story: entities_of[story.id]),
                   sum(map(len, entities_of.values())) / max(1, len(entities_of)))

    def top_cooccurring(self, member_stories, members: int,
                        exclude=None) -> list[tuple[str, int]]:
        """The entities named in most of `member_stories` (`members`: their story set), with
        how many, ties by id. An entity in much of the archive (Syria in 9 stories out of 10)
        is counted by sets: by its mentions, it would walk most of the archive's mentions."""
        if len(member_stories) * self.per_story >= SETS_FROM_MENTIONS_PER_ENTITY * len(self.sets):
            together = [(eid, count) for eid, stories in self.sets.items()
                        if eid != exclude and (count := (members & stories).bit_count())]
        else:
            counts = Counter(chain.from_iterable(self.entities_of[story.id]
                                                 for story in member_stories))
            counts.pop(exclude, None)
            together = list(counts.items())
        return sorted(together, key=lambda item: (-item[1], item[0]))[:COOCCURRING_COUNT]


def build_entity_index(stories, gazetteer, names: _Names | None = None) -> dict[str, Stats]:
    names = _Names.of(stories) if names is None else names
    members = _members(stories, lambda story: names.entities_of[story.id], gazetteer.entities)
    index = {}
    for eid in gazetteer.entities:  # gazetteer order, for stable output
        if eid in members:
            index[eid] = Stats(eid, members[eid],
                               names.top_cooccurring(members[eid], names.sets[eid], eid))
    return index


def build_topic_index(stories, gazetteer, names: _Names | None = None) -> dict[str, Stats]:
    names = _Names.of(stories) if names is None else names
    members = _members(stories, _topics_of, gazetteer.topics)
    topic_sets = _story_sets(stories, _topics_of)
    index = {}
    for tid in gazetteer.topics:
        if tid in members:
            index[tid] = Stats(tid, members[tid],
                               names.top_cooccurring(members[tid], topic_sets[tid]))
    return index


def related_stories(stories, count: int = RELATED_COUNT) -> dict[str, list]:
    """story id -> up to `count` stories sharing the rarest entities with it (ties: newest)."""
    postings: dict[str, list] = defaultdict(list)
    for story in stories:
        for eid in set(_entities_of(story)):
            postings[eid].append(story)
    total = len(stories)
    weight = {eid: math.log(total / len(p)) for eid, p in postings.items()}
    cap = max(RELATED_MAX_POSTINGS, total // 100)
    by_id = {s.id: s for s in stories}
    older = {s.id: -s.original.date.timestamp() for s in stories}  # once, not per candidate
    related = {}
    for story in stories:
        scores: Counter = Counter()
        for eid in set(_entities_of(story)):
            if weight[eid] <= 0 or len(postings[eid]) > cap:
                continue
            for other in postings[eid]:
                if other is not story:
                    scores[other.id] += weight[eid]
        ranked = sorted(
            scores.items(),
            key=lambda item: (-round(item[1], 9), older[item[0]], item[0]),
        )
        related[story.id] = [by_id[sid] for sid, _score in ranked[:count]]
    return related


@dataclass
class ArchiveIndex:
    """Everything the entity, topic and article pages need about who is mentioned where."""

    gazetteer: object
    entities: dict[str, Stats]
    topics: dict[str, Stats]
    related: dict[str, list]

    @classmethod
    def build(cls, stories, gazetteer) -> ArchiveIndex:
        names = _Names.of(stories)
        return cls(gazetteer, build_entity_index(stories, gazetteer, names),
                   build_topic_index(stories, gazetteer, names), related_stories(stories))

    @classmethod
    def cached(cls, stories, gazetteer, folder: Path | None, code: str) -> ArchiveIndex:
        """The index, from the cache folder when the previous build indexed the same with the same
        code (`code`: the plugin's, fingerprint.plugin_code_digest): a rebuild after an
        edit that changes no story's date, names or topics, or after no change at all,
        does not index the whole archive again. The cache holds stories by their
        position in `stories` (the digest of all the index reads, index_inputs, covers
        their order)."""
        if folder is None:
            return cls.build(stories, gazetteer)
        key, path = index_inputs(stories, gazetteer, code), folder / INDEX_CACHE
        try:
            with open(path, "rb") as handle:
                cached = pickle.load(handle)
            if cached.get("key") == key:
                return cls._from_ids(cached, stories, gazetteer)
        except Exception:  # noqa: BLE001 - a damaged cache file of any kind: made again
            pass
        index = cls.build(stories, gazetteer)
        try:
            write_atomic(path, pickle.dumps(index.as_ids(key, stories),
                                            protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as exc:
            logger.warning("Index cache %s not written: %s", path, exc)
        return index

    def as_ids(self, key: str, stories) -> dict:
        """The index as plain data, each story as its position in `stories` (small ints load
        faster than id strings, and a story is in many lists), as the cache holds it."""
        position = {story.id: n for n, story in enumerate(stories)}

        def stats(table):
            return [(i, [position[story.id] for story in s.stories], s.cooccurring)
                    for i, s in table.items()]
        return {"key": key, "entities": stats(self.entities), "topics": stats(self.topics),
                "related": [[position[story.id] for story in r] for r in self.related.values()]}

    @classmethod
    def _from_ids(cls, cached: dict, stories, gazetteer) -> ArchiveIndex:
        def stats(rows):
            return {i: Stats(i, [stories[n] for n in members], [tuple(c) for c in together])
                    for i, members, together in rows}
        related = {story.id: [stories[n] for n in members]
                   for story, members in zip(stories, cached["related"], strict=True)}
        return cls(gazetteer, stats(cached["entities"]), stats(cached["topics"]), related)


INDEX_CACHE = "index.pickle"


def index_inputs(stories, gazetteer, code: str) -> str:
    """A digest of everything the index is made from: each story's id, date and names and
    topics (in story order), the gazetteer's entities and topics (in its order), and the
    plugin's code (`code`: its digest, fingerprint.plugin_code_digest)."""
    rows = [(s.id, bool(s.undated), s.original.date.isoformat(), _entities_of(s), _topics_of(s))
            for s in stories]
    digest = hashlib.blake2b(code.encode(), digest_size=16)
    digest.update(json.dumps([rows, list(gazetteer.entities), list(gazetteer.topics)],
                             ensure_ascii=False, separators=(",", ":")).encode())
    return digest.hexdigest()
