"""Measure the reader on a real corpus: headlines, dates and lost stories against known truth.

    .venv/bin/python bench/real_corpus.py /tmp/realcorpus/saudinewsnet --count 3000

RECORDS is a published news dataset as received: a folder of JSON files (each a list of
records; SaudiNewsNet's daily `YYYY-MM-DD.json`, or the `.zip` files holding them), one `.json`
file (a list), or a `.jsonl` file. Common field names are recognised: `title`/`headline`,
`content`/`text`/`body`/`article`, `date`/`published`/`date_published`/`date_extracted`,
`author`/`byline`, `source`/`outlet`, `url`/`link`. The data stays where it is (outside the
repository); the script writes under `--work` (default /tmp/realcorpus/run):

    WORK/records.jsonl           the records measured, verbatim, with the seed each became
    WORK/seeds-<variant>/        one seed per record, as a scraper leaves it, no sidecar
    WORK/out-<variant>[-text]/   the site a real build made of them (its report.json is read)
    WORK/results.json            every figure below, and every miss (file, truth, what we got)
    WORK/build-*.log             Pelican's output

Variants of the seed text (`--variants`):

* `plain`: the headline line, a blank line, the body as received (`<headline>\\n\\n<body>`);
* `byline`: the same with the record's author line under the headline, as the outlet's page
  shows it (`<headline>\\n<author>\\n\\n<body>`), for records that have one (the others are
  written as in `plain`). Only when the dataset has an author field: nothing is made up.

Each variant is built by Pelican with the project's pelican.conf.py, as `invoke build` starts
it (tasks.pelican_command), with the seed cache and the search index off, and with
`--text-dates` once more with AKHBAR_DATES_FROM_TEXT = True (the old behaviour) for comparison.
Builds run one after another.

What is measured, per build, from report.json:

* lost: seeds whose status is not "published", with the reason the report gives;
* headline right: the report's title equals the record's title once runs of white space are
  made one space; misses are sorted into kinds with the reader's own view of the seed
  (reading.seed.read_seed, in this process: the kicker, the byline, what was removed);
* dates: of the dates shown, how many equal the record's date, how many are within a day of
  it (a crawl stamp can be a day off the story's date); how many stories are undated; how many
  have a `date_candidate` and how often it is right.

A record with an empty title or an empty body is not measured (counted and said): its truth
is missing, not the reader's. Records holding control characters (U+0000-U+001F but tab and
line ends, DEL) are always taken into the sample, so that "no story lost to control characters"
is measured on all of them; the rest of the sample is drawn at random (`--seed`).
"""

from __future__ import annotations

import argparse
import collections
import datetime
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

TITLE_KEYS = ("title", "headline", "head_line")
BODY_KEYS = ("content", "text", "body", "article", "maintext")
DATE_KEYS = ("date", "published", "pubDate", "datePublished", "date_published", "date_publish",
             "date_extracted")
AUTHOR_KEYS = ("author", "byline", "authors")
SOURCE_KEYS = ("source", "outlet", "site", "publisher", "source_domain")
URL_KEYS = ("url", "link")

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


# --- records ------------------------------------------------------------------------------

def _field(record: dict, keys) -> str:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = "، ".join(str(v) for v in value if v)
        if value:
            return str(value)
    return ""


def _json_records(name: str, data: bytes) -> list[tuple[str, int, dict]]:
    text = data.decode("utf-8")
    if name.endswith(".jsonl"):
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = json.loads(text)
        if isinstance(rows, dict):  # {"articles": [...]} and the like
            rows = next((v for v in rows.values() if isinstance(v, list)), [])
    return [(name, i, row) for i, row in enumerate(rows) if isinstance(row, dict)]


def load_records(path: Path) -> list[tuple[str, int, dict]]:
    """(file name, position in it, the record as received) for every record under `path`.
    In a folder, a `.json` file is read rather than the `.zip` of the same name."""
    path = Path(path)
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    found = []
    names = {f.name for f in files}
    for file in files:
        if file.suffix in (".json", ".jsonl"):
            found += _json_records(file.name, file.read_bytes())
        elif file.suffix == ".zip" and file.stem + ".json" not in names:
            with zipfile.ZipFile(file) as archive:
                for member in sorted(archive.namelist()):
                    if member.endswith((".json", ".jsonl")):
                        found += _json_records(Path(member).name, archive.read(member))
    return found


def true_date(record: dict) -> datetime.date | None:
    match = ISO_DAY.search(_field(record, DATE_KEYS))
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def norm(text: str | None) -> str:
    """White space made single spaces; control characters dropped, as the reader drops them
    (issue 27, part 3: a headline that held a U+001A is right without it)."""
    return " ".join(CONTROL.sub("", text or "").split())


def select(records, count: int, seed: int,
           outlets: set[str] | None = None) -> tuple[list, collections.Counter]:
    """The records measured: every usable one with control characters, the rest at random
    (only those of `outlets`, when given)."""
    skipped = collections.Counter()
    usable = []
    for item in records:
        record = item[2]
        if outlets and _field(record, SOURCE_KEYS) not in outlets:
            continue
        if not norm(_field(record, TITLE_KEYS)):
            skipped["no title in the record"] += 1
        elif not norm(_field(record, BODY_KEYS)):
            skipped["no body in the record"] += 1
        else:
            usable.append(item)
    controlled = [it for it in usable
                  if CONTROL.search(_field(it[2], TITLE_KEYS) + _field(it[2], BODY_KEYS))]
    taken = {id(it) for it in controlled}
    others = [it for it in usable if id(it) not in taken]
    rest = max(0, count - len(controlled))
    picked = controlled + random.Random(seed).sample(others, min(rest, len(others)))
    order = {id(it): n for n, it in enumerate(records)}
    picked.sort(key=lambda it: order[id(it)])
    return picked, skipped


# --- seeds --------------------------------------------------------------------------------

def seed_name(n: int, record: dict) -> str:
    key = _field(record, URL_KEYS) or (_field(record, TITLE_KEYS) + _field(record, BODY_KEYS))
    return f"{n:05d}_{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}.txt"


def seed_text(record: dict, variant: str) -> str:
    """The seed as a scraper leaves it: the headline line and the body as received."""
    title, body = _field(record, TITLE_KEYS), _field(record, BODY_KEYS)
    author = _field(record, AUTHOR_KEYS)
    if variant == "byline" and norm(author):
        return f"{title}\n{author}\n\n{body}"
    return f"{title}\n\n{body}"


def write_seeds(picked, folder: Path, variant: str) -> dict[str, dict]:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    by_name = {}
    for n, (_file, _pos, record) in enumerate(picked):
        name = seed_name(n, record)
        (folder / name).write_bytes(seed_text(record, variant).encode("utf-8"))
        by_name[name] = record
    return by_name


# --- builds -------------------------------------------------------------------------------

def build(seeds: Path, out: Path, log: Path, text_dates: bool, jobs: int) -> float:
    from tasks import pelican_command

    if out.exists():  # only ever a folder this script made under --work
        shutil.rmtree(out)
    extra = {"AKHBAR_CACHE_PATH": "", "AKHBAR_SEARCH": False, "AKHBAR_JOBS": jobs,
             "AKHBAR_LOG_WARNINGS": 0}
    if text_dates:
        extra["AKHBAR_DATES_FROM_TEXT"] = True
    cmd = pelican_command(str(seeds), str(out), extra=extra)
    start = time.monotonic()
    with log.open("wb") as handle:
        done = subprocess.run(cmd, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, check=False)
    took = time.monotonic() - start
    if done.returncode != 0:
        raise SystemExit(f"the build failed (exit {done.returncode}): see {log}")
    return took


# --- measuring ----------------------------------------------------------------------------

def _lines(text: str, count: int = 5) -> list[str]:
    return [line for line in text.split("\n") if line.strip()][:count]


def _reader_view(path: Path):
    from plugins.akhbar.reading.seed import read_seed

    return read_seed(path, max_bytes=2_000_000)


def headline_kind(truth: str, got: str | None, view) -> str:
    t, g = norm(truth), norm(got)
    article = view.article if view is not None else None
    if article is not None and article.kicker and norm(article.kicker) == t:
        return "true headline taken as a kicker"
    if article is not None and any(norm(r.text) == t for r in article.removed):
        reason = next(r.reason for r in article.removed if norm(r.text) == t)
        return f"true headline removed ({reason})"
    if g and t and (g in t or t in g):
        return "near miss: one holds the other"
    if g and t and _fold(g) == _fold(t):
        return "near miss: same letters once folded"
    return "other"


def _fold(text: str) -> str:
    from plugins.akhbar.text.arabic import fold

    return re.sub(r"[\W_]+", "", fold(text))


def measure(report: dict, by_name: dict[str, dict], seeds: Path, variant: str) -> dict:
    entries = {Path(e["source"]).name: e for e in report["articles"]}
    lost = collections.Counter()
    lost_list, head_misses, date_misses, cand_list = [], [], [], []
    n = right = 0
    shown = shown_right = shown_near = undated = 0
    origin = collections.Counter()
    cand = cand_right = cand_near = 0
    ctrl_total = ctrl_lost = 0
    outlets = collections.defaultdict(collections.Counter)
    for name, record in by_name.items():
        entry = entries.get(name)
        n += 1
        truth_title = _field(record, TITLE_KEYS)
        truth_day = true_date(record)
        outlet = _field(record, SOURCE_KEYS) or "?"
        has_ctrl = bool(CONTROL.search(truth_title + _field(record, BODY_KEYS)))
        ctrl_total += has_ctrl
        outlets[outlet]["seeds"] += 1
        if entry is None or entry["status"] != "published":
            reason = (entry["warnings"][0] if entry and entry["warnings"] else "no entry")
            lost[re.sub(r"\d[\d,.]*", "N", reason)[:140]] += 1
            ctrl_lost += has_ctrl
            outlets[outlet]["lost"] += 1
            lost_list.append({"file": name, "outlet": outlet, "truth": truth_title,
                              "status": entry and entry["status"], "why": reason,
                              "control_chars": has_ctrl})
            continue
        if norm(entry["title"]) == norm(truth_title):
            right += 1
        else:
            outlets[outlet]["headline misses"] += 1
            view = _reader_view(seeds / name)
            article = view.article
            head_misses.append({
                "file": name, "outlet": outlet, "truth": truth_title, "got": entry["title"],
                "kind": headline_kind(truth_title, entry["title"], view),
                "kicker": article and article.kicker, "byline": article and article.byline,
                "seed_lines": _lines((seeds / name).read_text("utf-8", "replace")),
            })
        got_day = datetime.date.fromisoformat(entry["date"]) if entry["date"] else None
        cand_day = (datetime.date.fromisoformat(entry["date_candidate"])
                    if entry.get("date_candidate") else None)
        from_text = any("taken from the text" in w for w in entry["warnings"])
        if got_day is None:
            undated += 1
        else:
            shown += 1
            kind = "text" if from_text else "dateline"
            origin[kind] += 1
            outlets[outlet]["dates shown"] += 1
            if truth_day and got_day == truth_day:
                shown_right += 1
                origin[kind + " right"] += 1
            else:
                outlets[outlet]["dates wrong"] += 1
                near = bool(truth_day and abs((got_day - truth_day).days) <= 1)
                shown_near += near
                origin[kind + " within a day"] += near
                view = _reader_view(seeds / name)
                date_misses.append({
                    "file": name, "outlet": outlet, "truth": truth_day and truth_day.isoformat(),
                    "got": got_day.isoformat(), "origin": kind, "within_a_day": near,
                    "dateline": view.article and view.article.dateline_text,
                    "found": view.article and view.article.dateline
                    and view.article.dateline.text,
                })
        if cand_day is not None:
            cand += 1
            ok = truth_day == cand_day
            near = bool(truth_day and abs((cand_day - truth_day).days) <= 1)
            cand_right += ok
            cand_near += near and not ok
            cand_list.append({"file": name, "outlet": outlet,
                              "truth": truth_day and truth_day.isoformat(),
                              "candidate": cand_day.isoformat(), "right": ok,
                              "within_a_day": near})
    published = n - sum(lost.values())
    return {
        "variant": variant, "seeds": n, "published": published, "lost": sum(lost.values()),
        "lost_by_reason": dict(lost.most_common()),
        "control_char_seeds": ctrl_total, "control_char_lost": ctrl_lost,
        "headline_right": right, "headline_right_pct": _pct(right, published),
        "dates_shown": shown, "dates_shown_right": shown_right,
        "dates_shown_right_pct": _pct(shown_right, shown),
        "dates_shown_wrong_within_a_day": shown_near,
        "dates_shown_by_origin": dict(origin),
        "undated": undated, "undated_pct": _pct(undated, published),
        "candidates": cand, "candidates_right": cand_right,
        "candidates_right_pct": _pct(cand_right, cand),
        "candidates_off_by_one_day": cand_near,
        "by_outlet": {k: dict(v) for k, v in sorted(outlets.items())},
        "headline_miss_kinds": dict(collections.Counter(m["kind"] for m in head_misses)
                                    .most_common()),
        "headline_misses": head_misses, "date_misses": date_misses, "lost_stories": lost_list,
        "candidates_list": cand_list,
    }


def byline_check(by_name: dict[str, dict], seeds: Path) -> dict:
    """Of the `byline` variant's seeds with an author line, where the reader put that line."""
    where = collections.Counter()
    examples = collections.defaultdict(list)
    for name, record in by_name.items():
        author = norm(_field(record, AUTHOR_KEYS))
        if not author:
            continue
        article = _reader_view(seeds / name).article
        if article is None:
            kind = "seed not read"
        elif norm(article.byline) == author:
            kind = "byline"
        elif norm(article.title) == author:
            kind = "headline (!)"
        elif norm(article.kicker) == author:
            kind = "kicker"
        elif norm(article.dateline_text) == author:
            kind = "dateline"
        elif any(norm(b.text) == author for b in article.blocks):
            kind = next(b.kind for b in article.blocks if norm(b.text) == author)
        elif any(norm(r.text) == author for r in article.removed):
            kind = "removed"
        else:
            kind = "elsewhere"
        where[kind] += 1
        if len(examples[kind]) < 8:
            examples[kind].append(author)
    return {"author_lines": sum(where.values()), "read_as": dict(where.most_common()),
            "examples": dict(examples)}


def _pct(a: int, b: int) -> float | None:
    return round(100 * a / b, 2) if b else None


# --- output -------------------------------------------------------------------------------

def table(results: list[dict]) -> str:
    rows = [
        ("seeds", "seeds"), ("published", "published"), ("lost", "lost"),
        ("  of them with control chars", "control_char_lost"),
        ("headline right %", "headline_right_pct"), ("headline misses", None),
        ("dates shown", "dates_shown"), ("  right", "dates_shown_right"),
        ("  right %", "dates_shown_right_pct"),
        ("  wrong but within a day", "dates_shown_wrong_within_a_day"),
        ("undated", "undated"), ("undated %", "undated_pct"),
        ("date candidates", "candidates"), ("  right", "candidates_right"),
        ("  right %", "candidates_right_pct"), ("  off by one day", "candidates_off_by_one_day"),
        ("build seconds", "build_seconds"),
    ]
    names = [r["label"] for r in results]
    width = max(12, *(len(x) for x in names))
    out = io.StringIO()
    out.write(f"{'':32}" + "".join(f"{x:>{width + 2}}" for x in names) + "\n")
    for label, key in rows:
        cells = []
        for r in results:
            value = len(r["headline_misses"]) if key is None else r.get(key)
            cells.append("-" if value is None else str(value))
        out.write(f"{label:32}" + "".join(f"{c:>{width + 2}}" for c in cells) + "\n")
    return out.getvalue()


def code_state() -> dict:
    """The commit measured, and whether the reader's files differ from it in the work tree."""
    def git(*args):
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                              check=False)
        return done.stdout.strip()

    reader = ["plugins/akhbar/reading", "plugins/akhbar/text", "plugins/akhbar/data"]
    return {"commit": git("rev-parse", "--short", "HEAD"),
            "reader_files_changed": git("status", "--short", "--", *reader).splitlines()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("records", type=Path, help="dataset file or folder (outside the repo)")
    parser.add_argument("--count", type=int, default=3000, help="records measured (3000)")
    parser.add_argument("--seed", type=int, default=27, help="random sample seed (27)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/realcorpus/run"))
    parser.add_argument("--variants", default="plain,byline",
                        help="comma-separated: plain, byline (default both)")
    parser.add_argument("--no-text-dates", action="store_true",
                        help="skip the extra build with AKHBAR_DATES_FROM_TEXT = True")
    parser.add_argument("--jobs", type=int, default=1, help="AKHBAR_JOBS of the builds (1)")
    parser.add_argument("--outlets", default="",
                        help="comma-separated outlets (the records' source field) to measure"
                             " alone, e.g. was,3alyoum (default: all)")
    args = parser.parse_args(argv)

    work = args.work.resolve()
    if work == ROOT or ROOT in work.parents:
        raise SystemExit("--work must lie outside the repository")
    work.mkdir(parents=True, exist_ok=True)
    records = load_records(args.records)
    outlets = {o.strip() for o in args.outlets.split(",") if o.strip()} or None
    picked, skipped = select(records, args.count, args.seed, outlets)
    print(f"{len(records):,} records in {args.records}; measuring {len(picked):,}"
          f" ({', '.join(f'{v} {k}' for k, v in skipped.items()) or 'none unusable'})")

    results, extra = [], {}
    for variant in [v.strip() for v in args.variants.split(",") if v.strip()]:
        seeds = work / f"seeds-{variant}"
        by_name = write_seeds(picked, seeds, variant)
        if variant == "plain":
            with (work / "records.jsonl").open("w", encoding="utf-8") as handle:
                for name, record in by_name.items():
                    handle.write(json.dumps({"seed": name, "record": record},
                                            ensure_ascii=False) + "\n")
        if variant == "byline":
            extra["byline_check"] = byline_check(by_name, seeds)
        runs = [False] if args.no_text_dates or variant != "plain" else [False, True]
        for text_dates in runs:
            label = variant + ("+text-dates" if text_dates else "")
            out = work / f"out-{variant}{'-text' if text_dates else ''}"
            print(f"building {label} ({len(by_name):,} seeds) ...", flush=True)
            took = build(seeds, out, work / f"build-{label}.log", text_dates, args.jobs)
            report = json.loads((out / "report.json").read_text("utf-8"))
            result = measure(report, by_name, seeds, variant)
            result.update(label=label, build_seconds=round(took, 1),
                          dates_from_text=text_dates)
            results.append(result)

    summary = table(results)
    print()
    print(summary)
    for r in results:
        print(f"{r['label']}: lost by reason {r['lost_by_reason']}")
        print(f"{r['label']}: headline miss kinds {r['headline_miss_kinds']}")
        print(f"{r['label']}: dates shown by origin {r['dates_shown_by_origin']}")
    if "byline_check" in extra:
        print(f"byline variant, where the author line went: {extra['byline_check']['read_as']}")
    (work / "results.json").write_text(json.dumps(
        {"records": str(args.records), "records_total": len(records), "measured": len(picked),
         "not_measured": dict(skipped), "seed": args.seed,
         "outlets": sorted(outlets) if outlets else "all", "code": code_state(),
         "table": summary, **extra,
         "results": results}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nresults and every miss: {work / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
