"""The output folder: where a build may write, what it may delete there, one build at a time.

A build replaces what its previous build wrote, so it must know what that was. The folder
carries a marker (`.akhbar-output`) that names the top-level files and folders Akhbar wrote
there; a build deletes only those, and refuses a folder that holds anything else (the user's
own files, seeds copied in by mistake, an older tool's output), and any output folder that is,
holds or lies inside one of the folders it reads (seeds, content, theme, plugins, cache).
The marker is written before anything else, so a build killed half-way leaves a folder the next
build or `invoke clean` recognises; what that build made (newer than the marker) counts as its.

A lock on the folder (flock: the kernel releases it when the process dies) lets one build at a
time write into it. No Pelican here: tasks.py checks the same rules before starting Pelican.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

MARKER = ".akhbar-output"
FORMAT = 1
BUILDING, COMPLETE = "building", "complete"


class OutputRefused(Exception):
    """The output folder is not one a build may write into; the message says why and what to do."""

    exitcode = 2


def resolved(folder) -> Path:
    return Path(os.path.abspath(os.path.expanduser(os.fspath(folder)))).resolve()


def check_placement(output: Path, folders: dict[str, Path | str | None]) -> None:
    """Refuse an output folder that is, holds or lies inside one of `folders` (label -> path:
    what the build reads), or that is the file-system root or the home folder."""
    output = resolved(output)
    if output.exists() and not output.is_dir():
        raise OutputRefused(f"Output {output} exists and is not a folder.")
    if output == Path(output.anchor) or output == resolved(Path.home()):
        raise OutputRefused(f"Refusing to build into {output}: choose a dedicated output folder.")
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
            f"Refusing to build into {output}: it {how} the {label} folder {folder}, and a build"
            " replaces what is in its output folder. Choose an output folder of its own.")


# --- what the folder holds, and whose it is ----------------------------------------------------


def read_marker(output: Path) -> dict | None:
    """The marker's content, or None when there is none or it is not one of ours."""
    try:
        with open(output / MARKER, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = json.loads(handle.read(1 << 20))
    except (OSError, ValueError):
        return None
    if (not isinstance(data, dict) or data.get("format") != FORMAT
            or data.get("state") not in (BUILDING, COMPLETE)
            or not isinstance(data.get("names"), list)
            or not all(isinstance(name, str) for name in data["names"])
            or data["state"] == BUILDING and not isinstance(data.get("since_ns"), int)):
        return None
    return data


@dataclass
class Contents:
    """The top-level entries of an output folder: Akhbar's (`ours`) and anything else."""

    ours: list[str]
    foreign: list[str]
    marked: bool


def contents(output: Path, retention=()) -> Contents:
    """Whose each top-level entry of `output` is. Ours: those the marker names, the marker
    itself, and, after a build that did not finish, what was made after it started."""
    try:
        names = sorted(os.listdir(output))
    except FileNotFoundError:
        return Contents([], [], False)
    marker = read_marker(output)
    known = set(marker["names"]) if marker else set()
    ours, foreign = [], []
    for name in names:
        if name in retention:
            continue
        if name == MARKER or name.startswith(MARKER + ".") and marker is not None:
            continue  # the marker, and one a killed build was writing
        if name in known or marker is not None and marker["state"] == BUILDING and _newer(
                output / name, marker["since_ns"]):
            ours.append(name)
        else:
            foreign.append(name)
    return Contents(ours, foreign, marker is not None)


def _newer(path: Path, since_ns: int) -> bool:
    try:
        return os.lstat(path).st_mtime_ns >= since_ns
    except OSError:
        return False


def _refusal(output: Path, found: Contents) -> OutputRefused:
    shown = ", ".join(found.foreign[:5]) + (", ..." if len(found.foreign) > 5 else "")
    if not found.marked:
        why = (f"it holds files ({shown}) and no {MARKER} marker of an Akhbar build, and a"
               " build replaces what is in its output folder. Choose a new or empty folder")
        if "report.json" in found.foreign:
            why += (" (the output of an Akhbar version older than the marker: delete it once"
                    " yourself, and builds take care of it from then on)")
    else:
        why = (f"it holds {shown}, which no Akhbar build wrote there. Move them elsewhere (or"
               " name them in OUTPUT_RETENTION to keep them in the site)")
    return OutputRefused(f"Refusing to build into {output}: {why}.")


def check_ownership(output: Path, retention=()) -> Contents:
    """What of `output` is Akhbar's; refuse a folder that holds anything else."""
    found = contents(output, retention)
    if found.foreign:
        raise _refusal(output, found)
    return found


def _write_marker(output: Path, state: str, names) -> None:
    """The marker: a finished build's is the same bytes for the same site (no time in it); a
    build's under way holds when it started, on the file system's clock."""
    partial = output / f"{MARKER}.{os.getpid()}"
    with open(partial, "w", encoding="utf-8") as handle:
        data = {"akhbar": "the output of an Akhbar build: see docs/security.md",
                "format": FORMAT, "state": state, "names": sorted(names)}
        if state == BUILDING:  # what is made from now on is newer
            data["since_ns"] = os.fstat(handle.fileno()).st_mtime_ns
        json.dump(data, handle, indent=1)
        handle.write("\n")
    os.replace(partial, output / MARKER)


def claim(output: Path, retention=()) -> Contents:
    """Make `output` this build's before anything is written there: refuse a folder that holds
    anything but an earlier build's output, then mark it as being built."""
    output.mkdir(parents=True, exist_ok=True)
    found = check_ownership(output, retention)
    _write_marker(output, BUILDING, found.ours)
    return found


def complete(output: Path, retention=()) -> None:
    """Record what the finished build left at the top of `output` (all of it is its)."""
    names = [name for name in os.listdir(output)
             if name not in retention and name != MARKER and not name.startswith(MARKER + ".")]
    _write_marker(output, COMPLETE, names)


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
        if name == MARKER or name.startswith(MARKER + "."):
            remove_entry(output / name)
    try:
        output.rmdir()
    except OSError:
        pass
    return found.ours, found.foreign


# --- one build at a time -----------------------------------------------------------------------


class FolderLock:
    """An exclusive lock on a folder, held until `release` or the process's end (flock on the
    folder itself: nothing is written for it, and the kernel frees it with the process)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None

    def acquire(self, waiting=None) -> None:
        """Take the lock; if another process holds it, call `waiting()` once and wait."""
        fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                if waiting is not None:
                    waiting()
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor frees the lock
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None
