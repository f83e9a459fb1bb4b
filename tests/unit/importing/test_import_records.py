"""Import files -> records: JSON lists (as datasets publish them), objects holding a list, JSON
Lines (Scrapy's feed export) and CSV (Excel's, Windows-1256), each record with its number and
its text as received; bad records and files that cannot be read said, never a crash."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from akhbar.importing.records import NotImportable, open_source

SAMPLES = Path(__file__).resolve().parents[2] / "import_samples"


def records(path, fmt=None):
    return list(open_source(path, fmt).records)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_a_published_json_list_gives_each_record_and_its_exact_text():
    path = SAMPLES / "saudinewsnet.json"
    found = records(path)
    published = json.loads(path.read_text(encoding="utf-8"))
    assert [r.data for r in found] == published
    assert [r.number for r in found] == [1, 2, 3, 4, 5]
    text = path.read_text(encoding="utf-8")
    for record in found:
        assert record.problem is None
        assert record.received in text   # a slice of the file, byte for byte
        assert json.loads(record.received) == record.data
    # The place of each record: its number and the line it starts on.
    lines = text.split("\n")
    for record in found:
        line = int(record.where.split("line ")[1].rstrip(")"))
        assert lines[line - 1].strip() == "{"


def test_an_object_holding_one_list_of_records_is_read(tmp_path):
    path = write(tmp_path, "wrapped.json", json.dumps(
        {"count": 2, "source": "x", "articles": [{"title": "أ", "text": "ب"},
                                                 {"title": "ج", "text": "د"}]},
        ensure_ascii=False, indent=2))
    found = records(path)
    assert [r.data["title"] for r in found] == ["أ", "ج"]
    assert json.loads(found[1].received) == {"title": "ج", "text": "د"}


def test_an_object_with_several_lists_is_refused_naming_them(tmp_path):
    path = write(tmp_path, "two.json", json.dumps({"a": [{"x": 1}], "b": [{"y": 2}]}))
    with pytest.raises(NotImportable, match=r"several lists of records \(a, b\)"):
        records(path)


def test_a_single_record_object_is_one_record(tmp_path):
    found = records(write(tmp_path, "one.json", '{"title": "أ", "text": "ب"}'))
    assert len(found) == 1 and found[0].data == {"title": "أ", "text": "ب"}


def test_a_json_list_cut_short_keeps_the_records_before_the_cut(tmp_path):
    """Scrapy's `-o items.json` killed half-way leaves a list that never closes."""
    text = '[\n{"title": "أ", "text": "ب"},\n{"title": "ج", "text": "د"},\n{"title": "هـ", "te'
    found = records(write(tmp_path, "cut.json", text))
    assert [r.data["title"] for r in found[:2]] == ["أ", "ج"]
    assert found[2].data is None and "line 4" in found[2].problem
    assert "the rest of the file could not be read" in found[2].problem


def test_a_json_list_that_never_closes_after_its_last_record_says_so(tmp_path):
    found = records(write(tmp_path, "open.json", '[{"title": "أ", "text": "ب"},\n'))
    assert found[0].data is not None
    assert "before the list is closed" in found[1].problem


def test_items_of_a_list_that_are_not_objects_are_bad_records_and_the_rest_is_read(tmp_path):
    found = records(write(tmp_path, "mixed.json", '[1, "x", null, [], {"title": "أ"}]'))
    assert [r.problem.split(":")[0] if r.problem else None for r in found] == [
        "not an object but a number", "not an object but a string",
        "not an object but null", "not an object but a list", None]


def test_json_nested_too_deeply_is_refused_without_a_crash(tmp_path):
    found = records(write(tmp_path, "deep.json", '[{"title": "أ"}, ' + "[" * 100_000))
    assert found[0].data == {"title": "أ"}
    assert "nested too deeply" in found[1].problem
    with pytest.raises(NotImportable, match="nested too deeply"):
        records(write(tmp_path, "deep2.json", '{"a": ' * 100_000))


def test_a_json_file_that_is_not_json_is_refused_with_the_place(tmp_path):
    with pytest.raises(NotImportable, match=r"not valid JSON \(line 2"):
        records(write(tmp_path, "bad.json", '{\n  "title": oops}'))


def test_a_json_file_holding_one_object_a_line_is_read_as_json_lines(tmp_path):
    source = open_source(write(tmp_path, "lines.json", '{"title": "أ"}\n{"title": "ب"}\n'))
    assert source.format == "jsonl" and "JSON Lines" in source.warnings[0]
    assert [r.data["title"] for r in source.records] == ["أ", "ب"]


def test_scrapy_json_lines_give_one_record_a_line():
    path = SAMPLES / "scrapy_items.jl"
    found = records(path)
    lines = path.read_text(encoding="ascii").splitlines()
    assert [r.data for r in found] == [json.loads(line) for line in lines]
    assert [r.where for r in found] == ["line 1", "line 2", "line 3"]
    assert [r.received for r in found] == lines


def test_bad_json_lines_are_records_with_their_line_and_the_rest_is_read():
    found = records(SAMPLES / "bad_records.jsonl")
    problems = {r.number: r.problem for r in found if r.problem}
    assert sorted(problems) == [5, 6, 7, 8]
    assert problems[5] == "not an object but a string: not a record"
    assert problems[8].startswith("bad JSON on line 8: Unterminated string")
    assert [r.number for r in found if not r.problem] == [1, 2, 3, 4, 9, 10, 11]


def test_blank_lines_and_crlf_in_json_lines_are_fine(tmp_path):
    found = records(write(tmp_path, "x.jsonl", '\r\n{"title": "أ"}\r\n\r\n  \r\n{"title": "ب"}'))
    assert [(r.number, r.data["title"]) for r in found] == [(2, "أ"), (5, "ب")]


def _rows(path, encoding, delimiter):
    with open(path, encoding=encoding, newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_an_excel_csv_with_a_bom_crlf_and_multi_line_bodies_is_read():
    path = SAMPLES / "okaz_excel.csv"
    source = open_source(path)
    assert source.encoding == "utf-8-sig"
    found = list(source.records)
    expected = [{k: v.replace("\r\n", "\n") for k, v in row.items()}
                for row in _rows(path, "utf-8-sig", ",")]
    assert [r.data for r in found] == expected
    assert "headline" in found[0].data   # the BOM is not part of the first column's name
    assert all("\n" in r.data["article"] for r in found)
    # The line each record starts on, and its text as received: header and row.
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for record in found:
        assert lines[record.number - 1].startswith(record.data["headline"])
        header, first = record.received.split("\n")[:2]
        assert header == lines[0] and first == lines[record.number - 1]


def test_a_windows_1256_csv_with_semicolons_is_read():
    path = SAMPLES / "aleqt_windows1256.csv"
    source = open_source(path)
    assert source.encoding == "windows-1256"
    assert [r.data for r in source.records] == _rows(path, "cp1256", ";")


def test_a_csv_field_longer_than_pythons_default_limit_is_read(tmp_path):
    body = "كلمة " * 60_000   # 300,000 characters: over csv's 131,072
    path = write(tmp_path, "long.csv", f'title,text\nعنوان,"{body}"\nثان,نص\n')
    found = records(path)
    assert found[0].data["text"] == body and found[1].data == {"title": "ثان", "text": "نص"}
    assert csv.field_size_limit() == 131072   # put back


def test_csv_rows_longer_than_the_header_are_noted(tmp_path):
    found = records(write(tmp_path, "x.csv", "title,text\nأ,ب,ج\n\n,,\nد,هـ\n"))
    assert found[0].data == {"title": "أ", "text": "ب"} and "1 value(s) more" in found[0].notes[0]
    assert [r.number for r in found] == [2, 5]


@pytest.mark.parametrize(("name", "content", "fmt"), [
    ("feed", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed"),
    ("export", b'\xef\xbb\xbf[{"title": "x"}]', "json"),
    ("export.txt", b'{"title": "x"}\n{"title": "y"}\n', "jsonl"),
    ("data", "العنوان,النص\nأ,ب\n".encode(), "csv"),
])
def test_a_file_whose_name_does_not_say_is_recognised_by_its_content(tmp_path, name, content,
                                                                      fmt):
    assert open_source(write(tmp_path, name, content)).format == fmt


def test_a_format_can_be_forced(tmp_path):
    path = write(tmp_path, "items.txt", '{"title": "أ"}\n')
    assert open_source(path, "jsonl").format == "jsonl"
    with pytest.raises(NotImportable, match="unknown format 'yaml'"):
        open_source(path, "yaml")


def test_a_file_in_no_known_format_is_refused(tmp_path):
    with pytest.raises(NotImportable, match="not a format the importer knows"):
        open_source(write(tmp_path, "notes", "just some words\nand more\n"))


def test_what_is_not_a_regular_file_is_refused_naming_it(tmp_path):
    target = write(tmp_path, "real.jsonl", '{"title": "x"}\n')
    (tmp_path / "link.jsonl").symlink_to(target)
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "folder.json").mkdir()
    for name, why in (("link.jsonl", "symbolic link"), ("pipe.jsonl", "named pipe"),
                      ("folder.json", "a folder"), ("missing.json", "No such file")):
        with pytest.raises(NotImportable, match=why) as caught:
            open_source(tmp_path / name)
        assert str(tmp_path / name) in str(caught.value)
    with pytest.raises(NotImportable, match="character device"):
        open_source(Path("/dev/zero"), "jsonl")


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = write(tmp_path, "big.jsonl", '{"title": "x"}\n' * 100)
    with pytest.raises(NotImportable, match="over the 1,000-byte limit"):
        open_source(path, max_bytes=1000)


def test_binary_data_is_refused_as_not_text(tmp_path):
    with pytest.raises(NotImportable, match="not text"):
        open_source(write(tmp_path, "x.csv", bytes(range(256)) * 4))


def test_a_csv_quote_never_closed_is_said_and_the_rows_before_it_kept(tmp_path):
    """The lenient reader would take every row after an open quote into its field, silently."""
    path = write(tmp_path, "x.csv", 'id,title,text\n0,T0,B0\n1,T,"never closed\n2,T2,B2\n')
    found = records(path)
    assert [r.data for r in found[:1]] == [{"id": "0", "title": "T0", "text": "B0"}]
    assert len(found) == 2 and found[1].data is None and found[1].where == "line 3"
    assert found[1].problem.startswith("bad CSV at line 3: a quoted field is never closed")
    assert "lines 3-4" in found[1].problem
    # The quote opens on the row's second line, and the file does not end with a line break.
    found = records(write(tmp_path, "y.csv", 'title,text,more\nT1,"a\nb",c\nT2,"a\nb","open\nx'))
    assert found[0].data == {"title": "T1", "text": "a\nb", "more": "c"}
    assert found[1].where == "line 4" and "bad CSV at line 5:" in found[1].problem


def test_a_closed_csv_quote_at_the_end_is_fine(tmp_path):
    found = records(write(tmp_path, "x.csv", 'title,text\nT,"a ""quoted"" word\nand more"'))
    assert found[0].data == {"title": "T", "text": 'a "quoted" word\nand more'}
    assert found[0].problem is None and len(found) == 1


def test_a_csv_header_naming_a_column_twice_is_warned(tmp_path):
    source = open_source(write(tmp_path, "x.csv", "id,title,text,title,id\n1,T,B,X,9\n"))
    found = list(source.records)
    assert found[0].data == {"id": "1", "title": "T", "text": "B"}
    [said] = source.warnings
    assert said == ("the header row names a column more than once ('id' in columns 1, 5;"
                    " 'title' in columns 2, 4): each is read from its first column")


def test_an_unknown_format_is_refused_before_the_file_is_read(tmp_path):
    with pytest.raises(NotImportable, match="unknown format 'xml'"):
        open_source(tmp_path / "missing.csv", "xml")
    with pytest.raises(NotImportable, match="unknown format 'yaml'"):
        open_source(write(tmp_path, "big.jsonl", "x" * 2000), "yaml", max_bytes=1000)


@pytest.mark.parametrize(("text", "titles", "line"), [
    ('{\n "title": "أ",\n "text": "ب"\n}\n}\n', ["أ"], 5),   # a stray bracket
    ('{\n "title": "أ",\n "text": "ب"\n}\n{\n "title": "ج"\n}\n', ["أ"], 5),   # two exports
    ('{\n "items": [\n  {"title": "أ"},\n  {"title": "ب"}\n ]\n}\n{"items": []}',
     ["أ", "ب"], 7),
    ('[\n {"title": "أ"}\n]\n\n]\n', ["أ"], 5),
])
def test_pretty_printed_json_followed_by_text_keeps_its_records(tmp_path, text, titles, line):
    """Not re-read as JSON Lines (every line bad): the leading value's records, then one
    problem naming the line where the text after it starts."""
    source = open_source(write(tmp_path, "x.json", text))
    found = list(source.records)
    assert source.format == "json"
    assert [r.data["title"] for r in found[:-1]] == titles
    assert found[-1].data is None and found[-1].where.endswith(f"(line {line})")
    assert found[-1].problem.startswith("text after the ")
