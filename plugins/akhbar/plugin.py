"""Signal wiring: each handler is short and hands the real work to a module with one concern."""

from __future__ import annotations

import logging
import os
import posixpath
import sys
import time
from pathlib import Path

from pelican import signals
from pelican.log import console

from . import heap, i18n, report, state
from .reader import SEED_SUFFIXES, UNDATED, SeedReader
from .seed import seed_id
from .entities import load_gazetteer
from .entity_index import ArchiveIndex
from .linking import link_first_mentions
from .parallel import jobs
from .prepare import SeedCache, prepare_all, read_settings
from .reuse import PageReuse
from .sections import load_sections
from .site import SiteGenerator, trees_from
from .stories import build_stories, link_translations
from .template_cache import bytecode_cache

logger = logging.getLogger(__name__)


def _seeds_path(settings) -> Path:
    return Path(os.path.abspath(os.path.expanduser(settings["SEEDS_PATH"])))


def on_initialized(pelican) -> None:
    """Point Pelican's article generator at the seeds folder and check it before reading."""
    settings = pelican.settings
    state.reset()
    state.started = time.monotonic()
    state.warnings_shown = int(settings.get("AKHBAR_LOG_WARNINGS", 50))
    seeds = _seeds_path(settings)
    if not seeds.is_dir():
        logger.error("Seeds folder %s does not exist: no seed articles will be built", seeds)
    elif str(seeds) not in settings["ARTICLE_PATHS"]:
        settings["ARTICLE_PATHS"] = [*settings["ARTICLE_PATHS"], str(seeds)]
    files = report.seed_files(seeds, settings["IGNORE_FILES"]) if seeds.is_dir() else []
    state.files = files
    state.seeds_path = seeds
    state.duplicates = _duplicate_ids(files)
    state.templates = bytecode_cache(settings)
    state.progress_total = sum(1 for f in files if f.suffix.lower() in SEED_SUFFIXES)


def _duplicate_ids(files: list[Path]) -> dict[str, Path]:
    """Seeds whose id (URL) another seed already has: the first in name order keeps it."""
    owner: dict[str, Path] = {}
    duplicates: dict[str, Path] = {}
    for path in files:
        if path.suffix.lower() not in SEED_SUFFIXES:
            continue
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


def on_article_generator_preread(generator) -> None:
    """Prepare every seed before Pelican reads them: in parallel, and from the seed cache.
    (Pelican sends this signal before each file it reads: the work is done at the first.)"""
    if state.cache is not None:
        return
    settings = generator.settings
    folder = settings.get("AKHBAR_CACHE_PATH")
    state.cache = SeedCache(Path(folder).expanduser().resolve() if folder else None,
                            settings.get("AKHBAR_CACHE_KEEP_DAYS", 30))
    seeds = [path for path in state.files if path.suffix.lower() in SEED_SUFFIXES]
    started, processes = time.monotonic(), jobs(settings)
    prepared, from_cache = prepare_all(seeds, read_settings(settings), state.cache, processes,
                                       progress=state.progress)
    state.prepared = {state.source_key(path): item for path, item in prepared.items()}
    heap.settled()  # the prepared seeds: read until the articles are made
    if seeds:
        cache = (f"{from_cache:,} from the cache" if state.cache.folder is not None
                 else "seed cache off")
        console.print(f"Akhbar: {len(seeds):,} seeds prepared ({cache}, up to {processes}"
                      f" processes) in {time.monotonic() - started:.1f} s")


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
        console.print(
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
    heap.settled()  # the articles, stories and index: read until the last page is written


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
    """Add the site writer; and, as Pelican is about to empty the output folder, set the
    previous build's pages aside for the writer to keep the unchanged ones (reuse.py)."""
    folder = pelican.settings.get("AKHBAR_CACHE_PATH")
    heap.thaw()  # the last build's objects, in a process that builds again
    i18n.load_catalog.cache_clear()  # a catalog or section name edited since the last build
    load_sections.cache_clear()  # of this process (pelican --autoreload) is read again
    state.reuse = PageReuse.start(pelican.settings,
                                  Path(folder).expanduser().resolve() if folder else None)
    return SiteGenerator


def on_finalized(pelican) -> None:
    """The build's last steps: report.json, search index, summary (and --strict)."""
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    if state.reuse is not None:
        state.reuse.discard_previous()  # in the background: every file is kept or written
    result = _write_report(settings, output)
    _index_for_search(output)
    reuse, state.reuse = state.reuse, None
    if reuse is not None:
        reuse.finish()
        if reuse.summary():
            console.print(reuse.summary())
    if state.cache is not None:
        state.cache.prune()
    state.known_texts.clear()  # the pages are written (and pelican --autoreload keeps state)
    _summarise(result, output, strict=settings.get("AKHBAR_STRICT", False))


def _write_report(settings, output: Path) -> dict:
    trees = trees_from(settings)
    result = report.build_report(
        state.seeds_path,
        state.files,
        state.articles,
        state.results(),
        extensions=SEED_SUFFIXES,
        max_bytes=settings["AKHBAR_MAX_SEED_BYTES"],
        trees=trees,
    )
    if state.index is not None:
        result.update(report.index_tables(state.index, trees, settings["AKHBAR_ENTITY_URL"],
                                          settings["AKHBAR_TOPIC_URL"]))
    report.write_report(result, output)
    return result


def _index_for_search(output: Path) -> None:
    """Wait for the Pagefind runs queued as the trees were written; one line per tree."""
    search, state.search = state.search, None
    if search is None:
        return
    by_tree: dict[str, list] = {}
    for job in search.finish():
        by_tree.setdefault(job.lang, []).append(job)
        if job.made_from and not job.error and state.reuse is not None:
            folder = job.path.resolve().relative_to(output.resolve()).as_posix()
            state.reuse.bundle_written(folder, job.made_from)
    for tree_jobs in by_tree.values():
        failed = [job for job in tree_jobs if job.error]
        for job in failed:
            logger.error("Search index not built: %s", job.error)
        if failed:
            continue
        first, pages = tree_jobs[0], sum(job.pages for job in tree_jobs)
        extra = len(tree_jobs) - 1
        more = f" and {extra} more bundle{'s' if extra > 1 else ''} beside it" if extra else ""
        reused, files = sum(job.reused for job in tree_jobs), sum(job.files for job in tree_jobs)
        taken = (f"; {reused:,} of its {files:,} files unchanged, taken from the previous build"
                 if reused else "")
        console.print(f"Akhbar: search index of {pages:,} article pages written to "
                      f"{first.path}{more} ({sum(job.seconds for job in tree_jobs):.1f} s of"
                      f" Pagefind runs{taken})")  # summed: runs may overlap


def _summarise(result: dict, output: Path, strict: bool) -> None:
    counts = report.summary(result)
    console.print(
        f"Akhbar: {counts['seeds']} seed files -> {counts['published']} published"
        f" ({counts['undated']} undated), {counts['skipped']} skipped,"
        f" {counts['errors']} errors, {counts['warnings']} warnings"
        f" on published seeds; {output / 'report.json'} ({time.monotonic() - state.started:.1f} s)"
    )
    if state.warnings_hidden:
        console.print(f"Akhbar: {state.warnings_hidden:,} more seed warnings are not printed above"
                      f" (AKHBAR_LOG_WARNINGS); every warning is in {output / 'report.json'}")
    problems = counts["skipped"] + counts["errors"] + counts["warnings"]
    if strict and problems:
        console.print(
            f"Akhbar: --strict: {problems} seed problems (see the warnings above and"
            " report.json); failing the build"
        )
        sys.exit(3)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_preread.connect(on_article_generator_preread)
    signals.article_generator_context.connect(on_article_generator_context)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.get_generators.connect(on_get_generators)
    signals.finalized.connect(on_finalized)
