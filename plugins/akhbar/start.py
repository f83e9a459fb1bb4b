"""A build's first step: claim the output and cache folders, list the seeds, set the previous
build's pages aside. Nothing is written before the output folder is known to be the build's."""

from __future__ import annotations

import logging
import os
import signal
from pathlib import Path

from pelican.paginator import PaginationRule
from pelican.settings import DEFAULT_CONFIG

from . import settings as plugin_settings
from .build import KEY, Build, say
from .incremental.page_reuse import PageReuse
from .incremental.template_cache import bytecode_cache, shared_bytecode_cache
from .names.sections import load_sections
from .reading import seed_files
from .reading.seed import seed_id
from .search.pagefind_runs import SearchQueue
from .system import cache_folder, memory, output_folder
from .system.files import described, shown
from .system.locks import FolderLock

logger = logging.getLogger(__name__)


def seeds_path(settings) -> Path:
    return Path(os.path.abspath(os.path.expanduser(settings["AKHBAR_SEEDS_PATH"])))


def apply_settings(pelican) -> None:
    """Apply the settings to a starting Pelican instance (the `initialized` signal)."""
    settings = pelican.settings
    own_theme = settings.get("THEME") == DEFAULT_CONFIG["THEME"]
    try:
        notices = plugin_settings.apply(settings, DEFAULT_CONFIG)
    except plugin_settings.SettingsError as exc:
        logger.error("%s", exc)
        raise SystemExit(2) from None
    settings["PAGINATION_PATTERNS"] = [PaginationRule(*rule)
                                       for rule in settings["PAGINATION_PATTERNS"]]
    for notice in notices:
        logger.warning("Akhbar: %s", notice)
    if own_theme:  # the site names no theme: the plugin's own
        settings["THEME"] = pelican.theme = str(plugin_settings.bundled_theme())
    # Pelican read DELETE_OUTPUT_DIRECTORY before any plugin could run; the plugin deletes
    # only what its builds wrote (system/output_folder.py), so Pelican's emptying stays off.
    pelican.delete_outputdir = False


def start_build(pelican) -> Build:
    """Start a build: the previous one's state (in a process that builds again) is dropped,
    the folders claimed, the seeds listed, the previous pages set aside for reuse. Stops the
    build, with the reason, if the output folder is not one it may write into."""
    settings = pelican.settings
    previous = settings.pop(KEY, None)
    if previous is not None:
        previous.release_locks()  # a build of this process that failed before its end
    memory.thaw()  # the last build's objects, in a process that builds again
    fail_when_interrupted()
    build = Build(seeds_path=seeds_path(settings),
                  output=output_folder.resolved(settings["OUTPUT_PATH"]),
                  warnings_shown=int(settings["AKHBAR_LOG_WARNINGS"]))
    settings[KEY] = build
    found = _claim_folders(build, settings)
    seeds = build.seeds_path
    build.folder = (seed_files.scan(seeds.resolve(), settings["IGNORE_FILES"],
                                    links=bool(settings["AKHBAR_SEED_LINKS"]))
                    if seeds.is_dir() else seed_files.SeedFolder(seeds))
    for other in build.folder.others:
        if other.notice:
            logger.warning("%s", shown(f"Seeds folder: {other.source} not read: {other.reason}"))
    build.duplicates = _duplicate_ids(build, build.folder.seeds)
    build.sections = load_sections(settings["AKHBAR_SECTION_NAMES"])
    build.templates = _template_cache(settings, build)
    build.progress_total = len(build.folder.seeds)
    build.search = SearchQueue() if settings["AKHBAR_SEARCH"] else None
    try:
        build.reuse = PageReuse.start(settings, build.cache_folder)
        if settings.get("DELETE_OUTPUT_DIRECTORY"):
            for name in found.ours:  # what was not set aside
                output_folder.remove_entry(build.output / name)
    except OSError as exc:
        logger.error("Akhbar: cannot empty the output folder %s: %s", build.output,
                     described(exc))
        raise SystemExit(1) from None
    return build


def _template_cache(settings, build: Build):
    """Jinja's bytecode cache: in the cache folder, or in AKHBAR_TEMPLATE_CACHE_PATH (kept clear
    of the folders the build reads and writes, as the cache folder is)."""
    folder = settings["AKHBAR_TEMPLATE_CACHE_PATH"]
    if folder is None:
        return bytecode_cache(settings, build.cache_folder)
    if not folder:
        return None
    try:
        output_folder.check_placement(
            folder, {**output_folder.read_folders(settings), "output": build.output},
            role="keep compiled templates in")
    except output_folder.OutputRefused as exc:
        logger.warning("Akhbar: compiled templates are not kept: %s", exc)
        return None
    return shared_bytecode_cache(settings, output_folder.resolved(folder),
                                 int(settings["AKHBAR_CACHE_KEEP_DAYS"]))


def _claim_folders(build: Build, settings) -> output_folder.Contents:
    output = build.output
    try:
        folders = output_folder.read_folders(settings)
        output_folder.check_placement(output, folders)
        cache = settings.get("AKHBAR_CACHE_PATH")
        if cache:
            output_folder.check_placement(
                cache, {**{k: v for k, v in folders.items() if k != "cache"}, "output": output},
                role="use as the cache folder")
        output.mkdir(parents=True, exist_ok=True)
        _lock(build, output, "writing into")
        build.cache_folder = _claim_cache(build, output_folder.resolved(cache)) if cache else None
        retention = list(settings.get("OUTPUT_RETENTION") or ())
        found = output_folder.claim(output, retention, output_folder.expected_names(settings))
        if found.taken_over:
            logger.warning("%s", shown(
                f"Akhbar: the last build into {output} did not finish; this one replaces what"
                f" it left: {output_folder.listed(found.taken_over, 8)}"))
    except output_folder.OutputRefused as exc:
        build.release_locks()
        logger.error("%s", exc)
        raise SystemExit(exc.exitcode) from None
    except OSError as exc:
        build.release_locks()
        logger.error("Akhbar: cannot prepare the output folder %s: %s", output, described(exc))
        raise SystemExit(1) from None
    return found


def _claim_cache(build: Build, folder: Path) -> Path | None:
    """The cache folder, locked for this build; None (the cache off, with a warning, and the
    lock let go) when it cannot be made or holds what no build put there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = _lock(build, folder, "using the cache folder")
    except OSError as exc:
        logger.warning("Akhbar: the cache is off for this build: %s", described(exc))
        return None
    try:
        foreign = cache_folder.claim_cache(folder)
    except OSError as exc:
        foreign, why = [], described(exc)
    else:
        why = (f"{folder} holds {output_folder.listed(foreign)}, which no build put there,"
               f" and no {cache_folder.CACHE_MARKER} marker (AKHBAR_CACHE_PATH names a folder"
               " of its own)")
        if not foreign:
            return folder
    build.locks.remove(lock)
    lock.release()
    logger.warning("%s", shown(f"Akhbar: the cache is off for this build: {why}"))
    return None


def _lock(build: Build, folder: Path, what: str) -> FolderLock:
    lock = FolderLock(folder)
    lock.acquire(waiting=lambda: say(
        f"Akhbar: another build is {what} {folder}; waiting for it to finish"))
    build.locks.append(lock)
    return lock


def _duplicate_ids(build: Build, seeds: list[Path]) -> dict[str, Path]:
    """Seeds whose id (URL) another seed already has: the first in name order keeps it."""
    owner: dict[str, Path] = {}
    duplicates: dict[str, Path] = {}
    for path in seeds:
        key = seed_id(path.name)
        if key in owner:
            duplicates[build.source_key(path)] = owner[key]
        else:
            owner[key] = path
    return duplicates


def _interrupted(_signum, _frame) -> None:
    os.write(2, b"Akhbar: interrupted; the output folder holds a build that did not finish:"
                b" the next build takes it over, `invoke clean` deletes it\n")
    raise SystemExit(130)


def fail_when_interrupted() -> None:
    """Ctrl-C ends the build with a failing exit code (Pelican's own handler exits with 0,
    which would pass a half-written site for a finished one)."""
    try:
        signal.signal(signal.SIGINT, _interrupted)
    except ValueError:  # not the main thread: Pelican's handling stays
        pass


def stop_failing_when_interrupted() -> None:
    if signal.getsignal(signal.SIGINT) is _interrupted:
        signal.signal(signal.SIGINT, signal.default_int_handler)
