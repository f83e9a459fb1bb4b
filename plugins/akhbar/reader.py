"""Pelican reader for seed files: a prepared seed (reading/preparation.py) -> (body HTML,
Pelican metadata).

A seed that cannot be published is returned with status `skip`, so Pelican drops it quietly
while the plugin's report says why; Pelican's own "Could not process" traceback path is kept for
bugs, not for users' files.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from pathlib import Path

from pelican.readers import BaseReader

from .build import Build
from .reading.preparation import prepare_seed, read_settings
from .reading.seed import PUBLISHED, SKIPPED
from .system.files import shown

logger = logging.getLogger(__name__)

# Pelican requires a date on every article. An undated seed gets this placeholder, which the
# plugin removes from every date-based listing and the templates never show (`undated` is True).
UNDATED = datetime.datetime(1000, 1, 1, tzinfo=datetime.UTC)


# The longest section slug kept as Pelican makes it (a folder name may have 255 bytes).
MAX_SLUG = 100


def section_slug(name: str) -> str:
    """A stable slug for a section name Pelican can make none of (or only a long one)."""
    return "section-" + hashlib.blake2b(name.encode("utf-8", "surrogatepass"),
                                        digest_size=5).hexdigest()


class SeedReader(BaseReader):
    enabled = True
    file_extensions = ["txt"]  # noqa: RUF012 - Pelican's reader interface: a class list

    def read(self, source_path):
        build = Build.of(self.settings)
        key = build.source_key(source_path)  # a string: no Path made per seed
        prepared = build.prepared.pop(key, None)
        if prepared is None:  # not prepared ahead (a file Pelican found on its own)
            prepared = prepare_seed(Path(source_path), read_settings(self.settings))
            build.tick()
        result = prepared.result
        owner = build.duplicates.get(key)
        if owner is not None and result.status == PUBLISHED:
            result.status = SKIPPED
            result.warnings.insert(
                0, f"its id '{result.id}' (and so its URL) is already used by {owner.name}:"
                " rename one of the two files"
            )
        build.record(result)
        if result.status != PUBLISHED:
            logger.warning("Seed %s not published: %s", shown(result.name),
                           shown(result.warnings[0]))
            return "", {"status": "skip", "title": result.name}
        for warning in result.warnings:
            build.warn_seed(shown(result.name), warning)
        metadata = dict(prepared.metadata)
        for name, known in prepared.text_digests.items():  # the objects Pelican's article keeps
            build.known_texts.add(prepared.content if name == "content" else metadata[name], known)
        metadata["date"] = self._datetime(metadata["date"])
        metadata["category"] = self._category(metadata["category"]
                                              or self.settings["DEFAULT_CATEGORY"], build)
        if not (self.settings.get("ARTICLE_SAVE_AS") or self.settings.get("ARTICLE_LANG_SAVE_AS")):
            # Pelican writes no article page (the site writer does): saying so here spares it
            # formatting each seed's path into an empty pattern.
            metadata["save_as"] = ""
        return prepared.content, metadata

    def _category(self, name: str, build: Build):
        category = self.process_metadata("category", name)
        slug = build.sections.slugs.get(name)
        if slug:
            category.slug = slug
        elif not category.slug or len(category.slug) > MAX_SLUG:
            # No letter or digit Pelican's slug keeps ("!!!", emoji), or too long to be a
            # folder's name (a kicker of 300 letters): a short stable one.
            category.slug = section_slug(name)
        return category

    @staticmethod
    def _datetime(day: datetime.date | None) -> datetime.datetime:
        if day is None:
            return UNDATED
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)

