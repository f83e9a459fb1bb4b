"""Shared fixtures: make the plugin importable and build the bundled seeds once per session."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
