"""Shared fixtures: make the plugin importable and build the bundled seeds once per session."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitebuild import ROOT, SEEDS, TEMPLATE_CACHE, Build, run_pelican

sys.path.insert(0, str(ROOT / "plugins"))

# Tests that run `invoke build`, `invoke publish` or `invoke clean --cache` use the repository's
# own seed cache (pelican.conf.py's AKHBAR_CACHE_PATH), which test_tasks.py empties: under
# pytest-xdist they run on one worker, one after the other. They are the tests of these modules,
# and those marked `repository_cache` elsewhere.
REPOSITORY_CACHE = {"test_bad_input.py", "test_hostile_seeds.py", "test_publishing.py",
                    "test_tasks.py"}
# Session fixtures each pytest-xdist worker would start again: Chromium (browser tests), Chromium
# with axe-core (accessibility), the Nu Html Checker's run over the whole site (Java).
STARTED_ONCE = ("browser", "axe_auditor", "vnu_report")


def _shared(item) -> tuple[int, str] | None:
    """(rank, xdist group) of what a test shares with others: one of STARTED_ONCE, or a
    module-scoped fixture (a site built once for the module). None: nothing."""
    fixtures = item._fixtureinfo.name2fixturedefs
    if started := [name for name in STARTED_ONCE if name in fixtures]:
        return 1, started[0]
    if any(defs[-1].scope in ("module", "class", "package") for defs in fixtures.values()):
        return 2, item.path.relative_to(ROOT).as_posix()
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own, which reads the groups
def pytest_collection_modifyitems(config, items):
    """Groups for pytest-xdist's `--dist loadgroup` (`invoke test`), so that what is expensive is
    built or started once: the tests that use the repository's cache run on one worker; so do
    the tests that use one of STARTED_ONCE, and a module's tests when they share a module-scoped
    fixture (the module then goes where its first-ranked test goes). Other tests go to whichever
    worker is free. A fixture a worker may build for itself is session-scoped."""
    if not config.getoption("loadgroup", False):  # not a pytest-xdist worker of `invoke test`
        return
    modules: dict = {}
    for item in items:
        modules[item.path] = min(filter(None, (modules.get(item.path), _shared(item))),
                                 default=None)
    for item in items:
        if item.path.name in REPOSITORY_CACHE or item.get_closest_marker("repository_cache"):
            item.add_marker(pytest.mark.xdist_group("repository-cache"))
        elif modules[item.path]:
            item.add_marker(pytest.mark.xdist_group(modules[item.path][1]))


class GroupsTaken:
    """Stops the run when pytest-xdist did not take the groups: it marks each grouped test's id
    with its group, which pytest 9.2 no longer lets it do (pytest-xdist issue 1386), and the
    tests would then run where they should not (requirements-dev.txt keeps pytest below 9.2)."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids):
        """The tests of REPOSITORY_CACHE are always grouped: their ids must carry the group."""
        lost = [i for i in ids if "@" not in i and i.split("::")[0].rsplit("/")[-1]
                in REPOSITORY_CACHE]
        if lost and node.config.getoption("dist") == "loadgroup":
            pytest.exit(f"pytest-xdist ignored the test groups ({lost[0]} ...) with pytest"
                        f" {pytest.__version__}: pip install -r requirements-dev.txt", returncode=4)


def pytest_configure(config):
    config.pluginmanager.register(GroupsTaken(), "akhbar-groups-taken")
    if not os.environ.get(TEMPLATE_CACHE):  # the main process: its workers inherit the folder
        config._akhbar_templates = tempfile.mkdtemp(prefix="akhbar-test-templates-")
        os.environ[TEMPLATE_CACHE] = config._akhbar_templates


def pytest_unconfigure(config):
    folder = getattr(config, "_akhbar_templates", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(TEMPLATE_CACHE, None)


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
