"""Gazetteer loading and one-pass, Arabic-aware entity and topic matching.

The gazetteer (`data/gazetteer.yml`, schema in its header) lists entities with their names and
aliases in both languages, and topics made of entities and terms. `load_gazetteer` validates it
and compiles, per language, one Aho-Corasick automaton over the folded aliases; `Gazetteer.find`
scans a text once with it and keeps the hits that pass these rules:

* Matching is on `arabic.fold_for_matching` keys (alef forms, alef maqsura, taa marbuta, tashkeel,
  tatweel, Persian letters, Arabic-Indic digits; Latin case and accents), never on display text:
  mention offsets and text point into the original string.
* Proclitics (Arabic only): و/ف then ب/ك/ل may be glued to the front of a name (وإدلب، بحلب،
  لأستانا، وبالرقة). The article is part of a name, not a proclitic: a name the gazetteer writes
  with ال (الرقة، الموصل) takes the proclitics in front of its article, including the contracted
  ل + ال = لل (للموصل, matched as "لموصل"; للاذقية, where the article's ل goes too, as
  "لاذقية"); a name written without it does NOT match with one,
  so "السورية" (the adjective "Syrian") is not Syria, and "الماس" (the diamond) is not Maas.
  Variants with the article (الأستانة) are aliases of their own.
* Word boundaries: the letters in front of a hit must be exactly one of those proclitic strings
  (nothing at all in English), and the character after it must not be a letter or digit. No
  suffix is allowed: حلبة (racetrack), حلبي (Aleppine), سوري/سوريون (Syrian/s), "Syrian(s)" do
  not count as the place; a nisba adjective describes, it does not mention. The English
  possessive needs no exception, since the apostrophe is not a letter: "Lavrov's" is Lavrov.
* English is matched case-insensitively (LAVROV, Lavrov), with two guards for common words: an
  alias written with an initial capital does not match a word starting in lower case ("turkey"
  the bird, "china" the porcelain), and an alias written without lower-case letters (UN, US,
  ISIS) is an acronym that must appear without lower-case letters ("us", "Us" are nothing).
* Weak aliases (ambiguous forms: الأسد "the lion", ماس "diamond") count only when one of the
  entity's context words comes immediately before them (proclitics allowed on both, an opening
  quote or bracket may sit between: نظام الأسد، والرئيس الأسد، وكالة "الأناضول"), or when the
  same entity was already identified earlier in the same text, by a strong alias or by a weak
  one confirmed by its context ("بشار الأسد ... قال الأسد", "President Assad ... Assad said").
  A weak alias shared by several entities goes to the first of them (gazetteer order) that its
  context or an earlier mention supports. A name that its own entry also lists as a weak alias
  is weak only (دوما: the town, or the Russian Duma).
* Overlaps: the longest accepted hit wins (ties: the leftmost), so "بشار الأسد" is one mention,
  not two, and "مؤتمر ميونيخ للأمن" is the conference, not Munich.
* A mention's end takes in the vowel marks on its last letter (إدلبَ), so wrapping it in a link
  never separates a letter from its marks. Names never match across a line break.

Topic terms are matched by the same rules (they have no weak form). `find` looks only for the
aliases of the language it is given: English names inside an Arabic text are not searched for.

For article pages: `find_in_paragraphs` runs `find` once over a whole article (so a full name
in one paragraph licenses a short weak form in a later one) and hands the mentions back per
paragraph with paragraph-relative offsets; `first_mentions` picks each entity's first one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from ..text.arabic import (
    LAM_PROCLITICS,
    PROCLITICS,
    fold_for_matching,
    has_article,
    original_span,
)
from .overlaps import longest_first

DEFAULT_GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer.yml"
KINDS = ("person", "place", "organisation", "country", "event")
LANGS = ("ar", "en")
ENTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Characters that may sit between a context word and a weak alias besides one space.
_OPENERS = "\"'«“”‘(["


class _WordChars(dict):
    """char -> char.isalnum(), filled as characters are met: a word boundary is tested for
    every hit of the automaton (over a hundred an article), and a dict look-up costs a
    fraction of a method call."""

    def __missing__(self, char: str) -> bool:
        self[char] = value = char.isalnum()
        return value


_WORD_CHAR = _WordChars()

# Arabic vowel and Quranic marks (not tatweel): kept with the letter they sit on.
_MARKS = frozenset(chr(c) for lo, hi in ((0x0610, 0x061A), (0x064B, 0x065F), (0x0670, 0x0670),
                                         (0x06D6, 0x06ED)) for c in range(lo, hi + 1))

ENTITY_REQUIRED = ("id", "kind", "name_ar", "name_en", "description_ar", "description_en")
ENTITY_LISTS = ("aliases_ar", "aliases_en", "weak_aliases_ar", "weak_aliases_en",
                "context_ar", "context_en")
ENTITY_FIELDS = frozenset(ENTITY_REQUIRED + ENTITY_LISTS + ("wikidata",))
TOPIC_REQUIRED = ("id", "name_ar", "name_en")
TOPIC_LISTS = ("entities", "terms_ar", "terms_en")
TOPIC_FIELDS = frozenset(TOPIC_REQUIRED + TOPIC_LISTS)


class GazetteerError(ValueError):
    """A gazetteer file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Entity:
    id: str
    kind: str
    name_ar: str
    name_en: str
    description_ar: str
    description_en: str
    wikidata: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    name_ar: str
    name_en: str
    entities: tuple[str, ...] = ()


class Mention(NamedTuple):
    """One accepted mention: [start, end) in the original text, `text` as written there (the
    name without its proclitics; for ل + article, "لموصل" in "للموصل"). A named tuple: an
    article has a hundred of them, and a frozen dataclass is slower to make."""

    entity: str
    start: int
    end: int
    text: str


# --- The matcher ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pattern:
    target: str                 # entity or topic id
    weak: bool
    prefixes: frozenset[str]    # proclitic strings allowed in front of this key
    acronym: bool = False       # must appear without lower-case letters
    capital: bool = False       # must not start with a lower-case letter
    # Letters at the start of the key that belong to the proclitic, not the name: 1 for the
    # contracted form, looked for as "للموصل" and reported as ل + "لموصل".
    shift: int = 0


def _lang(lang: str) -> str:
    code = (lang or "").split("-")[0].split("_")[0].lower()
    if code not in LANGS:
        raise ValueError(f"unsupported language {lang!r}: expected one of {LANGS}")
    return code


def match_key(phrase: str) -> str:
    return fold_for_matching(phrase)[0].strip()


class _Matcher:
    """One automaton over the keys of one language; `hits` returns the boundary-checked hits."""

    def __init__(self, lang: str):
        self.arabic = lang == "ar"
        self._patterns: dict[str, list[_Pattern]] = {}
        self.automaton = ahocorasick.Automaton()

    def variants(self, phrase: str) -> list[tuple[str, frozenset[str]]]:
        """(key, allowed proclitics) pairs under which `phrase` is looked for."""
        phrase = phrase.strip()
        key = match_key(phrase)
        if not self.arabic:
            return [(key, frozenset({""}))]
        if has_article(phrase):
            # ل + الموصل = للموصل, found as (ل)لموصل; before a ل the article's ل goes as well:
            # ل + اللاذقية = للاذقية, found as (ل)لاذقية.
            contracted = key[2:] if key[2:3] == "ل" else key[1:]
            return [(key, PROCLITICS), (contracted, LAM_PROCLITICS)]
        return [(key, PROCLITICS)]

    def add(self, phrase: str, pattern_args: dict[str, Any]) -> None:
        phrase = phrase.strip()
        acronym = capital = False
        if not self.arabic:
            acronym = any(c.isupper() for c in phrase) and not any(c.islower() for c in phrase)
            capital = phrase[0].isupper()
        for key, prefixes in self.variants(phrase):
            shift = 0
            if prefixes is LAM_PROCLITICS:
                # Each of these proclitics ends in the ل: with it in the key, "لموصل" is no
                # longer found (and turned down) inside every "الموصل", a sixth of all hits.
                key, prefixes, shift = "ل" + key, frozenset(p[:-1] for p in prefixes), 1
            self._patterns.setdefault(key, []).append(_Pattern(
                prefixes=prefixes, acronym=acronym, capital=capital, shift=shift, **pattern_args))

    def build(self) -> None:
        for key, patterns in self._patterns.items():
            # Several patterns per key (one alias shared by names, a key that is both an alias
            # and a contracted form): keep them all, checked in order, each with what `hits`
            # reads for every hit laid out in a tuple.
            self.automaton.add_word(key, (len(key), tuple(
                (p.prefixes, p.capital or p.acronym, p.shift, p) for p in dict.fromkeys(patterns))))
        if self._patterns:
            self.automaton.make_automaton()

    def hits(self, text: str, key: str, drops) -> list[tuple[int, int, str, _Pattern]]:
        """(start, end, proclitics, pattern) for every hit on a word boundary of `key` whose
        glued-on prefix the pattern allows."""
        out: list[tuple[int, int, str, _Pattern]] = []
        if not self._patterns:
            return out
        n = len(key)
        word = _WORD_CHAR   # the boundary test, a dict look-up per hit rather than a call
        for last, (length, patterns) in self.automaton.iter(key):
            end = last + 1
            if end < n and word[key[end]]:
                continue
            start = end - length
            if start and word[key[start - 1]]:
                i, lowest = start - 1, (start - 3 if start > 3 else 0)
                while i > lowest and word[key[i - 1]]:
                    i -= 1
                if i > 0 and word[key[i - 1]]:
                    continue   # more letters in front than any proclitic string has
                prefix = key[i:start]
            else:
                prefix = ""
            for prefixes, cased, shift, pattern in patterns:
                if prefix not in prefixes:
                    continue
                if cased:
                    s, e = original_span(start, end, drops)
                    if (pattern.capital and text[s].islower()) or (
                            pattern.acronym and any(c.islower() for c in text[s:e])):
                        continue
                if shift:
                    out.append((start + shift, end, prefix + key[start:start + shift], pattern))
                else:
                    out.append((start, end, prefix, pattern))
        return out


@dataclass(frozen=True)
class _Context:
    key: str
    prefixes: frozenset[str]


class Gazetteer:
    """Entities and topics of one gazetteer file, with compiled matchers for both languages."""

    def __init__(self, entities: dict[str, Entity], topics: dict[str, Topic],
                 aliases: dict[str, dict[str, tuple[list[str], list[str], list[str]]]],
                 terms: dict[str, dict[str, list[str]]]):
        self.entities = entities
        self.topics = topics
        self._order = {tid: i for i, tid in enumerate(topics)}
        self._topics_of: dict[str, list[str]] = {}   # entity id -> ids of the topics it is in
        for tid, topic in topics.items():
            for eid in topic.entities:
                self._topics_of.setdefault(eid, []).append(tid)
        self._entity_matchers = {lang: _Matcher(lang) for lang in LANGS}
        self._term_matchers = {lang: _Matcher(lang) for lang in LANGS}
        self._contexts: dict[str, dict[str, list[_Context]]] = {lang: {} for lang in LANGS}
        self._last_fold: tuple[str, tuple[str, list[int] | None]] = ("", ("", None))
        for lang in LANGS:
            matcher = self._entity_matchers[lang]
            for eid, per_lang in aliases.items():
                strong, weak, context = per_lang[lang]
                for alias in strong:
                    matcher.add(alias, {"target": eid, "weak": False})
                for alias in weak:
                    matcher.add(alias, {"target": eid, "weak": True})
                self._contexts[lang][eid] = [
                    _Context(key, prefixes)
                    for word in context for key, prefixes in matcher.variants(word)
                ]
            matcher.build()
            for tid, per_lang in terms.items():
                for term in per_lang[lang]:
                    self._term_matchers[lang].add(term, {"target": tid, "weak": False})
            self._term_matchers[lang].build()

    # -- matching --

    def _fold(self, text: str) -> tuple[str, list[int] | None]:
        """`fold_for_matching(text)`, kept for the next call: an article's text is matched for
        names and then for topics, and is the same text unless a caption has a credit."""
        if text != self._last_fold[0]:
            self._last_fold = (text, fold_for_matching(text))
        return self._last_fold[1]

    def find(self, text: str, lang: str) -> list[Mention]:
        """All accepted entity mentions in `text`, in order, non-overlapping."""
        return [Mention(eid, s, e, text[s:e]) for s, e, eid in self._spans(text, lang)]

    def _spans(self, text: str, lang: str) -> list[tuple[int, int, str]]:
        """`find` as sorted (start, end, entity id) spans of `text`."""
        lang = _lang(lang)
        key, drops = self._fold(text)
        strong, weak = [], []
        for start, end, prefix, pattern in self._entity_matchers[lang].hits(text, key, drops):
            eid = pattern.target
            if not pattern.weak or self._has_context(key, start - len(prefix), eid, lang):
                strong.append((start, end, eid))
            else:
                weak.append((start, end, eid))
        taken: list[tuple[int, int]] = []
        chosen = longest_first(strong, taken)
        if weak:
            # chosen is in order: the earliest start of each name is the last one written here
            first = {eid: start for start, _end, eid in reversed(chosen)}
            licensed = [w for w in weak if first.get(w[2], len(key)) < w[0]]
            chosen += longest_first(licensed, taken)
        spans = []
        n = len(text)
        for start, end, eid in sorted(chosen):
            if drops is not None:
                start, end = original_span(start, end, drops)
            while end < n and text[end] in _MARKS:   # keep a final letter's vowel marks with it
                end += 1
            spans.append((start, end, eid))
        return spans

    def _has_context(self, key: str, word_start: int, eid: str, lang: str) -> bool:
        contexts = self._contexts[lang].get(eid)
        if not contexts:
            return False
        j = word_start
        while j > 0 and key[j - 1] in _OPENERS:
            j -= 1
        if j == 0 or key[j - 1] != " ":
            return False
        j -= 1  # the context phrase ends here
        for ctx in contexts:
            if not key.endswith(ctx.key, 0, j):
                continue
            start = j - len(ctx.key)
            i = start
            while i > 0 and key[i - 1].isalnum() and start - i < 3:
                i -= 1
            if (i == 0 or not key[i - 1].isalnum()) and key[i:start] in ctx.prefixes:
                return True
        return False

    def topics_for(self, text: str, lang: str, entity_ids: set[str]) -> list[str]:
        """Ids of the topics `text` belongs to, in gazetteer order: a topic entity is among
        `entity_ids`, or one of its terms occurs in the text."""
        lang = _lang(lang)
        found = {tid for eid in entity_ids for tid in self._topics_of.get(eid, ())}
        matcher = self._term_matchers[lang]
        if len(found) < len(self.topics):
            key, drops = self._fold(text)
            found.update([hit[3].target for hit in matcher.hits(text, key, drops)])
        return sorted(found, key=self._order.__getitem__)

    def find_in_paragraphs(self, paragraphs: list[str], lang: str) -> list[list[Mention]]:
        """`find` over a whole article given as paragraphs (so a strong alias in one paragraph
        licenses a weak one in a later paragraph), with mentions handed back per paragraph and
        offsets relative to their paragraph. Names never match across paragraphs."""
        per: list[list[Mention]] = [[] for _ in paragraphs]
        starts, pos = [], 0
        for p in paragraphs:
            starts.append(pos)
            pos += len(p) + 1
        text = "\n".join(paragraphs)
        i, following = 0, starts[1] if len(starts) > 1 else pos
        for start, end, eid in self._spans(text, lang):
            if start >= following:   # spans come in order: move on to their paragraph
                i = bisect_left(starts, start + 1) - 1
                following = starts[i + 1] if i + 1 < len(starts) else pos
            base = starts[i]
            per[i].append(Mention(eid, start - base, end - base, text[start:end]))
        return per


def first_mentions(mentions: Iterable[Mention]) -> dict[str, Mention]:
    """The first mention of each entity, in order of first appearance."""
    first: dict[str, Mention] = {}
    for m in mentions:
        first.setdefault(m.entity, m)
    return first
