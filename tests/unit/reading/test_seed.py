"""The per-seed flow on files: ids, sidecars, dates, bad input (no Pelican involved)."""

from __future__ import annotations

import datetime

import pytest

from akhbar.reading.seed import ERROR, PUBLISHED, SKIPPED, read_seed, seed_id
from akhbar.reading.sidecar import load_sidecar

ARTICLE = ("لافروف يدعو كيري للتأثير على فصائل المعارضة في سورية\n\n"
           "بحث وزير الخارجية الروسي، سيرغي لافروف، في اتصال هاتفي مع نظيره الإيراني "
           "الوضع في سورية.\n")
LIMIT = 100_000


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_5288d6f156908d5f.txt", "5288d6f156908d5f"),
        ("lavrov-kerry.txt", "lavrov-kerry"),
        ("2016 Lavrov Kerry.txt", "2016-lavrov-kerry"),
        ("12_Aleppo_Talks.txt", "aleppo_talks".replace("_", "-")),
    ],
)
def test_seed_id_is_stable_ascii_from_the_file_name(name, expected):
    assert seed_id(name) == expected


def test_arabic_file_name_gets_a_stable_hashed_id():
    first, second = seed_id("خبر عاجل.txt"), seed_id("خبر عاجل.txt")
    assert first == second and first.startswith("seed-") and first.isascii()
    assert seed_id("خبر آخر.txt") != first


def test_published_seed(tmp_path):
    result = read_seed(write(tmp_path, "a.txt", ARTICLE), max_bytes=LIMIT)
    assert result.status == PUBLISHED
    assert result.lang == "ar"
    assert result.title == ARTICLE.split("\n")[0]
    assert result.date is None and result.warnings == []


@pytest.mark.parametrize(
    ("data", "status", "reason"),
    [
        (b"", SKIPPED, "file is empty"),
        (b" \n\t\r\n", SKIPPED, "file holds only white space"),
        (bytes(range(256)), ERROR, "NUL bytes"),
        ("[ads1]\n\nاترك رد\n", SKIPPED, "no headline"),
    ],
)
def test_bad_input_is_reported_not_raised(tmp_path, data, status, reason):
    result = read_seed(write(tmp_path, "bad.txt", data), max_bytes=LIMIT)
    assert result.status == status
    assert reason in result.warnings[0]


def test_oversized_seed_is_an_error_naming_the_limit(tmp_path):
    result = read_seed(write(tmp_path, "big.txt", ARTICLE * 100), max_bytes=1000)
    assert result.status == ERROR
    assert "over the 1,000-byte limit" in result.warnings[0]


def test_sidecar_overrides_inferred_metadata(tmp_path):
    seed = write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.meta.yml", "date: 2016-12-14\nsource: العربي الجديد\nsection: سياسة\n"
                                  "url: https://example.org/a\ntitle_en: Lavrov urges Kerry\n")
    result = read_seed(seed, max_bytes=LIMIT)
    assert result.date == datetime.date(2016, 12, 14) and result.date_origin == "sidecar"
    assert result.meta["source"] == "العربي الجديد"
    assert result.meta["section"] == "سياسة"
    assert result.meta["title_en"] == "Lavrov urges Kerry"


def test_sidecar_title_rescues_a_seed_without_headline(tmp_path):
    seed = write(tmp_path, "a.txt", " ".join(["كلمة"] * 60) + ".")
    write(tmp_path, "a.meta.yml", "title: عنوان من المحرر\n")
    result = read_seed(seed, max_bytes=LIMIT)
    assert result.status == PUBLISHED and result.title == "عنوان من المحرر"
    assert result.article.paragraphs == [" ".join(["كلمة"] * 60) + "."]


def test_a_first_line_the_sidecar_names_as_headline_is_never_a_section_label(tmp_path):
    """A short headline over a first paragraph that does not end a sentence looks like a
    section label (kicker) over the headline; the sidecar's title says which it is."""
    text = "محليات\n\nاستعمالات الزعرور الطبية\n\nيستعمل الزعرور في علاج أمراض القلب.\n"
    write(tmp_path, "a.txt", text)
    without = read_seed(tmp_path / "a.txt", max_bytes=10_000)
    assert without.title == "استعمالات الزعرور الطبية"   # the layout alone: a kicker
    write(tmp_path, "a.meta.yml", "title: محليات\n")
    result = read_seed(tmp_path / "a.txt", max_bytes=10_000)
    assert result.title == "محليات" and result.article.kicker is None
    assert result.article.blocks[0].text == "استعمالات الزعرور الطبية"


def test_sidecar_mistakes_are_warnings_naming_the_file_and_field(tmp_path):
    seed = write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.meta.yml", "date: 14/12/2016\nauthr: someone\nlang: fr\n")
    fields, warnings = load_sidecar(seed)
    assert fields == {}
    assert any("a.meta.yml: date '14/12/2016' is not a YYYY-MM-DD date" in w for w in warnings)
    assert any("a.meta.yml: unknown field 'authr'" in w for w in warnings)
    assert any("a.meta.yml: lang 'fr'" in w for w in warnings)
    assert read_seed(seed, max_bytes=LIMIT).status == PUBLISHED


@pytest.mark.parametrize("date", ["2016-02-30", "2016-13-01", "2016-12-14 25:00:00"])
def test_a_date_that_does_not_exist_is_a_warning_and_the_rest_applies(tmp_path, date):
    """YAML reads 2016-02-30 as a date and fails on it: the field is named, not the build
    stopped, and the sidecar's other fields still count."""
    seed = write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.meta.yml", f"date: {date}\nsource: العربي الجديد\n")
    result = read_seed(seed, max_bytes=LIMIT)
    assert result.status == PUBLISHED
    assert result.meta["source"] == "العربي الجديد"
    assert result.date_origin != "sidecar"
    assert result.warnings[0] == f"a.meta.yml: date '{date}' is not a YYYY-MM-DD date; ignored"


def test_a_date_and_time_in_a_sidecar_gives_its_day(tmp_path):
    seed = write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.meta.yml", "date: 2016-12-14 21:30:00\n")
    result = read_seed(seed, max_bytes=LIMIT)
    assert result.date == datetime.date(2016, 12, 14) and result.date_origin == "sidecar"


@pytest.mark.parametrize("value", ["!!int abc", "!!timestamp soon", "!!bool maybe"])
def test_a_value_yaml_cannot_make_is_a_warning(tmp_path, value):
    seed = write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.meta.yml", f"source: {value}\n")
    result = read_seed(seed, max_bytes=LIMIT)
    assert result.status == PUBLISHED
    assert result.warnings[0].startswith("a.meta.yml: not valid YAML (")
    assert result.warnings[0].endswith("); metadata ignored")


def test_broken_sidecar_yaml_is_a_warning(tmp_path):
    seed = write(tmp_path, "a.txt", ARTICLE)
    write(tmp_path, "a.meta.yml", "date: [unclosed\n")
    result = read_seed(seed, max_bytes=LIMIT)
    assert result.status == PUBLISHED
    assert result.warnings == ["a.meta.yml: not valid YAML (line 2); metadata ignored"]


def test_a_date_only_in_the_text_is_a_candidate_not_the_story_s_date(tmp_path):
    """The Astana agreement of May 2017, recalled by a story from September 2018 (bundled seed
    001): a date in the body is often an event the story recalls. It is reported, not used."""
    text = ARTICLE + "\nوكان الاتفاق قد وُقع في 4 و 5 مايو/أيار 2017 في أستانا.\n"
    result = read_seed(write(tmp_path, "a.txt", text), max_bytes=LIMIT)
    assert result.date is None and result.date_origin is None
    assert result.date_candidate == datetime.date(2017, 5, 5)
    assert result.warnings == [(
        "undated: no dateline or sidecar date; the text holds 2017-05-05 ('5 مايو/أيار 2017'),"
        " which may be an event the story recalls. If it is the story's date, set"
        " 'date: 2017-05-05' in the .meta.yml sidecar (date_candidate in report.json)")]


def test_a_date_only_in_the_text_is_used_when_the_setting_says_so(tmp_path):
    text = ARTICLE + "\nوكان الاتفاق قد وُقع في 4 و 5 مايو/أيار 2017 في أستانا.\n"
    result = read_seed(write(tmp_path, "a.txt", text), max_bytes=LIMIT, dates_from_text=True)
    assert result.date == datetime.date(2017, 5, 5) and result.date_origin == "text"
    assert result.date_candidate is None
    assert "taken from the text" in result.warnings[0]


def test_a_dateline_or_sidecar_date_is_the_date_and_the_text_s_is_only_reported(tmp_path):
    headline, body = ARTICLE.split("\n\n", 1)
    text = f"{headline}\n\n14 ديسمبر 2016\n\n{body}\nوكان الاتفاق قد وقع في 5 مايو 2017.\n"
    result = read_seed(write(tmp_path, "a.txt", text), max_bytes=LIMIT)
    assert (result.date, result.date_origin) == (datetime.date(2016, 12, 14), "dateline")
    assert result.date_candidate == datetime.date(2017, 5, 5) and not result.warnings
    write(tmp_path, "a.meta.yml", "date: 2018-09-17\n")
    recalled = ARTICLE + "\nوكان الاتفاق قد وقع في 5 مايو 2017.\n"
    result = read_seed(write(tmp_path, "a.txt", recalled), max_bytes=LIMIT)
    assert (result.date, result.date_origin) == (datetime.date(2018, 9, 17), "sidecar")
    assert result.date_candidate == datetime.date(2017, 5, 5) and not result.warnings
    result = read_seed(write(tmp_path, "a.txt", ARTICLE), max_bytes=LIMIT)
    assert result.date_candidate is None and not result.warnings


def test_today_and_weekdays_give_no_date(tmp_path):
    text = ARTICLE + "\nقال لافروف اليوم الثلاثاء إن قوات النظام تقدمت أمس الإثنين.\n"
    assert read_seed(write(tmp_path, "a.txt", text), max_bytes=LIMIT).date is None


def test_raw_file_is_never_modified(tmp_path):
    data = ("\ufeff" + ARTICLE.replace("\n", "\r\n")).encode("utf-8")
    seed = write(tmp_path, "a.txt", data)
    read_seed(seed, max_bytes=LIMIT)
    assert seed.read_bytes() == data


def test_seed_files_are_listed_by_their_path_in_the_seeds_folder(tmp_path):
    """report.json lists the seeds folder's entries by their path relative to it, in that
    order, sub-folders included; hidden entries and sidecars with their seed are not seeds."""
    from akhbar.reading.seed_files import scan

    for name in ("b/2.txt", "a.txt", "b/1.txt", "a b/c.txt", "b/1.meta.yml", ".hidden/x.txt",
                 "B.TXT"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = scan(tmp_path)
    assert [path.relative_to(tmp_path).as_posix() for path in found.seeds] == [
        "B.TXT", "a b/c.txt", "a.txt", "b/1.txt", "b/2.txt"]
    assert [(source, path is not None) for source, path, _other in found.entries()] == [
        (".hidden/", False), ("B.TXT", True), ("a b/c.txt", True), ("a.txt", True),
        ("b/1.txt", True), ("b/2.txt", True)]


def test_a_seed_whose_sidecar_name_would_be_too_long_is_read(tmp_path):
    """A 254-byte seed name is allowed, but its sidecar's name (x.meta.yml) would pass the
    file system's 255-byte limit: there can be no sidecar, and the seed must still be read
    (asking for that file used to raise 'File name too long' out of read_seed)."""
    result = read_seed(write(tmp_path, "x" * 250 + ".txt", ARTICLE), max_bytes=LIMIT)
    assert result.status == PUBLISHED
    assert load_sidecar(tmp_path / ("x" * 250 + ".txt")) == ({}, [])
