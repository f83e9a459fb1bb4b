"""Builds one after the other in one process, as `pelican --autoreload` makes them: what a build
keeps out of the garbage collector's sight (heap.py) is handed back when the next one starts, so
a process that rebuilds for hours holds one build's garbage, not one more with every rebuild."""

from __future__ import annotations

import subprocess
import sys

from sitebuild import ROOT, SEEDS

# N builds of the bundled seeds in one process; then how much garbage was still held (frozen).
BUILDS = """
import gc, sys
from pelican import Pelican
from pelican.settings import read_settings
for n in range(int(sys.argv[3])):
    settings = read_settings("pelican.conf.py", override={
        "AKHBAR_SEEDS_PATH": sys.argv[1], "OUTPUT_PATH": sys.argv[2], "AKHBAR_CACHE_PATH": ""})
    Pelican(settings).run()
    frozen = gc.get_freeze_count()
gc.unfreeze()
print(frozen, gc.collect())
"""


def _held(tmp_path, builds: int) -> tuple[int, int]:
    """(objects frozen after the last build, garbage among all the objects held then)."""
    done = subprocess.run([sys.executable, "-c", BUILDS, str(SEEDS), str(tmp_path / "output"),
                           str(builds)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    frozen, garbage = done.stdout.strip().splitlines()[-1].split()
    return int(frozen), int(garbage)


def test_rebuilding_in_one_process_holds_no_more_garbage_than_one_build(tmp_path):
    frozen, once = _held(tmp_path, 1)
    assert frozen > 0, "a build keeps the objects it read out of the collector's walks"
    _frozen, thrice = _held(tmp_path, 3)
    # Frozen objects are never collected: without the thaw as each build starts, every
    # build's cycles would still be held after the third (about three times as many).
    assert thrice <= once * 1.5, (once, thrice)
