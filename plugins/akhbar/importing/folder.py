"""The seeds folder an import writes into: never one a build deletes, and one import at a time.

A build replaces what its output folder holds, and `invoke clean --cache` empties the cache
folder: seeds written inside either would be lost, so such a folder is refused. Two imports into
one folder would interleave their files (one's seed, the other's sidecar), so an import holds
the folder's lock while it writes (system/locks.py: flock on the folder itself, so no lock file
appears among the seeds for a build to report).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..system.cache_folder import CACHE_MARKER
from ..system.files import shown
from ..system.locks import FolderLock
from ..system.output_folder import MARKER as OUTPUT_MARKER
from .records import NotImportable

_BUILDS = ((OUTPUT_MARKER, "an Akhbar output folder",
            "the next build into it would delete the seeds"),
           (CACHE_MARKER, "an Akhbar cache folder",
            "it is the builds' own, and seeds in it would turn their cache off"))


def check(folder: Path) -> None:
    """NotImportable if `folder` is not a folder, or is or lies in a folder a build deletes
    (one holding the output or cache marker): said before anything is read or written."""
    if os.path.lexists(folder) and not folder.is_dir():
        raise NotImportable(f"{shown(str(folder))}: not a folder (the seeds folder to import"
                            " into)")
    where = folder.resolve()
    for place in (where, *where.parents):
        for marker, what, why in _BUILDS:
            if os.path.lexists(place / marker):
                inside = "is" if place == where else f"lies in {shown(str(place))},"
                raise NotImportable(f"{shown(str(folder))} {inside} {what} ({marker}): {why};"
                                    " import into a folder outside it")


@contextmanager
def locked(folder: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold `folder`'s lock; if another import holds it, call `waiting()` once and wait (as
    builds wait for each other)."""
    lock = FolderLock(folder)
    lock.acquire(waiting=waiting)
    try:
        yield
    finally:
        lock.release()
