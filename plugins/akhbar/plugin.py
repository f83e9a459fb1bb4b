"""Signal wiring: each handler is short and hands the real work to a module with one concern."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from pathlib import Path

from pelican import signals
from pelican.log import console

from . import i18n, report, state
from .reader import UNDATED, SeedReader
from .seed import seed_id

logger = logging.getLogger(__name__)


def _seeds_path(settings) -> Path:
    return Path(os.path.abspath(os.path.expanduser(settings["SEEDS_PATH"])))


def on_initialized(pelican) -> None:
    """Point Pelican's article generator at the seeds folder and check it before reading."""
    settings = pelican.settings
    state.reset()
    state.started = time.monotonic()
    seeds = _seeds_path(settings)
    if not seeds.is_dir():
        logger.error("Seeds folder %s does not exist: no seed articles will be built", seeds)
    elif str(seeds) not in settings["ARTICLE_PATHS"]:
        settings["ARTICLE_PATHS"] = [*settings["ARTICLE_PATHS"], str(seeds)]
    files = report.seed_files(seeds, settings["IGNORE_FILES"]) if seeds.is_dir() else []
    state.files = files
    state.seeds_path = seeds
    state.duplicates = _duplicate_ids(files)
    state.progress_total = sum(1 for f in files if f.suffix.lower() == ".txt")


def _duplicate_ids(files: list[Path]) -> dict[Path, Path]:
    """Seeds whose id (URL) another seed already has: the first in name order keeps it."""
    owner: dict[str, Path] = {}
    duplicates: dict[Path, Path] = {}
    for path in files:
        if path.suffix.lower() != ".txt":
            continue
        key = seed_id(path.name)
        if key in owner:
            duplicates[path.resolve()] = owner[key]
        else:
            owner[key] = path
    return duplicates


def on_readers_init(readers) -> None:
    for extension in SeedReader.file_extensions:
        readers.reader_classes[extension] = SeedReader


def on_generator_init(generator) -> None:
    i18n.install(generator.env, generator.settings)


def on_article_generator_finalized(generator) -> None:
    """List undated articles apart: out of the home page, the date archives and the feeds.

    They move to Pelican's hidden articles, which are written but not listed; their sections
    (categories) were already built and still list them.
    """
    undated = [a for a in generator.articles if getattr(a, "undated", False)]
    if undated:
        generator.articles = [a for a in generator.articles if not a.undated]
        generator.hidden_articles = generator.hidden_articles + undated
        generator.context["hidden_articles"] = generator.hidden_articles
        generator.dates = [a for a in generator.dates if not getattr(a, "undated", False)]
        for granularity, archives in list(generator.period_archives.items()):
            generator.period_archives[granularity] = [
                archive for archive in archives if archive["dates"][0].date != UNDATED
            ]
        generator.context["articles"] = generator.articles
        generator.context["dates"] = generator.dates
        generator.context["period_archives"] = generator.period_archives
    generator.context["undated_articles"] = sorted(undated, key=lambda a: a.slug)
    everything = (
        generator.articles + generator.translations
        + generator.hidden_articles + generator.hidden_translations
        + generator.drafts + generator.drafts_translations
    )
    state.articles = {
        Path(article.source_path).resolve(): article
        for article in everything
        if getattr(article, "seed_file", None)
    }


def on_finalized(pelican) -> None:
    """Publish the raw seeds next to their pages, write report.json, print the summary."""
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    articles = getattr(state, "articles", {})
    for source, article in sorted(articles.items()):
        target = output / article.seed_url
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    result = report.build_report(
        state.seeds_path,
        state.files,
        articles,
        state.results(),
        extensions=tuple("." + e for e in SeedReader.file_extensions),
        max_bytes=settings["AKHBAR_MAX_SEED_BYTES"],
    )
    report.write_report(result, output)
    counts = report.summary(result)
    elapsed = time.monotonic() - state.started
    console.print(
        f"Akhbar: {counts['seeds']} seed files -> {counts['published']} published"
        f" ({counts['undated']} undated), {counts['skipped']} skipped,"
        f" {counts['errors']} errors, {counts['warnings']} warnings"
        f" on published seeds; {output / 'report.json'} ({elapsed:.1f} s)"
    )
    problems = counts["skipped"] + counts["errors"] + counts["warnings"]
    if settings.get("AKHBAR_STRICT") and problems:
        console.print(
            f"Akhbar: --strict: {problems} seed problems (see the warnings above and"
            " report.json); failing the build"
        )
        sys.exit(3)


def register() -> None:
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.finalized.connect(on_finalized)
