"""Every setting of the plugin, with its default, applied once when Pelican starts and checked.

A site names only what it changes (docs/settings.md describes each). The plugin also brings the
Pelican settings its site writer needs (its theme, its URL scheme, Pelican's own page writing
off): each takes the place of Pelican's default (a value equal to it counts as unset: a
settings file cannot be told apart from Pelican's defaults). Old names of
renamed settings are still read (docs/migration.md). No Pelican import: tasks.py applies the
same settings before it starts Pelican.
"""

from __future__ import annotations

import copy
import difflib
import logging
from pathlib import Path

from .system.output_folder import WRITTEN_URLS

logger = logging.getLogger(__name__)

PLUGIN = Path(__file__).resolve().parent
DATA = PLUGIN / "data"


def bundled_theme() -> Path:
    """The theme shipped with the plugin: inside the installed package, or the checkout's."""
    packaged = PLUGIN / "theme"
    return packaged if packaged.is_dir() else PLUGIN.parents[1] / "themes" / "akhbar"


# name: (default, kind). Kinds: bool, int (>= 0), text, path (a file that must exist), folder
# (a folder's path), cache (a folder's path, "" = none), templates (the same, or None), url (a
# site path ending in "/"), file (a site path to a file), name (a file name), langs (a dict of
# language -> text), trees, digits, locales.
AKHBAR = {
    # Inputs
    "AKHBAR_SEEDS_PATH": ("seeds", "folder"),  # the raw articles; `invoke build --seeds DIR`
    "AKHBAR_TRANSLATIONS_PATH": ("translations", "text"),  # under PATH: <seed id>.md
    "AKHBAR_MAX_SEED_BYTES": (2_000_000, "int"),  # larger seed files are reported, not read
    "AKHBAR_SEED_LINKS": (False, "bool"),  # follow symbolic links that stay inside the folder
    # A date found only in a story's body is often an event it recalls, not its own: it is
    # reported as `date_candidate`, and used as the story's date only when this is True.
    "AKHBAR_DATES_FROM_TEXT": (False, "bool"),
    "AKHBAR_BOILERPLATE_RULES": (str(DATA / "boilerplate.yml"), "path"),
    "AKHBAR_GAZETTEER": (str(DATA / "gazetteer.yml"), "path"),
    "AKHBAR_SECTION_NAMES": (str(DATA / "sections.yml"), "path"),
    # The build
    "AKHBAR_STRICT": (False, "bool"),  # any seed problem fails the build (`--strict`)
    "AKHBAR_LOG_WARNINGS": (50, "int"),  # seed warnings printed one by one (all in report.json)
    "AKHBAR_JOBS": (0, "int"),  # processes; 0 = one per CPU
    "AKHBAR_CACHE_PATH": (None, "cache"),  # None: CACHE_PATH/akhbar; "" = no cache
    "AKHBAR_CACHE_KEEP_DAYS": (30, "int"),  # an entry no build used for this long is deleted
    # Compiled templates: None = in the cache folder (off with it); "" = not kept; a folder of
    # their own = kept there even with the cache off, and shared by any builds at once.
    "AKHBAR_TEMPLATE_CACHE_PATH": (None, "templates"),
    "AKHBAR_REUSE_PAGES": (True, "bool"),  # a rebuild renders only the pages that changed
    "AKHBAR_SEARCH": (True, "bool"),  # the Pagefind index, after every build
    "AKHBAR_SEARCH_SHARD_PAGES": (1500, "int"),  # article pages per search bundle; 0 = one
    # The archive as a dataset (stories.jsonl, stories.csv, entities.json, topics.json) and
    # its page in each language, under AKHBAR_DATA_URL.
    "AKHBAR_DATA_FILES": (True, "bool"),
    "AKHBAR_PRODUCTION_SITEURL": ("", "text"),  # the address `invoke build --production` uses
    # Languages and dates
    "AKHBAR_LANGUAGES": ({"ar": "", "en": "en/"}, "trees"),  # language -> URL prefix; first at /
    "AKHBAR_LANGUAGE_NAMES": ({"ar": "العربية", "en": "English"}, "langs"),
    "AKHBAR_SITENAMES": ({"ar": "أخبار", "en": "Akhbar"}, "langs"),
    "AKHBAR_SITESUBTITLES": ({"ar": "أرشيف إخباري ثنائي اللغة", "en": "A bilingual news archive"},
                             "langs"),
    "AKHBAR_DATE_LOCALES": ({"ar": "ar", "en": "en"}, "locales"),  # Babel; "ar_SY": كانون الأول
    "AKHBAR_DIGITS": ({"ar": "latn", "en": "latn"}, "digits"),  # "arab": ١٤ ديسمبر ٢٠١٦
    "AKHBAR_HIJRI": (False, "bool"),  # the Umm al-Qura date beside the Gregorian one
    # URLs (public: changing one breaks links)
    "AKHBAR_SEED_URL": ("articles/{id}/", "url"),
    "AKHBAR_ENTITY_URL": ("entities/{id}/", "url"),
    "AKHBAR_TOPIC_URL": ("topics/{id}/", "url"),
    "AKHBAR_ENTITIES_URL": ("entities/", "url"),
    "AKHBAR_SEARCH_URL": ("search/", "url"),
    "AKHBAR_UNDATED_URL": ("undated/", "url"),
    # The data page in each tree; at the root, the folder of the data files beside it.
    "AKHBAR_DATA_URL": ("data/", "url"),
    "AKHBAR_SEED_SOURCE_NAME": ("source.txt", "name"),  # the raw seed, next to its page
    # Feeds (production builds, with an absolute SITEURL)
    "AKHBAR_FEED_PATH": ("feeds/all.atom.xml", "file"),
    "AKHBAR_TOPIC_FEED_PATH": ("feeds/topics/{id}.atom.xml", "file"),
    "AKHBAR_FEED_MAX_ITEMS": (50, "int"),
}

# Old name -> new name. The old one is read when the new one is not set.
RENAMED = {
    "SEEDS_PATH": "AKHBAR_SEEDS_PATH",
    "SITENAMES": "AKHBAR_SITENAMES",
    "SITESUBTITLES": "AKHBAR_SITESUBTITLES",
    "LANGUAGE_NAMES": "AKHBAR_LANGUAGE_NAMES",
    "UNDATED_URL": "AKHBAR_UNDATED_URL",
}

# Pelican settings the site writer needs, each replacing Pelican's default (only). A setting
# whose Pelican default a site may mean (RELATIVE_URLS = False in a production build) is not
# here: a site sets it (docs/settings.md).
PELICAN = {
    "DEFAULT_CATEGORY": "أخبار",  # a seed with no kicker and no `section` in its sidecar
    "TIMEZONE": "UTC",  # seeds give calendar days, not times: never shift them
    "READERS": {"html": None, "htm": None},  # raw HTML never becomes a page
    "FILENAME_METADATA": r"(?!)",  # a date in a file name is not a publication date
    "USE_FOLDER_AS_CATEGORY": False,
    "ARTICLE_TRANSLATION_ID": None,  # the plugin pairs translations itself
    "ARTICLE_URL": "articles/{slug}/", "ARTICLE_LANG_URL": "articles/{slug}/",
    "ARTICLE_SAVE_AS": "", "ARTICLE_LANG_SAVE_AS": "",
    "DRAFT_SAVE_AS": "", "DRAFT_LANG_SAVE_AS": "",
    "PAGE_URL": "pages/{slug}/", "PAGE_SAVE_AS": "pages/{slug}/index.html",
    "PAGE_LANG_URL": "{lang}/pages/{slug}/", "PAGE_LANG_SAVE_AS": "{lang}/pages/{slug}/index.html",
    "CATEGORY_URL": "sections/{slug}/", "CATEGORY_SAVE_AS": "", "CATEGORIES_URL": "sections/",
    "TAG_URL": "topics/{slug}/", "TAG_SAVE_AS": "", "TAGS_URL": "topics/",
    "AUTHOR_SAVE_AS": "", "AUTHORS_SAVE_AS": "",
    "ARCHIVES_URL": "archive/",
    "YEAR_ARCHIVE_URL": "archive/{date:%Y}/", "YEAR_ARCHIVE_SAVE_AS": "",
    "MONTH_ARCHIVE_URL": "archive/{date:%Y}/{date:%m}/", "MONTH_ARCHIVE_SAVE_AS": "",
    "DAY_ARCHIVE_SAVE_AS": "",
    "DIRECT_TEMPLATES": [],  # the site writer writes the lists, once per language tree
    "PAGINATED_TEMPLATES": {"index": None, "category": None, "undated": None, "entity": 50,
                            "topic": 50},
    "PAGINATION_PATTERNS": [
        (1, "{url}", "{save_as}"),
        (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
    ],
    "DEFAULT_PAGINATION": 20,
    # Replace what the plugin's last build wrote, and only that (Pelican's own emptying of the
    # whole folder stays off): pages of deleted seeds go, unchanged pages are reused.
    "DELETE_OUTPUT_DIRECTORY": True,
    "SUMMARY_MAX_LENGTH": 45,
    "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None,
}


# Pelican settings that would make Pelican write pages the plugin's site writer writes.
WRITTEN_BY_THE_PLUGIN = ("ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS", "DIRECT_TEMPLATES",
                         "CATEGORY_SAVE_AS", "TAG_SAVE_AS")
LANGUAGES = ("ar", "en")  # the languages the gazetteer and the theme's catalogs hold
DIGITS = ("latn", "arab")


class SettingsError(ValueError):
    """A setting the plugin cannot work with; the message names it."""


def apply(settings: dict, pelican_defaults: dict | None = None) -> list[str]:
    """Fill in the plugin's defaults, read old names, check every AKHBAR_ setting; return the
    notices for the log (old names, unknown AKHBAR_ names). Raises SettingsError.

    `pelican_defaults`: Pelican's own defaults (pelican.settings.DEFAULT_CONFIG); where the
    site's value is Pelican's default, the plugin's value takes its place."""
    notices = []
    for old, new in RENAMED.items():
        if old in settings and new not in settings:
            settings[new] = settings[old]
            notices.append(f"the setting {old} is now called {new}; the old name still works"
                           " (docs/migration.md)")
        elif old in settings and settings[old] != settings[new]:
            raise SettingsError(f"Akhbar: {old} and {new} are both set, to different values:"
                                f" {old} is the old name of {new}; set only {new}")
    own_names = {name: name in settings for name in ("AKHBAR_SITENAMES", "AKHBAR_SITESUBTITLES")}
    for name, (default, _kind) in AKHBAR.items():
        settings.setdefault(name, copy.deepcopy(default))
    if pelican_defaults is not None:
        def unset(name: str) -> bool:
            return settings.get(name, pelican_defaults.get(name)) == pelican_defaults.get(name)

        for name, value in PELICAN.items():
            if unset(name):
                settings[name] = value
        langs = settings["AKHBAR_LANGUAGES"]
        if unset("DEFAULT_LANG") and isinstance(langs, dict) and langs:
            settings["DEFAULT_LANG"] = next(iter(langs))  # the language at the site's root
        for name, names in (("SITENAME", "AKHBAR_SITENAMES"),
                            ("SITESUBTITLE", "AKHBAR_SITESUBTITLES")):
            if not isinstance(settings[names], dict):
                continue
            if unset(name):
                settings[name] = settings[names].get(settings.get("DEFAULT_LANG"),
                                                     settings.get(name))
            elif not own_names[names] and settings.get(name):
                # A site that names itself (SITENAME) but not per language: that name, in the
                # default language's tree.
                settings[names][settings.get("DEFAULT_LANG")] = settings[name]
    if settings["AKHBAR_CACHE_PATH"] is None:
        settings["AKHBAR_CACHE_PATH"] = str(Path(settings.get("CACHE_PATH") or "cache")
                                            / "akhbar")
    problems = [problem for name, (_default, kind) in AKHBAR.items()
                if (problem := _check(name, settings[name], kind))]
    for name in WRITTEN_BY_THE_PLUGIN:
        if settings.get(name):
            problems.append(f"{name} must be empty: the plugin writes those pages itself")
    langs = settings["AKHBAR_LANGUAGES"]
    if not problems:
        problems += _data_folder_clashes(settings)
    if not problems and settings.get("DEFAULT_LANG") not in langs:
        problems.append(f"DEFAULT_LANG ({settings.get('DEFAULT_LANG')!r}) must be one of the"
                        f" languages of AKHBAR_LANGUAGES ({', '.join(langs)})")
    if problems:
        raise SettingsError("Akhbar: " + "; ".join(problems))
    for name in sorted(settings):
        if isinstance(name, str) and name.startswith("AKHBAR_") and name not in AKHBAR:
            close = difflib.get_close_matches(name, AKHBAR, n=1)
            notices.append(f"unknown setting {name}"
                           + (f" (did you mean {close[0]}?)" if close else ""))
    return notices


def _check(name: str, value, kind: str) -> str | None:
    """What is wrong with one setting's value, in a phrase naming it; None when nothing is."""
    if kind == "templates":
        return None if value is None or isinstance(value, str) else (
            f"{name} must be a folder's path, \"\" or None, not {value!r}")
    if kind == "bool" and not isinstance(value, bool):
        return f"{name} must be True or False, not {value!r}"
    if kind == "int" and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        return f"{name} must be a whole number, 0 or more, not {value!r}"
    if kind in ("text", "folder", "cache", "path", "url", "file", "name") and not isinstance(
            value, str):
        return f"{name} must be text, not {value!r}"
    if kind in ("folder", "path") and not value.strip():
        return f"{name} must name a {'folder' if kind == 'folder' else 'file'}, not be empty"
    if kind == "path" and not Path(value).expanduser().is_file():
        return f"{name}: there is no file {value}"
    if kind in ("url", "file", "name"):
        return _check_site_path(name, value, kind)
    if kind in ("langs", "trees", "digits", "locales"):
        return _check_languages(name, value, kind)
    return None


# Settings naming the pages and files a build writes (besides the data files' own): the folder
# of the data files must be none of theirs (it would write into their pages, or they into it).
_SITE_PATHS = tuple(name for name in WRITTEN_URLS if name != "AKHBAR_DATA_URL")


def _data_folder_clashes(settings) -> list[str]:
    """AKHBAR_DATA_URL's first folder is the data files' at the site's root, and its page's in
    each tree: it must be no language tree's and no other page's first folder."""
    first = settings["AKHBAR_DATA_URL"].strip("/").split("/", 1)[0]
    taken = {(value or "").strip("/").split("/", 1)[0]: name for name in _SITE_PATHS
             if isinstance(value := settings.get(name), str)}
    taken.update({prefix.strip("/").split("/", 1)[0]: f"the {lang} tree (AKHBAR_LANGUAGES)"
                  for lang, prefix in settings["AKHBAR_LANGUAGES"].items() if prefix})
    if first in taken:
        return [(f"AKHBAR_DATA_URL ({settings['AKHBAR_DATA_URL']!r}) must name a folder of its"
                 f" own: {first}/ is taken by {taken[first]}")]
    return []


def _check_site_path(name: str, value: str, kind: str) -> str | None:
    """A path the build writes under the output folder: relative, inside it, one level for a
    file name; "{id}" where the default has it."""
    parts = value.split("/")
    if (value.startswith("/") or "\\" in value or any(p in (".", "..") for p in parts)
            or "%" in value or any(ord(c) < 32 for c in value)):
        return (f"{name} must be a path inside the site (no '..', no '%', not absolute), not"
                f" {value!r}")
    if kind == "url" and not value.endswith("/"):
        return f"{name} must be a path ending in '/' (like 'articles/{{id}}/'), not {value!r}"
    if kind == "file" and not value.endswith(".xml"):
        return f"{name} must be the path of an .xml file, not {value!r}"
    if kind == "name" and (len(parts) != 1 or not value.endswith(".txt") or value == ".txt"):
        return f"{name} must be a file name ending in .txt (like 'source.txt'), not {value!r}"
    wanted = "{id}" in AKHBAR[name][0]
    if wanted != ("{id}" in value):
        return f"{name} must {'' if wanted else 'not '}hold {{id}}"
    return None


def _check_languages(name: str, value, kind: str) -> str | None:
    if not isinstance(value, dict) or not value or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return f"{name} must be a dict of language codes to text, like {AKHBAR[name][0]!r}"
    if kind == "trees":
        if not set(value) <= set(LANGUAGES):
            return f"{name}: the languages can be {' and '.join(LANGUAGES)}, not {list(value)}"
        prefixes = list(value.values())
        if prefixes[0] != "" or any(
                not p.endswith("/") or p.count("/") != 1 or p in ("/", "./", "../")
                for p in prefixes[1:]):
            return (f"{name}: the first language's prefix must be \"\" (the site's root) and"
                    f" each other's one folder name ending in '/' (like \"en/\"), not {value!r}")
        if len(set(prefixes)) != len(prefixes):
            return f"{name}: two languages have the same prefix: {value!r}"
    if kind == "digits" and not set(value.values()) <= set(DIGITS):
        return f"{name}: digits can be {' or '.join(DIGITS)}, not {value!r}"
    if kind == "locales":
        from babel import Locale, UnknownLocaleError  # noqa: PLC0415 - only when checking

        for lang, locale in value.items():
            try:
                Locale.parse(locale)
            except (UnknownLocaleError, ValueError):
                return f"{name}: Babel has no locale {locale!r} (for {lang})"
    return None
