"""A record (a mapping of whatever names its exporter chose) -> the story's fields, or why not.

Common names are recognised without configuration, in any case and with or without `_`, `-` or
spaces (`datePublished` = `date_published`); `--map field=name` names others, and is tried first.
Exporters nest: a Scrapy item holds lists (a body as paragraphs, a title as a one-item list), a
news API an object (`"source": {"name": ...}`); both are read. Every value then goes through
values.py, and what cannot be used is a warning, never a stop.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from . import markup, values

# field -> the names it is found under, best first (folded: lower case, no _ - . or spaces).
NAMES = {
    "id": ("id", "guid", "_id", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "content", "body", "article", "articlebody", "maintext", "fulltext",
             "description", "summary"),
    "date": ("date", "published", "pubdate", "datepublished", "datepublish", "publishedat",
             "publicationdate", "issued"),
    "url": ("url", "link", "permalink", "canonicalurl"),
    "source": ("source", "outlet", "site", "publisher", "sitename", "sourcename", "newspaper",
               "sourcedomain"),
    "lang": ("lang", "language", "inlanguage"),
    "author": ("author", "authors", "byline", "creator", "writer"),
    "section": ("section", "category", "categories"),
}
FIELDS = tuple(NAMES)
# In a nested object (`"source": {"id": "bbc", "name": "BBC"}`), the member that holds its text.
_INNER = ("name", "title", "text", "value", "content", "#text", "$oid", "href", "url", "term")
_FOLD = re.compile(r"[\s_.\-]+")
# Bodies longer than this are not read at all (no HTML parsed): the build refuses seeds over
# 2,000,000 bytes (AKHBAR_MAX_SEED_BYTES) anyway.
MAX_BODY_CHARS = 4_000_000
_MAX_DEPTH = 4   # lists of lists ... taken apart this deep, no deeper


def fold(name: str) -> str:
    return _FOLD.sub("", name.lower())


class MappingError(ValueError):
    """A --map option the importer cannot use; str() says why."""


def parse_mapping(options) -> dict[str, str]:
    """{field: record's name} from `field=name` options (`--map title=headline_ar`)."""
    mapping: dict[str, str] = {}
    for option in options or ():
        target, sep, name = str(option).partition("=")
        target, name = target.strip().lower(), name.strip()
        if target == "body":
            target = "text"
        if not sep or not name:
            raise MappingError(f"--map {option}: expected FIELD=NAME, e.g. title=headline_ar")
        if target not in NAMES:
            raise MappingError(f"--map {option}: unknown field '{target}' (the fields:"
                               f" {', '.join(FIELDS)})")
        mapping[target] = name
    return mapping


@dataclass
class Story:
    """What one record gives: the seed's text and the sidecar's fields (None: not given)."""

    title: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    id: str | None = None
    url: str | None = None
    address: str | None = None   # the address as the record gives it, valid or not: a name
    date: datetime.date | None = None
    source: str | None = None
    lang: str | None = None
    author: str | None = None
    section: str | None = None
    warnings: list[str] = field(default_factory=list)


class Unusable(ValueError):
    """A record that gives no story (no headline, no body ...); str() is the reason."""


def read_story(data: dict, mapping: dict[str, str] | None = None,
               html: dict[str, bool] | None = None) -> Story:
    """The story in `data` (what the record itself gives: defaults are the caller's). `html`:
    which fields are HTML when the format says so (feeds); else the text is looked at."""
    lookup = _Lookup(data, mapping or {})
    story = Story()
    controls = invalid = 0

    def text_of(name: str, joiner=" ") -> str | None:
        nonlocal controls, invalid
        raw = _as_text(lookup.value(name), joiner)
        if raw is None:
            return None
        cleaned, found, bad = values.clean_text(raw)
        controls, invalid = controls + found, invalid + bad
        return cleaned

    def is_html(name: str, text: str) -> bool:
        return html[name] if html is not None and name in html else markup.looks_like_html(text)

    title = text_of("title")
    if title is not None:
        title = values.one_line(title, is_html("title", title))
    if not title or values.is_blank(title):
        raise Unusable("no title")
    if len(title) > values.MAX_TITLE_CHARS:
        raise Unusable(f"the title is {len(title):,} characters long: not a headline")
    story.title = title

    body = text_of("text", "\n")
    if body is not None and len(body) > MAX_BODY_CHARS:
        raise Unusable(f"the body is {len(body):,} characters long, too long for a seed")
    story.paragraphs = values.paragraphs(body, is_html("text", body)) if body else []
    if not story.paragraphs or all(values.is_blank(p) for p in story.paragraphs):
        raise Unusable("no body")

    story.id = (text_of("id") or "").strip() or None
    for name, read in (("url", values.web_address), ("lang", values.language),
                       ("source", lambda v: values.label(v, "source")),
                       ("author", lambda v: values.label(v, "author")),
                       ("section", lambda v: values.label(v, "section"))):
        text = text_of(name, _names if name == "author" else " ")
        if text is not None:
            text = values.one_line(text, is_html(name, text)) if name != "url" else text
        if name == "url":
            story.address = text.strip() if text and text.strip() else None
        if text:
            try:
                setattr(story, name, read(text))
            except values.Dropped as exc:
                story.warnings.append(str(exc))
    raw_date = lookup.value("date")
    if isinstance(raw_date, list):
        raw_date = next((item for item in raw_date if item not in (None, "")), None)
    if isinstance(raw_date, dict):
        raw_date = _as_text(raw_date, " ")
    if raw_date not in (None, ""):
        try:
            story.date = values.publication_date(raw_date)
        except values.Dropped as exc:
            story.warnings.append(str(exc))
    if controls:
        story.warnings.append(f"{controls} control character(s) taken out of the text")
    if invalid:
        story.warnings.append(f"{invalid} invalid character(s) (lone surrogates) taken out of"
                              " the text")
    return story


class _Lookup:
    """A record's values by field: the mapped name first, then the names of NAMES."""

    def __init__(self, data: dict, mapping: dict[str, str]):
        self.data = data
        self.mapping = mapping
        self.folded: dict[str, object] = {}
        for key, value in data.items():
            if isinstance(key, str):
                self.folded.setdefault(fold(key), value)

    def value(self, name: str):
        mapped = self.mapping.get(name)
        if mapped is not None:
            found = self._mapped(mapped)
            if not _empty(found):
                return found
        for candidate in NAMES[name]:
            found = self.folded.get(candidate)
            if not _empty(found):
                return found
        return None

    def _mapped(self, key: str):
        if key in self.data:
            return self.data[key]
        if fold(key) in self.folded:
            return self.folded[fold(key)]
        value = self.data   # a dotted path into nested objects: source.name
        for part in key.split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _names(parts: list[str]) -> str:
    """Several authors on one line, with the Arabic comma between Arabic names."""
    arabic = any("\u0600" <= char <= "\u06ff" for part in parts for char in part)
    return ("، " if arabic else ", ").join(parts)


def _as_text(value, joiner, depth: int = 0) -> str | None:
    """Text from a value: a string or number as it is; a list's texts joined (`joiner`: a
    string, or a function of the list); an object's text member (`name`, `text`, `value` ...);
    None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if depth >= _MAX_DEPTH:
        return None
    if isinstance(value, list):
        parts = [_as_text(item, joiner, depth + 1) for item in value]
        parts = [part for part in parts if part and part.strip()]
        if not parts:
            return None
        return joiner(parts) if callable(joiner) else joiner.join(parts)
    if isinstance(value, dict):
        for key in _INNER:
            if key in value:
                return _as_text(value[key], joiner, depth + 1)
        return None
    return None
