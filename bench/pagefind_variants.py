"""Pagefind alone over a built site, as the plugin runs it and with narrower inputs.

    .venv/bin/python bench/pagefind_variants.py /tmp/akhbar-bench/out-akhbar-1000

Runs `python -m pagefind` (the same binary the plugin uses) over OUT three ways, each writing
into its own temporary folder (OUT is not changed), and reports wall time, CPU time, peak memory
(wait4 rusage) and index size:

* as built: every HTML page of the site (what the plugin does: Pagefind reads every page and
  indexes those with data-pagefind-body, the article pages);
* article pages only: --glob limited to articles/*/index.html and en/articles/*/index.html, so
  the entity, topic, archive and section pages are never read;
* Arabic-tree article pages only: articles/*/index.html: an estimate of indexing each story
  once, in its own language, instead of also its English-tree page (which, for an untranslated
  story, holds the same Arabic text under the English interface).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from pagefind_cost import dir_size  # noqa: E402
from run import PYTHON, measure, save_experiment  # noqa: E402

VARIANTS = {
    "as built (every page)": [],
    "article pages only": ["--glob", "{articles,en/articles}/*/index.html"],
    "Arabic-tree article pages only": ["--glob", "articles/*/index.html"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--save", action="store_true",
                        help="add the figures to bench/results.json and rewrite RESULTS.md")
    args = parser.parse_args()
    html = sum(1 for _ in args.output.rglob("*.html"))
    print(f"{args.output}: {html:,} HTML files")
    rows = []
    with tempfile.TemporaryDirectory(prefix="pagefind-variants-") as tmp:
        for label, extra in VARIANTS.items():
            target = Path(tmp) / "index"
            cmd = [PYTHON, "-m", "pagefind", "--site", str(args.output), "--output-path",
                   str(target), "--quiet", *extra]
            m = measure(cmd, Path(tmp) / "log.txt", args.timeout)
            size, files = dir_size(target) if target.exists() else (0, 0)
            print(f"{label:32} {m['wall_s']:7.1f} s wall {m['cpu_s']:7.1f} s CPU "
                  f"{m['maxrss_mb']:7.0f} MB peak  index {size / 2**20:6.1f} MiB in {files:,} files"
                  f"  (load {m['load_before'][0]:.1f}, exit {m['returncode']})")
            rows.append({"variant": label, "wall_s": m["wall_s"], "cpu_s": m["cpu_s"],
                         "maxrss_mb": m["maxrss_mb"], "index_bytes": size, "index_files": files,
                         "load": m["load_before"][0], "returncode": m["returncode"]})
            shutil.rmtree(target, ignore_errors=True)
    if args.save:
        save_experiment(f"pagefind_variants_{args.output.name}",
                        {"site": str(args.output), "html_files": html, "rows": rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
