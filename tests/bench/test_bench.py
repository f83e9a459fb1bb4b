"""The scale benchmark (bench/) measures what it says it measures.

Its corpus is deterministic, varied, and read by the real plugin exactly as the generator meant
it: the language, date and date origin, headline and body paragraphs it wrote, under all the
noise it added. A small run of the harness makes every build it reports and writes the report.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter

import pytest
from bs4 import BeautifulSoup

from akhbar.reading.preparation import prepare_seed
from sitebuild import ROOT, prepare_settings

sys.path.insert(0, str(ROOT / "bench"))
import corpus  # bench/corpus.py, not a package

COUNT = 400  # enough for every kind of noise, English seeds and other encodings to turn up


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    manifest = corpus.generate(COUNT, folder, quiet=True)
    material = corpus.load_material()
    articles = [corpus.make_article(i, 1, material, 0.05, 0.10) for i in range(COUNT)]
    return folder, manifest, articles


@pytest.fixture(scope="module")
def conf():
    return prepare_settings()


def _files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != "manifest.json"}  # the manifest notes the time taken


def test_the_corpus_is_the_same_bytes_every_time_and_a_larger_one_extends_it(tmp_path,
                                                                              generated):
    folder, _manifest, _articles = generated
    corpus.generate(COUNT, tmp_path / "again", quiet=True)
    corpus.generate(COUNT + 50, tmp_path / "larger", quiet=True)
    first, again, larger = _files(folder), _files(tmp_path / "again"), _files(tmp_path / "larger")
    assert again == first
    assert len(larger) > len(first)
    assert {name: larger[name] for name in first} == first


def test_the_corpus_is_varied_not_one_text_repeated(generated):
    folder, manifest, articles = generated
    stats = manifest["stats"]
    assert stats["arabic"] + stats["english"] == COUNT
    assert stats["english"] > 0 and stats["windows_1256"] > 0 and stats["sidecars"] > 0
    assert stats["dateline"] and stats["text_date"] and stats["undated"]
    paragraphs = [p for article in articles for p in article.body]
    assert len(set(paragraphs)) > 0.8 * len(paragraphs)
    sizes = sorted(len(article.raw) for article in articles)
    assert sizes[-1] > 5 * sizes[0]
    raw = [article.raw.decode(article.encoding) for article in articles]
    for noise in ("[ads1]", "+ الخط -", "اترك رد"):
        assert sum(noise in text for text in raw) > COUNT // 20, noise
    assert sum(bool(re.search(r"\b(?:اقرأ|إقرأ) أيض", text)) for text in raw) > COUNT // 20
    # The manifest counts what is in the files.
    assert sum(1 for p in (folder / "seeds").glob("*.meta.yml")) == stats["sidecars"]
    assert sum(a.encoding == "windows-1256" for a in articles) == stats["windows_1256"]


def test_the_reader_finds_in_each_seed_what_the_generator_wrote(generated, conf):
    """Language, date and where it was found, headline, and the body paragraphs word for word:
    every kicker, repeated headline, caption, ad, teaser and widget line the generator added is
    taken out, and nothing of the article with them."""
    folder, _manifest, articles = generated
    wrong: Counter = Counter()
    entities = Counter()
    for article in articles:
        prepared = prepare_seed(folder / "seeds" / f"{article.stem}.txt", conf)
        result = prepared.result
        assert result.status == "published", (article.stem, result.warnings)
        body = [tag.get_text() for tag in
                BeautifulSoup(prepared.content, "html.parser").find_all(["p", "h2"])]
        # A date in the text alone is a candidate, not the story's date (AKHBAR_DATES_FROM_TEXT).
        assert result.date is None or result.date_origin != "text", article.stem
        found = {"lang": result.lang, "date": result.date or result.date_candidate,
                 "date_kind": result.date_origin or ("text" if result.date_candidate else "none"),
                 "title": result.title, "body": body}
        meant = {"lang": article.lang, "date": article.date, "date_kind": article.date_kind,
                 "title": article.title, "body": article.body}
        for field, value in meant.items():
            if found[field] != value:
                wrong[field] += 1
                print(article.stem, field, found[field], "!=", value)
        entities.update(prepared.metadata["entities"])
        assert prepared.metadata["entities"] or not article.mentions, article.stem
    assert not wrong
    # Popular names in many articles, most in few (the corpus's Zipf-like cast).
    counts = sorted(entities.values(), reverse=True)
    assert counts[0] > COUNT // 4 and len(counts) > 100 and counts[len(counts) // 2] < COUNT // 20


def test_a_small_run_of_the_harness_makes_every_build_and_writes_the_report(tmp_path):
    size = 30
    results = tmp_path / "results"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", str(size), "--no-profile",
         "--fresh", "--work", str(tmp_path / "work"), "--results-dir", str(results),
         "--timeout", "300"],
        capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    data = json.loads((results / "results.json").read_text(encoding="utf-8"))
    entry = data["sizes"][str(size)]
    for site, kinds in (("akhbar", ("cold", "warm", "edit_text", "edit")),
                        ("baseline", ("cold", "warm", "edit"))):
        for kind in kinds:
            build = entry[site][kind]
            assert build["returncode"] == 0 and not build["timed_out"], (site, kind)
            assert build["wall_s"] > 0 and build["maxrss_mb"] > 0, (site, kind)
    logs = tmp_path / "work" / "logs"
    # The warm build reads every seed from the cache; each edit prepares the edited seed alone.
    assert f"({size} from the cache" in (logs / f"akhbar-{size}-warm.log").read_text()
    for kind in ("edit-text", "edit"):
        assert f"({size - 1} from the cache" in (logs / f"akhbar-{size}-{kind}.log").read_text()
    assert entry["akhbar"]["output"]["html_files"] > size
    report = (results / "RESULTS.md").read_text(encoding="utf-8")
    for heading in ("## Machine", "## Builds: Akhbar against plain Pelican (baseline)",
                    "## Against the issue's targets"):
        assert heading in report
    assert f"| {size} seeds |" in report
    assert "**Cold build**, wall: Akhbar" in report


def test_the_profile_groups_name_the_plugin_s_modules():
    """Each module the profile's concern table names exists, and the reading and matching rows
    (the ones the results headline) hold their layers' modules: a module moved or renamed is
    not quietly counted as 'other'."""
    import run  # bench/run.py

    plugin = ROOT / "plugins" / "akhbar"
    modules = {p.relative_to(plugin).with_suffix("").as_posix().replace("/", ".")
               for p in plugin.rglob("*.py")}
    named = set().union(*run.PLUGIN_GROUPS.values())
    assert named <= modules, sorted(named - modules)
    layer = {m for m in modules if m.startswith(("reading.", "text.")) and "__init__" not in m}
    assert layer <= run.PLUGIN_GROUPS[run.READING], sorted(layer - run.PLUGIN_GROUPS[run.READING])
    names = {m for m in modules if m.startswith("names.") and "__init__" not in m}
    assert names <= named, sorted(names - named)
