"""The undated list is paginated like the others: at 10,000 seeds it was one 5 MB page."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from sitebuild import copied_seeds, run_pelican

COPIES = 6  # 30 seeds, 24 of them undated (the copies of seeds 000 to 003, without their
# sidecars: 001 and 003 hold dates in their text alone): two pages, of 20 and 4


def test_the_undated_list_is_paginated_and_lists_each_story_once(tmp_path):
    seeds = copied_seeds(tmp_path / "seeds", COPIES)
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_SEARCH=False)
    assert build.returncode == 0, build.log
    undated = sorted(e["url"] for e in build.report["articles"] if e["date"] is None)
    assert len(undated) == 4 * COPIES
    for tree in ("", "en/"):
        first = tmp_path / "out" / tree / "undated" / "index.html"
        second = tmp_path / "out" / tree / "undated" / "page" / "2" / "index.html"
        assert not (tmp_path / "out" / tree / "undated" / "page" / "3").exists()
        listed = []
        for number, page in enumerate((first, second), start=1):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            links = [a["href"] for a in soup.select(".teaser-title a")]
            listed += [re.search(r"articles/[^/]+/", href).group() for href in links]
            assert len(links) == (20 if number == 1 else 4 * COPIES - 20)
            assert soup.select_one("nav.pagination") is not None
            assert f"{4 * COPIES} " in soup.select_one(".page-header").get_text()  # all of them
        assert sorted(listed) == undated
