"""The checkout installs with pip as the namespace plugin `pelican.plugins.akhbar`, and a brand-new
site of a few settings lines builds with it: the plugin brings its theme and its defaults.

Slow (a fresh virtual environment, its dependencies from PyPI or pip's cache): `-m install`.
The checkout's files (git's tracked and untracked-but-not-ignored ones, as they are on disk) are
copied and installed from the copy: an in-tree setuptools build would leave build/ and
*.egg-info in the checkout, and build/lib keeps modules deleted since, so a later wheel would
still ship them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PLUGIN = ROOT / "plugins" / "akhbar"
THEME = ROOT / "themes" / "akhbar"
SEED_COUNT = 3

PELICAN_CONFIG_WARNINGS = r"Feeds generated without SITEURL|No timezone information specified"
MARKUP_SEED = """\
Markup <b>stays</b> text & <script>alert(1)</script> in a title

The minister said <script>alert(2)</script> that the talks on Syria would continue next week in \
Geneva with all parties.

A second paragraph about the talks in Geneva, with more words to make it an article body.
"""

PELICANCONF = """\
PLUGINS = ["akhbar"]
AKHBAR_SEEDS_PATH = "seeds"
PATH = "content"
"""


def _log(done: subprocess.CompletedProcess) -> str:
    return (f"exit code {done.returncode}\n--- stdout ---\n{done.stdout}\n"
            f"--- stderr ---\n{done.stderr}")


def _run(args: list[str], cwd: Path, env: dict[str, str], timeout: int):
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)


def _ignored(folder: str, names: list[str]) -> set[str]:
    """Without git: what .gitignore names, and an earlier in-tree build's build/ and dist/."""
    skip = {n for n in names if n.startswith(".") or n in {"__pycache__", "node_modules"}
            or n.endswith((".pyc", ".mo", ".egg-info"))}
    if Path(folder) == ROOT:
        skip |= {"build", "dist", "output", "cache", "tmp"} & set(names)
    return skip


def _copy_checkout(dest: Path) -> None:
    """The checkout's working-tree files, without what git ignores (.venv, output, cache ...)."""
    try:
        listed = subprocess.run(
            ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
             "--exclude-standard"], capture_output=True, check=True, timeout=60,
        ).stdout.decode().split("\0")
    except (OSError, subprocess.SubprocessError):
        shutil.copytree(ROOT, dest, ignore=_ignored)
        return
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is not copied
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)


def _env(venv_dir: Path) -> dict[str, str]:
    """The environment of the new venv alone: nothing of this checkout on the import path."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP"}}
    env["VIRTUAL_ENV"] = str(venv_dir)
    env["PATH"] = os.pathsep.join([str(venv_dir / "bin"), env.get("PATH", "")])
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env["COLUMNS"] = "160"  # Pelican's log (rich) wraps at the terminal's width: keep it readable
    return env


def _python_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.py")
            if "__pycache__" not in p.parts}


def test_pip_installed_plugin_builds_a_new_site(tmp_path):
    venv_dir = tmp_path / "venv"
    try:
        # No pip of its own (ensurepip costs more than the rest of the test): this process's
        # pip installs into it (`pip --python`), as a fresh environment's pip would.
        venv.EnvBuilder(with_pip=False, clear=True).create(venv_dir)
    except Exception as error:  # noqa: BLE001 - any failure here means no venv on this machine
        pytest.skip(f"cannot create a virtual environment: {error}")
    python = venv_dir / "bin" / "python"
    if not python.exists():
        pytest.skip(f"cannot create a virtual environment: no {python}")
    env = _env(venv_dir)

    source = tmp_path / "checkout"
    _copy_checkout(source)
    install = _run([sys.executable, "-m", "pip", "--python", python, "install", source],
                   tmp_path, env, 900)
    assert install.returncode == 0, "pip install of the checkout failed\n" + _log(install)

    # Installed as a namespace plugin, from site-packages (not this checkout), every module in.
    where = _run([python, "-c", "import pelican.plugins.akhbar as m; print(m.__file__)"],
                 tmp_path, env, 120)
    assert where.returncode == 0, _log(where)
    package = Path(where.stdout.strip()).parent
    assert package.is_relative_to(venv_dir), package
    missing = _python_files(PLUGIN) - _python_files(package)
    assert not missing, ("modules not installed (a new subpackage missing from [tool.setuptools]"
                         f" packages in pyproject.toml?): {sorted(missing)}")
    for name in ("months.yml", "boilerplate.yml", "gazetteer.yml", "sections.yml"):
        assert (package / "data" / name).is_file(), name
    theme_files = {p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file()}
    installed_theme = {p.relative_to(package / "theme").as_posix()
                       for p in (package / "theme").rglob("*") if p.is_file()}
    assert not theme_files - installed_theme, sorted(theme_files - installed_theme)

    # A brand-new site: three settings lines, a few of the bundled seeds (with their sidecars),
    # and one seed whose title and body hold markup that must come out as text.
    site = tmp_path / "site"
    (site / "seeds").mkdir(parents=True)
    (site / "content").mkdir()
    (site / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")
    seeds = sorted(SEEDS.glob("*.txt"))[:SEED_COUNT]
    assert len(seeds) == SEED_COUNT, f"fewer than {SEED_COUNT} seeds in {SEEDS}"
    for seed in seeds:
        for path in [seed, *SEEDS.glob(f"{seed.stem}.meta.*")]:
            shutil.copy2(path, site / "seeds" / path.name)
    (site / "seeds" / "zz_markup.txt").write_text(MARKUP_SEED, encoding="utf-8")
    (site / "seeds" / "zz_markup.meta.yml").write_text("date: 2020-01-27\n", encoding="utf-8")

    # Plain `pelican`: the output folder is Pelican's default (a relative "output/").
    built = _run([venv_dir / "bin" / "pelican", "-s", "pelicanconf.py"], site, env, 600)
    assert built.returncode == 0, "pelican failed\n" + _log(built)

    # Page ids as reading/seed.py seed_id gives them: 000_5288d6f156908d5f.txt -> 5288d6f156908d5f
    output = site / "output"
    ids = [re.sub(r"^\d+[_-](?=.)", "", seed.stem).lower() for seed in seeds]
    expected = [output / "articles" / id_ / "index.html" for id_ in [*ids, "zz-markup"]]
    expected += [output / "report.json", output / "pagefind" / "pagefind-entry.json",
                 output / "en" / "pagefind" / "pagefind-entry.json"]
    absent = [str(p.relative_to(output)) for p in expected if not p.is_file()]
    for pattern in ("topics/*/index.html", "entities/*/index.html"):
        if not any(output.glob(pattern)):
            absent.append(pattern)
    assert not absent, f"missing from the output: {absent}\n" + _log(built)

    # The plugin's defaults, not just its pages: Pelican's own writers wrote nothing (every page
    # is a folder's index.html), the Arabic tree is the root, seed text is escaped (autoescape),
    # and a new site builds without a warning.
    stray = sorted(str(p.relative_to(output)) for p in output.rglob("*.html")
                   if p.name != "index.html" and p != output / "404.html"
                   and "pagefind" not in p.relative_to(output).parts)
    stray += sorted(str(p.relative_to(output)) for p in output.rglob("*.atom.xml"))
    assert not stray, f"written by Pelican itself, outside the URL scheme: {stray}"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl"' in home, home[:300]
    markup = (output / "articles" / "zz-markup" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in markup, "seed text reached the page as markup (autoescape off?)"
    # Pelican warns about its feed and TIMEZONE defaults while it reads pelicanconf.py, before
    # any plugin is loaded: no plugin default can prevent those two, so they are allowed.
    noisy = [line for line in built.stdout.splitlines() + built.stderr.splitlines()
             if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line)
             and not re.search(PELICAN_CONFIG_WARNINGS, line)]
    assert not noisy, "a new site logged warnings:\n" + "\n".join(noisy) + "\n" + _log(built)
