"""`invoke import` as a user runs it, then a real build of what it wrote: every imported record
is a published story whose page shows the record's headline, date, outlet and a link to the
original, and the record files beside the seeds are neither seeds nor reported."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time

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


def test_options_that_cannot_be_used_are_exit_code_2_without_reading(tmp_path):
    missing = str(tmp_path / "missing.jsonl")
    done = run_invoke("import", missing, "--seeds", str(tmp_path / "s"), "--max-mb", "abc",
                      timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "Cannot import: --max-mb abc: not a number of megabytes" in done.stderr
    done = run_invoke("import", missing, "--seeds", str(tmp_path / "s"), "--format", "xml",
                      timeout=120)
    assert done.returncode == 2 and "Cannot import: unknown format 'xml'" in done.stderr


def test_a_seeds_folder_in_an_output_folder_is_exit_code_2(tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / ".akhbar-output").write_text("{}")
    seeds = tmp_path / "output" / "seeds"
    done = run_invoke("import", str(SAMPLES / "scrapy_items.jl"), "--seeds", str(seeds),
                      timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    assert (f"Cannot import: {seeds} lies in {tmp_path / 'output'}, an Akhbar output folder"
            " (.akhbar-output): the next build into it would delete the seeds") in done.stderr
    assert not seeds.exists()


def many_records(path, title, count=3000):
    """`count` records named by their address: a second file of them updates the first's."""
    path.write_text("".join(json.dumps({"url": f"https://example.com/{n}", "title": f"{title}"
                                        f" {n}", "text": f"نص الخبر {n}"}) + "\n"
                            for n in range(count)), encoding="utf-8")
    return path


def start_import(*args):
    return subprocess.Popen([sys.executable, "-m", "invoke", "import", *map(str, args)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200"})


def consistent(seeds) -> list[str]:
    """The record files of `seeds`, each checked to name the seed and sidecar beside it as
    they are (the files of one import, not two); nothing else is in the folder."""
    files = []
    for record_file in sorted(seeds.glob("*.record.json")):
        record = json.loads(record_file.read_text(encoding="utf-8"))
        for entry in ("seed", "sidecar"):
            data = (seeds / record[entry]["name"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == record[entry]["sha256"], record_file
        files.append(record["file"])
    assert len(os.listdir(seeds)) == 3 * len(files)   # no lock file, no partial file
    return files


def test_two_imports_into_one_folder_take_turns(tmp_path):
    """The second waits for the first (as builds do), so their files never interleave."""
    seeds = (tmp_path / "seeds").resolve()
    first = start_import(many_records(tmp_path / "a.jsonl", "أ"), "--seeds", seeds)
    second = None
    try:
        assert first.stdout.readline() == "Akhbar import: 2,000 records read\n"
        first.send_signal(signal.SIGSTOP)   # stopped with the folder's lock held
        second = start_import(many_records(tmp_path / "b.jsonl", "ب"), "--seeds", seeds)
        assert second.stdout.readline() == (f"Akhbar import: another import is writing into"
                                            f" {seeds}; waiting\n")
        time.sleep(1)
        assert second.poll() is None
        first.send_signal(signal.SIGCONT)
        out_first, _ = first.communicate(timeout=300)
        out_second, _ = second.communicate(timeout=300)
    finally:
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGCONT)
                process.kill()
                process.wait()
    assert (first.returncode, second.returncode) == (0, 0)
    assert out_first.endswith(": 3,000 new, 0 updated, 0 unchanged, 0 skipped\n")
    assert out_second.endswith(": 0 new, 3,000 updated, 0 unchanged, 0 skipped\n")
    assert consistent(seeds) == ["b.jsonl"] * 3000


def test_ctrl_c_stops_an_import_saying_how_far_it_went(tmp_path):
    seeds, source = tmp_path / "seeds", many_records(tmp_path / "a.jsonl", "أ")
    process = start_import(source, "--seeds", seeds)
    try:
        assert process.stdout.readline() == "Akhbar import: 2,000 records read\n"
        process.send_signal(signal.SIGSTOP)   # so that it is still importing when Ctrl-C lands
        process.send_signal(signal.SIGINT)
        process.send_signal(signal.SIGCONT)
        _out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    said = re.fullmatch(r"Import interrupted after ([\d,]+) record\(s\) \(\1 new, 0 updated,"
                        r" 0 unchanged, 0 skipped\); run it again to continue\n", err)
    assert said, err
    done = int(said.group(1).replace(",", ""))
    assert done <= len(consistent(seeds)) <= done + 1   # each story whole, or not there
    again = run_invoke("import", str(source), "--seeds", str(seeds), timeout=300)
    assert again.returncode == 0
    counts = re.search(r": (\S+) new, 0 updated, (\S+) unchanged, 0 skipped$", again.stdout)
    assert sum(int(n.replace(",", "")) for n in counts.groups()) == 3000
    assert len(consistent(seeds)) == 3000
