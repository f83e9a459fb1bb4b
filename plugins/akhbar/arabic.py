"""Arabic normalisation for *matching* (boilerplate rules, dates, entities, search), never display.

Scraped text spells the same word many ways: hamza on or under alef or none (أيضا/ايضا/إيضا),
alef maqsura for final yeh, taa marbuta for final heh, tashkeel and tatweel sprinkled by editors,
Persian yeh/kaf from some keyboards, Arabic-Indic digits, invisible bidi marks around numbers.
Folding these makes one rule match them all.

Folds are one character to one character, so offsets survive them; only dropped marks shift
offsets, and those are rare enough (mostly the tatweel in "الـ17") that recording where they were
(`fold_with_drops`, `original_span`) is cheaper than a per-character map.
"""

from __future__ import annotations

import re
from bisect import bisect_right

FOLDS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ى": "ي", "ی": "ي", "ې": "ي",  # alef maqsura, Persian and Pashto yeh
    "ة": "ه", "ۀ": "ه", "ھ": "ه",
    "ک": "ك",  # Persian kaf
    "٫": ".", "٬": ",",  # Arabic decimal and thousands separators
    **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + i): str(i) for i in range(10)},  # Persian digits
}
# Tashkeel and Quranic marks, tatweel, and invisible bidi/format characters that sites
# sprinkle around numbers ("14\u200f ديسمبر").
DROPPED_RANGES = [
    (0x0610, 0x061A), (0x061C, 0x061C), (0x0640, 0x0640), (0x064B, 0x065F),
    (0x0670, 0x0670), (0x06D6, 0x06ED), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2066, 0x2069), (0xFEFF, 0xFEFF),
]
_TABLE = {ord(k): v for k, v in FOLDS.items()}
_TABLE.update({c: None for lo, hi in DROPPED_RANGES for c in range(lo, hi + 1)})
_DROPPED = re.compile("[" + "".join(f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in DROPPED_RANGES) + "]")
_SPACES = re.compile(r"\s+")

ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def fold(text: str) -> str:
    """Spelling variants folded and marks dropped; case and spacing untouched."""
    return text.translate(_TABLE)


def fold_with_drops(text: str) -> tuple[str, list[int] | None]:
    """`fold(text)` plus what `original_span` needs to map offsets back: None when nothing
    was dropped (offsets are identical), else, for each dropped character, the offset in the
    folded string where it used to be."""
    folded = text.translate(_TABLE)
    if len(folded) == len(text):
        return folded, None
    return folded, [pos - i for i, pos in enumerate(m.start() for m in _DROPPED.finditer(text))]


def original_span(start: int, end: int, drops: list[int] | None) -> tuple[int, int]:
    """Map a folded [start, end) back to the original string.

    The end is mapped from the last matched character, so marks that follow a match (a tatweel
    after a year, say) are not pulled into it.
    """
    if drops is None:
        return start, end
    return start + bisect_right(drops, start), end + bisect_right(drops, end - 1)


def normalise(text: str) -> str:
    """A comparison key: folded, lower-cased, white space collapsed and trimmed."""
    return _SPACES.sub(" ", fold(text)).strip().lower()
