"""The plugin's layers (pyproject.toml, [tool.importlinter]): each imports only from the layers
below it, and those below the site writer import nothing from Pelican. Checked by
import-linter on the real package, and shown to catch a wrong import in a copy of it."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(plugins: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT), "--no-cache", str(ROOT / "pyproject.toml")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(plugins)})


def test_the_plugin_keeps_its_layers():
    done = _lint(ROOT / "plugins")
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "2 kept, 0 broken" in done.stdout


def test_an_import_against_the_layers_is_caught(tmp_path):
    copy = tmp_path / "plugins" / "akhbar"
    shutil.copytree(ROOT / "plugins" / "akhbar", copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    with open(copy / "text" / "bidi.py", "a", encoding="utf-8") as module:
        module.write("\nfrom ..site import writer  # a pure layer reaching up\n")
    with open(copy / "names" / "linking.py", "a", encoding="utf-8") as module:
        module.write("\nimport pelican.contents  # Pelican in a pure layer\n")
    done = _lint(tmp_path / "plugins")
    assert done.returncode != 0
    assert "akhbar.text.bidi -> akhbar.site.writer" in done.stdout
    assert "akhbar.names.linking -> pelican" in done.stdout
