"""The gazetteer file (data/gazetteer.yml): read, checked entry by entry with a message naming the
file, the entry and the problem, and compiled into a Gazetteer (cached per path until the file
changes: every worker of a build asks for it once per seed)."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .gazetteer import (
    DEFAULT_GAZETTEER,
    ENTITY_FIELDS,
    ENTITY_LISTS,
    ENTITY_REQUIRED,
    ENTRY_ID,
    KINDS,
    LANGS,
    TOPIC_FIELDS,
    TOPIC_LISTS,
    TOPIC_REQUIRED,
    Entity,
    Gazetteer,
    GazetteerError,
    Topic,
    match_key,
)


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's: faster
    """SafeLoader that records each mapping's line as the key "__line__"."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_gazetteer(path: Path) -> tuple[dict[str, Entity], dict[str, Topic], dict, dict]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer: {exc}") from exc
    except yaml.YAMLError as exc:
        raise GazetteerError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("entities"), list):
        raise GazetteerError(f"{path}: expected a mapping with an 'entities' list")
    unknown = set(raw) - {"entities", "topics", "__line__"}
    if unknown:
        raise GazetteerError(f"{path}: unknown top-level key(s) {sorted(unknown)}")
    topics_raw = raw.get("topics") or []
    if not isinstance(topics_raw, list):
        raise GazetteerError(f"{path}: 'topics' must be a list")

    def where(kind: str, index: int, entry: Any) -> str:
        line = entry.get("__line__") if isinstance(entry, dict) else None
        name = entry.get("id") if isinstance(entry, dict) else None
        label = f"{kind} #{index + 1}" + (f" '{name}'" if name else "")
        return f"{path}" + (f", line {line}" if line else "") + f": {label}"

    problems: list[str] = []

    def check_entry(kind, index, entry, required, lists, fields) -> bool:
        """Record what is wrong with the entry's shape; False if it cannot be used at all."""
        if not isinstance(entry, dict):
            problems.append(f"{where(kind, index, entry)}: expected a mapping")
            return False
        here, before = where(kind, index, entry), len(problems)
        for f in required:
            value = entry.get(f)
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{here}: missing or empty field '{f}'")
        unknown = set(entry) - fields - {"__line__"}
        if unknown:
            problems.append(f"{here}: unknown field(s) {sorted(unknown)}")
        for f in lists:
            value = entry.get(f)
            if value is not None and (not isinstance(value, list) or not all(
                    isinstance(v, str) and v.strip() for v in value)):
                problems.append(f"{here}: '{f}' must be a list of non-empty strings")
        if isinstance(entry.get("id"), str) and not ENTRY_ID.match(entry["id"]):
            problems.append(f"{here}: id must be lower-case ASCII words joined by '-'")
        return len(problems) == before

    entities: dict[str, Entity] = {}
    aliases: dict[str, dict[str, tuple[list[str], list[str], list[str]]]] = {}
    owners: dict[tuple[str, str], tuple[str, bool]] = {}   # (lang, key) -> (entity, weak)
    for index, entry in enumerate(raw["entities"]):
        if not check_entry("entity", index, entry, ENTITY_REQUIRED, ENTITY_LISTS, ENTITY_FIELDS):
            continue
        here, eid = where("entity", index, entry), entry["id"]
        if eid in entities:
            problems.append(f"{here}: duplicate id '{eid}'")
            continue
        if entry["kind"] not in KINDS:
            problems.append(f"{here}: kind '{entry['kind']}' is not one of {KINDS}")
        wikidata = entry.get("wikidata")
        if wikidata is not None and not (isinstance(wikidata, str)
                                         and re.fullmatch(r"Q\d+", wikidata)):
            problems.append(f"{here}: wikidata must look like Q123")
        entities[eid] = Entity(eid, entry["kind"], entry["name_ar"].strip(),
                               entry["name_en"].strip(), entry["description_ar"].strip(),
                               entry["description_en"].strip(), wikidata)
        aliases[eid] = {}
        for lang in LANGS:
            weak = list(entry.get(f"weak_aliases_{lang}") or [])
            weak_keys = {match_key(a) for a in weak}
            # A name or alias the same entry also lists as weak is weak only: an ambiguous
            # name (دوما the town, or the Russian Duma) is displayed but never matched alone.
            strong = [a for a in [entry[f"name_{lang}"], *(entry.get(f"aliases_{lang}") or [])]
                      if match_key(a) not in weak_keys]
            context = list(entry.get(f"context_{lang}") or [])
            for alias, is_weak in [(a, False) for a in strong] + [(a, True) for a in weak]:
                key = match_key(alias)
                if not key:
                    problems.append(f"{here}: alias {alias!r} is empty once normalised")
                    continue
                other = owners.get((lang, key))
                if other is None:
                    owners[(lang, key)] = (eid, is_weak)
                    continue
                other_id, other_weak = other
                if other_id == eid:
                    continue
                if not is_weak and not other_weak:
                    problems.append(f"{here}: strong alias {alias!r} ({lang}) is already an "
                                    f"alias of '{other_id}'")
                elif is_weak != other_weak:
                    strong_id = other_id if is_weak else eid
                    weak_id = eid if is_weak else other_id
                    problems.append(f"{here}: {alias!r} ({lang}) is a strong alias of "
                                    f"'{strong_id}' and a weak alias of '{weak_id}'")
            aliases[eid][lang] = (list(dict.fromkeys(strong)), list(dict.fromkeys(weak)), context)

    topics: dict[str, Topic] = {}
    terms: dict[str, dict[str, list[str]]] = {}
    for index, entry in enumerate(topics_raw):
        if not check_entry("topic", index, entry, TOPIC_REQUIRED, TOPIC_LISTS, TOPIC_FIELDS):
            continue
        here, tid = where("topic", index, entry), entry["id"]
        if tid in topics:
            problems.append(f"{here}: duplicate id '{tid}'")
            continue
        members = tuple(entry.get("entities") or [])
        for member in members:
            if member not in entities:
                problems.append(f"{here}: unknown entity '{member}'")
        terms[tid] = {lang: list(entry.get(f"terms_{lang}") or []) for lang in LANGS}
        if not members and not any(terms[tid].values()):
            problems.append(f"{here}: has neither entities nor terms")
        topics[tid] = Topic(tid, entry["name_ar"].strip(), entry["name_en"].strip(), members)
    if problems:
        raise GazetteerError(f"{len(problems)} problem(s) in the gazetteer:\n"
                             + "\n".join(problems))
    return entities, topics, aliases, terms


def load_gazetteer(path: str | os.PathLike = DEFAULT_GAZETTEER) -> Gazetteer:
    """The gazetteer at `path`, validated and compiled; kept per path until the file changes.

    Raises GazetteerError, naming the file and the entry, for a file that cannot be used.
    """
    name = os.fspath(path)  # keyed by the path as given: no resolve() per call
    try:
        st = os.stat(name)
    except OSError as exc:
        raise GazetteerError(f"{Path(path).resolve()}: cannot read the gazetteer: {exc}") from exc
    return _compiled(name, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _compiled(name: str, _mtime_ns: int, _size: int) -> Gazetteer:
    """A memo of the file's contents (its path and stamp are the key), not of any build."""
    return Gazetteer(*parse_gazetteer(Path(name).resolve()))
