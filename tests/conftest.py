"""Shared fixtures: make the plugin importable and build sites with the real Pelican CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
sys.path.insert(0, str(ROOT / "plugins"))


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


def run_pelican(seeds: Path, output: Path, **settings) -> Build:
    """Build `seeds` into `output` exactly as a user would: `pelican -s pelican.conf.py`."""
    settings = {"SEEDS_PATH": str(seeds), **settings}
    cmd = [sys.executable, "-m", "pelican", "-s", str(ROOT / "pelican.conf.py"), "-o",
           str(output), "-e"]  # one -e with every override: a second -e replaces the first
    cmd += [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "COLUMNS": "200"},
                          timeout=600)
    return Build(output, done.returncode, done.stdout + done.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled seeds built once for the session; the output folder."""
    return site_build(tmp_path_factory).output


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    return site_build(tmp_path_factory)


_BUILDS: dict[str, Build] = {}


def site_build(tmp_path_factory) -> Build:
    if "seeds" not in _BUILDS:
        build = run_pelican(SEEDS, tmp_path_factory.mktemp("site") / "output")
        assert build.returncode == 0, build.log
        _BUILDS["seeds"] = build
    return _BUILDS["seeds"]
