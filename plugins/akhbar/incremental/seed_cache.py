"""The seed cache: prepared seeds of earlier builds, in one SQLite file in the cache folder.

One file, not one file per seed: a cold build made a file per seed, and creating a file waits
on the disk's journal (longest while the disk is still writing out an earlier build, which is
when builds run). SQLite (in Python's standard library) writes the same entries in far less
time, reads them as fast as files, takes care of two builds sharing the folder, and deletes old
entries with one statement.

Entries are written by the build's process only (the pool's workers send their prepared seeds
to it anyway), in large transactions, and no connection is open while the pool is forked.
Anything wrong with the file (damaged, locked too long, read-only, disk full) turns the cache
off for the build with a warning: a cache is never a reason for a build to fail. Each entry
carries a checksum of its bytes (CRC-32: made to catch flipped bits, and much cheaper than
a cryptographic hash), so an entry damaged on disk is prepared again, never published.
"""

from __future__ import annotations

import logging
import os
import pickle
import sqlite3
import time
import zlib
from pathlib import Path

logger = logging.getLogger(__name__)

DATABASE = "prepared.sqlite"
PRUNE_STAMP = "pruned"
PRUNE_EVERY_S = 86400
DAY_S = 86400
COMMIT_EVERY = 1000   # entries written a transaction: an interrupted build keeps most of its work
PAGE_SIZE = 16384     # an entry spans many default pages: bigger ones, fewer overflow pages
LOCK_WAIT_S = 60      # how long to wait for another build that is writing the same cache
SCHEMA = 2            # PRAGMA user_version: 2 added the checksum (an older table is dropped)


class SeedCache:
    """Prepared seeds (pickled) by key; an entry no build has used for `keep_days` is deleted.
    Each entry carries the day it was last used, renewed at most once a day."""

    def __init__(self, folder: Path | None, keep_days: float = 30):
        self.folder, self.keep_days = folder, keep_days
        self._db: sqlite3.Connection | None = None
        self._written = 0          # entries written in the open transaction
        self._used: list[str] = []  # keys read today whose day of use is older
        self.damaged = 0           # entries whose checksum did not match (prepared again)

    # -- the connection --

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            os.makedirs(self.folder, exist_ok=True)
            path = os.path.join(self.folder, DATABASE)
            try:
                self._db = self._open(path)
            except sqlite3.DatabaseError as exc:
                if not is_damaged_file(exc):
                    raise
                # It only held what builds can make again.
                logger.warning("Seed cache %s was damaged (%s): started again", path, exc)
                self._remove()
                self._db = self._open(path)
        return self._db

    def _remove(self) -> None:
        path = os.path.join(self.folder, DATABASE)
        for name in (path + "-journal", path):  # never a journal without its database
            if os.path.exists(name):
                os.remove(name)

    @staticmethod
    def _open(path: str) -> sqlite3.Connection:
        db = sqlite3.connect(path, timeout=LOCK_WAIT_S, isolation_level=None)
        try:
            # Before the first table only: page size, and pages freed by prune() given back.
            db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
            db.execute("PRAGMA synchronous = NORMAL")
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA:
                db.execute("DROP TABLE IF EXISTS prepared")  # entries without a checksum
                db.execute(f"PRAGMA user_version = {SCHEMA}")
            db.execute("CREATE TABLE IF NOT EXISTS prepared (key TEXT PRIMARY KEY,"
                       " used INTEGER NOT NULL, sum INTEGER NOT NULL, data BLOB NOT NULL)")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _off(self, exc: Exception) -> None:
        """Go on without the cache; a damaged file is deleted, for the next build to start
        afresh (rather than meet the same damage every time)."""
        logger.warning("Seed cache %s turned off for this build: %s", self.folder, exc)
        try:
            self._close(commit=False)
        except sqlite3.Error:
            pass
        if is_damaged_file(exc):
            try:
                self._remove()
            except OSError:
                pass
        self.folder = None

    def _close(self, commit: bool = True) -> None:
        if self._db is not None:
            try:
                if commit and self._db.in_transaction:
                    self._db.execute("COMMIT")
            finally:
                self._db.close()
                self._db, self._written = None, 0

    # -- entries --

    def get(self, key: str | None):
        """The object stored under `key`, or None (no such entry, or one that cannot be
        unpickled any more)."""
        if self.folder is None or key is None:
            return None
        try:
            row = self._connect().execute(
                "SELECT data, used, sum FROM prepared WHERE key = ?", (key,)).fetchone()
        except (sqlite3.Error, OSError) as exc:
            self._off(exc)
            return None
        if row is None:
            return None
        data, used, checksum = row
        if not isinstance(data, bytes) or zlib.crc32(data) != checksum:
            self.damaged += 1  # flipped bits on disk: prepared again, and written over
            return None
        try:
            value = pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError,
                ValueError, IndexError):
            return None
        if used < _today():
            self._used.append(key)
        return value

    def put(self, key: str | None, data: bytes) -> None:
        """Store `data` (a pickle) under `key`; written for good by flush()."""
        if self.folder is None or key is None:
            return
        try:
            db = self._connect()
            if not db.in_transaction:
                db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT OR REPLACE INTO prepared (key, used, sum, data)"
                       " VALUES (?, ?, ?, ?)", (key, _today(), zlib.crc32(data), data))
            self._written += 1
            if self._written >= COMMIT_EVERY:
                db.execute("COMMIT")
                self._written = 0
        except (sqlite3.Error, OSError) as exc:
            self._off(exc)

    def flush(self) -> None:
        """Commit what put() wrote and the day of use of the entries get() read, and close the
        connection (before a fork, and at the end of a build's use)."""
        if self.damaged:
            logger.warning("Seed cache %s: %d damaged entr%s (checksum mismatch) ignored; those"
                           " seeds are prepared again", self.folder, self.damaged,
                           "y" if self.damaged == 1 else "ies")
            self.damaged = 0
        if self.folder is None:
            self._used.clear()
            return
        try:
            if self._used:
                db = self._connect()
                if not db.in_transaction:
                    db.execute("BEGIN IMMEDIATE")
                db.executemany("UPDATE prepared SET used = ? WHERE key = ?",
                               [(_today(), key) for key in self._used])
            self._close()
        except (sqlite3.Error, OSError) as exc:
            self._off(exc)
        self._used.clear()

    def prune(self, now: float | None = None) -> None:
        """Delete the entries no build has used for `keep_days`, at most once a day (as the
        stamp file `pruned` records). Entry files of the cache's earlier layout (a folder per
        two hex digits, a .pickle per seed) are deleted too."""
        if self.folder is None or not self.folder.is_dir():
            return
        now = time.time() if now is None else now
        stamp = self.folder / PRUNE_STAMP
        try:
            if 0 <= now - stamp.stat().st_mtime < PRUNE_EVERY_S:
                return
        except OSError:
            pass
        self.flush()
        if self.folder is None:
            return
        try:
            db = self._connect()
            db.execute("DELETE FROM prepared WHERE used < ?",
                       (_today(now - self.keep_days * DAY_S),))
            db.execute("PRAGMA incremental_vacuum")
            self._close()
        except (sqlite3.Error, OSError) as exc:
            self._off(exc)
            return
        _remove_old_layout(self.folder)
        try:
            stamp.touch()
            os.utime(stamp, (now, now))
        except OSError:
            pass


def is_damaged_file(exc: Exception) -> bool:
    """Whether SQLite found the file itself wrong ("file is not a database", "database disk
    image is malformed"), not the circumstances (locked, read-only, disk full) or our use:
    by SQLite's own error code, as other codes too come as a plain DatabaseError."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _today(now: float | None = None) -> int:
    """Days since 1970 (UTC): the unit of an entry's last use."""
    return int((time.time() if now is None else now) // DAY_S)


def _remove_old_layout(folder: Path) -> None:
    for entry in folder.glob("[0-9a-f][0-9a-f]/*.pickle"):
        try:
            entry.unlink()
        except OSError:
            pass
    for sub in folder.glob("[0-9a-f][0-9a-f]"):
        try:
            sub.rmdir()
        except OSError:
            pass
