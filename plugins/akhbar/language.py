"""Which language a seed is written in, from its letters.

Arabic news quotes Latin names and acronyms (KEİ, Sol Haber) and English news quotes Arabic
names, so a seed is Arabic when Arabic letters outnumber Latin ones, English otherwise. Seeds
in other Latin-script languages are treated as English (left-to-right) until the archive
supports more languages; a sidecar `lang` overrides the guess.
"""

from __future__ import annotations

from .arabic import ARABIC_LETTER, LATIN_LETTER

SUPPORTED = ("ar", "en")
DIRECTION = {"ar": "rtl", "en": "ltr"}


def detect_language(text: str) -> str:
    arabic = len(ARABIC_LETTER.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    return "ar" if arabic >= latin and arabic > 0 else "en"


def direction(lang: str) -> str:
    return DIRECTION.get(lang, "ltr")
