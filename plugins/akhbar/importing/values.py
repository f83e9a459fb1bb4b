"""One field's value as a record holds it -> the value a seed or its sidecar may hold, or None.

Records are hostile text: control characters and lone surrogates are taken out, a headline is
one line, a body is paragraphs, a date is read only from forms that say which number is the day
(ISO 8601, RFC 822 as in RSS, YYYY/MM/DD, a Unix time), an address must be http(s) and a
language one the build knows. What cannot be used is dropped and said, never guessed.
"""

from __future__ import annotations

import datetime
import email.utils
import re
import unicodedata

from ..reading.sidecar import EARLIEST, LANGUAGES, LATEST, is_web_address
from ..text.decoding import fix_stray_characters
from . import markup

# C0 controls but tab and line feed, and DEL: invisible and not allowed in XML. A run of them
# between two words stands for a space (a legacy conversion's U+001A where a space was), so it
# becomes one, as the build does for seeds (text/decoding.py); elsewhere it is dropped.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]+")
# Lone surrogates (JSON's "\ud800": not characters at all, UTF-8 cannot even hold them) and
# U+FEFF (a byte-order mark pasted into a field; at a seed's start it would be read as the
# file's own): dropped. C1 controls and private-use characters are mapped or dropped as the
# build does for seeds.
_SURROGATES = re.compile("[\ud800-\udfff]")
_INVISIBLE = re.compile("[\ud800-\udfff\ufeff]")
# What shows nothing besides white space and format characters (Unicode's Cf: bidi marks and
# controls, ZWJ, ZWSP ...): the other default-ignorable characters, and the Hangul fillers.
_BLANK = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u3164\ufe00-\ufe0f\uffa0"
                    "\U000e0100-\U000e01ef]")
_STRAY = re.compile("[\x80-\x9f\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_NEWLINES = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c]")
_SPACES = re.compile(r"\s+")
# A headline, an outlet, a byline or a section longer than this is not one (a body put in the
# wrong column); the sidecar holding them stays far below the build's 64 KB limit for sidecars.
MAX_TITLE_CHARS = 1000
MAX_LABEL_CHARS = 300
_LANGUAGE_NAMES = {"arabic": "ar", "english": "en", "persian": "fa", "farsi": "fa", "urdu": "ur",
                   "العربية": "ar", "عربي": "ar", "الإنجليزية": "en", "الانجليزية": "en"}
_DAY_MONTH = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


class Dropped(ValueError):
    """A value that cannot be used; str() says why, for the summary's warning."""


def clean_text(text: str) -> tuple[str, int, int]:
    """(text with line ends normalised to \\n and control characters and lone surrogates taken
    out, how many control characters were, how many lone surrogates: said apart)."""
    text = _NEWLINES.sub("\n", text)
    invalid = len(_SURROGATES.findall(text))
    controls = (sum(len(run) for run in _CONTROLS.findall(text)) + len(_STRAY.findall(text))
                + len(_INVISIBLE.findall(text)) - invalid)
    if controls or invalid:
        visible = _INVISIBLE.sub("", text)
        text, _fixed = fix_stray_characters(
            _CONTROLS.sub(lambda run: _gap(run, visible), visible))
    return text, controls, invalid


def is_blank(text: str) -> bool:
    """Whether `text` shows nothing: only white space and invisible characters (a headline of
    bidi marks or joiners alone is no headline)."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" or _BLANK.match(char)
               for char in text)


def _gap(run: re.Match, text: str) -> str:
    """A space for a run of control characters between two words, else nothing."""
    before = text[run.start() - 1] if run.start() else " "
    after = text[run.end()] if run.end() < len(text) else " "
    return "" if before.isspace() or after.isspace() else " "


def paragraphs(text: str, is_html: bool) -> list[str]:
    """A body's paragraphs: HTML taken apart (markup.py), plain text a paragraph a line."""
    if is_html:
        return markup.html_paragraphs(text)
    if markup.has_references(text):
        text = markup.unescape(text)
    return [line for line in (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
            if line]


def one_line(text: str, is_html: bool) -> str:
    """A headline or a label on one line: white space (line breaks too) collapsed."""
    if is_html:
        text = " ".join(markup.html_paragraphs(text))
    elif markup.has_references(text):
        text = markup.unescape(text)
    return _SPACES.sub(" ", text).strip()


def label(text: str, field: str) -> str:
    """An outlet, byline or section: one line, of a sensible length."""
    if len(text) > MAX_LABEL_CHARS:
        raise Dropped(f"{field} is {len(text):,} characters long (at most {MAX_LABEL_CHARS:,});"
                      " dropped")
    return text


def web_address(text: str) -> str:
    """The original article's address: http(s) only (the page links to it)."""
    url = text.strip()
    if not is_web_address(url):
        shown = url if len(url) <= 60 else url[:57] + "..."
        raise Dropped(f"url '{shown}' is not an http(s) address; dropped")
    return url


def language(text: str) -> str:
    """ar, en, fa or ur, from a code with or without a region (ar-SA, AR, ar_EG) or a name."""
    value = text.strip()
    code = _LANGUAGE_NAMES.get(value.lower(), re.split(r"[-_]", value.lower(), maxsplit=1)[0])
    if code not in LANGUAGES:
        shown = value if len(value) <= 20 else value[:17] + "..."
        raise Dropped(f"lang '{shown}' is not one of {', '.join(LANGUAGES)}; dropped")
    return code


def publication_date(value) -> datetime.date:
    """The day a record gives, as written (its own time zone, not converted to UTC).

    Accepted: ISO 8601 with or without a time and zone (2015-08-10, 2015-08-10T18:52:49+03:00,
    20150810), RFC 822 as in RSS (Mon, 10 Aug 2015 18:52:49 +0300), 2015/08/10, and a Unix time
    in seconds or milliseconds. Never 10/08/2015: which number is the day cannot be known.
    """
    day = _day(value)
    if day is None:
        shown = str(value) if len(str(value)) <= 40 else str(value)[:37] + "..."
        if isinstance(value, str) and _DAY_MONTH.match(value.strip()):
            raise Dropped(f"date '{shown}' does not say which number is the day and which the"
                          " month; no date written")
        raise Dropped(f"date '{shown}' is not a date the importer can read; no date written")
    if not EARLIEST <= day <= LATEST:
        raise Dropped(f"date {day.isoformat()} is not between {EARLIEST.year} and"
                      f" {LATEST.year}; no date written")
    return day


def _day(value) -> datetime.date | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)):
        return _unix_time(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(text.replace("z", "Z")).date()
    except ValueError:
        pass
    slashed = _SLASHED.fullmatch(text)
    if slashed:
        try:
            return datetime.date(*map(int, slashed.groups()))
        except ValueError:
            return None
    if re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return _unix_time(float(text))
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _unix_time(number: float) -> datetime.date | None:
    """A Unix time in seconds (from 1973 on) or milliseconds, as a UTC day."""
    seconds = number / 1000 if number >= 1e11 else number
    if not 1e8 <= seconds <= 4.2e9:
        return None
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date()
