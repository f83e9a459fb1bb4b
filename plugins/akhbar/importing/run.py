"""One import, as a list of steps: read the file, make each record a story, place its files.

A bad record is a line of the summary, never the end of the import; only a file that cannot be
read at all, options or a seeds folder that cannot be used, stop it (NotImportable, before
anything is written), and Ctrl-C (Interrupted, saying how far it went).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..system.files import escaped_name, shown
from . import folder as seeds_folder
from . import seeds, values
from .fields import MappingError, Unusable, parse_mapping, read_story
from .records import MAX_BYTES, NotImportable, check_format, open_source
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


class Interrupted(Exception):
    """Ctrl-C during an import; str() says how far it went (each story's files are written
    whole, so the next import takes it up)."""

    def __init__(self, summary: Summary | None):
        super().__init__()
        self.summary = summary

    def __str__(self) -> str:
        if self.summary is None:
            return "Import interrupted before any record was read; run it again to continue"
        return self.summary.interrupted()


def options(seeds_folder, maps=(), source=None, lang=None, format=None,  # noqa: A002
            **rest) -> Options:
    """Options from what a user typed; NotImportable (with the reason) for one that is wrong."""
    check_format(format)
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
    return Options(Path(seeds_folder), mapping, source, lang, format, **rest)


def megabytes(text) -> int:
    """--max-mb as a number of bytes; NotImportable for what is not a positive number."""
    try:
        number = float(text)
    except (TypeError, ValueError):
        number = 0.0
    if not 0 < number < 1e12:   # not nan, not infinite
        raise NotImportable(f"--max-mb {shown(str(text))}: not a number of megabytes (the"
                            " largest file to read, e.g. 1024)")
    return int(number * 1024 * 1024)


def import_file(path, opts: Options, progress: Callable[[int], None] | None = None,
                waiting: Callable[[], None] | None = None) -> Summary:
    """Import the records of `path` into `opts.seeds`; NotImportable if the file (or the seeds
    folder) cannot be used at all, Interrupted on Ctrl-C. `waiting`: called if another import
    is writing into the folder (this one waits for it)."""
    folder, summary = Path(opts.seeds), None
    try:
        seeds_folder.check(folder)
        source = open_source(path, opts.format, opts.max_bytes)
        summary = Summary(Path(path).name, source.label, str(folder), dry_run=opts.dry_run)
        if opts.dry_run:
            _import(source, opts, summary, progress)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            with seeds_folder.locked(folder, waiting):
                _import(source, opts, summary, progress)
    except KeyboardInterrupt:
        raise Interrupted(summary) from None
    summary.notes[:0] = source.warnings   # some are found while reading (a CSV header's)
    return summary


def _import(source, opts: Options, summary: Summary, progress) -> None:
    """Each record of `source` made a story and its files placed in the seeds folder."""
    defaults = _defaults(opts, source.defaults, summary)
    origin = {"file": escaped_name(source.path.name),
              "path": escaped_name(source.path.resolve())}
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
            files = seeds.files_for(story, stem, _provenance(source, origin, record, made_from,
                                                             story))
        except Unusable as exc:
            summary.add(record.where, seeds.SKIPPED, reason=str(exc))
            continue
        for message in record.notes + story.warnings:
            summary.warn(record.where, message)
        with _whole_story():
            try:
                status, note = seeds.place(Path(opts.seeds), files, opts.overwrite, opts.dry_run)
            except OSError as exc:
                status, note = seeds.SKIPPED, f"cannot be written: {exc.strerror or exc}"
            summary.add(record.where, status, stem, note)


@contextmanager
def _whole_story():
    """Ctrl-C waits until the story being placed has its three files and is counted: a story
    left with a seed and no record file would be taken for a hand-written one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


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


def _provenance(source, origin: dict, record, made_from: str, story) -> dict:
    """What the record file says besides the record: the file (its name, for people, and its
    full path, which tells two files of one name apart), the place, the name's origin."""
    key = {"id": story.id, "url": story.address}.get(made_from)
    return {
        **origin,
        "format": source.format,
        "encoding": source.encoding,
        "record": record.number,
        "where": record.where,
        "name_from": made_from if key is None else {made_from: key},
        "received_as": source.received_as,
        "received": record.received,
    }
