"""The search index in shards: how article pages are split into bundles, and the queue that runs
Pagefind on them one at a time (each run holds its shard in memory)."""

from __future__ import annotations

import threading
import time

import pytest

from akhbar.search_index import SearchJob, SearchQueue, article_glob, bundle_name, shards


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


def test_bundle_names_keep_the_first_at_pagefind():
    assert [bundle_name(n) for n in (1, 2, 10)] == ["pagefind/", "pagefind-2/", "pagefind-10/"]


def test_the_glob_names_exactly_the_shards_articles():
    assert article_glob("articles/{id}/", ["a1", "b-2"]) == "articles/{a1,b-2}/index.html"
    assert article_glob("news/{id}/", ["x"]) == "news/{x}/index.html"


class _Recorded(SearchJob):
    """A job that records when it ran instead of starting Pagefind."""

    log: list = []
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
    assert _Recorded.log == [(event, bundle) for bundle in ("pagefind/", "pagefind-2/", "pagefind-3/")
                             for event in ("start", "end")]


def test_a_failed_pagefind_run_is_reported_with_its_bundle(tmp_path):
    site = tmp_path / "site"
    (site / "articles" / "a").mkdir(parents=True)
    (site / "articles" / "a" / "index.html").write_text("<html lang=ar><body></body></html>")
    search = SearchQueue()
    # No page of the glob exists: Pagefind finds nothing to index and fails.
    search.submit(SearchJob(site, "pagefind/", article_glob("articles/{id}/", ["missing"]), 1, "ar"))
    [job] = search.finish()
    assert job.error and str(site / "pagefind") in job.error
    assert not (site / "pagefind" / "pagefind.js").exists()
