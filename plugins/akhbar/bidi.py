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
_LTR_RUN = re.compile(rf"[{_LATIN}0-9](?:[{_LATIN}0-9'’&.,:/_\- ]*[{_LATIN}0-9])?")
_RTL_RUN = re.compile(rf"[{_ARABIC}](?:[{_ARABIC}0-9 ]*[{_ARABIC}])?")

# By base direction: the runs to isolate and their markup.
_MARKUP = {"rtl": (_LTR_RUN, '<bdi dir="ltr">{}</bdi>'),
           "ltr": (_RTL_RUN, '<bdi dir="rtl" lang="ar">{}</bdi>')}
# The same markup as a re.sub template, for text with nothing to escape.
_TEMPLATE = {base: markup.format(r"\g<0>") for base, (_, markup) in _MARKUP.items()}


def isolate(text: str, base_dir: str) -> str:
    """HTML for `text` (escaped) with foreign-direction runs isolated."""
    base = "rtl" if base_dir == "rtl" else "ltr"
    run, markup = _MARKUP[base]
    if "&" not in text and "<" not in text and ">" not in text:
        # Nothing to escape (quote=False escapes only these): one substitution in C.
        return run.sub(_TEMPLATE[base], text)
    out: list[str] = []
    last = 0
    for match in run.finditer(text):
        out.append(escape(text[last : match.start()], quote=False))
        out.append(markup.format(escape(match.group(), quote=False)))
        last = match.end()
    out.append(escape(text[last:], quote=False))
    return "".join(out)
