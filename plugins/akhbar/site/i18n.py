"""Interface strings and localised formats for the templates, through Babel (no system locales).

Catalogs are the theme's `translations/<lang>/LC_MESSAGES/messages.po`, compiled in memory at
build time (compiled catalogs are never committed). The gettext functions installed in Jinja pick
the catalog from the page being rendered (its article's or page's `lang`), so an English seed's
page gets an English interface inside the Arabic site.
"""

from __future__ import annotations

import datetime
import io
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations
from jinja2 import pass_context
from markupsafe import Markup, escape

from ..text.bidi import closed
from .timeline import timeline_svg


def read_catalog(theme_path: str, lang: str) -> NullTranslations:
    po_path = Path(theme_path) / "translations" / lang / "LC_MESSAGES" / "messages.po"
    if not po_path.is_file():
        return NullTranslations()
    with open(po_path, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def page_lang(context, default: str) -> str:
    """The interface language of the page being rendered: its language tree's, else its
    article's or page's, else the site's."""
    if context.get("TREE_LANG"):
        return context["TREE_LANG"]
    for name in ("article", "page"):
        content = context.get(name)
        lang = getattr(content, "lang", None)
        if isinstance(lang, str) and lang:
            return lang
    return context.get("page_lang") or default


def install(env, settings) -> None:
    """Install gettext callables, the `format_date`/`format_number` filters and `page_lang`."""
    theme, default = settings["THEME"], settings["DEFAULT_LANG"]
    catalogs: dict[str, NullTranslations] = {}  # this environment's: read again every build

    def load_catalog(theme: str, lang: str) -> NullTranslations:
        if lang not in catalogs:
            catalogs[lang] = read_catalog(theme, lang)
        return catalogs[lang]
    date_locales = settings.get("AKHBAR_DATE_LOCALES", {})

    def catalog(context):
        return load_catalog(theme, page_lang(context, default))

    @pass_context
    def gettext(context, message):
        return catalog(context).ugettext(message)

    @pass_context
    def ngettext(context, singular, plural, n):
        return catalog(context).ungettext(singular, plural, n)

    @pass_context
    def pgettext(context, msgctxt, message):
        return catalog(context).upgettext(msgctxt, message)

    @pass_context
    def npgettext(context, msgctxt, singular, plural, n):
        return catalog(context).unpgettext(msgctxt, singular, plural, n)

    env.add_extension("jinja2.ext.i18n")
    env.autoescape = True  # seed text is text, whatever JINJA_ENVIRONMENT says
    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext,
                                  npgettext=npgettext)

    # The same newstyle gettext in one call instead of three: a page calls `_` some sixty
    # times, and Jinja's call indirections add up over every page of the archive.
    # A message without variables translates the same on every page of a language: once.
    translated: dict = {}

    @pass_context
    def direct_gettext(context, message, **variables):
        if not variables:
            key = (page_lang(context, default), message, context.eval_ctx.autoescape)
            text = translated.get(key)
            if text is None:
                text = translated[key] = _translate(context, message, variables)
            return text
        return _translate(context, message, variables)

    def _translate(context, message, variables):
        text = catalog(context).ugettext(message)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    @pass_context
    def direct_ngettext(context, singular, plural, n, **variables):
        variables.setdefault("num", n)
        text = catalog(context).ungettext(singular, plural, n)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    env.globals.update(_=direct_gettext, gettext=direct_gettext, ngettext=direct_ngettext)

    digits = settings.get("AKHBAR_DIGITS", {})
    hijri = settings.get("AKHBAR_HIJRI", False)

    def format_date(value, lang=None, fmt="long"):
        lang = lang or default
        return localise_date(value, lang, date_locales.get(lang, lang), digits.get(lang, "latn"),
                             fmt)

    def format_hijri(value, lang=None):
        lang = lang or default
        return hijri_date(value, lang, digits.get(lang, "latn")) if hijri else ""

    def format_number(value, lang=None):
        lang = lang or default
        return localise_number(value, lang, digits.get(lang, "latn"))

    def timeline(dates, label, lang=None):
        """Inline SVG of articles by month; each bar titled "December 2016: 2 articles"."""
        lang = lang or default
        catalog_ = load_catalog(theme, lang)

        def bar_label(month, count):
            # The same (month, count) bars recur across thousands of entity charts.
            label = bar_labels.get((lang, month, count))
            if label is None:
                name = localise_date(datetime.date(month[0], month[1], 1), lang,
                                     date_locales.get(lang, lang), digits.get(lang, "latn"),
                                     "MMMM y")
                articles = catalog_.ungettext("%(num)s article", "%(num)s articles", count)
                label = bar_labels[(lang, month, count)] = (
                    f"{name}: " + articles % {"num": format_number(count, lang)})
            return label

        key = (tuple(dates), str(label), lang)
        if key not in timelines:  # every page of a paginated entity shows the same chart
            timelines[key] = Markup(timeline_svg(list(dates), str(label), bar_label))
        return timelines[key]

    timelines: dict = {}
    bar_labels: dict = {}

    env.globals["timeline"] = timeline
    env.globals["render_once"] = rendered_once()
    # A string in another language than the page's (the bilingual 404 page): _in("en", "...").
    env.globals["_in"] = lambda lang, message: load_catalog(theme, lang).ugettext(message)
    env.filters["bidi_closed"] = closed  # seed text where no block ends its bidi controls
    env.filters["format_hijri"] = format_hijri
    env.globals["format_hijri"] = format_hijri
    env.filters["format_date"] = format_date
    env.filters["format_number"] = format_number
    env.globals["format_date"] = format_date
    env.globals["format_number"] = format_number
    env.globals["page_lang_of"] = pass_context(lambda context: page_lang(context, default))
    env.globals["page_path"] = page_path


# A macro that takes SITEURL as a parameter is rendered once for every depth of page: with this
# mark where the relative root goes, put in place on each page (SITEURL differs by depth:
# "..", "../..", "../../.."). The mark holds nothing HTML escaping changes.
_SITEURL_MARK = "\x00akhbar-siteurl\x00"


def rendered_once():
    """`render_once(macro, *key, **kwargs)` for templates: `macro(**kwargs)`, rendered once per
    (macro name, key, tree language), and per SITEURL unless the macro takes SITEURL as a
    parameter (then only `{{ SITEURL }}` may use it). List entries and teasers repeat on many
    pages, and their markup depends only on the article, the tree and the relative root.
    `render_once.forget()` drops what it holds (between language trees)."""
    rendered: dict = {}

    @pass_context
    def render_once(context, macro, *key, **kwargs):
        siteurl = context.get("SITEURL")
        marked = "SITEURL" in macro.arguments
        full = (macro.name, *key, context.get("TREE_LANG"), None if marked else siteurl)
        html = rendered.get(full)
        if html is None:
            html = rendered[full] = Markup(macro(**kwargs, SITEURL=_SITEURL_MARK) if marked
                                           else macro(**kwargs))
        if marked:
            return html.replace(_SITEURL_MARK, escape(siteurl if siteurl is not None else ""))
        return html

    render_once.forget = rendered.clear
    return render_once


_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def with_digits(text: str, numbering: str) -> str:
    """Western digits as they are, or Arabic-Indic ones ("arab") for Arabic pages that want them."""
    return text.translate(_ARABIC_INDIC) if numbering == "arab" else text


@lru_cache(maxsize=65536)  # archives repeat the same dates on many pages; Babel is slow
def localise_date(value, lang: str, locale: str, numbering: str = "latn", fmt: str = "long") -> str:
    """A calendar date in the page's language with Babel (no system locales): "14 ديسمبر 2016",
    "14 كانون الأول 2016" with locale ar_SY, "December 14, 2016"."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return with_digits(babel_format_date(value, format=fmt, locale=locale), numbering)


@lru_cache(maxsize=65536)  # counts and page numbers repeat on every page; Babel is slow
def localise_number(value, lang: str, numbering: str = "latn") -> str:
    return with_digits(format_decimal(value, locale=lang), numbering)


def hijri_date(value, lang: str, numbering: str = "latn") -> str:
    """The Umm al-Qura (Hijri) date: "15 ربيع الأول 1438 هـ", "15 Rabi' al-Awwal 1438 AH"."""
    from hijridate import Gregorian  # noqa: PLC0415 - only sites that show Hijri dates need it

    if isinstance(value, datetime.datetime):
        value = value.date()
    try:
        hijri = Gregorian(value.year, value.month, value.day).to_hijri()
    except (OverflowError, ValueError):  # outside the Umm al-Qura tables (1343-1500 AH)
        return ""
    language = "ar" if lang == "ar" else "en"
    text = f"{hijri.day} {hijri.month_name(language)} {hijri.year} {hijri.notation(language)}"
    return with_digits(text, numbering)


def page_path(output_file: str, prefix: str) -> str:
    """The page's URL path inside its tree ("en/archive/index.html" -> "archive/"): the same
    path under another tree's prefix is the same page in that language."""
    if prefix and output_file.startswith(prefix):
        output_file = output_file[len(prefix):]
    return output_file[: -len("index.html")] if output_file.endswith("index.html") else output_file
