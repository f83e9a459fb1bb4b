"""The archive as a dataset (issue 27, part 5): data/stories.jsonl and .csv hold every published
story as its page shows it, entities.json and topics.json every name and topic with a page, and a
page in each language describes them. Checked against report.json, the seed files themselves
and the article pages (read with BeautifulSoup), never against the program's own output."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import posixpath

import pytest
from bs4 import BeautifulSoup

from akhbar.site.dataset import FIELDS
from sitebuild import SEEDS, run_pelican

FILES = ["stories.jsonl", "stories.csv", "entities.json", "topics.json"]


def _records(output) -> list[dict]:
    with open(output / "data" / "stories.jsonl", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _body_paragraphs(page: str) -> list[str]:
    """The article's body as a reader sees it: each block's text; a caption's credit after it."""
    body = BeautifulSoup(page, "html.parser").select_one(".article-body")
    paragraphs = []
    for block in body.find_all(["p", "h2", "figcaption"]):
        credit = block.select_one(".credit") if block.name == "figcaption" else None
        if credit is not None:
            credit = credit.extract().get_text()
        text = block.get_text() + (" " + credit if credit else "")
        paragraphs.append(" ".join(text.split()))
    return paragraphs


def test_every_published_story_is_one_record_in_the_report_order(site):
    published = [e for e in site.report["articles"] if e["status"] == "published"]
    records = _records(site.output)
    assert [r["source_file"] for r in records] == [e["source"] for e in published]
    assert len(records) == 5
    for record, entry in zip(records, published, strict=True):
        assert list(record) == list(FIELDS)
        for name in ("url", "lang", "title", "date", "topics", "entities", "sha256"):
            assert record[name] == entry[name], (record["id"], name)
        assert record["url"] == f"articles/{record['id']}/"
        # The digest of the file as received, computed here from the seed itself.
        raw = (SEEDS / record["source_file"]).read_bytes()
        assert record["sha256"] == hashlib.sha256(raw).hexdigest()


def test_a_record_holds_the_text_and_facts_its_page_shows(site):
    records = {r["id"]: r for r in _records(site.output)}
    for story_id, record in records.items():
        page = site.page(record["url"])
        shown = _body_paragraphs(page)
        text = [" ".join(p.split()) for p in record["text"].split("\n\n")]
        assert text == shown, story_id
        assert "<" not in record["text"] and "&amp;" not in record["text"]
    # Read from the sidecars by hand: 000 is dated 2016-12-13 by its sidecar and published by
    # Anadolu; 004 is dated by its own dateline; 002 has no date at all.
    lavrov = records["5288d6f156908d5f"]
    assert (lavrov["date"], lavrov["date_origin"]) == ("2016-12-13", "sidecar")
    assert lavrov["source"] == "وكالة الأناضول"
    assert lavrov["title_en"].startswith("Lavrov:")  # content/translations/5288d6f156908d5f.md
    assert (records["64f53ceaab6b1fb3"]["date_origin"]) == "dateline"
    assert records["83acb8b9ddc948e2"]["date"] is None
    assert records["83acb8b9ddc948e2"]["date_origin"] is None


def test_the_csv_holds_the_same_rows_for_a_spreadsheet(site):
    raw = (site.output / "data" / "stories.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # spreadsheets read the Arabic as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    records = _records(site.output)
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert list(row) == list(FIELDS)
        for name, value in record.items():
            expected = ";".join(value) if isinstance(value, list) else (value or "")
            assert row[name] == expected, (record["id"], name)


def test_names_and_topics_tables_count_the_stories_and_point_at_pages(site):
    records = _records(site.output)
    for kind, table_name in (("entities", "entities.json"), ("topics", "topics.json")):
        table = json.loads((site.output / "data" / table_name).read_text(encoding="utf-8"))
        assert table == {k: {**v, **({"wikidata": table[k]["wikidata"]}
                                     if "wikidata" in table[k] else {})}
                         for k, v in site.report[kind].items()}
        mentioned = {item for r in records for item in r[kind]}
        assert mentioned <= set(table)
        for item_id, row in table.items():
            assert row["articles"] == sum(item_id in r[kind] for r in records)
            assert row["name_ar"] and row["name_en"]
            for lang in ("ar", "en"):
                assert (site.output / row[f"url_{lang}"] / "index.html").is_file()
    lavrov = json.loads((site.output / "data" / "entities.json").read_text())["sergey-lavrov"]
    assert (lavrov["kind"], lavrov["name_en"]) == ("person", "Sergey Lavrov")


@pytest.mark.parametrize(("page", "lang"), [("data/", "ar"), ("en/data/", "en")])
def test_the_data_page_describes_every_field_and_links_the_files(site, page, lang):
    soup = BeautifulSoup(site.page(page), "html.parser")
    assert soup.html["lang"] == lang
    fields = [code.get_text() for code in soup.select(".data-fields dt code")]
    assert fields == list(FIELDS)
    links = [a["href"] for a in soup.select(".data-files a")]
    assert [posixpath.basename(h) for h in links] == FILES
    for href in links:  # relative to the page's folder, as a browser resolves it
        target = posixpath.normpath(posixpath.join(page, href))
        assert (site.output / target).is_file(), href
    count = soup.select_one(".data-files li").get_text()
    assert "5" in count


@pytest.mark.parametrize("page", ["", "en/", "articles/5288d6f156908d5f/", "en/topics/"])
def test_every_page_footer_links_the_data_page(site, page):
    soup = BeautifulSoup(site.page(page), "html.parser")
    footer_links = [a["href"] for a in soup.select("footer a")]
    prefix = "en/" if page.startswith("en/") else ""
    wanted = f"{prefix}data/"
    assert any(posixpath.normpath(posixpath.join(page, h)) + "/" == wanted
               for h in footer_links), footer_links


def test_a_site_can_leave_the_data_out(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    name = "000_5288d6f156908d5f.txt"
    (seeds / name).write_bytes((SEEDS / name).read_bytes())
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_DATA_FILES=False, AKHBAR_SEARCH=False)
    assert build.returncode == 0, build.log
    assert not (build.output / "data").exists()
    assert not (build.output / "en" / "data").exists()
    assert "data/" not in {a["href"] for a in
                           BeautifulSoup(build.page(""), "html.parser").select("footer a")}


def test_a_file_name_that_is_not_utf8_is_reported_and_the_build_and_dataset_are_written(tmp_path):
    """A name os.listdir gives with lone surrogates crashed the page writer (and would crash
    report.json and the dataset): such a file or folder is now one skipped line of the report."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    name = "000_5288d6f156908d5f.txt"
    (seeds / name).write_bytes((SEEDS / name).read_bytes())
    folder = os.fsencode(seeds)
    with open(folder + b"/bad\xffname.txt", "wb") as seed:
        seed.write((SEEDS / name).read_bytes())
    os.mkdir(folder + b"/dir\xfe")
    build = run_pelican(seeds, tmp_path / "out", AKHBAR_SEARCH=False)
    assert build.returncode == 0, build.log
    entries = {e["source"]: e for e in build.report["articles"]}
    for shown in ("bad\\xffname.txt", "dir\\xfe"):
        assert entries[shown]["status"] == "skipped"
        assert "not valid UTF-8" in entries[shown]["warnings"][0]
    assert [r["source_file"] for r in _records(build.output)] == [name]
