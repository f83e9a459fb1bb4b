"""What the cache folder and the previous output hold can be wrong: a seed edited while a build
read it, bits flipped on disk, a record tampered with or cut short, a search bundle broken in
place. None of it may reach the site: each rebuild gives the same bytes as a cold build, with no
traceback."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from akhbar.incremental.page_record import record_file
from akhbar.incremental.seed_cache import DATABASE
from sitebuild import assert_same_site, copied_seeds, run_pelican

COPIES = 8  # 40 seeds


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    seeds = copied_seeds(base / "seeds", COPIES)
    build = run_pelican(seeds, base / "cold")
    assert build.returncode == 0, build.log
    return seeds, build.output


def _rebuild(seeds, output, cache) -> None:
    build = run_pelican(seeds, output, AKHBAR_CACHE_PATH=str(cache))
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    return build


def test_a_seed_edited_while_the_build_reads_it_is_cached_under_what_was_read(tmp_path, cold):
    """Every seed flips between two texts while a build runs; put back as they were, the next
    build must publish them as they are, not what the cache filed under their bytes."""
    _seeds, reference = cold
    mine = copied_seeds(tmp_path / "seeds", COPIES)
    texts = {path: path.read_bytes() for path in sorted(mine.glob("*.txt"))}
    stop = threading.Event()

    def flip():
        n = 0
        while not stop.is_set():
            n += 1
            for path, text in texts.items():
                edited = text.replace("عقد في دمشق".encode(), f"عقد في حلب {n}".encode())
                partial = path.with_suffix(".tmp")
                partial.write_bytes(edited if n % 2 else text)
                os.replace(partial, path)  # each open sees one text or the other, whole

    flipper = threading.Thread(target=flip, daemon=True)
    flipper.start()
    try:
        during = run_pelican(mine, tmp_path / "during", AKHBAR_CACHE_PATH=str(tmp_path / "c"))
    finally:
        stop.set()
        flipper.join()
    assert "Traceback" not in during.log  # it may fail (a seed changed under it): cleanly
    for path, text in texts.items():
        path.write_bytes(text)
    _rebuild(mine, tmp_path / "after", tmp_path / "c")
    assert_same_site(reference, tmp_path / "after")  # the same names and bytes as its seeds


def _flip_title_in_cache(cache: Path) -> int:
    """Change a headline inside each stored prepared seed, keeping each a valid pickle (the
    same number of bytes) and its stored checksum: what bits flipped on disk would do."""
    old, new = "لافروف".encode(), "لافرون".encode()
    with closing(sqlite3.connect(cache / DATABASE)) as db, db:
        rows = db.execute("SELECT key, data FROM prepared").fetchall()
        changed = [(data.replace(old, new), key) for key, data in rows if old in data]
        db.executemany("UPDATE prepared SET data = ? WHERE key = ?", changed)
    return len(changed)


def test_flipped_bits_in_the_seed_cache_are_never_published(tmp_path, cold):
    seeds, reference = cold
    cache = tmp_path / "cache"
    _rebuild(seeds, tmp_path / "first", cache)
    assert _flip_title_in_cache(cache) > 0
    build = _rebuild(seeds, tmp_path / "second", cache)
    assert "damaged entries (checksum mismatch) ignored" in " ".join(build.log.split())
    assert_same_site(reference, tmp_path / "second")


@pytest.mark.parametrize("record", ["[]", "{", ('{"format": 2, "output": "%s", "pages": [], '
                                                 '"bundles": {}}')])
def test_a_page_record_tampered_with_or_cut_short_is_no_record(tmp_path, cold, record):
    seeds, reference = cold
    output, cache = tmp_path / "out", tmp_path / "cache"
    _rebuild(seeds, output, cache)
    path = record_file(cache.resolve(), output.resolve())
    assert path.is_file()
    path.write_text(record.replace("%s", str(output.resolve())))
    _rebuild(seeds, output, cache)
    assert_same_site(reference, output)


def test_a_record_naming_files_outside_the_output_moves_and_deletes_none(tmp_path, cold):
    seeds, reference = cold
    output, cache = tmp_path / "out", tmp_path / "cache"
    victim = tmp_path / "victim" / "index.html"
    victim.parent.mkdir()
    victim.write_text("the user's")
    _rebuild(seeds, output, cache)
    path = record_file(cache.resolve(), output.resolve())
    record = json.loads(path.read_text())
    stat = victim.stat()
    record["pages"]["../victim/index.html"] = ["x", stat.st_size, stat.st_mtime_ns]
    record["pages"]["articles/../../victim/index.html"] = ["x", stat.st_size, stat.st_mtime_ns]
    path.write_text(json.dumps(record))
    _rebuild(seeds, output, cache)
    assert victim.read_text() == "the user's"
    assert_same_site(reference, output)


@pytest.mark.parametrize("damage", ["meta", "fragment", "link", "folder link"])
def test_a_search_bundle_broken_in_place_is_not_kept(tmp_path, cold, damage):
    """A file of it deleted, or replaced by a link to a file elsewhere (which would then be
    published with the site)."""
    seeds, reference = cold
    output, cache = tmp_path / "out", tmp_path / "cache"
    _rebuild(seeds, output, cache)
    bundle = output / "pagefind"
    if damage == "meta":
        next(bundle.glob("*.pf_meta")).unlink()
    elif damage == "fragment":
        next((bundle / "fragment").iterdir()).unlink()
    elif damage == "folder link":
        os.replace(bundle / "fragment", tmp_path / "elsewhere")
        (bundle / "fragment").symlink_to(tmp_path / "elsewhere")
    else:
        fragment = next((bundle / "fragment").iterdir())
        elsewhere = tmp_path / "elsewhere.pf_fragment"
        os.replace(fragment, elsewhere)
        fragment.symlink_to(elsewhere)
    build = _rebuild(seeds, output, cache)
    assert "search index of" in build.log  # the Arabic bundle was indexed again
    assert_same_site(reference, output)
    assert not [path for path in output.rglob("*") if path.is_symlink()]
