"""One build at a time: an exclusive lock on the output and cache folders (flock: the kernel
frees it when the process dies, so a killed build never leaves a stale lock)."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path


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
