"""The search index in shards: how article pages are split into bundles, and the queue that runs
Pagefind on them one at a time (each run holds its shard in memory)."""

from __future__ import annotations

import hashlib
import threading
import time
from typing import ClassVar

import pytest

from akhbar.search.bundles import CONTENT_CUTS_FROM, article_glob, bundle_name, shards
from akhbar.search.pagefind_runs import RUNS_AFTER_WRITING, SearchJob, SearchQueue


@pytest.mark.parametrize("count,size,expected", [
    (0, 3, []),
    (5, 0, [5]),
    (5, 2, [2, 2, 1]),
    (6, 2, [2, 2, 2]),
    (4, 10, [4]),
])
def test_shards_are_runs_of_at_most_size_in_order(count, size, expected):
    ids = [f"id-{n}" for n in range(count)]
    cut = shards(ids, size)
    assert [len(run) for run in cut] == expected
    assert [i for run in cut for i in run] == ids  # every article once, order kept


def _ids(count: int, tag: str = "") -> list[str]:
    """Seed ids as the bundled seeds have them: 16 hex digits, in id order."""
    return sorted(hashlib.sha1(f"{tag}{n}".encode()).hexdigest()[:16] for n in range(count))


def _changed(before: list[list[str]], after: list[list[str]]) -> int:
    """How many bundles a rebuild re-indexes: those whose articles differ (a bundle of the
    same articles is kept under its new number: reuse.keep_bundle)."""
    old = set(map(tuple, before))
    return sum(tuple(run) not in old for run in after)


@pytest.mark.parametrize("size", [CONTENT_CUTS_FROM, 400, 1500])
def test_shards_are_cut_by_content_and_hold_at_most_size(size):
    ids = _ids(size * 7)
    cut = shards(ids, size)
    assert [i for run in cut for i in run] == ids  # every article once, order kept
    assert all(len(run) <= size for run in cut)
    assert all(len(run) >= size * 0.6 for run in cut[:-1])  # only the last may be short
    assert 7 <= len(cut) <= 12  # about 0.77 * size per shard
    assert shards(list(ids), size) == cut  # the same ids, the same shards
    assert shards(ids[:size], size) == [ids[:size]]  # up to `size` articles: one bundle


def test_adding_or_deleting_an_article_changes_its_own_shard_not_the_ones_after_it():
    """With runs of a fixed length, an article added near the start shifts every run after
    it; cut by content, a rebuild re-indexes one shard (now and then two, rarely a few),
    wherever it lands."""
    size, ids = 300, _ids(3000)
    before = shards(ids, size)
    added = [sorted([*ids, new]) for new in _ids(60, "new")]
    deleted = [ids[:k] + ids[k + 1:] for k in range(0, len(ids), 50)]
    changes = [_changed(before, shards(after, size)) for after in added + deleted]
    assert sum(c <= 2 for c in changes) >= 0.95 * len(changes)
    assert sum(changes) / len(changes) < 1.1 and max(changes) < len(before) / 2
    fixed = [ids[k:k + size] for k in range(0, len(ids), size)]
    first = sorted([*ids, "0" * 16])  # sorts first: every fixed-length run moves
    moved = [first[k:k + size] for k in range(0, len(first), size)]
    assert _changed(fixed, moved) == len(moved)
    assert _changed(before, shards(first, size)) <= 2


def test_bundle_names_keep_the_first_at_pagefind():
    assert [bundle_name(n) for n in (1, 2, 10)] == ["pagefind/", "pagefind-2/", "pagefind-10/"]


def test_the_glob_names_exactly_the_shards_articles():
    assert article_glob("articles/{id}/", ["a1", "b-2"]) == "articles/{a1,b-2}/index.html"
    assert article_glob("news/{id}/", ["x"]) == "news/{x}/index.html"


class _Recorded(SearchJob):
    """A job that records when it ran instead of starting Pagefind."""

    log: ClassVar[list] = []
    lock = threading.Lock()

    def run(self):
        with self.lock:
            self.log.append(("start", self.bundle))
        time.sleep(0.05)
        with self.lock:
            self.log.append(("end", self.bundle))


def test_the_queue_runs_one_job_at_a_time_in_submission_order(tmp_path):
    _Recorded.log = []
    search = SearchQueue()
    for number in (1, 2, 3):
        search.submit(_Recorded(tmp_path, bundle_name(number), "x", 1, "ar"))
    jobs = search.finish()
    assert [job.bundle for job in jobs] == ["pagefind/", "pagefind-2/", "pagefind-3/"]
    assert _Recorded.log == [(event, bundle)
                             for bundle in ("pagefind/", "pagefind-2/", "pagefind-3/")
                             for event in ("start", "end")]


class _Slow(_Recorded):
    def run(self):
        with self.lock:
            self.log.append(("start", self.bundle))
        # Long enough for a second thread to start meanwhile, even on a busy machine.
        time.sleep(0.3)
        with self.lock:
            self.log.append(("end", self.bundle))


def test_a_widened_queue_runs_the_queued_jobs_side_by_side_and_finishes_them_all(tmp_path):
    """Once the trees are written (site.py), the runs still queued share the cores."""
    _Recorded.log = []
    search = SearchQueue()
    for number in (1, 2, 3, 4):
        search.submit(_Slow(tmp_path, bundle_name(number), "x", 1, "ar"))
    search.widen(2)
    jobs = search.finish()
    assert len(jobs) == 4
    events = [event for event, _bundle in _Recorded.log]
    assert sorted(_Recorded.log) == sorted((event, job.bundle) for job in jobs
                                           for event in ("start", "end"))
    assert ["start", "start"] in [events[k:k + 2] for k in range(len(events) - 1)]


def test_widening_never_runs_more_than_two_shards_at_once(tmp_path):
    """Each run holds its shard in memory: AKHBAR_SEARCH_SHARD_PAGES bounds memory on any
    number of cores."""
    _Recorded.log = []
    search = SearchQueue()
    for number in range(1, 7):
        search.submit(_Slow(tmp_path, bundle_name(number), "x", 1, "ar"))
    search.widen(8)
    search.finish()
    depth = max(sum(1 if event == "start" else -1 for event, _ in _Recorded.log[:k + 1])
                for k in range(len(_Recorded.log)))
    assert depth == RUNS_AFTER_WRITING == 2


def test_widening_an_idle_queue_starts_nothing(tmp_path):
    search = SearchQueue()
    before = set(threading.enumerate())
    search.widen(4)
    assert set(threading.enumerate()) <= before
    assert search.finish() == []


def test_a_failed_pagefind_run_is_reported_with_its_bundle(tmp_path):
    site = tmp_path / "site"
    (site / "articles" / "a").mkdir(parents=True)
    (site / "articles" / "a" / "index.html").write_text("<html lang=ar><body></body></html>")
    search = SearchQueue()
    # No page of the glob exists: Pagefind finds nothing to index and fails.
    search.submit(SearchJob(site, "pagefind/", article_glob("articles/{id}/", ["missing"]), 1,
                            "ar"))
    [job] = search.finish()
    assert job.error and str(site / "pagefind") in job.error
    assert not (site / "pagefind" / "pagefind.js").exists()
