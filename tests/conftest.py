"""Shared fixtures: make the plugin importable and build the bundled seeds once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitebuild import ROOT, SEEDS, Build, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))


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
