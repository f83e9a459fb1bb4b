"""The search index: Pagefind over the finished output, as the last step of every build.

Pagefind reads the built pages: only article pages carry `data-pagefind-body` (so navigation and
listing pages stay out of the index), their filters and metadata are data attributes written by
the theme. Each language tree gets its own bundle (`pagefind/`, `en/pagefind/`), indexed from its
own article pages as soon as they are written. Run through the `pagefind` package's own binary
(PyPI `pagefind[bin]`): no download.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"


class SearchIndexError(RuntimeError):
    pass


class SearchJob:
    """Pagefind indexing one language tree in the background into `<tree>/pagefind/`, started
    once the tree's article pages are written, so it runs while the rest is written."""

    def __init__(self, output: Path, tree, article_glob: str):
        self.tree, self.site = tree, output / tree.prefix if tree.prefix else output
        self.bundle = self.site / "pagefind"
        self.started = time.monotonic()
        # Article pages only (listings carry no data-pagefind-body), of this tree only.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(self.site), "--glob",
             article_glob, "--quiet"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def finish(self) -> float:
        """Wait for Pagefind, make its files byte-stable; return the seconds it took."""
        out, err = self.process.communicate()
        if self.process.returncode != 0:
            raise SearchIndexError(
                f"Pagefind failed on {self.site} (exit {self.process.returncode}): "
                f"{(err or out).strip()}"
            )
        if not (self.bundle / "pagefind.js").is_file():
            raise SearchIndexError(f"Pagefind wrote no index into {self.bundle}")
        make_deterministic(self.bundle)
        return time.monotonic() - self.started


# --- Byte-identical builds ------------------------------------------------------------------
# Pagefind writes its filter indexes from a hash map, so their order (and with it their file
# names, the metadata file that lists them and pagefind-entry.json) changes from run to run
# (Pagefind issue #638; its word indexes and fragments are stable). The files are gzipped CBOR
# after a signature: we sort what is unordered, re-encode, and name each file after its content.


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{path.name}: not a Pagefind index file")
    return cbor2.loads(data[len(SIGNATURE):])


def _write(folder: Path, stem: str, suffix: str, value, digits: int) -> str:
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
            new = _write(bundle / "filter", lang, ".pf_filter",
                         [filter_name, sorted(values, key=lambda v: v[0])], 7)
            if new != file_hash:
                old.unlink()
            filters.append([name, new])
        meta[3] = sorted(filters)
        meta_name = _write(bundle, f"pagefind.{lang}", ".pf_meta", meta, 10)
        if bundle / f"{meta_name}.pf_meta" != meta_path:
            meta_path.unlink()
        info["hash"] = meta_name.removeprefix("pagefind.")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
