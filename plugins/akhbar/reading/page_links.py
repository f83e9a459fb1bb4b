"""Relative links between site pages (an article to each entity it names), made fast: the same
few hundred entity folders are made relative once per article, not once per link."""

from __future__ import annotations

import posixpath
from functools import lru_cache


@lru_cache(maxsize=4096)
def _parts(target: str) -> tuple[str, str]:
    """An entity page's URL -> (its folder, its name): the same few hundred for every article."""
    return posixpath.split(target.rstrip("/"))


def relative_to(page: str):
    """`posixpath.relpath(target, page)` for many targets: the folder part of each target
    (the same for every entity) is made relative once."""
    folders: dict[str, str] = {}

    def relative(target: str) -> str:
        folder, name = _parts(target)
        rel = folders.get(folder)
        if rel is None:
            rel = folders[folder] = relpath(folder, page)
        return name if rel == "." else f"{rel}/{name}"

    return relative


def relpath(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` for two site URLs, without the calls to os.getcwd()
    it makes for relative paths (two system calls an article)."""
    parts = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    if ".." in parts or ".." in base or path.startswith("/") != start.startswith("/"):
        return posixpath.relpath(path or ".", start)
    common = 0
    while common < len(parts) and common < len(base) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."
