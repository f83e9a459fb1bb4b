"""Both language trees from one build: parity, hreflang reciprocity, switches, translations."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT, SEEDS, run_pelican

TRANSLATIONS = ROOT / "content" / "translations"
IDS = ["5288d6f156908d5f", "29c8a2bbd072e2bf", "83acb8b9ddc948e2", "5fedb9670b56af32",
       "64f53ceaab6b1fb3"]


def pages(output: Path) -> dict[str, BeautifulSoup]:
    return {
        p.relative_to(output).as_posix():
            BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
        for p in output.rglob("*.html")
    }


def resolve(page: str, href: str) -> str:
    """The output file a relative link on `page` points to."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
    if href.endswith("/"):
        return "index.html" if target == "." else target + "/index.html"
    return target


def md_title(article_id: str) -> str:
    text = (TRANSLATIONS / f"{article_id}.md").read_text(encoding="utf-8")
    return re.search(r"^Title: (.+)$", text, re.M).group(1).strip()


@pytest.fixture(scope="module")
def site_pages(site):
    """Every page but 404.html, which is in both languages at once (GitHub Pages serves one)."""
    return {path: soup for path, soup in pages(site.output).items() if path != "404.html"}


def test_every_page_exists_in_both_trees(site_pages):
    arabic = {p for p in site_pages if not p.startswith("en/")}
    english = {p[3:] for p in site_pages if p.startswith("en/")}
    assert arabic == english
    assert {"index.html", "archive/index.html", "undated/index.html", "sections/index.html",
            "articles/5288d6f156908d5f/index.html"} <= arabic


def test_page_language_and_direction_follow_the_tree(site_pages):
    for path, soup in site_pages.items():
        expected = ("en", "ltr") if path.startswith("en/") else ("ar", "rtl")
        assert (soup.html.get("lang"), soup.html.get("dir")) == expected, path


def test_hreflang_alternates_are_reciprocal_and_resolve(site_pages):
    checked = 0
    for path, soup in site_pages.items():
        own_lang = soup.html.get("lang")
        for link in soup.select('link[rel="alternate"][hreflang]'):
            target = resolve(path, link["href"])
            assert target in site_pages, (path, link["href"])
            back = {
                resolve(target, other["href"]): other["hreflang"]
                for other in site_pages[target].select('link[rel="alternate"][hreflang]')
            }
            assert back.get(path) == own_lang, (path, target)
            checked += 1
    assert checked >= 2 * len(site_pages) - 4  # every page has its alternates


def test_language_switch_lands_on_the_same_page_in_the_other_language(site_pages):
    for path, soup in site_pages.items():
        switch = soup.select(".lang-switch a")
        assert len(switch) == 1, path
        target = resolve(path, switch[0]["href"])
        other = path[3:] if path.startswith("en/") else "en/" + path
        assert target == other, path
        assert switch[0].get("hreflang") == site_pages[target].html.get("lang")


def test_translated_articles_link_both_ways(site_pages):
    for article_id in IDS:
        ar = site_pages[f"articles/{article_id}/index.html"]
        en = site_pages[f"en/articles/{article_id}/index.html"]
        assert en.find("h1").get_text(strip=True) == md_title(article_id)
        assert {link["hreflang"] for link in ar.select('link[rel="alternate"]')} == {"ar", "en"}
        assert en.select_one(".translation-note a")["href"].endswith(f"articles/{article_id}/")


def test_untranslated_article_in_the_english_archive(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "100_untranslated.txt").write_text(
        "لافروف يزور أنقرة لبحث الوضع في إدلب\n\n14 ديسمبر 2016\n\n"
        "قال وزير الخارجية الروسي سيرغي لافروف إن بلاده تعمل مع تركيا من أجل حل الوضع.\n",
        encoding="utf-8")
    (seeds / "100_untranslated.meta.yml").write_text(
        "title_en: Lavrov visits Ankara to discuss Idlib\nsummary_en: Talks on Idlib.\n",
        encoding="utf-8")
    build = run_pelican(seeds, tmp_path / "out")
    assert build.returncode == 0, build.log
    home = BeautifulSoup(build.page("en/"), "html.parser")
    teaser = home.select_one("article.teaser")
    assert (teaser.select_one(".teaser-title").get_text(strip=True)
            == "Lavrov visits Ankara to discuss Idlib")
    original = teaser.select_one(".title-original")
    assert (original.get("lang"), original.get("dir")) == ("ar", "rtl")
    assert original.get_text(strip=True) == "لافروف يزور أنقرة لبحث الوضع في إدلب"
    assert "Arabic only" in teaser.get_text()
    assert "December 14, 2016" in teaser.get_text()
    assert teaser.select_one("a.original-link")["href"] == "../articles/untranslated/"
    page = BeautifulSoup(build.page("en/articles/untranslated/"), "html.parser")
    assert (page.html.get("lang"), page.article.get("lang"),
            page.article.get("dir")) == ("en", "ar", "rtl")
    assert page.select('link[rel="alternate"]') == []  # no translation, so no alternates
    assert "Arabic only" in page.get_text()
    # The English interface inside the Arabic article is English, left to right; the story's
    # own text (headline, body) takes the article's Arabic and right to left.
    for selector in ("p.meta", "p.translation-note", "section.article-index",
                     "footer.article-footer"):
        part = page.select_one(selector)
        assert (part.get("lang"), part.get("dir")) == ("en", "ltr"), selector
    for selector in ("h1", ".article-body"):
        assert page.select_one(selector).find_parent(attrs={"dir": True}) is page.article
    # The bundled translations have no seed in this build: named, and not published.
    log = " ".join(build.log.split())
    assert "5 translation(s) in" in log and "have no seed in this build" in log
    for translation in sorted((ROOT / "content" / "translations").glob("*.md")):
        assert translation.stem in log
        assert not (tmp_path / "out" / "en" / "articles" / translation.stem).exists()


def test_undated_story_stays_undated_in_both_languages(site_pages):
    for prefix in ("", "en/"):
        undated = site_pages[f"{prefix}undated/index.html"]
        assert any("83acb8b9ddc948e2" in a["href"]
                   for a in undated.select("a.teaser-title, .teaser-title a"))
        article = site_pages[f"{prefix}articles/83acb8b9ddc948e2/index.html"]
        assert article.find("article").find("time") is None


def test_dates_are_localised_per_language(site_pages):
    ar = site_pages["articles/64f53ceaab6b1fb3/index.html"].find("time")
    en = site_pages["en/articles/64f53ceaab6b1fb3/index.html"].find("time")
    assert (ar["datetime"], ar.get_text()) == ("2016-12-14", "14 ديسمبر 2016")
    assert (en["datetime"], en.get_text()) == ("2016-12-14", "December 14, 2016")


def test_no_interface_text_of_the_other_language(site_pages):
    arabic_letters = re.compile("[\u0600-\u06ff]")
    for path, soup in site_pages.items():
        nav = " ".join(a.get_text() for a in soup.select(".site-nav a"))
        if path.startswith("en/"):
            assert nav == "Home Archive Sections Topics Index of names Undated", path
            footer = soup.select_one(".site-footer").get_text()
            assert not arabic_letters.search(footer), path
        else:
            assert nav == "الرئيسية الأرشيف الأقسام المواضيع فهرس الأسماء بلا تاريخ", path


def test_localised_formats_settings(tmp_path):
    build = run_pelican(SEEDS, tmp_path / "out", AKHBAR_HIJRI=True,
                        AKHBAR_DIGITS={"ar": "arab", "en": "latn"},
                        AKHBAR_DATE_LOCALES={"ar": "ar_SY", "en": "en"})
    assert build.returncode == 0, build.log
    ar = BeautifulSoup(build.page("articles/64f53ceaab6b1fb3/"), "html.parser")
    assert ar.find("time").get_text() == "١٤ كانون الأول ٢٠١٦"
    assert ar.select_one(".hijri").get_text() == "١٥ ربيع الأول ١٤٣٨ هـ"
    en = BeautifulSoup(build.page("en/articles/64f53ceaab6b1fb3/"), "html.parser")
    assert en.select_one(".hijri").get_text() == "15 Rabi' al-Awwal 1438 AH"
