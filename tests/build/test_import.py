"""`invoke import` as a user runs it, then a real build of what it wrote: every imported record
is a published story whose page shows the record's headline, date, outlet and a link to the
original, and the record files beside the seeds are neither seeds nor reported."""

from __future__ import annotations

import json
import os

import pytest
from bs4 import BeautifulSoup

from akhbar.reading.sidecar import parse_sidecar
from sitebuild import ROOT, run_invoke, run_pelican

SAMPLES = ROOT / "tests" / "import_samples"


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory):
    """Two files imported with the invoke task into a new seeds folder, then one build."""
    base = tmp_path_factory.mktemp("imported")
    seeds = base / "seeds"
    runs = [run_invoke("import", str(SAMPLES / "saudinewsnet.json"), "--seeds", str(seeds),
                       "--map", "date=date_extracted"),
            run_invoke("import", str(SAMPLES / "alriyadh_rss.xml"), "--seeds", str(seeds))]
    for done in runs:
        assert done.returncode == 0, done.stdout + done.stderr
    build = run_pelican(seeds, base / "output")
    assert build.returncode == 0, build.log
    return seeds, build, runs


def sidecars(seeds):
    """{seed name: the sidecar's fields} for every seed the import wrote."""
    found = {}
    for sidecar in sorted(seeds.glob("*.meta.yml")):
        fields, warnings = parse_sidecar(sidecar.name, sidecar.read_bytes())
        assert warnings == []
        found[sidecar.name.replace(".meta.yml", ".txt")] = fields
    return found


def test_the_task_reports_what_it_imported(imported_site):
    _seeds, _build, (json_run, rss_run) = imported_site
    first = json_run.stdout.splitlines()
    assert first[0].startswith("Imported 5 record(s) of saudinewsnet.json (JSON) into ")
    assert first[0].endswith(": 4 new, 0 updated, 0 unchanged, 1 skipped")
    assert "  record 4 (line 26): no body" in first   # its content is empty in the corpus
    assert rss_run.stdout.splitlines()[0].endswith(": 3 new, 0 updated, 0 unchanged, 0 skipped")


def test_every_imported_record_is_a_published_story_with_its_metadata(imported_site):
    seeds, build, _runs = imported_site
    expected = sidecars(seeds)
    assert len(expected) == 7
    for name, fields in expected.items():
        entry = build.entry(name)
        assert entry["status"] == "published", entry
        assert entry["title"] == fields["title"]
        assert entry["date"] == fields["date"].isoformat() == "2015-08-10"
        assert entry["url"] == f"articles/{name[:-4]}/"
        assert not [w for w in entry["warnings"] if "meta.yml" in w]
        page = BeautifulSoup(build.page(entry["url"]), "html.parser")
        assert page.h1.get_text() == fields["title"]
        assert page.find("time", datetime=fields["date"].isoformat()) is not None
        link = page.find("a", class_="url")
        assert link["href"] == fields["url"] and link["rel"] == ["external", "nofollow",
                                                                 "noreferrer"]
        assert fields["source"] in page.get_text()
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert fields["source"] in json.dumps(data, ensure_ascii=False)
        # The raw seed is published as the importer wrote it.
        raw = build.output / entry["url"] / "source.txt"
        assert raw.read_bytes() == (seeds / name).read_bytes()


def test_the_body_of_each_record_is_on_its_page(imported_site):
    seeds, build, _runs = imported_site
    published = json.loads((SAMPLES / "saudinewsnet.json").read_text(encoding="utf-8"))
    for record_file in seeds.glob("*.record.json"):
        record = json.loads(record_file.read_text(encoding="utf-8"))
        if record["file"] != "saudinewsnet.json":
            continue
        page = BeautifulSoup(build.page(f"articles/{record_file.name[:16]}/"), "html.parser")
        text = " ".join(page.find("article").get_text().split())
        content = published[record["record"] - 1]["content"]
        for line in content.split("\n"):
            if line.strip():
                assert " ".join(line.split()) in text


def test_record_files_are_neither_seeds_nor_reported_as_skipped(imported_site):
    seeds, build, _runs = imported_site
    names = sorted(os.listdir(seeds))
    assert len([n for n in names if n.endswith(".record.json")]) == 7
    sources = [entry["source"] for entry in build.report["articles"]]
    assert sources == sorted(n for n in names if n.endswith(".txt"))
    assert "record.json" not in build.log and "not a seed" not in build.log


def test_an_unreadable_path_is_exit_code_2_naming_it(tmp_path):
    missing = tmp_path / "missing.jsonl"
    done = run_invoke("import", str(missing), "--seeds", str(tmp_path / "seeds"), timeout=120)
    assert done.returncode == 2
    assert f"Cannot import: {missing}: cannot be read: No such file or directory" in done.stderr
    done = run_invoke("import", str(tmp_path), "--seeds", str(tmp_path / "seeds"), timeout=120)
    assert done.returncode == 2 and "a folder, not a regular file" in done.stderr
    assert not (tmp_path / "seeds").exists()   # nothing made when nothing can be read
