"""Akhbar site settings: what this site sets; every other setting has the plugin's default.

Pelican loads this file by path (`pelican -s pelican.conf.py`); `invoke build` passes its options
on as Pelican `-e/--extra-settings` overrides, so every option is also a setting here. The
plugin's settings (AKHBAR_*), their defaults and the Pelican settings the plugin sets for its
site writer are listed in docs/settings.md (and in plugins/akhbar/settings.py).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

# --- Site -----------------------------------------------------------------------------------
SITEURL = ""  # a production build sets the absolute address: invoke build --production
RELATIVE_URLS = True  # links work from any folder and any sub-path (GitHub Pages project sites)
# The published site's address (e.g. "https://user.github.io/my-archive"), used by
# `invoke build --production` when --siteurl is not given.
AKHBAR_PRODUCTION_SITEURL = ""
# The site's name and subtitle in each language tree.
AKHBAR_SITENAMES = {"ar": "أخبار", "en": "Akhbar"}
AKHBAR_SITESUBTITLES = {"ar": "أرشيف إخباري ثنائي اللغة", "en": "A bilingual news archive"}
DEFAULT_DATE = None  # never invent a date (no file mtime, no "today")
TIMEZONE = "UTC"  # seeds give calendar days, not times: never shift them
# The plugin writes the feeds (AKHBAR_FEED_PATH), once per language tree; not Pelican.
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# --- Inputs ---------------------------------------------------------------------------------
PATH = str(HERE / "content")  # editorial content (Markdown pages, later translations)
AKHBAR_SEEDS_PATH = str(HERE / "seeds")  # raw scraped articles; `invoke build --seeds DIR`
ARTICLE_PATHS = ["articles", "translations"]  # content/...; the plugin reads the seeds itself
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]

# --- Plugin ---------------------------------------------------------------------------------
PLUGIN_PATHS = [str(HERE / "plugins")]
PLUGINS = ["akhbar"]
AKHBAR_CACHE_PATH = str(HERE / "cache" / "seeds")  # prepared seeds of earlier builds; "" = off
AKHBAR_JOBS = 0  # processes preparing seeds and writing the language trees; 0 = one per CPU

# --- Output ---------------------------------------------------------------------------------
OUTPUT_PATH = str(HERE / "output")
# Stale pages never survive a rebuild: the plugin deletes what its last build wrote (and only
# that: docs/security.md), in place of Pelican's emptying of the whole folder.
DELETE_OUTPUT_DIRECTORY = True
THEME = str(HERE / "themes" / "akhbar")  # the plugin's own theme (its default)
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,  # seed text is text: templates mark the body HTML `|safe` explicitly
    "extensions": ["jinja2.ext.i18n"],
}
CACHE_CONTENT = False
