"""Telling Python's cyclic garbage collector which objects live as long as the build.

The collector walks every tracked object each time the objects made since its last full pass
outnumber a quarter of the older ones. While the seeds are loaded and read, the heap grows by that
much again and again, and each full pass walks all of it to free almost nothing, even in a rebuild
after one edit: more passes the larger the archive, most of them before the first page is written.
The prepared seeds, the articles, the stories, the index and each tree's views live until the build
ends, so once each is made it is moved out of the collector's sight (`gc.freeze`); reference
counting still frees what is dropped. They stay frozen through the process's exit, where Python's
last collections would walk them all once more to free memory the system takes back anyway. A
process that builds again (pelican --autoreload) thaws them as the next build starts (`thaw`), so
that the last build's objects are collected as that build replaces them: no more than one earlier
build is ever held.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


def settled() -> None:
    """What is alive now lives until the build ends: no full collection walks it again."""
    gc.freeze()


@contextmanager
def loading():
    """No collection while what is made here is loaded: prepared seeds unpickled from the
    cache or received from the workers, which live until the build ends and hold no cycles.
    Counting them towards the next collection would walk them all, a few at a time, as the heap
    grows; they are frozen as the block ends. Only this process: workers forked inside the block
    would inherit a collector turned off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settled()
        if was_enabled:
            gc.enable()


def collecting() -> None:
    """The collector on, in a worker forked from a process whose collector is off."""
    gc.enable()


def thaw() -> None:
    """A build starts: what earlier builds of this process froze is the collector's again, and
    what of it is garbage goes now, before this build freezes what it makes."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
