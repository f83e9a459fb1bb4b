"""Akhbar site settings: the one place for knobs.

Pelican loads this file by path (`pelican -s pelican.conf.py`); `invoke build` passes its options
on as Pelican `-e/--extra-settings` overrides, so every option is also a setting here. Settings
that start with AKHBAR_ (and SEEDS_PATH) belong to the Akhbar plugin; see the README for each.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- Site -----------------------------------------------------------------------------------
SITENAME = "أخبار"
SITESUBTITLE = "أرشيف إخباري ثنائي اللغة"
# The site's name in each language tree (SITENAME/SITESUBTITLE are the default language's).
SITENAMES = {"ar": "أخبار", "en": "Akhbar"}
SITESUBTITLES = {"ar": "أرشيف إخباري ثنائي اللغة", "en": "A bilingual news archive"}
SITEURL = ""  # a production build sets the absolute address: invoke build --production
RELATIVE_URLS = True  # links work from any folder and any sub-path (GitHub Pages project sites)
# The published site's address (e.g. "https://user.github.io/my-archive"), used by
# `invoke build --production` when --siteurl is not given.
AKHBAR_PRODUCTION_SITEURL = ""
TIMEZONE = "UTC"  # seeds give calendar days, not times: never shift them
DEFAULT_LANG = "ar"
DEFAULT_CATEGORY = "أخبار"  # section of a seed with no kicker and no `section` in its sidecar
DEFAULT_DATE = None  # never invent a date (no file mtime, no "today")

# --- Inputs ---------------------------------------------------------------------------------
PATH = str(HERE / "content")  # editorial content (Markdown pages, later translations)
SEEDS_PATH = str(HERE / "seeds")  # raw scraped articles; `invoke build --seeds DIR` overrides
ARTICLE_PATHS = ["articles", "translations"]  # content/...; the plugin reads SEEDS_PATH itself
AKHBAR_TRANSLATIONS_PATH = "translations"  # content/translations/<seed id>.md (Slug: <seed id>)
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
READERS = {"html": None, "htm": None}  # a seed folder must never feed raw HTML into pages
FILENAME_METADATA = r"(?!)"  # never matches: a date in a file name is not a publication date
USE_FOLDER_AS_CATEGORY = False

# --- Akhbar plugin --------------------------------------------------------------------------
PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = ["akhbar"]
AKHBAR_MAX_SEED_BYTES = 2_000_000  # larger seed files are reported as errors, not read
AKHBAR_SEED_LINKS = False  # True: follow symbolic links in the seeds folder that stay inside it
AKHBAR_BOILERPLATE_RULES = str(HERE / "plugins" / "akhbar" / "data" / "boilerplate.yml")
AKHBAR_STRICT = False  # True (or `invoke build --strict`): any seed problem fails the build
AKHBAR_LOG_WARNINGS = 50  # seed warnings printed one by one; the rest are counted (all are in report.json)
AKHBAR_DATE_LOCALES = {"ar": "ar", "en": "en"}  # Babel locales; "ar_SY" gives كانون الأول
AKHBAR_DIGITS = {"ar": "latn", "en": "latn"}  # "arab" for Arabic-Indic digits (١٤ ديسمبر ٢٠١٦)
AKHBAR_HIJRI = False  # True: show the Hijri (Umm al-Qura) date beside the Gregorian one
AKHBAR_SEED_URL = "articles/{id}/"  # stable: derived from the seed's file name only
AKHBAR_ENTITY_URL = "entities/{id}/"  # one page per entity (person, place, organisation ...)
AKHBAR_TOPIC_URL = "topics/{id}/"
AKHBAR_ENTITIES_URL = "entities/"
AKHBAR_SEARCH = True  # build the Pagefind search index after every build
AKHBAR_SEARCH_SHARD_PAGES = 1500  # article pages per search bundle (Pagefind holds one bundle in memory); 0 = one bundle
AKHBAR_JOBS = 0  # processes preparing seeds and writing the language trees (and up to 2 Pagefind runs after); 0 = one per CPU
AKHBAR_CACHE_PATH = str(HERE / "cache" / "seeds")  # prepared seeds of earlier builds; "" = off
AKHBAR_CACHE_KEEP_DAYS = 30  # a cache entry no build has used for this long is deleted
AKHBAR_REUSE_PAGES = True  # a rebuild renders only the pages whose content changed (record kept in the cache)
# Feeds (written by production builds, which have an absolute SITEURL)
AKHBAR_FEED_PATH = "feeds/all.atom.xml"  # per language tree: /feeds/… and /en/feeds/…
AKHBAR_TOPIC_FEED_PATH = "feeds/topics/{id}.atom.xml"
AKHBAR_FEED_MAX_ITEMS = 50
AKHBAR_SEARCH_URL = "search/"
AKHBAR_GAZETTEER = str(HERE / "plugins" / "akhbar" / "data" / "gazetteer.yml")
# Language trees: language -> URL prefix. The first is the default (Arabic, at the root).
AKHBAR_LANGUAGES = {"ar": "", "en": "en/"}
LANGUAGE_NAMES = {"ar": "العربية", "en": "English"}  # the language switch, each in itself
AKHBAR_SECTION_NAMES = str(HERE / "plugins" / "akhbar" / "data" / "sections.yml")
AKHBAR_SEED_SOURCE_NAME = "source.txt"  # the raw seed, byte for byte, next to its page

# --- Output ---------------------------------------------------------------------------------
OUTPUT_PATH = str(HERE / "output")
# Stale pages never survive a rebuild: the plugin deletes what its last build wrote (and only
# that: docs/security.md), in place of Pelican's emptying of the whole folder.
DELETE_OUTPUT_DIRECTORY = True
THEME = str(HERE / "themes" / "akhbar")
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,  # seed text is text: templates mark the body HTML `|safe` explicitly
    "extensions": ["jinja2.ext.i18n"],
}
CACHE_CONTENT = False
# The plugin pairs seeds and translations into stories itself (stories.py); Pelican's pairing
# compares every article with every other (seconds at 10,000 seeds) and is not used.
ARTICLE_TRANSLATION_ID = None

# URL scheme (public: changing it breaks links; see the README's migration notes). Every tree
# uses these paths under its prefix (AKHBAR_LANGUAGES): /archive/ and /en/archive/.
# The Akhbar site writer writes every page, once per language tree; Pelican's own writing is
# off (empty *_SAVE_AS, no DIRECT_TEMPLATES), so nothing is written twice.
ARTICLE_URL = "articles/{slug}/"
ARTICLE_LANG_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
PAGE_LANG_URL = "{lang}/pages/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/pages/{slug}/index.html"
CATEGORY_URL = "sections/{slug}/"
CATEGORY_SAVE_AS = ""
CATEGORIES_URL = "sections/"
TAG_URL = "topics/{slug}/"
TAG_SAVE_AS = ""
TAGS_URL = "topics/"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_URL = "archive/"
YEAR_ARCHIVE_URL = "archive/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_URL = "archive/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
UNDATED_URL = "undated/"
DIRECT_TEMPLATES = []
DEFAULT_PAGINATION = 20
# Lists paginated by the site writer (None: DEFAULT_PAGINATION per page).
PAGINATED_TEMPLATES = {"index": None, "category": None, "undated": None, "entity": 50,
                       "topic": 50}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 45

# Feeds arrive with the publishing work; none are written yet.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
