"""Real builds of folders of awkward seeds: every file is a page or a report entry with a reason."""

from __future__ import annotations

import codecs
import hashlib
import json
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from sitebuild import ROOT, run_pelican

ARTICLE = (
    "لافروف يزور أنقرة لبحث الوضع في إدلب\n\n"
    "قال وزير الخارجية الروسي سيرغي لافروف إن بلاده تعمل مع تركيا من أجل حل الوضع في إدلب.\n\n"
    "وأضاف أن الاجتماع المقبل لمجموعة (BSEC) سيعقد في 2019/09/16 في بلغراد.\n"
)
TITLE = "لافروف يزور أنقرة لبحث الوضع في إدلب"
HOSTILE = (
    "عنوان الخبر <script>alert('x')</script> العاجل\n\n"
    "نص الخبر يتضمن <img src=x onerror=alert(1)> و<b>وسما</b> &amp; رمزا وينتهي هنا.\n"
)
ENGLISH = (
    "Lavrov urges Kerry to press Syrian rebels\n\nMoscow, March 5, 2020\n\n"
    "Russian Foreign Minister Sergei Lavrov said the situation in إدلب must be resolved.\n\n"
    "Leave a Reply\n"
)

BELGRADE = "بلغراد".encode()
FILES = {
    "01_utf8.txt": ARTICLE.encode("utf-8"),
    "02_bom.txt": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    "03_utf16.txt": codecs.BOM_UTF16_LE + ARTICLE.replace("\n", "\r\n").encode("utf-16-le"),
    "04_cp1256.txt": ARTICLE.replace("\n", "\r\n").encode("cp1256"),
    "05_cr.txt": ARTICLE.replace("\n", "\r").encode("utf-8"),
    "06_empty.txt": b"",
    "07_blank.txt": b"  \n\t\r\n",
    "08_binary.txt": bytes(range(256)) * 4,
    "09_huge.txt": ARTICLE.encode("utf-8") * 2000,
    "10_furniture.txt": "[ads1]\n\nاترك رد\n".encode(),
    "11_hostile.txt": HOSTILE.encode("utf-8"),
    "12_english.txt": ENGLISH.encode("utf-8"),
    "13_photo.jpg": b"\xff\xd8\xff\xe0",
    "014_dupe.txt": ARTICLE.encode("utf-8"),
    "14_dupe.txt": ARTICLE.encode("utf-8"),
    # Damage real scraped archives carry: U+001A left by old code-page conversions, one byte
    # that is not UTF-8 in a UTF-8 file. Each story is kept, and the damage said.
    "15_sub.txt": (ARTICLE.replace("الروسي", "الروسي\x1a") * 3).encode("utf-8"),
    "16_bad_byte.txt": ARTICLE.encode("utf-8").replace(BELGRADE, b"\xe9" + BELGRADE),
    # A short headline over a byline (name and city), as Saudi papers print them.
    "17_byline.txt": ("جاء وقت السداد\n\nعبدالكريم الحمد - الرياض\n\n14 ديسمبر 2016\n\n"
                      + ARTICLE.split("\n\n", 1)[1]).encode("utf-8"),
    # U+001A in pairs where line breaks were, more than one character in a hundred (Al-Yaum,
    # SaudiNewsNet, github.com/inparallel/SaudiNewsNet, CC BY-NC-SA 4.0, research use; 2015).
    "18_sub_pairs.txt": ("غازي.. غادرت من غير وداع\n\n"
                         "\x1a\x1a أقف بين برواز الصورة والصوت الذي أدمنت.\n"
                         "وينصر جنودنا البواسل في دفاعهم عن حياض الوطن. \x1a\x1aمن احتفالات أهالي"
                         " مدينة العيون\n").encode(),
}
EXPECTED = {
    "01_utf8.txt": ("published", None),
    "02_bom.txt": ("published", None),
    "03_utf16.txt": ("published", None),
    "04_cp1256.txt": ("published", None),
    "05_cr.txt": ("published", None),
    "06_empty.txt": ("skipped", "file is empty"),
    "07_blank.txt": ("skipped", "only white space"),
    "08_binary.txt": ("error", "NUL bytes"),
    "09_huge.txt": ("error", "over the 100,000-byte limit"),
    "10_furniture.txt": ("skipped", "no headline"),
    "11_hostile.txt": ("published", None),
    "12_english.txt": ("published", None),
    "13_photo.jpg": ("skipped", "not a seed"),
    "014_dupe.txt": ("published", None),
    "14_dupe.txt": ("skipped", "already used by 014_dupe.txt"),
    "15_sub.txt": ("published", None),
    "16_bad_byte.txt": ("published", None),
    "17_byline.txt": ("published", None),
    "18_sub_pairs.txt": ("published", None),
}


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    seeds = tmp_path_factory.mktemp("messy-seeds")
    for name, data in FILES.items():
        (seeds / name).write_bytes(data)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in seeds.iterdir()}
    build = run_pelican(seeds, tmp_path_factory.mktemp("messy") / "out",
                        AKHBAR_MAX_SEED_BYTES=100_000)
    build.seeds, build.before = seeds, before
    return build


def test_build_carries_on_and_reports_every_file(messy):
    assert messy.returncode == 0, messy.log
    assert sorted(e["source"] for e in messy.report["articles"]) == sorted(FILES)
    for name, (status, reason) in EXPECTED.items():
        entry = messy.entry(name)
        assert entry["status"] == status, (name, entry)
        if reason:
            assert reason in entry["warnings"][0], (name, entry)
            assert entry["url"] is None


def test_warnings_name_the_file_and_reason_without_traceback(messy):
    log = " ".join(messy.log.split())
    for name, (_status, reason) in EXPECTED.items():
        if reason and name.endswith(".txt"):
            assert name in log and reason.split()[0] in log, name
    assert "Traceback" not in messy.log
    assert "5 skipped, 2 errors" in log  # the summary line counts them


def test_every_encoding_gives_the_same_article(messy):
    for name in ("01_utf8.txt", "02_bom.txt", "03_utf16.txt", "04_cp1256.txt", "05_cr.txt"):
        entry = messy.entry(name)
        assert entry["title"] == TITLE
        soup = BeautifulSoup(messy.page(entry["url"]), "html.parser")
        paragraphs = [p.get_text() for p in soup.select(".article-body p")]
        assert paragraphs == [line for line in ARTICLE.split("\n") if line][1:]
    assert messy.entry("04_cp1256.txt")["encoding"] == "windows-1256"
    assert messy.entry("03_utf16.txt")["encoding"] == "utf-16-le"


def test_stray_control_characters_and_bad_bytes_cost_no_story(messy):
    """The page drops the control characters and shows U+FFFD for the bad byte, the warning
    counts them and says where, and the raw file is published byte for byte."""
    sub, bad = messy.entry("15_sub.txt"), messy.entry("16_bad_byte.txt")
    assert sub["warnings"][0] == ("3 control character(s) dropped (U+001A ×3) in the text; the"
                                  " raw file is published as it is")
    offset = FILES["16_bad_byte.txt"].index(b"\xe9")
    assert bad["encoding"] == "utf-8" and bad["warnings"][0] == (
        f"1 byte(s) that are not UTF-8 replaced by U+FFFD (the first at byte {offset:,}) in the"
        " text; the raw file is published as it is")
    for entry, damaged in ((sub, "\x1a"), (bad, "\ufffd")):
        body = BeautifulSoup(messy.page(entry["url"]), "html.parser").select_one(".article-body")
        assert "\x1a" not in body.get_text() and "لافروف" in body.get_text()
        assert (damaged == "\ufffd") == ("\ufffdبلغراد" in body.get_text())
        name = entry["source"]
        assert (messy.output / entry["url"] / "source.txt").read_bytes() == FILES[name]


def test_control_runs_between_sentences_are_line_breaks_and_the_story_is_kept(messy):
    """A story that is almost 3 % U+001A (in pairs) is text: a pair after a sentence's end is
    the line break it stood for; the raw file keeps them."""
    entry = messy.entry("18_sub_pairs.txt")
    assert entry["title"] == "غازي.. غادرت من غير وداع"
    assert entry["warnings"][0].startswith("4 control character(s) dropped (U+001A ×4), 1 run(s)"
                                           " between sentences made line breaks")
    body = BeautifulSoup(messy.page(entry["url"]), "html.parser").select_one(".article-body")
    assert [p.get_text() for p in body.select("p")] == [
        "أقف بين برواز الصورة والصوت الذي أدمنت.",
        "وينصر جنودنا البواسل في دفاعهم عن حياض الوطن.", "من احتفالات أهالي مدينة العيون"]
    assert (messy.output / entry["url"] / "source.txt").read_bytes() == FILES["18_sub_pairs.txt"]


def test_a_byline_is_shown_as_the_byline_under_its_headline(messy):
    entry = messy.entry("17_byline.txt")
    assert (entry["title"], entry["date"]) == ("جاء وقت السداد", "2016-12-14")
    soup = BeautifulSoup(messy.page(entry["url"]), "html.parser")
    assert soup.find("h1").get_text(strip=True) == "جاء وقت السداد"
    assert soup.select_one(".article-header .byline").get_text() == "عبدالكريم الحمد - الرياض"
    assert "عبدالكريم" not in soup.select_one(".article-body").get_text()


def test_hostile_markup_is_shown_as_text(messy):
    html = messy.page(messy.entry("11_hostile.txt")["url"])
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article")
    assert article.find("script") is None and article.find("img") is None
    assert article.find("b") is None
    # The only inline script is the JSON-LD data, where "</script>" in the headline is escaped.
    inline = [s for s in soup.find_all("script") if not s.get("src")]
    assert [s.get("type") for s in inline] == ["application/ld+json"]
    assert "</script" not in inline[0].string
    assert (json.loads(inline[0].string)["headline"]
            == "عنوان الخبر <script>alert('x')</script> العاجل")
    text = article.get_text("")
    assert "<script>alert('x')</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "&amp;" in text


def test_english_seed_is_a_left_to_right_page(messy):
    entry = messy.entry("12_english.txt")
    assert (entry["lang"], entry["date"]) == ("en", "2020-03-05")
    soup = BeautifulSoup(messy.page(entry["url"]), "html.parser")
    assert (soup.html.get("lang"), soup.html.get("dir")) == ("en", "ltr")
    assert "Leave a Reply" not in soup.find("article").get_text()
    arabic = soup.select('.article-body bdi[lang="ar"]')
    assert [b.get_text() for b in arabic] == ["إدلب"] and arabic[0].get("dir") == "rtl"


def test_raw_seeds_are_never_altered(messy):
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in messy.seeds.iterdir()}
    assert after == messy.before
    assert sorted(p.name for p in messy.seeds.iterdir()) == sorted(FILES)  # nothing written


def test_strict_turns_problems_into_a_failing_exit(messy, tmp_path):
    strict = run_pelican(messy.seeds, tmp_path / "strict", AKHBAR_MAX_SEED_BYTES=100_000,
                         AKHBAR_STRICT=True)
    assert strict.returncode != 0
    assert (tmp_path / "strict" / "report.json").exists()  # the report is still written
    assert "--strict" in strict.log


def test_invoke_build_with_seeds_and_output_options(messy, tmp_path):
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--seeds", str(messy.seeds),
         "--output", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "report.json").exists() and (out / "index.html").exists()
    strict = subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--seeds", str(messy.seeds), "--output", str(out),
         "--strict"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert strict.returncode == 3
    assert "Strict build failed" in strict.stdout + strict.stderr


def test_invoke_build_refuses_a_non_empty_foreign_output_folder(tmp_path):
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_bytes(b"important")
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "build", "--output", str(precious)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 2
    assert "Refusing to build" in done.stdout + done.stderr
    assert (precious / "thesis.docx").read_bytes() == b"important"


def test_a_large_folder_prints_a_few_warnings_and_counts_the_rest(messy, tmp_path):
    """Thousands of warnings would flood the console (and each costs it milliseconds):
    AKHBAR_LOG_WARNINGS are printed, the rest counted; report.json keeps every one."""
    quiet = run_pelican(messy.seeds, tmp_path / "out", AKHBAR_MAX_SEED_BYTES=100_000,
                        AKHBAR_LOG_WARNINGS=1)
    assert quiet.returncode == 0, quiet.log
    on_published = sum(len(e["warnings"]) for e in quiet.report["articles"]
                       if e["status"] == "published")
    assert on_published >= 2
    log = " ".join(quiet.log.split())
    assert f"{on_published - 1} more seed warnings are not printed above" in log
    for name, (status, reason) in EXPECTED.items():  # unpublished seeds are always named
        if reason and status != "published" and name.endswith(".txt"):
            assert name in log, name
    assert quiet.report["articles"] == messy.report["articles"]
