"""Scale benchmark: whole Akhbar builds of 1,000 to 10,000 generated seeds against plain Pelican.

    .venv/bin/python bench/run.py                          # sizes 1000,5000,10000 (invoke bench)
    .venv/bin/python bench/run.py --sizes 1000 --no-profile
    .venv/bin/python bench/run.py --sizes 10000 --timeout 900

For each size N it generates the corpus (bench/corpus.py, deterministic, cached in the work
folder), then measures, each build in a fresh process started the way `invoke build` starts it:

* Akhbar: a cold build (empty output folder), a warm rebuild with nothing changed, a rebuild
  after one seed's text is edited (a sentence appended), and one after the same seed is edited
  again with a sentence that names a place (the file is restored afterwards): wall time,
  CPU time (user + system, children included: Pagefind's too), peak memory (the largest process,
  from wait4's rusage, and the whole process tree, sampled every 0.1 s), the phases of the
  build (bench/benchtiming marks), the output's size and file count, the search index's size
  (OUT/pagefind, OUT/en/pagefind) and the bytes a browser fetches for one query
  (bench/pagefind_cost.py);
* the BASELINE: the same texts as Markdown (title, date, paragraphs), built by plain Pelican
  with its default theme and default settings (a throwaway pelicanconf.py with PATH only);
* every figure as a ratio to the baseline;
* one cold build of --profile-size seeds under cProfile: phases, self time by origin (plugin
  modules, templates, Jinja, Pelican, Babel, ...), top functions by cumulative and self time.

The code measured is a snapshot of pelican.conf.py, plugins/, themes/ and content/ copied into
the work folder when the run starts, so edits made while it runs do not mix into its figures.
Results are merged into bench/results.json (by size) and bench/RESULTS.md is rewritten from it.
Nothing outside the work folder (default /tmp/akhbar-bench) and bench/results.json,
bench/RESULTS.md is written.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import json
import os
import platform
import pstats
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import corpus  # noqa: E402
import pagefind_cost  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() \
    else sys.executable
RESULTS_JSON = BENCH / "results.json"
RESULTS_MD = BENCH / "RESULTS.md"
SNAPSHOT_ITEMS = ("pelican.conf.py", "plugins", "themes", "content")
EDIT_AR = "\n\nوأضاف المصدر أن المحادثات ستتواصل الأسبوع المقبل في موسكو.\n"
# The same sentence without the name: an edit of the text alone (a typo fixed, a paragraph
# added), which changes no list, entity page or teaser.
EDIT_AR_TEXT = "\n\nوأضاف المصدر أن المحادثات ستتواصل الأسبوع المقبل.\n"
EDIT_EN = "\n\nThe source added that the talks would continue in Moscow next week.\n"
QUERIES = {"ar": "لافروف", "en": "Lavrov"}
PAGE = os.sysconf("SC_PAGE_SIZE")
TARGETS = {"cold_10k_s": 90, "edit_s": 10, "peak_mb": 1536, "plugin_share": 0.15}


# --- measuring one process ---------------------------------------------------------------------

def _tree_rss(root_pid: int) -> int:
    """Resident bytes of root_pid and all its descendants (from /proc)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            parents[int(entry)] = ppid
        except (OSError, ValueError, IndexError):
            continue
    tree, frontier = {root_pid}, [root_pid]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while frontier:
        for child in children.get(frontier.pop(), []):
            if child not in tree:
                tree.add(child)
                frontier.append(child)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            continue
    return total


def measure(cmd: list[str], log: Path, timeout: float, env: dict | None = None,
            timings: Path | None = None) -> dict:
    """Run cmd to completion (or kill it after timeout s); wall, CPU, peak memory, phases."""
    env = dict(os.environ, **(env or {}))
    if timings is not None:
        timings.unlink(missing_ok=True)
        env["AKHBAR_BENCH_TIMINGS"] = str(timings)
    # Written but not yet on disk: what earlier steps left (a deleted output folder of
    # thousands of files, an edited seed) would otherwise be flushed during this build and
    # charged to its file creations (measured: opening a new file 30 us on a settled disk,
    # 160-340 us right after deleting an output folder).
    os.sync()
    load_before = os.getloadavg()
    peak = [0]
    done = threading.Event()
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                                start_new_session=True)

        def sample():
            while not done.wait(0.1):
                peak[0] = max(peak[0], _tree_rss(proc.pid))

        def kill():
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # our own child's process group, by id
            except ProcessLookupError:
                pass

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        timed_out = not timer.is_alive() and wall >= timeout
        timer.cancel()
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    result = {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "maxrss_mb": round(usage.ru_maxrss / 1024, 1),
        "tree_peak_mb": round(peak[0] / 2**20, 1),
        "returncode": proc.returncode,
        "timed_out": timed_out,
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "log": str(log),
    }
    if timings is not None and timings.exists():
        result["phases"] = _phases(timings, wall)
    if proc.returncode != 0 or timed_out:
        tail = log.read_bytes()[-1500:].decode("utf-8", "replace")
        result["log_tail"] = tail
    return result


def _phases(path: Path, wall: float) -> dict:
    """Phase durations (s) from the benchtiming marks; start-up is what precedes the plugin."""
    marks, rss = {}, {}
    for line in path.read_text().splitlines():
        item = json.loads(line)
        if item["mark"] not in marks or item["mark"] == "generators_ready":
            marks[item["mark"]] = item["t"]
            rss[item["mark"]] = item["maxrss_kb"]
    end = marks.get("exit")
    loaded_at = wall - end if end is not None else None  # imports + settings before the plugin

    def span(a, b):
        return round(marks[b] - marks[a], 2) if a in marks and b in marks else None

    phases = {
        "startup_s": round(loaded_at, 2) if loaded_at is not None else None,
        "setup_s": span("plugin_loaded", "generators_ready"),
        "clean_output_s": span("generators_ready", "read_start"),
        "read_s": span("read_start", "read_done"),
        "index_s": span("articles_finalized", "pages_finalized"),  # plugin: stories, entity index
        "context_other_s": None,
        "write_s": span("write_start", "write_done"),
        "finalize_s": span("write_done", "exit"),  # plugin: report.json, Pagefind
        "reached": max(marks, key=marks.get) if marks else None,
        "reached_at_s": round(max(marks.values()), 2) if marks else None,
        "rss_mb_at": {k: round(v / 1024) for k, v in rss.items()},
    }
    if all(k in marks for k in ("read_done", "write_start")):
        known = (phases["index_s"] or 0)
        phases["context_other_s"] = round(marks["write_start"] - marks["read_done"] - known, 2)
    return phases


def output_stats(out: Path) -> dict:
    total = files = html = 0
    parts: dict[str, list[int]] = {}
    for dirpath, _, filenames in os.walk(out):
        rel = Path(dirpath).relative_to(out).parts
        top = rel[0] if rel else "(root)"
        if top == "en" and len(rel) > 1:
            top = "en/" + rel[1]
        for name in filenames:
            size = os.path.getsize(os.path.join(dirpath, name))
            total += size
            files += 1
            html += name.endswith(".html")
            part = parts.setdefault(top, [0, 0])
            part[0] += size
            part[1] += 1
    return {"bytes": total, "files": files, "html_files": html,
            "parts": dict(sorted(parts.items(), key=lambda kv: -kv[1][0]))}


def search_stats(out: Path, key=None) -> dict | None:
    # Each language tree has its bundles (pagefind/, pagefind-2/ ...; en/pagefind/ ...); older
    # builds had one bundle for both trees.
    bundles = {lang: pagefind_cost.bundle_paths(out, lang) for lang in QUERIES}
    found = {b for tree in bundles.values() for b in tree if (b / "pagefind-entry.json").exists()}
    if not found:
        return None
    size = files = 0
    for bundle in found:
        s, f = pagefind_cost.dir_size(bundle)
        size, files = size + s, files + f
    result = {"bytes": size, "files": files, "queries": {}}
    for lang, query in QUERIES.items():
        words = [key(w) if key and lang == "ar" else w for w in query.split()]
        try:
            result["queries"][lang] = pagefind_cost.query_cost(
                bundles[lang], lang, words, 50, [out / "theme" / "js" / "search.js"])
        except (ValueError, OSError, KeyError, IndexError) as exc:
            result["queries"][lang] = {"error": str(exc)}
    return result


# --- the two sites -----------------------------------------------------------------------------

def snapshot(work: Path) -> tuple[Path, dict]:
    """Copy the code to measure into work/code; describe what was copied."""
    code = work / "code"
    if code.exists():
        shutil.rmtree(code)
    code.mkdir(parents=True)
    digest = hashlib.sha256()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    for item in SNAPSHOT_ITEMS:
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, code / item, ignore=ignore)
        else:
            shutil.copy2(src, code / item)
    for path in sorted(p for p in code.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(code)).encode() + b"\0" + path.read_bytes())

    def git(*args):  # read-only
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""
    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    info = {"head": git("rev-parse", "--short", "HEAD"),
            "subject": git("log", "-1", "--format=%s"),
            "working_tree_changes": len(changed),
            "fingerprint": digest.hexdigest()[:12]}
    return code, info


def seed_cache(out: Path) -> Path:
    """The seed cache of the builds into `out` (emptied before each cold build)."""
    return out.with_name(out.name + ".seed-cache")


def akhbar_cmd(code: Path, seeds: Path, out: Path, timing: bool = True, **extra) -> list[str]:
    settings = {"AKHBAR_SEEDS_PATH": str(seeds), "AKHBAR_CACHE_PATH": str(seed_cache(out)), **extra}
    if timing:
        settings["PLUGINS"] = ["benchtiming", "akhbar"]
        settings["PLUGIN_PATHS"] = [str(BENCH), str(code / "plugins")]
    return [PYTHON, "-m", "pelican", "-s", str(code / "pelican.conf.py"), "-o", str(out),
            "-e", *(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in settings.items())]


def baseline_cmd(conf: Path, out: Path) -> list[str]:
    settings = {"PLUGINS": ["benchtiming"], "PLUGIN_PATHS": [str(BENCH)]}
    return [PYTHON, "-m", "pelican", "-s", str(conf), "-o", str(out),
            "-e", *(f"{k}={json.dumps(v)}" for k, v in settings.items())]


def baseline_conf(work: Path, markdown: Path) -> Path:
    conf = work / "baseline" / "pelicanconf.py"
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(
        "# Throwaway settings for the benchmark's baseline: plain Pelican, default theme and\n"
        "# settings, no plugins (bench/run.py adds only its timing marks), the Markdown texts.\n"
        f"PATH = {str(markdown)!r}\n",
        encoding="utf-8",
    )
    return conf


def pick_edit_target(seeds: Path, count: int) -> Path:
    """A UTF-8 seed (no BOM) from the middle of the folder, so an edit keeps its encoding."""
    files = sorted(seeds.glob("*.txt"))
    for path in files[count // 2:] + files[:count // 2]:
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw:
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        return path
    return files[0]


def three_builds(label: str, make_cmd, out: Path, edit: tuple[Path, str], logs: Path,
                 timeout: float, search_key=None, text_edit: str | None = None) -> dict:
    """Cold, warm and one-edit builds into out; output and search statistics after cold.
    With `text_edit`, a rebuild after the file's text alone is edited (`edit_text`) comes
    before the edit that adds a name (`edit`)."""
    result: dict = {}

    def build(kind: str, what: str) -> dict:
        """One measured build into out, as result[kind], its log named after `kind`."""
        print(f"  {label}: {what} ...", flush=True)
        name = kind.replace("_", "-")
        result[kind] = measure(make_cmd(), logs / f"{label}-{name}.log", timeout,
                               timings=logs / f"{label}-{name}.timings")
        print(f"    {_brief(result[kind])}", flush=True)
        return result[kind]

    if out.exists():
        shutil.rmtree(out)
    shutil.rmtree(seed_cache(out), ignore_errors=True)  # cold: nothing prepared yet
    cold = build("cold", "cold build")
    if cold["timed_out"] or cold["returncode"] != 0:
        result["skipped"] = "cold build did not finish: warm and edit builds skipped"
        return result
    result["output"] = output_stats(out)
    result["search"] = search_stats(out, search_key)
    build("warm", "warm rebuild")
    path, addition = edit
    original = path.read_bytes()
    edits = [("edit_text", text_edit, "the text of ")] if text_edit is not None else []
    edits.append(("edit", addition, ""))
    try:
        for kind, sentence, what in edits:
            path.write_bytes(original.rstrip(b"\n") + sentence.encode("utf-8"))
            build(kind, f"rebuild after editing {what}{path.name}")["file"] = path.name
    finally:
        path.write_bytes(original)
    return result


def _brief(m: dict) -> str:
    state = "TIMED OUT" if m["timed_out"] else f"exit {m['returncode']}"
    return (f"{m['wall_s']:.1f} s wall, {m['cpu_s']:.1f} s CPU, peak {m['maxrss_mb']:.0f} MB "
            f"(tree {m['tree_peak_mb']:.0f} MB), load {m['load_before'][0]:.1f}, {state}")


# --- profile -----------------------------------------------------------------------------------

READING = "reading (decode, sidecar, language, clean, dates, render, seed cache)"
MATCHING = "entity matching and linking"
PLUGIN_GROUPS = {  # the plugin's modules (under plugins/akhbar/) by concern
    READING: {
        "text.decoding", "text.language", "text.dates", "text.arabic", "text.bidi",
        "reading.seed_files", "reading.sidecar", "reading.cleaning", "reading.cleaning_rules",
        "reading.render",
        "reading.seed", "reading.preparation", "reading.pool", "reading.page_links", "reader",
        "incremental.seed_cache"},
    MATCHING: {"names.gazetteer", "names.gazetteer_file", "names.overlaps", "names.linking"},
    "stories, entity index, timelines, report": {
        "articles", "build", "names.entity_index", "names.sections", "site.story_views",
        "site.timeline", "site.report", "site.dataset"},
    "site writer and template helpers": {
        "__init__", "plugin", "start", "generator", "finish", "site.writer", "site.tree_writer",
        "site.i18n", "site.publishing", "search.bundles", "search.pagefind_runs"},
}


def _origin(filename: str) -> str:
    if filename == "~":
        return "builtin"
    path = filename.replace("\\", "/")
    if "/plugins/akhbar/" in path:
        inside = path.split("/plugins/akhbar/", 1)[1].removesuffix(".py")
        return "akhbar." + inside.replace("/", ".")
    if "/themes/" in path or path.endswith(".html"):
        return "templates (compiled Jinja)"
    for package in ("pelican", "jinja2", "markupsafe", "markdown", "babel", "yaml", "bs4",
                    "blinker", "docutils", "rich", "pygments", "ahocorasick", "hijridate",
                    "unidecode", "dateutil", "feedgenerator", "pagefind"):
        if f"/site-packages/{package}/" in path or f"/site-packages/{package}." in path:
            return package
    if "/benchtiming/" in path:
        return "benchtiming"
    return "stdlib"


def _attribute(stats: dict) -> dict[str, float]:
    """Self time by origin; builtins and standard library pass their time on to their callers,
    in proportion to the time each caller spent in them (an approximation: cProfile keeps
    caller edges, not whole stacks)."""
    wait = "waiting for Pagefind (external process)"
    memo: dict = {}

    def owners(func, visiting) -> dict[str, float]:
        """How func's self time divides among non-pass-through origins."""
        if func in memo:
            return memo[func]
        filename, _, name = func
        origin = _origin(filename)
        if origin == "builtin" and "poll" in name and "select" in name:
            return {wait: 1.0}
        if origin not in ("builtin", "stdlib"):
            return {origin: 1.0}
        if func in visiting:
            return {"stdlib (unattributed)": 1.0}
        callers = stats[func][4] if func in stats else {}
        weights = {c: v[3] for c, v in callers.items() if v[3] > 0}
        total = sum(weights.values())
        if not total:
            share = {f"{origin} (unattributed)": 1.0}
        else:
            share = {}
            visiting = visiting | {func}
            for caller, weight in weights.items():
                for key, fraction in owners(caller, visiting).items():
                    share[key] = share.get(key, 0.0) + fraction * weight / total
        memo[func] = share
        return share

    totals: dict[str, float] = {}
    for func, (_, _, tt, _, _) in stats.items():
        if tt > 0:
            for key, fraction in owners(func, frozenset()).items():
                totals[key] = totals.get(key, 0.0) + tt * fraction
    return totals


def _short(func) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/work/main/", "/code/", "/lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{line}({name})"


def median_profile(analyses: list[dict]) -> dict:
    """The run whose reading and matching share is the median, with every run's shares: the
    disk and the CPU of this machine slow down for seconds at a time, and one profiled build
    moved that share by 1.5 points either way on unchanged code."""
    ordered = sorted(analyses, key=lambda a: a["reading_matching_share"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["runs"] = [{"reading_matching_share": a["reading_matching_share"],
                       "plugin_share": a["plugin_share"], "total_s": a["total_s"],
                       "pstats": a.get("pstats"), "run": a.get("run"), "size": a.get("size")}
                      for a in analyses]
    return chosen


def analyse_profile(path: Path) -> dict:
    stats_obj = pstats.Stats(str(path))
    stats = stats_obj.stats  # type: ignore[attr-defined]
    total = max(v[3] for v in stats.values())

    def cum(suffix: str, name: str) -> float:
        found = [v[3] for (f, _, n), v in stats.items()
                 if n == name and f.replace("\\", "/").endswith(suffix)]
        return round(max(found), 2) if found else 0.0

    phases = {
        "total (profiled)": round(total, 2),
        "Pelican.run": cum("pelican/__init__.py", "run"),
        "reading all files (Pelican read_file)": cum("pelican/readers.py", "read_file"),
        "  of which SeedReader.read (plugin)": cum("plugins/akhbar/reader.py", "read"),
        "  of which entity matching (Gazetteer.find_in_paragraphs)":
            cum("plugins/akhbar/names/gazetteer.py", "find_in_paragraphs"),
        "  of which cleaning (cleaning.clean)": cum("plugins/akhbar/reading/cleaning.py", "clean"),
        "  of which Pelican's truncate_html_words (summaries)":
            cum("pelican/utils.py", "truncate_html_words"),
        "stories + entity index (plugin, article_generator_finalized)":
            cum("plugins/akhbar/plugin.py", "on_article_generator_finalized"),
        "  of which related stories (entity_index.related_stories)":
            cum("plugins/akhbar/names/entity_index.py", "related_stories"),
        "  of which entity and topic statistics":
            round(cum("plugins/akhbar/names/entity_index.py", "build_entity_index")
                  + cum("plugins/akhbar/names/entity_index.py", "build_topic_index"), 2),
        "writing pages (SiteGenerator.generate_output)":
            cum("plugins/akhbar/site/writer.py", "generate_output"),
        "  of which Jinja render": cum("jinja2/environment.py", "render"),
        "  of which timeline SVGs (plugin helper called by templates)":
            cum("plugins/akhbar/site/timeline.py", "timeline_svg"),
        "  of which Babel dates (plugin i18n.localise_date)":
            cum("plugins/akhbar/site/i18n.py", "localise_date"),
        "  of which Babel numbers (plugin i18n.localise_number)":
            cum("plugins/akhbar/site/i18n.py", "localise_number"),
        "finalize (report.json, Pagefind)": cum("plugins/akhbar/plugin.py", "on_finalized"),
        # Pagefind runs in threads, which cProfile does not follow: what shows is the wait.
        "  of which waiting for Pagefind (SearchQueue.finish)":
            cum("plugins/akhbar/search/pagefind_runs.py", "finish"),
        "claiming and emptying the output folder (plugin on_get_generators)":
            cum("plugins/akhbar/plugin.py", "on_get_generators"),
    }
    origins = _attribute(stats)
    plugin_modules = {k: v for k, v in origins.items() if k.startswith("akhbar.")}
    groups = {}
    for group, modules in PLUGIN_GROUPS.items():
        groups[group] = round(sum(v for k, v in plugin_modules.items()
                                  if k.split(".", 1)[1] in modules), 2)
    other_plugin = sum(v for k, v in plugin_modules.items()
                       if not any(k.split(".", 1)[1] in m for m in PLUGIN_GROUPS.values()))
    if other_plugin:
        groups["other plugin modules"] = round(other_plugin, 2)
    by_origin = {}
    plugin_total = sum(plugin_modules.values())
    by_origin["Akhbar plugin (plugins/akhbar, all modules)"] = round(plugin_total, 2)
    for k, v in sorted(origins.items(), key=lambda kv: -kv[1]):
        if not k.startswith("akhbar."):
            by_origin[k] = round(v, 2)
    wrappers = 0.98 * total
    top_cum = sorted(((f, v) for f, v in stats.items() if v[3] < wrappers),
                     key=lambda fv: -fv[1][3])[:15]
    top_self = sorted(stats.items(), key=lambda fv: -fv[1][2])[:15]

    def row(f, v):
        return {"function": _short(f), "ncalls": v[1], "tottime": round(v[2], 2),
                "cumtime": round(v[3], 2)}

    return {
        "total_s": round(total, 2),
        "phases": phases,
        "by_origin": by_origin,
        "plugin_groups": groups,
        "plugin_modules": {k: round(v, 2) for k, v in sorted(plugin_modules.items(),
                                                              key=lambda kv: -kv[1])},
        "plugin_share": round(plugin_total / total, 3),
        # The issue's own words: "the plugin's own work (reading, cleaning, matching)".
        "reading_matching_share": round((groups[READING] + groups[MATCHING]) / total, 3),
        "top_cumulative": [row(f, v) for f, v in top_cum],
        "top_self": [row(f, v) for f, v in top_self],
    }


# --- machine and report ------------------------------------------------------------------------

# A fixed one-core task (Python loops, string work, hashing), timed before the builds: the same
# machine kind ran the same builds twice as fast one day as another (a shared host), and this
# tells runs on different days apart. The best of three runs, in a fresh interpreter.
SPEED_PROBE = """
import hashlib, time
best = None
for _ in range(3):
    started = time.perf_counter()
    total = 0
    for i in range(5_000_000):
        total += len(str(i * 7919))
    hashlib.sha256(bytes(300_000_000)).digest()
    took = time.perf_counter() - started
    best = took if best is None else min(best, took)
print(f"{best:.3f}")
"""


def speed_probe() -> float | None:
    try:
        out = subprocess.run([PYTHON, "-c", SPEED_PROBE], capture_output=True, text=True,
                             timeout=120)
        return float(out.stdout.strip())
    except (OSError, subprocess.SubprocessError, ValueError):
        return None


def machine() -> dict:
    mem = cpu = ""
    try:
        with open("/proc/meminfo") as lines:
            for line in lines:
                if line.startswith("MemTotal"):
                    mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                    break
        with open("/proc/cpuinfo") as lines:
            for line in lines:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass

    def version(module):
        try:
            script = f"import importlib.metadata as m; print(m.version({module!r}))"
            out = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, timeout=60)
            return out.stdout.strip() or "?"
        except (OSError, subprocess.SubprocessError):
            return "?"

    py = subprocess.run([PYTHON, "-c", "import platform; print(platform.python_version())"],
                        capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "memory": mem, "cpu": cpu, "python": py,
            "pelican": version("pelican"), "pagefind": version("pagefind"),
            "kernel": platform.release(), "speed_probe_s": speed_probe(),
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")}


def save_experiment(name: str, data: dict) -> None:
    """Keep a helper's figures (pagefind_variants.py, related_scaling.py) with the results."""
    results = load_results()
    data["when"] = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    results.setdefault("experiments", {})[name] = data
    RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    write_markdown(results)
    print(f"saved in {RESULTS_JSON} and {RESULTS_MD}")


def load_results() -> dict:
    if RESULTS_JSON.exists():
        try:
            return json.loads(RESULTS_JSON.read_text())
        except ValueError:
            pass
    return {"sizes": {}, "profile": None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,10000",
                        help="comma-separated corpus sizes (1000,5000,10000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/akhbar-bench"),
                        help="work folder: corpora, code snapshot, outputs, logs")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per build (600)")
    parser.add_argument("--seed", type=int, default=1, help="corpus random seed (1)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--profile-size", type=int, default=1000)
    parser.add_argument("--profile-runs", type=int, default=3,
                        help="profiled cold builds; the one with the median reading share is "
                             "reported, with the others' shares (3)")
    parser.add_argument("--fresh", action="store_true",
                        help="forget earlier results in bench/results.json")
    parser.add_argument("--results-dir", type=Path, default=BENCH,
                        help="where results.json and RESULTS.md go (bench/)")
    parser.add_argument("--reuse-snapshot", action="store_true",
                        help="measure the code snapshot already in the work folder (the one "
                             "bench/results.json describes) instead of copying the working tree")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: re-analyse the saved profile and rewrite "
                             "bench/RESULTS.md from bench/results.json")
    args = parser.parse_args()
    global RESULTS_JSON, RESULTS_MD
    RESULTS_JSON, RESULTS_MD = args.results_dir / "results.json", args.results_dir / "RESULTS.md"
    args.results_dir.mkdir(parents=True, exist_ok=True)  # before hours of builds, not after
    if args.report_only:
        results = load_results()
        prof = results.get("profile")
        runs = (prof or {}).get("runs") or []
        if runs and all(r.get("pstats") and Path(r["pstats"]).exists() for r in runs):
            # Every profiled run again, and the median chosen again (the analysis may be new).
            results["profile"] = median_profile([
                {**analyse_profile(Path(r["pstats"])), "run": r["run"], "size": r["size"],
                 "pstats": r["pstats"]} for r in runs])
            RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        elif prof and prof.get("pstats") and Path(prof["pstats"]).exists():
            analysis = analyse_profile(Path(prof["pstats"]))
            results["profile"] = {**prof, **analysis}
            RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        write_markdown(results)
        print(f"wrote {RESULTS_MD}")
        return 0
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    work = args.work.resolve()
    if work == ROOT or ROOT in work.parents or work in (Path("/"), Path.home()):
        print(f"--work must be a folder of its own outside the repository, not {work}")
        return 2
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    logs.mkdir(exist_ok=True)

    results = {"sizes": {}, "profile": None} if args.fresh else load_results()
    results["machine"] = machine()
    if args.reuse_snapshot and (work / "code" / "pelican.conf.py").exists() and results.get("code"):
        code, code_info = work / "code", results["code"]  # the code the earlier sizes measured
    else:
        code, code_info = snapshot(work)
    results["code"] = code_info
    print(f"code: {code_info['head']} + {code_info['working_tree_changes']} changed files "
          f"(snapshot {code_info['fingerprint']}) -> {code}", flush=True)
    sys.path.insert(0, str(code / "plugins"))
    try:
        from akhbar.text.arabic import search_key  # the key the search page sends
    except ImportError:
        search_key = None

    for n in sizes:
        print(f"\n== {n:,} seeds", flush=True)
        cdir = work / f"corpus-{n}"
        started = time.perf_counter()
        manifest = corpus.generate(n, cdir, seed=args.seed)
        print(f"  corpus: {cdir} ({time.perf_counter() - started:.1f} s)", flush=True)
        seeds, markdown = cdir / "seeds", cdir / "markdown"
        target = pick_edit_target(seeds, n)
        lang_edit = EDIT_AR
        entry = {"corpus": manifest, "when": results["machine"]["date"],
                 "code": code_info["fingerprint"], "timeout_s": args.timeout}
        out = work / f"out-akhbar-{n}"
        entry["akhbar"] = three_builds(
            f"akhbar-{n}", functools.partial(akhbar_cmd, code, seeds, out), out,
            (target, lang_edit), logs, args.timeout, search_key, text_edit=EDIT_AR_TEXT)
        previous = results["sizes"].get(str(n), {})
        if args.no_baseline and "baseline" in previous:
            # Plain Pelican on the same corpus: the earlier baseline still holds.
            entry["baseline"] = previous["baseline"]
            entry["baseline_when"] = previous.get("baseline_when", previous.get("when"))
        if not args.no_baseline:
            conf = baseline_conf(work, markdown)
            bout = work / f"out-baseline-{n}"
            md_target = markdown / (target.stem + ".md")
            entry["baseline"] = three_builds(
                f"baseline-{n}", functools.partial(baseline_cmd, conf, bout), bout,
                (md_target, lang_edit), logs, args.timeout)
        results["sizes"][str(n)] = entry
        RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        write_markdown(results)

    if not args.no_profile:
        n = args.profile_size
        runs = max(1, args.profile_runs)
        print(f"\n== profile: cold build of {n:,} seeds under cProfile, {runs} run(s)", flush=True)
        cdir = work / f"corpus-{n}"
        corpus.generate(n, cdir, seed=args.seed)
        out = work / f"out-profile-{n}"
        analyses = []
        for k in range(1, runs + 1):
            if out.exists():
                shutil.rmtree(out)
            shutil.rmtree(seed_cache(out), ignore_errors=True)
            prof = work / f"profile-{n}-{k}.pstats"
            # One process, so that cProfile sees the seeds prepared and both trees written.
            cmd = akhbar_cmd(code, cdir / "seeds", out, timing=False, AKHBAR_JOBS=1)
            cmd = [cmd[0], "-m", "cProfile", "-o", str(prof), *cmd[1:]]
            run = measure(cmd, logs / f"profile-{n}-{k}.log", args.timeout * 3)
            print(f"    run {k}: {_brief(run)}", flush=True)
            if prof.exists():
                analysis = analyse_profile(prof)
                analysis.update(run=run, size=n, pstats=str(prof))
                analyses.append(analysis)
                print(f"    run {k}: reading and matching {analysis['reading_matching_share']:.1%}"
                      f" of {analysis['total_s']:.1f} s profiled", flush=True)
        if analyses:
            results["profile"] = median_profile(analyses)
        RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False))
        write_markdown(results)
    print(f"\nwrote {RESULTS_JSON} and {RESULTS_MD}")
    return 0


# --- RESULTS.md --------------------------------------------------------------------------------

def _get(d, *keys):
    for key in keys:
        if not isinstance(d, dict) or key not in d or d[key] is None:
            return None
        d = d[key]
    return d


def _fmt(value, unit="", digits=1):
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if unit == "B":
        for factor, name in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
            if abs(value) >= factor:
                return f"{value / factor:.{digits}f} {name}"
        return f"{value:.0f} B"
    if isinstance(value, int) and not unit:
        return f"{value:,}"
    return f"{value:,.{digits}f}{(' ' + unit) if unit else ''}"


def _ratio(a, b):
    if a is None or b is None or not b:
        return "n/a"
    return f"×{a / b:.1f}"


def write_markdown(results: dict) -> None:
    sizes = sorted(results["sizes"], key=int)
    m, code = results.get("machine", {}), results.get("code", {})
    lines = ["# Scale benchmark: results", "",
             ("Written by `bench/run.py` (entry point `invoke bench`; see bench/README.md for what "
              "is measured and how). Do not edit by hand: rerun the benchmark."), "",
             "## Machine", "",
             (f"- {m.get('nproc')} CPUs ({m.get('cpu')}), {m.get('memory')} memory, Linux "
              f"{m.get('kernel')}"),
             (f"- Python {m.get('python')}, Pelican {m.get('pelican')}, "
              f"Pagefind {m.get('pagefind')}"),
             (f"- last run started {m.get('date')}; code: commit {code.get('head')} "
              f"(\"{code.get('subject')}\") plus {code.get('working_tree_changes')} files "
              f"changed in the working tree, snapshot {code.get('fingerprint')}"),
             ("- the machine was shared with other work while measuring: the load average at the "
              "start of each build is in the table; CPU time (user + system, Pagefind included) is "
              "the figure least disturbed by that"),
             (f"- speed probe before the builds: {_fmt(m.get('speed_probe_s'), 's', 2)} "
              "(a fixed one-core task, `SPEED_PROBE` in run.py; lower is faster). Machines of the "
              "same kind have differed by a factor of two from one day to another: compare runs "
              "by their ratios to the baseline, measured the same day, or with this figure"), ""]

    def cols(fn):
        return [fn(results["sizes"][s]) for s in sizes]

    header = "| | " + " | ".join(f"{int(s):,} seeds" for s in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)

    lines += ["## Corpus", "", header, rule]
    corpus_rows = [
        ("Arabic / English seeds", lambda e: f"{e['corpus']['stats']['arabic']:,} / "
                                             f"{e['corpus']['stats']['english']:,}"),
        ("dateline / date in text / undated", lambda e: "{:,} / {:,} / {:,}".format(
            e['corpus']['stats']['dateline'], e['corpus']['stats']['text_date'],
            e['corpus']['stats']['undated'])),
        ("sidecars (.meta.yml)", lambda e: f"{e['corpus']['stats']['sidecars']:,}"),
        ("seed bytes (mean per seed)", lambda e: "{} ({})".format(
            _fmt(e['corpus']['stats']['seed_bytes'], 'B'),
            _fmt(e['corpus']['stats']['seed_bytes'] / e['corpus']['params']['count'], 'B'))),
        ("paragraphs (mean per seed)", lambda e: "{:,} ({:.1f})".format(
            e['corpus']['stats']['paragraphs'],
            e['corpus']['stats']['paragraphs'] / e['corpus']['params']['count'])),
        ("names inserted from the gazetteer",
         lambda e: f"{e['corpus']['stats']['names_inserted']:,}"),
        ("measured (run started)", lambda e: e.get("when", "?")),
        ("code measured (snapshot)", lambda e: e.get("code", "?")),
        ("baseline measured", lambda e: e.get("baseline_when", e.get("when", "?"))),
    ]
    for label, fn in corpus_rows:
        lines.append(f"| {label} | " + " | ".join(cols(fn)) + " |")
    lines.append("")

    lines += ["## Builds: Akhbar against plain Pelican (baseline)", "",
              ("Baseline: the same texts as Markdown, plain Pelican 4.12, default theme and "
               "settings, no plugins. Pelican skips Markdown without a date, so the baseline "
               "publishes only the dated texts (the undated count is in the corpus table). "
               "×N = Akhbar / baseline."), "", header, rule]

    def build_rows(kind, title):
        rows = []
        for metric, unit, label in (("wall_s", "s", "wall"), ("cpu_s", "s", "CPU"),
                                    ("maxrss_mb", "MB", "peak RSS, largest process"),
                                    ("tree_peak_mb", "MB", "peak RSS, all processes")):
            rows.append((f"**{title}**, {label}: Akhbar",
                         lambda e, k=kind, mt=metric, u=unit: _measured(e, "akhbar", k, mt, u)))
            rows.append((f"{title}, {label}: baseline",
                         lambda e, k=kind, mt=metric, u=unit: _measured(e, "baseline", k, mt, u)))
            rows.append((f"{title}, {label}: ratio",
                         lambda e, k=kind, mt=metric: "n/a" if _status(e, "akhbar", k)
                         or _status(e, "baseline", k) else
                         _ratio(_get(e, "akhbar", k, mt), _get(e, "baseline", k, mt))))
        rows.append((f"{title}: load average at start (Akhbar / baseline)",
                     lambda e, k=kind: "{} / {}".format(_load(e, "akhbar", k),
                                                        _load(e, "baseline", k))))
        return rows

    rows = []
    rows += build_rows("cold", "Cold build")
    rows.append(("Cold build, Akhbar wall per 1,000 seeds",
                 lambda e: _per_k(e, "akhbar", "cold", "wall_s")))
    rows.append(("Cold build, Akhbar CPU per 1,000 seeds",
                 lambda e: _per_k(e, "akhbar", "cold", "cpu_s")))
    rows.append(("Cold build, baseline wall per 1,000 seeds",
                 lambda e: _per_k(e, "baseline", "cold", "wall_s")))
    rows += build_rows("warm", "Warm rebuild (nothing changed)")
    rows += build_rows("edit", "Rebuild after one seed edited")
    rows += [row for row in build_rows("edit_text", "Rebuild after one seed's text edited")
             if not row[0].endswith((": baseline", ": ratio"))]  # Akhbar only
    for metric, unit, label in (("bytes", "B", "Output size"), ("files", "", "Output files"),
                                ("html_files", "", "HTML pages")):
        rows.append((f"**{label}**: Akhbar",
                     lambda e, mt=metric, u=unit: _fmt(_get(e, "akhbar", "output", mt), u)))
        rows.append((f"{label}: baseline",
                     lambda e, mt=metric, u=unit: _fmt(_get(e, "baseline", "output", mt), u)))
        rows.append((f"{label}: ratio",
                     lambda e, mt=metric: _ratio(_get(e, "akhbar", "output", mt),
                                                 _get(e, "baseline", "output", mt))))
    rows.append(("**Search index** (every tree's bundle): Akhbar",
                 lambda e: "{} in {} files".format(_fmt(_get(e, "akhbar", "search", "bytes"), "B"),
                                                   _fmt(_get(e, "akhbar", "search", "files")))
                 if _get(e, "akhbar", "search") else "n/a"))
    rows.append(("Search index: baseline", lambda e: "n/a (none)"))
    for lang in QUERIES:
        rows.append((f"**Bytes fetched for one query** ({lang}: \"{QUERIES[lang]}\"): Akhbar",
                     lambda e, lang=lang: _fmt(
                         _get(e, "akhbar", "search", "queries", lang, "total_bytes"), "B")))
        rows.append((("  of which fixed (JS, worker, WASM, meta) / filters / index chunks / "
                      "fragments"),
                     lambda e, lang=lang: _query_parts(
                         _get(e, "akhbar", "search", "queries", lang))))
        rows.append(("  hits for the unstemmed key / results fetched",
                     lambda e, lang=lang: "{} / {}".format(
                         _fmt(_get(e, "akhbar", "search", "queries", lang, "hits_unstemmed")),
                         _fmt(_get(e, "akhbar", "search", "queries", lang, "results_shown")))))
    rows.append(("Bytes fetched for one query: baseline", lambda e: "n/a (no search)"))
    for label, fn in rows:
        lines.append(f"| {label} | " + " | ".join(cols(fn)) + " |")
    lines.append("")

    lines += ["## Phases of the Akhbar builds (wall seconds, from bench/benchtiming marks)", "",
              ("start-up = Python and Pelican imports and settings; setup = plugins, readers, "
               "claiming the output folder and setting the previous build aside or deleting it, "
               "generators; clean = what Pelican still does between generators and reading "
               "(nothing since the plugin empties the output folder); read = reading every seed "
               "and translation (plugin reader: decode, clean, dates, entity matching, rendering); "
               "index = the plugin's stories and entity index; write = every page of both trees "
               "(Jinja) and the raw seeds; finalize = report.json, Pagefind."), "", header, rule]
    for kind, title in (("cold", "cold"), ("warm", "warm"), ("edit", "edit"),
                        ("edit_text", "text edit")):
        for phase in ("startup_s", "setup_s", "clean_output_s", "read_s", "index_s",
                      "context_other_s", "write_s", "finalize_s"):
            lines.append(f"| {title}: {phase[:-2].replace('_', ' ')} | " + " | ".join(
                cols(lambda e, k=kind, p=phase: _fmt(_get(e, "akhbar", k, "phases", p), "s")))
                + " |")
        lines.append(f"| {title}: Pagefind runs, summed (from the build log; they overlap the"
                     " writing, and each other once it is done) | " + " | ".join(
            cols(lambda e, k=kind: _fmt(_pagefind_seconds(_get(e, "akhbar", k, "log")), "s")))
                     + " |")
    for _kind in ("cold",):
        lines.append("| baseline cold: read / write | " + " | ".join(cols(
            lambda e: "{} / {}".format(
                _fmt(_get(e, "baseline", "cold", "phases", "read_s"), "s"),
                _fmt(_get(e, "baseline", "cold", "phases", "write_s"), "s")))) + " |")
    lines.append("")

    lines += ["## Output of the Akhbar cold build by folder", "", header, rule]
    parts = []
    for s in sizes:
        for name in (_get(results["sizes"][s], "akhbar", "output", "parts") or {}):
            if name not in parts:
                parts.append(name)
    for name in parts[:14]:
        lines.append(f"| {name} | " + " | ".join(cols(lambda e, nm=name: (
            "{} / {:,} files".format(_fmt(e["akhbar"]["output"]["parts"][nm][0], "B"),
                                    e["akhbar"]["output"]["parts"][nm][1])
            if nm in (_get(e, "akhbar", "output", "parts") or {}) else "n/a"))) + " |")
    lines.append("")

    lines += _target_lines(results, sizes)
    lines += _experiment_lines(results.get("experiments") or {})
    prof = results.get("profile")
    if prof:
        lines += _profile_lines(prof)
    RESULTS_MD.write_text("\n".join(lines) + "\n", encoding="utf-8")


# The phase a build is in once a benchtiming mark has passed (for builds killed on timeout).
PHASE_AFTER = {
    "plugin_loaded": "in setup", "initialized": "in setup",
    "generators_ready": "emptying the output",
    "read_start": "reading the seeds", "read_done": "in Pelican's taxonomies",
    "articles_finalized": "in the index phase (stories, entity index, related stories)",
    "pages_finalized": "in context building", "context_done": "in context building",
    "write_start": "writing pages",
    "write_done": "in finalize (report.json, Pagefind)",
}


def _status(e, site, kind):
    part = _get(e, site)
    if part is None:
        return "n/a"
    if kind not in part:
        if "skipped" in part:
            return "not run"
        return "n/a"
    m = part[kind]
    if m.get("timed_out"):
        reached = _get(m, "phases", "reached")
        at = _get(m, "phases", "reached_at_s")
        if reached in PHASE_AFTER:
            return (f"> {m['wall_s']:.0f} s (killed {PHASE_AFTER[reached]}, begun at "
                    f"{at:.0f} s)")
        return f"> {m['wall_s']:.0f} s (killed)"
    if m.get("returncode"):
        return f"failed (exit {m['returncode']})"
    return None


def _measured(e, site, kind, metric, unit):
    """A figure, or for a killed build what was seen until it was killed."""
    status = _status(e, site, kind)
    m = _get(e, site, kind)
    if status and m and m.get("timed_out"):
        if metric == "wall_s":
            return status
        return f"≥ {_fmt(m[metric], unit, 0)} (until killed)"
    return status or _fmt(_get(e, site, kind, metric), unit)


def _load(e, site, kind):
    load = _get(e, site, kind, "load_before")
    return f"{load[0]:.1f}" if load else "n/a"


def _per_k(e, site, kind, metric):
    value = _get(e, site, kind, metric)
    if value is None or _status(e, site, kind):
        return "n/a"
    return _fmt(value / e["corpus"]["params"]["count"] * 1000, "s")


def _query_parts(q):
    if not q or "error" in q:
        return "n/a"
    return " / ".join(_fmt(q[k], "B") for k in ("fixed_bytes", "filter_bytes", "index_chunk_bytes",
                                                "fragment_bytes"))


def _log_text(log) -> str | None:
    if not log or not Path(log).exists():
        return None
    return Path(log).read_text("utf-8", "replace")


def _prepare_seconds(log):
    """The seconds the plugin's log line gives for preparing the seeds (plugin.py)."""
    text = _log_text(log)
    if text is None:
        return None
    import re
    text = " ".join(text.split())   # the console wraps long lines
    found = re.search(r"seeds prepared \([^)]*\) in ([\d.]+) s", text)
    return float(found.group(1)) if found else None


def _pagefind_seconds(log):
    text = _log_text(log)
    if text is None:
        return None
    import re
    # One line per language tree (logged by finish.py), wrapped by the console.
    seconds = re.findall(r"search index of [\d,]+ article pages written to [^(]*\(([\d.]+)\s+s"
                         r"(?:\s+of\s+Pagefind\s+runs)?\)", text)
    return sum(map(float, seconds)) if seconds else None


def _target_lines(results, sizes):
    lines = ["## Against the issue's targets", ""]
    if not sizes:
        return [*lines, "No build measured yet.", ""]
    biggest = str(max(int(s) for s in sizes))
    e = results["sizes"][biggest]
    cold = _get(e, "akhbar", "cold")
    n = int(biggest)
    if cold:
        status = _status(e, "akhbar", "cold")
        line = (f"- 10,000 seeds cold, all included, under {TARGETS['cold_10k_s']} s: "
                f"{n:,} seeds took {status or _fmt(cold['wall_s'], 's', 0)}")
        if not status and n != 10000:
            line += f" (linear estimate for 10,000: {cold['wall_s'] * 10000 / n:.0f} s)"
        lines.append(line)
    lines.append(f"- rebuild after one edit under {TARGETS['edit_s']} s: " + ", ".join(
        f"{int(s):,}: {_measured(results['sizes'][s], 'akhbar', 'edit', 'wall_s', 's')}"
        for s in sizes) + " (an edit that adds a name); " + ", ".join(
        f"{int(s):,}: {_measured(results['sizes'][s], 'akhbar', 'edit_text', 'wall_s', 's')}"
        for s in sizes) + " (an edit of the text alone)")
    lines.append(f"- peak memory under {TARGETS['peak_mb'] / 1024:.1f} GB (all processes, cold "
                 "build): " + ", ".join(
        f"{int(s):,}: {_measured(results['sizes'][s], 'akhbar', 'cold', 'tree_peak_mb', 'MB')}"
        for s in sizes))
    prof = results.get("profile")
    if prof:
        line = (f"- the plugin's own work under {TARGETS['plugin_share']:.0%} of the total: "
                f"{prof['plugin_share']:.1%} of the profiled cold build of {prof['size']:,} "
                "seeds for all of plugins/akhbar (self time, with the builtins and standard "
                "library it calls; templates, Jinja, Babel, Pelican and Pagefind not counted)")
        if "reading_matching_share" in prof:
            line += (f"; {prof['reading_matching_share']:.1%} for the work the issue names "
                     "(reading, cleaning, matching: the first two rows of the plugin table "
                     "below)")
        if len(prof.get("runs") or []) > 1:
            shares = sorted(r["reading_matching_share"] for r in prof["runs"])
            line += (f"; the median of {len(shares)} profiled builds, which gave "
                     + ", ".join(f"{x:.1%}" for x in shares))
        lines.append(line)
        colds = [(s, _get(results["sizes"][s], "akhbar", "cold")) for s in sizes]
        clocked = [(s, c, _prepare_seconds(c.get("log"))) for s, c in colds if c]
        clocked = [(s, c, p) for s, c, p in clocked if p]
        if clocked:
            lines.append(
                "  - measured by the clock instead, in the builds above (no profiler; the seeds "
                "prepared by a pool of two processes): preparing every seed (decode, clean, "
                "date, match, render, seed cache) took "
                + ", ".join(f"{p:.1f} s of {c['wall_s']:.1f} s ({p / c['wall_s']:.0%}) at "
                            f"{int(s):,}" for s, c, p in clocked)
                + ". cProfile charges a call's overhead to the code that makes many small "
                "calls (Jinja's templates above all), so its shares put reading lower than "
                "a clock does")
    lines.append("")
    return lines


def _experiment_lines(experiments: dict) -> list[str]:
    lines = []
    keys = sorted((k for k in experiments if k.startswith("pagefind_variants")),
                  key=lambda k: experiments[k]["html_files"])
    if keys:
        lines += ["## Follow-up: Pagefind alone over a built site (`pagefind_variants.py`)", "",
                  ("The same binary the plugin runs, writing elsewhere; the globs limit which "
                   "pages Pagefind reads."), ""]
    for key in keys:
        pf = experiments[key]
        lines += [f"`{pf['site']}` ({pf['html_files']:,} HTML files), {pf['when']}:", "",
                  "| pages given to Pagefind | wall | CPU | peak RSS | index | load |",
                  "|---|---:|---:|---:|---:|---:|"]
        for row in pf["rows"]:
            lines.append(f"| {row['variant']} | {row['wall_s']:.1f} s | {row['cpu_s']:.1f} s | "
                         f"{row['maxrss_mb']:,.0f} MB | {_fmt(row['index_bytes'], 'B')} in "
                         f"{row['index_files']:,} files | {row['load']:.1f} |")
        lines.append("")
    rel = experiments.get("related_scaling")
    if rel:
        lines += ["## Follow-up: the entity index alone (`related_scaling.py`)", "",
                  (f"Entity lists of `{rel['site']}` (report.json), first N articles, "
                   f"{rel['when']}; \"pairs\" = story pairs the scoring loop visits (postings of "
                   "each story's entities)."), "",
                  "| N | related_stories | per story | pairs visited | entity + topic statistics |",
                  "|---:|---:|---:|---:|---:|"]
        for row in rel["rows"]:
            lines.append(f"| {row['n']:,} | {row['related_s']:.1f} s | "
                         f"{row['related_s'] / row['n'] * 1000:.1f} ms | {row['pairs']:,} | "
                         f"{row['stats_s']:.2f} s |")
        lines.append("")
    return lines


def _profile_lines(prof):
    run = prof.get("run", {})
    runs = len(prof.get("runs") or [])
    which = (f" (of {runs} profiled, the one with the median reading share)" if runs > 1
             else "")
    lines = [f"## Profile: one cold build of {prof['size']:,} seeds under cProfile{which}", "",
             (f"{prof['total_s']:.1f} s profiled ({run.get('wall_s')} s wall, {run.get('cpu_s')} s "
              f"CPU, load {(run.get('load_before') or [None])[0]} at start; cProfile slows "
              "Python-heavy code about twice, so read the shares, not the seconds). "
              f"Raw profile: `{prof.get('pstats')}` (open with `python -m pstats`)."), "",
             "### Where the time goes (cumulative seconds of key functions)", "",
             "| phase | s | share |", "|---|---:|---:|"]
    total = prof["total_s"]
    for label, value in prof["phases"].items():
        lines.append(f"| {label} | {value:.1f} | {value / total:.0%} |")
    lines += ["", ("### Self time by origin (builtins and standard library charged to their "
               "callers)"), "", "| origin | s | share |", "|---|---:|---:|"]
    for label, value in prof["by_origin"].items():
        if value >= 0.05:
            lines.append(f"| {label} | {value:.1f} | {value / total:.1%} |")
    lines += ["", "Plugin self time by concern:", "", "| plugin part | s | share of total |",
              "|---|---:|---:|"]
    for label, value in prof["plugin_groups"].items():
        lines.append(f"| {label} | {value:.1f} | {value / total:.1%} |")
    lines += ["", "| plugin module | s |", "|---|---:|"]
    for label, value in list(prof["plugin_modules"].items())[:12]:
        lines.append(f"| {label} | {value:.1f} |")
    for key, title in (("top_cumulative", ("Top 15 functions by cumulative time (wrappers that "
                                            "hold the whole run left out)")),
                       ("top_self", "Top 15 functions by self time")):
        lines += ["", f"### {title}", "", "| function | calls | self s | cumulative s |",
                  "|---|---:|---:|---:|"]
        for row in prof[key]:
            lines.append(f"| `{row['function']}` | {row['ncalls']:,} | {row['tottime']:.1f} | "
                         f"{row['cumtime']:.1f} |")
    lines.append("")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
