"""Which language a seed is written in, from its letters and its commonest words.

Arabic news quotes Latin names and acronyms (KEİ, Sol Haber) and English news quotes Arabic
names, so a seed is in Arabic script when Arabic letters outnumber Latin ones, English otherwise.
Persian and Urdu share the script but not the small words every sentence has (است، که، را;
ہے، کے، میں): a text where those make a good share of the words is labelled fa or ur, never ar.
Seeds in other Latin-script languages are treated as English (left-to-right) until the archive
supports more languages; a sidecar `lang` overrides the guess.
"""

from __future__ import annotations

import re

from .arabic import ARABIC_LETTER, LATIN_LETTER

# Runs of letters rather than single letters: the same counts, a fraction of the matches.
_ARABIC_RUN = re.compile(ARABIC_LETTER.pattern + "+")
_LATIN_RUN = re.compile(LATIN_LETTER.pattern + "+")

SUPPORTED = ("ar", "en")
RTL = frozenset({"ar", "fa", "ur", "he", "ps", "ckb", "yi"})

# Words that are common in every Persian or Urdu text and are not Arabic words (Persian yeh
# and kaf, ی and ک, also written with the Arabic letters ي and ك: see _words).
_PERSIAN_WORDS = frozenset("است که را از این های برای می شده شد کرد نیز یک آن ها خود".split())
_URDU_WORDS = frozenset("ہے ہیں کے سے نے میں اور تھا تھے گیا کو یہ وہ ہوا".split())
_WORD = re.compile("[\u0621-\u064a\u0671-\u06d3]+")
# Share of the Arabic-script words, and how many at least, that make a text Persian or Urdu:
# about a fifth of the words of a Persian or Urdu news text are such words, none of an Arabic
# one.
_SHARE, _AT_LEAST = 0.06, 4


def detect_language(text: str) -> str:
    latin = len(text) - len(_LATIN_RUN.sub("", text))   # faster than adding up findall's
    # Arabic letters are counted only until they reach the Latin ones: in an Arabic seed that
    # is within its first lines.
    arabic = 0
    for run in _ARABIC_RUN.finditer(text):
        arabic += run.end() - run.start()
        if arabic >= latin:
            return _arabic_script_language(text)
    return "en"


def _arabic_script_language(text: str) -> str:
    """ar, fa or ur for a text in Arabic script."""
    if "\u06cc" not in text and "\u06a9" not in text and "\u06d2" not in text and (
            " است" not in text and " را " not in text):
        return "ar"  # none of the letters or words that mark Persian and Urdu: most seeds
    words = _WORD.findall(text)
    if not words:
        return "ar"
    folded = [w.replace("\u064a", "\u06cc").replace("\u0643", "\u06a9") for w in words]
    for lang, markers in (("ur", _URDU_WORDS), ("fa", _PERSIAN_WORDS)):
        found = sum(word in markers for word in folded)
        if found >= _AT_LEAST and found >= _SHARE * len(words):
            return lang
    return "ar"


def direction(lang: str) -> str:
    return "rtl" if lang in RTL else "ltr"


def matching_language(lang: str) -> str:
    """The gazetteer's language for names in a text of `lang`: its Arabic names for any
    Arabic-script text (Persian and Urdu write place and person names the same way)."""
    return "ar" if direction(lang) == "rtl" else "en"
