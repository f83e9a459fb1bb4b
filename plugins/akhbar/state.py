"""What the plugin learns about the seeds during the current build.

Pelican's readers return only (content, metadata) and drop skipped files without a trace, so the
reader records every `SeedResult` here and the report reads it back. `reset()` runs when a build
starts, so several builds in one process (tests, autoreload) never mix.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

from pelican.log import console

from .incremental.fingerprint import KnownTexts
from .reading.seed import SeedResult
from .system.files import shown

logger = logging.getLogger(__name__)
_results: dict[str, SeedResult] = {}  # by source_key
_source_keys: dict = {}  # path, as spelled -> source_key(path), for this build
started: float = 0.0
seeds_path: Path = Path("seeds")
folder = None  # seed_files.SeedFolder: every entry of the seeds folder
output = None  # the output folder (resolved)
cache_folder = None  # the cache folder (resolved), None when the cache is off for this build
locks: list = []  # output_folder.FolderLock: the output and cache folders, held by this build
duplicates: dict[str, Path] = {}  # seed (source_key) -> the seed that owns its id
articles: dict[str, object] = {}  # seed (source_key) -> its Pelican article
index = None  # entity_index.ArchiveIndex of the build
cache = None  # prepare.SeedCache of the build
prepared: dict = {}  # seed (source_key) -> prepare.Prepared, taken by the reader
search = None  # search_index.SearchQueue: Pagefind runs, queued as the trees are written
reuse = None  # reuse.PageReuse: the previous build's pages, set aside before Pelican writes
templates = None  # template_cache: Jinja's compiled templates, kept between builds
known_texts = KnownTexts()  # the seeds' bodies and search keys, with their digests
progress_total = 0
_progress_done = 0
warnings_shown = 50  # AKHBAR_LOG_WARNINGS: seed warnings printed one by one
warnings_hidden = 0
# Below this many seeds a build is quick enough not to need progress lines.
PROGRESS_MIN = 200


def reset() -> None:
    global duplicates, folder, articles, index, progress_total, _progress_done, search
    global prepared, cache, reuse, templates, warnings_hidden, output, cache_folder
    release_locks()
    _real_folder.cache_clear()
    _source_keys.clear()
    known_texts.clear()
    cache = reuse = templates = None
    warnings_hidden = 0
    _results.clear()
    duplicates, folder, articles, index, search, prepared = {}, None, {}, None, None, {}
    output = cache_folder = None
    progress_total = _progress_done = 0


def release_locks() -> None:
    """Let the next build in: at the end of a build, or when another starts in this process
    after one that failed."""
    while locks:
        locks.pop().release()


@functools.lru_cache(maxsize=None)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


def source_key(path) -> str:
    """The key under which a seed is known to every part of a build, however Pelican or the
    plugin spelled its path. Only the folder is resolved, once per build rather than once per
    seed and per lookup (a system call per path part: seconds at 10,000 seeds); and each
    spelling is worked out once (a build asks six times per seed)."""
    try:
        return _source_keys[path]
    except KeyError:
        folder, name = os.path.split(os.path.abspath(path))
        key = _source_keys[path] = os.path.join(_real_folder(folder), name)
        return key


def record(result: SeedResult) -> None:
    _results[source_key(result.path)] = result


def results() -> dict[str, SeedResult]:
    return dict(_results)


def say(text: str) -> None:
    """A line on the console, as written: text in it that looks like Rich markup ("[/x]" in an
    output folder's name) is shown, not interpreted (or failed on)."""
    console.print(text, markup=False)


def warn_seed(name: str, warning: str) -> None:
    """Print a published seed's warning, up to `warnings_shown` of them: each costs the
    console a few milliseconds, and a large folder can have thousands (all are in report.json,
    and the summary line counts them)."""
    global warnings_hidden, warnings_shown
    if warnings_shown > 0:
        warnings_shown -= 1
        logger.warning("Seed %s: %s", name, shown(warning))
    else:
        warnings_hidden += 1


def tick() -> None:
    """Count one seed read outside the preparation (see progress)."""
    progress(_progress_done + 1, 0)


def progress(done: int, from_cache: int) -> None:
    """`done` seeds read so far; print a progress line every tenth of a large folder."""
    global _progress_done
    previous, _progress_done = _progress_done, done
    if progress_total >= PROGRESS_MIN and done > previous:
        step = max(progress_total // 10, 1)
        if done // step > previous // step or done == progress_total:
            cached = f" ({from_cache:,} from the cache)" if from_cache else ""
            say(f"Akhbar: read {done:,}/{progress_total:,} seeds{cached}")
