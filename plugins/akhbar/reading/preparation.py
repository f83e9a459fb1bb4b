"""One seed prepared for Pelican's reading: decoded, cleaned, dated, its names matched, its
body rendered and its search keys made, from its name and bytes, its sidecar, the plugin's data
files and a few settings (and nothing else, so it can be cached: pool.py). The reader then adds
only what needs Pelican (the section object).

Pelican's own content cache is not used: it keys on the seed file alone (not its sidecar, the
gazetteer or the plugin's code), and a cache hit would skip the reader, which records every seed
for report.json.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from pelican.utils import (
    truncate_html_words,  # Pelican's own summaries, as Pelican cuts them
)

from ..incremental.fingerprint import text_digest
from ..names.gazetteer_file import load_gazetteer
from ..text.arabic import search_forms
from ..text.language import direction, matching_language
from .cleaning import load_rules
from .page_links import relative_to
from .render import render_block, render_body
from .seed import PUBLISHED, SeedInputs, SeedResult, read_inputs, read_seed

logger = logging.getLogger(__name__)

# The settings a prepared seed depends on (anything else the reader adds itself).
SETTINGS = ("AKHBAR_MAX_SEED_BYTES", "AKHBAR_BOILERPLATE_RULES", "AKHBAR_GAZETTEER",
            "AKHBAR_SEED_URL", "AKHBAR_ENTITY_URL", "AKHBAR_SEED_SOURCE_NAME",
            "SUMMARY_MAX_LENGTH", "AKHBAR_SEED_LINKS", "AKHBAR_DATES_FROM_TEXT")
# Data files whose content is part of every key.
DATA_SETTINGS = ("AKHBAR_BOILERPLATE_RULES", "AKHBAR_GAZETTEER")
# Texts whose digest is made as the seed is prepared (see Prepared.text_digests).
DIGESTED_TEXTS = ("content", "search_forms")


@dataclass
class Prepared:
    """What the reader needs for one seed. `metadata` has the section's name under "category"
    (the reader turns it into Pelican's category object)."""

    result: SeedResult
    content: str = ""
    metadata: dict = field(default_factory=dict)
    # The digests of its long texts ("content" and the metadata named), made once here rather
    # than by every build's page digests (fingerprint.KnownTexts).
    text_digests: dict = field(default_factory=dict)


def read_settings(settings) -> dict:
    return {name: settings.get(name) for name in SETTINGS}


# --- Preparing one seed (pure) -------------------------------------------------------------------


def prepare_seed(path: Path, conf: dict, inputs: SeedInputs | None = None) -> Prepared:
    """Prepare one seed, from `inputs` when they have been read (else read now)."""
    if inputs is None:
        inputs = read_inputs(path, conf["AKHBAR_MAX_SEED_BYTES"],
                             bool(conf.get("AKHBAR_SEED_LINKS")))
    result = read_seed(path, max_bytes=conf["AKHBAR_MAX_SEED_BYTES"],
                       rules=load_rules(conf["AKHBAR_BOILERPLATE_RULES"]), inputs=inputs,
                       dates_from_text=bool(conf.get("AKHBAR_DATES_FROM_TEXT")))
    result.raw = b""  # the raw seed is copied from disk when the site is written
    if result.status != PUBLISHED:
        return Prepared(result)
    mentions = _mentions(result, conf)
    content = render_body(result.article.blocks, direction(result.lang),
                          _links(result, mentions, conf))
    prepared = Prepared(result, content, _metadata(result, mentions, conf))
    texts = dict(prepared.metadata, content=content)
    prepared.text_digests = {name: text_digest(texts[name]) for name in DIGESTED_TEXTS
                             if isinstance(texts.get(name), str)}
    # The cleaned blocks now live in the body and the metadata: dropping them halves what the
    # seed cache stores and unpickles on every build.
    result.article = None
    return prepared


def _texts(result: SeedResult) -> list[str]:
    """The texts names and topics are looked for in: the headline, then each block with its
    photo credit (an agency or a place named in a credit counts)."""
    return [result.title] + [b.text + b.credit for b in result.article.blocks]


def _mentions(result: SeedResult, conf: dict):
    """Entity mentions per block, the headline first (a full name in it licenses a short form
    in the body)."""
    gazetteer = load_gazetteer(conf["AKHBAR_GAZETTEER"])
    return gazetteer.find_in_paragraphs(_texts(result), matching_language(result.lang))


def _links(result: SeedResult, mentions, conf: dict):
    """Links for the first body mention of each entity, relative to the article's page."""
    relative = relative_to(conf["AKHBAR_SEED_URL"].format(id=result.id))
    entity_url = conf["AKHBAR_ENTITY_URL"]
    linked: set[str] = set()
    links = []
    for block_mentions in mentions[1:]:
        block_links = []
        for mention in block_mentions:
            if mention.entity not in linked:
                linked.add(mention.entity)
                target = entity_url.format(id=mention.entity)
                block_links.append((mention.start, mention.end, relative(target) + "/"))
        links.append(block_links)
    return links


def _entities(result: SeedResult, mentions, conf: dict):
    """(entity ids by first mention, mentions per entity, topic ids) of the article."""
    counts: dict[str, int] = {}
    for block_mentions in mentions:
        for mention in block_mentions:
            counts[mention.entity] = counts.get(mention.entity, 0) + 1
    gazetteer = load_gazetteer(conf["AKHBAR_GAZETTEER"])
    # The text the names were found in: the gazetteer keeps its fold for this second look.
    text = "\n".join(_texts(result))
    return list(counts), counts, gazetteer.topics_for(text, matching_language(result.lang),
                                                      set(counts))


def _metadata(result: SeedResult, mentions, conf: dict) -> dict:
    article, meta = result.article, result.meta
    base_dir = direction(result.lang)
    entities, entity_counts, topics = _entities(result, mentions, conf)
    seed_dir = conf["AKHBAR_SEED_URL"].format(id=result.id).rstrip("/")
    metadata = {
        "title": result.title,
        "slug": result.id,
        "lang": result.lang,
        "text_dir": base_dir,
        "undated": result.date is None,
        "date": result.date,  # a calendar day; the reader makes Pelican's datetime
        "date_text": article.dateline_text,
        "date_origin": result.date_origin,
        "date_candidate": result.date_candidate and result.date_candidate.isoformat(),
        "kicker": article.kicker,
        "category": meta.get("section") or article.kicker,  # None: the default section
        "related_headlines": list(article.related),
        "source": meta.get("source"),
        "source_en": meta.get("source_en"),
        "source_url": meta.get("url"),
        "source_url_text": meta.get("url_text"),
        "byline": meta.get("author"),
        "byline_text": None if meta.get("author") else article.byline,
        "title_en": meta.get("title_en"),
        "summary_en": meta.get("summary_en"),
        "seed_id": result.id,
        "seed_file": result.name,
        "seed_title": article.title,
        "seed_sha256": result.sha256,
        "seed_encoding": result.encoding,
        "seed_url": f"{seed_dir}/{conf['AKHBAR_SEED_SOURCE_NAME']}",
        "seed_warnings": list(result.warnings),
        "seed_removed": len(article.removed),
        "search_forms": " ".join(search_forms(
            "\n".join([result.title] + [b.text for b in article.blocks])
        )) if result.lang == "ar" else None,
        "entities": entities,
        "entity_counts": entity_counts,
        "topics": topics,
        # Every seed keeps its URL whatever its language (English seeds are originals, not
        # translations, so Pelican's *_LANG_URL patterns do not apply to them); the site
        # writer puts it under each language tree's prefix.
        "url": conf["AKHBAR_SEED_URL"].format(id=result.id),
    }
    lead = next((b for b in article.blocks if b.kind == "paragraph"), None)
    if lead is not None:
        metadata["summary"] = summary(render_block(lead, base_dir),
                                      conf["SUMMARY_MAX_LENGTH"] or 60)
    return {key: value for key, value in metadata.items()
            if value is not None or key in ("date", "category")}


_WORD_RUN = re.compile(r"\w+")
# Characters Pelican's truncation counts as a word each (CJK, kana, hangul).
_ONE_CHARACTER_WORDS = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7ff"
    "\uf900-\ufaff\U00020000-\U0002a6df\U0002f800-\U0002fa1f]")


def summary(html: str, words: int) -> str:
    """`truncate_html_words(html, words)`, Pelican's summary, without running its HTML parser
    over the many leads that are shorter: each word it counts starts a run of word characters
    (\\w+) of the HTML, so HTML with fewer runs than `words` is returned as it is."""
    if len(_WORD_RUN.findall(html)) < words and not _ONE_CHARACTER_WORDS.search(html):
        return html
    return truncate_html_words(html, words)
