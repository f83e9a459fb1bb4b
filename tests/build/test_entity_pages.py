"""Entity and topic pages of the five bundled seeds, in both languages, and the report tables.

Expectations are read off the seeds by hand: who is named in which seed.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

SEED_IDS = {
    "000": "5288d6f156908d5f", "001": "29c8a2bbd072e2bf", "002": "83acb8b9ddc948e2",
    "003": "5fedb9670b56af32", "004": "64f53ceaab6b1fb3",
}
# Named in the seeds (by reading them): entity -> seeds that name it.
NAMED_IN = {
    "sergey-lavrov": {"000", "001", "002", "003", "004"},
    "heiko-maas": {"001"},
    "john-kerry": {"004"},
    "mohammad-javad-zarif": {"004"},
    "mevlut-cavusoglu": {"003"},
    "fuat-oktay": {"002"},
    "idlib": {"001", "002", "003"},
    "aleppo": {"000", "004"},
    "astana-process": {"001", "003"},
    "sochi-agreement-2018": {"003"},
    "munich-security-conference": {"002"},
    "unsc-resolution-2254": {"004"},
}


def soup(site, path):
    return BeautifulSoup(site.page(path), "html.parser")


def article_links(page) -> set[str]:
    return {m.group(1) for a in page.select("main .entries a[href]")
            if (m := re.search(r"articles/([0-9a-f]{16})/$", a["href"]))}


@pytest.mark.parametrize("entity", sorted(NAMED_IN))
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_entity_page_lists_exactly_the_articles_naming_it(site, entity, prefix):
    page = soup(site, f"{prefix}entities/{entity}/")
    assert article_links(page) == {SEED_IDS[s] for s in NAMED_IN[entity]}
    facts = {dt.get_text(strip=True): dd.get_text(strip=True)
             for dt, dd in zip(page.select(".facts dt"), page.select(".facts dd"), strict=True)}
    count = len(NAMED_IN[entity])
    assert facts["Articles" if prefix else "المقالات"] == str(count)


def test_entity_page_has_both_names_description_and_timeline(site):
    for prefix, name, other in (("", "سيرغي لافروف", "Sergey Lavrov"),
                                ("en/", "Sergey Lavrov", "سيرغي لافروف")):
        page = soup(site, f"{prefix}entities/sergey-lavrov/")
        assert page.h1.get_text(strip=True) == name
        other_name = page.select_one(".other-name span")
        assert other_name.get_text(strip=True) == other
        assert other_name["lang"] == ("en" if not prefix else "ar")
        assert page.select_one(".description").get_text(strip=True)
        svg = page.select_one("svg.timeline")
        # Lavrov is named from December 2016 to January 2020: one bar per month, 38 months.
        assert len(svg.find_all("rect")) == 38
        assert svg.get("role") == "img" and svg.get("aria-label")
        first_last = [t["datetime"] for t in page.select(".facts time")]
        assert first_last == ["2016-12-13", "2020-01-27"]


def test_cooccurring_entities_most_frequent_first(site):
    page = soup(site, "en/entities/sergey-lavrov/")
    together = [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select(".cooccurring a")]
    # Syria and Turkey are named in all five seeds, as Lavrov is.
    assert together[:2] == ["syria", "turkey"]
    assert "sergey-lavrov" not in together and len(together) == 10


def test_directory_groups_entities_by_kind(site):
    page = soup(site, "en/entities/")
    groups = {g.h2.contents[0].strip():
              {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in g.select("a")}
              for g in page.select(".entity-group")}
    assert {"sergey-lavrov", "heiko-maas", "john-kerry"} <= groups["People"]
    assert {"idlib", "aleppo", "berlin"} <= groups["Places"]
    assert {"syria", "russia", "turkey", "iran"} <= groups["Countries"]
    assert {"astana-process", "sochi-agreement-2018"} <= groups["Events and agreements"]
    assert "russia" not in groups["Places"]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_topic_pages(site, prefix):
    idlib = soup(site, f"{prefix}topics/idlib/")
    assert article_links(idlib) == {SEED_IDS[s] for s in ("001", "002", "003")}
    aleppo = soup(site, f"{prefix}topics/aleppo/")
    assert {SEED_IDS["000"], SEED_IDS["004"]} <= article_links(aleppo)
    astana = soup(site, f"{prefix}topics/astana/")
    assert {SEED_IDS["001"], SEED_IDS["003"]} <= article_links(astana)


def test_article_lists_its_topics_and_entities(site):
    page = soup(site, f"en/articles/{SEED_IDS['001']}/")
    entities = {a["href"].rstrip("/").rsplit("/", 1)[-1]
                for a in page.select(".article-entities a")}
    assert {"sergey-lavrov", "heiko-maas", "idlib", "astana-process", "berlin"} <= entities
    topics = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in page.select(".article-topics a")}
    assert {"idlib", "astana"} <= topics


def test_first_mention_links_without_changing_the_text(site):
    from sitebuild import SEEDS

    page = soup(site, f"articles/{SEED_IDS['001']}/")
    body = page.select_one(".article-body")
    links = body.select("a.entity")
    hrefs = [a["href"] for a in links]
    assert len(hrefs) == len(set(hrefs))  # one link per entity: the first mention only
    first = body.find("a", href="../../entities/sergey-lavrov/")
    assert first.get_text() == "سيرغي لافروف"
    seed_lines = (SEEDS / "001_29c8a2bbd072e2bf.txt").read_text(encoding="utf-8").split("\n")
    assert body.find("p").get_text() == seed_lines[4].strip()  # text unchanged by the link


def test_related_articles_share_entities(site):
    page = soup(site, f"articles/{SEED_IDS['001']}/")
    related = {m.group(1) for a in page.select(".related-articles a")
               if (m := re.search(r"articles/([0-9a-f]{16})/", a["href"]))}
    assert related and SEED_IDS["001"] not in related
    assert SEED_IDS["003"] in related  # both: Idlib, Astana, Lavrov, Putin, Erdoğan


def test_report_has_topics_and_entities(site):
    report = site.report
    entry = site.entry("001_29c8a2bbd072e2bf.txt")
    assert {"sergey-lavrov", "heiko-maas", "idlib"} <= set(entry["entities"])
    assert {"idlib", "astana"} <= set(entry["topics"])
    lavrov = report["entities"]["sergey-lavrov"]
    assert lavrov == {"kind": "person", "name_ar": "سيرغي لافروف", "name_en": "Sergey Lavrov",
                      "url_ar": "entities/sergey-lavrov/", "url_en": "en/entities/sergey-lavrov/",
                      "articles": 5}
    for table in ("entities", "topics"):
        for item_id, row in report[table].items():
            for key in ("url_ar", "url_en"):
                assert (site.output / row[key] / "index.html").is_file(), (table, item_id)
    assert report["topics"]["idlib"]["name_en"] == "Idlib"
