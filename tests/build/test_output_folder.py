"""The output folder under attack: pointed at the seeds, holding a user's files, a build killed
half-way or two builds at once, a read-only folder, a full disk. A build refuses, before it
touches anything, a folder it may not write into; it deletes only what its own builds wrote; it
can always take over or clean a folder a killed build left; and what lies outside the output
folder is never touched."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from sitebuild import (
    ROOT,
    SEEDS,
    Build,
    as_plain_user,
    assert_same_site,
    copied_seeds,
    descendants,
    pelican_command,
    run_invoke,
    run_pelican,
    running,
    snapshot,
)

MARKER = ".akhbar-output"


def _seeds_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, folder)
    return folder


def _refused(done, *words: str) -> None:
    text = " ".join((done.stdout + done.stderr).split())
    assert done.returncode == 2, text[-3000:]
    for word in ("Refusing to build", *words):
        assert word in text, text[-3000:]
    assert "Traceback" not in text


# --- where a build may write -------------------------------------------------------------------


@pytest.mark.repository_cache  # `invoke build` into a new folder: a build
def test_seeds_put_into_an_earlier_output_are_never_deleted(tmp_path):
    """Build into a new folder, put seeds in it, build again with that folder for both: the
    build refuses, and every seed is still there, byte for byte."""
    site = tmp_path / "site"
    assert run_invoke("build", "--output", str(site)).returncode == 0
    _seeds_in(site)
    before = snapshot(site)
    _refused(run_invoke("build", "--seeds", str(site), "--output", str(site)),
             "it is the seeds folder")
    assert snapshot(site) == before


@pytest.mark.parametrize(("output", "how"), [
    ("seeds/site", "lies inside the seeds folder"),
    ("", "holds the seeds folder"),
])
def test_an_output_folder_inside_or_around_the_seeds_is_refused(tmp_path, output, how):
    seeds = _seeds_in(tmp_path / "seeds")
    before = snapshot(tmp_path)
    _refused(run_invoke("build", "--seeds", str(seeds), "--output", str(tmp_path / output)), how)
    assert snapshot(tmp_path) == before


def test_the_plugin_itself_refuses_without_invoke(tmp_path):
    """`pelican -s pelican.conf.py` builds the same site as `invoke build`: the plugin checks
    the output folder too, before anything is written (even one that holds an earlier build's
    marker)."""
    seeds = _seeds_in(tmp_path / "seeds")
    (seeds / MARKER).write_text(json.dumps({"format": 1, "state": "complete", "names": []}))
    before = snapshot(tmp_path)
    for output in (seeds, seeds / "out", ROOT / "content"):
        build = run_pelican(seeds, output)
        assert build.returncode == 2, build.log
        assert "Refusing to build into" in build.log and "Traceback" not in build.log
    assert snapshot(tmp_path) == before


def test_a_folder_holding_files_no_build_wrote_is_refused_and_left_alone(tmp_path):
    site = tmp_path / "site"
    assert run_pelican(SEEDS, site).returncode == 0
    (site / "thesis.docx").write_bytes(b"my work")
    before = snapshot(tmp_path)
    build = run_pelican(SEEDS, site)
    assert build.returncode == 2 and "thesis.docx, which no Akhbar build wrote" in build.log
    assert snapshot(tmp_path) == before
    done = run_invoke("clean", "--output", str(site))  # deletes the site, not the thesis
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(os.listdir(site)) == ["thesis.docx"]


def test_an_output_without_the_marker_is_neither_built_into_nor_cleaned(tmp_path):
    """An older version's output (report.json, no marker) or any other folder: refused by both,
    with what to do."""
    old = tmp_path / "old"
    old.mkdir()
    (old / "report.json").write_text('{"articles": []}')
    (old / "index.html").write_text("a page")
    before = snapshot(tmp_path)
    _refused(run_invoke("build", "--output", str(old)), "delete it once yourself")
    done = run_invoke("clean", "--output", str(old))
    assert done.returncode == 2 and "Refusing to delete" in done.stdout + done.stderr
    assert snapshot(tmp_path) == before


# --- builds killed, builds at once -------------------------------------------------------------


def _start(seeds: Path, output: Path, **settings) -> subprocess.Popen:
    return subprocess.Popen(pelican_command(seeds, output, **settings), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)


def _wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _pages(folder: Path) -> int:
    try:
        return len(os.listdir(folder / "articles"))
    except OSError:
        return 0


def _marker(output: Path) -> dict:
    return json.loads((output / MARKER).read_text())


def _building(output: Path, pages: int) -> bool:
    """Whether a build has claimed `output` and has `pages` article folders there."""
    try:
        return _marker(output)["state"] == "building" and _pages(output) >= pages
    except (OSError, ValueError):
        return False


@pytest.fixture(scope="session")
def many(tmp_path_factory):
    """200 seeds: a build long enough to be killed while it writes pages, and its cold build
    (made once by each worker that runs these tests, which then need not share one)."""
    base = tmp_path_factory.mktemp("many")
    seeds = copied_seeds(base / "seeds", 40)
    cold = run_pelican(seeds, base / "cold")
    assert cold.returncode == 0, cold.log
    return seeds, cold.output


def test_a_build_killed_half_way_is_taken_over_by_the_next_and_cleaned_by_clean(tmp_path, many):
    seeds, cold = many
    output, cache = tmp_path / "out", tmp_path / "cache"
    for attempt in ("build", "clean"):
        build = _start(seeds, output, AKHBAR_CACHE_PATH=str(cache))
        _wait_for(lambda: _building(output, 20))
        os.killpg(build.pid, signal.SIGKILL)  # the whole build: main process and children
        build.wait()
        assert _marker(output)["state"] == "building", "killed while it wrote"
        if attempt == "build":
            again = run_pelican(seeds, output, AKHBAR_CACHE_PATH=str(cache))
            assert again.returncode == 0, again.log
            assert_same_site(cold, output)
        else:
            done = run_invoke("clean", "--output", str(output))
            assert done.returncode == 0, done.stdout + done.stderr
            assert not output.exists() and not (tmp_path / ".out.akhbar-previous").exists()


def test_the_children_of_a_build_die_with_it(tmp_path, many):
    """SIGKILL to the build's process alone, as the out-of-memory killer sends it: the forked
    tree writer, the pool and Pagefind must not go on (a writer used to block forever on its
    pipe); the next build gives the cold build's bytes, its search bundles whole."""
    seeds, cold = many
    output, cache = tmp_path / "out", tmp_path / "cache"
    assert run_pelican(seeds, output, AKHBAR_CACHE_PATH=str(cache)).returncode == 0
    (seeds / "000_5288d6f156908d5f0.txt").write_text(  # an edit: a shard is indexed again
        "عنوان جديد في حلب\n\nقال مسؤول في حلب إن الطريق فتح.\n", encoding="utf-8")
    try:
        build = _start(seeds, output, AKHBAR_CACHE_PATH=str(cache), AKHBAR_JOBS=2)
        _wait_for(lambda: descendants(build.pid))  # the tree writer (or Pagefind) is at work
        children = descendants(build.pid)
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        time.sleep(0.5)
        assert not [pid for pid in children if running(pid)], "children outlived the build"
    finally:
        shutil.copy(copied_seeds(tmp_path / "fresh", 40) / "000_5288d6f156908d5f0.txt", seeds)
    again = run_pelican(seeds, output, AKHBAR_CACHE_PATH=str(cache))
    assert again.returncode == 0, again.log
    assert_same_site(cold, output)


def test_two_builds_into_one_folder_take_turns(tmp_path, many):
    seeds, cold = many
    output = tmp_path / "out"
    first = _start(seeds, output)
    _wait_for(lambda: (output / MARKER).exists())
    second = _start(seeds, output)
    logs = [process.communicate(timeout=300)[0] for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], logs
    joined = " ".join(logs[1].split())
    assert f"another build is writing into {output}; waiting for it to finish" in joined
    assert "Search index not built" not in logs[0] + logs[1]
    assert_same_site(cold, output)


# --- a folder that cannot be written -----------------------------------------------------------


def _one_line_failure(build, *words: str) -> None:
    assert build.returncode == 1, build.log
    assert "Traceback" not in build.log and "CRITICAL" not in build.log, build.log[-3000:]
    errors = [line for line in build.log.splitlines() if "ERROR" in line]
    assert len(errors) == 1, build.log[-3000:]
    flat = " ".join(build.log.split())
    for word in words:
        assert word in flat, flat[-3000:]


def _as_plain_user(tmp_path, output, **settings):
    prefix = as_plain_user()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to count")
    command = prefix + pelican_command(SEEDS, output, **settings)
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200"})
    return Build(output, done.returncode, done.stdout + done.stderr)


def test_a_read_only_output_folder_fails_in_one_line(tmp_path):
    output = tmp_path / "out"
    assert run_pelican(SEEDS, output).returncode == 0
    before = snapshot(tmp_path)
    for mode, what in ((0o555, "cannot prepare the output folder"),  # the folder itself
                       (0o755, "cannot empty the output folder")):  # only a folder in it
        os.chmod(output, mode)
        os.chmod(output / "articles", 0o555)
        try:
            build = _as_plain_user(tmp_path, output)
        finally:
            os.chmod(output, 0o755)
            os.chmod(output / "articles", 0o755)
        _one_line_failure(build, what, "Permission denied", str(output))
        if mode == 0o555:  # nothing could be written: the folder is as it was
            assert {k: v for k, v in snapshot(tmp_path).items() if MARKER not in k} == {
                k: v for k, v in before.items() if MARKER not in k}


def test_a_full_disk_fails_in_one_line(tmp_path):
    """The build writes into a 700 KB file system (a private tmpfs mount)."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare")
    mount = tmp_path / "small"
    mount.mkdir()
    script = (f"mount -t tmpfs -o size=700k tmpfs {mount} && exec "
              + " ".join(f"'{part}'" for part in pelican_command(SEEDS, mount / "out")))
    command = (["unshare", "--mount", "sh", "-c", script] if os.geteuid() == 0 else
               ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script])
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "200"})
    if "mount" in done.stderr and done.returncode != 1:
        pytest.skip(f"a file system cannot be mounted here: {done.stderr.strip()}")
    build = Build(mount / "out", done.returncode, done.stdout + done.stderr)
    _one_line_failure(build, "No space left on device", str(mount / "out"))


def test_an_unreadable_folder_of_seeds_is_reported(tmp_path):
    seeds = _seeds_in(tmp_path / "seeds")
    locked = seeds / "locked"
    locked.mkdir()
    shutil.copy(SEEDS / "000_5288d6f156908d5f.txt", locked / "hidden_away.txt")
    prefix = as_plain_user()
    if prefix is None:
        pytest.skip("running as root without setpriv: permissions cannot be made to count")
    os.chmod(locked, 0)
    try:
        done = subprocess.run(prefix + pelican_command(seeds, tmp_path / "out"), cwd=ROOT,
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "COLUMNS": "200"})
    finally:
        os.chmod(locked, 0o755)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    entry = next(e for e in report["articles"] if e["source"] == "locked/")
    assert entry["status"] == "error"
    assert entry["warnings"] == ["folder cannot be read: Permission denied"]
    assert "locked/ not read: folder cannot be read" in " ".join(done.stdout.split())


# --- the whole of it ---------------------------------------------------------------------------


def test_a_hostile_session_touches_nothing_outside_the_output(tmp_path, many):
    """A user's folder with documents, seeds and an earlier build: bad output folders, a build
    killed half-way, two at once, a rebuild and a clean. Afterwards every file that was there
    outside the output folder is there with the same bytes, and nothing was added beside it."""
    seeds, _cold = many
    home = tmp_path / "home"
    (home / "documents").mkdir(parents=True)
    (home / "documents" / "thesis.docx").write_bytes(os.urandom(4096))
    (home / "documents" / "report.json").write_text("{}")
    my_seeds = _seeds_in(home / "seeds")
    shutil.copytree(seeds, home / "archive", symlinks=True)
    (home / "seeds" / "link-to-docs").symlink_to(home / "documents")
    output = home / "site"
    before = snapshot(home)
    for target, seed_folder in ((home / "documents", my_seeds), (my_seeds, my_seeds),
                                (my_seeds / "out", my_seeds), (home, my_seeds)):
        done = run_invoke("build", "--seeds", str(seed_folder), "--output", str(target))
        assert done.returncode == 2, (target, done.stdout + done.stderr)
        if target.exists():
            assert run_invoke("clean", "--output", str(target)).returncode == 2, target
    build = _start(home / "archive", output)
    _wait_for(lambda: _building(output, 10))
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    runs = [_start(home / "archive", output), _start(my_seeds, output)]
    logs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], logs
    assert run_invoke("clean", "--output", str(output)).returncode == 0
    after = snapshot(home)
    assert after == before


# --- what the attack on the first version of these rules found ---------------------------------


def test_links_put_inside_the_output_are_never_followed(tmp_path):
    """A folder of the output replaced by a link to the user's files: a rebuild (which brings
    the previous build's pages back) must neither empty nor write into what the link shows."""
    seeds, site, cache = _seeds_in(tmp_path / "seeds"), tmp_path / "site", tmp_path / "cache"
    assert run_pelican(seeds, site, AKHBAR_CACHE_PATH=str(cache)).returncode == 0
    elsewhere, notes = tmp_path / "elsewhere", tmp_path / "notes"
    (elsewhere / "articles" / "2020").mkdir(parents=True)
    (elsewhere / "articles" / "2020" / "thesis.txt").write_text("my thesis")
    (elsewhere / "articles" / "todo.txt").write_text("todo")
    notes.mkdir()
    (notes / "index.html").write_text("my notes")
    (notes / "source.txt").write_text("keep me")
    shutil.rmtree(site / "en")
    (site / "en").symlink_to(elsewhere)
    before = snapshot(tmp_path / "elsewhere"), snapshot(notes)
    build = run_pelican(seeds, site, AKHBAR_CACHE_PATH=str(cache))
    assert build.returncode == 0, build.log  # en/ was set aside as the link it is
    assert (snapshot(tmp_path / "elsewhere"), snapshot(notes)) == before
    assert not (site / "en").is_symlink() and (site / "en" / "articles").is_dir()
    shutil.rmtree(site / "articles" / "5288d6f156908d5f")
    (site / "articles" / "5288d6f156908d5f").symlink_to(notes)
    build = run_pelican(seeds, site, AKHBAR_CACHE_PATH=str(cache))
    _one_line_failure(build, "symbolic link", f"remove it: {site}/articles/5288d6f156908d5f")
    assert "5288d6f156908d5f/index.html" not in "".join(build.log.split())  # the link, named
    assert (snapshot(tmp_path / "elsewhere"), snapshot(notes)) == before


def test_what_the_user_adds_after_a_killed_build_is_theirs(tmp_path, many):
    seeds, _cold = many
    output = tmp_path / "out"
    build = _start(seeds, output)
    _wait_for(lambda: _building(output, 10))
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    (output / "my-drafts").mkdir()
    (output / "my-drafts" / "letter.txt").write_text("unsaved work")
    (output / "NOTES.md").write_text("mine")
    _refused(run_invoke("build", "--seeds", str(seeds), "--output", str(output)), "NOTES.md")
    done = run_invoke("clean", "--output", str(output))
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(os.listdir(output)) == ["NOTES.md", "my-drafts"]
    assert (output / "my-drafts" / "letter.txt").read_text() == "unsaved work"


def test_a_cache_folder_in_the_seeds_or_among_the_user_s_files_is_never_touched(tmp_path):
    seeds = _seeds_in(tmp_path / "seeds")
    (seeds / "templates" / "2016").mkdir(parents=True)  # names the cache uses too
    shutil.copy(SEEDS / "000_5288d6f156908d5f.txt", seeds / "templates" / "2016" / "story.txt")
    (seeds / "ab").mkdir()
    (seeds / "ab" / "notes.pickle").write_bytes(b"mine")
    before = snapshot(seeds)
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_CACHE_PATH=str(seeds))
    assert build.returncode == 2 and "use as the cache folder" in build.log, build.log
    assert snapshot(seeds) == before
    documents = tmp_path / "documents"
    (documents / "templates").mkdir(parents=True)
    (documents / "templates" / "letter.odt").write_bytes(b"mine")
    before = snapshot(documents)
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_CACHE_PATH=str(documents))
    assert build.returncode == 0, build.log
    assert "the cache is off for this build" in " ".join(build.log.split())
    assert snapshot(documents) == before


def test_a_template_cache_in_the_seeds_or_among_the_user_s_files_is_never_touched(tmp_path):
    """AKHBAR_TEMPLATE_CACHE_PATH, a folder of compiled templates of its own: not one the build
    reads or writes, and not a folder holding other files (then unused, with a warning)."""
    seeds = _seeds_in(tmp_path / "seeds")
    before = snapshot(seeds)
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_TEMPLATE_CACHE_PATH=str(seeds / "t"))
    assert build.returncode == 0, build.log
    assert "compiled templates are not kept" in " ".join(build.log.split())
    assert snapshot(seeds) == before
    documents = tmp_path / "documents"
    (documents / ("0" * 32)).mkdir(parents=True)  # a name the cache gives its folders
    (documents / "letter.odt").write_bytes(b"mine")
    before = snapshot(documents)
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_TEMPLATE_CACHE_PATH=str(documents))
    assert build.returncode == 0, build.log
    assert "Template cache" in build.log and "not used" in build.log
    assert snapshot(documents) == before


def test_a_kept_name_the_build_writes_under_is_refused_and_left_alone(tmp_path):
    """OUTPUT_RETENTION keeps a name from the build's hands; a name the build writes its own
    files under (data/, search/) cannot be both: the user's files there would be replaced."""
    seeds = _seeds_in(tmp_path / "seeds")
    output = tmp_path / "out"
    assert run_pelican(seeds, output, AKHBAR_DATA_FILES=False).returncode == 0
    (output / "data").mkdir()
    (output / "data" / "stories.csv").write_text("my own dataset\n")
    before = snapshot(output)
    build = run_pelican(seeds, output, OUTPUT_RETENTION=["data", "CNAME"])
    assert build.returncode == 2, build.log
    assert "OUTPUT_RETENTION keeps data" in " ".join(build.log.split())
    assert snapshot(output) == before


def test_an_output_folder_named_like_console_markup_is_shown_as_named(tmp_path):
    output = tmp_path / "out[/x] [bold]"
    build = run_pelican(SEEDS, output)
    assert build.returncode == 0, build.log
    assert f"{output}/report.json" in "".join(build.log.split("\n"))


def test_an_interrupted_build_fails_and_the_next_one_takes_over(tmp_path, many):
    seeds, cold = many
    output = tmp_path / "out"
    build = _start(seeds, output)
    _wait_for(lambda: _building(output, 10))
    os.killpg(build.pid, signal.SIGINT)  # Ctrl-C in the terminal
    log = build.communicate(timeout=120)[0]
    assert build.returncode not in (0, None), log
    assert "interrupted" in log and "Traceback" not in log
    assert _marker(output)["state"] == "building"
    assert run_pelican(seeds, output).returncode == 0
    assert_same_site(cold, output)


def test_a_rebuild_never_writes_into_a_file_another_name_shares(tmp_path):
    """A snapshot of the site made with hard links (cp -al, rsync --link-dest) shares its
    files with the output: a rebuild replaces a changed page with a new file, never writes
    into the old one."""
    seeds, site, cache = _seeds_in(tmp_path / "seeds"), tmp_path / "site", tmp_path / "cache"
    assert run_pelican(seeds, site, AKHBAR_CACHE_PATH=str(cache)).returncode == 0
    subprocess.run(["cp", "-al", str(site), str(tmp_path / "snapshot")], check=True)
    before = snapshot(tmp_path / "snapshot")
    seed = seeds / "000_5288d6f156908d5f.txt"
    seed.write_text(seed.read_text(encoding="utf-8") + "\nوأضاف أن المحادثات ستستمر.\n",
                    encoding="utf-8")
    build = run_pelican(seeds, site, AKHBAR_CACHE_PATH=str(cache))
    assert build.returncode == 0, build.log
    assert snapshot(tmp_path / "snapshot") == before
    assert (site / "articles/5288d6f156908d5f/source.txt").read_bytes() == seed.read_bytes()


def test_what_appears_in_the_output_during_a_build_is_not_taken_for_the_build_s(tmp_path):
    seeds, output = copied_seeds(tmp_path / "seeds", 20), tmp_path / "out"
    build = _start(seeds, output)
    _wait_for(lambda: _building(output, 1))
    (output / "thesis.txt").write_text("mine")
    (output / "photos").mkdir()
    (output / "photos" / "a.jpg").write_bytes(b"jpg")
    log = build.communicate(timeout=300)[0]
    assert build.returncode == 0, log
    assert "thesis.txt" in log and "appeared in" in " ".join(log.split())
    assert {"thesis.txt", "photos"}.isdisjoint(_marker(output)["names"])
    before = snapshot(output)
    again = run_pelican(seeds, output)
    assert again.returncode == 2 and "no Akhbar build wrote" in again.log
    assert snapshot(output) == before


def test_names_of_files_no_build_wrote_are_shown_escaped(tmp_path):
    site = tmp_path / "site"
    assert run_pelican(SEEDS, site).returncode == 0
    (site / "evil\x1b[2J\nERROR fake line").write_text("x")
    for done in (run_invoke("build", "--output", str(site)),
                 run_invoke("clean", "--output", str(site))):
        text = done.stdout + done.stderr
        assert "\x1b" not in text and "\nERROR fake line" not in text, text
        assert "evil\\x1b[2J\\x0aERROR fake line" in "".join(text.split("\n"))
