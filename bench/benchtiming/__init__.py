"""Bench-only Pelican plugin: records when each build phase starts, for bench/run.py.

It does no work on the site. bench/run.py loads it first (PLUGINS=["benchtiming", ...]), so its
receivers run before the other plugins' for every signal, and sets AKHBAR_BENCH_TIMINGS to a
file. One JSON line is appended (and flushed) per mark, so a build that is killed on timeout
still tells how far it got. Marks: seconds since the plugin was loaded, and the process's peak
RSS so far (kB).
"""

from __future__ import annotations

import atexit
import json
import os
import resource
import time

from pelican import signals

_T0 = time.monotonic()
_PATH = os.environ.get("AKHBAR_BENCH_TIMINGS")
_seen: set[str] = set()


def _mark(name: str) -> None:
    if not _PATH or name in _seen:
        return
    _seen.add(name)
    line = {"mark": name, "t": round(time.monotonic() - _T0, 4),
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}
    with open(_PATH, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(line) + "\n")


def _first(name: str):
    def receiver(*args, **kwargs):
        _mark(name)
    receiver.__name__ = f"benchtiming_{name}"
    return receiver


_receivers = []  # blinker holds receivers weakly: keep them alive here


def _last_generator_init(generator) -> None:
    # generator_init is sent by every generator; the last one (the plugins' generators come
    # last) is when all are built and Pelican is about to empty the output folder.
    _seen.discard("generators_ready")
    _mark("generators_ready")


def _connect_last(_pelican) -> None:
    # Akhbar reads the seeds in article_generator_pretaxonomy: reading is done once its
    # receiver has run. Connected now, after every plugin's register(), this one runs last.
    receiver = _first("read_done")
    _receivers.append(receiver)
    signals.article_generator_pretaxonomy.connect(receiver)


def register() -> None:
    _mark("plugin_loaded")
    hooks = [
        (signals.initialized, "initialized"),
        (signals.article_generator_preread, "read_start"),  # the first file Pelican reads,
        (signals.article_generator_pretaxonomy, "read_start"),  # or the seeds, if it reads none
        (signals.article_generator_finalized, "articles_finalized"),
        (signals.page_generator_finalized, "pages_finalized"),
        (signals.all_generators_finalized, "context_done"),
        (signals.get_writer, "write_start"),
        (signals.finalized, "write_done"),
    ]
    for signal, name in hooks:
        receiver = _first(name)
        _receivers.append(receiver)
        signal.connect(receiver)
    signals.generator_init.connect(_last_generator_init)
    signals.initialized.connect(_connect_last)
    atexit.register(_mark, "exit")
