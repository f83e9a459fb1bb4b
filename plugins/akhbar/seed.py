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

from .cleaning import CleanArticle, NoHeadline, Rules, clean
from .dates import find_dates
from .decoding import SeedDecodeError, decode_seed
from .language import detect_language
from .sidecar import load_sidecar

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


def _fail(result: SeedResult, status: str, reason: str) -> SeedResult:
    result.status = status
    result.warnings.insert(0, reason)
    return result


def read_seed(path: Path, *, max_bytes: int, rules: Rules | None = None) -> SeedResult:
    """Run the per-seed flow; never raises for a problem in the user's file."""
    path = Path(path)
    result = SeedResult(path=path, id=seed_id(path.name))
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return _fail(
                result, ERROR, f"file is {size:,} bytes, over the {max_bytes:,}-byte limit"
                " (AKHBAR_MAX_SEED_BYTES)"
            )
        raw = path.read_bytes()
    except OSError as exc:
        return _fail(result, ERROR, f"cannot be read: {exc.strerror or exc}")
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

    meta, sidecar_warnings = load_sidecar(path)
    result.meta = meta
    result.warnings.extend(sidecar_warnings)
    result.lang = meta.get("lang") or detect_language(decoded.text)

    try:
        article = clean(decoded.text, rules)
    except NoHeadline as exc:
        if "title" not in meta:
            return _fail(result, SKIPPED, str(exc))
        article = clean(meta["title"] + "\n" + decoded.text, rules)
    result.article = article
    result.title = meta.get("title") or article.title
    result.warnings.extend(article.warnings)

    if "date" in meta:
        result.date, result.date_origin = meta["date"], "sidecar"
    elif article.dateline is not None:
        result.date, result.date_origin = article.dateline.date, "dateline"
    else:
        in_text = find_dates(decoded.text)
        if in_text:
            latest = max(in_text, key=lambda found: found.date)
            result.date, result.date_origin = latest.date, "text"
            result.warnings.append(
                f"date {latest.date.isoformat()} taken from the text ('{latest.text}'),"
                " not from a dateline: check it, or set it in the .meta.yml sidecar"
            )
    return result
