"""Builds one after the other in one process, as `pelican --autoreload` makes them: what a build
keeps out of the garbage collector's sight (heap.py) is handed back when the next one starts, so
a process that rebuilds for hours holds one build's garbage, not one more with every rebuild."""

from __future__ import annotations

import json
import subprocess
import sys

from sitebuild import ROOT, SEEDS, assert_same_site, copied_seeds, run_pelican

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


# Two different sites, one after the other in one process; argv: seeds A, output A, seeds B,
# output B, cache folder.
TWO_SITES = """
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
seeds_a, out_a, seeds_b, out_b, cache = sys.argv[1:6]
other = json.loads(sys.argv[6])
for seeds, out, extra in ((seeds_a, out_a, {}), (seeds_b, out_b, other)):
    settings = read_settings("pelican.conf.py", override={
        "AKHBAR_SEEDS_PATH": seeds, "OUTPUT_PATH": out,
        "AKHBAR_CACHE_PATH": cache + "/" + out.rsplit("/", 1)[-1], **extra})
    Pelican(settings).run()
"""


def test_two_sites_built_in_one_process_are_each_what_it_is_built_alone(tmp_path):
    """Nothing of one build is left for the next: each site's bytes are those of a build of
    it alone, in a fresh process (each with a seed cache of its own)."""
    other_seeds = copied_seeds(tmp_path / "other-seeds", 2)
    other = {"AKHBAR_DIGITS": {"ar": "arab", "en": "latn"}, "AKHBAR_HIJRI": True,
             "AKHBAR_LOG_WARNINGS": 0, "AKHBAR_SITENAMES": {"ar": "أرشيف آخر", "en": "Another"}}
    together = tmp_path / "together"
    done = subprocess.run(
        [sys.executable, "-c", TWO_SITES, str(SEEDS), str(together / "a"), str(other_seeds),
         str(together / "b"), str(tmp_path / "cache"), json.dumps(other)],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    alone_a = run_pelican(SEEDS, tmp_path / "alone" / "a")
    alone_b = run_pelican(other_seeds, tmp_path / "alone" / "b", **other)
    assert alone_a.returncode == 0 and alone_b.returncode == 0, alone_a.log + alone_b.log
    assert "١٤" in (together / "b" / "index.html").read_text(encoding="utf-8")  # B's digits
    assert_same_site(alone_a.output, together / "a")
    assert_same_site(alone_b.output, together / "b")
