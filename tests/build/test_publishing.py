"""A production build, as published on GitHub Pages under a sub-path: feeds, sitemap, robots,
404, canonical and social metadata, structured data; and the publish task."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT, SEEDS, run_pelican

SITE = "https://example.org/my-archive"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    build = run_pelican(SEEDS, tmp_path_factory.mktemp("prod") / "out", SITEURL=SITE,
                        RELATIVE_URLS=False)
    assert build.returncode == 0, build.log
    return build


def page(build, path):
    return BeautifulSoup(build.page(path), "html.parser")


@pytest.mark.parametrize("prefix,lang", [("", "ar"), ("en/", "en")])
def test_feed_per_language_is_valid_atom_with_full_text(prod, prefix, lang):
    feed = feedparser.parse((prod.output / prefix / "feeds/all.atom.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.language == lang
    links = [e.link for e in feed.entries]
    # The four dated seeds, newest first; the undated one is not in a feed.
    assert links == [f"{SITE}/{prefix}articles/{i}/" for i in
                     ("5fedb9670b56af32", "29c8a2bbd072e2bf", "64f53ceaab6b1fb3",
                      "5288d6f156908d5f")]
    first = feed.entries[0]
    assert first.id and first.updated and first.title
    html = first.content[0].value
    assert len(html) > 2000  # the whole article, not a summary
    assert 'href="../' not in html and f'href="{SITE}/{prefix}entities/' in html


def test_topic_feed_and_autodiscovery(prod):
    feed = feedparser.parse((prod.output / "feeds/topics/idlib.atom.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert {e.link for e in feed.entries} == {f"{SITE}/articles/29c8a2bbd072e2bf/",
                                             f"{SITE}/articles/5fedb9670b56af32/"}
    topic = page(prod, "topics/idlib/")
    hrefs = [link["href"] for link in topic.select('link[type="application/atom+xml"]')]
    assert f"{SITE}/feeds/topics/idlib.atom.xml" in hrefs and f"{SITE}/feeds/all.atom.xml" in hrefs
    assert page(prod, "en/").select_one('link[type="application/atom+xml"]')["href"] == \
        f"{SITE}/en/feeds/all.atom.xml"


def test_sitemap_lists_every_page_with_reciprocal_alternates(prod):
    root = ET.fromstring((prod.output / "sitemap.xml").read_bytes())
    urls = {u.find("s:loc", NS).text: u for u in root.findall("s:url", NS)}
    pages = {f"{SITE}/" + p.relative_to(prod.output).as_posix()[: -len("index.html")]
             for p in prod.output.rglob("index.html")}
    assert set(urls) == pages
    for loc, url in urls.items():
        for alt in url.findall("x:link", NS):
            other = urls[alt.get("href")]
            assert loc in {a.get("href") for a in other.findall("x:link", NS)}, loc
    article = urls[f"{SITE}/articles/64f53ceaab6b1fb3/"]
    assert article.find("s:lastmod", NS).text == "2016-12-14"
    assert urls[f"{SITE}/articles/83acb8b9ddc948e2/"].find("s:lastmod", NS) is None  # undated


def test_robots_points_to_the_sitemap(prod):
    assert (prod.output / "robots.txt").read_text() == \
        f"User-agent: *\nAllow: /\nSitemap: {SITE}/sitemap.xml\n"


def test_bilingual_404_works_from_any_depth(prod):
    soup = page(prod, "404.html")
    assert soup.html["lang"] == "ar" and soup.select_one('[lang="en"]') is not None
    hrefs = {a["href"] for a in soup.select("main a")}
    assert {f"{SITE}/", f"{SITE}/en/", f"{SITE}/search/", f"{SITE}/en/search/"} <= hrefs
    assert all(link["href"].startswith(SITE) for link in soup.select('link[rel="stylesheet"]'))


def test_canonical_and_open_graph_on_every_page(prod):
    for path in prod.output.rglob("index.html"):
        rel = path.relative_to(prod.output).as_posix()[: -len("index.html")]
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one('link[rel="canonical"]')["href"] == f"{SITE}/{rel}", rel
        assert soup.select_one('meta[property="og:url"]')["content"] == f"{SITE}/{rel}", rel
        assert soup.select_one('meta[property="og:title"]')["content"]
        assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary"


def test_news_article_structured_data(prod):
    for path, lang, dated in (("articles/64f53ceaab6b1fb3/", "ar", True),
                              ("en/articles/64f53ceaab6b1fb3/", "en", True),
                              ("articles/83acb8b9ddc948e2/", "ar", False)):
        soup = page(prod, path)
        data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
        assert data["@type"] == "NewsArticle" and data["inLanguage"] == lang
        assert data["headline"] == soup.h1.get_text(strip=True)
        assert data["url"] == f"{SITE}/{path}"
        assert ("datePublished" in data) == dated
        if dated:
            assert data["datePublished"] == "2016-12-14"
        syria = [a for a in data.get("about", []) if a.get("sameAs", "").endswith("/Q858")]
        assert syria and syria[0]["@type"] == "Country"
    translation = json.loads(page(prod, "en/articles/5288d6f156908d5f/").select_one(
        'script[type="application/ld+json"]').string)
    assert translation["translationOfWork"]["inLanguage"] == "ar"
    assert translation["publisher"]["name"] == "Anadolu Agency"


def test_local_build_writes_no_feeds_or_sitemap(site):
    assert not (site.output / "sitemap.xml").exists()
    assert not (site.output / "feeds").exists()
    assert (site.output / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"


def test_publish_commits_the_production_build_to_gh_pages(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    out = tmp_path / "site"
    env_git = ["-c", "user.name=t", "-c", "user.email=t@example.org"]
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), "publish", "--siteurl", SITE,
         "--no-push", "--output", str(out)],
        cwd=repo, capture_output=True, text=True, timeout=600,
        env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
             "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
             "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    files = subprocess.run(["git", *env_git, "ls-tree", "-r", "--name-only", "gh-pages"],
                           cwd=repo, capture_output=True, text=True, check=True).stdout.split()
    assert {".nojekyll", "index.html", "sitemap.xml", "en/index.html", "404.html"} <= set(files)
