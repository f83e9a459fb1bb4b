"""Links between pages (page_links.py)."""

from __future__ import annotations

import posixpath

import pytest

from akhbar.reading.page_links import relative_to


@pytest.mark.parametrize("page, target", [
    ("articles/abc/", "entities/aleppo/"),
    ("articles/abc/", "articles/entities/aleppo/"),
    ("archive/articles/abc/", "archive/entities/aleppo/"),
    ("a/", "a/aleppo/"),
    ("abc/", "aleppo/"),
    ("articles/abc/", "aleppo/"),
    ("articles/abc/", "articles/abc/aleppo/"),
    ("./articles//abc/", "entities/./aleppo/"),
    ("articles/abc/", "../entities/aleppo/"),
    ("/articles/abc/", "/entities/aleppo/"),
])
def test_links_from_an_article_are_what_relpath_gives(page, target):
    assert relative_to(page)(target) == posixpath.relpath(target, page)
