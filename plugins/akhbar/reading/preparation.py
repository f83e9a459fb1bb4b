"""Seeds prepared ahead of Pelican's reading: on every core, and from a cache of earlier builds.

Pelican asks its reader for one file at a time, on one core. Preparing a seed (decode, clean,
date, match names, render the body, the search keys) depends only on the seed's name and bytes,
its sidecar, the plugin's code and data files and a few settings, and never on other seeds. So
when the article generator starts, every seed is prepared at once in a pool of processes, and
each prepared seed is stored in the cache under a key made of all those inputs: the next build
prepares only what changed (one edited seed, one seed), and a change to the code, the gazetteer
or the boilerplate rules changes every key. The reader then takes the prepared seed and adds only
what needs Pelican (the section object).

Pelican's own content cache is not used: it keys on the seed file alone (not its sidecar, the
gazetteer or the plugin's code), and a cache hit would skip the reader, which records every seed
for report.json.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import posixpath
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import pelican
from pelican.utils import truncate_html_words

from ..system import memory
from ..text.arabic import search_forms
from .cleaning import load_rules
from ..names.gazetteer import load_gazetteer
from ..system.files import write_atomic
from ..incremental.fingerprint import text_digest
from ..text.language import direction, matching_language
from .render import render_block, render_body
from ..system.children import die_with_parent
from .seed import PUBLISHED, SeedInputs, SeedResult, inputs_digest, read_inputs, read_seed
from ..incremental.seed_cache import SeedCache
from .sidecar import SUFFIXES

logger = logging.getLogger(__name__)

# The settings a prepared seed depends on (anything else the reader adds itself).
SETTINGS = ("AKHBAR_MAX_SEED_BYTES", "AKHBAR_BOILERPLATE_RULES", "AKHBAR_GAZETTEER",
            "AKHBAR_SEED_URL", "AKHBAR_ENTITY_URL", "AKHBAR_SEED_SOURCE_NAME",
            "SUMMARY_MAX_LENGTH", "AKHBAR_SEED_LINKS")
# Data files whose content is part of every key.
DATA_SETTINGS = ("AKHBAR_BOILERPLATE_RULES", "AKHBAR_GAZETTEER")
# Fewer seeds than this to prepare are prepared in this process: starting workers costs more.
POOL_MIN = 16
CACHE_FORMAT = 4
# Texts whose digest is made as the seed is prepared (see Prepared.text_digests).
DIGESTED_TEXTS = ("content", "search_forms")


@dataclass
class Prepared:
    """What the reader needs for one seed. `metadata` has the section's name under "category"
    (the reader turns it into Pelican's category object)."""

    result: SeedResult
    content: str = ""
    metadata: dict = field(default_factory=dict)
    # The digests of its long texts ("content" and the metadata named), made once here rather
    # than by every build's page digests (fingerprint.KnownTexts).
    text_digests: dict = field(default_factory=dict)


def read_settings(settings) -> dict:
    return {name: settings.get(name) for name in SETTINGS}


# --- Preparing one seed (pure) -------------------------------------------------------------------


def prepare_seed(path: Path, conf: dict, inputs: SeedInputs | None = None) -> Prepared:
    """Prepare one seed, from `inputs` when they have been read (else read now)."""
    if inputs is None:
        inputs = read_inputs(path, conf["AKHBAR_MAX_SEED_BYTES"],
                             bool(conf.get("AKHBAR_SEED_LINKS")))
    result = read_seed(path, max_bytes=conf["AKHBAR_MAX_SEED_BYTES"],
                       rules=load_rules(conf["AKHBAR_BOILERPLATE_RULES"]), inputs=inputs)
    result.raw = b""  # the raw seed is copied from disk when the site is written
    if result.status != PUBLISHED:
        return Prepared(result)
    mentions = _mentions(result, conf)
    content = render_body(result.article.blocks, direction(result.lang),
                          _links(result, mentions, conf))
    prepared = Prepared(result, content, _metadata(result, mentions, conf))
    texts = dict(prepared.metadata, content=content)
    prepared.text_digests = {name: text_digest(texts[name]) for name in DIGESTED_TEXTS
                             if isinstance(texts.get(name), str)}
    # The cleaned blocks now live in the body and the metadata: dropping them halves what the
    # seed cache stores and unpickles on every build.
    result.article = None
    return prepared


def _texts(result: SeedResult) -> list[str]:
    """The texts names and topics are looked for in: the headline, then each block with its
    photo credit (an agency or a place named in a credit counts)."""
    return [result.title] + [b.text + b.credit for b in result.article.blocks]


def _mentions(result: SeedResult, conf: dict):
    """Entity mentions per block, the headline first (a full name in it licenses a short form
    in the body)."""
    gazetteer = load_gazetteer(conf["AKHBAR_GAZETTEER"])
    return gazetteer.find_in_paragraphs(_texts(result), matching_language(result.lang))


def _links(result: SeedResult, mentions, conf: dict):
    """Links for the first body mention of each entity, relative to the article's page."""
    relative = _relative_to(conf["AKHBAR_SEED_URL"].format(id=result.id))
    entity_url = conf["AKHBAR_ENTITY_URL"]
    linked: set[str] = set()
    links = []
    for block_mentions in mentions[1:]:
        block_links = []
        for mention in block_mentions:
            if mention.entity not in linked:
                linked.add(mention.entity)
                target = entity_url.format(id=mention.entity)
                block_links.append((mention.start, mention.end, relative(target) + "/"))
        links.append(block_links)
    return links


# An entity page's URL -> (its folder, its name): the same few hundred for every article.
_TARGET_PARTS: dict[str, tuple[str, str]] = {}


def _relative_to(page: str):
    """`posixpath.relpath(target, page)` for many targets: the folder part of each target
    (the same for every entity) is made relative once."""
    folders: dict[str, str] = {}

    def relative(target: str) -> str:
        parts = _TARGET_PARTS.get(target)
        if parts is None:
            parts = _TARGET_PARTS[target] = posixpath.split(target.rstrip("/"))
        folder, name = parts
        rel = folders.get(folder)
        if rel is None:
            rel = folders[folder] = _relpath(folder, page)
        return name if rel == "." else f"{rel}/{name}"

    return relative


def _relpath(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` for two site URLs, without the calls to os.getcwd()
    it makes for relative paths (two system calls an article)."""
    parts = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    if ".." in parts or ".." in base or path.startswith("/") != start.startswith("/"):
        return posixpath.relpath(path or ".", start)
    common = 0
    while common < len(parts) and common < len(base) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def _entities(result: SeedResult, mentions, conf: dict):
    """(entity ids by first mention, mentions per entity, topic ids) of the article."""
    counts: dict[str, int] = {}
    for block_mentions in mentions:
        for mention in block_mentions:
            counts[mention.entity] = counts.get(mention.entity, 0) + 1
    gazetteer = load_gazetteer(conf["AKHBAR_GAZETTEER"])
    # The text the names were found in: the gazetteer keeps its fold for this second look.
    text = "\n".join(_texts(result))
    return list(counts), counts, gazetteer.topics_for(text, matching_language(result.lang),
                                                      set(counts))


def _metadata(result: SeedResult, mentions, conf: dict) -> dict:
    article, meta = result.article, result.meta
    base_dir = direction(result.lang)
    entities, entity_counts, topics = _entities(result, mentions, conf)
    seed_dir = conf["AKHBAR_SEED_URL"].format(id=result.id).rstrip("/")
    metadata = {
        "title": result.title,
        "slug": result.id,
        "lang": result.lang,
        "text_dir": base_dir,
        "undated": result.date is None,
        "date": result.date,  # a calendar day; the reader makes Pelican's datetime
        "date_text": article.dateline_text,
        "date_origin": result.date_origin,
        "kicker": article.kicker,
        "category": meta.get("section") or article.kicker,  # None: the default section
        "related_headlines": list(article.related),
        "source": meta.get("source"),
        "source_en": meta.get("source_en"),
        "source_url": meta.get("url"),
        "source_url_text": meta.get("url_text"),
        "byline": meta.get("author"),
        "title_en": meta.get("title_en"),
        "summary_en": meta.get("summary_en"),
        "seed_id": result.id,
        "seed_file": result.name,
        "seed_title": article.title,
        "seed_sha256": result.sha256,
        "seed_encoding": result.encoding,
        "seed_url": f"{seed_dir}/{conf['AKHBAR_SEED_SOURCE_NAME']}",
        "seed_warnings": list(result.warnings),
        "seed_removed": len(article.removed),
        "search_forms": " ".join(search_forms(
            "\n".join([result.title] + [b.text for b in article.blocks])
        )) if result.lang == "ar" else None,
        "entities": entities,
        "entity_counts": entity_counts,
        "topics": topics,
        # Every seed keeps its URL whatever its language (English seeds are originals, not
        # translations, so Pelican's *_LANG_URL patterns do not apply to them); the site
        # writer puts it under each language tree's prefix.
        "url": conf["AKHBAR_SEED_URL"].format(id=result.id),
    }
    lead = next((b for b in article.blocks if b.kind == "paragraph"), None)
    if lead is not None:
        metadata["summary"] = summary(render_block(lead, base_dir),
                                      conf["SUMMARY_MAX_LENGTH"] or 60)
    return {key: value for key, value in metadata.items()
            if value is not None or key in ("date", "category")}


_WORD_RUN = re.compile(r"\w+")
# Characters Pelican's truncation counts as a word each (CJK, kana, hangul).
_ONE_CHARACTER_WORDS = re.compile(
    "[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7ff"
    "\uf900-\ufaff\U00020000-\U0002a6df\U0002f800-\U0002fa1f]")


def summary(html: str, words: int) -> str:
    """`truncate_html_words(html, words)`, Pelican's summary, without running its HTML parser
    over the many leads that are shorter: each word it counts starts a run of word characters
    (\\w+) of the HTML, so HTML with fewer runs than `words` is returned as it is."""
    if len(_WORD_RUN.findall(html)) < words and not _ONE_CHARACTER_WORDS.search(html):
        return html
    return truncate_html_words(html, words)


# --- Every seed of a build ---------------------------------------------------------------------


def code_fingerprint(conf: dict) -> str:
    """Everything besides the seed that a prepared seed depends on: the plugin's code, its data
    files, the settings above, and the Python and Pelican versions."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}|{pelican.__version__}|".encode())
    digest.update(json.dumps(conf, sort_keys=True, default=str).encode())
    package = Path(__file__).resolve().parents[1]
    for source in sorted(package.rglob("*.py")):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0")
        digest.update(source.read_bytes())
    for name in DATA_SETTINGS:
        path = Path(conf[name]) if conf.get(name) else None
        digest.update(path.read_bytes() if path and path.is_file() else b"-")
    return digest.hexdigest()


def seed_key(path: Path, fingerprint: str, max_bytes: int,
             siblings: tuple[set[str], set[str]] | None = None,
             follow_links: bool = False, root=None) -> str | None:
    """The cache key of a seed (None: not cached, e.g. a file over the size limit), from its
    bytes and its sidecar's as they are read now. `siblings`: the names of the files in the
    seed's folder, as they are and lower-cased, when the caller has listed it (_file_names:
    one listing instead of a stat per sidecar suffix and seed)."""
    return inputs_digest(_read(path, max_bytes, follow_links, siblings, root), fingerprint)


def _read(path: Path, max_bytes: int, follow_links: bool, siblings, root=None) -> SeedInputs:
    """A seed's inputs (seed.read_inputs), its sidecar found in the folder's listing."""
    path = Path(path)
    sidecar = _key_sidecar(os.fspath(path.parent), path.name, siblings)
    return read_inputs(path, max_bytes, follow_links,
                       sidecar=path.with_name(sidecar) if sidecar else None, root=root)


def _key_sidecar(folder: str, name: str, siblings) -> str | None:
    """The file name of the seed `name`'s sidecar, as the reader's `sidecar_path` finds it."""
    stem = PurePath(name).stem  # as Path.stem, which sidecar_path uses
    for suffix in SUFFIXES:
        if _is_sibling(stem + suffix, os.path.join(folder, stem + suffix), siblings):
            return stem + suffix
    return None


# --- Keys of unchanged seeds, without reading them ---------------------------------------------
#
# Making a key reads and hashes the seed and its sidecar: 0.9 s for 10,000 seeds, on every
# build, before anything else can start. The cache folder keeps, for each seed, the size,
# modification time and inode of the seed and of its sidecar, with the key they gave; a seed
# whose files still show the same is given that key again without being read. As with git's
# index, a file changed within RACY_S of when the record was written may keep its size and
# time stamp, so such files are always read again.

KEY_RECORD = "keys.pickle"
RACY_S = 2.0


def _signature(path: str, siblings, follow_links: bool) -> tuple | None:
    """(name, size, mtime_ns, inode) of the seed and of the sidecar its key reads."""
    folder, name = os.path.split(path)
    sidecar = _key_sidecar(folder, name, siblings)
    names = [name] + ([sidecar] if sidecar else [])
    look = os.stat if follow_links else os.lstat
    try:
        stats = [look(os.path.join(folder, n)) for n in names]
    except OSError:
        return None
    return tuple((n, st.st_size, st.st_mtime_ns, st.st_ino) for n, st in zip(names, stats))


def _keys(paths: list[Path], fingerprint: str, conf: dict, cache: "SeedCache", root=None):
    """({path: key}, {path: SeedInputs}) for every seed: the key from the key record where a
    seed's files are unchanged, else from its bytes, read now (those read are returned: a seed
    is prepared from the very bytes its key was made of). The record is then written again
    for the next build."""
    max_bytes, follow = conf["AKHBAR_MAX_SEED_BYTES"], bool(conf.get("AKHBAR_SEED_LINKS"))
    record_file = os.path.join(cache.folder, KEY_RECORD)
    try:
        with open(record_file, "rb") as handle:
            record = pickle.load(handle)
        if record.get("fingerprint") != fingerprint or record.get("max_bytes") != max_bytes:
            raise ValueError("another code or settings")
        known, racy_ns = record["entries"], int((record["written"] - RACY_S) * 1e9)
        if not isinstance(known, dict):
            raise ValueError("not a record")
    except Exception:   # none yet, damaged, or for other code: every key is made
        known, racy_ns = {}, 0
    listed = _file_names({os.path.dirname(os.fspath(path)) for path in paths})
    keys, read, entries = {}, {}, {}
    for path in paths:
        name = os.fspath(path)
        siblings = listed[os.path.dirname(name)]
        signature = _signature(name, siblings, follow)
        entry = known.get(name)
        if (signature is not None and isinstance(entry, tuple) and len(entry) == 2
                and entry[0] == signature
                and all(mtime < racy_ns for _n, _size, mtime, _ino in signature)):
            key = entry[1]
        else:
            read[path] = inputs = _read(path, max_bytes, follow, siblings, root)
            key = inputs_digest(inputs, fingerprint)
        keys[path] = key
        if key is not None and signature is not None:
            entries[name] = (signature, key)
    record = {"fingerprint": fingerprint, "max_bytes": max_bytes, "written": time.time(),
              "entries": entries}
    try:
        write_atomic(record_file, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        logger.warning("Seed cache %s: key record not written: %s", cache.folder, exc)
    return keys, read


def _is_sibling(name: str, path: str, siblings: tuple[set[str], set[str]] | None) -> bool:
    """Whether the file `name` (at `path`) exists: from the folder's listing when there is one;
    a name listed in another case is asked of the file system, which may ignore case."""
    if siblings is None:
        return os.path.isfile(path)
    exact, lowered = siblings
    if name in exact:
        return True
    return name.lower() in lowered and os.path.isfile(path)


def _file_names(folders) -> dict[str, tuple[set[str], set[str]] | None]:
    """folder -> the names of the files in it, as they are and lower-cased (a folder that
    cannot be listed: None, and each file is looked for on its own)."""
    names = {}
    for folder in folders:
        try:
            with os.scandir(folder or ".") as entries:
                exact = {entry.name for entry in entries if entry.is_file()}
        except OSError:
            names[folder] = None
        else:
            names[folder] = (exact, {name.lower() for name in exact})
    return names


def pickled(prepared: Prepared) -> bytes:
    """The cache's bytes for a prepared seed, without its path: whoever unpickles it knows the
    path already (prepare_all sets it), and a pickled Path is rebuilt part by part, by
    pathlib's parser, on every load."""
    path, prepared.result.path = prepared.result.path, None
    try:
        return pickle.dumps(prepared, protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        prepared.result.path = path


def _prepare_in_worker(args) -> bytes:
    """Prepare one seed in a worker from the bytes the build's process read: the pickle sent
    back is the one the cache stores, made once (the build's process only unpickles it)."""
    path, conf, inputs = args
    return pickled(prepare_seed(path, conf, inputs))


def prepare_all(paths: list[Path], conf: dict, cache: SeedCache, jobs: int, progress=None,
                root=None):
    """({path: Prepared} for every seed, in `paths` order, how many came from the cache);
    `progress(done, from_cache)` is called as seeds are ready. `root`: the seeds folder, where
    the target of a link must lie to be read (AKHBAR_SEED_LINKS)."""
    fingerprint = code_fingerprint(conf) if cache.folder is not None else ""
    keys, read = dict.fromkeys(paths), {}
    if fingerprint:
        found, read = _keys(paths, fingerprint, conf, cache, root)
        keys.update(found)
    prepared: dict[Path, Prepared] = {}
    with memory.loading():
        for path in paths:
            hit = cache.get(keys[path])
            if isinstance(hit, Prepared):
                hit.result.path = path  # the same seed may have been cached from another folder
                prepared[path] = hit
    cache.flush()   # no connection open while the pool is forked
    from_cache = len(prepared)
    missing = [path for path in paths if path not in prepared]
    max_bytes, follow = conf["AKHBAR_MAX_SEED_BYTES"], bool(conf.get("AKHBAR_SEED_LINKS"))
    inputs = {}
    for path in missing:  # read now if the key came from the record: keyed by these bytes
        inputs[path] = read.pop(path, None) or read_inputs(path, max_bytes, follow, root=root)
        if fingerprint:
            keys[path] = inputs_digest(inputs[path], fingerprint)
    read.clear()
    done = from_cache
    if progress and from_cache:
        progress(done, from_cache)
    if len(missing) >= POOL_MIN and jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        # The workers collect (preparing makes and drops cycles) whatever the state of this
        # process's collector, which memory.loading turns off.
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_start,
                                                      initargs=(os.getpid(),)) as pool:
            ready = pool.imap(_prepare_in_worker,
                              ((p, conf, inputs.pop(p)) for p in missing), chunksize=8)
            with memory.loading():  # the workers are forked already, their collector on
                for path, data in zip(missing, ready):
                    prepared[path] = item = pickle.loads(data)
                    item.result.path = path
                    cache.put(keys[path], data)
                    done += 1
                    if progress:
                        progress(done, from_cache)
    else:
        for path in missing:
            prepared[path] = item = prepare_seed(path, conf, inputs.pop(path))
            cache.put(keys[path], pickled(item))
            done += 1
            if progress:
                progress(done, from_cache)
    cache.flush()
    return prepared, from_cache


def _worker_start(parent: int) -> None:
    """A pool worker: its collector on, and it dies with the build (children.py)."""
    memory.collecting()
    die_with_parent(parent)
