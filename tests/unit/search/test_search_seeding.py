"""A shard indexed again starts from its previous bundle (search_index.link_unchanged): the bundle
it gives is the one Pagefind gives from nothing, byte for byte, whatever the previous bundle holds,
and the previous bundle is left as it was. Real Pagefind runs on a few Arabic pages."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from akhbar.search.bundles import SIGNATURE, article_glob
from akhbar.search.pagefind_runs import SearchJob

WORDS = ["دمشق", "حلب", "إدلب", "أستانا", "موسكو", "أنقرة", "طهران", "جنيف", "الحسكة", "درعا",
         "المفاوضات", "الهدنة", "المعارضة", "الحكومة", "اللاجئين", "القصف", "الاتفاق", "الجولة"]
IDS = [f"story-{n}" for n in range(12)]


def _page(number: int, extra: str = "") -> str:
    words = " ".join(WORDS[(number * 5 + k) % len(WORDS)] for k in range(40))
    return (
        '<!doctype html><html lang="ar" dir="rtl"><head><title>خبر</title></head><body>'
        f'<main data-pagefind-body><h1>الخبر رقم {number}</h1><p>{words} {extra}</p>'
        f'<span data-pagefind-filter="الموضوع">{WORDS[number % 4]}</span>'
        f'<span data-pagefind-meta="date">2018-0{1 + number % 9}-1{number % 10}</span>'
        '</main></body></html>'
    )


def _site(root: Path, edited: dict[int, str] | None = None) -> Path:
    for number, article_id in enumerate(IDS):
        folder = root / "articles" / article_id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(_page(number, (edited or {}).get(number, "")),
                                           encoding="utf-8")
    return root


def _index(site: Path, bundle: str, seed: Path | None = None) -> SearchJob:
    job = SearchJob(site, bundle, article_glob("articles/{id}/", IDS), len(IDS), "ar", seed=seed)
    job.run()
    return job


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _states(folder: Path) -> dict[str, tuple]:
    return {name: (os.stat(folder / name).st_mtime_ns, data)
            for name, data in _files(folder).items()}


@pytest.fixture
def edited_site(tmp_path):
    """A site indexed once (`previous/`), then one page edited: (site, previous bundle)."""
    site = _site(tmp_path / "site")
    _index(site, "previous/")
    _site(site, {3: "وأضاف المصدر أن المحادثات ستتواصل الأسبوع المقبل في سوتشي."})
    return site, site / "previous"


def test_a_shard_started_from_its_previous_bundle_is_the_one_indexed_from_nothing(edited_site):
    site, previous = edited_site
    before = _states(previous)
    fresh = _index(site, "fresh/")
    seeded = _index(site, "seeded/", seed=previous)
    assert _files(site / "seeded") == _files(site / "fresh")
    # Every fragment but the edited page's came from the previous bundle; the word indexes
    # that changed were written again, and what the edited page had is gone.
    assert fresh.reused == 0 and seeded.files == fresh.files
    fragments = len(IDS)
    assert fragments - 1 <= seeded.reused < seeded.files
    assert _states(previous) == before, "the previous bundle is read, never written"


def test_a_linked_file_that_does_not_hold_what_its_name_says_is_not_used(edited_site):
    """Pagefind's names are short hashes: a file of the previous bundle may bear the name of
    another content (or be cut short by a build that was killed). Pagefind would skip writing
    it; the run sees it and indexes the shard again from nothing."""
    site, previous = edited_site
    victim = sorted((previous / "fragment").iterdir())[0]
    victim.write_bytes(gzip.compress(SIGNATURE + b'{"url":"/elsewhere/"}', mtime=0))
    seeded = _index(site, "seeded/", seed=previous)
    _index(site, "fresh/")
    assert _files(site / "seeded") == _files(site / "fresh")
    assert seeded.reused == 0


def test_files_of_another_pagefind_version_are_not_used(edited_site):
    """Another Pagefind may compress the same content to other bytes."""
    site, previous = edited_site
    entry = previous / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**data, "version": "0.9.0"}), encoding="utf-8")
    seeded = _index(site, "seeded/", seed=previous)
    _index(site, "fresh/")
    assert _files(site / "seeded") == _files(site / "fresh")
    assert seeded.reused == 0


def test_a_bundle_indexed_into_a_folder_that_holds_an_older_one_drops_what_it_does_not_use(
        edited_site):
    """Without the previous output set aside (reuse off, an output folder Pelican does not
    empty), Pagefind writes over the old bundle: what only the old one used is deleted."""
    site, previous = edited_site
    again = _index(site, "previous/")
    _index(site, "fresh/")
    assert _files(previous) == _files(site / "fresh")
    assert 0 < again.reused < again.files


def test_a_seed_that_is_not_a_bundle_is_ignored(edited_site, tmp_path):
    site, _previous = edited_site
    seeded = _index(site, "seeded/", seed=tmp_path / "nothing-here")
    _index(site, "fresh/")
    assert _files(site / "seeded") == _files(site / "fresh")
    assert seeded.reused == 0
