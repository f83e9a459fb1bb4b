"""Deleting from a folder moved back whole what this build did not produce and an earlier one did:
never a file made during this build (by Pelican or another plugin), never through a link."""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path

logger = logging.getLogger(__name__)


def sweep_tree(output: Path, top: str, pages: dict, in_use: set[str], since_ns: int) -> None:
    """Delete from `top` (under `output`) and its subfolders the files not in `pages` that are
    older than `since_ns`; then the folders left empty that hold none of this build's files
    (`in_use`). The caller has checked that `top` holds no link."""
    folders, unused = [top], []
    while folders:
        folder = folders.pop()
        if folder not in in_use:
            unused.append(folder)
        try:
            with os.scandir(os.path.join(output, folder)) as entries:
                for entry in entries:
                    name = posixpath.join(folder, entry.name)
                    if entry.is_dir(follow_symlinks=False):
                        folders.append(name)
                    elif name not in pages and _older(entry, since_ns):
                        os.remove(entry.path)
        except OSError as exc:
            logger.warning("Akhbar: %s not checked for stray files: %s", folder, exc)
    for folder in reversed(unused):  # a subfolder before its folder
        try:
            os.rmdir(os.path.join(output, folder))
        except OSError:  # not empty: what another writer made there during this build
            pass


def _older(entry: os.DirEntry, since_ns: int) -> bool:
    """Whether a file is older than this build: one another writer (Pelican itself, a plugin)
    made in a swept folder during the build is not this writer's to delete."""
    try:
        return entry.stat(follow_symlinks=False).st_mtime_ns < since_ns
    except OSError:
        return False
