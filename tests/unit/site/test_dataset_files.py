"""The dataset's text and CSV (site/dataset.py) on hostile text: the clean body from the rendered
HTML, exactly as written in the seed; a spreadsheet never runs a cell as a formula."""

from __future__ import annotations

import csv
import io
import json

from akhbar.reading.cleaning import Block
from akhbar.reading.render import render_body
from akhbar.site import dataset


def test_the_text_of_a_rendered_body_is_the_seed_text_block_by_block():
    blocks = [
        Block("paragraph", "قال لافروف إن <b>روسيا</b> & تركيا \"متفقتان\" (Reuters) اليوم.", 3),
        Block("subheading", "ردود الفعل", 5),
        Block("caption", "لافروف في أنقرة", 7, credit="(رويترز)"),
        Block("paragraph", "He said: «نعم» 100%.", 9),
    ]
    links = [[(10, 15, "../../entities/russia/")], [], [(0, 6, "../../entities/lavrov/")], []]
    html = render_body(blocks, "rtl", links)
    assert "<a " in html and "&lt;" in html and "<bdi" in html  # links, escapes, isolation
    assert dataset.plain_text(html) == (
        "قال لافروف إن <b>روسيا</b> & تركيا \"متفقتان\" (Reuters) اليوم.\n\n"
        "ردود الفعل\n\n"
        "لافروف في أنقرة (رويترز)\n\n"
        "He said: «نعم» 100%."
    )


def test_an_empty_body_has_no_text():
    assert dataset.plain_text("") == ""


def _rows(records) -> list[list[str]]:
    lines = dataset.CsvLines()
    data = lines.header() + b"".join(lines.record(r) for r in records)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _record(**values) -> dict:
    return {name: values.get(name) for name in dataset.FIELDS}


def test_a_cell_a_spreadsheet_would_run_as_a_formula_starts_with_an_apostrophe():
    hostile = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1)",
               "\t=1", "\r=1"]
    rows = _rows([_record(id=f"s{n}", title=t) for n, t in enumerate(hostile)])
    assert rows[0] == list(dataset.FIELDS)
    assert [row[3] for row in rows[1:]] == ["'" + t for t in hostile]
    # The JSON Lines file keeps the value exactly.
    assert json.loads(json.dumps(_record(title=hostile[0]), ensure_ascii=False))["title"] \
        == hostile[0]


def test_csv_rows_keep_arabic_quotes_commas_and_line_breaks():
    text = 'الفقرة الأولى، وفيها "اقتباس" وفاصلة, هنا.\n\nالفقرة الثانية.'
    rows = _rows([_record(id="a1", title="عنوان", text=text, topics=["aleppo", "idlib"],
                          entities=[], date=None)])
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["text"] == text
    assert row["topics"] == "aleppo;idlib"
    assert row["entities"] == "" and row["date"] == ""


def test_a_credit_that_keeps_its_leading_space_is_one_space_from_its_caption():
    """The cleaning gives the white space before a credit to the credit (boilerplate.yml)."""
    html = render_body([Block("caption", "لافروف في أنقرة", 7, credit=" (رويترز)")], "rtl")
    assert dataset.plain_text(html) == "لافروف في أنقرة (رويترز)"


def test_line_separators_in_a_story_never_split_its_json_line():
    record = _record(id="a", text="سطر\u2028آخر\u2029وفقرة")
    line = dataset.json_line(record)
    assert line.count(b"\n") == 1 and len(line.decode("utf-8").splitlines()) == 1
    assert json.loads(line)["text"] == "سطر\u2028آخر\u2029وفقرة"
