"""invoke tasks: build, serve, livereload, clean, test, import.

Every task is a thin wrapper: the site is built by Pelican with the Akhbar plugin (so a plain
`pelican -s pelican.conf.py` builds the same site), and options become Pelican settings.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import shlex
import shutil
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
CONF = ROOT / "pelican.conf.py"
DEFAULT_OUTPUT = ROOT / "output"
CHROMIUM = Path("/usr/bin/chromium")
THEME = ROOT / "themes" / "akhbar"
CATALOGS = THEME / "translations"
QUALITY_TOOLS = ROOT / "tools" / "quality"


def _output(output: str | None) -> Path:
    return Path(output).expanduser().resolve() if output else DEFAULT_OUTPUT


def _settings(seeds=None) -> dict:
    from pelican.settings import DEFAULT_CONFIG, read_settings  # noqa: PLC0415

    from plugins.akhbar import settings as akhbar_settings  # noqa: PLC0415

    settings = read_settings(str(CONF))
    if seeds:
        settings["AKHBAR_SEEDS_PATH"] = str(Path(seeds).expanduser().resolve())
    try:
        akhbar_settings.apply(settings, DEFAULT_CONFIG)
    except akhbar_settings.SettingsError as exc:
        raise Exit(str(exc), code=2) from None
    return settings


def _guard_output(path: Path, seeds=None, owned=True) -> None:
    """A build replaces what is in its output folder: the plugin refuses a folder that is, holds
    or lies in one the build reads, or that holds files no build wrote (output_folder.py); the
    same check here stops before Pelican starts. `owned`: check what the folder holds too."""
    from plugins.akhbar.system import output_folder  # noqa: PLC0415

    settings = _settings(seeds)
    try:
        output_folder.check_placement(path, output_folder.read_folders(settings))
        if owned:
            output_folder.check_ownership(path, settings.get("OUTPUT_RETENTION") or ())
    except output_folder.OutputRefused as exc:
        raise Exit(str(exc), code=2) from None


def pelican_command(seeds=None, output=None, strict=False, extra=None) -> list[str]:
    out = _output(output)
    cmd = [sys.executable, "-m", "pelican", "-s", str(CONF), "-o", str(out)]
    settings = dict(extra or {})
    if seeds:
        seeds_path = Path(seeds).expanduser().resolve()
        if not seeds_path.is_dir():
            raise Exit(f"Seeds folder {seeds_path} does not exist.", code=2)
        # Both names: a settings file of an older version sets SEEDS_PATH, which this overrides.
        settings["AKHBAR_SEEDS_PATH"] = settings["SEEDS_PATH"] = str(seeds_path)
    if strict:
        settings["AKHBAR_STRICT"] = True
    if settings:  # one -e with every override: a second -e would replace the first
        cmd += ["-e", *(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in settings.items())]
    return cmd


def production_settings(siteurl: str | None) -> dict:
    """Absolute links for publishing: --siteurl, else AKHBAR_PRODUCTION_SITEURL."""
    if not siteurl:
        from pelican.settings import read_settings  # noqa: PLC0415

        siteurl = read_settings(str(CONF)).get("AKHBAR_PRODUCTION_SITEURL", "")
    if not siteurl.startswith(("https://", "http://")):
        raise Exit(
            "A production build needs the published address: --siteurl https://user.github.io/"
            "archive (or AKHBAR_PRODUCTION_SITEURL in pelican.conf.py).", code=2)
    return {"SITEURL": siteurl.rstrip("/"), "RELATIVE_URLS": False}


@task(
    help={
        "seeds": "folder of seed .txt files (default: seeds/; the AKHBAR_SEEDS_PATH setting)",
        "output": "folder to write the site into (default: output/)",
        "strict": "fail (exit 3) if any seed is skipped, has an error or a warning",
        "production": "absolute links, feeds and sitemap for publishing (needs the site address)",
        "siteurl": "the published address with its sub-path, e.g. https://user.github.io/archive",
    }
)
def build(c, seeds=None, output=None, strict=False, production=False, siteurl=None):
    """Build the site from the seeds and content/ into the output folder."""
    out = _output(output)
    _guard_output(out, seeds)
    extra = production_settings(siteurl) if (production or siteurl) else {}
    cmd = pelican_command(seeds, output, strict, extra)
    result = c.run(shlex.join(cmd), warn=True, pty=False)
    if result.exited == 3 and strict:
        raise Exit("Strict build failed: see the seed warnings above and report.json.", code=3)
    if not result.ok:
        raise Exit(f"Pelican failed (exit {result.exited}).", code=result.exited or 1)


@task(
    help={
        "siteurl": "the published address (default: AKHBAR_PRODUCTION_SITEURL)",
        "branch": "branch that GitHub Pages serves (default gh-pages)",
        "remote": "git remote to push to (default origin)",
        "push": "push the branch (default on; --no-push to only commit it)",
        "output": "folder to build into before publishing (default: output/)",
    }
)
def publish(c, siteurl=None, branch="gh-pages", remote="origin", push=True, output=None):
    """Production build, committed to the gh-pages branch with ghp-import (and pushed)."""
    build(c, production=True, siteurl=siteurl, output=output)
    cmd = [sys.executable, "-m", "ghp_import", "-n", "-f", "-b", branch, "-r", remote,
           "-m", "Publish the archive", str(_output(output))]
    if push:
        cmd.insert(3, "-p")
    c.run(shlex.join(cmd), pty=False)


@task(
    help={
        "sizes": "comma-separated corpus sizes (default 1000,5000,10000)",
        "timeout": "seconds allowed per build (default 600)",
    }
)
def bench(c, sizes="1000,5000,10000", timeout=600):
    """Benchmark cold, warm and one-edit builds against plain Pelican; writes bench/RESULTS.md."""
    c.run(shlex.join([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", sizes,
                      "--timeout", str(timeout)]), pty=False)


@task(
    name="import",
    iterable=["map"],
    auto_shortflags=False,
    help={
        "path": "the file to import: .jsonl, .json, .csv, or an RSS/Atom feed (.xml, .rss, .atom)",
        "seeds": "folder to write the seeds into (default: seeds/; created if missing)",
        "map": "FIELD=NAME: read a field from another name, e.g. --map title=headline_ar"
               " (repeatable; fields: id title text date url source lang author section)",
        "source": "outlet for records that name none",
        "lang": "language (ar, en, fa, ur) for records that give none",
        "format": "jsonl, json, csv or feed, when the file's name does not say",
        "dry-run": "read and report, write nothing",
        "overwrite": "replace seeds and sidecars edited by hand or not written by an import",
        "max-mb": "largest file read, in megabytes (default 512)",
        "verbose": "list every skipped record and warning (default: the first 50 of each)",
    },
)
def import_(c, path, seeds=None, map=None, source=None, lang=None, format=None,  # noqa: A002
            dry_run=False, overwrite=False, max_mb="512", verbose=False):
    """Import the records of a JSON Lines, JSON, CSV, RSS or Atom file as seeds and sidecars;
    importing the same file again updates them. Exit code 2 if the file cannot be read, 130 if
    interrupted (Ctrl-C)."""
    from plugins.akhbar.importing import run  # noqa: PLC0415 - only this task needs it

    folder = Path(seeds).expanduser().resolve() if seeds else ROOT / "seeds"
    try:
        # max_mb is text (a string default): invoke would end on a traceback for "abc".
        opts = run.options(folder, map or (), source, lang, format=format, dry_run=dry_run,
                           overwrite=overwrite, max_bytes=run.megabytes(max_mb))
        summary = run.import_file(
            Path(path).expanduser(), opts,
            progress=lambda n: print(f"Akhbar import: {n:,} records read", flush=True),
            waiting=lambda: print(f"Akhbar import: another import is writing into {folder};"
                                  " waiting", flush=True))
    except run.NotImportable as exc:
        raise Exit(f"Cannot import: {exc}", code=2) from None
    except run.Interrupted as exc:
        raise Exit(str(exc), code=130) from None
    print("\n".join(summary.lines(verbose)))


@task(help={"port": "port to listen on (default 8000)", "output": "folder to serve"})
def serve(c, port=8000, output=None):
    """Serve the built site on http://127.0.0.1:PORT/ (run `invoke build` first)."""
    out = _output(output)
    if not (out / "index.html").exists():
        raise Exit(f"No site in {out}: run `invoke build` first.", code=2)
    # In this process, not a child: stopping the task (Ctrl-C or a signal) stops the server too.
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(out))
    with ThreadingHTTPServer(("127.0.0.1", int(port)), handler) as server:
        print(f"Serving {out} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("Stopped.")


@task(
    help={
        "port": "port to listen on (default 8000)",
        "seeds": "folder of seeds to watch and build",
        "output": "output folder",
    }
)
def livereload(c, port=8000, seeds=None, output=None):
    """Build, serve, and rebuild (reloading the browser) when seeds, content or theme change."""
    from livereload import Server  # noqa: PLC0415 - only this task needs it

    out = _output(output)
    _guard_output(out, seeds)
    cmd = pelican_command(seeds, output)

    def rebuild():
        subprocess.run(cmd, check=False)

    rebuild()
    server = Server()
    seeds_path = Path(seeds).resolve() if seeds else ROOT / "seeds"
    for pattern in (
        f"{seeds_path}/**/*",
        f"{ROOT}/content/**/*",
        f"{ROOT}/themes/**/*",
        f"{ROOT}/plugins/**/*",
        str(CONF),
    ):
        server.watch(pattern, rebuild)
    server.serve(host="127.0.0.1", port=port, root=str(out))


@task(help={"output": "output folder to delete (default: output/)",
            "cache": "also empty the seed cache (AKHBAR_CACHE_PATH)"})
def clean(c, output=None, cache=False):
    """Delete the built site (and, with --cache, the prepared seeds of earlier builds): only
    what Akhbar builds wrote; anything else in the output folder is left where it is."""
    from plugins.akhbar.incremental.page_record import aside_folder, discard_leftover  # noqa: PLC0415
    from plugins.akhbar.system import cache_folder, locks, output_folder  # noqa: PLC0415

    out = _output(output)
    _guard_output(out, owned=False)
    settings = _settings()
    if out.is_dir():
        lock = locks.FolderLock(out)
        lock.acquire(waiting=lambda: print(f"Another build is writing into {out}; waiting"))
        try:
            deleted, left = output_folder.clean(out, settings.get("OUTPUT_RETENTION") or ())
        finally:
            lock.release()
        if deleted:
            print(f"Removed the site in {out}")
        if left:
            shown = output_folder.listed(left)
            if not deleted and not output_folder.read_marker(out):
                raise Exit(f"Refusing to delete {out}: it holds files ({shown}) and no"
                           f" {output_folder.MARKER} marker of an Akhbar build. Delete it"
                           " yourself if it is what you want gone.", code=2)
            print(f"Left in {out} what no build wrote there: {shown}")
    aside = aside_folder(out)  # a previous output a killed build left aside
    if os.path.lexists(aside):
        if discard_leftover(aside):
            print(f"Removed {aside}")
        else:
            print(f"Left {aside}: no build made it")
    if cache:
        folder = settings.get("AKHBAR_CACHE_PATH")
        if folder and Path(folder).is_dir():
            lock = locks.FolderLock(Path(folder))
            lock.acquire(waiting=lambda: print(f"A build is using {folder}; waiting"))
            try:
                deleted, left = cache_folder.clean_cache(Path(folder))
            finally:
                lock.release()
            if not deleted and left:
                raise Exit(f"Refusing to empty {folder}: it holds no {cache_folder.CACHE_MARKER}"
                           " marker of an Akhbar cache.", code=2)
            print(f"Removed the cache in {folder}"
                  + (f" (left what no build wrote: {output_folder.listed(left)})" if left else ""))


@task
def i18n_extract(c):
    """Extract the templates' interface strings and update every catalog (no fuzzy guesses)."""
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    with c.cd(str(THEME)):
        c.run(shlex.join([*pybabel, "extract", "-F", "babel.cfg", "-c", "Translators:", "-w", "100",
                          "-k", "_in:2", "-o", "translations/messages.pot", "."]), pty=False)
        c.run(shlex.join([*pybabel, "update", "-i", "translations/messages.pot", "-d",
                          "translations", "-w", "100", "--no-fuzzy-matching"]), pty=False)
    print("Now translate the new entries (empty msgstr) in",
          CATALOGS / "ar/LC_MESSAGES/messages.po")


@task
def i18n_compile(c):
    """Compile every catalog to check it (statistics printed); builds compile in memory, so
    nothing is written into the repository."""
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        for po in sorted(CATALOGS.glob("*/LC_MESSAGES/messages.po")):
            lang = po.parents[1].name
            c.run(shlex.join([sys.executable, "-m", "babel.messages.frontend", "compile",
                              "--statistics", "-l", lang, "-i", str(po),
                              "-o", f"{tmp}/{lang}.mo"]), pty=False)


def _unmet(requirements: Path) -> list[str]:
    """The lines of a requirements file (and of those it names with -r) that the installed
    packages do not satisfy: a missing package or a version outside the range. Without
    `packaging` (pytest brings it), or with a line it cannot read, pip is left to tell."""
    try:
        from packaging.requirements import InvalidRequirement, Requirement  # noqa: PLC0415
    except ImportError:
        return ["packaging"]
    unmet = []
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(("-r ", "--requirement ")):
            unmet += _unmet(requirements.parent / line.split(None, 1)[1])
            continue
        try:
            wanted = Requirement(line)
        except InvalidRequirement:  # an option or a form read by pip alone
            return [line]
        if wanted.marker and not wanted.marker.evaluate():
            continue
        try:
            found = version(wanted.name)
        except PackageNotFoundError:
            unmet.append(line)
            continue
        if not wanted.specifier.contains(found, prereleases=True):
            unmet.append(f"{line} (installed: {found})")
    return unmet


def _ensure_requirements(c) -> None:
    """pip-install requirements-dev.txt, only when something in it is missing: reading what is
    installed takes a fraction of a second, pip over a second."""
    unmet = _unmet(ROOT / "requirements-dev.txt")
    if unmet:
        print(f"Installing the test requirements (missing: {', '.join(unmet)}) ...")
        c.run(shlex.join([sys.executable, "-m", "pip", "install", "--quiet", "-r",
                          str(ROOT / "requirements-dev.txt")]), pty=False)


def _ensure_test_tools(c) -> None:
    """Install the test dependencies and Debian's Chromium if they are missing."""
    _ensure_requirements(c)
    missing = [pkg for pkg, ok in (("chromium", CHROMIUM.exists()),
                                    ("openjdk-17-jre-headless", bool(shutil.which("java"))),
                                    ("npm", bool(shutil.which("npm")))) if not ok]
    if missing and shutil.which("apt-get") and os.geteuid() == 0:
        print(f"Installing {', '.join(missing)} for the browser and quality tests (apt-get) ...")
        c.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
              + " ".join(missing), pty=False)
    elif missing:
        print(f"Missing {', '.join(missing)} (install them with apt-get): the browser and"
              " quality tests that need them will be skipped.")
    # The Nu Html Checker and axe-core, pinned in tools/quality/package.json. --ignore-scripts:
    # vnu-jar's install script would download a Java runtime; the jar itself is in the package.
    if shutil.which("npm") and not (QUALITY_TOOLS / "node_modules").is_dir():
        c.run(shlex.join(["npm", "ci", "--prefix", str(QUALITY_TOOLS), "--no-audit", "--no-fund",
                          "--ignore-scripts"]), pty=False)


def _lint(c) -> None:
    """`ruff check .` (settings in pyproject.toml): any problem stops the tests."""
    if importlib.util.find_spec("ruff") is None:
        raise Exit("ruff is not installed: pip install -r requirements-dev.txt (or drop"
                   " --no-install).", code=2)
    with c.cd(str(ROOT)):
        done = c.run(shlex.join([sys.executable, "-m", "ruff", "check", "."]), warn=True,
                     pty=False)
    if not done.ok:
        raise Exit("ruff found problems (see above; `ruff check --fix` mends some).",
                   code=done.exited or 1)


def _workers() -> list[str]:
    """pytest-xdist's options: one worker per CPU; tests that share a site built once, a browser
    or the repository's seed cache kept on one worker (groups: tests/conftest.py). None when
    pytest-xdist is missing (`--no-install`): the tests then run in one process."""
    if importlib.util.find_spec("xdist") is None:
        print("pytest-xdist is not installed: the tests run in one process.")
        return []
    return ["-n", "auto", "--dist", "loadgroup"]


@task(
    help={
        "k": "only run tests matching this pytest -k expression",
        "install": "install test tools first (pip requirements-dev.txt, apt chromium); default on",
        "quick": "ruff and the unit tests only (tests/unit, under half a minute): no builds,"
                 " no browser; installs no Chromium",
    }
)
def test(c, k=None, install=True, quick=False):
    """Run `ruff check .`, then the whole test suite: unit, build (real Pelican), browser
    (headless Chromium) and quality, on every CPU (pytest-xdist). --quick: unit tests only."""
    if install and quick:
        _ensure_requirements(c)
    elif install:
        _ensure_test_tools(c)
    _lint(c)
    cmd = [sys.executable, "-m", "pytest", *(["tests/unit"] if quick else _workers())]
    if k:
        cmd += ["-k", k]
    with c.cd(str(ROOT)):
        c.run(shlex.join(cmd), pty=False)
