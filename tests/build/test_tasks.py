"""The invoke tasks users run: serve, clean, and progress on large folders."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from akhbar.incremental.seed_cache import DATABASE
from sitebuild import ROOT, SEEDS, descendants, run_pelican, running


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_serves_the_built_site_on_localhost(site):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port),
         "--output", str(site.output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                url = f"http://127.0.0.1:{port}/articles/5288d6f156908d5f/"
                with urllib.request.urlopen(url) as r:
                    body = r.read().decode("utf-8")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert "لافروف: لدى روسيا وتركيا مفهوم مشترك" in body
        below = descendants(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    # Stopping the task stops the server: nothing it started is left holding the port.
    assert not [pid for pid in below if running(pid)]
    with socket.socket() as sock:  # no server listens (the closed connections may linger)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))


def test_serve_without_a_build_says_so(tmp_path):
    done = subprocess.run([sys.executable, "-m", "invoke", "serve",
                           "--output", str(tmp_path / "none")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "run `invoke build` first" in done.stdout + done.stderr


def test_clean_removes_the_output(tmp_path):
    out = tmp_path / "out"
    assert run_pelican(SEEDS, out).returncode == 0
    aside = tmp_path / ".out.akhbar-previous"  # what a build killed mid-way leaves (reuse.py)
    (aside / "articles").mkdir(parents=True)
    (aside / ".akhbar-aside").touch()
    done = subprocess.run([sys.executable, "-m", "invoke", "clean", "--output", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not out.exists() and not aside.exists()


def test_clean_with_cache_empties_the_seed_cache(tmp_path):
    from pelican.settings import read_settings

    cache = Path(read_settings(str(ROOT / "pelican.conf.py"))["AKHBAR_CACHE_PATH"])
    out = tmp_path / "out"
    assert run_pelican(SEEDS, out, AKHBAR_CACHE_PATH=str(cache)).returncode == 0
    assert (cache / DATABASE).is_file()
    done = subprocess.run([sys.executable, "-m", "invoke", "clean", "--output", str(out),
                           "--cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not out.exists() and not cache.exists()


def test_large_folder_shows_progress(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    body = (SEEDS / "000_5288d6f156908d5f.txt").read_bytes()
    for n in range(200):
        (seeds / f"{n:03d}_seed{n}.txt").write_bytes(body)
    build = run_pelican(seeds, tmp_path / "out")
    assert build.returncode == 0, build.log
    progress = [line for line in build.log.splitlines() if line.startswith("Akhbar: read ")]
    assert progress[0] == "Akhbar: read 20/200 seeds"
    assert progress[-1] == "Akhbar: read 200/200 seeds"
    assert len(progress) == 10
