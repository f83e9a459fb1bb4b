"""The boilerplate rules (data/boilerplate.yml), loaded and compiled once: what page furniture
looks like, how long a kicker, caption, subheading or headline may be, and which shapes of line
are bylines. cleaning.py applies them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..text.arabic import normalise

DEFAULT_RULES = Path(__file__).resolve().parents[1] / "data" / "boilerplate.yml"


@dataclass(frozen=True)
class Rules:
    drop_lines: frozenset[str]
    drop_patterns: tuple[re.Pattern, ...]
    drop_any: re.Pattern | None   # drop_patterns as one alternation, when they can be joined
    related: tuple[re.Pattern, ...]
    related_markers: frozenset[str]
    captions: tuple[re.Pattern, ...]
    caption_max_words: int
    kicker_max_words: int
    kicker_labels: frozenset[str]
    kicker_unknown_max_words: int
    name_particles: frozenset[str]
    clear_headline_min_words: int
    clear_headline_max_words: int
    subheading_max_words: int
    headline_max_words: int
    sentence_end: str
    headline_end: str
    byline: re.Pattern


def _alternation(patterns: list[str]) -> re.Pattern | None:
    """One expression that fully matches what any of `patterns` fully matches: one regex call a
    line instead of one a rule. None for patterns that cannot be joined without changing what
    they mean (a back-reference or a condition would point at another rule's group; inline
    global flags)."""
    unsafe = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")
    if not patterns or any(unsafe.search(p) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:   # the same group name in two rules
        return None


@lru_cache(maxsize=8)
def load_rules(path: str | Path = DEFAULT_RULES) -> Rules:
    """Load and compile the boilerplate rules once per path."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    try:
        return Rules(
            drop_lines=frozenset(normalise(str(x)) for x in data.get("drop_lines", [])),
            drop_patterns=tuple(re.compile(p) for p in data.get("drop_patterns", [])),
            drop_any=_alternation([str(p) for p in data.get("drop_patterns", [])]),
            related=tuple(re.compile(p, re.IGNORECASE) for p in data.get("related", [])),
            related_markers=frozenset(
                normalise(str(x)).rstrip(":： ") for x in data.get("related_markers", [])
            ),
            captions=tuple(re.compile(p) for p in data.get("captions", [])),
            caption_max_words=int(data.get("caption_max_words", 30)),
            kicker_max_words=int(data.get("kicker_max_words", 4)),
            kicker_labels=frozenset(normalise(str(x)) for x in data.get("kicker_labels", [])),
            kicker_unknown_max_words=int(data.get("kicker_unknown_max_words", 3)),
            name_particles=frozenset(normalise(str(x)) for x in data.get("name_particles", [])),
            clear_headline_min_words=int(data.get("clear_headline_min_words", 4)),
            clear_headline_max_words=int(data.get("clear_headline_max_words", 15)),
            subheading_max_words=int(data.get("subheading_max_words", 6)),
            headline_max_words=int(data.get("headline_max_words", 40)),
            sentence_end=str(data.get("sentence_end", ".!?؟")),
            headline_end=str(data.get("headline_end", "!?؟")),
            byline=_byline_pattern([str(x) for x in data.get("byline_roles", [])],
                                   [str(x) for x in data.get("byline_honorifics", [])]),
        )
    except re.error as exc:
        raise ValueError(f"{path}: invalid regular expression {exc.pattern!r}: {exc}") from None


# Bylines (boilerplate.yml says which shapes). A name or a place: one to three words of letters;
# after an honorific, two to five. The parts are joined by a dash or a kashida standing alone
# ("الرياض-جدة" is a route, not a byline).
_WORD = r"[^\W\d_]+"
_NAME = rf"{_WORD}(?: {_WORD}){{0,2}}"
_SEP = r"(?:\s+ـ\s+|\s*[-–—]\s+|\s+[-–—]\s*)"


def _byline_pattern(roles: list[str], honorifics: list[str]) -> re.Pattern:
    def words(names: list[str]) -> str:
        names = sorted({n.strip() for n in names if n.strip()}, key=len, reverse=True)
        if not names:
            return "(?!)"
        return "(?:" + "|".join(r"\s*".join(map(re.escape, n.split())) for n in names) + ")"

    role, honorific = words(roles), words(honorifics)
    name_after_title = rf"{_WORD}(?:\s+{_WORD}){{1,4}}"
    quoted = r"(?:«[^«»]{1,40}»|\"[^\"]{1,40}\"|“[^“”]{1,40}”)"
    shapes = [
        rf"{_NAME}{_SEP}{_NAME}",                                 # name - city, city - name
        rf"{role}{_SEP}{_NAME}{_SEP}{_NAME}",                     # تحرير - صلاح سالم - جدة
        rf"{_NAME}\s*،\s*{role}{_SEP}{_NAME}",                     # الاحساء، تحقيق - صالح المحيسن
        rf"{_NAME}{_SEP}{_NAME}\s+{role}{_SEP}{_NAME}",             # ... عدسة- هادي الغامدي
        rf"{honorific}(?<=\.)\s*{name_after_title}|{honorific}\s+{name_after_title}",
        rf"{_WORD}(?: {_WORD}){{1,2}}\s*\(\s*{_WORD}(?: {_WORD})?\s*\)",  # محمد النغيص (الرياض)
        rf"{quoted}\s+من\s+{_WORD}(?: {_WORD})?",                   # «الاقتصادية» من الرياض
        rf"{_NAME} من {_WORD}{_SEP}{_NAME} من {_WORD}",            # two reporters, two cities
    ]
    return re.compile("(?:" + "|".join(f"(?:{s})" for s in shapes) + r")(?:\s*:)?")
