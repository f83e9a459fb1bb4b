"""Optional per-seed metadata: `<seed name>.meta.yml` next to the seed overrides what was inferred.

Editors write these by hand, so mistakes are expected, and a sidecar is as untrusted as its seed:
a sidecar that cannot be parsed, an unknown field, a value of the wrong type, a bad or impossible
date or an address that is not http(s) becomes a warning that names the file and the field, and
the rest of the sidecar still applies. YAML aliases are refused (a few hundred bytes of nested
aliases expand to gigabytes), the file is read only if it is a regular file of at most
MAX_BYTES, and control characters are taken out of its text. The seed itself is never touched.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..system.files import NotReadable, read_regular

# field -> what it holds (used in warnings and the README table)
FIELDS = {
    "title": "headline to show instead of the seed's first line",
    "date": "publication date, YYYY-MM-DD",
    "lang": "ar or en (or fa, ur: shown in the Arabic tree)",
    "section": "section (category) of the archive",
    "source": "publisher, e.g. وكالة الأناضول",
    "source_en": "publisher's name in English, for the English pages",
    "url": "address of the original article",
    "author": "byline",
    "title_en": "English headline",
    "summary_en": "English summary",
    "notes": "free text: how the facts above were established",
}
SUFFIXES = (".meta.yml", ".meta.yaml")
LANGUAGES = ("ar", "en", "fa", "ur")
MAX_BYTES = 65536
# A date outside these years is a typo or a placeholder (0001-01-01, 9999-12-31), not a
# publication date (the same bounds as dates found in the text: dates.py).
EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)
# C0 and C1 controls but tab and line feed: invisible, and not allowed in XML feeds.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class _SidecarLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader, on libyaml's parser where PyYAML has it (much faster than
    the Python one), and with dates that do not exist (2016-02-30) kept as text: PyYAML
    raises a bare ValueError for them, which would stop the build instead of becoming the
    warning about that field."""


def _date_or_text(loader, node):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_SidecarLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def sidecar_path(seed: Path) -> Path | None:
    """The sidecar of `seed` if there is one (`x.txt` -> `x.meta.yml` or `x.meta.yaml`); a link
    or a pipe by that name counts too, for its warning."""
    base = os.path.join(os.path.dirname(seed), seed.stem)   # os.path: one Path, not two
    for suffix in SUFFIXES:
        if os.path.isfile(base + suffix) or (os.path.lexists(base + suffix) and not os.path.isdir(
                base + suffix)):
            return seed.with_name(seed.stem + suffix)
    return None


def _parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _has_alias(text: str) -> bool:
    """Whether the YAML holds an alias (`*name`): only looked for when a `*` is there at all."""
    if "*" not in text:
        return False
    return any(isinstance(event, yaml.AliasEvent)
               for event in yaml.parse(text, Loader=_SidecarLoader))


def _text(value) -> str | None:
    """A text field's value as text; None for a value that is not text (a mapping, a list, a
    yes/no)."""
    if isinstance(value, bool) or not isinstance(
            value, (str, int, float, datetime.date, datetime.datetime)):
        return None
    return str(value).strip()


def _kind(value) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a yes/no value (quote it to keep it as text)"
    return f"a {type(value).__name__}"


def is_web_address(url: str) -> bool:
    """An http or https address with a host: the only kind that becomes a link."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(
        ch.isspace() or ch in '"<>\\' or unicodedata.category(ch) in ("Cc", "Cf")
        for ch in url)  # Cf: a bidi control would make it show another address


def parse_sidecar(name: str, data: bytes) -> tuple[dict, list[str]]:
    """(valid fields, warnings) from the bytes of the sidecar `name`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {}, [f"{name}: not UTF-8 text; metadata ignored"]
    try:
        if _has_alias(text):
            return {}, [(f"{name}: YAML aliases (*name) are not allowed in a sidecar;"
                         " metadata ignored")]
        data = yaml.load(text, Loader=_SidecarLoader)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1})" if where else ""
        return {}, [f"{name}: not valid YAML{at}; metadata ignored"]
    except Exception as exc:  # noqa: BLE001 - PyYAML's constructors raise plain errors: `x: !!int abc`
        return {}, [f"{name}: not valid YAML ({type(exc).__name__}); metadata ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{name}: expected 'field: value' lines; metadata ignored"]

    fields: dict = {}
    warnings: list[str] = []
    for key, value in data.items():
        if key not in FIELDS:
            warnings.append(
                f"{name}: unknown field '{str(key)[:60]}' ignored (known: {', '.join(FIELDS)})"
            )
        elif value is None or value == "":
            continue
        elif key == "date":
            parsed = _parse_date(value)
            if parsed is None:
                warnings.append(f"{name}: date '{str(value)[:60]}' is not a YYYY-MM-DD date;"
                                " ignored")
            elif not EARLIEST <= parsed <= LATEST:
                warnings.append(f"{name}: date {parsed.isoformat()} is not between"
                                f" {EARLIEST.year} and {LATEST.year}; ignored")
            else:
                fields["date"] = parsed
        elif _text(value) is None:
            warnings.append(f"{name}: {key} is {_kind(value)}, not text; ignored")
        elif key == "lang" and value not in LANGUAGES:
            warnings.append(f"{name}: lang '{str(value)[:20]}' is not one of"
                            f" {', '.join(LANGUAGES)}; ignored")
        else:
            value = _text(value)
            if _CONTROLS.search(value):
                value = _CONTROLS.sub("", value)
                warnings.append(f"{name}: control characters taken out of {key}")
            if key == "url" and not is_web_address(value):
                warnings.append(f"{name}: url is not an http(s) address; shown as text, not"
                                " as a link")
                key = "url_text"
            if value:
                fields[key] = value
    return fields, warnings


def load_sidecar(seed: Path) -> tuple[dict, list[str]]:
    """(valid fields, warnings) for `seed`'s sidecar; ({}, []) when it has none."""
    path = sidecar_path(seed)
    if path is None:
        return {}, []
    try:
        data = read_regular(path, MAX_BYTES)
    except NotReadable as exc:
        return {}, [f"{path.name}: {exc}; metadata ignored"]
    return parse_sidecar(path.name, data)
