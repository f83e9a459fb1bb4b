"""Building sites the way users do (the real Pelican CLI), for the build and browser tests."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import threading
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
# Debian's Chromium (never a downloaded browser), started as this machine allows: no sandbox as
# root, and no background networking (the machine has no internet).
CHROMIUM = Path(os.environ.get("AKHBAR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def prepare_settings() -> dict:
    """The settings a seed is prepared with (prepare.read_settings), for tests that prepare
    seeds without a build: the bundled data files, the default URL scheme."""
    from akhbar.reading.preparation import read_settings

    return read_settings({
        "AKHBAR_MAX_SEED_BYTES": 2_000_000,
        "AKHBAR_BOILERPLATE_RULES": str(ROOT / "plugins/akhbar/data/boilerplate.yml"),
        "AKHBAR_GAZETTEER": str(ROOT / "plugins/akhbar/data/gazetteer.yml"),
        "AKHBAR_SEED_URL": "articles/{id}/", "AKHBAR_ENTITY_URL": "entities/{id}/",
        "AKHBAR_SEED_SOURCE_NAME": "source.txt", "SUMMARY_MAX_LENGTH": 60,
    })


@dataclass
class Build:
    output: Path
    returncode: int
    log: str  # stdout + stderr of the Pelican run

    @property
    def report(self) -> dict:
        return json.loads((self.output / "report.json").read_text(encoding="utf-8"))

    def entry(self, source: str) -> dict:
        return next(e for e in self.report["articles"] if e["source"] == source)

    def page(self, url: str) -> str:
        path = self.output / url
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


# A folder of compiled templates the test session's builds share (tests/conftest.py): compiling
# the theme is a third of a small build, and the compiled code depends on nothing a test varies
# but the settings and files its folder is named after (incremental/template_cache.py).
TEMPLATE_CACHE = "AKHBAR_TESTS_TEMPLATE_CACHE"


def run_pelican(seeds: Path, output: Path, **settings) -> Build:
    """Build `seeds` into `output` exactly as a user would: `pelican -s pelican.conf.py`.
    The seed cache is off unless a test passes AKHBAR_CACHE_PATH: a test's result must not
    depend on what earlier runs left in the repository's cache. With the cache off, compiled
    templates are kept in the session's folder (AKHBAR_TEMPLATE_CACHE_PATH)."""
    if "AKHBAR_CACHE_PATH" not in settings and os.environ.get(TEMPLATE_CACHE):
        settings.setdefault("AKHBAR_TEMPLATE_CACHE_PATH", os.environ[TEMPLATE_CACHE])
    settings = {"AKHBAR_SEEDS_PATH": str(seeds), "AKHBAR_CACHE_PATH": "", **settings}
    cmd = [sys.executable, "-m", "pelican", "-s", str(ROOT / "pelican.conf.py"), "-o",
           str(output), "-e"]  # one -e with every override: a second -e replaces the first
    cmd += [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200"},
                          timeout=600)
    return Build(output, done.returncode, done.stdout + done.stderr)


def copied_seeds(folder: Path, copies: int) -> Path:
    """`copies` copies of each bundled seed in `folder`, each with its own closing sentence (so
    each has its own bytes, id and cache entry): a larger archive for the rebuild tests."""
    folder.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8-sig")
        for n in range(copies):
            (folder / f"{seed.stem}{n}.txt").write_text(
                text.rstrip("\n") + f"\n\nوأضاف المصدر أن الاجتماع رقم {n + 1} عقد في دمشق.\n",
                encoding="utf-8")
    return folder


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same_site(expected: Path, actual: Path) -> None:
    """The two output folders hold the same files, byte for byte."""
    left, right = site_files(expected), site_files(actual)
    assert sorted(right) == sorted(left), (set(right) ^ set(left))
    different = [name for name in left if left[name] != right[name]]
    assert not different, different[:10]


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Serves its directory under one sub-path only (as GitHub Pages serves a project site);
    anything outside it is a 404, so a link that escapes the sub-path shows up as a failure."""

    subpath = "/"

    def translate_path(self, path: str) -> str:
        parsed = urllib.parse.urlsplit(path).path
        if parsed + "/" == self.subpath:
            parsed = self.subpath
        if not parsed.startswith(self.subpath):
            return os.path.join(self.directory, "\0-outside-the-site-prefix")
        return super().translate_path("/" + parsed[len(self.subpath):])

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        pass


@contextmanager
def serve_site(directory: Path, subpath: str = "/akhbar/"):
    """Serve `directory` on 127.0.0.1 under `subpath`; yields the base URL (ending in '/')."""
    handler = type("Handler", (_SubPathHandler,), {"subpath": subpath})
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name="akhbar-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{subpath}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def run_invoke(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """`invoke ARGS` as a user types it, from the project folder."""
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "COLUMNS": "200"})


def pelican_command(seeds: Path, output: Path, **settings) -> list[str]:
    """The command run_pelican runs (for tests that start it and send it signals)."""
    settings = {"AKHBAR_SEEDS_PATH": str(seeds), "AKHBAR_CACHE_PATH": "", **settings}
    return [sys.executable, "-m", "pelican", "-s", str(ROOT / "pelican.conf.py"), "-o",
            str(output), "-e", *(f"{key}={json.dumps(value)}" for key, value in settings.items())]


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder` (links not followed): a file's bytes' digest, a link's
    target, a folder's name; to check that a build left what it must not touch as it was."""
    import hashlib

    found: dict[str, object] = {}
    for dirpath, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(dirpath, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = "folder"
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "special"
    return found


def descendants(pid: int) -> list[int]:
    """The processes below `pid` (children, their children ...), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def running(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def as_plain_user() -> list[str] | None:
    """A command prefix that runs a program as root without the power to ignore file
    permissions (so a folder made unreadable or read-only is so for it too), or None when the
    tests do not run as root (they are then plain already) ... or cannot drop it."""
    import shutil as _shutil

    if os.geteuid() != 0:
        return []
    if _shutil.which("setpriv") is None:
        return None
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
