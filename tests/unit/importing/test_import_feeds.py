"""RSS and Atom files -> records, read by feedparser from bytes: items with their HTML, dates
and XML as received; external entities and entity bombs never expanded, names never fetched."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from akhbar.importing.fields import read_story
from akhbar.importing.records import NotImportable, open_source

SAMPLES = Path(__file__).resolve().parents[2] / "import_samples"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def test_an_rss_feed_gives_its_items_with_their_html_and_dates():
    path = SAMPLES / "alriyadh_rss.xml"
    source = open_source(path)
    assert (source.format, source.received_as) == ("feed", "xml")
    assert source.defaults == {"source": "جريدة الرياض", "lang": "ar-SA"}
    found = list(source.records)
    items = ET.parse(path).getroot().findall("./channel/item")
    assert len(found) == len(items) == 3
    for record, item in zip(found, items, strict=True):
        assert record.data["title"] == item.findtext("title")
        assert record.data["url"] == item.findtext("link")
        assert record.data["id"] == item.findtext("guid")
        assert record.data["section"] == item.findtext("category")
        assert record.html["text"] is True
        # The item's XML as it stands in the file.
        assert record.received in path.read_text(encoding="utf-8")
        assert ET.fromstring(record.received.replace("dc:", "").replace("content:", "")
                             ).findtext("guid") == item.findtext("guid")
    assert [r.data["date"] for r in found] == [datetime.date(2015, 8, 10)] * 3


def test_rss_html_becomes_the_story_s_paragraphs():
    path = SAMPLES / "alriyadh_rss.xml"
    items = ET.parse(path).getroot().findall("./channel/item")
    stories = [read_story(r.data, html=r.html) for r in open_source(path).records]
    # First item: <p> paragraphs in CDATA, an image and an ad script around them.
    html = items[0].findtext("description")
    expected = [p.split("</p>")[0] for p in html.split("<p>")[1:]]
    assert stories[0].paragraphs == expected
    assert not any("googletag" in p for s in stories for p in s.paragraphs)
    # Second item: the full text of content:encoded, not the short description.
    full = items[1].findtext(CONTENT)
    inner = full.replace('<div class="article-text">', "").replace("</div>", "")
    assert stories[1].paragraphs == inner.split("<br /><br />")
    assert len(stories[1].paragraphs) == 3
    # Third: HTML escaped as entities.
    assert len(stories[2].paragraphs) == items[2].findtext("description").count("<p>")
    assert stories[0].author == items[0].findtext("{http://purl.org/dc/elements/1.1/}creator")


def test_an_atom_feed_gives_its_entries():
    path = SAMPLES / "aawsat_atom.xml"
    source = open_source(path)
    entries = ET.parse(path).getroot().findall(f"{ATOM}entry")
    found = list(source.records)
    assert len(found) == len(entries) == 3
    assert source.defaults["source"] == "الشرق الأوسط"
    for record, entry in zip(found, entries, strict=True):
        story = read_story(record.data, html=record.html)
        assert story.title == entry.findtext(f"{ATOM}title")
        assert story.id == entry.findtext(f"{ATOM}id")
        assert story.url == entry.find(f"{ATOM}link").get("href")
        assert story.lang == "ar"   # xml:lang
        assert story.date == datetime.date.fromisoformat(
            entry.findtext(f"{ATOM}published")[:10])
        html = entry.findtext(f"{ATOM}content")
        assert story.paragraphs == [p.split("</p>")[0] for p in html.split("<p>")[1:]]
        assert story.author == entry.findtext(f"{ATOM}author/{ATOM}name")
        assert record.received.startswith("<entry>") and record.received.endswith("</entry>")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">
<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>
<rss version="2.0"><channel><title>t</title>
<item><title>before &secret; after</title><description>body &remote; end</description>
<link>http://example.org/1</link></item></channel></rss>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<rss version="2.0"><channel><title>t</title>
<item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>"""


def test_external_entities_are_not_resolved(tmp_path):
    path = tmp_path / "xxe.xml"
    path.write_bytes(XXE)
    source = open_source(path)
    [record] = list(source.records)
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace")
    first_line = passwd.splitlines()[0]
    for value in (record.data["title"], record.data["text"], record.received):
        assert first_line not in value and "root:" not in value
    assert "&secret;" in record.data["title"]   # left as it was written
    assert any("not well-formed" in warning for warning in source.warnings)


def test_an_entity_bomb_is_not_expanded(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_bytes(BOMB)
    [record] = list(open_source(path).records)
    assert len(record.data["title"]) < 100 and len(record.data["text"] or "") < 100


def test_feedparser_is_given_bytes_never_a_name_it_could_fetch(tmp_path, monkeypatch):
    given = []
    real = feedparser.parse

    def spy(document, *args, **kwargs):
        given.append(document)
        return real(document, *args, **kwargs)

    monkeypatch.setattr(feedparser, "parse", spy)
    path = tmp_path / "feed.xml"
    path.write_bytes((SAMPLES / "aawsat_atom.xml").read_bytes())
    list(open_source(path).records)
    assert given and all(isinstance(document, bytes) for document in given)


@pytest.mark.parametrize("content", [b"/etc/passwd", b"http://127.0.0.1:9/feed.xml",
                                     b"<html><body><p>not a feed</p></body></html>", b""])
def test_a_file_that_is_not_a_feed_is_refused(tmp_path, content):
    path = tmp_path / "x.xml"
    path.write_bytes(content)
    with pytest.raises(NotImportable, match="not an RSS or Atom feed"):
        open_source(path)


def test_items_hidden_in_a_comment_make_the_entries_kept_as_feedparser_read_them(tmp_path):
    """When the items cannot be cut from the file one to one, the record keeps feedparser's
    entry as JSON instead of a wrong piece of XML."""
    path = tmp_path / "feed.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
                    "<!-- <item><title>old</title></item> -->"
                    "<item><title>خبر</title><description>نص</description></item>"
                    "</channel></rss>", encoding="utf-8")
    source = open_source(path)
    [record] = list(source.records)
    assert source.received_as == "feedparser-json"
    assert '"title": "خبر"' in record.received
