"""The search index: Pagefind over the finished article pages, while the rest is written.

Pagefind reads the built pages: only article pages carry `data-pagefind-body` (so navigation and
listing pages stay out of the index), their filters and metadata are data attributes written by
the theme. Each language tree gets its own bundles (`pagefind/`, `en/pagefind/`), indexed from its
own article pages. Run through the `pagefind` package's own binary (PyPI `pagefind[bin]`): no
download.

Pagefind holds every page it indexes in memory, so a large archive is indexed in shards of at most
AKHBAR_SEARCH_SHARD_PAGES article pages, one Pagefind at a time while the trees are written (two at
once after, RUNS_AFTER_WRITING): `pagefind/` holds the first shard, `pagefind-2/`, `pagefind-3/`
... the next, and the search page merges them in the browser (Pagefind's `mergeIndex`). A shard is
a run of consecutive articles in writing order, so its Pagefind can start as soon as its pages are
written; where a run ends is decided by the ids at its end (`shards`), so adding or deleting an
article re-indexes one shard, not every shard after it.

A shard indexed again (an edited story's) starts from the files of its previous bundle: Pagefind
names its word indexes and page fragments after their content and does not write a file that is
already there, so linking the previous bundle's into the new folder first spares it compressing
again every one that did not change (compressing is much of its work). Such a file is used only
once its content is checked against its name (a short hash: two contents may share one), and what
the new bundle does not name is deleted, so the bundle is the same, byte for byte, as one indexed
from nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import stat
from pathlib import Path

import cbor2

from ..system.files import read_regular

SIGNATURE = b"pagefind_dcd"
# The most a bundle file may hold: more is no file Pagefind wrote.
MAX_FILE_BYTES = 1 << 28


class SearchIndexError(RuntimeError):
    pass


# Where shards end (content-defined, as in rsync or restic): after an article whose id hashes
# below a threshold, once the shard holds MIN_SHARE of `size`. Each article after the minimum
# ends its shard with probability 1 / (CUT_SHARE * size), so shards hold about 0.77 * size
# articles on average (9 shards of 10,000 at 1,500). A shard that reaches `size` first ends
# after the lowest hash past its minimum: chosen by the ids too, not by the count. Shards of
# fewer than CONTENT_CUTS_FROM articles (tests, a tiny machine) are plain runs of `size`: the
# odds are too coarse there to cut by content.
MIN_SHARE = 0.6
CUT_SHARE = 0.2
CONTENT_CUTS_FROM = 100


def _hash(article_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest(),
                          "big")


def shards(ids: list[str], size: int) -> list[list[str]]:
    """Article ids cut into runs of at most `size` (0: one run of all), in the given order.

    Where a run ends depends on the ids around the cut, not on how many came before: an
    article added or deleted changes its own run (now and then the next), not every run after
    it, so a rebuild re-indexes one shard instead of half of them. An archive of at most
    `size` articles is one run."""
    if not ids:
        return []
    if size <= 0 or len(ids) <= size:
        return [list(ids)]
    if size < CONTENT_CUTS_FROM:
        return [list(ids[k:k + size]) for k in range(0, len(ids), size)]
    shortest = max(1, int(size * MIN_SHARE))
    threshold = (1 << 64) // max(1, int(size * CUT_SHARE))
    hashes = {article_id: _hash(article_id) for article_id in ids}
    runs, run = [], []
    for article_id in ids:
        run.append(article_id)
        if len(run) >= shortest and hashes[article_id] < threshold:
            runs.append(run)
            run = []
        elif len(run) >= size:
            end = min(range(shortest - 1, size), key=lambda k: (hashes[run[k]], k)) + 1
            runs.append(run[:end])
            run = run[end:]
    if run:
        runs.append(run)
    return runs


def bundle_name(number: int) -> str:
    """The folder of shard `number` (1-based), relative to its tree: `pagefind/`, `pagefind-2/`."""
    return "pagefind/" if number == 1 else f"pagefind-{number}/"


def article_glob(seed_url: str, ids: list[str]) -> str:
    """A Pagefind glob matching exactly these articles' pages (ids are ASCII letters, digits
    and hyphens: see seed.seed_id)."""
    return seed_url.format(id="{" + ",".join(ids) + "}") + "index.html"


def _bytes(path: Path) -> bytes:
    """A bundle file's bytes: a regular file, not through a link (files.read_regular)."""
    return read_regular(path, MAX_FILE_BYTES)


def _read(path: Path):
    data = gzip.decompress(_bytes(path))
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{path.name}: not a Pagefind index file")
    return cbor2.loads(data[len(SIGNATURE):])


def write_index_file(folder: Path, stem: str, suffix: str, value, digits: int) -> str:
    """Write `value` as a Pagefind file named after its content; return its hash name."""
    payload = SIGNATURE + cbor2.dumps(value, canonical=True)
    name = f"{stem}_{hashlib.sha256(payload).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(payload, mtime=0))
    return name


def make_deterministic(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, file_hash in meta[3]:
            old = bundle / "filter" / f"{file_hash}.pf_filter"
            filter_name, values = _read(old)
            new = write_index_file(bundle / "filter", lang, ".pf_filter",
                         [filter_name, sorted(values, key=lambda v: v[0])], 7)
            if new != file_hash:
                old.unlink()
            filters.append([name, new])
        meta[3] = sorted(filters)
        meta_name = write_index_file(bundle, f"pagefind.{lang}", ".pf_meta", meta, 10)
        if bundle / f"{meta_name}.pf_meta" != meta_path:
            meta_path.unlink()
        info["hash"] = meta_name.removeprefix("pagefind.")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")


# --- Starting from the previous bundle --------------------------------------------------------
# Pagefind writes a content-named file (meta, fragment, word index, filter) only when no file of
# that name is in the output folder. Its names are the first characters of a SHA-1 in hex (each
# byte without its leading zero, as Pagefind prints it), of the file's content before it is
# gzipped behind the signature. Our filters and metas (make_deterministic) are named otherwise,
# and are never linked: only fragments and word indexes are.
LINKED_FOLDERS = ("fragment", "index")
CONTENT_NAMED = {"fragment": ".pf_fragment", "index": ".pf_index", "filter": ".pf_filter"}


def link_unchanged(seed: Path, bundle: Path) -> str | None:
    """Link the fragments and word indexes of the bundle `seed` into the folder `bundle`
    (copy them where the file system has no hard links); return the Pagefind version that
    made them (None: not a bundle, nothing linked). Pagefind never writes into a file that is
    there, so the previous build's copy stays as it was. A seed deleted meanwhile (the
    previous output is discarded at the end of the build) leaves what was linked so far."""
    version = entry_version(seed)
    if version is None:
        return None
    for sub in LINKED_FOLDERS:
        target = bundle / sub
        try:
            if not stat.S_ISDIR(os.lstat(seed / sub).st_mode):  # a link: never followed
                continue
            target.mkdir(parents=True, exist_ok=True)
            with os.scandir(seed / sub) as entries:
                names = [entry.name for entry in entries if entry.is_file(follow_symlinks=False)]
        except OSError:
            continue
        for name in names:
            try:
                os.link(seed / sub / name, target / name)
            except FileExistsError:
                pass
            except FileNotFoundError:
                break
            except OSError:  # no hard links here
                try:
                    shutil.copyfile(seed / sub / name, target / name)
                except OSError:
                    break
    return version


def entry_version(bundle: Path) -> str | None:
    try:
        return json.loads(_bytes(bundle / "pagefind-entry.json"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def content_named_files(bundle: Path) -> set[str]:
    """The content-named files in a bundle folder, as paths relative to it."""
    found = set()
    try:
        with os.scandir(bundle) as entries:
            found.update(e.name for e in entries if e.name.endswith(".pf_meta") and e.is_file())
    except OSError:
        return found
    for sub, suffix in CONTENT_NAMED.items():
        try:
            with os.scandir(bundle / sub) as entries:
                found.update(f"{sub}/{e.name}" for e in entries
                             if e.name.endswith(suffix) and e.is_file())
        except OSError:
            pass
    return found


def bundle_files(bundle: Path) -> set[str]:
    """The content-named files a bundle uses: the meta of each language its entry file names,
    and the fragments, word indexes and filters each meta names."""
    entry = json.loads(_bytes(bundle / "pagefind-entry.json"))
    used = set()
    for info in entry["languages"].values():
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        used.add(meta_name)
        meta = _read(bundle / meta_name)
        used.update(f"fragment/{page[0]}.pf_fragment" for page in meta[1])
        used.update(f"index/{chunk[2]}.pf_index" for chunk in meta[2])
        used.update(f"filter/{name[1]}.pf_filter" for name in meta[3])
    return used


def bundle_is_whole(bundle: Path) -> bool:
    """Whether every file a bundle's entry and metas name is there (a Pagefind killed or
    raced with, or a file deleted by hand, leaves a bundle that cannot search): a bundle kept
    from the previous build must be."""
    try:
        used = bundle_files(bundle)
    except Exception:  # noqa: BLE001 - unreadable, cut short, not a bundle: not whole
        return False
    folders = [sub for sub in (*LINKED_FOLDERS, "filter") if os.path.lexists(bundle / sub)]
    return (all(stat.S_ISDIR(os.lstat(bundle / sub).st_mode) for sub in folders)
            and all(_regular(bundle / name)
                    for name in (*used, "pagefind.js", "pagefind-worker.js")))


def _regular(path: Path) -> bool:
    """A regular file, not a link (what a link shows is not the bundle's)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def holds_its_name(path: Path) -> bool:
    """Whether a file Pagefind found in place holds the content its name is a hash of."""
    stem = path.name.split(".pf_")[0].removeprefix("pagefind.")
    expected = stem.rpartition("_")[2]
    try:
        data = gzip.decompress(_bytes(path))
    except (OSError, EOFError, gzip.BadGzipFile, ValueError):
        return False
    if not expected or not data.startswith(SIGNATURE):
        return False
    named = "".join(format(byte, "x") for byte in hashlib.sha1(data[len(SIGNATURE):]).digest())
    return named.startswith(expected)


def delete_unused(bundle: Path) -> int:
    """Delete the content-named files the bundle does not use (what the previous bundle held
    of an edited page); return how many it uses."""
    used = bundle_files(bundle)
    for name in content_named_files(bundle) - used:
        (bundle / name).unlink()
    return len(used)
