"""Compiled templates kept between builds (template_cache.py): never stale, never fatal."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from pelican.settings import read_settings

from akhbar.incremental.template_cache import (
    FOLDER,
    MARKER,
    bytecode_cache,
    shared_bytecode_cache,
)
from sitebuild import ROOT

# Jinja folds a filter applied to a literal into a constant at compile time: the compiled
# template holds the filter's result, whatever the filter reads.
TEMPLATE = "{{ 1234 | digits }} {{ 'x' | upper }}"


@pytest.fixture
def settings(tmp_path):
    return read_settings(str(ROOT / "pelican.conf.py"),
                         override={"AKHBAR_CACHE_PATH": str(tmp_path / "cache")})


def cache_of(settings):
    folder = settings["AKHBAR_CACHE_PATH"]
    return bytecode_cache(settings, Path(folder) if folder else None)


def render(settings, cache=None) -> str:
    """Render TEMPLATE with a filter that reads a setting, through the cache made for
    `settings` (as each build's environment is)."""
    env = Environment(loader=DictLoader({"page.html": TEMPLATE}),
                      bytecode_cache=cache or cache_of(settings))
    arabic = settings["AKHBAR_DIGITS"].get("ar") == "arab"

    def digits(number) -> str:
        return "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in str(number)) if arabic else str(number)
    env.filters["digits"] = digits
    return env.get_template("page.html").render()


def test_templates_compiled_under_other_settings_are_not_used(settings):
    settings["AKHBAR_DIGITS"] = {"ar": "latn", "en": "latn"}
    assert render(settings) == "1234 X"
    compiled = Path(settings["AKHBAR_CACHE_PATH"]) / FOLDER
    first = sorted(p.name for p in compiled.iterdir())
    assert len(first) == 1
    assert render(settings) == "1234 X"  # from the cache, as compiled
    settings["AKHBAR_DIGITS"] = {"ar": "arab", "en": "latn"}
    assert render(settings) == "١٢٣٤ X"
    now = sorted(p.name for p in compiled.iterdir())
    assert len(now) == 1 and now != first  # the old folder is removed


def test_a_cache_that_cannot_be_read_or_written_never_fails_a_build(settings):
    settings["AKHBAR_DIGITS"] = {"ar": "latn", "en": "latn"}
    cache = cache_of(settings)
    shutil.rmtree(cache.directory)  # e.g. removed by another build sharing the cache
    assert render(settings, cache) == "1234 X"
    cache = cache_of(settings)
    assert render(settings, cache) == "1234 X"
    for entry in Path(cache.directory).iterdir():
        entry.write_bytes(b"j2\x80damaged")
    assert render(settings, cache) == "1234 X"


def test_no_cache_without_a_cache_folder(settings):
    settings["AKHBAR_CACHE_PATH"] = ""
    assert cache_of(settings) is None


# --- a folder of their own (AKHBAR_TEMPLATE_CACHE_PATH), shared by builds --------------------


def test_builds_into_other_folders_share_compiled_templates_and_other_settings_do_not(
        settings, tmp_path):
    shared = tmp_path / "templates"
    settings["AKHBAR_DIGITS"] = {"ar": "latn", "en": "latn"}
    first = shared_bytecode_cache(settings, shared, keep_days=30)
    assert render(settings, first) == "1234 X"
    moved = {**settings, "OUTPUT_PATH": str(tmp_path / "elsewhere"),
             "AKHBAR_SEEDS_PATH": str(tmp_path / "other-seeds"), "AKHBAR_CACHE_PATH": ""}
    assert shared_bytecode_cache(moved, shared, keep_days=30).directory == first.directory
    arabic = {**settings, "AKHBAR_DIGITS": {"ar": "arab", "en": "latn"}}
    other = shared_bytecode_cache(arabic, shared, keep_days=30)
    assert other.directory != first.directory
    assert render(arabic, other) == "١٢٣٤ X"
    assert render(settings, first) == "1234 X"  # both kept: builds of two sites at once
    assert sorted(p.name for p in shared.iterdir()) == sorted(
        [MARKER, Path(first.directory).name, Path(other.directory).name])


def test_compiled_templates_no_build_used_for_the_keep_days_are_deleted(settings, tmp_path):
    shared = tmp_path / "templates"
    cache = shared_bytecode_cache(settings, shared, keep_days=30)
    stale = shared / ("0" * 32)
    stale.mkdir()
    kept = shared / ("1" * 32)
    kept.mkdir()
    other = shared / "notes"  # not a name this cache gives: never deleted
    other.mkdir()
    old = time.time() - 31 * 86400
    for folder in (stale, other):
        os.utime(folder, (old, old))
    shared_bytecode_cache(settings, shared, keep_days=30)
    assert not stale.exists() and kept.is_dir() and other.is_dir()
    assert Path(cache.directory).is_dir()


def test_a_folder_holding_other_files_is_not_used_and_not_touched(settings, tmp_path, caplog):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.txt").write_text("mine")
    stale = folder / ("0" * 32)
    stale.mkdir()
    os.utime(stale, (0, 0))
    assert shared_bytecode_cache(settings, folder, keep_days=30) is None
    assert "not used" in caplog.text and "thesis.txt" in caplog.text
    assert sorted(p.name for p in folder.iterdir()) == ["0" * 32, "thesis.txt"]
