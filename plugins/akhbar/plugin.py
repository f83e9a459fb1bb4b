"""Signal wiring: each handler finds the running build and hands it to the step that does the
work (start, articles, generator, finish). Nothing here holds state."""

from __future__ import annotations

import logging

from pelican import signals

from .articles import group_stories, read_seeds
from .build import Build
from .finish import finish_build
from .generator import ArchiveGenerator
from .reader import UNDATED, SeedReader
from .site import i18n
from .start import apply_settings, fail_when_interrupted, seeds_path, start_build

logger = logging.getLogger(__name__)


def on_initialized(pelican) -> None:
    """Apply the plugin's settings (defaults, old names, checks), then check the seeds folder."""
    apply_settings(pelican)
    seeds = seeds_path(pelican.settings)
    if not seeds.is_dir():
        logger.error("Akhbar: AKHBAR_SEEDS_PATH: %s %s", seeds,
                     "is not a folder" if seeds.exists() else "does not exist")
        raise SystemExit(2)


def on_get_generators(pelican):
    """A build starts (the first signal of each run): claim the folders, add the site writer."""
    start_build(pelican)
    return ArchiveGenerator


def on_readers_init(readers) -> None:
    for extension in SeedReader.file_extensions:
        readers.reader_classes[extension] = SeedReader


def on_generator_init(generator) -> None:
    i18n.install(generator.env, generator.settings)
    generator.env.bytecode_cache = Build.of(generator.settings).templates


def on_article_generator_pretaxonomy(generator) -> None:
    read_seeds(Build.of(generator.settings), generator)


def on_article_generator_context(generator, metadata) -> None:
    """A Markdown article or translation without a date is undated, never dropped: Pelican
    requires a date, so it gets the placeholder (a translation later takes its seed's date)."""
    if "date" not in metadata:
        metadata["date"] = UNDATED
        metadata["undated"] = True


def on_article_generator_finalized(generator) -> None:
    group_stories(Build.of(generator.settings), generator)


def on_finalized(pelican) -> None:
    finish_build(Build.of(pelican.settings), pelican.settings)


def register() -> None:
    fail_when_interrupted()
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_get_generators)
    signals.readers_init.connect(on_readers_init)
    signals.generator_init.connect(on_generator_init)
    signals.article_generator_pretaxonomy.connect(on_article_generator_pretaxonomy)
    signals.article_generator_context.connect(on_article_generator_context)
    signals.article_generator_finalized.connect(on_article_generator_finalized)
    signals.finalized.connect(on_finalized)
