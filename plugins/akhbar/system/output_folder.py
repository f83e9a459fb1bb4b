"""The output folder: where a build may write, what it may delete there, one build at a time.

A build replaces what its previous build wrote, so it must know what that was. The folder
carries a marker (`.akhbar-output`) that names the top-level files and folders Akhbar wrote
there; a build deletes only those, and refuses a folder that holds anything else (the user's
own files, seeds copied in by mistake, an older tool's output), and any output folder that is,
holds or lies inside one of the folders it reads (seeds, content, theme, plugins, cache).
The marker is written before anything else, so a build killed half-way leaves a folder the next
build or `invoke clean` recognises: what that build made counts as its own when it is newer
than the marker and has a name a build may give a top-level entry (`expected`, from the
settings), so a file the user put there after the kill is not taken for the build's.

A lock on the folder (flock: the kernel releases it when the process dies) lets one build at a
time write into it. No Pelican here: tasks.py checks the same rules before starting Pelican.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .files import NotReadable, read_regular, shown, write_atomic

MARKER = ".akhbar-output"
FORMAT = 1
_PARTIAL_MARKER = re.compile(re.escape(MARKER) + r"\.[0-9]+")  # one being written (pid)
BUILDING, COMPLETE = "building", "complete"


class OutputRefused(Exception):
    """The output folder is not one a build may write into; the message says why and what to do."""

    exitcode = 2


def resolved(folder) -> Path:
    return Path(os.path.abspath(os.path.expanduser(os.fspath(folder)))).resolve()


def read_folders(settings) -> dict[str, object]:
    """The folders a build reads (label -> path): an output folder must keep clear of them."""
    folders = {"seeds": settings.get("AKHBAR_SEEDS_PATH"), "content": settings.get("PATH"),
               "theme": settings.get("THEME"), "cache": settings.get("AKHBAR_CACHE_PATH")}
    for n, path in enumerate(settings.get("PLUGIN_PATHS") or ()):
        folders["plugins" if n == 0 else f"plugins ({path})"] = path
    return folders


def check_placement(output: Path, folders: dict[str, Path | str | None],
                    role: str = "build into") -> None:
    """Refuse an output folder that is, holds or lies inside one of `folders` (label -> path:
    what the build reads), or that is the file-system root or the home folder. `role`: what
    the folder is for, in the message ("use as the cache folder")."""
    output = resolved(output)
    if output.exists() and not output.is_dir():
        raise OutputRefused(f"Refusing to {role} {output}: it exists and is not a folder.")
    if output == Path(output.anchor) or output == resolved(Path.home()):
        raise OutputRefused(f"Refusing to {role} {output}: choose a dedicated folder.")
    for label, folder in folders.items():
        if not folder:
            continue
        folder = resolved(folder)
        if output == folder:
            how = "is"
        elif folder in output.parents:
            how = "lies inside"
        elif output in folder.parents:
            how = "holds"
        else:
            continue
        raise OutputRefused(
            f"Refusing to {role} {output}: it {how} the {label} folder {folder}, and a build"
            " replaces what is in the folders it writes. Choose a folder of its own.")


# --- what the folder holds, and whose it is ----------------------------------------------------


def read_marker(output: Path) -> dict | None:
    """The marker's content, or None when there is none or it is not one of ours."""
    try:
        data = json.loads(read_regular(output / MARKER, 1 << 20))
    except (NotReadable, ValueError):
        return None
    if (not isinstance(data, dict) or data.get("format") != FORMAT
            or data.get("state") not in (BUILDING, COMPLETE)
            or not _strings(data.get("names"))
            or (data["state"] == BUILDING and not (isinstance(data.get("since_ns"), int)
                                                  and _strings(data.get("expected"))))):
        return None
    return data


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


@dataclass
class Contents:
    """The top-level entries of an output folder: Akhbar's (`ours`) and anything else."""

    ours: list[str]
    foreign: list[str]
    marked: bool
    taken_over: list[str] = field(default_factory=list)  # of `ours`: a killed build's


def contents(output: Path, retention=()) -> Contents:
    """Whose each top-level entry of `output` is. Ours: those the marker names, the marker
    itself, and, after a build that did not finish, what was made after it started."""
    try:
        names = sorted(os.listdir(output))
    except FileNotFoundError:
        return Contents([], [], False)
    marker = read_marker(output)
    known = set(marker["names"]) if marker else set()
    ours, foreign, taken_over = [], [], []
    for name in names:
        if name in retention:
            continue
        if name == MARKER or (marker is not None and _is_partial_marker(output, name)):
            continue  # the marker, and one a killed build was writing
        if name in known:
            ours.append(name)
        elif marker is not None and marker["state"] == BUILDING and any(
                fnmatch.fnmatchcase(name, pattern) for pattern in marker["expected"]
        ) and _newer(output / name, marker["since_ns"]):
            ours.append(name)
            taken_over.append(name)
        else:
            foreign.append(name)
    return Contents(ours, foreign, marker is not None, taken_over)


def _is_partial_marker(output: Path, name: str) -> bool:
    """A marker a build was writing when it was killed (`.akhbar-output.<pid>`, a file)."""
    return bool(_PARTIAL_MARKER.fullmatch(name)) and (output / name).is_file() and not (
        output / name).is_symlink()


def _newer(path: Path, since_ns: int) -> bool:
    try:
        return os.lstat(path).st_mtime_ns >= since_ns
    except OSError:
        return False


def listed(names: list[str], most: int = 5) -> str:
    """A few names for a message, shown safely (files.shown)."""
    return shown(", ".join(names[:most]) + (", ..." if len(names) > most else ""))


def _refusal(output: Path, found: Contents) -> OutputRefused:
    names = listed(found.foreign)
    if not found.marked:
        why = (f"it holds files ({names}) and no {MARKER} marker of an Akhbar build, and a"
               " build replaces what is in its output folder. Choose a new or empty folder")
        if "report.json" in found.foreign:
            why += (" (the output of an Akhbar version older than the marker: delete it once"
                    " yourself, and builds take care of it from then on)")
    else:
        why = (f"it holds {names}, which no Akhbar build wrote there. Move them elsewhere (or"
               " name them in OUTPUT_RETENTION to keep them in the site)")
    return OutputRefused(f"Refusing to build into {output}: {why}.")


def check_ownership(output: Path, retention=()) -> Contents:
    """What of `output` is Akhbar's; refuse a folder that holds anything else."""
    found = contents(output, retention)
    if found.foreign:
        raise _refusal(output, found)
    return found


def _write_marker(output: Path, state: str, names, expected=()) -> None:
    """The marker: a finished build's is the same bytes for the same site (no time in it); a
    build's under way holds when it started, on the file system's clock, and the names it may
    make."""
    def marker(status: os.stat_result) -> bytes:
        data = {"akhbar": "the output of an Akhbar build: see docs/security.md",
                "format": FORMAT, "state": state, "names": sorted(names)}
        if state == BUILDING:  # what is made from now on is newer
            data["since_ns"] = status.st_mtime_ns
            data["expected"] = sorted(set(expected))
        return (json.dumps(data, indent=1) + "\n").encode("utf-8")
    write_atomic(output / MARKER, marker, partial=output / f"{MARKER}.{os.getpid()}")


def claim(output: Path, retention=(), expected=()) -> Contents:
    """Make `output` this build's before anything is written there: refuse a folder that holds
    anything but an earlier build's output, then mark it as being built. `expected`: patterns
    of the top-level names the build may make (see expected_names)."""
    written = sorted(name for name in retention
                     if any(fnmatch.fnmatchcase(name, pattern) for pattern in expected))
    if written:
        raise OutputRefused(
            f"Refusing to build into {output}: OUTPUT_RETENTION keeps {listed(written)}, a name"
            " the build writes its own pages or files under, so the build would write into what"
            " it is told to keep. Rename or move it (or, for data/, set AKHBAR_DATA_URL).")
    output.mkdir(parents=True, exist_ok=True)
    found = check_ownership(output, retention)
    _write_marker(output, BUILDING, found.ours, [*found.ours, *expected])
    return found


# The addresses of the pages the site writer writes (each tree's pages are at these paths).
WRITTEN_URLS = ("AKHBAR_SEED_URL", "AKHBAR_ENTITY_URL", "AKHBAR_TOPIC_URL", "AKHBAR_ENTITIES_URL",
                "AKHBAR_SEARCH_URL", "AKHBAR_DATA_URL", "AKHBAR_FEED_PATH",
                "AKHBAR_TOPIC_FEED_PATH", "ARCHIVES_URL", "YEAR_ARCHIVE_URL", "MONTH_ARCHIVE_URL",
                "AKHBAR_UNDATED_URL", "CATEGORIES_URL", "CATEGORY_URL", "TAGS_URL")


def expected_names(settings) -> list[str]:
    """Patterns of the top-level names a build with these settings may write: the first part
    of each address the site writer writes and of each path Pelican writes to (*_SAVE_AS),
    the language trees, the theme's and the static files' folders, and the files every build
    writes."""
    names = {"index.html", "404.html", "robots.txt", "sitemap.xml", "report.json",
             ".report.json.*", "pagefind", "pagefind-*", "page",
             settings.get("THEME_STATIC_DIR") or "theme"}
    values = [settings.get(key) for key in WRITTEN_URLS]
    values += [value for key, value in settings.items() if key.endswith("_SAVE_AS")]
    values += [meta.get("save_as") or meta.get("path")  # static files put elsewhere (CNAME)
               for meta in (settings.get("EXTRA_PATH_METADATA") or {}).values()
               if isinstance(meta, dict)]
    values = [value for value in values if isinstance(value, str) and value]
    values += list((settings.get("AKHBAR_LANGUAGES") or {}).values())
    values += [str(path) for path in settings.get("STATIC_PATHS") or ()]
    for value in values:
        first = value.strip("/").split("/", 1)[0]
        if first and "{" not in first and not os.path.isabs(value):
            names.add(first)
    return sorted(names)


def complete(output: Path, retention=()) -> list[str]:
    """Record what the finished build left at the top of `output`: what it claimed, and what
    has appeared since with a name a build gives (the marker's `expected`). Return the other
    new names: put there by someone else while the build ran, they are not the build's."""
    marker = read_marker(output)
    expected = marker.get("expected", []) if marker else []  # what it claimed included
    names, strangers = [], []
    for name in sorted(os.listdir(output)):
        if name in retention or name == MARKER or _is_partial_marker(output, name):
            continue
        if any(fnmatch.fnmatchcase(name, pattern) for pattern in expected):
            names.append(name)
        else:
            strangers.append(name)
    _write_marker(output, COMPLETE, names)
    return strangers


def _named(_function, path, exc_info):
    """shutil.rmtree's error, with the full path of what could not be deleted."""
    error = exc_info[1]
    if isinstance(error, OSError):
        raise OSError(error.errno, error.strerror, path) from None
    raise error


def remove_entry(path: Path) -> None:
    """Delete a file, a link (not what it points to) or a whole folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, onerror=_named)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


def clean(output: Path, retention=()) -> tuple[list[str], list[str]]:
    """Delete what Akhbar wrote in `output` (and the folder, once empty); return (deleted,
    left): anything else is left where it is."""
    found = contents(output, retention)
    if not found.marked:
        return [], found.foreign
    for name in found.ours:
        remove_entry(output / name)
    for name in os.listdir(output):
        if name == MARKER or _is_partial_marker(output, name):
            remove_entry(output / name)
    try:
        output.rmdir()
    except OSError:
        pass
    return found.ours, found.foreign
