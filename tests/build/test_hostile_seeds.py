"""A seeds folder as a hostile or careless user leaves it, built with `invoke build` for
publishing (feeds on): links out of the folder, a named pipe, a device, odd file names, markup
and scripts in headlines and sidecars, sidecars that bomb or lie, characters other tools leave.
The build finishes (a pipe that were opened would hang it: the timeout fails the test), every
entry is a page or a report line with its reason, nothing from outside the folder is published,
and no seed text acts as markup in any format."""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from akhbar.search.bundles import bundle_files
from samples import PERSIAN, URDU
from sitebuild import SEEDS, run_invoke, run_pelican, snapshot

SITEURL = "https://example.org/archive"
ATOM = "{http://www.w3.org/2005/Atom}"
SECRET = "root-secret-8d1f:x:0:0"  # in a file outside the seeds folder, linked from inside
LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
          + "".join(f'{b}: &{b} [{",".join(["*" + a] * 9)}]\n'
                    for a, b in zip("abcdefgh", "bcdefghi", strict=True)) + "title: *i\n")
ARTICLE_BODY = "\n\nقال مسؤول في حلب إن الطريق إلى إدلب فتح أمام القوافل يوم 14 ديسمبر 2016.\n"
ENGLISH = ("Aid convoy reaches Aleppo\n\nMarch 5, 2020\n\n"
           'The form said: Click <a href="login.php">here</a> to log in, witnesses reported.\n')


def _seeds(base: Path) -> Path:
    seeds, outside = base / "seeds", base / "outside"
    (seeds / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n\nnot for publishing\n")
    (outside / "inner.txt").write_text(f"{SECRET}\n\nnot for publishing either\n")
    shutil.copy(SEEDS / "000_5288d6f156908d5f.txt", seeds)
    shutil.copy(SEEDS / "001_29c8a2bbd072e2bf.txt", seeds / "NEWS.TXT")
    shutil.copy(SEEDS / "002_83acb8b9ddc948e2.txt", seeds / "..txt")
    (seeds / "passwd.txt").symlink_to(outside / "secret.txt")
    (seeds / "outside").symlink_to(outside)
    (seeds / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(seeds / "pipe.txt")
    (seeds / "notes.md").write_text("Title: Evil\nDate: 2020-01-01\n\n<script>alert(1)</script>\n")
    (seeds / "lone.meta.yml").write_text("title: a sidecar without its seed\n")
    # A headline that opens the HTML parser's script-escape states inside the JSON-LD.
    (seeds / "comment.txt").write_text("اجتماع <!--<script> في حلب" + ARTICLE_BODY)
    (seeds / "comment.meta.yml").write_text(
        'url: "javascript:alert(document.domain)"\n'
        'summary_en: "<img src=x onerror=alert(1)> Talks in Aleppo"\n'
        'title_en: "Meeting in Aleppo"\nsection: "!!!"\ndate: 2016-12-14\n')
    (seeds / "english.txt").write_text(ENGLISH)
    (seeds / "bidi.txt").write_text("عاجل \u202eمن حلب" + ARTICLE_BODY)
    (seeds / "bidi.meta.yml").write_text("date: 2016-12-14\n")  # dated: it is in the feeds
    (seeds / "emoji.txt").write_text("قوافل المساعدات تصل" + ARTICLE_BODY)
    (seeds / "emoji.meta.yml").write_text('section: "🔥🔥"\n')
    (seeds / "sub" / "laughs.txt").write_text("قمة أستانا" + ARTICLE_BODY)
    (seeds / "sub" / "laughs.meta.yml").write_text(LAUGHS)
    (seeds / "typed.txt").write_text("لقاء في دمشق\n\nقال مسؤول إن اللقاء عقد في دمشق.\n")
    (seeds / "typed.meta.yml").write_text("title: {a: 1}\ndate: 0001-01-01\n")
    (seeds / "bullets.txt").write_text(
        "بنود الاتفاق في إدلب" + "\n\n\uf0b7 وقف إطلاق النار في إدلب\u0085 ثم الانسحاب.\n")
    (seeds / "persian.txt").write_text("نشست آستانه\n\n" + PERSIAN + "\n")
    # A 300-letter section label: a kicker, as the headline printed twice under it shows.
    (seeds / "kicker.txt").write_text("ك" * 300 + "\n" + "قمة في سوتشي\n" * 2 + ARTICLE_BODY)
    (seeds / "longsection.txt").write_text("قمة في أنقرة" + ARTICLE_BODY)
    (seeds / "longsection.meta.yml").write_text("section: " + "قسم طويل " * 40 + "\n")
    (seeds / "orph\x1b[41mBG.meta.yml").write_text("title: x\n")  # file names that would
    (seeds / "orph2\nFAKE LINE: injected.meta.yml").write_text("title: x\n")  # fake the log
    (seeds / "urdu.txt").write_text("آستانہ اجلاس\n\n" + URDU + "\n")
    return seeds


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    seeds = _seeds(base)
    before = snapshot(base)
    done = run_invoke("build", "--seeds", str(seeds), "--output", str(base / "out"),
                      "--production", "--siteurl", SITEURL, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    out = base / "out"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    after = {path: what for path, what in snapshot(base).items() if path.split("/")[0] != "out"
             and not path.startswith(".out.")}
    return {"out": out, "log": done.stdout + done.stderr, "seeds": seeds, "before": before,
            "after": after, "entries": {e["source"]: e for e in report["articles"]}}


def _page(hostile, source: str, tree: str = "") -> BeautifulSoup:
    url = hostile["entries"][source]["url"]
    path = hostile["out"] / tree / url.removeprefix("en/") / "index.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _jsonld(page: BeautifulSoup) -> tuple[str, dict]:
    script = page.find("script", type="application/ld+json")
    return script.string, json.loads(script.string)


def test_every_entry_is_a_page_or_a_report_line_with_its_reason(hostile):
    entries = hostile["entries"]
    expected = {
        "..txt": ("skipped", "hidden file"),
        "NEWS.TXT": ("published", None),
        "lone.meta.yml": ("skipped", "a sidecar with no seed"),
        "notes.md": ("skipped", "not a seed"),
        "outside": ("skipped", "symbolic link"),
        "passwd.txt": ("skipped", "symbolic link"),
        "pipe.txt": ("skipped", "named pipe (FIFO), not a regular file: not opened"),
        "zero.txt": ("skipped", "symbolic link"),
    }
    for source, (status, reason) in expected.items():
        assert entries[source]["status"] == status, entries[source]
        if reason:
            assert reason in entries[source]["warnings"][0], entries[source]
    published = {s for s, e in entries.items() if e["status"] == "published"}
    assert published == {"000_5288d6f156908d5f.txt", "NEWS.TXT", "comment.txt", "english.txt",
                         "bidi.txt", "emoji.txt", "sub/laughs.txt", "typed.txt", "bullets.txt",
                         "persian.txt", "urdu.txt", "kicker.txt", "longsection.txt"}
    assert entries["NEWS.TXT"]["url"] == "articles/news/"
    log = " ".join(hostile["log"].split())
    for source in ("passwd.txt", "pipe.txt", "zero.txt", "outside"):
        assert f"Seeds folder: {source} not read" in log
    assert "Traceback" not in hostile["log"]
    # File names cannot colour the terminal or fake a line of the log.
    assert "\x1b" not in hostile["log"] and "orph\\x1b[41mBG.meta.yml not read" in log
    assert not any(line.startswith("FAKE LINE") for line in hostile["log"].splitlines())


def test_nothing_from_outside_the_seeds_folder_is_published(hostile):
    for path in hostile["out"].rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert not list(hostile["out"].rglob("passwd*")) and not list(hostile["out"].rglob("evil*"))


def test_a_headline_that_opens_a_script_comment_keeps_its_page_and_its_search_entry(hostile):
    page = _page(hostile, "comment.txt")
    raw, data = _jsonld(page)
    assert not set("<>&") & set(raw)
    assert data["headline"] == "اجتماع <!--<script> في حلب"
    assert page.find("h1").get_text() == "اجتماع <!--<script> في حلب"
    # Pagefind parses pages as browsers do: every article page of each tree is in its index.
    articles = sum(e["status"] == "published" for e in hostile["entries"].values())
    for tree in ("", "en/"):
        fragments = [f for f in bundle_files(hostile["out"] / tree / "pagefind")
                     if f.startswith("fragment/")]
        assert len(fragments) == articles, tree


def test_only_http_addresses_become_links(hostile):
    for path in hostile["out"].rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", text, re.I), path
    page = _page(hostile, "comment.txt")
    assert "isBasedOn" not in _jsonld(page)[1]
    shown = page.select_one(".provenance .url")
    assert shown.name == "bdi" and shown.get_text() == "javascript:alert(document.domain)"
    assert any("not an http(s) address" in w for w in hostile["entries"]["comment.txt"]["warnings"])


def _entries(feed: Path) -> dict[str, ET.Element]:
    root = ET.parse(feed).getroot()
    return {e.find(f"{ATOM}link").get("href"): e for e in root.iter(f"{ATOM}entry")}


def test_feed_text_stays_text(hostile):
    out = hostile["out"]
    english = _entries(out / "en" / "feeds" / "all.atom.xml")
    comment = english[f"{SITEURL}/en/articles/comment/"]
    summary = comment.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    rendered = BeautifulSoup(summary.text, "html.parser")  # what a feed reader shows
    assert rendered.find("img") is None
    assert rendered.get_text() == "<img src=x onerror=alert(1)> Talks in Aleppo"
    story = english[f"{SITEURL}/en/articles/english/"].find(f"{ATOM}content")
    shown = BeautifulSoup(story.text, "html.parser")
    assert 'Click <a href="login.php">here</a> to log in' in shown.get_text()
    assert "example.org/archive/en/articles/english/login.php" not in story.text
    assert not [a for a in shown.find_all("a") if "login" in a.get("href", "")]


def test_bidi_controls_cannot_reorder_what_follows_a_headline(hostile):
    page = _page(hostile, "bidi.txt")
    assert page.title.string.startswith("عاجل \u202eمن حلب\u202c · ")
    feed = _entries(hostile["out"] / "feeds" / "all.atom.xml")
    title = feed[f"{SITEURL}/articles/bidi/"].find(f"{ATOM}title").text
    assert title == "عاجل \u202eمن حلب\u202c"


def test_a_section_name_without_letters_or_too_long_gets_its_own_page(hostile):
    for source in ("comment.txt", "emoji.txt", "kicker.txt", "longsection.txt"):
        link = _page(hostile, source).select_one(".article-header a[href*='sections/']") or \
            _page(hostile, source).select_one("a.section-link")
        slug = link["href"].rstrip("/").rsplit("/", 1)[1]
        assert re.fullmatch(r"section-[0-9a-f]{10}", slug), slug
        assert (hostile["out"] / "sections" / slug / "index.html").is_file()
    assert len(list((hostile["out"] / "sections").glob("section-*"))) == 4


def test_sidecars_that_bomb_or_lie_are_warnings(hostile):
    entries = hostile["entries"]
    laughs = entries["sub/laughs.txt"]
    assert laughs["title"] == "قمة أستانا" and "aliases" in laughs["warnings"][0]
    typed = entries["typed.txt"]
    assert typed["title"] == "لقاء في دمشق" and typed["date"] is None
    assert [w.split(": ", 1)[1] for w in typed["warnings"]] == [
        "title is a mapping, not text; ignored",
        "date 0001-01-01 is not between 1900 and 2100; ignored"]
    assert "datetime=\"1-01-01\"" not in (hostile["out"] / "articles/typed/index.html").read_text()


def test_characters_other_tools_leave_are_mapped_with_a_warning(hostile):
    entry = hostile["entries"]["bullets.txt"]
    assert entry["status"] == "published"
    assert "U+F0B7 as '•'" in entry["warnings"][0] and "U+0085 as '…'" in entry["warnings"][0]
    body = _page(hostile, "bullets.txt").select_one(".article-body").get_text()
    assert "• وقف إطلاق النار في إدلب… ثم الانسحاب." in body
    raw = (hostile["out"] / "articles/bullets/source.txt").read_bytes()
    assert raw == (hostile["seeds"] / "bullets.txt").read_bytes()  # the raw file as it was


def test_persian_and_urdu_seeds_are_labelled_as_such(hostile):
    for source, lang in (("persian.txt", "fa"), ("urdu.txt", "ur")):
        assert hostile["entries"][source]["lang"] == lang
        article = _page(hostile, source).find("article")
        assert (article["lang"], article["dir"]) == (lang, "rtl")


def test_nothing_outside_the_output_folder_is_touched(hostile):
    """The seeds, their links, the pipe and the folder outside: the same entries, the same
    bytes, before and after the build."""
    assert hostile["after"] == hostile["before"]


def test_links_that_stay_inside_the_folder_are_followed_only_when_allowed(tmp_path):
    seeds, outside = tmp_path / "seeds", tmp_path / "outside"
    (seeds / "real").mkdir(parents=True)
    outside.mkdir()
    shutil.copy(SEEDS / "000_5288d6f156908d5f.txt", seeds / "real" / "lavrov.txt")
    (outside / "secret.txt").write_text(f"{SECRET}\n\nnot for publishing\n")
    (seeds / "alias.txt").symlink_to(seeds / "real" / "lavrov.txt")  # inside: followed
    (seeds / "passwd.txt").symlink_to(outside / "secret.txt")  # outside: never
    (seeds / "loop").symlink_to(seeds)  # a folder already read
    (seeds / "real" / "lavrov.meta.yml").symlink_to(outside / "secret.yml")  # a sidecar too
    (outside / "secret.yml").write_text(f"title: {SECRET}\n")
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_SEED_LINKS=True, AKHBAR_SEARCH=False)
    assert build.returncode == 0, build.log
    entries = {e["source"]: e for e in build.report["articles"]}
    assert entries["alias.txt"]["status"] == "published"
    assert entries["real/lavrov.txt"]["status"] == "published"
    assert entries["passwd.txt"]["status"] == "skipped"
    assert "outside the seeds folder" in entries["passwd.txt"]["warnings"][0]
    assert entries["loop/"]["status"] == "skipped"
    assert entries["real/lavrov.meta.yml"]["status"] == "skipped"
    assert any("outside the seeds folder" in w for w in entries["real/lavrov.txt"]["warnings"])
    raw = (tmp_path / "out" / entries["alias.txt"]["url"] / "source.txt").read_bytes()
    assert raw == (SEEDS / "000_5288d6f156908d5f.txt").read_bytes()
    for path in (tmp_path / "out").rglob("*"):
        assert not path.is_file() or SECRET.encode() not in path.read_bytes(), path
