"""A reader switches language on any page and lands on the same page in the other language."""

from __future__ import annotations

import re

import pytest

ARABIC = re.compile("[\u0600-\u06ff]")


@pytest.mark.parametrize(
    "path",
    ["articles/64f53ceaab6b1fb3/", "topics/idlib/", "entities/sergey-lavrov/",
     "sections/syrian-affairs/", "archive/2016/12/", "undated/", "entities/"],
)
def test_switch_to_english_and_back(open_page, site_url, path):
    page = open_page(path).page
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"

    page.locator(".lang-switch a").click()
    page.wait_for_load_state("load")
    assert page.url == site_url + "en/" + path
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert page.locator("h1").is_visible()
    # Interface text is English; Arabic may only appear inside content marked lang="ar".
    leftovers = page.evaluate(
        """() => [...document.querySelectorAll('.site-nav, .site-footer, .page-header, .meta')]
            .flatMap(el => {
                const out = [];
                const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                    const owner = n.parentElement.closest('[lang]');
                    if (!owner || owner.lang === 'en') out.push(n.textContent);
                }
                return out;
            })"""
    )
    assert not any(ARABIC.search(t) for t in leftovers), leftovers

    page.locator(".lang-switch a").click()
    page.wait_for_load_state("load")
    assert page.url == site_url + path
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    nav = " ".join(page.locator(".site-nav a").all_inner_texts())
    assert not re.search("[A-Za-z]", nav), nav


def test_english_translation_reads_left_to_right(open_page):
    page = open_page("en/articles/5288d6f156908d5f/").page
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "ltr"
    assert page.locator("h1").inner_text().startswith("Lavrov")
    assert page.locator(".translation-note a").is_visible()
