"""Interface strings: every one marked for translation, every catalog complete and current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment

THEME = Path(__file__).resolve().parents[3] / "themes" / "akhbar"
TEMPLATES = sorted((THEME / "templates").glob("*.html"))
LANGS = ["ar", "en"]


def catalog(lang):
    with open(THEME / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def extracted_ids() -> set:
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true",
               "trim_blocks": "true", "lstrip_blocks": "true"}
    found = extract_from_dir(
        str(THEME), method_map=[("templates/**.html", "jinja2")],
        options_map={"templates/**.html": options},
        keywords={**DEFAULT_KEYWORDS, "_in": (2,)},  # a string in the other language (404)
    )
    return {message for _file, _line, message, _comments, _context in found}


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_no_untranslated_or_fuzzy_message(lang):
    problems = []
    for message in catalog(lang):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(("untranslated", message.id))
        if message.fuzzy:
            problems.append(("fuzzy", message.id))
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_covers_every_string_in_the_templates(lang):
    in_catalog = {m.id for m in catalog(lang) if m.id}
    missing = extracted_ids() - in_catalog
    assert missing == set(), "run `invoke i18n-extract` and translate the new strings"


def test_arabic_catalog_has_the_six_arabic_plural_forms():
    ar = catalog("ar")
    assert ar.num_plurals == 6
    assert [ar.plural_expr] and "n==2" in ar.plural_expr


# Text a reader sees must come from gettext: no letters in the templates' literal text, and no
# literal letters in the attributes a reader (or a screen reader) is shown.
_TAG = re.compile(r"<[^<>]*>")
_SEEN_ATTRIBUTES = re.compile(r'\b(?:alt|title|aria-label|placeholder)="([^"]*)"')
_LETTER = re.compile(r"[^\W\d_]")
_ATTRIBUTE_START = re.compile(r'\b[a-z-]+="')


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_user_visible_string_is_left_unmarked(template):
    env = Environment(extensions=["jinja2.ext.i18n"])
    # Replace every Jinja expression or statement with a placeholder: what remains is literal.
    literal = "".join(
        value if kind == "data" else "\x00"
        for _line, kind, value in env.lex(template.read_text(encoding="utf-8"))
        if kind in ("data", "variable_begin", "block_begin")
    )
    attributes = [v for v in _SEEN_ATTRIBUTES.findall(literal) if _LETTER.search(v)]
    assert attributes == [], f"{template.name}: untranslated attribute text {attributes}"
    text = _ATTRIBUTE_START.sub(" ", _TAG.sub(" ", literal))  # macros emit ` lang="..."`
    words = [w for w in re.split(r"[\s\x00]+", text) if _LETTER.search(w)]
    assert words == [], f"{template.name}: literal text not marked for translation: {words}"
