"""Building sites the way users do (the real Pelican CLI), for the build and browser tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


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
