"""Which language a seed is written in, from its letters.

Arabic news quotes Latin names and acronyms (KEİ, Sol Haber) and English news quotes Arabic
names, so a seed is Arabic when Arabic letters outnumber Latin ones, English otherwise. Seeds
in other Latin-script languages are treated as English (left-to-right) until the archive
supports more languages; a sidecar `lang` overrides the guess.
"""

from __future__ import annotations

import re

from .arabic import ARABIC_LETTER, LATIN_LETTER

# Runs of letters rather than single letters: the same counts, a fraction of the matches.
_ARABIC_RUN = re.compile(ARABIC_LETTER.pattern + "+")
_LATIN_RUN = re.compile(LATIN_LETTER.pattern + "+")

SUPPORTED = ("ar", "en")
DIRECTION = {"ar": "rtl", "en": "ltr"}


def detect_language(text: str) -> str:
    latin = len(text) - len(_LATIN_RUN.sub("", text))   # faster than adding up findall's
    # Arabic letters are counted only until they reach the Latin ones: in an Arabic seed that
    # is within its first lines.
    arabic = 0
    for run in _ARABIC_RUN.finditer(text):
        arabic += run.end() - run.start()
        if arabic >= latin:
            return "ar"
    return "en"


def direction(lang: str) -> str:
    return DIRECTION.get(lang, "ltr")
