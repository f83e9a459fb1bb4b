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
import unicodedata
from bisect import bisect_left, bisect_right

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
# Letters with case (Latin, Greek, Cyrillic): the matching fold lowers them and strips accents,
# hundreds of table entries that Arabic text seldom holds.
_CASED_RANGES = ((0x0041, 0x024F), (0x0370, 0x052F), (0x1E00, 0x1EFF))
_DENSE_END = 0x2070
_SHORT = 80   # characters: below this, str.translate is the faster (measured)


def translator(table: dict):
    """`text.translate(table)`, faster on Arabic text.

    str.translate looks each character up on its own (a look-up per character, and seeds are folded
    three times), though most characters map to themselves; it is kept for short texts only.
    `str.replace` of one character, where `in` finds it, scans at memory speed. So in a long
    text the table's Arabic and format characters are replaced one by one, and its hundreds of
    cased letters (Latin, Greek, Cyrillic: few in Arabic text) go to str.translate over the runs
    of them only. This gives what str.translate gives because no replacement made one by one
    holds a character of the table (checked here), so no character is replaced twice."""
    def cased(cp: int) -> bool:
        return any(lo <= cp <= hi for lo, hi in _CASED_RANGES)

    singles = [(chr(cp), value or "") for cp, value in sorted(table.items()) if not cased(cp)]
    runs = {cp: value for cp, value in table.items() if cased(cp)}
    if any(ord(ch) in table for _, value in singles for ch in value):
        raise ValueError("a fold table whose replacements it would fold again")
    # A run starts on a letter of the table and goes on up to the next Arabic letter (one run a
    # line of English, not one a word): str.translate leaves the rest of the run as it is.
    runs_sub = re.compile(
        "[" + "".join(re.escape(chr(cp)) for cp in sorted(runs)) + "][^\u0600-\u06ff]*"
    ).sub if runs else None

    def run_translate(match: re.Match) -> str:
        return match.group().translate(runs)

    # A short text (a word, a headline) is quicker to translate than to test for each character,
    # with the table as a sequence (a dict costs a KeyError per unmapped character) as far as
    # it is dense; text with a mapped character past that (the BOM) takes the dict.
    dense = [table.get(cp, chr(cp)) for cp in range(_DENSE_END)]
    high = "".join(chr(cp) for cp in table if cp >= _DENSE_END)

    def translate(text: str) -> str:
        if type(text) is not str:   # a str subclass (Markup) may escape what replace() inserts
            text = str(text)
        if len(text) < _SHORT:
            for ch in high:
                if ch in text:
                    return text.translate(table)
            return text.translate(dense)
        for ch, value in singles:
            if ch in text:
                text = text.replace(ch, value)
        return runs_sub(run_translate, text) if runs_sub else text

    return translate


_fold = translator(_TABLE)

ARABIC_LETTER = re.compile("[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\u08a0-\u08ff]")
LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def fold(text: str) -> str:
    """Spelling variants folded and marks dropped; case and spacing untouched."""
    return _fold(text)


def fold_with_drops(text: str) -> tuple[str, list[int] | None]:
    """`fold(text)` plus what `original_span` needs to map offsets back: None when nothing
    was dropped (offsets are identical), else, for each dropped character, the offset in the
    folded string where it used to be."""
    folded = fold(text)
    return folded, None if len(folded) == len(text) else drops_of(text)


def drops_of(text: str) -> list[int]:
    """For each character `fold` drops from `text`, the offset in the folded string where it
    used to be (see `original_span`)."""
    return [m.start() - i for i, m in enumerate(_DROPPED.finditer(text))]


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
    return normalise_folded(fold(text))


def normalise_folded(folded: str) -> str:
    """`normalise` of text already folded (a caller that needs both folds once)."""
    return " ".join(folded.split()).lower()  # split() splits on what \s matches


# --- Matching keys and proclitics (used by the entity matcher) ---------------------------------
#
# `fold_for_matching` goes one step further than `fold` for gazetteer look-ups: Latin case and
# accents are folded too (Erdoğan/Erdogan, KEİ/KEI), typographic apostrophes and hyphens become
# ASCII, every horizontal space becomes " " and every line break "\n", and runs of white space
# collapse to one character (a line break wins, so a name never matches across two lines). All of
# that is one character to one character or a drop, so `original_span` still maps offsets back.

def _latin_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for lo, hi in _CASED_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            decomposed = unicodedata.normalize("NFD", ch)
            base = decomposed[0] if all(unicodedata.combining(c) for c in decomposed[1:]) else ch
            low = base.lower()
            if len(low) == 1 and low != ch:
                table[cp] = low
    table.update({ord(k): v for k, v in {
        "İ": "i", "ı": "i", "Ø": "o", "ø": "o", "Ł": "l", "ł": "l", "Đ": "d", "đ": "d",
        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "\u2010": "-", "\u2011": "-",
    }.items()})
    for ch in "\t\v\f\xa0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))):
        table[ord(ch)] = " "
    for ch in "\r\x85\u2028\u2029":
        table[ord(ch)] = "\n"
    return table


MATCH_TABLE = {**_TABLE, **_latin_table()}
fold_for_matching_fast = translator(MATCH_TABLE)
_SPACE_RUN = re.compile(r"[ \n]{2,}")


def fold_for_matching(text: str) -> tuple[str, list[int] | None]:
    """A matching key for `text` and the drops `original_span` needs to map offsets back.

    `fold`, plus: lower case, Latin accents removed, white space normalised and collapsed (a run
    containing a line break becomes "\\n", any other run " "). The key is never shown to anyone.
    """
    folded = fold_for_matching_fast(text)
    fold_drops = None
    if len(folded) != len(text):
        fold_drops = drops_of(text)
    if "  " not in folded and " \n" not in folded and "\n " not in folded and "\n\n" not in folded:
        return folded, fold_drops   # no run for _SPACE_RUN (`in` is much faster than a search)
    # Collapse runs, remembering (in folded coordinates) which characters went.
    pieces, gone, last = [], [], 0
    for m in _SPACE_RUN.finditer(folded):
        s, e = m.span()
        pieces.append(folded[last:s])
        pieces.append("\n" if "\n" in m.group() else " ")
        gone.extend(range(s + 1, e))
        last = e
    pieces.append(folded[last:])
    key = "".join(pieces)
    drops = [pos - i for i, pos in enumerate(gone)]
    if fold_drops:
        # A character dropped by `fold` before folded position d sits, in the key, before the
        # first kept character at or after d: key position d - (collapsed characters before d).
        drops = sorted(drops + [d - bisect_left(gone, d) for d in fold_drops])
    return key, drops


CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
# Letters that may be glued in front of a word: an optional conjunction then an optional
# preposition (و، ف، ب، ك، ل، وب، فل ...). The article is not among them: see `has_article`.
PROCLITICS = frozenset(c + p for c in ("", *CONJUNCTIONS) for p in ("", *PREPOSITIONS))
# In front of a word that carries the article, the preposition ل swallows the article's alef:
# ل + الموصل = للموصل. These are the proclitics that can precede such a contracted "لموصل".
LAM_PROCLITICS = frozenset(c + "ل" for c in ("", *CONJUNCTIONS))


def has_article(word: str) -> bool:
    """Whether `word` starts with the definite article ال (bare or wasla alef, then lam).

    Hamzated alef followed by lam is not the article: ألمانيا، إلهام، ألكسندر.
    """
    return _DROPPED.sub("", word)[:2] in ("ال", "ٱل")


# --- Search keys --------------------------------------------------------------------------------
# Pagefind stems Arabic (Snowball) and folds diacritics, but misses a conjunction glued to the
# article (والمعارضة, فالمفاوضات) and spells أستانا/أستانة differently. The index gets, next to each
# word that differs, its search key; the search page computes the same key for what the reader
# types (themes/akhbar/static/js/search.js mirrors these rules; a browser test checks they agree).

_SEARCH_WORD = re.compile(r"[\u0621-\u064a\u0660-\u0669\u066e-\u06d3\u06f0-\u06f9"
                          r"\u0610-\u061a\u064b-\u065f\u0670\u0640]+")


def search_key(word: str) -> str:
    """The searchable core of one Arabic word: folded, one conjunction (و ف), one preposition
    (ب ك ل) and the article removed, and the final alef or taa marbuta of a longer word:
    "والمعارضة" -> "معارض", "بإدلب" -> "ادلب", "لأستانة" -> "استان", "أستانا" -> "استان"."""
    word = fold(word)
    if word[:1] in CONJUNCTIONS and len(word) > 3:
        word = word[1:]
    if word[:2] == "لل" and len(word) > 3:
        word = word[2:]
    elif word[:1] in PREPOSITIONS and word[1:3] == "ال" and len(word) > 4:
        word = word[3:]
    elif word[:1] in PREPOSITIONS and len(word) > 3:
        word = word[1:]
    if word[:2] == "ال" and len(word) > 3:
        word = word[2:]
    # Final alef or taa marbuta (folded to heh) of longer words: أستانا = أستانة, سوريا = سورية.
    # Short words keep theirs, so حلبة (a racetrack) never becomes حلب.
    if word[-1:] in ("ا", "ه") and len(word) >= 5:
        word = word[:-1]
    return word


def search_forms(text: str) -> list[str]:
    """Search keys of the Arabic words of `text` that differ from the words as written, once
    each, in order of appearance (what the index adds beside the display text)."""
    return list(dict.fromkeys(filter(None, map(SEARCH_FORMS.__getitem__,
                                                _SEARCH_WORD.findall(text)))))


class _SearchForms(dict):
    """word -> its search key if the index needs it beside the word (it differs, and has two
    letters or more), else "". An archive's vocabulary repeats from article to article, so a
    known word costs a dict look-up and no Python at all; emptied when it grows past
    `limit` words."""

    limit = 200_000

    def __missing__(self, word: str) -> str:
        if len(self) >= self.limit:
            self.clear()
        key = search_key(word)
        self[word] = form = key if key != word and len(key) > 1 else ""
        return form


SEARCH_FORMS = _SearchForms()
