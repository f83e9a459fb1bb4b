"""axe-core in Chromium, driven from a thread of its own (helpers for test_accessibility.py).

Why a thread: Playwright's sync API allows one running instance per thread, and the browser
tests keep theirs open for the whole session (their `browser` fixture is session-scoped and pytest
does not share it with tests/quality). A second `sync_playwright()` in the main thread then fails
with "using Playwright Sync API inside the asyncio loop". All of this module's Playwright calls
run in one dedicated worker thread instead, so both can run in the same pytest session.

Same browser setup as tests/browser/conftest.py: Debian's Chromium (or AKHBAR_CHROMIUM), never a
downloaded one, and every request that would leave the test server is blocked and recorded.
"""

from __future__ import annotations

import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sitebuild import CHROMIUM, CHROMIUM_ARGS  # CHROMIUM is re-exported (conftest.py)


@dataclass
class Audit:
    url: str
    violations: list  # axe-core's violations (every impact)
    outside_requests: list = field(default_factory=list)
    failed_responses: list = field(default_factory=list)  # (status, url)


class AxeAuditor:
    """One Chromium, in one worker thread; `audit(url, color_scheme)` -> Audit."""

    def __init__(self, axe_js: Path, chromium: Path = CHROMIUM):
        self.axe_js = axe_js
        self.chromium = chromium
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="akhbar-axe")
        self._playwright = None
        self._browser = None

    def _call(self, fn, *args):
        return self._pool.submit(fn, *args).result(timeout=300)

    def start(self) -> None:
        self._call(self._start)

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright  # an optional dependency

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=str(self.chromium),
                                                         args=CHROMIUM_ARGS)

    def audit(self, url: str, color_scheme: str = "light") -> Audit:
        return self._call(self._audit, url, color_scheme)

    def _audit(self, url: str, color_scheme: str) -> Audit:
        origin = "{0.scheme}://{0.netloc}/".format(urllib.parse.urlsplit(url))
        result = Audit(url, [])
        context = self._browser.new_context(color_scheme=color_scheme)
        try:
            def guard(route):
                if route.request.url.startswith(origin):
                    route.continue_()
                else:
                    result.outside_requests.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            page.on("response", lambda r: result.failed_responses.append((r.status, r.url))
                    if r.status >= 400 else None)
            page.goto(url, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.add_script_tag(path=str(self.axe_js))
            found = page.evaluate(
                "async () => await axe.run(document, {resultTypes: ['violations']})")
            result.violations = found["violations"]
        finally:
            context.close()
        return result

    def close(self) -> None:
        def _stop():
            if self._browser is not None:
                self._browser.close()
            if self._playwright is not None:
                self._playwright.stop()

        try:
            self._call(_stop)
        finally:
            self._pool.shutdown(wait=True)
