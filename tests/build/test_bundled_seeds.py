"""Real Pelican builds of the five bundled seeds: pages, report, provenance, determinism.

Expectations come from reading the seeds by hand (line numbers below are the seeds' own), not
from the program's output.
"""

from __future__ import annotations

import hashlib
import re

import pytest
from bs4 import BeautifulSoup

from sitebuild import SEEDS, run_pelican

IDS = {
    "000_5288d6f156908d5f.txt": "5288d6f156908d5f",
    "001_29c8a2bbd072e2bf.txt": "29c8a2bbd072e2bf",
    "002_83acb8b9ddc948e2.txt": "83acb8b9ddc948e2",
    "003_5fedb9670b56af32.txt": "5fedb9670b56af32",
    "004_64f53ceaab6b1fb3.txt": "64f53ceaab6b1fb3",
}
# Page furniture, by seed and line number, as read in the seeds: these lines must NOT be body text.
FURNITURE = {
    "000_5288d6f156908d5f.txt": {33: "comment form", 35: "comment form"},
    "001_29c8a2bbd072e2bf.txt": {3: "repeated headline", 15: "ad marker", 31: "ad marker"},
    "002_83acb8b9ddc948e2.txt": {4: "stray counter", 24: "comment form", 26: "comment form"},
    "003_5fedb9670b56af32.txt": {16: "read also", 36: "read also", 38: "related label",
                                 40: "back-to-top button"},
    "004_64f53ceaab6b1fb3.txt": {3: "repeated headline", 7: "font-size widget"},
}
REPORT_FIELDS = {"source", "status", "lang", "title", "date", "url", "warnings"}


def seed_lines(name: str) -> dict[int, str]:
    text = (SEEDS / name).read_text(encoding="utf-8")
    return {n: line.strip() for n, line in enumerate(text.split("\n"), 1) if line.strip()}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article_soup(site, name: str) -> BeautifulSoup:
    return BeautifulSoup(site.page(f"articles/{IDS[name]}/"), "html.parser")


def test_every_seed_is_published_with_a_complete_report_entry(site):
    entries = site.report["articles"]
    assert [e["source"] for e in entries] == sorted(IDS)
    for entry in entries:
        assert REPORT_FIELDS <= set(entry), entry
        assert entry["status"] == "published"
        assert entry["lang"] == "ar"
        assert entry["url"] == f"articles/{IDS[entry['source']]}/"
        assert (site.output / entry["url"] / "index.html").is_file()
        assert entry["warnings"] == []  # the sidecars settle every date question


def test_report_titles_are_the_first_headline_line(site):
    for name in IDS:
        first = seed_lines(name)
        expected = first[3] if name.startswith("003") else first[1]  # 003 opens with a kicker
        assert site.entry(name)["title"] == expected


@pytest.mark.parametrize("name", sorted(IDS))
def test_nothing_is_lost_every_non_furniture_line_is_on_the_page(site, name):
    soup = article_soup(site, name)
    page_text = squash(soup.get_text(""))  # no separator: <bdi> runs sit inside words
    body = soup.find(class_="article-body")
    paragraphs = {squash(p.get_text()) for p in body.find_all(["p", "h2"])}
    for number, line in seed_lines(name).items():
        if number in FURNITURE[name]:
            assert squash(line) not in paragraphs, f"line {number} ({line}) is furniture"
        else:
            assert squash(line) in page_text, f"line {number} missing: {line}"


def test_headline_is_the_only_h1_and_not_repeated_in_the_body(site):
    for name in ("001_29c8a2bbd072e2bf.txt", "004_64f53ceaab6b1fb3.txt"):
        soup = article_soup(site, name)
        headline = seed_lines(name)[1]
        assert [squash(h.get_text()) for h in soup.find_all("h1")] == [headline]
        body_text = [squash(p.get_text()) for p in soup.find(class_="article-body").find_all("p")]
        assert headline not in body_text


def test_kicker_becomes_the_section_not_the_headline(site):
    soup = article_soup(site, "003_5fedb9670b56af32.txt")
    assert squash(soup.find("h1").get_text()) == seed_lines("003_5fedb9670b56af32.txt")[3]
    section_links = [a for a in soup.find_all("a") if "/sections/" in a.get("href", "")]
    assert any(squash(a.get_text()) == "الشأن السوري" for a in section_links)
    sections = BeautifulSoup(site.page("sections/"), "html.parser")
    assert "الشأن السوري" in sections.get_text()


def test_captions_become_figcaptions_not_paragraphs(site):
    for name, number in (("002_83acb8b9ddc948e2.txt", 3), ("004_64f53ceaab6b1fb3.txt", 6)):
        soup = article_soup(site, name)
        captions = [squash(c.get_text()) for c in soup.select("figure figcaption")]
        assert squash(seed_lines(name)[number]) in captions
        body_paragraphs = [squash(p.get_text()) for p in soup.select(".article-body p")]
        assert squash(seed_lines(name)[number]) not in body_paragraphs


def test_short_standalone_line_becomes_a_subheading(site):
    soup = article_soup(site, "002_83acb8b9ddc948e2.txt")
    assert [squash(h.get_text()) for h in soup.select(".article-body h2")] == ["انتصار الأسد"]


def test_read_also_teasers_are_kept_apart_as_related_headlines(site):
    soup = article_soup(site, "003_5fedb9670b56af32.txt")
    body = squash(soup.find(class_="article-body").get_text(""))
    page = squash(soup.get_text(""))
    for teaser in ("ملف إدلب على طاولة محادثات وزيري الدفاع التركي والروسي.. وهذا أبرز ما جاء فيها",
                   "أردوغان وبوتين يدشنان “السيل التركي” ويتفقان على هدنة بليبيا.. ماذا عن إدلب!"):
        assert teaser in page
        assert teaser not in body
    assert "اقرأ أيضًا" not in body


def test_boilerplate_is_gone_from_the_page(site):
    for name, furniture in (("000_5288d6f156908d5f.txt", "لن يتم نشر عنوان بريدك الإلكتروني."),
                            ("001_29c8a2bbd072e2bf.txt", "[ads1]"),
                            ("004_64f53ceaab6b1fb3.txt", "+ الخط -"),
                            ("003_5fedb9670b56af32.txt", "زر الذهاب إلى الأعلى")):
        assert furniture not in article_soup(site, name).find("article").get_text()


def test_dates_from_dateline_and_sidecar(site):
    assert site.entry("004_64f53ceaab6b1fb3.txt")["date"] == "2016-12-14"  # its dateline
    assert site.entry("000_5288d6f156908d5f.txt")["date"] == "2016-12-13"  # sidecar
    assert site.entry("003_5fedb9670b56af32.txt")["date"] == "2020-01-27"  # sidecar
    soup = article_soup(site, "004_64f53ceaab6b1fb3.txt")
    assert soup.find("article").find("time", attrs={"datetime": "2016-12-14"}) is not None


def test_dates_found_in_the_text_are_reported_as_candidates_not_used(site):
    """001 recalls the Astana agreement of May 2017, 003 the Sochi agreement of September 2018:
    their sidecars give their dates; the report names what the text alone would have given."""
    assert [(site.entry(name)["date"], site.entry(name)["date_candidate"]) for name in (
        "001_29c8a2bbd072e2bf.txt", "003_5fedb9670b56af32.txt", "004_64f53ceaab6b1fb3.txt")] == [
        ("2018-09-15", "2017-05-05"), ("2020-01-27", "2018-09-17"), ("2016-12-14", None)]


def test_undated_article_is_listed_apart_and_shows_no_date(site):
    name = "002_83acb8b9ddc948e2.txt"
    assert site.entry(name)["date"] is None
    soup = article_soup(site, name)
    assert soup.find("article").find("time") is None
    link = f"articles/{IDS[name]}/"
    assert link in site.page("undated/")
    assert link not in site.page("")  # home: dated articles only
    assert link not in site.page("archive/")
    for dated in ("articles/64f53ceaab6b1fb3/", "articles/5fedb9670b56af32/"):
        assert dated in site.page("")
        assert dated not in site.page("undated/")


def test_archive_by_year_and_month(site):
    december = site.page("archive/2016/12/")
    assert "articles/64f53ceaab6b1fb3/" in december
    assert "articles/5288d6f156908d5f/" in december
    assert "articles/5fedb9670b56af32/" in site.page("archive/2020/")
    assert not (site.output / "archive" / "1000").exists()  # the undated placeholder year


def test_raw_seed_published_byte_for_byte_with_its_checksum(site):
    for name, seed in IDS.items():
        raw = (SEEDS / name).read_bytes()
        assert (site.output / "articles" / seed / "source.txt").read_bytes() == raw
        digest = hashlib.sha256(raw).hexdigest()
        assert digest in site.page(f"articles/{seed}/")
        assert site.entry(name)["sha256"] == digest


def test_pages_are_right_to_left_arabic(site):
    for page in ("", "archive/", "undated/", "sections/",
                 f"articles/{IDS['000_5288d6f156908d5f.txt']}/"):
        html = BeautifulSoup(site.page(page), "html.parser").find("html")
        assert (html.get("lang"), html.get("dir")) == ("ar", "rtl"), page


def test_latin_run_inside_arabic_is_isolated(site):
    soup = article_soup(site, "000_5288d6f156908d5f.txt")
    bdi = [b for b in soup.select(".article-body bdi") if b.get_text() == "KEİ"]
    assert bdi and bdi[0].get("dir") == "ltr"


def test_build_is_deterministic(site, tmp_path):
    again = run_pelican(SEEDS, tmp_path / "again")
    assert again.returncode == 0, again.log
    first = {p.relative_to(site.output): p.read_bytes()
             for p in site.output.rglob("*") if p.is_file()}
    second = {p.relative_to(again.output): p.read_bytes()
              for p in again.output.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    different = [str(p) for p in first if first[p] != second[p]]
    assert different == []


def test_summary_line_reports_counts(site):
    assert "5 seed files -> 5 published (1 undated), 0 skipped, 0 errors" in squash(site.log)
