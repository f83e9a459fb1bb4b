"""A record's fields under the names exporters choose -> a story: names recognised without
configuration, --map for the others, nested values (Scrapy lists, API objects), bad values
dropped with a warning and the rest kept."""

from __future__ import annotations

import datetime

import pytest

from akhbar.importing.fields import MappingError, Unusable, parse_mapping, read_story

BODY = "قالت الشرطة السويدية إن شخصين قتلا.\nوأصيب شخص ثالث بجروح بالغة."
TITLE = "مقتل اثنين في هجوم بمدية بمتجر إيكيا في السويد"


@pytest.mark.parametrize(("names", "values"), [
    (("title", "text", "date", "url", "source", "lang", "id"), ()),
    (("headline", "content", "published", "link", "outlet", "language", "guid"), ()),
    (("Headline", "Body", "pubDate", "URL", "Publisher", "Language", "_id"), ()),
    (("head_line", "article", "datePublished", "Link", "site", "LANG", "ID"), ()),
    (("title", "text", "date_published", "url", "source", "lang", "id"), ()),
])
def test_common_field_names_are_recognised_in_any_case(names, values):
    title, text, date, url, source, lang, ident = names
    story = read_story({title: TITLE, text: BODY, date: "2015-08-10",
                        url: "http://www.alyaum.com/article/4082847", source: "اليوم",
                        lang: "ar", ident: 4082847})
    assert story.title == TITLE
    assert story.paragraphs == BODY.split("\n")
    assert story.date == datetime.date(2015, 8, 10)
    assert story.url == "http://www.alyaum.com/article/4082847"
    assert (story.source, story.lang, story.id) == ("اليوم", "ar", "4082847")
    assert story.warnings == []


def test_mapped_names_are_read_first():
    record = {"title": "عنوان آخر", "headline_ar": TITLE, "story": BODY,
              "date_extracted": "2015-08-10 19:09:25", "date": "غير معروف"}
    story = read_story(record, parse_mapping(["title=headline_ar", "text=story",
                                              "date=date_extracted"]))
    assert story.title == TITLE and story.paragraphs == BODY.split("\n")
    assert story.date == datetime.date(2015, 8, 10) and story.warnings == []


def test_a_map_can_follow_a_path_into_nested_objects():
    record = {"meta": {"headline": TITLE}, "text": BODY}
    assert read_story(record, parse_mapping(["title=meta.headline"])).title == TITLE


@pytest.mark.parametrize("option", ["title", "title=", "=headline", "colour=red", "body"])
def test_a_map_that_cannot_be_used_is_refused(option):
    with pytest.raises(MappingError, match="--map"):
        parse_mapping([option])


def test_scrapy_lists_are_read_as_paragraphs_and_one_line_titles():
    story = read_story({"title": [TITLE], "body": ["الفقرة الأولى.", "", "  ", "الفقرة الثانية."],
                        "author": ["رويترز", "ستوكهولم"], "url": ["http://example.org/a"]})
    assert story.title == TITLE
    assert story.paragraphs == ["الفقرة الأولى.", "الفقرة الثانية."]
    assert story.author == "رويترز، ستوكهولم"
    assert story.url == "http://example.org/a"


def test_api_objects_give_their_name_or_text():
    story = read_story({"title": TITLE, "description": "ملخص", "content": BODY,
                        "source": {"id": "bbc-news", "name": "BBC News"},
                        "_id": {"$oid": "5f1e0c"}, "publishedAt": "2023-11-05T05:22:18Z",
                        "authors": ["Jane Doe", "John Roe"]})
    assert story.source == "BBC News" and story.id == "5f1e0c"
    assert story.paragraphs == BODY.split("\n")   # content before description
    assert story.author == "Jane Doe, John Roe"
    assert story.date == datetime.date(2023, 11, 5)


def test_html_in_a_json_body_is_taken_apart():
    story = read_story({"title": "<b>عنوان</b>", "text": "<p>الأولى</p><p>الثانية<br>الثالثة</p>"})
    assert story.title == "عنوان"
    assert story.paragraphs == ["الأولى", "الثانية", "الثالثة"]


@pytest.mark.parametrize(("record", "reason"), [
    ({"title": TITLE}, "no body"), ({"title": TITLE, "text": "  \n\t "}, "no body"),
    ({"title": TITLE, "text": "<script>x()</script>"}, "no body"),
    ({"title": TITLE, "text": ["", None]}, "no body"),
    ({"text": BODY}, "no title"), ({"title": " \n", "text": BODY}, "no title"),
    ({"title": True, "text": BODY}, "no title"), ({"title": {"x": 1}, "text": BODY}, "no title"),
    ({"title": "x" * 1001, "text": BODY}, "1,001 characters long"),
])
def test_a_record_without_a_story_is_unusable_with_the_reason(record, reason):
    with pytest.raises(Unusable, match=reason):
        read_story(record)


def test_bad_values_are_dropped_with_a_warning_and_the_rest_kept():
    story = read_story({"title": TITLE, "text": BODY, "url": "javascript:alert(1)",
                        "date": "2015-02-30", "lang": "xx", "source": "س" * 400,
                        "section": "محليات"})
    assert (story.url, story.date, story.lang, story.source) == (None, None, None, None)
    assert story.address == "javascript:alert(1)"   # still names the seed
    assert story.section == "محليات"
    assert len(story.warnings) == 4
    assert any("javascript" in w for w in story.warnings)
    assert any("2015-02-30" in w for w in story.warnings)
    assert any("'xx'" in w for w in story.warnings)
    assert any("source is 400 characters" in w for w in story.warnings)


def test_hostile_text_loses_its_control_characters_and_keeps_its_words():
    story = read_story({"title": "عنوان\x00 \x1b[2J\x07خبيث", "text": "نص\x1a فيه\r\nبقايا\x08"})
    assert story.title == "عنوان [2J خبيث"
    assert story.paragraphs == ["نص فيه", "بقايا"]
    assert story.warnings == ["5 control character(s) taken out of the text"]


@pytest.mark.parametrize("invisible", ["\u200f", "\u202e \u202c", "\u200d\u200b", "\u2066\u2069",
                                       "\u061c\u00ad", "\u3164", "\ufe0f"])
def test_a_headline_or_body_of_invisible_characters_alone_is_none(invisible):
    with pytest.raises(Unusable, match="no title"):
        read_story({"title": invisible, "text": BODY})
    with pytest.raises(Unusable, match="no body"):
        read_story({"title": TITLE, "text": [invisible, " "]})
    assert read_story({"title": "\u200f" + TITLE, "text": BODY}).title == "\u200f" + TITLE


def test_lone_surrogates_are_named_invalid_characters_not_control_characters():
    story = read_story({"title": "عنوان\ud800", "text": "نص\x07 فيه\udfff\udc80"})
    assert story.warnings == ["1 control character(s) taken out of the text",
                              "3 invalid character(s) (lone surrogates) taken out of the text"]
