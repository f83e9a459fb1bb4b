"""Reading and writing a file without trusting what stands at its name.

Whatever a build reads from the user's folders, or writes where someone else could have put
something first, goes through here: a read opens only a regular file (never through a link
unless asked, never a pipe or a device, which would hang or never end) and no more than a given
size; a write goes to a new temporary file (never through a link or into an existing file) and
is renamed into place, so a reader never sees half a file. No Pelican here.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket",
          stat.S_IFDIR: "a folder", stat.S_IFLNK: "a symbolic link"}


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(name: str) -> str:
    """A file name as a log line may show it: control characters (a terminal escape sequence,
    a line break that would fake another line) and bidi controls written as escapes."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", name)


def escaped_name(name) -> str:
    """A file name as text, without loss: the bytes of it that are not UTF-8 (which Python keeps
    as lone surrogates) written as \\xNN, so that JSON, a page or a report can hold it."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def described(exc: OSError) -> str:
    """An operating system error in one line: what, and where."""
    where = f": {exc.filename}" if exc.filename else ""
    return f"{exc.strerror or exc}{where}"


class NotReadable(OSError):
    """A file that must not or cannot be read; str() is the reason, for a report."""


class TooLarge(NotReadable):
    """A file over the size limit it was read with."""


def kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def inside(path, root) -> bool:
    """Whether `path`, links resolved, is `root` or lies inside it (`root` resolved)."""
    target, root = os.path.realpath(path), os.fspath(root)
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def read_regular(path, max_bytes: int, follow: bool = False, root=None) -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes`; NotReadable (with the reason)
    for a link (unless `follow`, and then only one whose target is inside `root` when given),
    a pipe, a device, a file too large, or a read error."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    if not follow:
        flags |= os.O_NOFOLLOW
    elif root is not None and not inside(path, root):
        raise NotReadable("a symbolic link to somewhere outside the seeds folder: not followed")
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the last part of the path is a link
            raise NotReadable("a symbolic link: not followed") from None
        raise NotReadable(f"cannot be read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"{kind(info.st_mode)}, not a regular file: not read")
        if info.st_size > max_bytes:
            raise TooLarge(f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, max(65536, info.st_size + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise TooLarge(f"file grew past the {max_bytes:,}-byte limit while read")
        return b"".join(chunks)
    except NotReadable:
        raise
    except OSError as exc:
        raise NotReadable(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def create_new(path) -> int:
    """A new file at `path`, open for writing: never an existing file, never through a link.
    Something already at that name (a leftover, or a link put there) is unlinked first: the
    name is removed, not what a link points to."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        return os.open(path, flags, 0o666)
    except FileExistsError:
        os.unlink(path)
        return os.open(path, flags, 0o666)
    except FileNotFoundError:  # the first file in its folder
        os.makedirs(os.path.dirname(os.fspath(path)), exist_ok=True)
        return os.open(path, flags, 0o666)


def write_atomic(path, data: bytes | Callable[[os.stat_result], bytes], partial=None) -> None:
    """Write `path` whole, through a new temporary file renamed into place (`partial`: its
    name, by default `<path>.<pid>.tmp`): a reader never sees it half written, even when two
    builds race, and a link at either name is replaced, never written through. `data`: the
    bytes, or a function that makes them from the new file's status (its modification time is
    the file system's clock)."""
    with open_atomic(path, partial) as handle:
        view = memoryview(data(os.fstat(handle.fileno())) if callable(data) else data)
        while view:
            view = view[handle.write(view):]


@contextmanager
def open_atomic(path, partial=None) -> Iterator[io.BufferedWriter]:
    """A file to write `path` with, bit by bit, renamed into place when the block ends without
    an error and removed when it does not (as write_atomic, for what is too large to hold)."""
    partial = os.fspath(partial) if partial is not None else f"{os.fspath(path)}.{os.getpid()}.tmp"
    fd = create_new(partial)
    try:
        with open(fd, "wb") as handle:
            yield handle
        os.replace(partial, path)
    except BaseException:
        try:
            os.unlink(partial)
        except OSError:
            pass
        raise


class SourceKeys:
    """The key under which a seed is known to every part of a build, however Pelican or the
    plugin spelled its path: the folder resolved once per build rather than once per seed and
    lookup (a system call per path part), and each spelling worked out once."""

    def __init__(self):
        self._keys: dict = {}
        self._folders: dict[str, str] = {}

    def __call__(self, path) -> str:
        try:
            return self._keys[path]
        except KeyError:
            folder, name = os.path.split(os.path.abspath(path))
            real = self._folders.get(folder)
            if real is None:
                real = self._folders[folder] = os.path.realpath(folder)
            key = self._keys[path] = os.path.join(real, name)
            return key
