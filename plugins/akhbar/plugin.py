"""Signal wiring: each handler is short and hands the real work to a module with one concern."""

from __future__ import annotations

import logging
import os
import posixpath
import signal
import sys
import time
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.readers import SkipStub
from pelican.utils import order_content

from .system.files import described, shown
from . import state
from .reading import seed_files
from .site import i18n, report
from .system import memory, output_folder
from .reader import UNDATED, SeedReader
from .reading.seed import ERROR, SeedResult, seed_id
from .names.gazetteer import load_gazetteer
from .names.entity_index import ArchiveIndex
from .names.linking import link_first_mentions
from .system.parallel import jobs
from .reading.preparation import SeedCache, prepare_all, read_settings
from .incremental.page_reuse import PageReuse
from .names.sections import load_sections
from .site.writer import SiteGenerator, trees_from
from .site.story_views import build_stories, link_translations
from .incremental.template_cache import bytecode_cache

logger = logging.getLogger(__name__)


def _seeds_path(settings) -> Path:
    return Path(os.path.abspath(os.path.expanduser(settings["SEEDS_PATH"])))


def on_initialized(pelican) -> None:
    """Check the seeds folder before anything else (what the build does starts with each run:
    on_get_generators)."""
    seeds = _seeds_path(pelican.settings)
    if not seeds.is_dir():
        logger.error("Seeds folder %s does not exist: no seed articles will be built", seeds)


def _start_build(pelican) -> output_folder.Contents:
    """Claim the output folder (and the cache folder) for this build before anything is
    written, and list the seeds. Stops the build, with the reason, if the output folder is
    not one it may write into."""
    settings = pelican.settings
    state.reset()
    _fail_when_interrupted()
    state.started = time.monotonic()
    state.warnings_shown = int(settings.get("AKHBAR_LOG_WARNINGS", 50))
    retention = list(settings.get("OUTPUT_RETENTION") or ())
    output = state.output = output_folder.resolved(settings["OUTPUT_PATH"])
    try:
        folders = output_folder.read_folders(settings)
        output_folder.check_placement(output, folders)
        cache = settings.get("AKHBAR_CACHE_PATH")
        if cache:
            output_folder.check_placement(
                cache, {**{k: v for k, v in folders.items() if k != "cache"}, "output": output},
                role="use as the cache folder")
        output.mkdir(parents=True, exist_ok=True)
        _lock(output, "writing into")
        state.cache_folder = _claim_cache(output_folder.resolved(cache)) if cache else None
        found = output_folder.claim(output, retention, output_folder.expected_names(settings))
        if found.taken_over:
            logger.warning("%s", shown(
                f"Akhbar: the last build into {output} did not finish; this one replaces what"
                f" it left: {output_folder.listed(found.taken_over, 8)}"))
    except output_folder.OutputRefused as exc:
        state.release_locks()
        logger.error("%s", exc)
        raise SystemExit(exc.exitcode) from None
    except OSError as exc:
        state.release_locks()
        logger.error("Akhbar: cannot prepare the output folder %s: %s", output, described(exc))
        raise SystemExit(1) from None
    seeds = state.seeds_path = _seeds_path(settings)
    state.folder = (seed_files.scan(seeds.resolve(), settings["IGNORE_FILES"],
                                    links=bool(settings.get("AKHBAR_SEED_LINKS")))
                    if seeds.is_dir() else seed_files.SeedFolder(seeds))
    for other in state.folder.others:
        if other.notice:
            logger.warning("%s", shown(
                f"Seeds folder: {other.source} not read: {other.reason}"))
    state.duplicates = _duplicate_ids(state.folder.seeds)
    state.templates = bytecode_cache(settings, state.cache_folder)
    state.progress_total = len(state.folder.seeds)
    return found


def _interrupted(_signum, _frame) -> None:
    os.write(2, b"Akhbar: interrupted; the output folder holds a build that did not finish:"
                b" the next build takes it over, `invoke clean` deletes it\n")
    raise SystemExit(130)


def _fail_when_interrupted() -> None:
    """Ctrl-C ends the build with a failing exit code (Pelican's own handler exits with 0,
    which would pass a half-written site for a finished one)."""
    try:
        signal.signal(signal.SIGINT, _interrupted)
    except ValueError:  # not the main thread: Pelican's handling stays
        pass


def _claim_cache(folder: Path) -> Path | None:
    """The cache folder, locked for this build; None (the cache off, with a warning, and the
    lock let go) when it cannot be made or holds what no build put there."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = _lock(folder, "using the cache folder")
    except OSError as exc:
        logger.warning("Akhbar: the cache is off for this build: %s", described(exc))
        return None
    try:
        foreign = output_folder.claim_cache(folder)
    except OSError as exc:
        foreign, why = [], described(exc)
    else:
        why = (f"{folder} holds {output_folder.listed(foreign)}, which no build put there,"
               f" and no {output_folder.CACHE_MARKER} marker (AKHBAR_CACHE_PATH names a folder"
               " of its own)")
        if not foreign:
            return folder
    state.locks.remove(lock)
    lock.release()
    logger.warning("%s", shown(f"Akhbar: the cache is off for this build: {why}"))
    return None


def _lock(folder: Path, what: str) -> output_folder.FolderLock:
    lock = output_folder.FolderLock(folder)
    lock.acquire(waiting=lambda: state.say(
        f"Akhbar: another build is {what} {folder}; waiting for it to finish"))
    state.locks.append(lock)
    return lock


def _duplicate_ids(seeds: list[Path]) -> dict[str, Path]:
    """Seeds whose id (URL) another seed already has: the first in name order keeps it."""
    owner: dict[str, Path] = {}
    duplicates: dict[str, Path] = {}
    for path in seeds:
        key = seed_id(path.name)
        if key in owner:
            duplicates[state.source_key(path)] = owner[key]
        else:
            owner[key] = path
    return duplicates


def on_readers_init(readers) -> None:
    for extension in SeedReader.file_extensions:
        readers.reader_classes[extension] = SeedReader


def on_generator_init(generator) -> None:
    i18n.install(generator.env, generator.settings)
    generator.env.bytecode_cache = state.templates


def on_article_generator_pretaxonomy(generator) -> None:
    """Read every seed of the seeds folder's scan (and nothing else there) into Pelican
    articles: prepared first, in parallel and from the seed cache, then made into articles by
    Pelican's own reading (SeedReader). Pelican itself never walks the seeds folder: it would
    follow links out of it, open pipes, and read Markdown or HTML files left there."""
    settings = generator.settings
    state.cache = SeedCache(state.cache_folder, settings.get("AKHBAR_CACHE_KEEP_DAYS", 30))
    seeds = state.folder.seeds if state.folder is not None else []
    started, processes = time.monotonic(), jobs(settings)
    prepared, from_cache = prepare_all(seeds, read_settings(settings), state.cache, processes,
                                       progress=state.progress,
                                       root=state.folder.root if state.folder else None)
    state.prepared = {state.source_key(path): item for path, item in prepared.items()}
    memory.settled()  # the prepared seeds: read until the articles are made
    if seeds:
        cache = (f"{from_cache:,} from the cache" if state.cache.folder is not None
                 else "seed cache off")
        state.say(f"Akhbar: {len(seeds):,} seeds prepared ({cache}, up to {processes}"
                      f" processes) in {time.monotonic() - started:.1f} s")
    articles = []
    for path in seeds:
        article = _read_seed(generator, path)
        if article is not None:
            articles.append(article)
    if articles:
        generator.articles = order_content(generator.articles + articles,
                                           settings["ARTICLE_ORDER_BY"])


def _read_seed(generator, path: Path):
    """The Pelican article of one prepared seed, or None (not published: the report says why;
    a failure here is this seed's error, never the whole build's)."""
    try:
        article = generator.readers.read_file(
            base_path=generator.path, path=os.fspath(path), content_class=Article, fmt="txt",
            context=generator.context, context_signal=signals.article_generator_context,
            context_sender=generator)
    except Exception as exc:  # noqa: BLE001 - a bug met by one seed is reported, not fatal
        logger.error("%s", shown(f"Seed {path.name} not published: it could not be"
                                            f" processed ({type(exc).__name__}: {exc})"),
                     exc_info=generator.settings.get("DEBUG", False))
        result = SeedResult(path=path, id=seed_id(path.name), status=ERROR)
        result.warnings.append(f"could not be processed: {type(exc).__name__}: {exc}")
        state.record(result)
        return None
    if isinstance(article, SkipStub) or not article.is_valid():
        return None
    generator.add_source_path(article)
    return article


def on_article_generator_context(generator, metadata) -> None:
    """A Markdown article or translation without a date is undated, never dropped: Pelican
    requires a date, so it gets the placeholder (a translation later takes its seed's date)."""
    if "date" not in metadata:
        metadata["date"] = UNDATED
        metadata["undated"] = True


def on_article_generator_finalized(generator) -> None:
    """Group what Pelican read into stories (a seed and its translations) for the site writer."""
    published = (
        generator.articles + generator.translations
        + generator.hidden_articles + generator.hidden_translations
    )
    translations_dir = os.path.abspath(
        os.path.join(generator.path, generator.settings["AKHBAR_TRANSLATIONS_PATH"]))
    stories, orphans = [], []
    for story in build_stories(published, generator.settings["DEFAULT_LANG"]):
        # Strings, not a Path per story (Pelican's source paths are absolute).
        if os.path.dirname(os.path.normpath(story.original.source_path)) == translations_dir:
            orphans.append(story.id)  # a translation whose seed is not in this build
        else:
            stories.append(story)
    if orphans:
        state.say(
            f"Akhbar: {len(orphans)} translation(s) in {translations_dir} have no seed in this"
            f" build and are not published: {', '.join(sorted(orphans))}"
        )
    link_translations(stories)
    _link_translation_mentions(stories, generator.settings)
    stories.sort(key=lambda s: s.id)
    generator.context["akhbar_stories"] = stories
    state.index = generator.context["akhbar_index"] = ArchiveIndex.cached(
        stories, load_gazetteer(generator.settings["AKHBAR_GAZETTEER"]),
        state.cache.folder if state.cache is not None else None,
    )
    if not generator.settings.get("CATEGORY_SAVE_AS"):
        # Sections are written by the site writer; Pelican would still match every article
        # against every category for the category pages CATEGORY_SAVE_AS = "" turns off, a
        # list scan per article (seconds at 10,000 seeds). The context keeps its own list.
        generator.categories = []
    state.articles = {
        state.source_key(article.source_path): article
        for article in published + generator.drafts + generator.drafts_translations
        if getattr(article, "seed_file", None)
    }
    memory.settled()  # the articles, stories and index: read until the last page is written


def _link_translation_mentions(stories, settings) -> None:
    """Link the first mention of each entity in translated bodies, as seed bodies are."""
    gazetteer = load_gazetteer(settings["AKHBAR_GAZETTEER"])
    for story in stories:
        page = settings["AKHBAR_SEED_URL"].format(id=story.id)
        for lang, version in story.versions.items():
            if version is story.original or lang not in ("ar", "en"):
                continue
            version._content = link_first_mentions(
                version._content, gazetteer, lang,
                lambda eid: posixpath.relpath(settings["AKHBAR_ENTITY_URL"].format(id=eid), page) + "/",
            )


def on_get_generators(pelican):
    """A build starts: claim the output folder, set the previous build's pages aside for the
    writer to keep the unchanged ones (reuse.py), delete the rest of what the previous build
    wrote, and add the site writer. Pelican's own emptying of the output folder is turned off:
    it would delete whatever is there, and the plugin knows what is its own."""
    settings = pelican.settings
    memory.thaw()  # the last build's objects, in a process that builds again
    i18n.load_catalog.cache_clear()  # a catalog or section name edited since the last build
    load_sections.cache_clear()  # of this process (pelican --autoreload) is read again
    found = _start_build(pelican)
    try:
        state.reuse = PageReuse.start(settings, state.cache_folder)
        if settings.get("DELETE_OUTPUT_DIRECTORY"):
            for name in found.ours:  # what was not set aside
                output_folder.remove_entry(state.output / name)
    except OSError as exc:
        logger.error("Akhbar: cannot empty the output folder %s: %s", state.output,
                     described(exc))
        raise SystemExit(1) from None
    pelican.delete_outputdir = False
    return SiteGenerator


def on_finalized(pelican) -> None:
    """The build's last steps: report.json, search index, summary (and --strict)."""
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    try:
        if state.reuse is not None:
            state.reuse.discard_previous()  # in the background: every file is kept or written
        result = _write_report(settings, output)
        searched = _index_for_search(output)
        reuse, state.reuse = state.reuse, None
        if reuse is not None:
            reuse.finish()
            if reuse.summary():
                state.say(reuse.summary())
        if state.cache is not None:
            state.cache.prune()
        strangers = output_folder.complete(output_folder.resolved(output),
                                           list(settings.get("OUTPUT_RETENTION") or ()))
        if strangers:
            logger.warning("%s", shown(
                f"Akhbar: {output_folder.listed(strangers)} appeared in {output} while the"
                " build ran, under names no build gives: not the build's, they stay, and the"
                " next build refuses the folder until they are moved out (or named in"
                " OUTPUT_RETENTION)"))
    except OSError as exc:
        logger.error("Akhbar: the build could not finish writing %s: %s", output,
                     described(exc))
        raise SystemExit(1) from None
    finally:
        state.known_texts.clear()  # the pages are written (pelican --autoreload keeps state)
        state.release_locks()
        if signal.getsignal(signal.SIGINT) is _interrupted:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    _summarise(result, output, strict=settings.get("AKHBAR_STRICT", False))
    if not searched:
        state.say("Akhbar: the search index could not be built (see above): the site's"
                      " search does not work; failing the build")
        sys.exit(1)


def _write_report(settings, output: Path) -> dict:
    trees = trees_from(settings)
    result = report.build_report(
        state.folder or seed_files.SeedFolder(state.seeds_path),
        state.articles,
        state.results(),
        max_bytes=settings["AKHBAR_MAX_SEED_BYTES"],
        trees=trees,
    )
    if state.index is not None:
        result.update(report.index_tables(state.index, trees, settings["AKHBAR_ENTITY_URL"],
                                          settings["AKHBAR_TOPIC_URL"]))
    report.write_report(result, output)
    return result


def _index_for_search(output: Path) -> bool:
    """Wait for the Pagefind runs queued as the trees were written; one line per tree. False
    when a run failed."""
    search, state.search = state.search, None
    if search is None:
        return True
    by_tree: dict[str, list] = {}
    for job in search.finish():
        by_tree.setdefault(job.lang, []).append(job)
        if job.made_from and not job.error and state.reuse is not None:
            folder = job.path.resolve().relative_to(output.resolve()).as_posix()
            state.reuse.bundle_written(folder, job.made_from)
    complete = True
    for tree_jobs in by_tree.values():
        failed = [job for job in tree_jobs if job.error]
        for job in failed:
            logger.error("Search index not built: %s", job.error)
        if failed:
            complete = False
            continue
        first, pages = tree_jobs[0], sum(job.pages for job in tree_jobs)
        extra = len(tree_jobs) - 1
        more = f" and {extra} more bundle{'s' if extra > 1 else ''} beside it" if extra else ""
        reused, files = sum(job.reused for job in tree_jobs), sum(job.files for job in tree_jobs)
        taken = (f"; {reused:,} of its {files:,} files unchanged, taken from the previous build"
                 if reused else "")
        state.say(f"Akhbar: search index of {pages:,} article pages written to "
                      f"{first.path}{more} ({sum(job.seconds for job in tree_jobs):.1f} s of"
                      f" Pagefind runs{taken})")  # summed: runs may overlap
    return complete


def _summarise(result: dict, output: Path, strict: bool) -> None:
    counts = report.summary(result)
    state.say(
        f"Akhbar: {counts['seeds']} seed files -> {counts['published']} published"
        f" ({counts['undated']} undated), {counts['skipped']} skipped,"
        f" {counts['errors']} errors, {counts['warnings']} warnings"
        f" on published seeds; {output / 'report.json'} ({time.monotonic() - state.started:.1f} s)"
    )
    if state.warnings_hidden:
        state.say(f"Akhbar: {state.warnings_hidden:,} more seed warnings are not printed above"
                      f" (AKHBAR_LOG_WARNINGS); every warning is in {output / 'report.json'}")
    problems = counts["skipped"] + counts["errors"] + counts["warnings"]
    if strict and problems:
        state.say(
            f"Akhbar: --strict: {problems} seed problems (see the warnings above and"
            " report.json); failing the build"
        )
        sys.exit(3)


def register() -> None:
    _fail_when_interrupted()
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_pretaxonomy.connect(on_article_generator_pretaxonomy)
    signals.article_generator_context.connect(on_article_generator_context)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.get_generators.connect(on_get_generators)
    signals.finalized.connect(on_finalized)
