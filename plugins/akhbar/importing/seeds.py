"""A story -> its three files in the seeds folder, and whether the importer may write them.

`<name>.txt` (the headline, a blank line, the body's paragraphs a blank line apart),
`<name>.meta.yml` (the record's title, date, lang, source, url, author, section: the sidecar the
build reads) and `<name>.record.json` (the record as received, where it came from, and the SHA-256
of the two files written). `<name>` is 16 hex digits of a hash of the record's id, else its
address, else its headline and body: never text from the record, the same at every import of
the same record, and its own page id (`articles/<name>/`).

The importer never replaces a file it did not write, nor one edited since it wrote it (the
record file says what it wrote), unless told to (--overwrite); links, folders and other
non-files at those names are never touched. Files are written whole (system/files.write_atomic).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..reading.seed_files import RECORD_SUFFIX, SEED_SUFFIX
from ..reading.sidecar import SUFFIXES as SIDECAR_SUFFIXES
from ..reading.sidecar import parse_sidecar
from ..system.files import NotReadable, kind, read_regular, write_atomic
from .fields import Story, Unusable

SIDECAR_SUFFIX = SIDECAR_SUFFIXES[0]
MAX_SEED_BYTES = 2_000_000   # the build's AKHBAR_MAX_SEED_BYTES default: a larger seed is refused
MAX_RECORD_BYTES = 64 * 1024 * 1024
MARK = "akhbar import"   # "imported_by" in a record file: the importer wrote it
SIDECAR_ORDER = ("title", "date", "lang", "source", "url", "author", "section")
SIDECAR_NOTE = ("# Written by `invoke import`; what it came from: {record}.\n"
                "# Edit freely: an import never overwrites a sidecar edited since it wrote it.\n")
NEW, UPDATED, UNCHANGED, SKIPPED = "new", "updated", "unchanged", "skipped"


def name_for(story: Story) -> tuple[str, str]:
    """(file name stem, what it comes from: "id", "url" or "text") for `story`."""
    if story.id:
        key, made_from = "id\n" + story.id, "id"
    elif story.address:   # even one that is not http(s), and so not shown: it still names it
        key, made_from = "url\n" + story.address.split("#", 1)[0].strip(), "url"
    else:
        key, made_from = "text\n" + story.title + "\n" + "\n".join(story.paragraphs), "text"
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:16], made_from


def seed_text(story: Story) -> bytes:
    """The seed: headline, blank line, paragraphs a blank line apart (a body that starts with
    its own headline does not get it twice). The sidecar gives the same headline, so the build
    takes this first line as the headline however short (cleaning.clean's `title`), never for a
    section label over the first paragraph."""
    paragraphs = list(story.paragraphs)
    if paragraphs and " ".join(paragraphs[0].split()) == story.title:
        paragraphs.pop(0)
    return (story.title + "\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


def sidecar_fields(story: Story) -> dict:
    fields = {name: getattr(story, name) for name in SIDECAR_ORDER}
    return {name: value for name, value in fields.items() if value not in (None, "")}


def sidecar_text(story: Story, stem: str) -> bytes:
    """The sidecar, YAML the build's own parser reads back as written (checked: Unusable if not,
    which no story seen yet has needed)."""
    fields = sidecar_fields(story)
    text = SIDECAR_NOTE.format(record=stem + RECORD_SUFFIX) + yaml.safe_dump(
        fields, allow_unicode=True, sort_keys=False, default_flow_style=False, width=4096)
    data = text.encode("utf-8")
    read, warnings = parse_sidecar(stem + SIDECAR_SUFFIX, data)
    if warnings or read != fields:
        raise Unusable("its sidecar would not read back as written: "
                       + ("; ".join(warnings) or "a value changed"))
    return data


@dataclass
class Files:
    """The three files of one story, to be placed in the seeds folder."""

    stem: str
    seed: bytes
    sidecar: bytes
    provenance: dict   # the record file's content but the digests, added when written

    def record_bytes(self) -> bytes:
        record = dict(self.provenance)
        record["seed"] = {"name": self.stem + SEED_SUFFIX, "sha256": _sha(self.seed)}
        record["sidecar"] = {"name": self.stem + SIDECAR_SUFFIX, "sha256": _sha(self.sidecar)}
        text = json.dumps(record, ensure_ascii=False, indent=1) + "\n"
        return text.encode("utf-8", "replace")


def files_for(story: Story, stem: str, provenance: dict) -> Files:
    seed = seed_text(story)
    if len(seed) > MAX_SEED_BYTES:
        raise Unusable(f"the seed would be {len(seed):,} bytes, over the build's"
                       f" {MAX_SEED_BYTES:,}-byte limit (AKHBAR_MAX_SEED_BYTES)")
    return Files(stem, seed, sidecar_text(story, stem), {"imported_by": MARK, **provenance})


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def place(folder: Path, files: Files, overwrite: bool = False,
          dry_run: bool = False) -> tuple[str, str | None]:
    """Write `files` into `folder` if the importer may: (NEW, UPDATED, UNCHANGED or SKIPPED,
    the reason for a skip or a note). Only files whose bytes change are written."""
    paths = {kind: folder / (files.stem + suffix) for kind, suffix in (
        ("seed", SEED_SUFFIX), ("sidecar", SIDECAR_SUFFIX), ("record", RECORD_SUFFIX),
        *((f"sidecar {suffix}", suffix) for suffix in SIDECAR_SUFFIXES[1:]))}
    try:
        on_disk = {kind: _existing(path) for kind, path in paths.items()}
    except _NotAFile as exc:
        return SKIPPED, str(exc)
    status, note = _decide(files, paths, on_disk, overwrite)
    if status in (NEW, UPDATED) and not dry_run:
        _write(folder, paths["seed"], on_disk["seed"], files.seed)
        _write(folder, paths["sidecar"], on_disk["sidecar"], files.sidecar)
        _write(folder, paths["record"], None, files.record_bytes())
    return status, note


def _decide(files: Files, paths: dict, on_disk: dict, overwrite: bool) -> tuple[str, str | None]:
    """What to do with a story's files, given what is at their names (see the module's doc)."""
    seed, sidecar = on_disk["seed"], on_disk["sidecar"]
    record = _record(on_disk["record"])
    other = [kind for kind in paths if kind.startswith("sidecar ") and on_disk[kind] is not None]
    if other and not overwrite:
        return SKIPPED, (f"{paths[other[0]].name} exists, written by hand: not overwritten"
                         " (--overwrite imports the record beside it)")
    if all(on_disk[kind] is None for kind in ("seed", "sidecar", "record")):
        return NEW, None
    if record is None:
        if on_disk["record"] is None and seed in (None, files.seed) and sidecar in (
                None, files.sidecar):
            return NEW, None   # what is there is what would be written (an import stopped)
        if overwrite:
            return NEW, "files no import wrote replaced (--overwrite)"
        there = [paths[kind].name for kind in ("seed", "sidecar", "record")
                 if on_disk[kind] is not None]
        them = "it" if len(there) == 1 else "them"
        return SKIPPED, (f"{', '.join(there)} exist{'s' if len(there) == 1 else ''} and no"
                         f" import wrote {them}: not overwritten (--overwrite replaces {them})")
    if (seed == files.seed and sidecar == files.sidecar
            and record.get("received") == files.provenance.get("received")):
        return UNCHANGED, None
    name_from = files.provenance.get("name_from")
    if isinstance(name_from, dict) and "id" in name_from and not overwrite:
        # Ids are a dataset's own (two datasets both have a story 1); addresses are not.
        other = _other_file(record, files.provenance)
        if other:
            return SKIPPED, (f"the same id as {record.get('where')} of {other}, imported"
                             " before: not overwritten (--overwrite replaces it)")
    edited = [paths[kind].name for kind, data, new in (("seed", seed, files.seed),
                                                       ("sidecar", sidecar, files.sidecar))
              if not _ours(data, record.get(kind), new)]
    if edited and overwrite:
        return UPDATED, f"{', '.join(edited)} edited by hand: replaced (--overwrite)"
    if edited:
        gone = [paths[kind].name for kind in ("seed", "sidecar") if on_disk[kind] is None]
        if gone:
            return SKIPPED, (f"{', '.join(gone)} deleted since the last import: not written"
                             " again (--overwrite writes it again)")
        return SKIPPED, (f"{', '.join(edited)} edited by hand since the last import: not"
                         " overwritten (--overwrite replaces it)")
    return UPDATED, None


def _other_file(record: dict, provenance: dict) -> str | None:
    """The import file `record` was written from, named to tell it from this one's, if it is
    another: by its full path (a record file of an older version: by its name only)."""
    key = "path" if "path" in record else "file"
    if record.get(key) == provenance.get(key):
        return None
    if record.get("file") != provenance.get("file"):
        return str(record.get("file"))
    return f"{record.get('path')} (this is {provenance.get('path')})"


class _NotAFile(Exception):
    pass


def _existing(path: Path) -> bytes | None:
    """The bytes of the regular file at `path`, None if nothing is there; _NotAFile for a link,
    a folder, a pipe ... (never touched) or a file that cannot be read."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _NotAFile(f"{path.name} cannot be looked at: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise _NotAFile(f"{path.name} is {kind(info.st_mode)}: not touched")
    try:
        return read_regular(path, MAX_RECORD_BYTES)
    except NotReadable as exc:
        raise _NotAFile(f"{path.name}: {exc}; not touched") from None


def _record(data: bytes | None) -> dict | None:
    """A record file the importer wrote, read; None for anything else."""
    if data is None:
        return None
    try:
        record = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    return record if isinstance(record, dict) and record.get("imported_by") == MARK else None


def _ours(data: bytes | None, entry, new: bytes) -> bool:
    """Whether the file on disk (`data`) is what the importer wrote there (`entry`: the record
    file's note of it) or what it is about to write."""
    if data is None:
        return False
    if data == new:
        return True
    return isinstance(entry, dict) and entry.get("sha256") == _sha(data)


def _write(folder: Path, path: Path, old: bytes | None, new: bytes) -> None:
    if old == new:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # A hidden partial name: a build running meanwhile does not list it as a seed.
    write_atomic(path, new, partial=folder / f".{path.name}.{os.getpid()}.tmp")
