"""`report.json`: one entry per file in the seeds folder, so no seed is ever lost silently.

Field names are a public interface (users script against them): `source`, `status`, `lang`,
`title`, `date`, `date_candidate`, `url`, `warnings`, `sha256`, `encoding`, `topics`, `entities`
per article, and the top-level `topics` and `entities` tables. Add fields, never rename.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..reading.seed import ERROR, PUBLISHED, SKIPPED, SeedResult, read_seed
from ..system.files import write_atomic


def article_entry(source: str, article, trees) -> dict:
    """A published seed; its `url` is its page in its own language's tree."""
    prefix = trees[article.lang].prefix if article.lang in trees else ""
    return {
        "source": source,
        "status": PUBLISHED,
        "lang": article.lang,
        "title": article.title,
        "date": None if article.undated else article.date.date().isoformat(),
        "date_candidate": getattr(article, "date_candidate", None),
        "url": prefix + article.url,
        "warnings": list(getattr(article, "seed_warnings", [])),
        "sha256": article.seed_sha256,
        "encoding": article.seed_encoding,
        "topics": list(getattr(article, "topics", [])),
        "entities": list(getattr(article, "entities", [])),
    }


def unpublished_entry(source: str, result: SeedResult) -> dict:
    return {
        "source": source,
        "status": result.status,
        "lang": result.lang,
        "title": result.title,
        "date": None,
        "date_candidate": None,
        "url": None,
        "warnings": list(result.warnings),
        "sha256": result.sha256 or None,
        "encoding": result.encoding,
        "topics": [],
        "entities": [],
    }


def other_file_entry(source: str, reason: str, status: str = SKIPPED) -> dict:
    return {
        "source": source,
        "status": status,
        "lang": None,
        "title": None,
        "date": None,
        "date_candidate": None,
        "url": None,
        "warnings": [reason],
        "sha256": None,
        "encoding": None,
        "topics": [],
        "entities": [],
    }


def build_report(
    folder,
    articles: dict[str, object],
    results: dict[str, SeedResult | None],
    *,
    max_bytes: int,
    trees: dict,
    source_key,
) -> dict:
    """One entry per entry of the seeds folder (seed_files.SeedFolder), in name order.

    `articles` maps seeds (by `source_key(path)`, the build's key of a seed) to the Pelican
    articles built from them;
    `results` maps them to what the reader recorded.
    """
    entries = []
    for source, path, other in folder.entries():
        if other is not None:
            entries.append(other_file_entry(source, other.reason, other.status))
            continue
        key = source_key(path)
        if key in articles:
            entries.append(article_entry(source, articles[key], trees))
            continue
        result = results.get(key) or read_seed(path, max_bytes=max_bytes)
        if result.status == PUBLISHED:
            # The reader accepted it but Pelican did not build a page: say so.
            result.status = ERROR
            result.warnings.insert(0, "no page was built for it (see the build log)")
        entries.append(unpublished_entry(source, result))
    return {"articles": entries}


def index_tables(index, trees, entity_url: str, topic_url: str) -> dict:
    """Top-level `entities` and `topics` tables: every one that has a page, with its URLs."""
    def table(stats_by_id, items, pattern, kind_of):
        return {
            item_id: {
                "kind": kind_of(items[item_id]),
                **{f"name_{lang}": getattr(items[item_id], f"name_{lang}") for lang in trees},
                **{f"url_{lang}": tree.prefix + pattern.format(id=item_id)
                   for lang, tree in trees.items()},
                "articles": len(stats.stories),
            }
            for item_id, stats in stats_by_id.items()
        }

    gazetteer = index.gazetteer
    return {
        "topics": table(index.topics, gazetteer.topics, topic_url, lambda _t: "topic"),
        "entities": table(index.entities, gazetteer.entities, entity_url, lambda e: e.kind),
    }


def summary(report: dict) -> dict[str, int]:
    entries = report["articles"]
    return {
        "seeds": len(entries),
        "published": sum(e["status"] == PUBLISHED for e in entries),
        "undated": sum(e["status"] == PUBLISHED and e["date"] is None for e in entries),
        "skipped": sum(e["status"] == SKIPPED for e in entries),
        "errors": sum(e["status"] == ERROR for e in entries),
        "warnings": sum(len(e["warnings"]) for e in entries if e["status"] == PUBLISHED),
    }


def write_report(report: dict, output_path: Path) -> Path:
    target = Path(output_path) / "report.json"
    write_atomic(target, (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode(),
                 partial=target.with_name(f".report.json.{os.getpid()}"))
    return target
