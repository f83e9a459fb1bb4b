"""What a page is made from, as a digest: equal digests mean the page would be rendered the same.

A rebuild keeps a page of the previous build when its digest has not changed (see reuse.py).
The digest of a page is the digest of its tree (templates, catalogs, settings, the plugin's code
and data, the library versions: anything every page may show) plus what its writer in site.py
declares it shows: an article page its story in full and its related stories' teasers, a list
page the teasers of the stories it lists, an entity page the entity's statistics. A template
that starts reading other data must have its writer declare it; the incremental build tests
(tests/build/test_incremental.py) compare rebuilds after each kind of edit with a cold build.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re
import sys
from importlib import metadata as distributions
from pathlib import Path

FORMAT = 1  # bump when what a digest covers changes
# Fields of a story that only its own article page shows: an edit to them leaves the lists
# (index, sections, entity pages, related stories) that show the story's teaser unchanged.
PAGE_ONLY_FIELDS = frozenset({
    "_content", "search_forms", "related_headlines", "related", "seed_sha256", "seed_encoding",
    "seed_warnings", "seed_removed", "seed_title", "date_text", "date_origin", "date_candidate",
    "entity_counts", "byline", "byline_text", "source_url", "source_url_text",
})
# Pelican's bookkeeping on each content object: the whole build's context and settings (in the
# tree's digest already), and links to other content objects (digested by their slug).
SKIPPED_FIELDS = frozenset({"_context", "settings", "metadata", "translations", "_summary"})
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")
# Data files a page may show (names, sections, what cleaning removed), named by these settings.
DATA_FILE_SETTINGS = ("AKHBAR_GAZETTEER", "AKHBAR_SECTION_NAMES", "AKHBAR_BOILERPLATE_RULES")
LIBRARIES = ("pelican", "jinja2", "markupsafe", "babel", "markdown", "beautifulsoup4", "pagefind",
             "cbor2", "hijridate")


def text_digest(text: str) -> str:
    """The digest of a text; every digest is one. A long text's is made where the text is
    made (prepare.py: once per seed, then kept in the seed cache), so that a story's digest
    need not encode it on every build."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def digest(*parts) -> str:
    """A stable digest of plain data (str, numbers, dates, lists, dicts, Pelican objects)."""
    return text_digest(json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_plain,
                                  separators=(",", ":")))


def _plain(value):
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, tuple):
        return list(value)
    code = getattr(value, "__code__", None)
    if code is not None:  # a function of the settings file (JINJA_FILTERS ...): its code,
        # and the values it was made with (select_autoescape(["html"]) keeps its list in a
        # closure; another list is another function)
        return ["function", getattr(value, "__qualname__", ""), code.co_code.hex(),
                list(code.co_names), _ADDRESS.sub("", repr(code.co_consts)),
                _ADDRESS.sub("", repr([getattr(value, "__defaults__", None),
                                       getattr(value, "__kwdefaults__", None),
                                       _closure(value)]))]
    slug = getattr(value, "slug", None)
    if slug is not None and hasattr(value, "name"):  # Category, Tag, Author
        return [type(value).__name__, str(value.name), str(slug)]
    if slug is not None and hasattr(value, "source_path"):  # another article: by reference
        return [type(value).__name__, str(slug), str(getattr(value, "lang", ""))]
    return _ADDRESS.sub("", f"{type(value).__name__}:{value!r}")


class KnownTexts:
    """Texts whose digest is known, by identity: a field still holding the very object that was
    digested is digested as that digest (a body or search keys: the longest texts, which
    would otherwise be JSON-encoded again on every build). A text replaced since, even by an
    equal one, is encoded as any other value, so a plugin or step that rewrites a body can
    never leave a stale digest."""

    def __init__(self):
        self._by_id: dict[int, tuple[str, str]] = {}  # id(text) -> (text, its digest)

    def add(self, text: str, known: str) -> None:
        self._by_id[id(text)] = (text, known)  # the reference keeps the id from being reused

    def get(self, value) -> str | None:
        entry = self._by_id.get(id(value))
        return entry[1] if entry is not None and entry[0] is value else None

    def clear(self) -> None:
        self._by_id.clear()


def _closure(function) -> list:
    values = []
    for cell in getattr(function, "__closure__", None) or ():
        try:
            values.append(cell.cell_contents)
        except ValueError:  # a cell not yet filled
            values.append("<empty>")
    return values


def version_fields(version, known: KnownTexts | None = None) -> dict:
    """Everything a Pelican article (a seed or a translation) carries, as plain data; a text
    whose digest is `known` as its digest."""
    fields = {key: value for key, value in vars(version).items() if key not in SKIPPED_FIELDS}
    fields["summary"] = str(getattr(version, "summary", "") or "")
    if known is not None:
        for key, value in fields.items():
            if type(value) is str and len(value) > 64:  # short ones cost less to encode
                text = known.get(value)
                if text is not None:
                    fields[key] = ["text digest", text]
    return fields


class StoryDigests:
    """Per-story digests, computed once per build: `full` for its own page, `teaser` for the
    pages that list it (without the fields only its own page shows)."""

    def __init__(self, known: KnownTexts | None = None):
        self.known = known
        self._full: dict[str, str] = {}
        self.teasers: dict[str, str] = {}  # story id -> teaser digest, of those computed so far

    def _compute(self, story) -> None:
        # The original is one of the versions: which one is all it adds.
        versions = {lang: version_fields(v, self.known)
                    for lang, v in sorted(story.versions.items())}
        teaser = self.teasers[story.id] = digest("teaser", story.id, story.original.lang, {
            lang: {k: v for k, v in fields.items() if k not in PAGE_ONLY_FIELDS}
            for lang, fields in versions.items()
        })
        # The full digest adds the page-only fields to the teaser's: each field is encoded once.
        self._full[story.id] = digest("story", teaser, {
            lang: {k: v for k, v in fields.items() if k in PAGE_ONLY_FIELDS}
            for lang, fields in versions.items()
        })

    def full(self, story) -> str:
        if story.id not in self._full:
            self._compute(story)
        return self._full[story.id]

    def teaser(self, story) -> str:
        try:
            return self.teasers[story.id]
        except KeyError:
            self._compute(story)
            return self.teasers[story.id]


def files_digest(folder: Path) -> str:
    """Every file under `folder` (a theme: templates, catalogs, static files), names and bytes;
    or the file `folder` itself."""
    h = hashlib.blake2b(digest_size=16)
    if folder.is_file():
        h.update(folder.read_bytes())
    elif folder.is_dir():
        for path in sorted(p for p in folder.rglob("*")
                           if p.is_file() and "__pycache__" not in p.parts):
            h.update(path.relative_to(folder).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


@functools.cache
def plugin_code_digest() -> str:
    """The plugin's code and data files (every file of the package but bytecode), once per
    process: part of every cache key whose entries the code makes (pages, prepared seeds, the
    entity index), so that another version of any module starts them again."""
    return files_digest(Path(__file__).resolve().parents[1])


def _version(name: str) -> str:
    try:
        return distributions.version(name)
    except distributions.PackageNotFoundError:
        return "-"


def _text_keys(value):
    """Settings with every dict key as text: JSON needs text keys, and sorting mixed ones fails."""
    if isinstance(value, dict):
        return {repr(key): _text_keys(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_text_keys(item) for item in value]
    return value


def _settings_only(settings) -> dict:
    """The settings proper (upper-case names, as Pelican's are): not what a plugin keeps beside
    them, such as the running build (whose state differs on every run)."""
    return {key: value for key, value in settings.items()
            if isinstance(key, str) and key.isupper()}


def build_digest(settings) -> str:
    """What every page of the build shares: settings, theme (and template overrides), the
    plugin's code and data files, Python and library versions."""
    data = [files_digest(Path(settings[name])) if settings.get(name) else "-"
            for name in DATA_FILE_SETTINGS]
    overrides = [files_digest(Path(folder)) for folder in
                 settings.get("THEME_TEMPLATES_OVERRIDES") or ()]
    return digest(
        "build", FORMAT, sys.version, [_version(name) for name in LIBRARIES],
        plugin_code_digest(), data,
        files_digest(Path(settings["THEME"])), overrides, _text_keys(_settings_only(settings)),
    )
