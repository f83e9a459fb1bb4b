"""The pieces that keep hostile seeds, sidecars, file names and folders from doing harm, each on
its own: which output folders a build may use, which files are seeds, how a file is read, how
sidecar values and seed text are checked, and how text is escaped for each format."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from akhbar.incremental.page_record import read_record
from akhbar.reader import section_slug
from akhbar.reading.seed_files import scan
from akhbar.reading.sidecar import is_web_address, parse_sidecar
from akhbar.site.publishing import absolutise, script_json
from akhbar.system import cache_folder, locks, output_folder
from akhbar.system.files import NotReadable, read_regular, shown
from akhbar.system.output_folder import MARKER, OutputRefused
from akhbar.text.bidi import closed
from akhbar.text.decoding import decode_seed
from akhbar.text.language import detect_language
from samples import PERSIAN, URDU

# --- the output folder ---------------------------------------------------------------------


@pytest.mark.parametrize(("where", "how"), [
    ("seeds", "is"), ("seeds/site", "lies inside"), ("", "holds"), ("content/out", "lies inside"),
    ("cache", "is")])
def test_an_output_folder_that_overlaps_a_folder_the_build_reads_is_refused(tmp_path, where,
                                                                           how):
    folders = {"seeds": tmp_path / "seeds", "content": tmp_path / "content",
               "cache": tmp_path / "cache"}
    with pytest.raises(OutputRefused, match=f"it {how} the "):
        output_folder.check_placement(tmp_path / where, folders)


def test_the_root_the_home_folder_and_a_file_are_refused(tmp_path):
    for folder in (Path("/"), Path.home()):
        with pytest.raises(OutputRefused, match="dedicated folder"):
            output_folder.check_placement(folder, {})
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputRefused, match="exists and is not a folder"):
        output_folder.check_placement(tmp_path / "file", {})
    output_folder.check_placement(tmp_path / "site", {"seeds": tmp_path / "seeds"})  # fine


def test_a_link_to_the_seeds_folder_is_the_seeds_folder(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "out").symlink_to(tmp_path / "seeds")
    with pytest.raises(OutputRefused, match="it is the seeds folder"):
        output_folder.check_placement(tmp_path / "out", {"seeds": tmp_path / "seeds"})


def test_only_what_a_build_wrote_is_its_own(tmp_path):
    out = tmp_path / "out"
    assert output_folder.claim(out, expected=["index.html", "articles"]).ours == []  # made
    (out / "index.html").write_text("page")
    (out / "articles").mkdir()
    (out / "photos").mkdir()  # put there while the build ran: not the build's
    assert output_folder.complete(out, retention=["CNAME"]) == ["photos"]
    os.rmdir(out / "photos")
    marker = json.loads((out / MARKER).read_text())
    assert (marker["state"], marker["names"]) == ("complete", ["articles", "index.html"])
    assert "since_ns" not in marker  # a finished build's marker holds no time: same bytes
    (out / "CNAME").write_text("kept")
    assert output_folder.claim(out, retention=["CNAME"]).ours == ["articles", "index.html"]
    assert output_folder.complete(out, retention=["CNAME"]) == []  # ... the build finished
    (out / "thesis.docx").write_text("mine")
    with pytest.raises(OutputRefused, match=r"thesis\.docx, which no Akhbar build wrote"):
        output_folder.claim(out, retention=["CNAME"])


def test_a_build_that_did_not_finish_leaves_a_folder_the_next_one_takes(tmp_path):
    out = tmp_path / "out"
    output_folder.claim(out, expected=["*.html"])
    (out / "old.html").write_text("a finished build's")
    output_folder.complete(out)
    output_folder.claim(out, expected=["*.html", "articles"])  # a build starts ... is killed:
    (out / "new.html").write_text("the killed build's")
    (out / f"{MARKER}.1234").write_text("a marker it was writing")
    old = os.stat(out / "old.html")
    found = output_folder.contents(out)
    assert (found.ours, found.foreign) == (["new.html", "old.html"], [])
    # What the user puts there afterwards is not the build's: a name no build gives ...
    (out / "NOTES.md").write_text("mine")
    # ... or a file copied in with an old time stamp.
    (out / "copied.html").write_text("mine")
    os.utime(out / "copied.html", ns=(old.st_mtime_ns - 10**10, old.st_mtime_ns - 10**10))
    assert output_folder.contents(out).foreign == ["NOTES.md", "copied.html"]
    deleted, left = output_folder.clean(out)
    assert (deleted, left) == (["new.html", "old.html"], ["NOTES.md", "copied.html"])
    assert sorted(os.listdir(out)) == ["NOTES.md", "copied.html"]  # the marker goes, theirs stay


def test_the_names_a_build_may_make_come_from_its_settings():
    from pelican.settings import DEFAULT_CONFIG, read_settings

    from akhbar import settings as plugin_settings

    root = Path(__file__).resolve().parents[3]
    settings = read_settings(str(root / "pelican.conf.py"))
    plugin_settings.apply(settings, DEFAULT_CONFIG)
    names = output_folder.expected_names(settings)
    for name in ("articles", "en", "entities", "topics", "sections", "archive", "undated",
                 "search", "theme", "images", "pagefind", "pagefind-*", "feeds", "page",
                 "index.html", "404.html", "report.json", "robots.txt", "sitemap.xml"):
        assert name in names
    assert "seeds" not in names and "cache" not in names and not any("/" in n for n in names)


def test_a_pipe_or_a_link_named_like_the_marker_is_no_marker_and_is_never_opened(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / MARKER)  # opening it for reading would wait forever
    assert output_folder.read_marker(out) is None
    os.unlink(out / MARKER)
    (tmp_path / "elsewhere.json").write_text('{"format": 1, "state": "complete", "names": []}')
    (out / MARKER).symlink_to(tmp_path / "elsewhere.json")
    assert output_folder.read_marker(out) is None


def test_a_link_planted_at_a_temporary_name_is_replaced_not_written_through(tmp_path):
    from akhbar.system.files import write_atomic

    victim = tmp_path / "victim.txt"
    victim.write_text("the user's")
    out = tmp_path / "out"
    out.mkdir()
    output_folder.complete(out)  # a build's output folder, where someone can write
    (out / f"{MARKER}.{os.getpid()}").symlink_to(victim)  # a link is no marker being written
    with pytest.raises(OutputRefused, match=f"{MARKER}.{os.getpid()}, which no Akhbar build"):
        output_folder.claim(out)
    os.unlink(out / f"{MARKER}.{os.getpid()}")
    (out / f"report.json.{os.getpid()}.tmp").symlink_to(victim)
    write_atomic(out / "report.json", b"{}")
    assert victim.read_text() == "the user's"
    assert (out / "report.json").read_bytes() == b"{}"
    assert not (out / f"report.json.{os.getpid()}.tmp").exists()


def test_a_folder_without_the_marker_is_nobody_s_to_delete(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.json").write_text("{}")
    with pytest.raises(OutputRefused, match="older than the marker"):
        output_folder.claim(out)
    assert output_folder.clean(out) == ([], ["report.json"])
    (out / f"{MARKER}.backup").mkdir()  # named like the marker, but the user's
    assert output_folder.clean(out) == ([], [f"{MARKER}.backup", "report.json"])
    os.rmdir(out / f"{MARKER}.backup")
    (out / MARKER).write_text("[]")  # not a marker a build writes
    with pytest.raises(OutputRefused, match=r"no \.akhbar-output marker"):
        output_folder.claim(out)


def test_a_cache_folder_is_used_only_when_it_holds_nothing_else(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    assert cache_folder.claim_cache(cache) == []  # empty: marked
    (cache / "prepared.sqlite").write_bytes(b"x")
    (cache / "pages").mkdir()
    assert cache_folder.claim_cache(cache) == []
    older = tmp_path / "older"  # an older version's cache: adopted
    (older / "templates").mkdir(parents=True)
    (older / "ab").mkdir()
    (older / "keys.pickle").write_bytes(b"x")
    assert cache_folder.claim_cache(older) == []
    assert (older / cache_folder.CACHE_MARKER).is_file()
    documents = tmp_path / "documents"
    (documents / "templates").mkdir(parents=True)
    (documents / "templates" / "letter.odt").write_bytes(b"mine")
    (documents / "thesis.docx").write_bytes(b"mine")
    assert cache_folder.claim_cache(documents) == ["templates/letter.odt", "thesis.docx"]
    webapp = tmp_path / "webapp"  # names a cache uses, but no seed cache in it: not a cache
    for name in ("db", "pages", "templates"):
        (webapp / name).mkdir(parents=True)
    assert cache_folder.claim_cache(webapp) == ["db", "pages", "templates"]
    assert not (documents / cache_folder.CACHE_MARKER).exists()
    assert cache_folder.clean_cache(documents) == ([], ["templates", "thesis.docx"])
    assert (documents / "templates" / "letter.odt").read_bytes() == b"mine"
    (cache / "notes.txt").write_text("put here later")
    assert cache_folder.clean_cache(cache) == (["pages", "prepared.sqlite"], ["notes.txt"])
    assert sorted(os.listdir(cache)) == ["notes.txt"]


def test_removing_an_entry_never_follows_a_link(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    (tmp_path / "link").symlink_to(outside)
    output_folder.remove_entry(tmp_path / "link")
    assert (outside / "keep.txt").read_text() == "keep" and not (tmp_path / "link").exists()


def test_the_folder_lock_is_held_until_released(tmp_path):
    import fcntl

    first, second = locks.FolderLock(tmp_path), locks.FolderLock(tmp_path)
    first.acquire()
    probe = os.open(tmp_path, os.O_RDONLY)
    with pytest.raises(BlockingIOError):
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    first.release()
    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    fcntl.flock(probe, fcntl.LOCK_UN)
    os.close(probe)
    second.acquire()
    assert second.held
    second.release()


# --- the seeds folder ----------------------------------------------------------------------


def test_only_regular_files_inside_the_folder_are_seeds(tmp_path):
    seeds = tmp_path / "seeds"
    (seeds / "sub").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.txt").write_text("outside")
    for name in ("a.txt", "NEWS.TXT", "sub/b.txt", "notes.md", "..txt", "a.meta.yml",
                 "lone.meta.yml", "a.meta.yaml"):
        (seeds / name).write_text("x")
    (seeds / "passwd.txt").symlink_to("/etc/passwd")
    (seeds / "elsewhere").symlink_to(tmp_path / "outside")
    (seeds / "inside.txt").symlink_to(seeds / "a.txt")
    (seeds / "zero.txt").symlink_to("/dev/zero")
    (seeds / "again").symlink_to(seeds / "sub")
    os.mkfifo(seeds / "pipe.txt")
    found = scan(seeds.resolve())
    assert [p.name for p in found.seeds] == ["NEWS.TXT", "a.txt", "b.txt"]
    reasons = {o.source: o.reason for o in found.others}
    assert sorted(reasons) == ["..txt", "a.meta.yaml", "again", "elsewhere", "inside.txt",
                               "lone.meta.yml", "notes.md", "passwd.txt", "pipe.txt", "zero.txt"]
    assert reasons["passwd.txt"].startswith("a symbolic link: not followed")
    assert "named pipe" in reasons["pipe.txt"] and "hidden file" in reasons["..txt"]
    assert "not a seed" in reasons["notes.md"] and "no lone.txt" in reasons["lone.meta.yml"]
    assert "a.meta.yml is the sidecar" in reasons["a.meta.yaml"]
    # Links allowed: those that stay inside are followed, the others still are not.
    allowed = scan(seeds.resolve(), links=True)
    assert [p.name for p in allowed.seeds] == ["NEWS.TXT", "a.txt", "inside.txt", "b.txt"]
    assert {o.source for o in allowed.others} >= {"passwd.txt", "elsewhere", "zero.txt",
                                                  "again/"}  # sub/ is read where it is, once


def test_reading_refuses_links_pipes_devices_and_large_files_without_opening_them(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"12345")
    assert read_regular(tmp_path / "a.txt", 5) == b"12345"
    with pytest.raises(NotReadable, match="over the 4-byte limit"):
        read_regular(tmp_path / "a.txt", 4)
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(NotReadable, match="symbolic link"):
        read_regular(tmp_path / "link.txt", 100)
    assert read_regular(tmp_path / "link.txt", 100, follow=True) == b"12345"
    os.mkfifo(tmp_path / "pipe.txt")  # opened without waiting, refused on the handle
    with pytest.raises(NotReadable, match="named pipe"):
        read_regular(tmp_path / "pipe.txt", 100, follow=True)
    with pytest.raises(NotReadable, match="character device"):
        read_regular("/dev/zero", 100, follow=True)


def test_file_names_in_the_log_cannot_fake_lines_or_colours():
    assert shown("a\x1b[31mred\nfake.txt") == "a\\x1b[31mred\\x0afake.txt"
    assert shown("\u202etxt.exe") == "\\u202etxt.exe"
    assert shown("عادي.txt") == "عادي.txt"


# --- sidecars ------------------------------------------------------------------------------


def test_a_sidecar_with_aliases_is_refused_before_it_is_expanded():
    laughs = ('a: &a ["x","x","x","x","x","x","x","x","x"]\n'
              + "".join(f'{b}: &{b} [{",".join(["*" + a] * 9)}]\n'
                        for a, b in zip("abcdefgh", "bcdefghi", strict=True))
              + "title: *i\n")
    assert len(laughs) < 1000
    fields, warnings = parse_sidecar("x.meta.yml", laughs.encode())
    assert fields == {} and "aliases" in warnings[0]
    # A "*" that is no alias is fine.
    assert parse_sidecar("x.meta.yml", b'title: "5 * 3 = 15"\n') == ({"title": "5 * 3 = 15"}, [])


def test_sidecar_values_of_the_wrong_kind_are_warnings_not_text():
    fields, warnings = parse_sidecar("x.meta.yml", (
        b"title: {a: 1}\nsource: [a, b]\nauthor: yes\nsection: 1984\ndate: 0001-01-01\n"
        b"title_en: \"Lavrov\\x1b[2J\\u0085 speaks\"\n"))
    assert fields == {"section": "1984", "title_en": "Lavrov[2J speaks"}
    assert [w.split(": ", 1)[1] for w in warnings] == [
        "title is a mapping, not text; ignored", "source is a list, not text; ignored",
        "author is a yes/no value (quote it to keep it as text), not text; ignored",
        "date 0001-01-01 is not between 1900 and 2100; ignored",
        "control characters taken out of title_en"]
    assert parse_sidecar("x.meta.yml", b"date: 9999-12-31\n")[0] == {}
    assert parse_sidecar("x.meta.yml", b"date: 2016-12-13\n")[0]["date"].isoformat() == \
        "2016-12-13"


@pytest.mark.parametrize(("url", "link"), [
    ("https://example.org/a?b=c", True), ("http://example.org", True),
    ("javascript:alert(document.domain)", False), ("JavaScript://%0aalert(1)", False),
    ("data:text/html,<script>", False), ("//example.org/x", False), ("https:///x", False),
    ("https://example.org/\u202egpj.exe", False), ("https://example.org/a\u200fb", False),
    ('https://example.org/"onmouseover="x', False), ("ftp://example.org/a", False)])
def test_only_http_addresses_become_links(url, link):
    assert is_web_address(url) is link
    fields, warnings = parse_sidecar("x.meta.yml", json.dumps({"url": url}).encode())
    assert ("url" in fields) is link and ("url_text" in fields) is not link
    assert bool(warnings) is not link


# --- seed text -----------------------------------------------------------------------------


def test_stray_control_and_private_use_characters_are_mapped_not_refused():
    decoded = decode_seed("عنوان\n\n\uf0b7 نقطة أولى\u0085 ثم\u0092s \ue123 نهاية\n".encode())
    assert decoded.text == "عنوان\n\n• نقطة أولى… ثم’s  نهاية\n"
    assert "U+0085 as '…'" in decoded.fixed and "U+E123 dropped" in decoded.fixed
    assert decode_seed("عنوان\n\nنص\n".encode()).fixed is None
    with pytest.raises(ValueError, match="control characters"):
        decode_seed("عنوان\x01\n".encode())  # C0 controls still mean binary data


def test_persian_and_urdu_are_not_labelled_arabic():
    assert detect_language(PERSIAN) == "fa" and detect_language(URDU) == "ur"
    root = Path(__file__).resolve().parents[3]
    for seed in sorted((root / "seeds").glob("*.txt")):
        assert detect_language(seed.read_text(encoding="utf-8-sig")) == "ar", seed.name
    # Arabic written with the Persian yeh and kaf (as some outlets do) is still Arabic.
    arabic = seed.read_text(encoding="utf-8-sig").replace("ي", "ی").replace("ك", "ک")
    assert detect_language(arabic) == "ar"


# --- escaping for each format --------------------------------------------------------------


def test_json_inside_script_cannot_form_markup():
    text = script_json({"headline": "<!--<script> & </script> \u2028"})
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == {"headline": "<!--<script> & </script> \u2028"}


def test_absolutising_feed_links_touches_tags_only():
    body = ('<p>&lt;a href="login.php"&gt; and <a href="../../entities/x/">x</a>'
            ' <img alt="a" src="p.png"></p>')
    assert absolutise(body, "https://e.org/a/articles/1/") == (
        '<p>&lt;a href="login.php"&gt; and <a href="https://e.org/a/entities/x/">x</a>'
        ' <img alt="a" src="https://e.org/a/articles/1/p.png"></p>')


@pytest.mark.parametrize(("text", "expected"), [
    ("plain", "plain"), ("a\u202eb", "a\u202eb\u202c"), ("a\u202cb\u2069", "ab"),
    ("\u2067a\u202eb\u2069c", "\u2067a\u202eb\u2069c"),
    ("\u202ba\u2066b", "\u202ba\u2066b\u2069\u202c")])
def test_bidi_controls_are_closed_where_no_block_closes_them(text, expected):
    assert closed(text) == expected


def test_every_section_name_gets_a_stable_slug():
    assert section_slug("!!!") == section_slug("!!!") != section_slug("🔥🔥")
    assert section_slug("!!!").startswith("section-") and section_slug("!!!").isascii()


# --- records in the cache folder ----------------------------------------------------------


@pytest.mark.parametrize("record", [
    "[]", "{", '{"format": 2}', "null",
    '{"format": 2, "output": "OUT", "pages": {"../../etc/passwd": ["d", 1, 2]}, "bundles": {}}',
    '{"format": 2, "output": "OUT", "pages": {"/etc/passwd": ["d", 1, 2]}, "bundles": {}}',
    '{"format": 2, "output": "OUT", "pages": {"a/index.html": ["d", 1]}, "bundles": {}}',
    '{"format": 2, "output": "OUT", "pages": {"a/index.html": ["d", 1, 2]}, "bundles": []}'])
def test_a_page_record_that_is_not_exactly_what_a_build_writes_is_none(tmp_path, record):
    path = tmp_path / "record.json"
    path.write_text(record.replace("OUT", str(tmp_path / "out")))
    assert read_record(path, tmp_path / "out") is None
    path.write_text(json.dumps({"format": 2, "output": str(tmp_path / "out"), "bundles": {},
                                "pages": {"a/index.html": ["d", 1, 2]}}))
    assert read_record(path, tmp_path / "out") is not None


def test_a_folder_lock_file_is_not_needed(tmp_path):
    """The lock is on the folder itself: nothing is written for it."""
    lock = locks.FolderLock(tmp_path)
    lock.acquire()
    try:
        assert os.listdir(tmp_path) == []
        assert stat.S_ISDIR(os.stat(tmp_path).st_mode)
    finally:
        lock.release()


def test_a_lock_left_by_a_failed_build_of_this_process_is_let_go(tmp_path):
    """Builds in one process run one after the other: a lock a failed build of this process
    never released is given up when the next takes the folder, instead of waiting on itself."""
    left = locks.FolderLock(tmp_path)
    left.acquire()
    taken = locks.FolderLock(tmp_path)
    taken.acquire(waiting=lambda: pytest.fail("the process waited for its own lock"))
    assert taken.held and not left.held
    taken.release()
