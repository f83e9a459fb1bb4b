"""The build digest (what every page shares) is made from the settings proper: a plugin's own
entry in the settings dict, such as the running build, never makes every page look changed."""

from pathlib import Path

from akhbar.build import KEY
from akhbar.incremental.fingerprint import build_digest

ROOT = Path(__file__).resolve().parents[3]


def test_the_build_digest_reads_the_settings_not_the_running_build():
    settings = {"THEME": str(ROOT / "themes" / "akhbar"), "SITENAME": "أخبار"}
    first = build_digest({**settings, KEY: {"started": 1.0}})
    again = build_digest({**settings, KEY: {"started": 2.0}})
    assert first == again == build_digest(settings)
    assert build_digest({**settings, "SITENAME": "Akhbar"}) != first
