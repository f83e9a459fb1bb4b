"""The seed cache (seed_cache.py): entries, their day of use, pruning, and damage of any kind
turning it off or starting it again, never failing a build."""

from __future__ import annotations

import os
import pickle
import sqlite3
import time
from contextlib import closing

import pytest

from akhbar.incremental.seed_cache import DATABASE, DAY_S, PRUNE_EVERY_S, SeedCache, is_damaged_file
from akhbar.reading.pool import code_fingerprint, pickled, prepare_all, seed_key
from akhbar.reading.preparation import prepare_seed
from sitebuild import prepare_settings


@pytest.fixture
def conf():
    return prepare_settings()


def _today() -> int:
    """Days since 1970 (UTC): the unit of the day of use the cache's database holds."""
    return int(time.time() // DAY_S)


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
    assert is_damaged_file(not_a_database.value)
    assert not is_damaged_file(sqlite3.DatabaseError("no code: raised by something else"))
    with (pytest.raises(sqlite3.OperationalError) as no_table,
          closing(sqlite3.connect(tmp_path / "fine.sqlite")) as db):
        db.execute("SELECT * FROM missing").fetchall()
    assert not is_damaged_file(no_table.value)


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
