"""Explicit calendar dates in Arabic and English news text.

Scraped articles rarely carry their date as metadata; it sits in the text as
"14 ديسمبر 2016", "الاثنين 17 سبتمبر/أيلول 2018", "2019/09/16" or "March 5, 2020".
This module finds such dates and nothing vaguer: a weekday, "اليوم", "أمس", a
month without a day or a day without a year never make a date, because guessing
the missing parts would give articles confidently wrong dates.

Matching runs on a normalised copy of the text (hamza/alef forms, taa marbuta,
Persian letters and digits folded; tashkeel, tatweel and bidi marks dropped) so
that spelling variants do not defeat it, but every offset and every ``text`` we
return points into the string the caller gave us: display text is never
normalised.

Month, weekday and Hijri month names live in ``data/months.yml`` so an editor can
add a spelling without touching Python. The file is read and the patterns are
compiled once, on first use.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .arabic import fold, fold_with_drops, original_span

MONTHS_FILE = Path(__file__).resolve().parents[1] / "data" / "months.yml"
MIN_YEAR, MAX_YEAR = 1900, 2100

# A dateline may carry this many other words per date (a city, "نشر في", "Published:").
DATELINE_WORDS_PER_DATE = 2


@dataclass(frozen=True)
class FoundDate:
    """A date and where it was written, so callers can cite or strip the exact source text."""

    date: datetime.date
    start: int  # character offsets of the match in the text given
    end: int
    text: str  # the matched text, verbatim


# --- normalisation ---------------------------------------------------------------
# Shared with the rest of the plugin (arabic.py): one-to-one folds keep offsets, and the
# few dropped marks are mapped back with `original_span`.

_WORDLIKE = re.compile(r"[^\W_]")  # a token with a letter or digit, not bare punctuation
_DIGIT = re.compile(r"[0-9]")


def _key(name: str) -> str:
    """Lookup key for a matched name: normalised, one space between words, lower case."""
    return " ".join(fold(name).lower().split())


# --- patterns --------------------------------------------------------------------

_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


def _alternation(names) -> str:
    """A regex matching any of names, as a character trie.

    A flat "يناير|فبراير|..." makes the engine try every name at every position;
    the trie tries one branch per character, which keeps the pattern fast. Longer
    names win ("مايو" over "ماي") because each optional tail is greedy.
    """
    trie: dict = {}
    for key in {_key(n) for n in names}:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}  # end of a name
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _trie_regex(child)
        for ch, child in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name may end here
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


def _month_spec(tag: str, month_names: str) -> str:
    """A month, optionally doubled as Arab media write it: "سبتمبر/أيلول",
    "أيلول/سبتمبر", "سبتمبر (أيلول)", "سبتمبر - أيلول"."""
    def month(group: str) -> str:
        return f"{_NOT_LETTER_BEFORE}(?P<{group}>{month_names}){_NOT_LETTER_AFTER}"

    return (
        month(f"m{tag}")
        + rf"(?:\s*[/\\-]\s*{month(f'm{tag}b')}|\s*\(\s*{month(f'm{tag}c')}\s*\))?"
    )


def _build(data: dict) -> _Patterns:
    """Compile the patterns from the parsed months.yml (kept apart from loading for tests)."""
    months = {_key(name): int(number) for number, names in data["months"].items() for name in names}
    month_names = _alternation(months)
    ordinal = r"(?:st|nd|rd|th)?"
    # A year word may stand between month and year: "من العام 2018", "عام 2018", "سنة 2018".
    year_word = r"(?:(?:من\s+)?(?:ال|ل)?(?:عام|سنه)\s*)?"
    # "4-5 مايو 2017" gives 5 May; "3.5 مايو" or "12345 مايو" give nothing.
    day_start = r"(?<![0-9])(?<![0-9][.,])"

    text_dmy = (
        rf"(?:{_NOT_LETTER_BEFORE}ال\s?)?{day_start}(?P<d1>[0-9]{{1,2}})(?![0-9]){ordinal}"
        rf"\s*(?:[-/]\s*)?(?:(?:of|من)\s+)?(?:شهر\s+)?"
        + _month_spec("1", month_names)
        + rf"\s*(?:[-/,،.]\s*)?{year_word}(?P<y1>[0-9]{{4}})(?![0-9])"
    )
    text_mdy = (
        _month_spec("2", month_names)
        + rf"\.?\s*(?<![0-9])(?P<d2>[0-9]{{1,2}})(?![0-9]){ordinal}"
        + r"(?:\s*[,،]\s*|\s*-\s*|\s+)(?P<y2>[0-9]{4})(?![0-9])"
    )
    # Numbers glued to other numbers ("1-16-09-2019", "16/09/2019/5") are codes, not dates.
    num_start, num_end = r"(?<![0-9])(?<![0-9][/.\-])", r"(?![0-9])(?![/.\-][0-9])"
    numeric_ymd = (
        rf"{num_start}(?P<y3>[0-9]{{4}})(?P<s3>[/.\-])(?P<m3>[0-9]{{1,2}})(?P=s3)(?P<d3>[0-9]{{1,2}})"
        + num_end
    )
    numeric_dmy = (
        rf"{num_start}(?P<a4>[0-9]{{1,2}})(?P<s4>[/.\-])(?P<b4>[0-9]{{1,2}})(?P=s4)(?P<y4>[0-9]{{4}})"
        + num_end
    )
    # Tried in this order at each position.
    branches = (text_dmy, text_mdy, numeric_ymd, numeric_dmy)
    dates = re.compile("|".join(f"(?:{b})" for b in branches), re.I)

    weekdays = _alternation(data["weekdays"])
    weekday = rf"{_NOT_LETTER_BEFORE}(?:يوم\s+)?(?:{weekdays}){_NOT_LETTER_AFTER}\.?"
    half_day = rf"(?:[ap]\.?m\.?|ص|م|صباحا|مساء|مساءا|ظهرا|عصرا|ليلا){_NOT_LETTER_AFTER}"
    time = (
        r"(?<![0-9])[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:\s*(?:[+-][0-9]{2}:?[0-9]{2}|Z))?"
        rf"(?:\s*{half_day})?"
        # An hour without minutes needs its half of the day: "فبراير 8, 2008, 3 ص".
        rf"|(?<![0-9])(?<![0-9][.,])[0-9]{{1,2}}\s*{half_day}"
    )
    zone = rf"{_NOT_LETTER_BEFORE}(?:GMT|UTC)(?:\s*[+-]\s*[0-9]{{1,2}}(?::?[0-9]{{2}})?)?"
    hijri = (
        rf"(?<![0-9])[0-9]{{1,2}}\s*(?:من\s+)?{_NOT_LETTER_BEFORE}(?:{_alternation(data['hijri_months'])})"
        rf"{_NOT_LETTER_AFTER}\s*[,،]?\s*[0-9]{{4}}(?![0-9])(?:\s*(?:ه|هجري|هجريه){_NOT_LETTER_AFTER})?"
    )
    # The word joining a Hijri date to the Gregorian one, and an agency's credit (SPA's
    # "بريدة 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس").
    words = _alternation([*data.get("dateline_connectors", []),
                          *data.get("dateline_agencies", [])])
    credit = rf"{_NOT_LETTER_BEFORE}(?:{words}){_NOT_LETTER_AFTER}" if words else "(?!)"
    # What a dateline may hold besides its date(s) without becoming a sentence.
    noise = re.compile(f"{hijri}|{weekday}|{time}|{zone}|{credit}", re.I)
    era = re.compile(rf"\s*(?:م|ميلادي|ميلاديه|AD|CE){_NOT_LETTER_AFTER}", re.I)
    return _Patterns(months, dates, noise, era)


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]
    dates: re.Pattern
    noise: re.Pattern
    era: re.Pattern


@functools.cache
def month_patterns() -> _Patterns:
    with MONTHS_FILE.open(encoding="utf-8") as f:
        return _build(yaml.safe_load(f))


# --- finding dates ---------------------------------------------------------------


def _valid(year: int, month: int, day: int) -> datetime.date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month(m: re.Match, tag: str, months: dict[str, int]) -> int | None:
    """The month named in a (possibly doubled) month spec; None when the two
    names disagree ("سبتمبر/تشرين الأول" is a typo or a range, not a date)."""
    first = months.get(_key(m.group(f"m{tag}")))
    second = m.group(f"m{tag}b") or m.group(f"m{tag}c")
    if second is not None and months.get(_key(second)) != first:
        return None
    return first


def _date_of(m: re.Match, months: dict[str, int]) -> datetime.date | None:
    if m.group("y1"):
        month = _month(m, "1", months)
        return month and _valid(int(m.group("y1")), month, int(m.group("d1")))
    if m.group("y2"):
        month = _month(m, "2", months)
        return month and _valid(int(m.group("y2")), month, int(m.group("d2")))
    if m.group("y3"):
        return _valid(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    # D/M/Y as Arab and European media write it; M/D/Y only when that is the
    # sole valid reading ("09/16/2019").
    a, b, year = int(m.group("a4")), int(m.group("b4")), int(m.group("y4"))
    return _valid(year, b, a) or _valid(year, a, b)


def _scan(norm: str, pos: int = 0) -> list[tuple[datetime.date, int, int]]:
    """Valid dates in normalised text from pos on, with normalised offsets."""
    p = month_patterns()
    found = []
    for m in p.dates.finditer(norm, pos):
        date = _date_of(m, p.months)
        if date:
            found.append((date, m.start(), m.end()))
    return found


# Every date we accept has a four-digit year, and years are rare in prose, so
# find_dates normalises and scans only windows around them: running the full
# pattern over whole articles is many times slower. A window reaches far enough
# to hold the longest plausible date ("الـ17 من سبتمبر/أيلول من العام 2018" is 35
# characters); its first _CONTEXT characters are only there for the look-behinds
# to see. It ends _AFTER characters past the year: a match ends at most six
# characters after its year ("2019/09/16") and its look-aheads read two more.
_DIGIT_RUN = re.compile("[0-9\u0660-\u0669\u06f0-\u06f9]{4,}")
_BEFORE, _AFTER, _CONTEXT = 64, 16, 4


def _windows(text: str) -> list[list[int]]:
    windows: list[list[int]] = []
    for m in _DIGIT_RUN.finditer(text):
        if len(m.group()) != 4 or not MIN_YEAR <= int(m.group()) <= MAX_YEAR:
            continue
        lo, hi = max(0, m.start() - _BEFORE), min(len(text), m.end() + _AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    return windows


def find_dates(text: str) -> list[FoundDate]:
    """Every explicit, valid calendar date in text, in order of appearance."""
    result = []
    for lo, hi in _windows(text):
        norm, drops = fold_with_drops(text[lo:hi])
        for date, start, end in _scan(norm, _CONTEXT if lo else 0):
            start, end = original_span(start, end, drops)
            result.append(FoundDate(date, lo + start, lo + end, text[lo + start : lo + end]))
    return result


def parse_dateline(line: str) -> FoundDate | None:
    """The date when `line` is a dateline: a line that is essentially only a date
    (optionally with a weekday before it, a time, a city name of one or two words before or after,
    punctuation such as '-', '|', '،', ':'), e.g. '14 ديسمبر 2016', 'الاثنين 17 سبتمبر/أيلول 2018',
    'دمشق - 15 كانون الأول 2016', 'March 5, 2020', '2019/09/16 10:30'. Return None for an ordinary
    sentence that merely contains a date, and None when the line has no full date.

    Weekdays, times, time zones, a Hijri date, an era mark after the year ("2016م"), the
    word joining a Hijri date to the Gregorian one ("الموافق") and a news agency's credit
    ("واس", "(رويترز)"; both lists in data/months.yml) are allowed besides the date; of
    everything else at most
    DATELINE_WORDS_PER_DATE words per date may remain (a city, "نشر في") and no
    number. With several dates (published / updated) the first is returned.
    """
    if len(line.split()) > 24 or not _DIGIT_RUN.search(line):  # cheap exits: paragraphs, no year
        return None
    norm, drops = fold_with_drops(line)
    found = _scan(norm)
    if not found:
        return None
    p = month_patterns()
    rest = list(norm)
    for _, start, end in found:
        era = p.era.match(norm, end)
        rest[start : era.end() if era else end] = " " * ((era.end() if era else end) - start)
    rest = p.noise.sub(" ", "".join(rest))
    words = [t for t in rest.split() if _WORDLIKE.search(t)]
    if any(_DIGIT.search(w) for w in words) or len(words) > DATELINE_WORDS_PER_DATE * len(found):
        return None
    date, start, end = found[0]
    start, end = original_span(start, end, drops)
    return FoundDate(date, start, end, line[start:end])
