"""One build at a time: an exclusive lock on the output and cache folders (flock: the kernel
frees it when the process dies, so a killed build never leaves a stale lock)."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path

# The locks this process holds, by folder (device, inode). A lock belongs to the process, not
# to a build: builds in one process run one after the other, so a lock still held when this
# process takes the same folder again was left by a build of it that failed half-way, and is
# let go (flock would make the process wait for itself).
_HELD: dict[tuple[int, int], FolderLock] = {}


class FolderLock:
    """An exclusive lock on a folder, held until `release` or the process's end (flock on the
    folder itself: nothing is written for it, and the kernel frees it with the process)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None
        self._key: tuple[int, int] | None = None

    def acquire(self, waiting=None) -> None:
        """Take the lock; if another process holds it, call `waiting()` once and wait."""
        fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            st = os.fstat(fd)
            key = (st.st_dev, st.st_ino)
            left = _HELD.get(key)
            if left is not None:
                left.release()
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
        self._fd, self._key = fd, key
        _HELD[key] = self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor frees the lock
            self._fd = None
            if _HELD.get(self._key) is self:
                del _HELD[self._key]

    @property
    def held(self) -> bool:
        return self._fd is not None
