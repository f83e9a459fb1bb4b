"""Preparing the seeds (pool.py): the keys of the seed cache, what a build reads again, and the
pool of forked workers."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from akhbar.incremental.seed_cache import DATABASE, SeedCache
from akhbar.reading.pool import POOL_MIN, code_fingerprint, file_names, prepare_all, seed_key
from akhbar.reading.preparation import prepare_seed
from akhbar.system.parallel import can_fork
from sitebuild import prepare_settings

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")


@pytest.fixture
def conf():
    return prepare_settings()


def test_the_key_changes_with_the_seed_its_name_and_its_sidecar(tmp_path, conf):
    seed = tmp_path / "001_a.txt"
    seed.write_text("عنوان\n\nنص الخبر.\n", encoding="utf-8")
    fp = code_fingerprint(conf)
    first = seed_key(seed, fp, 2_000_000)
    assert first == seed_key(seed, fp, 2_000_000)
    seed.with_name("001_a.meta.yml").write_text("source: وكالة\n", encoding="utf-8")
    with_sidecar = seed_key(seed, fp, 2_000_000)
    assert with_sidecar != first
    seed.write_text("عنوان\n\nنص الخبر!\n", encoding="utf-8")
    assert seed_key(seed, fp, 2_000_000) not in (first, with_sidecar)
    renamed = seed.rename(tmp_path / "001_b.txt")
    seed_b_key = seed_key(renamed, fp, 2_000_000)
    assert seed_b_key not in (first, with_sidecar)
    assert seed_key(renamed, fp, 10) is None  # over the size limit: never cached


def test_a_listed_folder_gives_the_same_keys_as_looking_for_each_sidecar(tmp_path, conf):
    """prepare_all lists each seed folder once; the keys must be those of seed_key's own
    look-ups, and take in exactly the sidecars the reader uses (sidecar_path): with and
    without one, a folder named like a sidecar (none), a name in another case (as the file
    system says), a seed named `..txt` (Path.stem is ".")."""
    from akhbar.reading.sidecar import sidecar_path

    fp = code_fingerprint(conf)
    names = ("001_a", "002_b", "003.c", "004_d", ".")
    for name in names:
        (tmp_path / f"{name}.txt").write_text(f"عنوان {name}\n\nنص الخبر.\n", encoding="utf-8")
    (tmp_path / "001_a.meta.yml").write_text("source: وكالة\n", encoding="utf-8")
    (tmp_path / "003.c.meta.yaml").write_text("author: س\n", encoding="utf-8")
    (tmp_path / "002_b.meta.yml").mkdir()
    (tmp_path / "004_D.META.yml").write_text("source: أ\n", encoding="utf-8")
    (tmp_path / "..meta.yml").write_text("source: ب\n", encoding="utf-8")
    listed = file_names({str(tmp_path)})[str(tmp_path)]
    assert "002_b.meta.yml" not in listed[0] and "001_a.meta.yml" in listed[0]
    for name in names:
        seed = tmp_path / f"{name}.txt"
        key = seed_key(seed, fp, 2_000_000, listed)
        assert key == seed_key(seed, fp, 2_000_000)
        sidecar = sidecar_path(seed)
        if sidecar is not None:  # the reader uses it: editing it changes the key
            sidecar.write_text(sidecar.read_text(encoding="utf-8") + "# edited\n",
                               encoding="utf-8")
            assert seed_key(seed, fp, 2_000_000, file_names({str(tmp_path)})[str(tmp_path)]) \
                != key
    assert sidecar_path(tmp_path / "..txt") is not None
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "001_a.txt").write_bytes((tmp_path / "001_a.txt").read_bytes())
    # the same seed without its sidecar has another key
    assert (seed_key(alone / "001_a.txt", fp, 2_000_000)
            != seed_key(tmp_path / "001_a.txt", fp, 2_000_000))
def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_unchanged_seeds_keep_their_key_without_being_read_again(tmp_path, conf, monkeypatch):
    import akhbar.reading.pool as pool

    folder = tmp_path / "seeds"
    folder.mkdir()
    seeds = []
    for i, place in enumerate(("حلب", "إدلب", "دمشق")):
        seed = folder / f"00{i}_a.txt"
        seed.write_text(f"عنوان الخبر في {place}\n\nقال مسؤول في {place} إن الطريق فتح.\n",
                        encoding="utf-8")
        _age(seed, 3600)
        seeds.append(seed)
    sidecar = folder / "001_a.meta.yml"
    sidecar.write_text("source: وكالة\n", encoding="utf-8")
    _age(sidecar, 3600)
    cache = SeedCache(tmp_path / "cache")
    read = []
    real_read = pool.read_inputs
    monkeypatch.setattr(pool, "read_inputs", lambda path, *a, **k: read.append(Path(path).name)
                        or real_read(path, *a, **k))
    first, _ = prepare_all(seeds, conf, cache, jobs=1)
    assert sorted(read) == ["000_a.txt", "001_a.txt", "002_a.txt"]

    def keys():
        read.clear()
        ready, from_cache = prepare_all(seeds, conf, cache, jobs=1)
        return ready, from_cache, sorted(read)

    ready, from_cache, again = keys()
    assert again == [] and from_cache == 3   # unchanged: keys from the record, hits
    assert [ready[s].metadata for s in seeds] == [first[s].metadata for s in seeds]

    # The same size and a new time stamp: read again, and its new text is what is prepared.
    seeds[0].write_text(seeds[0].read_text(encoding="utf-8").replace("حلب", "حمص"),
                        encoding="utf-8")
    _age(seeds[0], 1800)
    ready, from_cache, again = keys()
    assert again == ["000_a.txt"] and from_cache == 2
    assert "حمص" in ready[seeds[0]].metadata["title"]

    # A sidecar edited, added or removed changes what the key reads: the seed is read again.
    sidecar.write_text("source: وكالة أخرى\n", encoding="utf-8")
    _age(sidecar, 1200)
    added = folder / "002_a.meta.yml"
    added.write_text("author: س\n", encoding="utf-8")
    _age(added, 1200)
    ready, _, again = keys()
    assert again == ["001_a.txt", "002_a.txt"]
    assert ready[seeds[1]].metadata["source"] == "وكالة أخرى"
    assert ready[seeds[2]].metadata["byline"] == "س"
    added.unlink()
    assert keys()[2] == ["002_a.txt"]

    # Changed just now: its size and time stamp may not show it (git's "racily clean"), so it
    # is read again, and again on the next build, until it is older than the record.
    seeds[2].touch()
    assert keys()[2] == ["002_a.txt"]
    assert keys()[2] == ["002_a.txt"]
    _age(seeds[2], 600)
    keys()
    assert keys()[2] == []

    # Other code, or a damaged record: every key is made again.
    monkeypatch.setattr(pool, "code_fingerprint", lambda conf: "another")
    assert keys()[2] == ["000_a.txt", "001_a.txt", "002_a.txt"]
    (tmp_path / "cache" / pool.KEY_RECORD).write_bytes(b"not a pickle")
    assert keys()[2] == ["000_a.txt", "001_a.txt", "002_a.txt"]
    assert keys()[2] == []


def test_the_fingerprint_changes_with_the_data_files_and_settings(tmp_path, conf):
    gazetteer = tmp_path / "g.yml"
    gazetteer.write_bytes(Path(conf["AKHBAR_GAZETTEER"]).read_bytes())
    base = code_fingerprint({**conf, "AKHBAR_GAZETTEER": str(gazetteer)})
    gazetteer.write_bytes(gazetteer.read_bytes() + b"\n# edit\n")
    assert code_fingerprint({**conf, "AKHBAR_GAZETTEER": str(gazetteer)}) != base
    assert code_fingerprint({**conf, "SUMMARY_MAX_LENGTH": 30}) != code_fingerprint(conf)

def test_the_reader_hands_pelican_the_texts_whose_digests_were_made_as_seeds_were_prepared(
        tmp_path, conf):
    """The body and search keys are digested once, cached with the seed, and known (by
    identity) for the very objects the Pelican article gets (fingerprint.KnownTexts)."""
    from akhbar.build import KEY, Build
    from akhbar.incremental.fingerprint import text_digest
    from akhbar.names.sections import load_sections
    from akhbar.reader import SeedReader
    from sitebuild import ROOT

    seed = tmp_path / "001_a.txt"
    seed.write_text("عنوان الخبر في حلب\n\nقال مسؤول في حلب إن الطريق فتح.\n", encoding="utf-8")
    cache = SeedCache(tmp_path / "cache")
    prepare_all([seed], conf, cache, jobs=1)
    ready, from_cache = prepare_all([seed], conf, cache, jobs=1)
    prepared = ready[seed]
    assert from_cache == 1 and prepared.text_digests == {"content": text_digest(prepared.content),
                                     "search_forms": text_digest(prepared.metadata["search_forms"])}
    build = Build(seeds_path=tmp_path, output=tmp_path / "output")
    build.prepared = {build.source_key(seed): prepared}
    build.sections = load_sections(str(ROOT / "plugins/akhbar/data/sections.yml"))
    settings = {"DEFAULT_CATEGORY": "misc", "ARTICLE_SAVE_AS": "", "ARTICLE_LANG_SAVE_AS": "",
                "SLUGIFY_SOURCE": "title", "SLUG_REGEX_SUBSTITUTIONS": [], "TIMEZONE": "UTC",
                KEY: build}
    content, metadata = SeedReader(settings).read(str(seed))
    assert build.known_texts.get(content) == text_digest(content)
    assert build.known_texts.get(metadata["search_forms"]) == text_digest(
        metadata["search_forms"])
    assert build.known_texts.get(str(content + " ")[:-1]) is None  # equal, not the same
    assert build.results[build.source_key(seed)].status == "published"


def _pool_seeds(tmp_path) -> list:
    """Enough seeds, each its own, for prepare_all to start its pool of workers."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    seeds = []
    for number in range(POOL_MIN + 2):
        seed = folder / f"{number:03d}_a.txt"
        seed.write_text(f"عنوان الخبر {number} في حلب\n\nقال مسؤول في إدلب إن الطريق {number}"
                        " فتح أمام القوافل.\n", encoding="utf-8")
        seeds.append(seed)
    return seeds


@needs_fork
def test_seeds_prepared_in_the_pool_are_cached(tmp_path, conf):
    """The build's process stores each seed the workers prepared, gets the same seeds back as
    one process would make, and a second build reads every one from the cache."""
    seeds = _pool_seeds(tmp_path)
    cache = SeedCache(tmp_path / "cache")
    pooled, from_cache = prepare_all(seeds, conf, cache, jobs=2)
    assert from_cache == 0
    assert _entries(tmp_path / "cache") == len(seeds)
    for seed in seeds:
        alone = prepare_seed(seed, conf)
        assert pooled[seed].content == alone.content
        assert pooled[seed].metadata == alone.metadata
        assert pooled[seed].result.path == seed  # the cache stores no path: it is put back
    again, from_cache = prepare_all(seeds, conf, cache, jobs=2)
    assert from_cache == len(seeds)
    assert all(again[seed].result.path == seed for seed in seeds)
    assert [again[s].metadata for s in seeds] == [pooled[s].metadata for s in seeds]


def _entries(folder) -> int:
    """How many entries the seed cache's database holds."""
    with closing(sqlite3.connect(folder / DATABASE)) as db:
        return db.execute("SELECT COUNT(*) FROM prepared").fetchone()[0]


@needs_fork
def test_pool_results_load_with_the_collector_off_while_the_workers_collect(
        tmp_path, conf, monkeypatch, collector_restored):
    """The build's process pauses its collector as it loads what the workers send
    (heap.loading), and leaves it as it found it; the workers collect (they make and drop
    cycles) even when forked from a process whose collector is off."""
    import gc

    from akhbar.reading import pool as module

    real = module.prepare_seed

    def noting_the_collector(path, conf, inputs=None):
        item = real(path, conf, inputs)
        item.metadata["collector_on"] = gc.isenabled()
        return item

    monkeypatch.setattr(module, "prepare_seed", noting_the_collector)  # the forks inherit it
    seeds = _pool_seeds(tmp_path)
    for collector_on in (True, False):
        (gc.enable if collector_on else gc.disable)()
        in_parent = []
        pooled, _ = prepare_all(
            seeds, conf, SeedCache(None), jobs=2,
            progress=lambda done, cached, noted=in_parent: noted.append(gc.isenabled()))
        assert gc.isenabled() == collector_on
        assert in_parent and not any(in_parent)
        assert all(pooled[seed].metadata["collector_on"] for seed in seeds)
