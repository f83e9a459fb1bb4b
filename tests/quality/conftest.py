"""Quality gates on the real build: HTML validity, internal links and anchors, accessibility.

The tools are npm packages pinned in tools/quality/package.json (+ package-lock.json):

- `vnu-jar`: the Nu Html Checker (needs Java 17+ on PATH, or JAVA_HOME);
- `axe-core`: injected into pages opened in Debian's Chromium (`axe_auditor`, see quality_axe.py).

`quality_tools` installs them once per session when tools/quality/node_modules lacks them (or holds
other versions than the pins): `npm ci --prefix tools/quality --no-audit --no-fund --ignore-scripts`
(`--ignore-scripts`: vnu-jar's postinstall would fetch a Java runtime from GitHub when none is
found; the jar itself is in the package). A missing npm, Java or failed install skips these tests
with the reason, unless CI is set: then it is a failure.

`served_site` serves the built site under a sub-path (/akhbar/) on 127.0.0.1, like the browser
tests, for the link check over HTTP and the accessibility audit.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from quality_axe import CHROMIUM, AxeAuditor
from quality_links import SUBPATH
from sitebuild import serve_site

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "quality"
NODE_MODULES = TOOLS / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
NPM_FLAGS = ["--prefix", str(TOOLS), "--no-audit", "--no-fund", "--ignore-scripts"]
MIN_JAVA = 17  # vnu.jar's documented minimum ("On any system with Java17+ installed")


def unavailable(reason: str):
    """Skip, or fail when CI is set: the quality gates must never silently vanish in CI."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "quality: quality gates on the real build (Nu Html Checker, links, axe-core)")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.quality)


# --------------------------------------------------------------------------- npm tools

@dataclass(frozen=True)
class QualityTools:
    vnu_jar: Path
    axe_js: Path
    versions: dict  # package name -> installed version


def _pins() -> dict:
    manifest = json.loads((TOOLS / "package.json").read_text(encoding="utf-8"))
    return dict(manifest.get("devDependencies", {}), **manifest.get("dependencies", {}))


def _installed() -> dict:
    found = {}
    for name in _pins():
        manifest = NODE_MODULES / name / "package.json"
        if manifest.is_file():
            found[name] = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    return found


def _tools_ready() -> bool:
    return VNU_JAR.is_file() and AXE_JS.is_file() and _installed() == _pins()


@contextlib.contextmanager
def _install_lock():
    """One npm install at a time, also across pytest-xdist workers."""
    with open(Path(tempfile.gettempdir()) / "akhbar-quality-npm.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def quality_tools() -> QualityTools:
    """vnu.jar and axe-core from tools/quality, installed with npm once if missing."""
    if not _tools_ready():
        npm = shutil.which("npm")
        if npm is None:
            unavailable("npm not found: cannot install the quality tools of tools/quality "
                        "(install Node.js and npm, or run `npm ci --prefix tools/quality`)")
        with _install_lock():
            if not _tools_ready():
                verb = "ci" if (TOOLS / "package-lock.json").is_file() else "install"
                cmd = [npm, verb, *NPM_FLAGS]
                try:
                    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
                except subprocess.TimeoutExpired:
                    unavailable(f"`{' '.join(cmd)}` did not finish in 15 minutes")
                if done.returncode != 0 or not _tools_ready():
                    unavailable(f"`{' '.join(cmd)}` failed (exit {done.returncode}):\n"
                                f"{(done.stdout + done.stderr)[-3000:]}")
    return QualityTools(VNU_JAR, AXE_JS, _installed())


# --------------------------------------------------------------------------- Java + vnu

def _java_major(java: str) -> int | None:
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not match:
        return None
    major = int(match.group(1))
    return int(match.group(2)) if major == 1 else major  # "1.8.0" is Java 8


@pytest.fixture(scope="session")
def java() -> str:
    """A Java runtime good enough for vnu.jar: $JAVA_HOME/bin/java, else `java` on PATH."""
    candidates = []
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    if shutil.which("java"):
        candidates.append(shutil.which("java"))
    for candidate in candidates:
        major = _java_major(candidate)
        if major is not None and major >= MIN_JAVA:
            return candidate
    found = ", ".join(f"{c} (version {_java_major(c)})" for c in candidates) or "none"
    unavailable(f"no Java {MIN_JAVA}+ runtime for the Nu Html Checker (found: {found}; "
                "on Debian: apt-get install openjdk-17-jre-headless)")


@dataclass
class VnuRun:
    messages: list  # the checker's JSON messages
    checked: set  # paths (relative to the output folder) the checker says it read
    seconds: float
    command: list
    returncode: int
    stderr: str


@pytest.fixture(scope="session")
def vnu_report(built_site: Path, java: str, quality_tools: QualityTools) -> VnuRun:
    """The Nu Html Checker run ONCE over the whole output folder (every HTML page of both trees)."""
    # --verbose lists every file read on stdout: the test checks no page was left out.
    cmd = [java, "-jar", str(quality_tools.vnu_jar), "--errors-only", "--format", "json",
           "--skip-non-html", "--verbose", str(built_site)]
    start = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    seconds = time.monotonic() - start
    # With --format json the report is written to stderr (stdout holds the --verbose list).
    # (Java may print notes first, e.g. "Picked up JAVA_TOOL_OPTIONS": take the JSON line.)
    json_text = next((line for line in reversed(done.stderr.splitlines())
                      if line.lstrip().startswith("{")), "")
    try:
        report = json.loads(json_text)
    except json.JSONDecodeError:
        pytest.fail(f"the Nu Html Checker gave no JSON report (exit {done.returncode}):\n"
                    f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}", pytrace=False)
    checked = set()
    for line in done.stdout.splitlines():
        line = line.strip()
        if line:
            with contextlib.suppress(ValueError):
                checked.add(Path(line).resolve().relative_to(built_site.resolve()).as_posix())
    return VnuRun(report.get("messages", []), checked, seconds, cmd, done.returncode, done.stderr)


# --------------------------------------------------------------------------- HTTP, sub-path

@pytest.fixture(scope="session")
def served_site(built_site: Path):
    """Base URL (ending in /akhbar/) of the built site served by http.server on 127.0.0.1."""
    with serve_site(built_site, SUBPATH) as url:
        yield url


# --------------------------------------------------------------------------- Chromium + axe

@pytest.fixture(scope="session")
def axe_auditor(quality_tools: QualityTools):
    """Chromium with axe-core, in a worker thread of its own (see quality_axe.py for why)."""
    if not CHROMIUM.exists():
        unavailable(f"Chromium not found at {CHROMIUM} (install Debian's package: "
                    "apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        unavailable("Playwright for Python is not installed")
    auditor = AxeAuditor(quality_tools.axe_js, CHROMIUM)
    try:
        auditor.start()
    except Exception as exc:  # noqa: BLE001 - a broken Chromium install
        auditor.close()
        unavailable(f"Chromium at {CHROMIUM} did not start: {exc}")
    try:
        yield auditor
    finally:
        auditor.close()
