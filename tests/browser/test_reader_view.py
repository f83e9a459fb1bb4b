"""What a reader sees on an article page, in a real (headless) Chromium.

Uses the bundled seed 000_5288d6f156908d5f: an Arabic article whose body holds the Latin run "KEİ".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_5288d6f156908d5f.txt"
ARTICLE = "articles/5288d6f156908d5f/"
FONT = "Noto Naskh Arabic"


def seed_headline() -> str:
    raw = SEED.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "windows-1256"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = next(line for line in text.splitlines() if line.strip())
    return " ".join(first.split())


def squash(text: str) -> str:
    return " ".join(text.split())


def test_article_is_rtl_with_headline_and_web_font(open_page):
    visit = open_page(ARTICLE)
    page = visit.page

    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.locator("article").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"

    h1 = page.locator("h1")
    assert h1.count() == 1, "exactly one <h1> per page"
    assert h1.is_visible()
    assert squash(h1.text_content()) == seed_headline()

    # The system may have a local "Noto Naskh Arabic" too, so document.fonts.check() alone proves
    # nothing: require a FontFace from our @font-face rules that actually finished loading.
    fonts = page.evaluate(
        """(family) => {
            const faces = [...document.fonts].filter(f => f.family.replace(/["']/g, "") === family);
            return {
                check: document.fonts.check(`16px "${family}"`, "لافروف"),
                loaded: faces.filter(f => f.status === "loaded").length,
                statuses: faces.map(f => f.status),
                h1Family: getComputedStyle(document.querySelector("h1")).fontFamily,
            };
        }""",
        FONT,
    )
    assert fonts["check"], fonts
    assert fonts["loaded"] >= 1, f"no web font face loaded: {fonts}"
    assert fonts["h1Family"].replace('"', "").startswith(FONT), fonts

    assert visit.outside_requests == [], "the page must load nothing from outside the site"
    assert visit.failed_responses == [], "every resource (CSS, fonts) must load under a sub-path"


@pytest.mark.parametrize("path", [ARTICLE, "", "archive/"])
def test_no_horizontal_scroll_at_320px(open_page, path):
    page = open_page(path, viewport={"width": 320, "height": 640}).page
    widths = page.evaluate(
        "({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    assert widths["scroll"] <= 320, f"{path or 'home'}: horizontal scroll at 320px: {widths}"


def test_readable_without_javascript(open_page):
    visit = open_page(ARTICLE, java_script_enabled=False)
    page = visit.page
    h1 = page.locator("h1")
    assert h1.is_visible()
    assert squash(h1.text_content()) == seed_headline()
    paragraphs = page.locator("article p")
    assert paragraphs.count() >= 3
    first = paragraphs.first
    assert first.is_visible()
    assert len(first.text_content().strip()) > 20
    assert visit.outside_requests == []


def test_latin_run_is_isolated_ltr(open_page):
    page = open_page(ARTICLE).page
    found = page.evaluate(
        """() => {
            const article = document.querySelector("article");
            const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (node.data.includes("KEİ")) {
                    const el = node.parentElement;
                    return {tag: el.tagName, text: node.data,
                            direction: getComputedStyle(el).direction,
                            bidi: getComputedStyle(el).unicodeBidi};
                }
            }
            return null;
        }"""
    )
    assert found is not None, "the Latin run KEİ is missing from the article body"
    assert found["direction"] == "ltr", found


@pytest.mark.skipif(os.environ.get("AKHBAR_SCREENSHOTS") != "1",
                    reason="set AKHBAR_SCREENSHOTS=1 to write docs/ screenshots")
def test_screenshots_for_readme(open_page):
    out = Path(os.environ.get("AKHBAR_SCREENSHOT_DIR", ROOT / "docs"))
    out.mkdir(parents=True, exist_ok=True)
    shots = {
        "screenshot-article.png": {"width": 1280, "height": 900},
        "screenshot-mobile.png": {"width": 390, "height": 844},
    }
    for name, viewport in shots.items():
        page = open_page(ARTICLE, viewport=viewport).page
        page.screenshot(path=str(out / name))
        assert (out / name).stat().st_size > 10_000
