"""Feeds give the same bytes for the same input: a feed without entries included."""

from __future__ import annotations

import time

from akhbar.site.publishing import atom_feed

FEED = {"title": "أخبار · أستانا", "subtitle": "أرشيف", "siteurl": "https://archive.example.org",
        "home": "topics/astana/", "feed_path": "feeds/topics/astana.atom.xml", "lang": "ar",
        "limit": 20}


def test_a_feed_without_entries_is_dated_the_same_on_every_build():
    """A topic whose stories are all undated has an empty feed; it was dated with the time of
    the build, so two builds of one archive differed."""
    first = atom_feed([], **FEED)
    time.sleep(0.01)
    assert atom_feed([], **FEED) == first
    assert "<updated>1970-01-01T00:00:00+00:00</updated>" in first
