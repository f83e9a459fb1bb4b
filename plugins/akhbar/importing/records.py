"""An import file -> its records, each with its number and the text it was received as.

JSON Lines (Scrapy's `.jl`), JSON (a list of records, or an object holding one list of them)
and CSV are read here, feeds in feeds.py. The file is read once, only if it is a regular file
(never a link, a pipe or a device) and no larger than a limit; its bytes are decoded as seeds
are (UTF-8 with or without a BOM, UTF-16 with a BOM, Windows-1256). A bad record is a record
with a problem, and reading goes on; what cannot be read at all (the file, or the rest of a
JSON list after a syntax error) is said with the line where it stops.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..system.files import NotReadable, TooLarge, read_regular, shown
from ..text.decoding import SeedDecodeError, decode_seed

FORMATS = {"jsonl": "JSON Lines", "json": "JSON", "csv": "CSV", "feed": "RSS/Atom feed"}
EXTENSIONS = {".jsonl": "jsonl", ".jl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl",
              ".json": "json", ".csv": "csv", ".tsv": "csv", ".xml": "feed", ".rss": "feed",
              ".atom": "feed", ".rdf": "feed"}
MAX_BYTES = 512 * 1024 * 1024  # an archive of ~100,000 stories; --max-mb raises it
_WHITE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder(strict=False)  # raw control characters in strings: taken out later


class NotImportable(Exception):
    """The file cannot be imported at all (unreadable, not a known format); str() says why."""


@dataclass
class Record:
    number: int       # the line (JSON Lines, CSV) or the place in the list (JSON, feeds), from 1
    where: str        # how the summary names it: "line 12", "record 3 (line 40)", "item 2"
    data: dict | None  # None when `problem` says why there is nothing to read
    received: str = ""  # the record as it was in the file (see docs/import.md)
    problem: str | None = None
    notes: list[str] = field(default_factory=list)  # warnings about the record as read
    html: dict[str, bool] | None = None  # which fields are HTML, when the format says (feeds)


@dataclass
class Source:
    """One import file, read: its format and its records (a generator: read as it goes)."""

    path: Path
    format: str
    records: Iterator[Record]
    encoding: str | None = None
    received_as: str = "json"  # what Record.received holds: json, csv, xml or feedparser-json
    warnings: list[str] = field(default_factory=list)
    defaults: dict = field(default_factory=dict)  # a feed's own outlet and language

    @property
    def label(self) -> str:
        return FORMATS[self.format]


def open_source(path, fmt: str | None = None, max_bytes: int = MAX_BYTES) -> Source:
    """The import file `path` (read now) and a reader of its records; NotImportable if it is
    not a regular file, too large, not text or not in a format the importer knows."""
    check_format(fmt)
    path = Path(path)
    name = shown(os.fspath(path))
    try:
        data = read_regular(path, max_bytes)
    except TooLarge as exc:
        raise NotImportable(f"{name}: {exc} (--max-mb raises the limit)") from None
    except NotReadable as exc:
        raise NotImportable(f"{name}: {exc}") from None
    fmt = fmt or EXTENSIONS.get(path.suffix.lower()) or _sniff(data)
    if fmt is None:
        raise NotImportable(f"{name}: not a format the importer knows (JSON Lines, JSON, CSV,"
                            " RSS or Atom); name it .jsonl, .json, .csv or .xml, or give"
                            " --format")
    if fmt == "feed":
        from .feeds import read_feed  # noqa: PLC0415 - feeds.py imports this module

        return read_feed(path, data)
    try:
        decoded = decode_seed(data)
    except SeedDecodeError as exc:
        raise NotImportable(f"{name}: not text: the file {exc}") from None
    source = Source(path, fmt, iter(()), decoded.encoding,
                    received_as="csv" if fmt == "csv" else "json")
    if decoded.fixed:
        source.warnings.append(f"the file holds {decoded.fixed}")
    text = decoded.text
    if fmt == "csv":
        source.records = _csv_records(text, "\t" if path.suffix.lower() == ".tsv" else None,
                                      source.warnings)
    elif fmt == "jsonl":
        source.records = _jsonl_records(text)
    else:
        _json(source, text, name)
    return source


def check_format(fmt: str | None) -> None:
    """NotImportable for a --format the importer does not know: said before anything is read."""
    if fmt is not None and fmt not in FORMATS:
        raise NotImportable(f"unknown format '{shown(str(fmt))}' (the formats:"
                            f" {', '.join(FORMATS)})")


def _sniff(data: bytes) -> str | None:
    """The format of a file whose name does not say: from its first characters."""
    head = data[:65536]
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(encoding, errors="ignore").encode("utf-8")
            break
    start = head.lstrip()[:1]
    if start == b"<":
        return "feed"
    if start in (b"[", b"{"):
        return "json"   # a first object followed by more is read as JSON Lines
    first_line = head.split(b"\n", 1)[0]
    if any(sep in first_line for sep in (b",", b";", b"\t")):
        return "csv"
    return None


# --- JSON Lines -----------------------------------------------------------------------------

def _jsonl_records(text: str, start_line: int = 1) -> Iterator[Record]:
    for number, line in enumerate(text.split("\n"), start_line):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            value, end = _DECODER.raw_decode(line, _WHITE.match(line).end())
            if line[end:].strip():
                raise json.JSONDecodeError("extra text after the record", line, end)
        except RecursionError:
            yield Record(number, where, None, line, problem=f"bad JSON on line {number}:"
                         " nested too deeply to read")
            continue
        except ValueError as exc:
            yield Record(number, where, None, line,
                         problem=f"bad JSON on line {number}: {_json_error(exc)}")
            continue
        yield _object(number, where, value, line)


def _object(number: int, where: str, value, received: str) -> Record:
    if isinstance(value, dict):
        return Record(number, where, value, received)
    return Record(number, where, None, received,
                  problem=f"not an object but {_kind(value)}: not a record")


def _kind(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    return "a number"


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (column {exc.colno})"
    return str(exc)[:200]


# --- JSON -------------------------------------------------------------------------------------

def _json(source: Source, text: str, name: str) -> None:
    """Sets `source.records`: the top-level list, the one list of records an object holds, one
    record, or (a file of one object a line named .json) JSON Lines. Text after the leading
    value (a stray bracket, two exports in one file) is one problem; the records stand."""
    start = _WHITE.match(text).end()
    if text[start:start + 1] == "[":
        source.records = _then_trailing(_array(text, start), text, "the list of records")
        return
    try:
        value, end = _DECODER.raw_decode(text, start)
    except RecursionError:
        raise NotImportable(f"{name}: not readable JSON: nested too deeply") from None
    except ValueError as exc:
        where = f"line {exc.lineno}, " if isinstance(exc, json.JSONDecodeError) else ""
        raise NotImportable(f"{name}: not valid JSON ({where}{_json_error(exc)})") from None
    if (_WHITE.match(text, end).end() < len(text) and isinstance(value, dict)
            and "\n" not in text[start:end]):
        source.format = "jsonl"
        source.warnings.append("the file holds one JSON object a line: read as JSON Lines")
        source.records = _jsonl_records(text)
        return
    if not isinstance(value, dict):
        raise NotImportable(f"{name}: the JSON is {_kind(value)}, not a list of records")
    lists = [key for key, member in value.items() if isinstance(member, list)
             and any(isinstance(item, dict) for item in member)]
    if len(lists) > 1:
        raise NotImportable(f"{name}: the JSON object holds several lists of records"
                            f" ({', '.join(shown(k)[:40] for k in lists[:5])}): keep one")
    if not lists:   # one record on its own
        records = iter([_object(1, "record 1", value, text[start:end])])
    else:
        value_start = next(at for key, at, _end in _members(text, start) if key == lists[0])
        records = _array(text, value_start)
    source.records = _then_trailing(records, text, "the JSON object", end)


def _then_trailing(records, text: str, what: str, end: int | None = None) -> Iterator[Record]:
    """`records`, then a problem for any text after the JSON value they are read from (ending
    at `end`, else where the list `records` reads ends; None: the list never ended)."""
    ended = yield from records
    end = end if end is not None else ended
    after = _WHITE.match(text, end).end() if end is not None else len(text)
    if after < len(text):
        line = text.count("\n", 0, after) + 1
        yield Record(line, f"after {what} (line {line})", None, "",
                     problem=f"text after {what} ignored (a stray character, or two exports in"
                             " one file?): the records before it are read")


def _members(text: str, pos: int):
    """(name, start, end) of each member of the JSON object at `pos` (already known valid)."""
    pos = _WHITE.match(text, pos + 1).end()
    while text[pos] != "}":
        key, pos = _DECODER.raw_decode(text, pos)
        pos = _WHITE.match(text, pos).end() + 1   # the colon
        start = _WHITE.match(text, pos).end()
        _value, end = _DECODER.raw_decode(text, start)
        yield key, start, end
        pos = _WHITE.match(text, end).end()
        if text[pos] == ",":
            pos = _WHITE.match(text, pos + 1).end()


def _array(text: str, pos: int) -> Generator[Record, None, int | None]:
    """The records of the JSON list at `pos`, each with its exact text; returns where the list
    ends. A syntax error ends the list (what follows cannot be told apart): it is a record with
    the problem, and the records before it stand. A list cut short (an export killed half-way)
    keeps what it holds."""
    pos, number, line, counted = pos + 1, 0, 1, 0
    while True:
        pos = _WHITE.match(text, pos).end()
        if pos >= len(text):
            line += text.count("\n", counted, pos)
            yield Record(number + 1, f"record {number + 1}", None, "",
                         problem=f"the file ends at line {line} before the list is closed"
                                 " (cut short?): the records before it are read")
            return
        if text[pos] == "]":
            return pos + 1
        number += 1
        line += text.count("\n", counted, pos)
        counted = pos
        where = f"record {number} (line {line})"
        try:
            value, end = _DECODER.raw_decode(text, pos)
        except RecursionError:
            yield Record(number, where, None, "", problem=f"bad JSON in record {number} (line"
                         f" {line}): nested too deeply; the rest of the file could not be read")
            return
        except ValueError as exc:
            at = f"line {exc.lineno}: " if isinstance(exc, json.JSONDecodeError) else ""
            yield Record(number, where, None, "", problem=f"bad JSON at {at}{_json_error(exc)};"
                         " the rest of the file could not be read")
            return
        yield _object(number, where, value, text[pos:end])
        pos = _WHITE.match(text, end).end()
        if pos < len(text) and text[pos] == ",":
            pos += 1
        elif pos < len(text) and text[pos] != "]":
            line += text.count("\n", counted, pos)
            counted = pos
            yield Record(number + 1, f"record {number + 1}", None, "",
                         problem=f"bad JSON at line {line}: expected ',' or ']' after record"
                                 f" {number}; the rest of the file could not be read")
            return


# --- CSV ----------------------------------------------------------------------------------

def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _csv_records(text: str, delimiter: str | None, warnings: list[str]) -> Iterator[Record]:
    """One record a row, named by the header row; a quoted field may span lines. `warnings`
    gets what is said of the file as a whole (a column named twice)."""
    lines = text.split("\n")
    delimiter = delimiter or _delimiter(next((line for line in lines if line.strip()), ""))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))   # a long body is one field
    try:
        header: list[str] | None = None
        header_text, done = "", 0
        while True:
            start = done + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Record(start, f"line {start}", None, "", problem=f"bad CSV at line"
                             f" {reader.line_num}: {exc}; the rest of the file could not be read")
                return
            done = reader.line_num
            received = "\n".join(lines[start - 1:done])
            if done >= len(lines) - 1 and _never_closed(received, delimiter):
                opened = len(lines) - row[-1].count("\n")
                yield Record(start, f"line {start}", None, received, problem=f"bad CSV at line"
                             f" {opened}: a quoted field is never closed, so lines {opened}-{done}"
                             " cannot be read as records (close the quote and import again)")
                return
            if not row or not any(cell.strip() for cell in row):
                continue
            if header is None:
                header, header_text = _header(row, warnings), received
                continue
            data: dict = {}
            for name, cell in zip(header, row, strict=False):
                data.setdefault(name, cell)
            record = Record(start, f"line {start}", data, header_text + "\n" + received)
            if len(row) > len(header):
                record.notes.append(f"{len(row) - len(header)} value(s) more than the header"
                                    " names: ignored")
            yield record
    finally:
        csv.field_size_limit(limit)


def _never_closed(last_row: str, delimiter: str) -> bool:
    """Whether the file's last row leaves a quoted field open (the lenient reader then takes
    the rest of the file into it): given one more line, the reader would take that in too."""
    rows = list(csv.reader(io.StringIO(last_row + "\n\x00", newline=""), delimiter=delimiter))
    return rows[-1] != ["\x00"]


def _header(row: list[str], warnings: list[str]) -> list[str]:
    """The column names; a name given twice is said (a record's value is its first column's)."""
    names = [cell.strip() or f"column {n}" for n, cell in enumerate(row, 1)]
    twice = list(dict.fromkeys(name for name in names if names.count(name) > 1))
    if twice:
        said = "; ".join(f"'{name}' in columns " + ", ".join(
            str(n) for n, other in enumerate(names, 1) if other == name) for name in twice)
        warnings.append(f"the header row names a column more than once ({said}): each is read"
                        " from its first column")
    return names
