"""From seeds to Pelican articles, and from articles to stories: the reading half of a build.

Pelican never walks the seeds folder itself (it would follow links out of it, open pipes, and
read Markdown or HTML files left there): the seeds of the build's scan are prepared in
parallel and from the seed cache, then made into articles by Pelican's own reading
(reader.SeedReader), and grouped with their translations into stories for the site writer.
"""

from __future__ import annotations

import logging
import os
import posixpath
import time
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.readers import SkipStub
from pelican.utils import order_content

from .build import Build, say
from .incremental.fingerprint import plugin_code_digest
from .incremental.seed_cache import SeedCache
from .names.entity_index import ArchiveIndex
from .names.gazetteer_file import load_gazetteer
from .names.linking import link_first_mentions
from .reading.pool import prepare_all
from .reading.preparation import read_settings
from .reading.seed import ERROR, SeedResult, seed_id
from .site.story_views import build_stories, link_translations
from .system import memory
from .system.files import shown
from .system.parallel import jobs

logger = logging.getLogger(__name__)


def read_seeds(build: Build, generator) -> None:
    """Every seed of the seeds folder's scan (and nothing else there) as a Pelican article."""
    settings = generator.settings
    build.cache = SeedCache(build.cache_folder, settings["AKHBAR_CACHE_KEEP_DAYS"])
    seeds = build.folder.seeds if build.folder is not None else []
    started, processes = time.monotonic(), jobs(settings)
    prepared, from_cache = prepare_all(seeds, read_settings(settings), build.cache, processes,
                                       progress=build.progress,
                                       root=build.folder.root if build.folder else None)
    build.prepared = {build.source_key(path): item for path, item in prepared.items()}
    memory.settled()  # the prepared seeds: read until the articles are made
    if seeds:
        cache = (f"{from_cache:,} from the cache" if build.cache.folder is not None
                 else "seed cache off")
        say(f"Akhbar: {len(seeds):,} seeds prepared ({cache}, up to {processes}"
            f" processes) in {time.monotonic() - started:.1f} s")
    articles = []
    for path in seeds:
        article = _read_seed(build, generator, path)
        if article is not None:
            articles.append(article)
    if articles:
        generator.articles = order_content(generator.articles + articles,
                                           settings["ARTICLE_ORDER_BY"])


def _read_seed(build: Build, generator, path: Path):
    """The Pelican article of one prepared seed, or None (not published: the report says why;
    a failure here is this seed's error, never the whole build's)."""
    try:
        article = generator.readers.read_file(
            base_path=generator.path, path=os.fspath(path), content_class=Article, fmt="txt",
            context=generator.context, context_signal=signals.article_generator_context,
            context_sender=generator)
    except Exception as exc:
        logger.error("%s", shown(f"Seed {path.name} not published: it could not be"
                                 f" processed ({type(exc).__name__}: {exc})"),
                     exc_info=generator.settings.get("DEBUG", False))
        result = SeedResult(path=path, id=seed_id(path.name), status=ERROR)
        result.warnings.append(f"could not be processed: {type(exc).__name__}: {exc}")
        build.record(result)
        return None
    if isinstance(article, SkipStub) or not article.is_valid():
        return None
    generator.add_source_path(article)
    return article


def group_stories(build: Build, generator) -> None:
    """Group what Pelican read into stories (a seed and its translations) for the site
    writer, and index their names."""
    settings = generator.settings
    published = (
        generator.articles + generator.translations
        + generator.hidden_articles + generator.hidden_translations
    )
    translations_dir = os.path.abspath(
        os.path.join(generator.path, settings["AKHBAR_TRANSLATIONS_PATH"]))
    stories, orphans = [], []
    for story in build_stories(published, settings["DEFAULT_LANG"]):
        # Strings, not a Path per story (Pelican's source paths are absolute).
        if os.path.dirname(os.path.normpath(story.original.source_path)) == translations_dir:
            orphans.append(story.id)  # a translation whose seed is not in this build
        else:
            stories.append(story)
    if orphans:
        say(f"Akhbar: {len(orphans)} translation(s) in {translations_dir} have no seed in this"
            f" build and are not published: {', '.join(sorted(orphans))}")
    link_translations(stories)
    gazetteer = load_gazetteer(settings["AKHBAR_GAZETTEER"])
    _link_translation_mentions(stories, gazetteer, settings)
    stories.sort(key=lambda s: s.id)
    generator.context["akhbar_stories"] = build.stories = stories
    build.index = generator.context["akhbar_index"] = ArchiveIndex.cached(
        stories, gazetteer, build.cache.folder if build.cache is not None else None,
        plugin_code_digest())
    if not settings.get("CATEGORY_SAVE_AS"):
        # Sections are written by the site writer; Pelican would still match every article
        # against every category for the category pages CATEGORY_SAVE_AS = "" turns off, a
        # list scan per article. The context keeps its own list.
        generator.categories = []
    build.articles = {
        build.source_key(article.source_path): article
        for article in published + generator.drafts + generator.drafts_translations
        if getattr(article, "seed_file", None)
    }
    memory.settled()  # the articles, stories and index: read until the last page is written


def _link_translation_mentions(stories, gazetteer, settings) -> None:
    """Link the first mention of each entity in translated bodies, as seed bodies are."""
    for story in stories:
        page = settings["AKHBAR_SEED_URL"].format(id=story.id)
        for lang, version in story.versions.items():
            if version is story.original or lang not in ("ar", "en"):
                continue
            version._content = link_first_mentions(
                version._content, gazetteer, lang,
                lambda eid, page=page: posixpath.relpath(
                    settings["AKHBAR_ENTITY_URL"].format(id=eid), page) + "/",
            )
