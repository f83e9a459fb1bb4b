"""Shared fixtures: make the plugin importable and build the bundled seeds once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitebuild import ROOT, SEEDS, Build, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))

# Modules whose tests run `invoke build`, `invoke publish` or `invoke clean --cache`: these use
# the repository's own seed cache (pelican.conf.py's AKHBAR_CACHE_PATH), which test_tasks.py
# empties, so under pytest-xdist they run on one worker, one after the other.
REPOSITORY_CACHE = {"test_bad_input.py", "test_hostile_seeds.py", "test_output_folder.py",
                    "test_publishing.py", "test_tasks.py"}


def pytest_collection_modifyitems(config, items):
    """Groups for pytest-xdist's `--dist loadgroup` (`invoke test`): the tests of a module that
    share a module-scoped fixture (a site built once for the module) go to one worker, which
    builds it once; the tests of REPOSITORY_CACHE to one worker together. Other tests go to
    whichever worker is free."""
    for item in items:
        if item.path.name in REPOSITORY_CACHE:
            group = "repository-cache"
        elif any(defs[-1].scope in ("module", "class", "package")
                 for defs in item._fixtureinfo.name2fixturedefs.values()):
            group = item.path.relative_to(ROOT).as_posix()
        else:
            continue
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The bundled seeds built once for the session with the real Pelican CLI."""
    build = run_pelican(SEEDS, tmp_path_factory.mktemp("site") / "output")
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def built_site(site) -> Path:
    """The output folder of `site` (what the browser tests serve)."""
    return site.output


@pytest.fixture
def collector_restored():
    """Python's garbage collector handed back as the test found it: on or off, nothing frozen
    (a test of heap.py may turn it off or freeze objects)."""
    import gc

    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    (gc.enable if enabled else gc.disable)()
