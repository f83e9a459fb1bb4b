"""Escape seed text for HTML and isolate runs written in the other direction.

In an Arabic paragraph, "(KEİ)" or "/ Sol Haber" or "2019/09/16" can be reordered by the
Unicode bidi algorithm so they read wrongly; wrapping each foreign-direction run in
`<bdi dir="ltr">` isolates it. In English text, Arabic runs get `<bdi dir="rtl" lang="ar">`.
Latin runs inside Arabic carry no `lang`: they are names in many languages (Turkish, English,
French), and a wrong `lang` is worse than none.
"""

from __future__ import annotations

import re
from html import escape

_LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# A left-to-right run: Latin letters and Western digits, joined by spaces and the punctuation
# that lives inside names, numbers and dates; it starts and ends on a letter or digit.
LTR_RUN = re.compile(rf"[{_LATIN}0-9](?:[{_LATIN}0-9'’&.,:/_\- ]*[{_LATIN}0-9])?")
RTL_RUN = re.compile(rf"[{_ARABIC}](?:[{_ARABIC}0-9 ]*[{_ARABIC}])?")

# By base direction: the runs to isolate (in a group, so that re.split keeps them) and the
# markup around each.
_MARKUP = {"rtl": (re.compile(f"({LTR_RUN.pattern})"), '<bdi dir="ltr">', "</bdi>"),
           "ltr": (re.compile(f"({RTL_RUN.pattern})"), '<bdi dir="rtl" lang="ar">', "</bdi>")}


def isolate(text: str, base_dir: str) -> str:
    """HTML for `text` (escaped) with foreign-direction runs isolated."""
    run, start, end = _MARKUP["rtl" if base_dir == "rtl" else "ltr"]
    parts = run.split(text)   # text between runs, run, text between runs, ..., text after
    if "&" in text or "<" in text or ">" in text:   # all quote=False escapes
        parts = [escape(part, quote=False) for part in parts]
    parts[1::2] = [start + part + end for part in parts[1::2]]
    return "".join(parts)


# Explicit bidi formatting characters: embeddings and overrides (closed by PDF) and isolates
# (closed by PDI). On a page each headline stands in its own block, which ends whatever it
# opened; in a <title> (" · site name" follows), a feed entry or a meta tag it does not, and an
# unclosed U+202E would reverse the text after it.
_EMBEDDINGS, _ISOLATES = "\u202a\u202b\u202d\u202e", "\u2066\u2067\u2068"
_PDF, _PDI = "\u202c", "\u2069"
_FORMATTING = re.compile("[\u202a-\u202e\u2066-\u2069]")


def closed(text: str) -> str:
    """`text` with every embedding, override and isolate it opens closed at its end, and the
    closers that close nothing dropped: it cannot change the direction of what follows it."""
    if not text or not _FORMATTING.search(text):
        return text
    out, open_ = [], []
    for char in text:
        if char in _EMBEDDINGS:
            open_.append(_PDF)
        elif char in _ISOLATES:
            open_.append(_PDI)
        elif char == _PDF:
            if not open_ or open_[-1] != _PDF:
                continue  # closes nothing (or would end an isolate early)
            open_.pop()
        elif char == _PDI:
            if _PDI not in open_:
                continue
            while open_.pop() != _PDI:  # a PDI also ends the embeddings opened inside it
                pass
        out.append(char)
    return "".join(out) + "".join(reversed(open_))
