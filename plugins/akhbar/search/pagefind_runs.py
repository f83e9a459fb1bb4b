"""Pagefind runs in background threads, queued as the language trees are written (bundles.py says
what each bundle holds and how a previous bundle's files are reused)."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..system.children import die_with_parent
from .bundles import (
    SearchIndexError,
    bundle_files,
    content_named_files,
    delete_unused,
    entry_version,
    holds_its_name,
    link_unchanged,
    make_deterministic,
)

# The most Pagefind runs `widen` lets go at once: each holds its shard in memory, so more would
# break the bound AKHBAR_SEARCH_SHARD_PAGES sets. Two cover what waits at the end of a build: an
# edit's shard in each tree, the last shards of a cold build.
RUNS_AFTER_WRITING = 2


@dataclass
class SearchJob:
    """One Pagefind run: the article pages `glob` of the tree at `site` into `site/bundle`;
    `seed`, a bundle of the same shard made by the previous build, from which it takes what did
    not change."""

    site: Path
    bundle: str
    glob: str
    pages: int
    lang: str = ""
    made_from: str = ""  # the digest of the pages it indexes (reuse.py), "" when not recorded
    seed: Path | None = None
    seconds: float = field(default=0.0, init=False)
    error: str | None = field(default=None, init=False)
    files: int = field(default=0, init=False)  # the content-named files of the bundle
    reused: int = field(default=0, init=False)  # of those, how many were there before the run

    @property
    def path(self) -> Path:
        return self.site / self.bundle

    def run(self) -> None:
        """Index, then make the bundle byte-stable and delete the files it does not use. Files
        already in the folder (linked from `seed`, or left by a build that does not empty its
        output) are kept only when they hold what their names say and come from the same
        Pagefind; otherwise the shard is indexed again from nothing."""
        started = time.monotonic()
        version = link_unchanged(self.seed, self.path) if self.seed is not None else None
        present = content_named_files(self.path)
        if present and version is None:
            version = entry_version(self.path)
        self._pagefind()
        if present:
            reused = bundle_files(self.path) & present
            if entry_version(self.path) != version or not all(
                    holds_its_name(self.path / name) for name in sorted(reused)):
                shutil.rmtree(self.path)
                self._pagefind()
                reused = set()
            self.reused = len(reused)
        make_deterministic(self.path)
        self.files = delete_unused(self.path)
        self.seconds = time.monotonic() - started

    def _pagefind(self) -> None:
        """The glob of a shard is too long for a command line, so it goes in a pagefind.json
        read from a private working folder."""
        with tempfile.TemporaryDirectory(prefix="akhbar-pagefind-") as cwd:
            # Absolute: Pagefind runs in that private folder, not where the build started.
            config = {"site": os.path.abspath(self.site), "glob": self.glob,
                      "output_path": os.path.abspath(self.path)}
            Path(cwd, "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
            done = subprocess.run([sys.executable, "-m", "pagefind", "--quiet"], cwd=cwd,
                                  capture_output=True, text=True,
                                  preexec_fn=partial(die_with_parent, os.getpid()))
        if done.returncode != 0:
            raise SearchIndexError(
                f"Pagefind failed on {self.path} (exit {done.returncode}): "
                f"{(done.stderr or done.stdout).strip()}"
            )
        if not (self.path / "pagefind.js").is_file():
            raise SearchIndexError(f"Pagefind wrote no index into {self.path}")


class SearchQueue:
    """Pagefind runs in background threads, in the order they are submitted: the build goes on
    writing pages meanwhile. While pages are written, one run at a time (the writers have the
    cores, and only one shard is held in memory beside them); once every tree is written,
    `widen` lets the runs still queued share the cores (a rebuild after an edit waits on
    its Arabic and English shards together, a cold build on the English shards its forked
    writer hands over at the end)."""

    def __init__(self):
        self.jobs: list[SearchJob] = []
        self._todo: queue.Queue = queue.Queue()
        self._threads: list[threading.Thread] = []

    def submit(self, job: SearchJob) -> None:
        self.jobs.append(job)
        self._todo.put(job)
        if not self._threads:  # started on first use, after any fork of the writers
            self._start()

    def _start(self) -> None:
        thread = threading.Thread(target=self._work, daemon=True,
                                  name=f"akhbar-pagefind-{len(self._threads) + 1}")
        thread.start()
        self._threads.append(thread)

    def widen(self, runs: int) -> None:
        """Up to `runs` Pagefind runs at once from now on (no more than are queued, nor than
        RUNS_AFTER_WRITING)."""
        runs = min(runs, RUNS_AFTER_WRITING)
        while self._threads and len(self._threads) < runs and self._todo.qsize() > 0:
            self._start()

    def _work(self) -> None:
        while (job := self._todo.get()) is not None:
            try:
                job.run()
            except SearchIndexError as exc:
                job.error = str(exc)
            except Exception as exc:  # noqa: BLE001 - reported by the build, not lost in a thread
                job.error = f"{job.path}: {type(exc).__name__}: {exc}"

    def finish(self) -> list[SearchJob]:
        """Wait for every submitted run; return them (each with its seconds or error)."""
        for _thread in self._threads:
            self._todo.put(None)  # after every job: each thread takes one and stops
        for thread in self._threads:
            thread.join()
        self._threads = []
        return self.jobs


# --- Byte-identical builds ------------------------------------------------------------------
# Pagefind writes its filter indexes from a hash map, so their order (and with it their file
# names, the metadata file that lists them and pagefind-entry.json) changes from run to run
# (Pagefind issue #638; its word indexes and fragments are stable). The files are gzipped CBOR
# after a signature: we sort what is unordered, re-encode, and name each file after its content.


