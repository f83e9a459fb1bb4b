"""Work spread over the machine's cores: the language trees are written side by side.

Each tree's pages depend only on the stories, which are complete before writing starts, so a
forked process can write the English tree while this one writes the Arabic tree: the output is
the same file for file as a one-process build (a test builds both ways and compares the bytes).
Forking shares the stories without pickling them; where fork is not available (Windows, or
`AKHBAR_JOBS = 1`) the trees are written one after the other.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator

from . import memory
from .children import die_with_parent


class ParallelWriteError(RuntimeError):
    pass


def jobs(settings) -> int:
    """How many processes may work at once: AKHBAR_JOBS, or one per CPU when it is 0."""
    wanted = int(settings.get("AKHBAR_JOBS") or 0)
    if wanted > 0:
        return wanted
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _child(conn, write: Callable, item, parent: int) -> None:
    die_with_parent(parent)
    try:
        conn.send(("ok", write(item)))
    except OSError as exc:  # the disk: what failed is all the user needs
        conn.send(("error", OSError(exc.errno, exc.strerror, exc.filename)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the build
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def write_trees(trees: list, write: Callable, jobs: int) -> Iterator[tuple[object, object]]:
    """Yield (tree, write(tree)) for every tree, in order; up to `jobs` trees at once.

    This process writes the first tree while forked children write the next ones, so the first
    tree's result is ready first (its search index can start while the others are written).
    """
    if jobs < 2 or len(trees) < 2 or not can_fork():
        for tree in trees:
            yield tree, write(tree)
        return
    context = multiprocessing.get_context("fork")
    # The children's garbage collector leaves the shared objects alone (no copies). No
    # collection first: it would walk every story, delaying the first tree's search index,
    # to free little, the stories being in use. They stay frozen (system/memory.py): the stories are
    # in use until the build ends.
    memory.settled()
    children = []
    try:
        for tree in trees[1:jobs]:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, write, tree, os.getpid()),
                                      daemon=True)
            process.start()
            send.close()
            children.append((tree, process, receive))
        yield trees[0], write(trees[0])
        for tree, process, receive in children:
            try:
                status, value = receive.recv()
            except EOFError:
                status, value = "error", "the process ended without a result"
            process.join()
            if isinstance(value, OSError):
                raise value
            if status != "ok":
                raise ParallelWriteError(
                    f"Writing the {getattr(tree, 'lang', tree)} tree failed: {value}")
            yield tree, value
        for tree in trees[jobs:]:
            yield tree, write(tree)
    finally:
        for _tree, process, _receive in children:
            if process.is_alive():
                process.terminate()
                process.join()
