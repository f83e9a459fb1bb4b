"""The cache folder: a build uses it only when it is empty, marked, or holds nothing but what a
cache holds, and `invoke clean --cache` deletes only the files a cache names."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from .files import create_new
from .output_folder import remove_entry

CACHE_MARKER = ".akhbar-cache"
# What the cache folder holds (seed_cache, prepare, reuse, template_cache, entity_index), as
# patterns of its top-level names, each with the patterns of what it holds (a folder) or None
# (a file). A folder holding only these, with the seed cache's own files among them, is an
# older version's cache, and is adopted.
CACHE_FILES = {"prepared.sqlite": None, "prepared.sqlite-journal": None, "keys.pickle": None,
               "index.pickle": None, "pruned": None, "*.tmp": None,
               "pages": ("[0-9a-f]" * 24 + ".json", "*.tmp"),
               "templates": ("[0-9a-f]" * 32,),
               "[0-9a-f][0-9a-f]": ("[0-9a-f]" * 64 + ".pickle",)}
CACHE_SIGNS = ("prepared.sqlite", "keys.pickle")


def _cache_pattern(name: str):
    return next((p for p in CACHE_FILES if fnmatch.fnmatchcase(name, p)), None)


def _cache_entries(folder: Path) -> tuple[list[Path], list[str]]:
    """(what of `folder` a cache holds, the names of anything else), without following links."""
    ours, foreign = [], []
    for name in sorted(os.listdir(folder)):
        pattern, path = _cache_pattern(name), folder / name
        inner = CACHE_FILES.get(pattern) if pattern else None
        if pattern is None or path.is_symlink() or (inner is None) == path.is_dir():
            foreign.append(name)
        elif inner is None:
            ours.append(path)
        else:
            for entry in sorted(os.listdir(path)):
                if any(fnmatch.fnmatchcase(entry, p) for p in inner) and not (
                        path / entry).is_symlink():
                    ours.append(path / entry)
                else:
                    foreign.append(f"{name}/{entry}")
    return ours, foreign


def claim_cache(folder: Path) -> list[str]:
    """Make `folder` (made already, and locked) the build's cache folder: empty, marked
    already, or holding only what a cache holds (an older version's, then marked). Return
    what else it holds (then it is not used, and nothing in it is touched)."""
    names = sorted(os.listdir(folder))
    if CACHE_MARKER in names:
        return []
    _ours, foreign = _cache_entries(folder)
    if names and not foreign and not any((folder / sign).is_file()
                                         and not (folder / sign).is_symlink()
                                         for sign in CACHE_SIGNS):
        foreign = names  # the names a cache uses, but not a cache
    if not foreign:
        with open(create_new(folder / CACHE_MARKER), "w", encoding="utf-8") as handle:
            handle.write("The cache of Akhbar builds: see docs/security.md\n")
    return foreign


def clean_cache(folder: Path) -> tuple[list[str], list[str]]:
    """Delete what the cache folder holds of a cache's (and the folder, once empty); return
    (deleted, left). A folder without the marker is left as it is."""
    names = sorted(os.listdir(folder))
    if CACHE_MARKER not in names:
        return [], names
    ours, foreign = _cache_entries(folder)
    foreign.remove(CACHE_MARKER)
    for path in ours:
        remove_entry(path)
    for name in names:  # the cache's folders, once empty
        if _cache_pattern(name) in CACHE_FILES and (folder / name).is_dir():
            try:
                (folder / name).rmdir()
            except OSError:
                pass
    remove_entry(folder / CACHE_MARKER)
    try:
        folder.rmdir()
    except OSError:
        pass
    return [n for n in names if n != CACHE_MARKER and n not in foreign], foreign


