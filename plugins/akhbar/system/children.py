"""Processes a build starts die with it.

A build forks a writer for the English tree and a pool of workers, and runs Pagefind. If the
build's process is killed outright (the out-of-memory killer sends SIGKILL, which no handler
sees), its children would go on: a writer blocked forever on a pipe nobody reads, a Pagefind
writing into a folder the next build is using. On Linux each child asks the kernel to kill it
when its parent dies (prctl PR_SET_PDEATHSIG); elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                      ctypes.c_ulong]
    return prctl


_prctl = _load_prctl()  # looked up once, here: a child just forked only calls it


def die_with_parent(parent: int | None = None) -> None:
    """In a child just started: be killed when its parent dies; at once if the parent (pid
    `parent`, when known) is gone already."""
    if _prctl is None:
        return
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)
