"""One seed file -> everything the site and the report need to know about it.

This is the whole per-seed flow (size check, decode, sidecar, language, cleaning, date) as plain
data, with no Pelican in it: the reader turns a `SeedResult` into a Pelican article, the report
turns it into a `report.json` entry, and tests call it directly.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..system.files import NotReadable, TooLarge, read_regular
from ..text.dates import find_dates
from ..text.decoding import SeedDecodeError, decode_seed
from ..text.language import detect_language
from .cleaning import CleanArticle, NoHeadline, Rules, clean
from .sidecar import MAX_BYTES as MAX_SIDECAR_BYTES
from .sidecar import parse_sidecar, sidecar_path

PUBLISHED, SKIPPED, ERROR = "published", "skipped", "error"
_ORDINAL_PREFIX = re.compile(r"^\d+[_-](?=.)")
_ID_CHARS = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=65536)   # asked again for every seed by the duplicate-id check
def seed_id(filename: str) -> str:
    """Stable ASCII id from a seed's file name: `000_5288d6f156908d5f.txt` -> `5288d6f156908d5f`.

    A leading ordinal (`000_`) is dropped; anything else is lower-cased and reduced to ASCII
    letters, digits and hyphens. A name with no ASCII letters or digits (an Arabic file name)
    gets a short hash of the name, so the URL is still stable and ASCII.
    """
    stem = Path(filename).stem
    stem = _ORDINAL_PREFIX.sub("", stem)
    ascii_id = _ID_CHARS.sub("-", stem.lower()).strip("-")
    if ascii_id:
        return ascii_id
    return "seed-" + hashlib.sha1(Path(filename).stem.encode("utf-8")).hexdigest()[:12]


@dataclass
class SeedResult:
    path: Path
    id: str
    status: str = PUBLISHED
    sha256: str = ""
    encoding: str | None = None
    lang: str | None = None
    title: str | None = None
    date: datetime.date | None = None
    date_origin: str | None = None  # "sidecar" | "dateline" | "text" | None
    date_candidate: datetime.date | None = None  # the latest date in the text, if not used
    article: CleanArticle | None = None
    meta: dict = field(default_factory=dict)  # sidecar fields
    warnings: list[str] = field(default_factory=list)
    raw: bytes = b""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def problems(self) -> list[str]:
        return self.warnings


@dataclass
class SeedInputs:
    """The bytes a seed is made from, read once: its cache key and what is prepared from it
    both come from these, so an edit made while a build runs never files one under the other's
    key."""

    path: Path
    raw: bytes | None = None
    problem: str | None = None  # why `raw` is None
    sidecar: str | None = None  # the sidecar's file name
    sidecar_data: bytes | None = None
    sidecar_problem: str | None = None  # why `sidecar_data` is None


_FIND = object()


def read_inputs(path: Path, max_bytes: int, follow_links: bool = False,
                sidecar=_FIND, root=None) -> SeedInputs:
    """Read a seed and its sidecar (`sidecar`: its path or None when the caller has looked),
    each only if it is a regular file (a link only with `follow_links`, and then only one
    whose target lies inside `root`, the seeds folder, when given)."""
    path = Path(path)
    inputs = SeedInputs(path)
    try:
        inputs.raw = read_regular(path, max_bytes, follow=follow_links, root=root)
    except TooLarge as exc:
        inputs.problem = f"{exc} (AKHBAR_MAX_SEED_BYTES)"
        return inputs
    except NotReadable as exc:
        inputs.problem = str(exc)
        return inputs
    if sidecar is _FIND:
        sidecar = sidecar_path(path)
    if sidecar is not None:
        inputs.sidecar = sidecar.name
        try:
            inputs.sidecar_data = read_regular(sidecar, MAX_SIDECAR_BYTES, follow=follow_links,
                                               root=root)
        except NotReadable as exc:
            inputs.sidecar_problem = str(exc)
    return inputs


def inputs_digest(inputs: SeedInputs, fingerprint: str) -> str | None:
    """The cache key of what `inputs` holds (None: nothing to cache, e.g. a file too large)."""
    if inputs.raw is None:
        return None
    digest = hashlib.sha256(fingerprint.encode() + b"\0" + inputs.path.name.encode() + b"\0")
    digest.update(inputs.raw)
    if inputs.sidecar is not None:
        digest.update(b"\0" + inputs.sidecar.encode() + b"\0")
        digest.update(inputs.sidecar_data if inputs.sidecar_data is not None
                      else b"\0!" + (inputs.sidecar_problem or "").encode())
    return digest.hexdigest()


def _fail(result: SeedResult, status: str, reason: str) -> SeedResult:
    result.status = status
    result.warnings.insert(0, reason)
    return result


def read_seed(path: Path, *, max_bytes: int, rules: Rules | None = None,
              inputs: SeedInputs | None = None, dates_from_text: bool = False) -> SeedResult:
    """Run the per-seed flow (on `inputs` when they have been read already); never raises for
    a problem in the user's file. `dates_from_text`: a date found only in the body becomes the
    story's date (AKHBAR_DATES_FROM_TEXT); otherwise it is only a candidate, reported."""
    path = Path(path)
    result = SeedResult(path=path, id=seed_id(path.name))
    if inputs is None:
        inputs = read_inputs(path, max_bytes)
    if inputs.raw is None:
        return _fail(result, ERROR, inputs.problem or "cannot be read")
    raw = inputs.raw
    result.raw = raw
    result.sha256 = hashlib.sha256(raw).hexdigest()

    try:
        decoded = decode_seed(raw)
    except SeedDecodeError as exc:
        return _fail(result, ERROR, f"file {exc}")
    result.encoding = decoded.encoding
    if not raw:
        return _fail(result, SKIPPED, "file is empty")
    if not decoded.text.strip():
        return _fail(result, SKIPPED, "file holds only white space")
    if decoded.fixed:
        result.warnings.append(f"{decoded.fixed} in the text; the raw file is published as"
                               " it is")

    if inputs.sidecar_data is not None:
        meta, sidecar_warnings = parse_sidecar(inputs.sidecar, inputs.sidecar_data)
    elif inputs.sidecar is not None:
        meta, sidecar_warnings = {}, [(f"{inputs.sidecar}: {inputs.sidecar_problem}; metadata"
                                       " ignored")]
    else:
        meta, sidecar_warnings = {}, []
    result.meta = meta
    result.warnings.extend(sidecar_warnings)
    result.lang = meta.get("lang") or detect_language(decoded.text)

    try:
        article = clean(decoded.text, rules, title=meta.get("title"))
    except NoHeadline as exc:
        if "title" not in meta:
            return _fail(result, SKIPPED, str(exc))
        article = clean(meta["title"] + "\n" + decoded.text, rules, title=meta["title"])
    result.article = article
    result.title = meta.get("title") or article.title
    result.warnings.extend(article.warnings)

    # The latest full date in the text besides the dateline's: often an event the story recalls.
    in_text = [found for found in find_dates(decoded.text)
               if article.dateline is None or found.date != article.dateline.date]
    latest = max(in_text, key=lambda found: found.date) if in_text else None
    if "date" in meta:
        result.date, result.date_origin = meta["date"], "sidecar"
    elif article.dateline is not None:
        result.date, result.date_origin = article.dateline.date, "dateline"
    elif latest and dates_from_text:
        result.date, result.date_origin = latest.date, "text"
        result.warnings.append(
            f"date {latest.date.isoformat()} taken from the text ('{latest.text}'),"
            " not from a dateline: check it, or set it in the .meta.yml sidecar"
        )
    elif latest:
        result.warnings.append(
            f"undated: no dateline or sidecar date; the text holds {latest.date.isoformat()}"
            f" ('{latest.text}'), which may be an event the story recalls. If it is the"
            f" story's date, set 'date: {latest.date.isoformat()}' in the .meta.yml sidecar"
            " (date_candidate in report.json)"
        )
    if latest and result.date_origin != "text":
        result.date_candidate = latest.date
    return result
