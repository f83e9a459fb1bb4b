"""Link and anchor checking for a built site, on disk and over HTTP (helpers for test_links.py).

Every URL-valued attribute of every HTML page (and every url()/@import of every CSS file) is
classified:

- relative or root-absolute (`/x`): internal, must resolve to a file of the output (a URL ending in
  `/` to its index.html), and its `#fragment` must be an id (or `<a name>`) on the target page;
- http(s) to another host: external, collected, never fetched;
- mailto:, tel:, data:: ignored; any other scheme (file:, javascript: ...) is a problem.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

# (tag or "*", attribute) pairs whose value is one URL
URL_ATTRIBUTES = {
    ("a", "href"), ("area", "href"), ("link", "href"),
    ("img", "src"), ("script", "src"), ("iframe", "src"), ("embed", "src"), ("source", "src"),
    ("audio", "src"), ("video", "src"), ("track", "src"), ("input", "src"),
    ("video", "poster"), ("object", "data"),
    ("form", "action"), ("button", "formaction"), ("input", "formaction"),
    ("blockquote", "cite"), ("q", "cite"), ("del", "cite"), ("ins", "cite"),
    ("*", "xlink:href"), ("use", "href"), ("image", "href"),
}
SRCSET_ATTRIBUTES = {("img", "srcset"), ("source", "srcset"), ("link", "imagesrcset")}
IGNORED_SCHEMES = {"mailto", "tel", "sms", "data"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"}
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.S)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
SUBPATH = "/akhbar/"  # where the HTTP pass serves the site (as the browser tests do)


@dataclass(frozen=True)
class Link:
    page: str  # where the link is: output-relative path, or URL
    line: int | None
    attribute: str  # e.g. "a href"
    value: str  # as written

    def __str__(self) -> str:
        where = f"{self.page}:{self.line}" if self.line else self.page
        return f"{where} <{self.attribute}={self.value!r}>"


@dataclass
class Parsed:
    ids: set
    links: list  # [Link]
    base: str | None  # <base href>, if any


@dataclass
class Result:
    problems: dict = field(default_factory=lambda: defaultdict(list))  # problem -> [Link]
    external: dict = field(default_factory=lambda: defaultdict(list))  # URL -> [Link]
    checked: int = 0  # internal links checked
    fetched: int = 0  # distinct URLs fetched (HTTP pass)

    def add(self, problem: str, link: Link) -> None:
        self.problems[problem].append(link)

    def report(self, title: str, limit: int = 400) -> str:
        count = sum(len(v) for v in self.problems.values())
        lines = [(f"{title}: {count} broken link(s) or anchor(s), {len(self.problems)} distinct "
                  f"target(s) ({self.checked} internal links checked):")]
        shown = 0
        for problem, links in sorted(self.problems.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            lines.append(f"\n{problem}  ({len(links)}x)")
            for link in links:
                if shown >= limit:
                    break
                lines.append(f"    {link}")
                shown += 1
        if shown < count:
            lines.append(f"\n... and {count - shown} more")
        return "\n".join(lines)


def parse_html(text: str, where: str) -> Parsed:
    soup = BeautifulSoup(text, "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    base_tag = soup.find("base", href=True)
    links = []
    for tag in soup.find_all(True):
        for attribute, value in tag.attrs.items():
            if isinstance(value, list):  # multi-valued attributes (class, rel ...) are never URLs
                continue
            pair = (tag.name, attribute)
            if pair in URL_ATTRIBUTES or ("*", attribute) in URL_ATTRIBUTES:
                links.append(Link(where, tag.sourceline, f"{tag.name} {attribute}", value))
            elif pair in SRCSET_ATTRIBUTES:
                for candidate in value.split(","):
                    url = candidate.strip().split()[0] if candidate.strip() else ""
                    if url:
                        links.append(Link(where, tag.sourceline, f"{tag.name} {attribute}", url))
    return Parsed(ids, links, base_tag["href"] if base_tag else None)


def css_links(text: str, where: str) -> list:
    text = CSS_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)  # keep line numbers
    links = []
    for match in CSS_URL.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(4)
        line = text.count("\n", 0, match.start()) + 1
        if value:
            links.append(Link(where, line, "css url", value.strip()))
    return links


def classify(value: str) -> str:
    """'internal', 'external', 'ignored', 'self' (empty URL) or a problem description."""
    value = value.strip()
    if not value:
        return "self"
    parts = urllib.parse.urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in IGNORED_SCHEMES:
        return "ignored"
    if scheme in ("http", "https") or (not scheme and value.startswith("//")):
        if not parts.hostname:
            return f"malformed absolute URL {value!r}"
        if parts.hostname.lower() in LOCAL_HOSTS:
            return f"points to a local server: {value!r}"
        return "external"
    if scheme:
        return f"unsupported URL scheme {scheme!r}"
    return "internal"


def internal_links(result: Result, sources):
    """Classify each (Link, base URL) of `sources`: an external link is collected in
    result.external, a problem (another scheme, a local server) added to result, an ignored or
    empty one skipped; yield each internal link with its absolute URL, counted in
    result.checked."""
    for link, base_url in sources:
        kind = classify(link.value)
        if kind == "external":
            result.external[link.value.strip()].append(link)
        elif kind == "internal":
            result.checked += 1
            yield link, urllib.parse.urljoin(base_url, link.value.strip())
        elif kind not in ("ignored", "self"):
            result.add(kind, link)


def wanted_fragment(fragment: str) -> str | None:
    """The id a fragment must match, or None when nothing needs to exist."""
    fragment = urllib.parse.unquote(fragment)
    if not fragment or fragment.startswith(":~:"):  # "#" alone, or a text fragment
        return None
    return fragment


# --------------------------------------------------------------------------- on disk

FAKE_ORIGIN = "http://site.invalid/"  # the output folder served at the root of a host


def check_output(output: Path) -> Result:
    """Check every internal link of every page (and CSS file) of `output`, served at a root."""
    result = Result()
    parsed_pages: dict[str, Parsed] = {}

    def page(rel: str) -> Parsed:
        if rel not in parsed_pages:
            parsed_pages[rel] = parse_html((output / rel).read_text(encoding="utf-8"), rel)
        return parsed_pages[rel]

    files = sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
    for rel in files:
        if rel.lower().endswith(HTML_SUFFIXES):
            parsed = page(rel)
            base = urllib.parse.urljoin(FAKE_ORIGIN + rel, parsed.base) if parsed.base else None
            links = [(link, base or FAKE_ORIGIN + rel) for link in parsed.links]
        elif rel.lower().endswith(".css"):
            text = (output / rel).read_text(encoding="utf-8")
            links = [(link, FAKE_ORIGIN + rel) for link in css_links(text, rel)]
        else:
            continue
        for link, absolute in internal_links(result, links):
            parts = urllib.parse.urlsplit(absolute)
            path = urllib.parse.unquote(parts.path).lstrip("/")
            target = output / path
            if path == "" or path.endswith("/"):
                target = target / "index.html"
            elif target.is_dir():
                result.add(f"/{path} is a folder: the link must end in '/'", link)
                continue
            if not target.is_file():
                result.add(f"/{target.relative_to(output).as_posix()} does not exist", link)
                continue
            fragment = wanted_fragment(parts.fragment)
            if fragment is None:
                continue
            target_rel = target.relative_to(output).as_posix()
            if not target_rel.lower().endswith(HTML_SUFFIXES):
                result.add(f"/{target_rel}#{fragment}: a fragment on a non-HTML file", link)
            elif fragment not in page(target_rel).ids and fragment.lower() != "top":
                result.add(f"/{target_rel}#{fragment}: no element with this id", link)
    return result


# --------------------------------------------------------------------------- over HTTP

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect is reported, never followed (and so never leaves the server)


@dataclass
class Fetched:
    status: int
    content_type: str
    location: str | None
    body: bytes


def check_served(base_url: str, output: Path, max_fetches: int = 20000) -> Result:
    """Fetch every page of `output` as served at `base_url` (a sub-path on 127.0.0.1), then every
    internal URL its pages and style sheets link to, once each; check status and fragments."""
    result = Result()
    origin = urllib.parse.urlsplit(base_url)
    opener = urllib.request.build_opener(_NoRedirect)
    cache: dict[str, Fetched] = {}
    parsed_pages: dict[str, Parsed] = {}

    def same_origin(url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        return (parts.scheme, parts.hostname, parts.port) == (origin.scheme, origin.hostname,
                                                              origin.port)

    def fetch(url: str) -> Fetched:
        if url not in cache:
            if not same_origin(url):  # never reached: callers check; the bound is explicit here
                raise AssertionError(f"refusing to fetch {url}: not on {base_url}")
            if len(cache) >= max_fetches:
                raise AssertionError(f"more than {max_fetches} distinct URLs: stopping the crawl")
            try:
                with opener.open(url, timeout=30) as response:
                    cache[url] = Fetched(response.status, response.headers.get_content_type(),
                                         None, response.read())
            except urllib.error.HTTPError as error:
                cache[url] = Fetched(error.code, error.headers.get_content_type(),
                                     error.headers.get("Location"), b"")
            result.fetched = len(cache)
        return cache[url]

    def parsed(url: str) -> Parsed:
        if url not in parsed_pages:
            parsed_pages[url] = parse_html(fetch(url).body.decode("utf-8", "replace"), url)
        return parsed_pages[url]

    def describe(url: str) -> str:
        return url[len(base_url) - len(origin.path):] if same_origin(url) else url

    pages = []
    for path in sorted(output.rglob("*")):
        rel = path.relative_to(output).as_posix()
        if path.is_file() and rel.lower().endswith(HTML_SUFFIXES):
            url_path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
            pages.append(base_url + urllib.parse.quote(url_path))
    styles = [base_url + urllib.parse.quote(p.relative_to(output).as_posix())
              for p in sorted(output.rglob("*.css"))]

    for url in pages + styles:
        got = fetch(url)
        if got.status != 200:
            result.add(f"{describe(url)}: HTTP {got.status}",
                       Link(describe(url), None, "page", url))
            continue
        if url in styles:
            sources = [(link, url) for link in css_links(got.body.decode("utf-8", "replace"),
                                                          describe(url))]
        else:
            page = parsed(url)
            base = urllib.parse.urljoin(url, page.base) if page.base else url
            sources = [(Link(describe(url), link.line, link.attribute, link.value), base)
                       for link in page.links]
        for link, absolute_url in internal_links(result, sources):
            absolute, fragment = urllib.parse.urldefrag(absolute_url)
            if not same_origin(absolute):  # cannot happen for a relative URL; kept as a bound
                result.add(f"{absolute}: resolves off the test server", link)
                continue
            if not urllib.parse.urlsplit(absolute).path.startswith(origin.path):
                result.add(f"{describe(absolute)}: outside the site's sub-path {origin.path} "
                           "(a root-absolute link)", link)
                continue
            got = fetch(absolute)
            if got.status in (301, 302, 303, 307, 308):
                result.add(f"{describe(absolute)}: HTTP {got.status} redirect to "
                           f"{got.location} (link to the final URL)", link)
                continue
            if got.status != 200:
                result.add(f"{describe(absolute)}: HTTP {got.status}", link)
                continue
            wanted = wanted_fragment(fragment)
            if wanted is None:
                continue
            if got.content_type not in ("text/html", "application/xhtml+xml"):
                result.add(f"{describe(absolute)}#{wanted}: a fragment on {got.content_type}", link)
            elif wanted not in parsed(absolute).ids and wanted.lower() != "top":
                result.add(f"{describe(absolute)}#{wanted}: no element with this id", link)
    return result
