"""Keeping the previous build's unchanged pages and search bundles instead of rendering them again.

When a build starts, the previous output is moved aside, next to the output folder (renames
only, nothing is copied; page_record.py). As the site is written, each page whose digest
(fingerprint.py) equals the one recorded for it by the previous build, and whose file is still
the one that build wrote (same size and modification time), is moved back instead of rendered;
a search bundle is moved back when every page it indexes is unchanged. The folders that hold one
page per story or per name (articles/, entities/, topics/ in each tree) are moved back whole
before writing starts, one rename each instead of one per page; a page in them is then kept
where it is or written over, and what this build did not produce is deleted from them
(drop_unused, _sweep). What is left aside is deleted at the end. The output is the same, byte
for byte, as a cold build's, and holds nothing this build did not produce.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import shutil
import stat as _stat
import threading
from pathlib import Path

from ..search.bundles import bundle_is_whole
from ..system.files import write_atomic
from ..system.output_folder import MARKER, OutputRefused, check_placement, read_folders
from .page_record import (
    ASIDE_MARKER,
    RECORD_FORMAT,
    aside_folder,
    discard_leftover,
    leaf_folders,
    read_record,
    record_file,
)
from .sweep import sweep_tree

logger = logging.getLogger(__name__)

BUNDLE_ENTRY = "pagefind-entry.json"  # rewritten by every Pagefind run (search_index.py)


class LinkInOutput(OSError):
    """A symbolic link stands where the build would write or delete (one put by hand in the
    output folder, or in the previous output): the file would land elsewhere."""


def _in_the_way(folder: Path, read_folders) -> bool:
    """Whether `folder` (the output, or its aside folder) is, holds or lies in a folder the
    build reads: its content is then never set aside (nor emptied)."""
    try:
        check_placement(folder, read_folders)
    except OutputRefused:
        return True
    return False


class PageReuse:
    """The previous build's pages (moved aside) and this build's record of what it wrote."""

    def __init__(self, output: Path, record: Path | None, previous: dict | None = None,
                 aside: Path | None = None, since: int = 0):
        self.output, self.record, self.aside = output, record, aside
        self._since = since  # when the previous output was set aside, on the file system's clock
        previous = previous or {}
        self.previous_pages: dict[str, list] = previous.get("pages", {})
        self.previous_bundles: dict[str, list] = previous.get("bundles", {})
        self.pages: dict[str, list] = {}  # path -> [digest, size, mtime_ns], written or kept
        self.bundles: dict[str, list] = {}  # folder -> [digest, size, mtime_ns of its entry file]
        self.kept = self.rendered = self.bundles_kept = 0
        self._made: set[str] = set()  # output folders known to exist
        self._moved: set[str] = set()  # folders moved back whole (see _move)
        self._restored: tuple[str, ...] = ()  # folders moved back with their subfolders (restore)
        self._whole = leaf_folders(self.previous_pages)
        self._bundles_by_digest: dict[str, str] | None = None  # made on first use
        # Folders of the output and of the previous output known to hold no link (_no_links).
        self._real_out: set[str] = {""}
        self._real_aside: set[str] = {""}
        self._discarding: threading.Thread | None = None

    @classmethod
    def off(cls, output: Path) -> PageReuse:
        return cls(output, None)

    @classmethod
    def start(cls, settings, cache_folder: Path | None) -> PageReuse:
        """Set the previous output aside before the output folder is emptied (never when it,
        or the folder beside it where it would wait, is, holds or lies in a folder the build
        reads: output_folder.read_folders)."""
        output = Path(settings["OUTPUT_PATH"]).expanduser().resolve()
        if (cache_folder is None or not settings.get("AKHBAR_REUSE_PAGES", True)
                or not settings.get("DELETE_OUTPUT_DIRECTORY")):
            return cls.off(output)
        record = record_file(cache_folder, output)
        reuse = cls(output, record)
        aside = aside_folder(output)
        # Left by a build that did not finish: its pages are not trusted.
        if not discard_leftover(aside):
            logger.warning("Akhbar: every page is rendered: %s is in the way of setting the"
                           " previous output aside, and no build made it", aside)
            return cls.off(output)
        folders = {**read_folders(settings), "cache": cache_folder}
        if _in_the_way(output, folders) or _in_the_way(aside, folders):
            return cls.off(output)
        previous = read_record(record, output)
        if previous is None or not output.is_dir():
            return reuse
        keep = set(settings.get("OUTPUT_RETENTION") or ()) | {MARKER}
        moved = []
        try:
            aside.mkdir()
            (aside / ASIDE_MARKER).touch()
            # The file system's clock now: what is written after, by any writer, is this build's.
            since = aside.stat().st_mtime_ns
            for entry in sorted(output.iterdir()):
                if entry.name not in keep and not entry.name.startswith(MARKER + "."):
                    os.replace(entry, aside / entry.name)
                    moved.append(entry.name)
        except OSError as exc:  # another disk (a mount), no rights on the parent folder ...
            logger.warning("Akhbar: every page is rendered: the previous output could not be"
                           " set aside in %s (%s)", aside, exc)
            try:
                for name in moved:
                    os.replace(aside / name, output / name)
                shutil.rmtree(aside, ignore_errors=True)
            except OSError as again:
                logger.warning("Akhbar: part of the previous output is left in %s (%s);"
                               " Pelican empties %s as usual", aside, again, output)
            return reuse
        return cls(output, record, previous, aside, since)

    # --- pages ---------------------------------------------------------------------------------

    def keep(self, path: str, digest: str, page: bool = True) -> bool:
        """Move the previous build's `path` back if it was made from the same `digest`
        (`page`: counted as a page kept, not as another file)."""
        old = self.previous_pages.get(path)
        if self.aside is None or old is None or old[0] != digest:
            return False
        folder = posixpath.dirname(path)
        moved = folder in self._moved or self._is_restored(folder)  # it came back with its folder
        base, real = (self.output, self._real_out) if moved else (self.aside, self._real_aside)
        if not self._no_links(base, folder, real):
            return False
        try:
            stat = os.lstat(os.path.join(base, path))
            if [stat.st_size, stat.st_mtime_ns] != old[1:] or not _stat.S_ISREG(stat.st_mode):
                return False  # changed since that build wrote it
            if not moved:
                self._move(path, folder)
        except OSError:
            return False
        self.pages[path] = old
        self.kept += page
        return True

    def _move(self, path: str, folder: str) -> None:
        """Move a file back; or its whole folder when the previous build wrote only files
        there (an article's page and raw seed, one page of a list): one rename instead of a
        folder made here and one deleted there. Its other files are then kept, or written
        over, by their own calls; anything else in it is deleted at the end (_sweep). A folder
        this build already wrote into cannot be renamed onto (the rename fails, no lookup is
        made first): then the file alone is moved."""
        if folder in self._whole and folder not in self._made:
            self._make_parent(folder)
            try:
                os.replace(os.path.join(self.aside, folder), os.path.join(self.output, folder))
            except OSError:
                pass
            else:
                self._moved.add(folder)
                self._made.add(folder)
                return
        self._make_parent(path)
        os.replace(os.path.join(self.aside, path), os.path.join(self.output, path))

    def restore(self, folders) -> None:
        """Move these folders of the previous build back whole, subfolders and all, before
        anything is written into them: one rename each. Meant for the folders holding one
        folder per story or per name, which this build's writer alone writes into: what the
        previous build wrote there and this one does not keep or write again is deleted once
        every page is written (drop_unused), anything else older than the build at the end
        (_sweep)."""
        if self.aside is None:
            return
        restored = []
        for folder in folders:
            source, target = self.aside / folder, self.output / folder
            if (not folder or not self._no_links(self.aside, folder, self._real_aside)
                    or not source.is_dir() or target.exists()):
                continue
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
            except OSError:  # left aside: its pages are moved back one by one, as any other
                continue
            restored.append(folder)
        self._restored = tuple(f"{folder}/" for folder in restored)

    @staticmethod
    def _not_a_folder(base, folder: str, real: set[str]) -> str | None:
        """The first part of `folder` (relative to `base`) that is a link or anything else
        than a folder (a part not there yet will be made a folder), or None: a link put in the
        output, or in the previous output, is never followed. `real`: the folders found so,
        not asked again."""
        path = ""
        for part in folder.split("/") if folder else ():
            path = f"{path}/{part}" if path else part
            if path in real:
                continue
            try:
                mode = os.lstat(os.path.join(base, path)).st_mode
            except FileNotFoundError:
                return None
            except OSError:
                return path
            if not _stat.S_ISDIR(mode):
                return path
            real.add(path)
        return None

    def _no_links(self, base, folder: str, real: set[str]) -> bool:
        return self._not_a_folder(base, folder, real) is None

    def check_target(self, path: str) -> None:
        """Before a file is written at `path` in the output: LinkInOutput if a link stands
        there or in a folder above it (in a folder brought back from the previous build); a
        file there is unlinked first, so that the new one is a new file (never written into:
        a hard link to it elsewhere keeps its content)."""
        if self.aside is None:  # nothing was brought back: every folder is this build's
            return
        folder = posixpath.dirname(path)
        bad = self._not_a_folder(self.output, folder, self._real_out)
        target = os.path.join(self.output, path)
        if bad is None and os.path.islink(target):
            bad = path
        if bad is not None:
            raise LinkInOutput(0, "a symbolic link (or a file where a folder should be) stands"
                               " where the site is written; no build makes links: remove it",
                               os.path.join(self.output, bad))
        if self._is_restored(folder) or folder in self._moved:
            try:
                os.unlink(target)
            except FileNotFoundError:
                pass

    def _is_restored(self, folder: str) -> bool:
        return bool(self._restored) and (folder + "/").startswith(self._restored)

    def _make_parent(self, path: str) -> None:
        parent = posixpath.dirname(path)
        if parent not in self._made:
            os.makedirs(os.path.join(self.output, parent), exist_ok=True)
            self._made.add(parent)

    def written(self, path: str, digest: str, page: bool = True) -> None:
        if self.record is None:
            return
        try:
            stat = (self.output / path).stat()
        except OSError:  # not written after all: nothing to keep
            return
        self.pages[path] = [digest, stat.st_size, stat.st_mtime_ns]
        self.rendered += page

    def merge(self, other: dict) -> None:
        """Add what a forked writer recorded (see `export`)."""
        self.pages.update(other["pages"])
        self._moved.update(other["moved"])
        self.kept += other["kept"]
        self.rendered += other["rendered"]

    def export(self) -> dict:
        return {"pages": self.pages, "moved": self._moved, "kept": self.kept,
                "rendered": self.rendered}

    def drop_unused(self) -> None:
        """Delete from the restored folders the files the previous build wrote there (its record
        says which) and this build neither kept nor wrote again: the pages of a story deleted
        since, of a list now shorter. Called once every page is written; the sweep at the end
        deletes anything else older than the build."""
        if not self._restored:
            return
        for path in self.previous_pages:
            folder = posixpath.dirname(path)
            if (path not in self.pages and self._is_restored(folder)
                    and self._no_links(self.output, folder, self._real_out)):
                try:
                    os.remove(os.path.join(self.output, path))
                except OSError:
                    pass

    # --- search bundles ------------------------------------------------------------------------

    def _bundle_made_from(self, digest: str) -> str | None:
        """The previous build's bundle folder made from `digest`, if any."""
        if self._bundles_by_digest is None:
            self._bundles_by_digest = {old[0]: name for name, old in
                                       sorted(self.previous_bundles.items()) if old}
        return self._bundles_by_digest.get(digest)

    def has_bundle(self, digest: str) -> bool:
        """Whether keep_bundle may keep a bundle made from `digest` (no disk access)."""
        return self.aside is not None and self._bundle_made_from(digest) is not None

    def keep_bundle(self, folder: str, digest: str) -> bool:
        """Move back the previous build's search bundle made from the same pages (`digest`),
        into `folder` whatever its folder was (a shard split or merged before it renumbers
        the ones after it; a bundle holds no path to itself), if it is still the bundle that
        build wrote (its entry file unchanged)."""
        if self.aside is None:
            return False
        previous = self._bundle_made_from(digest)
        if previous is None or not self._no_links(self.aside, previous, self._real_aside):
            return False
        old = self.previous_bundles[previous]
        source, target = self.aside / previous, self.output / folder
        try:
            stat = (source / BUNDLE_ENTRY).stat()
            if ([stat.st_size, stat.st_mtime_ns] != old[1:] or target.exists()
                    or not bundle_is_whole(source)):
                return False
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        except OSError:
            return False
        del self._bundles_by_digest[digest]
        self.bundles[folder] = old
        self.bundles_kept += 1
        return True

    def previous_bundle(self, folder: str) -> Path | None:
        """Where the previous build's bundle in `folder` waits, set aside: a shard indexed
        again takes from it the files that did not change (search_index.link_unchanged)."""
        if (self.aside is None or folder not in self.previous_bundles
                or not self._no_links(self.aside, folder, self._real_aside)):
            return None
        return self.aside / folder

    def bundle_written(self, folder: str, digest: str) -> None:
        if self.record is None:
            return
        try:
            stat = (self.output / folder / BUNDLE_ENTRY).stat()
        except OSError:
            return
        self.bundles[folder] = [digest, stat.st_size, stat.st_mtime_ns]

    # --- end of the build ----------------------------------------------------------------------

    def discard_previous(self) -> None:
        """Start deleting what is left of the previous build (every page is now kept or
        rendered again) while the build finishes."""
        if self.aside is not None and self._discarding is None:
            self._discarding = threading.Thread(target=self._discard, name="akhbar-discard",
                                                daemon=True)
            self._discarding.start()

    def _discard(self) -> None:
        self._sweep()
        shutil.rmtree(self.aside, ignore_errors=True)

    def _sweep(self) -> None:
        """Delete from the folders moved back whole what this build did not produce (a
        file put there by hand since the previous build; in a restored folder, the pages of a
        story or name gone since, or of a list now shorter)."""
        in_use = set()  # the folders holding this build's files
        for path in self.pages:
            folder = posixpath.dirname(path)
            while folder and folder not in in_use:
                in_use.add(folder)
                folder = posixpath.dirname(folder)
        for top in self._restored:
            self._sweep_tree(top.rstrip("/"), in_use)
        for folder in self._moved:
            if not self._is_restored(folder):  # (swept above)
                self._sweep_tree(folder, in_use)

    def _sweep_tree(self, top: str, in_use: set[str]) -> None:
        if self._no_links(self.output, top, self._real_out):
            sweep_tree(self.output, top, self.pages, in_use, self._since)

    def finish(self) -> None:
        """Record what this build wrote and delete what is left of the previous one."""
        if self._discarding is not None:
            self._discarding.join()
        if self.aside is not None:
            shutil.rmtree(self.aside, ignore_errors=True)
        if self.record is None:
            return
        data = {"format": RECORD_FORMAT, "output": str(self.output), "pages": self.pages,
                "bundles": self.bundles}
        try:
            write_atomic(self.record, json.dumps(data, sort_keys=True).encode())
        except OSError as exc:
            logger.warning("Akhbar: the record of this build's pages was not written (%s): the"
                           " next build renders every page", exc)

    def summary(self) -> str | None:
        if self.record is None or not (self.kept or self.rendered):
            return None
        bundles = (f"; {self.bundles_kept} search bundle{'s' if self.bundles_kept != 1 else ''}"
                   " kept" if self.bundles_kept else "")
        return (f"Akhbar: {self.rendered:,} pages rendered, {self.kept:,} unchanged pages kept"
                f" from the previous build{bundles}")
