"""What a build records of the pages it wrote (in the cache folder, one file per output folder),
and the folder beside the output where the previous build's pages wait while a build runs. A
record is read as untrusted input: only exactly what a build writes counts."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import shutil
from pathlib import Path

RECORD_FORMAT = 2


def record_file(cache_folder: Path, output: Path) -> Path:
    name = hashlib.sha256(str(output).encode()).hexdigest()[:24]
    return cache_folder / "pages" / f"{name}.json"


ASIDE_MARKER = ".akhbar-aside"  # in an aside folder: made by a build, for a build to delete


def aside_folder(output: Path) -> Path:
    """Where the previous output waits while the build runs: beside it, on the same disk."""
    return output.with_name(f".{output.name}.akhbar-previous")


def discard_leftover(aside: Path) -> bool:
    """Delete an aside folder a build did not finish with, if a build made it (its marker);
    False when something else is there, which is left alone."""
    if not os.path.lexists(aside):
        return True
    if aside.is_symlink() or not aside.is_dir() or not (aside / ASIDE_MARKER).is_file():
        return False
    shutil.rmtree(aside, ignore_errors=True)
    return not os.path.lexists(aside)


def leaf_folders(pages: dict) -> set[str]:
    """Folders in which the previous build wrote files but no subfolders."""
    with_files = {posixpath.dirname(path) for path in pages}
    with_subfolders = set()
    for folder in with_files:
        parent = posixpath.dirname(folder)
        while parent not in with_subfolders:
            with_subfolders.add(parent)
            if not parent:
                break
            parent = posixpath.dirname(parent)
    return {folder for folder in with_files if folder and folder not in with_subfolders}


def read_record(record: Path, output: Path) -> dict | None:
    """The previous build's record for `output`, or None: missing, half-written, tampered
    with or for another output, a record that is not exactly what a build writes is none."""
    try:
        previous = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(previous, dict) or previous.get("format") != RECORD_FORMAT
            or previous.get("output") != str(output)):
        return None
    for table in ("pages", "bundles"):
        rows = previous.get(table)
        if not isinstance(rows, dict) or not all(
                _inside(path) and _is_entry(row) for path, row in rows.items()):
            return None
    return previous


def _inside(path) -> bool:
    """A path the record may name: relative, and staying inside the output folder (the record
    says what to move and delete there)."""
    return (isinstance(path, str) and bool(path) and not path.startswith("/")
            and "\0" not in path and posixpath.normpath(path) == path
            and ".." not in path.split("/"))


def _is_entry(row) -> bool:
    """[digest, size, mtime_ns], as a build records each file."""
    return (isinstance(row, list) and len(row) == 3 and isinstance(row[0], str)
            and all(isinstance(n, int) and not isinstance(n, bool) for n in row[1:]))
