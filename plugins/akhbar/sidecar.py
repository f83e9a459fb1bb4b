"""Optional per-seed metadata: `<seed name>.meta.yml` next to the seed overrides what was inferred.

Editors write these by hand, so mistakes are expected: a sidecar that cannot be parsed, an unknown
field or a bad date becomes a warning that names the file and the field, and the rest of the
sidecar still applies. The seed itself is never touched.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import yaml

# field -> what it holds (used in warnings and the README table)
FIELDS = {
    "title": "headline to show instead of the seed's first line",
    "date": "publication date, YYYY-MM-DD",
    "lang": "ar or en",
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


class _SidecarLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader, on libyaml's parser where PyYAML has it (seven times faster than
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
    """The sidecar of `seed` if there is one (`x.txt` -> `x.meta.yml` or `x.meta.yaml`)."""
    base = os.path.join(os.path.dirname(seed), seed.stem)   # os.path: one Path, not two
    for suffix in SUFFIXES:
        if os.path.isfile(base + suffix):
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


def load_sidecar(seed: Path) -> tuple[dict, list[str]]:
    """(valid fields, warnings) for `seed`'s sidecar; ({}, []) when it has none."""
    path = sidecar_path(seed)
    if path is None:
        return {}, []
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_SidecarLoader)
    except UnicodeDecodeError:
        return {}, [f"{path.name}: not UTF-8 text; metadata ignored"]
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" (line {where.line + 1})" if where else ""
        return {}, [f"{path.name}: not valid YAML{at}; metadata ignored"]
    except Exception as exc:  # PyYAML's constructors raise plain errors: `x: !!int abc`
        return {}, [f"{path.name}: not valid YAML ({exc}); metadata ignored"]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [f"{path.name}: expected 'field: value' lines; metadata ignored"]

    fields: dict = {}
    warnings: list[str] = []
    for key, value in data.items():
        if key not in FIELDS:
            warnings.append(
                f"{path.name}: unknown field '{key}' ignored (known: {', '.join(FIELDS)})"
            )
        elif value is None or value == "":
            continue
        elif key == "date":
            parsed = _parse_date(value)
            if parsed is None:
                warnings.append(f"{path.name}: date '{value}' is not a YYYY-MM-DD date; ignored")
            else:
                fields["date"] = parsed
        elif key == "lang" and value not in ("ar", "en"):
            warnings.append(f"{path.name}: lang '{value}' is not 'ar' or 'en'; ignored")
        else:
            fields[key] = str(value).strip()
    return fields, warnings
