"""Browser fixtures: serve the built site on 127.0.0.1 and drive Debian's Chromium with Playwright.

`built_site` (a pathlib.Path to the output folder) comes from tests/conftest.py. The site is served
under a sub-path (/akhbar/), so that any link not built from SITEURL shows up as a failed request.
Every request that would leave 127.0.0.1 is blocked and recorded.

Chromium: /usr/bin/chromium (Debian's package), or AKHBAR_CHROMIUM. No browser is ever downloaded.
When it is missing the tests are skipped, unless CI is set: then they fail.
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sitebuild import CHROMIUM, CHROMIUM_ARGS, serve_site

SUBPATH = "/akhbar/"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Base URL (ending in '/') of the built site, served under SUBPATH on 127.0.0.1."""
    with serve_site(built_site, SUBPATH) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (install Debian's package: "
                     "apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Exception as exc:  # noqa: BLE001 - a broken Chromium install
            _unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
        try:
            yield b
        finally:
            b.close()


@dataclass
class Visit:
    page: object
    outside_requests: list = field(default_factory=list)
    failed_responses: list = field(default_factory=list)


@pytest.fixture
def open_page(browser, site_url):
    """open_page(path, **context_options) -> Visit: a fresh browser context, the page loaded."""
    origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(site_url))
    contexts = []

    def _open(path: str, **context_options) -> Visit:
        context = browser.new_context(**context_options)
        contexts.append(context)
        visit = Visit(page=None)

        def guard(route):
            url = route.request.url
            if url.startswith(origin):
                route.continue_()
            else:
                visit.outside_requests.append(url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on(
            "response",
            lambda r: visit.failed_responses.append((r.status, r.url)) if r.status >= 400 else None,
        )
        page.goto(site_url + path, wait_until="load")
        if context_options.get("java_script_enabled", True):
            page.evaluate("document.fonts.ready.then(() => true)")
        visit.page = page
        return visit

    yield _open
    for context in contexts:
        context.close()
