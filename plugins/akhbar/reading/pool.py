"""Every seed of a build prepared at once: on every core, and from the cache of earlier builds.

Preparing a seed depends only on its name and bytes, its sidecar, the plugin's code and data
files and a few settings (preparation.py), so each prepared seed is stored in the seed cache
under a key made of all those inputs: the next build prepares only what changed, and a change
to the code, the gazetteer or the boilerplate rules changes every key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import sys
import time
from importlib import metadata as distributions
from pathlib import Path, PurePath

from ..incremental.fingerprint import plugin_code_digest
from ..incremental.seed_cache import SeedCache
from ..system import memory
from ..system.children import die_with_parent
from ..system.files import write_atomic
from .preparation import DATA_SETTINGS, Prepared, prepare_seed
from .seed import SeedInputs, inputs_digest, read_inputs
from .sidecar import SUFFIXES

logger = logging.getLogger(__name__)

# Fewer seeds than this to prepare are prepared in this process: starting workers costs more.
POOL_MIN = 16
CACHE_FORMAT = 4

# --- Every seed of a build ---------------------------------------------------------------------


def _pelican_version() -> str:
    return distributions.version("pelican")


def code_fingerprint(conf: dict) -> str:
    """Everything besides the seed that a prepared seed depends on: the plugin's code, its data
    files, the settings above, and the Python and Pelican versions."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}|{sys.version}|{_pelican_version()}|".encode())
    digest.update(json.dumps(conf, sort_keys=True, default=str).encode())
    digest.update(plugin_code_digest().encode())
    for name in DATA_SETTINGS:
        path = Path(conf[name]) if conf.get(name) else None
        digest.update(path.read_bytes() if path and path.is_file() else b"-")
    return digest.hexdigest()


def seed_key(path: Path, fingerprint: str, max_bytes: int,
             siblings: tuple[set[str], set[str]] | None = None,
             follow_links: bool = False, root=None) -> str | None:
    """The cache key of a seed (None: not cached, e.g. a file over the size limit), from its
    bytes and its sidecar's as they are read now. `siblings`: the names of the files in the
    seed's folder, as they are and lower-cased, when the caller has listed it (file_names:
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
# Making a key reads and hashes the seed and its sidecar: every seed, on every build, before
# anything else can start. The cache folder keeps, for each seed, the size, modification time
# and inode of the seed and of its sidecar, with the key they gave; a seed whose files still
# show the same is given that key again without being read. As with git's index, a file changed
# within RACY_S of when the record was written may keep its size and time stamp, so such files
# are always read again.

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
    return tuple((n, st.st_size, st.st_mtime_ns, st.st_ino)
                 for n, st in zip(names, stats, strict=True))


def _keys(paths: list[Path], fingerprint: str, conf: dict, cache: SeedCache, root=None):
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
    except Exception:  # noqa: BLE001 - none yet, damaged, or for other code: every key is made
        known, racy_ns = {}, 0
    listed = file_names({os.path.dirname(os.fspath(path)) for path in paths})
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


def file_names(folders) -> dict[str, tuple[set[str], set[str]] | None]:
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
                for path, data in zip(missing, ready, strict=True):
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
