"""Arabic normalisation for *matching* (boilerplate rules, dates, entities, search), never display.

Scraped text spells the same word many ways: hamza on or under alef or none (أيضا/ايضا/إيضا),
alef maqsura for final yeh, taa marbuta for final heh, tashkeel and tatweel sprinkled by editors,
Persian yeh/kaf from some keyboards, Arabic-Indic digits. Folding these makes one rule match them
all. Every fold is one character to one character (tashkeel and tatweel are dropped), so callers
that need offsets into the original can use `normalise_with_map`.
"""

from __future__ import annotations

import re

# One-to-one folds.
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Persian yeh
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",  # Persian kaf
        "ـ": None,  # tatweel
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
    }
)
# Tashkeel (harakat, shadda, sukun, tanween, superscript alef) and Quranic marks.
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_SPACES = re.compile(r"\s+")

ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def normalise(text: str) -> str:
    """Fold spelling variants and collapse white space; lower-case Latin letters."""
    text = _TASHKEEL.sub("", text).translate(_FOLD)
    return _SPACES.sub(" ", text).strip().lower()


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Like `normalise` without the space collapsing, plus, for each output character,
    the index of the input character it came from (for mapping matches back)."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if _TASHKEEL.match(ch):
            continue
        folded = ch.translate(_FOLD)
        if not folded:
            continue
        for out_ch in folded.lower():  # 'İ'.lower() is two characters
            out.append(out_ch)
            index.append(i)
    return "".join(out), index
