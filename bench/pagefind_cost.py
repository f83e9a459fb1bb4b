"""What a Pagefind index costs: its size on disk, and the bytes a browser fetches for one query.

    .venv/bin/python bench/pagefind_cost.py OUT [--lang ar] [--query لافروف] [--results 50]

Pagefind writes its files already gzip-compressed (a server sends them as they are), so file
sizes are transfer sizes. The index files are gzip + "pagefind_dcd" + CBOR; this module decodes
just enough of them (a minimal CBOR reader, no dependency) to follow a query the way Pagefind's
JavaScript does:

A sharded index (pagefind/, pagefind-2/ ...) is merged in the browser: the scripts and the
WebAssembly come once, and steps 1 (entry and metadata), 2 and 3 are repeated for every bundle.

1. always: pagefind.js, pagefind-entry.json, the language's WebAssembly (wasm.<lang>.pagefind)
   and its metadata (pagefind.<lang>_<hash>.pf_meta); pagefind-worker.js when it exists (1.5
   searches in a worker); the site's own search script when given (--extra);
2. pagefind.filters(), which the Akhbar search page calls on load: every filter chunk of the
   language;
3. per query word: the one index chunk whose [from, to] word range holds it;
4. result.data() for the first --results results (the Akhbar page shows 50): one fragment each.

Words are looked up as typed (lower-cased) and by prefix, as Pagefind does for the last word; it
also stems words, which this reader cannot (no stemmer here), so the hit count is what the
unstemmed word finds, and the fragment bytes are the mean fragment size of the language times
the number of results shown. All of it is an estimate of the order of magnitude, to the
byte for the fixed part and the chunks.
"""

from __future__ import annotations

import argparse
import gzip
import json
import struct
import sys
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


# --- a minimal CBOR reader (RFC 8949: the major types Pagefind uses) --------------------------

def _cbor(data: bytes, pos: int = 0):
    initial = data[pos]
    major, info = initial >> 5, initial & 31
    pos += 1
    if info < 24:
        value = info
    elif info == 24:
        value = data[pos]
        pos += 1
    elif info == 25:
        value = struct.unpack_from(">H", data, pos)[0]
        pos += 2
    elif info == 26:
        value = struct.unpack_from(">I", data, pos)[0]
        pos += 4
    elif info == 27:
        value = struct.unpack_from(">Q", data, pos)[0]
        pos += 8
    elif info == 31:
        value = None  # indefinite length
    else:
        raise ValueError(f"CBOR: unsupported additional info {info} at {pos - 1}")
    if major == 0:
        return value, pos
    if major == 1:
        return -1 - value, pos
    if major in (2, 3):
        if value is None:
            raise ValueError("CBOR: indefinite strings are not supported")
        raw = data[pos:pos + value]
        return (raw if major == 2 else raw.decode("utf-8")), pos + value
    if major == 4:
        items = []
        if value is None:
            while data[pos] != 0xFF:
                item, pos = _cbor(data, pos)
                items.append(item)
            return items, pos + 1
        for _ in range(value):
            item, pos = _cbor(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        result = {}
        count = value if value is not None else 1 << 62
        while count and not (value is None and data[pos] == 0xFF):
            key, pos = _cbor(data, pos)
            result[key], pos = _cbor(data, pos)
            count -= 1
        return result, pos + (1 if value is None else 0)
    if major == 6:  # tag: the tagged item
        return _cbor(data, pos)
    if major == 7:
        return {20: False, 21: True, 22: None}.get(info, value), pos
    raise ValueError(f"CBOR: major type {major}")


def read_pagefind_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path}: not a Pagefind file")
    return _cbor(data, len(SIGNATURE))[0]


# --- the index -------------------------------------------------------------------------------

def dir_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for f in path.rglob("*"):
        if f.is_file():
            total += f.stat().st_size
            files += 1
    return total, files


def bundle_paths(output: Path, lang: str) -> list[Path]:
    """A tree's bundles, primary first: en/pagefind/ (and en/pagefind-2/ ... when the index is
    sharded) for English when it exists, else the site's pagefind/ (pagefind-2/ ...)."""
    primary = output / lang / "pagefind" / "pagefind-entry.json"
    tree = output / lang if primary.exists() else output
    shards = sorted((p for p in tree.glob("pagefind-*") if p.name[len("pagefind-"):].isdigit()),
                    key=lambda p: int(p.name[len("pagefind-"):]))
    return [tree / "pagefind", *shards]


def query_cost(bundles: Path | list[Path], lang: str, words: list[str], results: int = 50,
               extra: list[Path] | None = None) -> dict:
    """Bytes fetched for one query in `lang`, itemised, over a tree's bundles (merged in the
    browser: the scripts and WebAssembly come once, from the primary bundle; every bundle's
    entry, metadata, filters and the chunks holding the words are fetched)."""
    bundles = [bundles] if isinstance(bundles, Path) else list(bundles)
    fixed: dict[str, int] = {}
    filters_n = filter_bytes = chunk_bytes = chunks_total = chunks_loaded = 0
    pages_total, hits_total, fragment_sizes = 0, 0, []
    for number, bundle in enumerate(bundles):
        entry = json.loads((bundle / "pagefind-entry.json").read_text())
        info = entry["languages"].get(lang)
        if info is None:
            raise ValueError(f"no '{lang}' index in {bundle} (has {sorted(entry['languages'])})")
        where = "" if number == 0 else f"{bundle.name}/"
        names = ["pagefind-entry.json"]
        if number == 0:
            names += ["pagefind.js", "pagefind-worker.js"]
            wasm = bundle / f"wasm.{info['wasm']}.pagefind"
            fixed[wasm.name] = wasm.stat().st_size
        for name in names:
            if (bundle / name).exists():
                fixed[where + name] = (bundle / name).stat().st_size
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        fixed[where + meta_path.name] = meta_path.stat().st_size

        meta = read_pagefind_file(meta_path)
        # MetaIndex: [version, pages [[hash, word_count]], index_chunks [[from, to, hash]],
        #             filters [[name, hash]], sorts [...]] (minicbor arrays, in this order)
        pages, chunks, filters = meta[1], meta[2], meta[3]
        pages_total += len(pages)
        chunks_total += len(chunks)
        filters_n += len(filters)
        for flt in filters:
            filter_bytes += (bundle / "filter" / f"{flt[1]}.pf_filter").stat().st_size
        hits, loaded = set(), []
        for word in words:
            key = word.lower()
            for start, end, chash in chunks:
                # Chunk bounds are word prefixes: 'افروف' is in the chunk that ends at 'افرو'.
                if start <= key and (key <= end or key.startswith(end)):
                    path = bundle / "index" / f"{chash}.pf_index"
                    if chash not in loaded:
                        loaded.append(chash)
                        chunk_bytes += path.stat().st_size
                    hits |= _pages_with(read_pagefind_file(path), key)
                    break
        chunks_loaded += len(loaded)
        hits_total += len(hits)
        fragment_sizes += [f.stat().st_size
                           for f in (bundle / "fragment").glob(f"{lang}_*.pf_fragment")]
    for path in extra or []:
        if path.exists():
            fixed[path.name] = path.stat().st_size
    mean_fragment = sum(fragment_sizes) / len(fragment_sizes) if fragment_sizes else 0
    shown = min(results, hits_total)
    fragment_bytes = round(shown * mean_fragment)
    total = sum(fixed.values()) + filter_bytes + chunk_bytes + fragment_bytes
    return {
        "lang": lang, "query": " ".join(words), "bundles": len(bundles),
        "pages_in_index": pages_total,
        "fixed": fixed, "fixed_bytes": sum(fixed.values()),
        "filter_chunks": filters_n, "filter_bytes": filter_bytes,
        "index_chunks_total": chunks_total, "index_chunks_loaded": chunks_loaded,
        "index_chunk_bytes": chunk_bytes,
        "hits_unstemmed": hits_total, "results_shown": shown,
        "mean_fragment_bytes": round(mean_fragment), "fragment_bytes": fragment_bytes,
        "total_bytes": total,
    }


def _pages_with(chunk, key: str) -> set[int]:
    """Page numbers of the words in an index chunk that equal or start with key.

    IndexChunk (1.x): [words [[word, [[page delta, [locations], [...]], ...], [...]], ...]]: page
    numbers are delta-encoded within a word. The shape is probed loosely, so a format change
    gives no hits rather than an error."""
    found: set[int] = set()
    try:
        for item in chunk[0]:
            word, pages = item[0], item[1]
            if isinstance(word, str) and (word == key or word.startswith(key)):
                page = 0
                for entry in pages:
                    page += entry[0] if isinstance(entry, list) else entry
                    found.add(page)
    except (IndexError, TypeError, KeyError):
        pass
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="a built site (holding pagefind/)")
    parser.add_argument("--lang", default="ar")
    parser.add_argument("--query", default="لافروف")
    parser.add_argument("--results", type=int, default=50)
    args = parser.parse_args()
    bundles = bundle_paths(args.output, args.lang)
    if not (bundles[0] / "pagefind-entry.json").exists():
        print(f"no Pagefind index in {bundles[0]}", file=sys.stderr)
        return 1
    sizes = [dir_size(bundle) for bundle in bundles]
    print(f"index: {sum(s for s, _ in sizes):,} bytes in {sum(f for _, f in sizes):,} files, "
          f"{len(bundles)} bundle(s)")
    cost = query_cost(bundles, args.lang, args.query.split(), args.results,
                      [args.output / "theme" / "js" / "search.js"])
    print(json.dumps(cost, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
