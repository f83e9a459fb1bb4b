"""Pelican reader for seed files: `SeedResult` -> (body HTML, Pelican metadata).

A seed that cannot be published is returned with status `skip`, so Pelican drops it quietly
while the plugin's report says why; Pelican's own "Could not process" traceback path is kept for
bugs, not for users' files.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
from pathlib import Path

from pelican.readers import BaseReader
from pelican.utils import truncate_html_words

from .arabic import search_forms
from .cleaning import load_rules
from .entities import load_gazetteer
from .language import direction
from .sections import load_sections
from .render import render_body, render_block
from .seed import PUBLISHED, SKIPPED, SeedResult, read_seed
from . import state

logger = logging.getLogger(__name__)

# Pelican requires a date on every article. An undated seed gets this placeholder, which the
# plugin removes from every date-based listing and the templates never show (`undated` is True).
UNDATED = datetime.datetime(1000, 1, 1, tzinfo=datetime.UTC)


class SeedReader(BaseReader):
    enabled = True
    file_extensions = ["txt"]

    def read(self, source_path):
        settings = self.settings
        path = Path(source_path)
        result = read_seed(
            path,
            max_bytes=settings["AKHBAR_MAX_SEED_BYTES"],
            rules=load_rules(settings["AKHBAR_BOILERPLATE_RULES"]),
        )
        owner = state.duplicates.get(path.resolve())
        if owner is not None and result.status == PUBLISHED:
            result.status = SKIPPED
            result.warnings.insert(
                0, f"its id '{result.id}' (and so its URL) is already used by {owner.name}:"
                " rename one of the two files"
            )
        state.record(result)
        state.tick()
        if result.status != PUBLISHED:
            logger.warning("Seed %s not published: %s", result.name, result.warnings[0])
            return "", {"status": "skip", "title": result.name}
        for warning in result.warnings:
            logger.warning("Seed %s: %s", result.name, warning)
        return self._content(result), self._metadata(result)

    def _content(self, result: SeedResult) -> str:
        return render_body(result.article.blocks, direction(result.lang), self._links(result))

    def _mentions(self, result: SeedResult):
        """Entity mentions per body block (the headline is searched too, so a full name in it
        licenses a short form in the body), computed once per seed."""
        if not hasattr(result, "mentions"):
            gazetteer = load_gazetteer(self.settings["AKHBAR_GAZETTEER"])
            texts = [result.title] + [b.text + b.credit for b in result.article.blocks]
            result.mentions = gazetteer.find_in_paragraphs(texts, result.lang)
        return result.mentions

    def _links(self, result: SeedResult):
        """Links for the first body mention of each entity, relative to the article's page."""
        article_url = self.settings["AKHBAR_SEED_URL"].format(id=result.id)
        linked: set[str] = set()
        links = []
        for block_mentions in self._mentions(result)[1:]:
            block_links = []
            for mention in block_mentions:
                if mention.entity not in linked:
                    linked.add(mention.entity)
                    target = self.settings["AKHBAR_ENTITY_URL"].format(id=mention.entity)
                    href = posixpath.relpath(target, article_url) + "/"
                    block_links.append((mention.start, mention.end, href))
            links.append(block_links)
        return links

    def _entities(self, result: SeedResult) -> tuple[list[str], dict[str, int], list[str]]:
        """(entity ids by first mention, mentions per entity, topic ids) of the article."""
        counts: dict[str, int] = {}
        for block_mentions in self._mentions(result):
            for mention in block_mentions:
                counts[mention.entity] = counts.get(mention.entity, 0) + 1
        gazetteer = load_gazetteer(self.settings["AKHBAR_GAZETTEER"])
        text = "\n".join([result.title] + [b.text for b in result.article.blocks])
        topics = gazetteer.topics_for(text, result.lang, set(counts))
        return list(counts), counts, topics

    def _metadata(self, result: SeedResult) -> dict:
        settings, article, meta = self.settings, result.article, result.meta
        base_dir = direction(result.lang)
        entities, entity_counts, topics = self._entities(result)
        seed_dir = settings["AKHBAR_SEED_URL"].format(id=result.id).rstrip("/")
        metadata = {
            "title": result.title,
            "slug": result.id,
            "lang": result.lang,
            "text_dir": base_dir,
            "undated": result.date is None,
            "date": self._datetime(result.date),
            "date_text": article.dateline_text,
            "date_origin": result.date_origin,
            "kicker": article.kicker,
            "category": self._category(
                meta.get("section") or article.kicker or settings["DEFAULT_CATEGORY"]
            ),
            "related_headlines": list(article.related),
            "source": meta.get("source"),
            "source_en": meta.get("source_en"),
            "source_url": meta.get("url"),
            "byline": meta.get("author"),
            "title_en": meta.get("title_en"),
            "summary_en": meta.get("summary_en"),
            "seed_id": result.id,
            "seed_file": result.name,
            "seed_title": article.title,
            "seed_sha256": result.sha256,
            "seed_encoding": result.encoding,
            "seed_url": f"{seed_dir}/{settings['AKHBAR_SEED_SOURCE_NAME']}",
            "seed_warnings": list(result.warnings),
            "seed_removed": len(article.removed),
            "search_forms": " ".join(search_forms(
                "\n".join([result.title] + [b.text for b in article.blocks])
            )) if result.lang == "ar" else None,
            "entities": entities,
            "entity_counts": entity_counts,
            "topics": topics,
            # Every seed keeps its URL whatever its language (English seeds are originals,
            # not translations, so Pelican's *_LANG_URL patterns do not apply to them); the
            # site writer puts it under each language tree's prefix.
            "url": settings["AKHBAR_SEED_URL"].format(id=result.id),
        }
        lead = next((b for b in article.blocks if b.kind == "paragraph"), None)
        if lead is not None:
            metadata["summary"] = truncate_html_words(
                render_block(lead, base_dir), settings["SUMMARY_MAX_LENGTH"] or 60
            )
        return {key: value for key, value in metadata.items() if value is not None}

    def _category(self, name: str):
        category = self.process_metadata("category", name)
        slug = load_sections(self.settings["AKHBAR_SECTION_NAMES"]).slugs.get(name)
        if slug:
            category.slug = slug
        return category

    @staticmethod
    def _datetime(day: datetime.date | None) -> datetime.datetime:
        if day is None:
            return UNDATED
        return datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
