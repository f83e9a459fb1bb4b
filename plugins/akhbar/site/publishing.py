"""What search engines and feed readers read: Atom feeds, the sitemap, robots.txt, JSON-LD.

Feeds and the sitemap need absolute addresses, so they are written only by a production build
(an absolute SITEURL: `invoke build --production --siteurl https://…`); a local build with
relative links says so and skips them.
"""

from __future__ import annotations

import datetime
import html
import json
import re
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from feedgenerator import Atom1Feed, get_tag_uri

from ..text.bidi import closed

# A tag, in HTML the plugin wrote: its text is escaped, so any "<" starts a real tag, and an
# attribute inside one is a real attribute (text that merely looks like one is never touched).
_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=)"(?!https?:|mailto:|#|/)([^"]*)"')
# What must never appear as such in JSON inside <script>: "<" could start "</script>" or
# "<!--" (the HTML parser's script states), ">" and "&" for good measure, and the two line
# separators a JavaScript reader would take as line ends.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                  "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(data) -> str:
    """JSON for a <script> element: no character of it can end the element or form markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return _SCRIPT_UNSAFE_RE.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)
SCHEMA_TYPES = {"person": "Person", "place": "Place", "organisation": "Organization",
                "country": "Country", "event": "Event", "topic": "Thing"}


def is_absolute(siteurl: str) -> bool:
    return siteurl.startswith(("http://", "https://"))


def absolutise(markup: str, page_url: str) -> str:
    """Relative links in article HTML (in its tags' href and src attributes only), resolved
    against the page they were written for."""
    def in_tag(tag):
        return _RELATIVE_LINK.sub(
            lambda m: f'{m.group(1)}"{urljoin(page_url, m.group(2))}"', tag.group())
    return _TAG.sub(in_tag, markup)


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class _Atom(Atom1Feed):
    """feedgenerator dates a feed without entries (a topic whose stories are all undated) with
    the time of the build; the same input must give the same bytes, so it gets the epoch."""

    def latest_post_date(self):
        return super().latest_post_date() if self.items else _EPOCH


def atom_feed(views, *, title: str, subtitle: str, siteurl: str, home: str, feed_path: str,
              lang: str, limit: int) -> str:
    """An Atom feed of `views` (dated articles, newest first), full text, absolute links."""
    feed = _Atom(title=title, link=urljoin(siteurl + "/", home), description=subtitle,
                 subtitle=subtitle, feed_url=urljoin(siteurl + "/", feed_path), language=lang)
    for view in views[:limit]:
        link = urljoin(siteurl + "/", view.url)
        summary = view.display_summary  # plain text: <summary type="html"> needs it escaped
        feed.add_item(
            title=closed(view.title),
            link=link,
            unique_id=get_tag_uri(link, view.date),
            content=absolutise(view.content, link),
            description=html.escape(closed(summary), quote=False) if summary else None,
            categories=[closed(view.category.name),
                        *(t.name for t in getattr(view, "topic_list", []))],
            pubdate=view.date,
            updateddate=view.date,
        )
    return feed.writeString("utf-8")


def sitemap(entries, siteurl: str) -> str:
    """sitemap.xml: each page with its language alternates and last modification date.

    `entries` is a list of (path, lastmod date or None, [(lang, path), ...]) in site order.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
              ' xmlns:xhtml="http://www.w3.org/1999/xhtml">')]
    for path, lastmod, alternates in entries:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(urljoin(siteurl + '/', path))}</loc>")
        if lastmod:
            lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        for lang, other in alternates:
            href = escape(urljoin(siteurl + "/", other))
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(siteurl: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if is_absolute(siteurl):
        text += f"Sitemap: {siteurl}/sitemap.xml\n"
    return text


def news_article_jsonld(view, siteurl: str, site_name: str) -> str:
    """schema.org NewsArticle for an article page, as a JSON string safe inside <script>."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": view.title,
        "inLanguage": view.lang,
        "url": urljoin(siteurl + "/", view.url) if is_absolute(siteurl) else view.url,
        "isAccessibleForFree": True,
        "publisher": {"@type": "Organization", "name": view.source or site_name},
    }
    if not view.undated:
        data["datePublished"] = view.date.date().isoformat()
    if getattr(view.original, "source_url", None):  # only ever an http(s) address: sidecar.py
        data["isBasedOn"] = view.original.source_url
    if view.is_translation:
        data["translationOfWork"] = {"@type": "NewsArticle", "headline": view.original.title,
                                     "inLanguage": view.original.lang}
    about = []
    for entity in getattr(view, "entity_list", []):
        item = {"@type": SCHEMA_TYPES.get(entity.kind, "Thing"), "name": entity.name}
        if entity.wikidata:
            item["sameAs"] = f"https://www.wikidata.org/wiki/{entity.wikidata}"
        about.append(item)
    if about:
        data["about"] = about
    return script_json(data)
