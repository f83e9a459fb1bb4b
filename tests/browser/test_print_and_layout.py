"""What a reader sees beyond the article text: print output, every page type, CSS direction."""

from __future__ import annotations

import pytest

from sitebuild import run_pelican, serve_site

ARTICLE = "articles/83acb8b9ddc948e2/"  # seed 002: caption, subheading, undated


def test_print_style_hides_navigation_and_prints_black_on_white(open_page):
    page = open_page(ARTICLE).page
    page.emulate_media(media="print")
    styles = page.evaluate(
        """() => ({
            nav: getComputedStyle(document.querySelector("nav")).display,
            color: getComputedStyle(document.querySelector("article p")).color,
            background: getComputedStyle(document.body).backgroundColor,
        })"""
    )
    assert styles["nav"] == "none"
    assert styles["color"] == "rgb(0, 0, 0)"
    assert styles["background"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")


@pytest.mark.parametrize("path", ["", "archive/", "archive/2016/12/", "undated/", "sections/",
                                  ARTICLE])
def test_every_page_type_is_rtl_with_one_visible_h1(open_page, path):
    visit = open_page(path)
    page = visit.page
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.locator("h1").count() == 1 and page.locator("h1").is_visible()
    assert visit.failed_responses == [] and visit.outside_requests == []


def test_caption_and_subheading_render_as_such(open_page):
    page = open_page(ARTICLE).page
    caption = page.locator("article figure figcaption")
    assert caption.count() == 1 and caption.is_visible()
    assert "Sol Haber" in caption.text_content()
    assert page.locator(".article-body h2").text_content().strip() == "انتصار الأسد"


def test_body_text_starts_on_the_right(open_page):
    page = open_page(ARTICLE, viewport={"width": 1280, "height": 900}).page
    box = page.evaluate(
        """() => {
            const p = document.querySelector(".article-body p").getBoundingClientRect();
            const body = document.querySelector(".article-body").getBoundingClientRect();
            return {pRight: p.right, bodyRight: body.right, align: getComputedStyle(
                document.querySelector(".article-body p")).textAlign};
        }"""
    )
    assert abs(box["pRight"] - box["bodyRight"]) < 2, box
    assert box["align"] in ("start", "right", "justify"), box


UNTRANSLATED = ("لافروف يزور أنقرة لبحث الوضع في إدلب\n\n14 ديسمبر 2016\n\n"
                "قال وزير الخارجية الروسي سيرغي لافروف إن بلاده تعمل مع تركيا من أجل حل"
                " الوضع في إدلب وحلب.\n")
ENGLISH_ONLY = ("Aid convoy reaches Aleppo\n\nMarch 5, 2020\n\nThe United Nations said an aid"
                " convoy reached eastern Aleppo on Thursday, Lavrov said.\n")
DIRECTIONS = """() => Object.fromEntries(
    [["headline", "h1"], ["text", ".article-body p"], ["meta", "p.meta"],
     ["note", "p.translation-note"], ["index", "section.article-index"],
     ["provenance", "footer.article-footer"]]
    .map(([name, selector]) =>
         [name, getComputedStyle(document.querySelector(selector)).direction]))"""


def test_a_story_in_one_language_keeps_the_other_tree_s_interface_in_its_direction(
        browser, tmp_path):
    """The normal case in a real archive (issue 26): an English page of an Arabic-only story
    lays its interface out left to right and only the story's text right to left; an Arabic
    page of an English-only story, the other way round."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "100_untranslated.txt").write_text(UNTRANSLATED, encoding="utf-8")
    (seeds / "200_english.txt").write_text(ENGLISH_ONLY, encoding="utf-8")
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_SEARCH=False)
    assert build.returncode == 0, build.log
    context = browser.new_context()
    try:
        with serve_site(build.output) as url:
            page = context.new_page()
            page.goto(url + "en/articles/untranslated/")
            assert page.evaluate(DIRECTIONS) == {
                "headline": "rtl", "text": "rtl", "meta": "ltr", "note": "ltr", "index": "ltr",
                "provenance": "ltr"}
            page.goto(url + "articles/english/")
            assert page.evaluate(DIRECTIONS) == {
                "headline": "ltr", "text": "ltr", "meta": "rtl", "note": "rtl", "index": "rtl",
                "provenance": "rtl"}
    finally:
        context.close()
