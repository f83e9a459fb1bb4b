"""One import, as a list of steps: read the file, make each record a story, place its files.

A bad record is a line of the summary, never the end of the import; only a file that cannot be
read at all, or options that cannot be used, stop it (NotImportable, before anything is written).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..system.files import shown
from . import seeds, values
from .fields import MappingError, Unusable, parse_mapping, read_story
from .records import MAX_BYTES, NotImportable, open_source
from .summary import Summary

PROGRESS_EVERY = 2000   # records between two progress calls


@dataclass
class Options:
    seeds: Path
    mapping: dict[str, str] = field(default_factory=dict)   # field -> the record's name
    source: str | None = None   # for records that name no outlet
    lang: str | None = None     # for records that give no usable language
    format: str | None = None   # jsonl, json, csv or feed; None: from the name or the content
    dry_run: bool = False
    overwrite: bool = False
    max_bytes: int = MAX_BYTES


def options(seeds_folder, maps=(), source=None, lang=None, **rest) -> Options:
    """Options from what a user typed; NotImportable (with the reason) for one that is wrong."""
    try:
        mapping = parse_mapping(maps)
    except MappingError as exc:
        raise NotImportable(str(exc)) from None
    if lang is not None:
        try:
            lang = values.language(lang)
        except values.Dropped as exc:
            raise NotImportable(f"--lang: {exc}".replace("; dropped", "")) from None
    if source is not None:
        source = values.one_line(values.clean_text(source)[0], False) or None
    return Options(Path(seeds_folder), mapping, source, lang, **rest)


def import_file(path, opts: Options, progress: Callable[[int], None] | None = None) -> Summary:
    """Import the records of `path` into `opts.seeds`; NotImportable if the file (or the seeds
    folder) cannot be used at all."""
    folder = Path(opts.seeds)
    if os.path.lexists(folder) and not folder.is_dir():
        raise NotImportable(f"{shown(str(folder))}: not a folder (the seeds folder to import"
                            " into)")
    source = open_source(path, opts.format, opts.max_bytes)
    summary = Summary(Path(path).name, source.label, str(folder), dry_run=opts.dry_run)
    summary.notes += source.warnings
    defaults = _defaults(opts, source.defaults, summary)
    if not opts.dry_run:
        folder.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    for count, record in enumerate(source.records, 1):
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
        if record.problem is not None:
            summary.add(record.where, seeds.SKIPPED, reason=record.problem)
            continue
        try:
            story = read_story(record.data, opts.mapping, html=record.html)
            stem, made_from = seeds.name_for(story)
            if stem in seen:
                raise Unusable(f"duplicate: the same {made_from} as {seen[stem]}")
            seen[stem] = record.where
            for name, value in defaults.items():
                if getattr(story, name) is None:
                    setattr(story, name, value)
            files = seeds.files_for(story, stem, _provenance(source, record, made_from, story))
        except Unusable as exc:
            summary.add(record.where, seeds.SKIPPED, reason=str(exc))
            continue
        for message in record.notes + story.warnings:
            summary.warn(record.where, message)
        try:
            status, note = seeds.place(folder, files, opts.overwrite, opts.dry_run)
        except OSError as exc:
            status, note = seeds.SKIPPED, f"cannot be written: {exc.strerror or exc}"
        summary.add(record.where, status, stem, note)
    return summary


def _defaults(opts: Options, from_file: dict, summary: Summary) -> dict:
    """The outlet and language for records that give none: the options', else the feed's own
    (its title and language), when they can be used."""
    defaults = {"source": opts.source, "lang": opts.lang}
    if defaults["lang"] is None and from_file.get("lang"):
        try:
            defaults["lang"] = values.language(str(from_file["lang"]))
        except values.Dropped as exc:
            summary.notes.append(f"the feed's language: {exc}")
    if defaults["source"] is None and from_file.get("source"):
        text = values.one_line(values.clean_text(str(from_file["source"]))[0], False)
        if text and len(text) <= values.MAX_LABEL_CHARS:
            defaults["source"] = text
    return {name: value for name, value in defaults.items() if value}


def _provenance(source, record, made_from: str, story) -> dict:
    """What the record file says besides the record: the file, the place, the name's origin."""
    key = {"id": story.id, "url": story.address}.get(made_from)
    return {
        "file": os.fsdecode(source.path.name).encode("utf-8", "replace").decode("utf-8"),
        "format": source.format,
        "encoding": source.encoding,
        "record": record.number,
        "where": record.where,
        "name_from": made_from if key is None else {made_from: key},
        "received_as": source.received_as,
        "received": record.received,
    }
