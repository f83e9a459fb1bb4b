"""An RSS or Atom feed file -> its items as records, read by feedparser.

feedparser is given the file's bytes, never a name: given a string it may fetch it as a URL. It
drops a feed's DOCTYPE before parsing, so external entities (a file, an address) and entity
bombs are never expanded (tests/unit/importing show it), and it sanitises the HTML it returns.
Each item is kept as received: its XML, cut from the file, when every item can be found in it
one to one; otherwise the entry as feedparser read it, as JSON (docs/import.md).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import feedparser

from ..system.files import shown
from .records import NotImportable, Record, Source
from .values import Dropped, publication_date

_ITEM = re.compile(r"<((?:[A-Za-z_][\w.-]*:)?(?:item|entry))(?:\s[^>]*)?(?<!/)>.*?</\1\s*>",
                   re.DOTALL)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(path: Path, data: bytes) -> Source:
    """The feed in `data` (the bytes of `path`) and its items; NotImportable if it is none."""
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    name = shown(str(path))
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise NotImportable(f"{name}: not an RSS or Atom feed"
                            + (f" ({str(why)[:200]})" if why else ""))
    source = Source(path, "feed", iter(()), parsed.get("encoding"), received_as="xml")
    if parsed.get("bozo"):
        why = str(parsed.get("bozo_exception"))[:200]
        source.warnings.append(f"the feed is not well-formed XML ({why}): read by feedparser's"
                               " lenient parser")
    channel = parsed.get("feed", {})
    if channel.get("title"):
        source.defaults["source"] = channel["title"]
    if channel.get("language"):
        source.defaults["lang"] = channel["language"]
    items = _item_texts(data, parsed.get("encoding"), len(parsed.entries))
    if items is None:
        source.received_as = "feedparser-json"
    source.records = _records(parsed.entries, items)
    return source


def _item_texts(data: bytes, encoding: str | None, count: int) -> list[str] | None:
    """Each item's XML as it is in the file, or None when the items found are not the entries
    one to one (an item in a comment or a CDATA section, an unusual prefix)."""
    try:
        text = data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        return None
    found = [match.group(0) for match in _ITEM.finditer(text)]
    return found if len(found) == count else None


def _records(entries, items: list[str] | None):
    for number, entry in enumerate(entries, 1):
        received = items[number - 1] if items is not None else json.dumps(
            entry, ensure_ascii=False, default=_plain)
        body, body_html = _body(entry)
        title_detail = entry.get("title_detail") or {}
        data = {
            "id": entry.get("id"),
            "title": entry.get("title"),
            "text": body,
            "date": _date(entry),
            "url": entry.get("link"),
            "author": entry.get("author"),
            "section": next((tag.get("term") for tag in entry.get("tags") or ()
                             if tag.get("term")), None),
            "lang": title_detail.get("language") or None,
            "source": (entry.get("source") or {}).get("title"),
        }
        html = {"title": title_detail.get("type") in _HTML_TYPES, "text": body_html,
                "author": False, "section": False, "source": False}
        yield Record(number, f"item {number}", data, received, html=html)


def _body(entry) -> tuple[str | None, bool]:
    """The fullest text an item has (content:encoded or atom:content, else its description or
    summary) and whether it is HTML."""
    candidates = [c for c in entry.get("content") or () if c.get("value")]
    if not candidates and entry.get("summary"):
        candidates = [entry.get("summary_detail") or {"value": entry["summary"],
                                                      "type": "text/html"}]
    if not candidates:
        return None, False
    best = max(candidates, key=lambda c: len(c.get("value") or ""))
    return best.get("value"), best.get("type", "text/html") in _HTML_TYPES


def _date(entry):
    """The item's date as written (values.py reads it in its own time zone), else the day of
    feedparser's reading of it (which knows more forms, but gives it in UTC)."""
    written = entry.get("published") or entry.get("updated")
    try:
        return publication_date(written) if written else _parsed_day(entry)
    except Dropped:
        return _parsed_day(entry) or written


def _parsed_day(entry) -> str | None:
    """The day of feedparser's own reading of a date it knows and values.py does not (UTC)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _plain(value):
    if isinstance(value, time.struct_time):
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return str(value)
