"""Which files of the seeds folder are seeds, and reading a file without trusting its name.

Only regular files inside the seeds folder are read. A symbolic link is reported and skipped (a
seed `passwd.txt -> /etc/passwd` would publish the password file) unless AKHBAR_SEED_LINKS
allows links whose target stays inside the folder; a named pipe, device or socket is reported
and never opened (opening a pipe waits forever, /dev/zero never ends). Hidden files and folders,
those matched by IGNORE_FILES and folders that cannot be read are reported too: every entry of
the folder is a seed or a line of the report with its reason. Files are then read by
files.read_regular, without following a link and checked on the open handle, so a file swapped
for a link or a pipe after the folder was listed is refused as well. No Pelican here.
"""

from __future__ import annotations

import fnmatch
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..system.files import escaped_name, inside, kind
from .sidecar import SUFFIXES

SEED_SUFFIX = ".txt"
# What `invoke import` keeps beside each seed it writes: the record as received (importing/).
# It belongs to its seed as a sidecar does: read by no build, and no seed of its own.
RECORD_SUFFIX = ".record.json"
SKIPPED, ERROR = "skipped", "error"
_UNDECODED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Other:
    """An entry of the seeds folder that is not read as a seed, and why."""

    source: str  # relative to the seeds folder, POSIX; a folder ends in "/"
    status: str
    reason: str
    notice: bool = True  # worth a line in the build's log (not for a hidden or non-.txt file)


@dataclass
class SeedFolder:
    """Everything in a seeds folder: the seeds (regular .txt files, any case) and the rest."""

    root: Path
    seeds: list[Path] = field(default_factory=list)
    others: list[Other] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # seed path -> its relative name

    def entries(self):
        """(source, seed path or None, Other or None) for everything, in name order."""
        rows = [(self.sources[os.fspath(p)], p, None) for p in self.seeds]
        rows += [(o.source, None, o) for o in self.others]
        return sorted(rows, key=lambda row: row[0])


def is_seed_name(name: str) -> bool:
    return name.lower().endswith(SEED_SUFFIX) and len(name) > len(SEED_SUFFIX)


def scan(root: Path, ignore=(), links: bool = False) -> SeedFolder:
    """List the seeds folder `root` (an absolute, resolved path). `links`: read the files that
    symbolic links inside `root` point to, when they are inside it too (links to folders are
    not followed: those folders are in `root`, and are read where they are)."""
    found = SeedFolder(root)
    pending = [(os.fspath(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as listing:
                items = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.others.append(Other(prefix or "./", ERROR,
                                      f"folder cannot be read: {exc.strerror or exc}"))
            continue
        names = {item.name for item in items}
        # The seeds a sidecar may belong to, by stem: looked up once per sidecar.
        stems = {name[: -len(SEED_SUFFIX)]: name for name in sorted(names, reverse=True)
                 if is_seed_name(name)}
        folder_names = (names, stems)
        for item in items:
            source = prefix + item.name
            other = _classify(item, source, folder_names, ignore, root, links, pending)
            if other is not None:
                found.others.append(other)
            elif item.is_dir(follow_symlinks=False):
                continue  # queued by _classify
            elif is_seed_name(item.name):
                found.seeds.append(Path(item.path))
                found.sources[item.path] = source
    found.seeds.sort(key=lambda p: found.sources[os.fspath(p)])
    return found


def _classify(item: os.DirEntry, source: str, names, ignore, root, links,
              pending) -> Other | None:
    """None for a seed or a folder to walk (queued); else what the report says of it."""
    name = item.name
    if _UNDECODED.search(source):
        # Bytes that are not UTF-8 (os.fsdecode keeps them as lone surrogates): no page, report
        # or dataset could hold the name as written.
        return Other(escaped_name(source), SKIPPED,
                     "its name is not valid UTF-8: not read (rename it)")
    pattern = next((p for p in ignore if fnmatch.fnmatch(name, p)), None)
    try:
        info = item.stat(follow_symlinks=False)
    except OSError as exc:
        return Other(source, ERROR, f"cannot be read: {exc.strerror or exc}")
    is_folder = stat.S_ISDIR(info.st_mode)
    label = source + "/" if is_folder else source
    if pattern is not None:
        return Other(label, SKIPPED, f"ignored: matches IGNORE_FILES pattern '{pattern}'",
                     notice=False)
    if name.startswith("."):
        what = "folder" if is_folder else "file"
        return Other(label, SKIPPED, f"hidden {what} (its name starts with a dot): not read",
                     notice=False)
    if stat.S_ISLNK(info.st_mode):
        return _link(item, source, names, root, links)
    if is_folder:
        pending.append((item.path, source + "/"))
        return None
    if not stat.S_ISREG(info.st_mode):
        return Other(source, SKIPPED, f"{kind(info.st_mode)}, not a regular file: not opened")
    return _regular_file(name, source, names)


def _regular_file(name: str, source: str, folder_names) -> Other | None:
    """`folder_names`: (the names in the file's folder, {seed stem: seed name})."""
    if is_seed_name(name):
        return None
    names, stems = folder_names
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            seed = stems.get(stem)
            if seed is None:
                return Other(source, SKIPPED, f"a sidecar with no seed: no {stem}{SEED_SUFFIX}"
                             " in its folder")
            if suffix != SUFFIXES[0] and stem + SUFFIXES[0] in names:
                return Other(source, SKIPPED, f"not read: {stem}{SUFFIXES[0]} is the sidecar"
                             f" of {seed}")
            return None  # read with its seed
    if name.endswith(RECORD_SUFFIX) and len(name) > len(RECORD_SUFFIX):
        stem = name[: -len(RECORD_SUFFIX)]
        if stems.get(stem) is None:
            return Other(source, SKIPPED, f"an import's record with no seed: no"
                         f" {stem}{SEED_SUFFIX} in its folder")
        return None  # the provenance of its seed (invoke import)
    return Other(source, SKIPPED, f"not a seed: only {SEED_SUFFIX} files are read",
                 notice=False)


def _link(item: os.DirEntry, source: str, names, root, links):
    """A symbolic link: followed only when allowed and its target is inside the folder."""
    if not links or not inside(item.path, root):
        why = ("a symbolic link: not followed (only regular files in the seeds folder are"
               " read; AKHBAR_SEED_LINKS allows links that stay inside it)" if not links else
               "a symbolic link to somewhere outside the seeds folder: not followed")
        return Other(source, SKIPPED, why)
    try:
        info = os.stat(item.path)
    except OSError as exc:
        return Other(source, SKIPPED, f"a symbolic link that leads nowhere: {exc.strerror}")
    if stat.S_ISDIR(info.st_mode):  # inside the folder: its files are read where they are
        return Other(source + "/", SKIPPED, "a symbolic link to a folder of the seeds folder,"
                     " whose files are read where they are")
    if not stat.S_ISREG(info.st_mode):
        return Other(source, SKIPPED, f"a link to {kind(info.st_mode)}: not opened")
    return _regular_file(item.name, source, names)
