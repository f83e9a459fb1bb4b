"""What the built site weighs, by kind of file and per story, and whether GitHub Pages takes it:
a published site may hold at most 1 GB, and no file over 100 MB. Measured on the output folder
as the build leaves it (report.json itself aside), so kept pages count as written ones."""

from __future__ import annotations

import os
from pathlib import Path

PAGES_LIMIT = 1 << 30  # GitHub Pages: a published site of at most 1 GB
FILE_LIMIT = 100 << 20  # and no file over 100 MB
# Kinds of file, in the order they are listed.
KINDS = ("article pages", "raw sources", "name and topic pages", "lists", "search index",
         "data files", "feeds and sitemap", "theme", "other")


def _kind(parts: tuple[str, ...], folders: dict[str, str], prefixes: set[str],
          source_name: str) -> str:
    """The kind of the file at `parts` (its path under the output, split)."""
    if parts and parts[0] in prefixes and len(parts) > 1:
        parts = parts[1:]   # the English tree's files are of the same kinds
    first = parts[0]
    if first.startswith("pagefind"):
        return "search index"
    if first == folders.get("articles"):
        return "raw sources" if parts[-1] == source_name else "article pages"
    if first in (folders.get("entities"), folders.get("topics")):
        return "name and topic pages"
    if first == folders.get("data") and not parts[-1].endswith(".html"):
        return "data files"
    if first == folders.get("feeds") or parts[-1] in ("sitemap.xml", "robots.txt"):
        return "feeds and sitemap"
    if first == folders.get("theme"):
        return "theme"
    if parts[-1].endswith(".html"):
        return "lists"
    return "other"


def measure(output: Path, settings, stories: int) -> dict:
    """report.json's `size`: bytes and files in all, per story, and per kind of file; the
    largest file; and `warnings`, which say what GitHub Pages would refuse."""
    def first(setting: str) -> str:
        return str(settings.get(setting) or "").strip("/").split("/", 1)[0]

    folders = {"articles": first("AKHBAR_SEED_URL"), "entities": first("AKHBAR_ENTITY_URL"),
               "topics": first("AKHBAR_TOPIC_URL"), "data": first("AKHBAR_DATA_URL"),
               "feeds": first("AKHBAR_FEED_PATH"), "theme": settings.get("THEME_STATIC_DIR")
               or "theme"}
    prefixes = {prefix.strip("/") for prefix in (settings.get("AKHBAR_LANGUAGES") or {}).values()
                if prefix}
    source_name = settings.get("AKHBAR_SEED_SOURCE_NAME") or "source.txt"
    kinds = {kind: {"bytes": 0, "files": 0} for kind in KINDS}
    largest, largest_bytes = None, 0
    root = os.fspath(output)
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        relative = os.path.relpath(folder, root)
        base = () if relative == "." else tuple(relative.split(os.sep))
        for name in files:
            if not base and (name == "report.json" or name.startswith(".")):
                continue   # the report itself, the output folder's marker
            try:
                size = os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
            kind = kinds[_kind((*base, name), folders, prefixes, source_name)]
            kind["bytes"] += size
            kind["files"] += 1
            if size > largest_bytes:
                largest, largest_bytes = "/".join((*base, name)), size
    total = sum(kind["bytes"] for kind in kinds.values())
    files = sum(kind["files"] for kind in kinds.values())
    warnings = []
    if total > PAGES_LIMIT:
        warnings.append(f"the site is {_shown(total)}: GitHub Pages publishes sites of at most"
                        f" {_shown(PAGES_LIMIT)} (AKHBAR_DATA_FILES = False leaves out"
                        f" {_shown(kinds['data files']['bytes'])} of data files)")
    if largest_bytes > FILE_LIMIT:
        warnings.append(f"{largest} is {_shown(largest_bytes)}: GitHub takes no file over"
                        f" {_shown(FILE_LIMIT)}")
    return {
        "bytes": total,
        "files": files,
        "per_story": {"bytes": round(total / stories) if stories else None,
                      "files": round(files / stories, 2) if stories else None},
        "kinds": {kind: values for kind, values in kinds.items() if values["files"]},
        "largest_file": {"path": largest, "bytes": largest_bytes} if largest else None,
        "warnings": warnings,
    }


def _shown(size: float) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024:
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.2f} GB"


def summary_line(size: dict) -> str:
    """One line for the console: the total, per story, and the three largest kinds."""
    total = size["bytes"] or 1
    kinds = sorted(size["kinds"].items(), key=lambda item: -item[1]["bytes"])[:3]
    shares = ", ".join(f"{kind} {100 * values['bytes'] / total:.0f}%" for kind, values in kinds)
    per_story = size["per_story"]
    each = (f" ({_shown(per_story['bytes'])} and {per_story['files']:g} files per story)"
            if per_story["bytes"] is not None else "")
    return (f"Akhbar: the site is {_shown(size['bytes'])} in {size['files']:,} files{each}:"
            f" {shares}")
