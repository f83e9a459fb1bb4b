"""The archive as a dataset: `data/stories.jsonl`, `data/stories.csv`, `data/entities.json` and
`data/topics.json` at the output root, for researchers who want the data and not the pages.

One record per published seed, in the report's order (by file name), every field as report.json
and the pages have it. The field names are a public interface (docs/data.md): add, never rename.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from html import unescape

from ..reading.seed import PUBLISHED
from ..system.files import open_atomic, write_atomic

# Field -> what it holds; the order of the CSV's columns and of each JSON record.
FIELDS = {
    "id": "the story's id (its page is articles/<id>/)",
    "url": "its page, relative to the site's root",
    "lang": "the language it was written in (ar, en …)",
    "title": "its headline",
    "title_en": "its English headline: the translation's, or the sidecar's title_en",
    "date": "its publication date (YYYY-MM-DD), empty when no reliable date is known",
    "date_origin": "where the date comes from: dateline, sidecar or text",
    "section": "its section",
    "source": "its publisher, when known",
    "source_url": "the address of the original article, when known",
    "author": "its byline, when known",
    "topics": "ids of its topics (topics.json)",
    "entities": "ids of the people, places and organisations it names (entities.json)",
    "text": "the clean body: paragraphs separated by blank lines",
    "sha256": "SHA-256 of the raw seed file as received",
    "source_file": "the seed file, relative to the seeds folder",
}
FILES = ("stories.jsonl", "stories.csv", "entities.json", "topics.json")
LIST_SEPARATOR = ";"  # between ids in the CSV (ids are ASCII slugs: never inside one)

# The body is HTML this plugin rendered (reading/render.py escapes every character of the seed),
# so a "<" is always one of its own tags: a paragraph, a subheading or a captioned figure each.
_BLOCK = re.compile(r"<(p|h2|figure)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]*>")
_CREDIT = re.compile(r'<span class="credit">')
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain_text(body_html: str) -> str:
    """The text of a rendered body: each block (paragraph, subheading, caption) a paragraph; a
    photo credit after its caption, separated by a space."""
    blocks = []
    for block in _BLOCK.finditer(body_html):
        parts = [unescape(_TAG.sub("", part)).strip()
                 for part in _CREDIT.split(block.group(0), maxsplit=1)]
        text = " ".join(part for part in parts if part)
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def _english_title(article, story) -> str | None:
    if article.lang == "en":
        return article.title
    english = story.versions.get("en") if story is not None else None
    if english is not None and english is not article:
        return english.title
    return getattr(article, "title_en", None)


def story_record(entry: dict, article, story) -> dict:
    """The record of a published seed: `entry` is its report.json entry."""
    category = getattr(article, "category", None)
    return {
        "id": article.slug,
        "url": entry["url"],
        "lang": entry["lang"],
        "title": entry["title"],
        "title_en": _english_title(article, story),
        "date": entry["date"],
        "date_origin": getattr(article, "date_origin", None) if entry["date"] else None,
        "section": str(category.name) if category is not None else None,
        "source": getattr(article, "source", None),
        "source_url": getattr(article, "source_url", None),
        "author": getattr(article, "byline", None) or getattr(article, "byline_text", None),
        "topics": entry["topics"],
        "entities": entry["entities"],
        "text": plain_text(article._content),
        "sha256": entry["sha256"],
        "source_file": entry["source"],
    }


def story_records(report: dict, articles_by_source: dict, stories_by_id: dict):
    """Every published seed's record, in the report's order."""
    for entry in report["articles"]:
        if entry["status"] != PUBLISHED:
            continue
        article = articles_by_source.get(entry["source"])
        if article is not None:
            yield story_record(entry, article, stories_by_id.get(article.slug))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class CsvLines:
    """CSV rows as UTF-8 bytes, one row at a time: quoted where needed, lists joined by ";", and
    a cell a spreadsheet would run as a formula given a leading apostrophe (stories.jsonl keeps
    every value exactly). The file starts with a byte order mark, so that a spreadsheet reads
    the Arabic as Arabic."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def row(self, values) -> bytes:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(values)
        return self._buffer.getvalue().encode("utf-8")

    def header(self) -> bytes:
        return "\ufeff".encode() + self.row(list(FIELDS))

    def record(self, record: dict) -> bytes:
        return self.row([_cell(record[name]) for name in FIELDS])


def _table(rows: dict, gazetteer_items: dict, fields) -> dict:
    """entities.json or topics.json: each with its names, kind, count and page addresses (as in
    report.json's tables) and, for entities, its Wikidata id."""
    table = {}
    for item_id in sorted(rows):
        row = dict(rows[item_id])
        item = gazetteer_items.get(item_id)
        for name in fields:
            value = getattr(item, name, None)
            if value:
                row[name] = value
        table[item_id] = row
    return table


def json_line(record: dict) -> bytes:
    """One line of JSON Lines. U+2028 and U+2029 are escaped: valid in JSON, but line breaks
    to many readers (Python's splitlines, JavaScript before ES2019) that would split a record."""
    line = json.dumps(record, ensure_ascii=False).replace("\u2028", "\\u2028")
    return (line.replace("\u2029", "\\u2029") + "\n").encode("utf-8")


def write_dataset(output, report: dict, articles_by_source: dict, stories_by_id: dict,
                  gazetteer=None, folder: str = "data") -> int:
    """Write the four files under `output`/`folder`, the stories one at a time (a large
    archive's texts are not held twice); returns how many stories they hold."""
    target = os.path.join(os.fspath(output), folder)
    os.makedirs(target, exist_ok=True)

    def partial(name: str) -> str:
        return os.path.join(target, f".{name}.{os.getpid()}")

    count = 0
    lines = CsvLines()
    with open_atomic(os.path.join(target, "stories.jsonl"), partial("stories.jsonl")) as jsonl, \
            open_atomic(os.path.join(target, "stories.csv"), partial("stories.csv")) as table:
        table.write(lines.header())
        for record in story_records(report, articles_by_source, stories_by_id):
            jsonl.write(json_line(record))
            table.write(lines.record(record))
            count += 1
    entities = _table(report.get("entities", {}),
                      gazetteer.entities if gazetteer is not None else {}, ("wikidata",))
    topics = _table(report.get("topics", {}),
                    gazetteer.topics if gazetteer is not None else {}, ())
    for name, data in (("entities.json", entities), ("topics.json", topics)):
        write_atomic(os.path.join(target, name),
                     (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                     partial=partial(name))
    return count
