"""Section (category) names in each language and their stable URL slugs, from data/sections.yml.

A section comes from the seeds in Arabic (a kicker such as الشأن السوري); the English site needs
its English name, and its URL should not be a transliteration like `lshn-lswry`. Sections not in
the file keep Pelican's slug and show their original name on the other language's pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Sections:
    names: dict[str, dict[str, str]]  # lang -> {section name in any language: name in lang}
    slugs: dict[str, str]  # section name in any language -> slug

    def name(self, section: str, lang: str) -> str | None:
        return self.names.get(lang, {}).get(section)


def load_sections(path: str) -> Sections:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    names: dict[str, dict[str, str]] = {}
    slugs: dict[str, str] = {}
    for entry in data.get("sections", []):
        entry = dict(entry)
        slug = entry.pop("slug", None)
        for lang, name in entry.items():
            for source in entry.values():
                names.setdefault(lang, {})[source] = name
            if slug:
                slugs[name] = slug
    return Sections(names, slugs)
