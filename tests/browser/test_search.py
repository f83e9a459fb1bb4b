"""Search as readers use it: Pagefind in headless Chromium, on a site served under a sub-path.

The site is the five bundled seeds plus one article about a racetrack (حلبة), built with the real
Pelican CLI and indexed by the real Pagefind. Expected results come from reading the seeds: which
of them contain the word searched for.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse

import pytest

from sitebuild import SEEDS, run_pelican, serve_site

SUBPATH = "/my-archive/"
S = {"000": "5288d6f156908d5f", "001": "29c8a2bbd072e2bf", "002": "83acb8b9ddc948e2",
     "003": "5fedb9670b56af32", "004": "64f53ceaab6b1fb3", "race": "racetrack"}
RACETRACK = (
    "افتتاح حلبة جديدة لسباق السيارات في دبي\n\n"
    "افتتحت في دبي حلبة جديدة لسباق السيارات بحضور عدد من السائقين العالميين.\n\n"
    "وقال المنظمون إن الحلبة ستستضيف سباقات دولية ابتداء من العام المقبل.\n"
)


# Every test runs on two builds of the same site: its index in one bundle per tree, and split
# into shards of two article pages (three bundles per tree) that the search page merges.
SHARDINGS = {"one-bundle": 0, "three-shards": 2}


@pytest.fixture(scope="module", params=list(SHARDINGS), ids=list(SHARDINGS))
def built_search_site(request, tmp_path_factory):
    seeds = tmp_path_factory.mktemp("search-seeds")
    for seed in SEEDS.iterdir():
        shutil.copy(seed, seeds / seed.name)
    (seeds / "900_racetrack.txt").write_text(RACETRACK, encoding="utf-8")
    build = run_pelican(seeds, tmp_path_factory.mktemp("search") / "out",
                        AKHBAR_SEARCH_SHARD_PAGES=SHARDINGS[request.param])
    assert build.returncode == 0, build.log
    with serve_site(build.output, SUBPATH) as url:
        yield url, build.output, SHARDINGS[request.param]


@pytest.fixture
def search_site(built_search_site):
    return built_search_site[0]


def test_each_article_is_indexed_in_exactly_one_bundle_of_its_tree(built_search_site):
    _url, output, shard_pages = built_search_site
    articles = sorted(p.name for p in (output / "articles").iterdir() if p.is_dir())
    for tree in (output, output / "en"):
        bundles = sorted(tree.glob("pagefind*/pagefind-entry.json"))
        counts = [sum(lang["page_count"]
                      for lang in json.loads(b.read_text())["languages"].values())
                  for b in bundles]
        assert sum(counts) == len(articles) == 6
        if shard_pages:
            assert [b.parent.name for b in bundles] == ["pagefind", "pagefind-2", "pagefind-3"]
            assert counts == [2, 2, 2]
            more = (tree / "search" / "index.html").read_text(encoding="utf-8")
            assert 'data-more-bundles="' in more and "pagefind-3/" in more
        else:
            assert [b.parent.name for b in bundles] == ["pagefind"]


def results(browser, url, context=None, **options):
    """(ids of the articles found, the page, its context): the search at `url` in a new page
    of `context`, or of a new context made with `options`."""
    ctx = context or browser.new_context(**options)
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_function("document.querySelector('[data-status]').textContent.length > 0",
                           timeout=15000)
    found = {a.split("/")[-2] for a in page.eval_on_selector_all(
        ".search-results a", "els => els.map(e => e.getAttribute('href'))")}
    return found, page, ctx


GROUPS = [
    (["إدلب", "ادلب", "بإدلب", "وإدلب", "إِدْلِب"], {"001", "002", "003"}),
    (["حلب", "بحلب"], {"000", "004"}),
    (["حلبة"], {"race"}),
    (["المعارضة", "والمعارضة", "فالمعارضة"], {"000", "002", "003", "004"}),
    (["أستانا", "أستانة"], {"001", "003"}),
]


@pytest.mark.parametrize("queries,expected", GROUPS,
                         ids=lambda v: v[0] if isinstance(v, list) else None)
def test_arabic_queries_as_people_type_them(browser, search_site, queries, expected):
    ctx = browser.new_context()  # one reader's browser, a new page for each query
    for query in queries:
        found, page, _ = results(browser, search_site + "search/?q=" + urllib.parse.quote(query),
                                 context=ctx)
        assert found == {S[k] for k in expected}, query
        # Every result links under the sub-path, to a page that exists.
        for href in page.eval_on_selector_all(".search-results a", "els => els.map(e => e.href)"):
            assert urllib.parse.urlsplit(href).path.startswith(SUBPATH + "articles/")
        page.close()
    ctx.close()


def test_english_search_uses_the_english_index(browser, search_site):
    found, page, ctx = results(browser, search_site + "en/search/?q=Idlib")
    assert found == {S["001"], S["002"], S["003"]}
    assert all("/en/articles/" in h for h in page.eval_on_selector_all(
        ".search-results a", "els => els.map(e => e.href)"))
    ctx.close()


def test_arabic_only_stories_are_searched_in_the_arabic_tree(browser, search_site):
    # The racetrack story has no English version: its Arabic text is indexed once, in the
    # Arabic tree's bundle. An Arabic query on the English search page finds nothing there and
    # offers the Arabic search, which finds it.
    found, page, ctx = results(browser,
                               search_site + "en/search/?q=" + urllib.parse.quote("المنظمون"))
    assert found == set()
    hint = page.locator("[data-arabic-hint]")
    assert hint.is_visible()
    hint.locator("a").click()
    page.wait_for_function("document.querySelector('[data-status]').textContent.length > 0")
    assert urllib.parse.urlsplit(page.url).path == SUBPATH + "search/"
    hrefs = page.eval_on_selector_all(".search-results a",
                                      "els => els.map(e => e.getAttribute('href'))")
    assert {h.split("/")[-2] for h in hrefs} == {S["race"]}
    ctx.close()
    found, page, ctx = results(browser, search_site + "en/search/?q=Idlib")
    assert page.locator("[data-arabic-hint]").is_hidden()
    ctx.close()


def test_results_show_headline_date_and_highlighted_excerpt(browser, search_site):
    found, page, ctx = results(browser, search_site + "search/?q=" + urllib.parse.quote("كيري"))
    assert found == {S["004"]}
    item = page.locator(".search-results li").first
    assert item.locator("a").inner_text() == "لافروف يدعو كيري للتأثير على فصائل المعارضة في سورية"
    assert "14 ديسمبر 2016" in item.locator(".meta").inner_text()
    assert "كيري" in item.locator(".search-excerpt mark").first.inner_text()
    ctx.close()


def test_filters_narrow_the_results(browser, search_site):
    found, page, ctx = results(browser, search_site + "search/?q=" + urllib.parse.quote("لافروف"))
    assert found == {S[k] for k in ("000", "001", "002", "003", "004")}
    topics = page.locator(".search-filter", has=page.locator("summary", has_text="الموضوع"))
    topics.locator("summary").click()
    topics.locator("label", has_text="إدلب").locator("input").check()
    page.wait_for_function("document.querySelectorAll('.search-results li').length === 3")
    narrowed = {a.split("/")[-2] for a in page.eval_on_selector_all(
        ".search-results a", "els => els.map(e => e.getAttribute('href'))")}
    assert narrowed == {S["001"], S["002"], S["003"]}
    names = page.locator(".search-filter summary").all_inner_texts()
    assert {"الموضوع", "اسم", "المصدر", "السنة", "اللغة"} <= set(names)
    ctx.close()


def test_typing_with_the_keyboard_updates_results_and_address(browser, search_site):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(search_site + "search/")
    page.wait_for_selector("[data-akhbar-search]:not([hidden])")
    page.focus("#search-q")
    page.keyboard.type("بحلب")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.search-results li').length === 2")
    assert urllib.parse.unquote(page.url).endswith("?q=بحلب")
    page.keyboard.press("Tab")  # the submit button
    page.keyboard.press("Tab")  # the first filter
    assert page.evaluate("document.activeElement.tagName") in ("SUMMARY", "BUTTON", "A", "INPUT")
    ctx.close()


def test_search_box_in_every_header_leads_to_the_search_page(browser, search_site):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(search_site + f"articles/{S['000']}/")
    page.fill("#site-search-q", "إدلب")
    page.press("#site-search-q", "Enter")
    page.wait_for_function("document.querySelectorAll('.search-results li').length === 3")
    assert urllib.parse.urlsplit(page.url).path == SUBPATH + "search/"
    ctx.close()


def test_without_javascript_the_page_says_so_and_links_to_the_directories(browser, search_site):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(search_site + "search/?q=test")
    message = page.locator(".search-noscript")
    assert message.is_visible() and "JavaScript" in message.inner_text()
    hrefs = message.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {"../topics/", "../entities/"} <= set(hrefs)
    ctx.close()


@pytest.mark.parametrize("query", ["فهرس", "الترميز", "Provenance", "checksum", "SHA-256"])
def test_the_index_holds_no_navigation_or_page_furniture(browser, search_site, query):
    lang = "en/" if query.isascii() else ""
    found, _page, ctx = results(browser,
                                search_site + f"{lang}search/?q=" + urllib.parse.quote(query))
    assert found == set(), query
    ctx.close()


def test_python_and_javascript_search_keys_agree(browser, search_site):
    from akhbar.text.arabic import search_key

    words = ["والمعارضة", "فالمفاوضات", "بإدلب", "وإدلب", "إِدْلِب", "لأستانة", "أستانا", "للموصل",
             "وبالرقة", "حلبة", "بحلب", "سوريا", "سورية", "والحكومة", "فرنسا", "الرئيس", "ـحلب",
             "٢٠١٦", "أردوغان", "كالبرق", "ولل"]
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(search_site + "search/")
    js = page.evaluate("words => words.map(w => window.akhbarSearchKey(w))", words)
    assert js == [search_key(w) for w in words]
    ctx.close()
