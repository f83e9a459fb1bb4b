"""How the entity index's cost grows with the archive: `entity_index.related_stories` and the
entity/topic statistics, timed alone on the real entity lists of a built site.

    .venv/bin/python bench/related_scaling.py /tmp/akhbar-bench/out-akhbar-5000 \
        --sizes 500,1000,2000,5000

The stories are rebuilt from OUT/report.json (each published article's id, date and entity
ids), so the figures are for the same entity mix the benchmark built; the first N articles by
file name are taken for each size. Uses the plugin in plugins/ (or --code DIR/plugins).
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]


def stories_from_report(report: dict) -> list:
    stories = []
    for entry in report["articles"]:
        if entry["status"] != "published":
            continue
        day = datetime.date.fromisoformat(entry["date"]) if entry["date"] else None
        when = datetime.datetime(*(day.timetuple()[:3] if day else (1000, 1, 1)),
                                 tzinfo=datetime.UTC)
        original = SimpleNamespace(entities=entry.get("entities", []),
                                   topics=entry.get("topics", []), date=when, undated=day is None)
        sid = entry["url"].rstrip("/").rsplit("/", 1)[-1]
        stories.append(SimpleNamespace(id=sid, original=original, undated=day is None))
    return stories


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="a built site with report.json")
    parser.add_argument("--sizes", default="500,1000,2000,5000")
    parser.add_argument("--code", type=Path, default=ROOT, help="folder holding plugins/")
    parser.add_argument("--save", action="store_true",
                        help="add the figures to bench/results.json and rewrite RESULTS.md")
    args = parser.parse_args()
    rows = []
    sys.path.insert(0, str(args.code / "plugins"))
    from akhbar.names import entity_index

    stories = stories_from_report(json.loads((args.output / "report.json").read_text()))
    print(f"{len(stories):,} stories, "
          f"{sum(len(s.original.entities) for s in stories) / len(stories):.1f} entities each")
    print(f"{'N':>7} {'related_stories':>16} {'per story':>10} {'pairs scored':>14}"
          f" {'entity+topic stats':>19}")
    previous = None
    for n in [int(x) for x in args.sizes.split(",")]:
        subset = stories[:n]
        if len(subset) < n:
            break
        t0 = time.perf_counter()
        entity_index.related_stories(subset)
        related = time.perf_counter() - t0
        # the work the scoring loop does: for each story, the postings of each of its entities
        postings: dict[str, int] = {}
        for story in subset:
            for eid in set(story.original.entities):
                postings[eid] = postings.get(eid, 0) + 1
        pairs = sum(postings[e] for s in subset for e in set(s.original.entities)
                    if postings[e] < n)
        gazetteer = SimpleNamespace(entities=dict.fromkeys(postings),
                                    topics={t: None for s in subset for t in s.original.topics})
        t0 = time.perf_counter()
        entity_index.build_entity_index(subset, gazetteer)
        entity_index.build_topic_index(subset, gazetteer)
        stats = time.perf_counter() - t0
        growth = (f"  (x{related / previous[1]:.1f} for x{n / previous[0]:.1f} stories)"
                  if previous else "")
        print(f"{n:>7,} {related:>14.2f} s {related / n * 1000:>7.1f} ms {pairs:>14,}"
              f" {stats:>17.2f} s{growth}")
        previous = (n, related)
        rows.append({"n": n, "related_s": round(related, 2), "pairs": pairs,
                     "stats_s": round(stats, 2)})
    if args.save:
        sys.path.insert(0, str(ROOT / "bench"))
        from run import save_experiment
        save_experiment("related_scaling", {"site": str(args.output), "rows": rows})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
