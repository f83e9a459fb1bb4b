"""Compiled templates kept between builds (template_cache.py): never stale, never fatal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from pelican.settings import read_settings

from akhbar.incremental.template_cache import FOLDER, bytecode_cache
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
