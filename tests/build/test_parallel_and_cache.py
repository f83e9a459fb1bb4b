"""Parallel builds and the seed cache change how fast a site is built, never what is built.

Real Pelican builds of 40 seeds (the five bundled ones under eight names each, every copy with
its own closing sentence, so no two seeds are alike), enough for the worker pool to start. The
reference is a build in one process with the cache off; every other way of building must give
the same bytes in every file, the Pagefind bundles included.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from contextlib import closing

import pytest

from akhbar.incremental.seed_cache import DATABASE
from sitebuild import ROOT, assert_same_site, copied_seeds, run_pelican

COPIES = 8
# The search index in shards of 15 article pages (three bundles per tree), so that sharding too
# is held to the same bytes whatever the number of processes.
SHARDS = {"AKHBAR_SEARCH_SHARD_PAGES": 15}


def cached_entries(cache) -> int:
    with closing(sqlite3.connect(cache / DATABASE)) as db:
        return db.execute("SELECT count(*) FROM prepared").fetchone()[0]


def prepared_line(log: str) -> str:
    match = re.search(r"Akhbar: [\d,]+ seeds prepared \(([^)]*)\)", log)
    assert match, log[-2000:]
    return match.group(1)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    base = tmp_path_factory.mktemp("scale")
    seeds = copied_seeds(base / "seeds", COPIES)
    build = run_pelican(seeds, base / "serial", AKHBAR_JOBS=1, **SHARDS)
    assert build.returncode == 0, build.log
    assert "seed cache off" in prepared_line(build.log)
    assert sorted(p.name for p in build.output.glob("pagefind*")) == [
        "pagefind", "pagefind-2", "pagefind-3"]
    return base, seeds, build.output


def test_parallel_build_with_a_cold_then_warm_cache_gives_the_same_bytes(reference):
    base, seeds, serial = reference
    cache = base / "cache-a"
    cold = run_pelican(seeds, base / "cold", AKHBAR_JOBS=2, AKHBAR_CACHE_PATH=str(cache),
                       **SHARDS)
    assert cold.returncode == 0, cold.log
    assert prepared_line(cold.log).startswith("0 from the cache")
    assert cached_entries(cache) == 5 * COPIES
    assert_same_site(serial, cold.output)

    warm = run_pelican(seeds, base / "warm", AKHBAR_JOBS=2, AKHBAR_CACHE_PATH=str(cache),
                       **SHARDS)
    assert warm.returncode == 0, warm.log
    assert prepared_line(warm.log).startswith(f"{5 * COPIES} from the cache")
    assert_same_site(serial, warm.output)
    # The report still lists every seed with its warnings, cache or not.
    assert (warm.output / "report.json").read_bytes() == (serial / "report.json").read_bytes()


def test_an_edited_seed_is_prepared_again_and_only_it(reference):
    base, seeds, _serial = reference
    cache = base / "cache-b"
    assert run_pelican(seeds, base / "first", AKHBAR_CACHE_PATH=str(cache)).returncode == 0
    edited = base / "edited-seeds"
    shutil.copytree(seeds, edited)
    target = sorted(edited.glob("*.txt"))[3]
    target.write_text(target.read_text(encoding="utf-8-sig").rstrip("\n")
                      + "\n\nوقال شاهد عيان إن الطريق إلى حماة أعيد فتحه صباح اليوم.\n",
                      encoding="utf-8")
    again = run_pelican(edited, base / "again", AKHBAR_CACHE_PATH=str(cache))
    assert again.returncode == 0, again.log
    assert prepared_line(again.log).startswith(f"{5 * COPIES - 1} from the cache")
    fresh = run_pelican(edited, base / "fresh", AKHBAR_JOBS=1)
    assert fresh.returncode == 0, fresh.log
    assert_same_site(fresh.output, again.output)
    pages = [p for p in (again.output / "articles").glob("*/index.html")
             if "أعيد فتحه صباح اليوم" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1


def test_a_sidecar_or_gazetteer_change_is_not_served_from_the_cache(reference, tmp_path):
    _base, seeds, _serial = reference
    cache = tmp_path / "cache"
    folder = tmp_path / "seeds"
    shutil.copytree(seeds, folder)
    assert run_pelican(folder, tmp_path / "one", AKHBAR_CACHE_PATH=str(cache)).returncode == 0
    seed = sorted(folder.glob("*.txt"))[0]
    seed.with_name(seed.stem + ".meta.yml").write_text("source: وكالة الاختبار\n",
                                                       encoding="utf-8")
    two = run_pelican(folder, tmp_path / "two", AKHBAR_CACHE_PATH=str(cache))
    assert two.returncode == 0, two.log
    assert prepared_line(two.log).startswith(f"{5 * COPIES - 1} from the cache")
    assert "وكالة الاختبار" in (two.output / "articles" / seed.stem.split("_", 1)[1]
                                 / "index.html").read_text(encoding="utf-8")

    gazetteer = tmp_path / "gazetteer.yml"
    gazetteer.write_bytes((ROOT / "plugins/akhbar/data/gazetteer.yml").read_bytes()
                          + b"\n# edited\n")
    three = run_pelican(folder, tmp_path / "three", AKHBAR_CACHE_PATH=str(cache),
                        AKHBAR_GAZETTEER=str(gazetteer))
    assert three.returncode == 0, three.log
    assert prepared_line(three.log).startswith("0 from the cache")


def test_a_damaged_cache_entry_is_ignored(reference, tmp_path):
    _base, seeds, serial = reference
    cache = tmp_path / "cache"
    assert run_pelican(seeds, tmp_path / "one", AKHBAR_CACHE_PATH=str(cache),
                       **SHARDS).returncode == 0
    with closing(sqlite3.connect(cache / DATABASE)) as db, db:
        first, second = [key for (key,) in db.execute("SELECT key FROM prepared LIMIT 2")]
        db.execute("UPDATE prepared SET data = ? WHERE key = ?", (b"not a pickle", first))
        db.execute("UPDATE prepared SET data = substr(data, 1, 50) WHERE key = ?", (second,))
    two = run_pelican(seeds, tmp_path / "two", AKHBAR_CACHE_PATH=str(cache), **SHARDS)
    assert two.returncode == 0, two.log
    assert prepared_line(two.log).startswith(f"{5 * COPIES - 2} from the cache")
    assert_same_site(serial, two.output)
