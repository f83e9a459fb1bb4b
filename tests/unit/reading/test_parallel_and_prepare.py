"""The pieces behind fast builds: forked tree writers and the keys of the seed cache."""

from __future__ import annotations

import os
import pickle
import posixpath
import sqlite3
import time
import unicodedata
from contextlib import closing
from pathlib import Path

import pytest

from akhbar.incremental.seed_cache import DATABASE, PRUNE_EVERY_S, SeedCache, _damaged, _today
from akhbar.reading.page_links import relative_to
from akhbar.reading.pool import (
    POOL_MIN,
    code_fingerprint,
    file_names,
    pickled,
    prepare_all,
    seed_key,
)
from akhbar.reading.preparation import prepare_seed, summary
from akhbar.system.parallel import ParallelWriteError, can_fork, jobs, write_trees
from akhbar.text.decoding import _ALLOWED_CONTROLS, _control_chars
from sitebuild import prepare_settings

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")


@needs_fork
def test_trees_come_back_in_order_with_what_each_process_wrote():
    def write(tree):
        return [tree, os.getpid()]

    results = list(write_trees(["ar", "en", "fr"], write, jobs=3))
    assert [tree for tree, _ in results] == ["ar", "en", "fr"]
    assert [value[0] for _, value in results] == ["ar", "en", "fr"]
    assert results[0][1][1] == os.getpid()  # the first tree is written here...
    assert results[1][1][1] != os.getpid()  # ...the others in forked processes


@needs_fork
def test_a_failure_in_a_forked_writer_fails_the_build_with_its_message():
    def write(tree):
        if tree == "en":
            raise ValueError("template exploded")
        return tree

    with pytest.raises(ParallelWriteError, match="en tree failed: ValueError: template exploded"):
        list(write_trees(["ar", "en"], write, jobs=2))


def test_one_job_writes_everything_here():
    assert [v for _, v in write_trees(["ar", "en"], lambda t: (t, os.getpid()), jobs=1)] == [
        ("ar", os.getpid()), ("en", os.getpid())]


def test_jobs_setting():
    assert jobs({"AKHBAR_JOBS": 3}) == 3
    assert jobs({"AKHBAR_JOBS": 0}) >= 1


def test_control_characters_are_counted_as_unicode_categories_say():
    sample = [chr(cp) for cp in range(0x3000)] + ["\ud800", "\ue000", "\U000f0000", "\U0010fffd",
                                                      "\U0010ffff", "\uffff", "\U0001f600"]
    for ch in sample:
        expected = int(ch not in _ALLOWED_CONTROLS
                       and unicodedata.category(ch) in ("Cc", "Cs", "Co"))
        assert _control_chars(ch) == expected, hex(ord(ch))


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


def _rows(folder) -> dict[str, int]:
    """key -> the day its entry was last used, straight from the cache's database."""
    with closing(sqlite3.connect(folder / DATABASE)) as db:
        return dict(db.execute("SELECT key, used FROM prepared"))


def _sql(folder, statement: str, *args) -> None:
    with closing(sqlite3.connect(folder / DATABASE)) as db, db:
        db.execute(statement, args)


def _one_seed(tmp_path):
    seed = tmp_path / "001_a.txt"
    seed.write_text("عنوان الخبر في حلب\n\nقال مسؤول في حلب إن الطريق فتح.\n", encoding="utf-8")
    return seed


def test_a_cache_hit_renews_the_day_of_use_of_an_entry_used_before_today(tmp_path, conf):
    folder = tmp_path / "cache"
    cache = SeedCache(folder, keep_days=30)
    key = "ab" + "0" * 62
    cache.put(key, pickled(prepare_seed(_one_seed(tmp_path), conf)))
    cache.flush()
    today = _today()
    assert _rows(folder) == {key: today}
    assert cache.get(key).metadata["title"] == "عنوان الخبر في حلب"
    cache.flush()
    assert _rows(folder) == {key: today}   # used today already: nothing written
    _sql(folder, "UPDATE prepared SET used = ?", today - 20)
    assert cache.get(key) is not None
    assert _rows(folder) == {key: today - 20}   # written with the others, by flush()
    cache.flush()
    assert _rows(folder) == {key: today}   # renewed: prune() keeps it for keep_days more
    cache.prune(time.time() + 15 * 86400)
    assert key in _rows(folder)


def test_the_cache_is_pruned_at_most_once_a_day(tmp_path, conf):
    folder = tmp_path / "cache"
    cache = SeedCache(folder, keep_days=30)
    data = pickled(prepare_seed(_one_seed(tmp_path), conf))
    old, recent = "ab" + "0" * 62, "cd" + "0" * 62
    cache.put(old, data)
    cache.put(recent, data)
    cache.flush()
    now = time.time()
    _sql(folder, "UPDATE prepared SET used = ? WHERE key = ?", _today() - 31, old)
    cache.prune(now)
    assert list(_rows(folder)) == [recent]
    _sql(folder, "UPDATE prepared SET used = ?", _today() - 31)
    cache.prune(now + PRUNE_EVERY_S / 2)  # pruned less than a day ago: nothing is looked at
    assert list(_rows(folder)) == [recent]
    cache.prune(now + PRUNE_EVERY_S + 1)
    assert _rows(folder) == {}


def test_pruning_deletes_the_entry_files_of_the_earlier_cache_layout(tmp_path):
    folder = tmp_path / "cache"
    old_entry = folder / "ab" / ("ab" + "0" * 62 + ".pickle")
    old_entry.parent.mkdir(parents=True)
    old_entry.write_bytes(b"an entry of an earlier version")
    kept = [folder / "pages" / "site.json", folder / "templates" / "x.cache", folder / "ff.txt"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"not the seed cache's")
    SeedCache(folder).prune()
    assert not old_entry.parent.exists()
    assert all(path.exists() for path in kept)


def test_a_damaged_cache_file_is_started_again_with_a_warning(tmp_path, conf, caplog):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / DATABASE).write_bytes(b"this is not an SQLite database, it is much too short" * 99)
    cache = SeedCache(folder)
    key = "ab" + "0" * 62
    assert cache.get(key) is None
    assert "was damaged" in caplog.text and str(folder / DATABASE) in caplog.text
    cache.put(key, pickled(prepare_seed(_one_seed(tmp_path), conf)))
    cache.flush()
    assert cache.folder == folder and list(_rows(folder)) == [key]


def test_only_sqlite_s_codes_for_a_damaged_file_count_as_damage(tmp_path):
    """A DatabaseError for anything else (SQLite's codes without a class of their own come as
    one) must not delete the cache."""
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database" * 500)
    with (pytest.raises(sqlite3.DatabaseError) as not_a_database,
          closing(sqlite3.connect(garbage)) as db):
        db.execute("SELECT 1 FROM sqlite_master").fetchall()
    assert _damaged(not_a_database.value)
    assert not _damaged(sqlite3.DatabaseError("no code: raised by something else"))
    with (pytest.raises(sqlite3.OperationalError) as no_table,
          closing(sqlite3.connect(tmp_path / "fine.sqlite")) as db):
        db.execute("SELECT * FROM missing").fetchall()
    assert not _damaged(no_table.value)


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


def test_damage_found_while_reading_turns_the_cache_off_and_deletes_the_file(tmp_path, caplog):
    folder = tmp_path / "cache"
    cache = SeedCache(folder)
    keys = [f"{n:064x}" for n in range(40)]
    for key in keys:
        cache.put(key, pickle.dumps(key) + os.urandom(20_000))   # a page or two an entry
    cache.flush()
    database = folder / DATABASE
    data = bytearray(database.read_bytes())
    data[len(data) // 2:] = b"\xff" * (len(data) - len(data) // 2)   # the second half wrecked
    database.write_bytes(bytes(data))
    cache = SeedCache(folder)
    found = [cache.get(key) for key in keys]
    assert found[0] == keys[0]   # the first half still reads
    assert "turned off for this build" in caplog.text and "malformed" in caplog.text
    assert cache.folder is None and not database.exists()   # the next build starts afresh
    assert SeedCache(folder).get(keys[0]) is None


def test_a_cache_that_cannot_be_opened_is_turned_off_with_a_warning(tmp_path, conf, caplog):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_bytes(b"a file where the cache folder should be")
    cache = SeedCache(not_a_folder)
    key = "ab" + "0" * 62
    assert cache.get(key) is None
    assert "turned off for this build" in caplog.text and str(not_a_folder) in caplog.text
    assert cache.folder is None
    cache.put(key, pickled(prepare_seed(_one_seed(tmp_path), conf)))   # nothing, no error
    cache.flush()
    ready, from_cache = prepare_all([_one_seed(tmp_path)], conf, SeedCache(not_a_folder), jobs=1)
    assert from_cache == 0 and len(ready) == 1


def test_a_cache_entry_round_trips_and_a_broken_one_is_a_miss(tmp_path, conf):
    seed = _one_seed(tmp_path)
    prepared = prepare_seed(seed, conf)
    cache = SeedCache(tmp_path / "cache")
    key = seed_key(seed, code_fingerprint(conf), 2_000_000)
    assert cache.get(key) is None
    cache.put(key, pickled(prepared))
    again = cache.get(key)   # written, not yet committed: the same connection sees it
    assert again.content == prepared.content and again.metadata == prepared.metadata
    assert "aleppo" in again.metadata["entities"]
    cache.flush()
    assert SeedCache(tmp_path / "cache").get(key).metadata == prepared.metadata
    _sql(tmp_path / "cache", "UPDATE prepared SET data = ?", b"\x80\x05broken")
    assert cache.get(key) is None


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
    assert len(_rows(tmp_path / "cache")) == len(seeds)
    for seed in seeds:
        alone = prepare_seed(seed, conf)
        assert pooled[seed].content == alone.content
        assert pooled[seed].metadata == alone.metadata
        assert pooled[seed].result.path == seed  # the cache stores no path: it is put back
    again, from_cache = prepare_all(seeds, conf, cache, jobs=2)
    assert from_cache == len(seeds)
    assert all(again[seed].result.path == seed for seed in seeds)
    assert [again[s].metadata for s in seeds] == [pooled[s].metadata for s in seeds]


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


def _lead_html(rng) -> str:
    """A lead paragraph as the renderer could write it, with the things Pelican's word
    counter treats specially: tags, entity and character references, apostrophes and hyphens
    inside words, vowel marks, digits, and the odd CJK character."""
    pieces = ["حلب", "إدلبَ", "al-Assad's", "U.S.", "2017", "٢٠١٧", "&amp;", "&quot;", "&#x27;",
              "وزير", "لـ", "—", "،", "(AFP)", "中文", "x_y", "'", "-", "ـ"]
    out = []
    for _ in range(rng.randrange(0, 70)):
        piece = rng.choice(pieces)
        roll = rng.random()
        if roll < 0.1:
            piece = f'<a href="../../entities/{rng.choice(pieces[:3])}/">{piece}</a>'
        elif roll < 0.2:
            piece = f'<bdi dir="ltr">{piece}</bdi>'
        out.append(piece)
        out.append(rng.choice([" ", " ", "", "\n"]))
    return "<p>" + "".join(out) + "</p>"


def test_the_summary_is_what_pelican_truncation_gives():
    """`summary` skips Pelican's parser for HTML with fewer word runs than the limit: it must
    give what truncate_html_words gives, around the limit and on every kind of content."""
    import random

    from pelican.utils import truncate_html_words

    rng = random.Random(7)
    plain = [" ".join(["حلب"] * n) + "." for n in (44, 45, 46)]   # a run a word, at the limit
    cjk = ["中文" * n for n in (20, 23, 30)]                # one run, a word a character
    skipped = truncated = 0
    for html, words in [(text, 45) for text in plain + cjk] + [
            (_lead_html(rng), rng.choice([1, 5, 20, 45, 60])) for _ in range(3000)]:
        expected = truncate_html_words(html, words)
        assert summary(html, words) == expected, (html, words)
        skipped += expected is html
        truncated += expected != html
    assert skipped > 300 and truncated > 300   # both sides of the shortcut were tried


def test_names_and_topic_terms_in_a_photo_credit_count(tmp_path, conf):
    """Topics are looked for in the text names are found in, credits included: here the only
    humanitarian term and the only mention of Aleppo are in a caption's credit."""
    seed = tmp_path / "a.txt"
    seed.write_text("عنوان الخبر عن الاجتماع\n\n"
                    "قال المتحدث إن الاجتماع انتهى دون اتفاق على موعد جديد للجولة المقبلة.\n"
                    "رجال ينتظرون عند المعبر (صورة: قوافل المساعدات في حلب)\n"
                    "وأضاف أن الوفود ستعود إلى بلادها خلال الأيام المقبلة لإجراء مشاورات.\n",
                    encoding="utf-8")
    prepared = prepare_seed(seed, conf)
    assert '<span class="credit"> (صورة: قوافل المساعدات في <a' in prepared.content
    assert "aleppo" in prepared.metadata["entities"]
    assert "humanitarian" in prepared.metadata["topics"]


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
