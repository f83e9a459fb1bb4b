"""The one object that holds what a build learns and makes, from its start to its report.

Pelican hands each signal handler only the Pelican instance, a generator or the readers, and
all of them share one settings dict; the build is kept in it under `KEY` when it starts
(start.py) and taken out when it ends (finish.py), so every handler reaches the same build and
two builds in one process (tests, `pelican --autoreload`) share nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from pelican.log import console

from .incremental.fingerprint import KnownTexts
from .reading.seed import SeedResult
from .system.files import SourceKeys, shown

logger = logging.getLogger(__name__)

# Where the build is kept in Pelican's settings: not a setting (lower case, no AKHBAR_ prefix),
# so no digest of the settings or override from the command line ever meets it.
KEY = "akhbar build"
# Below this many seeds a build is quick enough not to need progress lines.
PROGRESS_MIN = 200


@dataclass(eq=False, repr=False)
class Build:
    """One build's state. Fields are filled in the order of the build's steps."""

    seeds_path: Path
    output: Path
    warnings_shown: int = 50  # AKHBAR_LOG_WARNINGS: seed warnings printed one by one
    started: float = field(default_factory=time.monotonic)
    warnings_hidden: int = 0
    folder: object = None  # reading.seed_files.SeedFolder: every entry of the seeds folder
    cache_folder: Path | None = None  # None when the cache is off for this build
    locks: list = field(default_factory=list)  # system.locks.FolderLock held by this build
    duplicates: dict[str, Path] = field(default_factory=dict)  # seed -> the seed owning its id
    sections: object = None  # names.sections.Sections: section names and slugs
    prepared: dict = field(default_factory=dict)  # seed -> reading.preparation.Prepared
    results: dict[str, SeedResult] = field(default_factory=dict)  # seed -> what the reader did
    articles: dict = field(default_factory=dict)  # seed -> its Pelican article
    stories: list = field(default_factory=list)  # site.story_views.Story: seeds with translations
    index: object = None  # names.entity_index.ArchiveIndex
    cache: object = None  # incremental.seed_cache.SeedCache
    search: object = None  # search.bundles.SearchQueue: Pagefind runs, queued as trees are written
    reuse: object = None  # incremental.page_reuse.PageReuse: the previous build's pages
    templates: object = None  # Jinja's bytecode cache (incremental.template_cache)
    known_texts: KnownTexts = field(default_factory=KnownTexts)  # seed texts with their digests
    source_keys: SourceKeys = field(default_factory=SourceKeys)
    progress_total: int = 0
    progress_done: int = 0

    @staticmethod
    def of(settings) -> Build:
        """The build running with these settings (KeyError: no build has started)."""
        return settings[KEY]

    def source_key(self, path) -> str:
        """The key under which a seed is known to every step, however its path is spelled."""
        return self.source_keys(path)

    def record(self, result: SeedResult) -> None:
        self.results[self.source_key(result.path)] = result

    def release_locks(self) -> None:
        """Let the next build in: at the end of a build, or when one failed."""
        while self.locks:
            self.locks.pop().release()

    def warn_seed(self, name: str, warning: str) -> None:
        """Print a published seed's warning, up to `warnings_shown` of them: a large folder can
        have thousands (all are in report.json, and the summary line counts them)."""
        if self.warnings_shown > 0:
            self.warnings_shown -= 1
            logger.warning("Seed %s: %s", name, shown(warning))
        else:
            self.warnings_hidden += 1

    def tick(self) -> None:
        """Count one seed read outside the preparation (see progress)."""
        self.progress(self.progress_done + 1, 0)

    def progress(self, done: int, from_cache: int) -> None:
        """`done` seeds read so far; print a progress line every tenth of a large folder."""
        previous, self.progress_done = self.progress_done, done
        total = self.progress_total
        if total >= PROGRESS_MIN and done > previous:
            step = max(total // 10, 1)
            if done // step > previous // step or done == total:
                cached = f" ({from_cache:,} from the cache)" if from_cache else ""
                say(f"Akhbar: read {done:,}/{total:,} seeds{cached}")

    def seconds(self) -> float:
        return time.monotonic() - self.started


def say(text: str) -> None:
    """A line on the console, as written: text that looks like Rich markup ("[/x]" in an
    output folder's name) is shown, not interpreted (or failed on)."""
    console.print(text, markup=False)
