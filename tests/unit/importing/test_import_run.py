"""One import from file to summary: bad records counted and named with their line and reason,
never stopping the rest; hostile text shown escaped; options checked before anything is
written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from akhbar.importing import run
from akhbar.importing.records import NotImportable
from akhbar.reading.seed import read_seed
from akhbar.reading.sidecar import load_sidecar

SAMPLES = Path(__file__).resolve().parents[2] / "import_samples"


def test_bad_records_are_each_reported_and_the_good_ones_imported(tmp_path):
    summary = run.import_file(SAMPLES / "bad_records.jsonl", run.options(tmp_path))
    assert dict(summary.skipped) == {
        "line 2": "no body",
        "line 3": "no title",
        "line 4": "duplicate: the same id as line 1",
        "line 5": "not an object but a string: not a record",
        "line 6": "not an object but a list: not a record",
        "line 7": "not an object but null: not a record",
        "line 8": "bad JSON on line 8: Unterminated string starting at (column 45)",
    }
    assert (summary.counts["new"], summary.counts["skipped"]) == (4, 7)
    assert sorted(summary.written.values()) == ["line 1", "line 10", "line 11", "line 9"]
    warnings = [f"{where}: {message}" for where, message in summary.warnings]
    assert "line 9: url 'javascript:alert(document.cookie)' is not an http(s) address; dropped" \
        in warnings
    assert "line 9: lang 'xx' is not one of ar, en, fa, ur; dropped" in warnings
    assert any(w.startswith("line 9: date '2015-02-30'") for w in warnings)
    assert any(w.startswith("line 11: date '10/08/2015' does not say") for w in warnings)
    assert "line 11: 4 control character(s) taken out of the text" in warnings
    # Nothing is written from a skipped record; three files a story otherwise.
    assert len(list(tmp_path.iterdir())) == 3 * 4


def test_hostile_records_make_plain_files_with_safe_names(tmp_path):
    summary = run.import_file(SAMPLES / "bad_records.jsonl", run.options(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert all(len(name.split(".")[0]) == 16 for name in names)
    passwd = next(stem for stem, where in summary.written.items() if where == "line 10")
    meta, warnings = load_sidecar(tmp_path / (passwd + ".txt"))
    assert meta["title"] == "../../etc/passwd" and warnings == []
    hostile = next(stem for stem, where in summary.written.items() if where == "line 11")
    seed = (tmp_path / (hostile + ".txt")).read_text(encoding="utf-8")
    assert not any(ord(c) < 32 and c != "\n" for c in seed)
    assert "\u202e" in seed.split("\n")[0]   # bidi controls stay text: the build closes them
    meta, warnings = load_sidecar(tmp_path / (hostile + ".txt"))
    assert meta["source"] == "وكالة الأنباء" and "date" not in meta and warnings == []
    result = read_seed(tmp_path / (hostile + ".txt"), max_bytes=2_000_000)
    assert result.status == "published" and result.title == meta["title"]


def test_the_summary_shows_record_text_escaped(tmp_path):
    source = tmp_path / "x.jsonl"
    source.write_text(json.dumps({"title": "ع", "text": "ن", "lang": "\u202een\x1b[2J"}) + "\n")
    summary = run.import_file(source, run.options(tmp_path / "seeds"))
    printed = "\n".join(summary.lines())
    assert "\u202e" not in printed and "\x1b" not in printed
    assert "\\u202e" in printed


def test_the_summary_counts_and_lists_what_was_done(tmp_path):
    summary = run.import_file(SAMPLES / "saudinewsnet.json", run.options(tmp_path))
    lines = summary.lines()
    assert lines[0] == (f"Imported 5 record(s) of saudinewsnet.json (JSON) into {tmp_path}:"
                        " 4 new, 0 updated, 0 unchanged, 1 skipped")
    assert lines[1:3] == ["Skipped (1):", "  record 4 (line 26): no body"]


def test_long_lists_are_cut_unless_verbose(tmp_path):
    source = tmp_path / "x.jsonl"
    source.write_text("[]\n" * 120)
    summary = run.import_file(source, run.options(tmp_path / "seeds", dry_run=True))
    assert summary.counts["skipped"] == 120
    assert summary.lines()[-1] == "  ... and 70 more (--verbose lists all)"
    assert len(summary.lines(verbose=True)) == 2 + 120


def test_defaults_fill_what_records_do_not_give(tmp_path):
    summary = run.import_file(SAMPLES / "aleqt_windows1256.csv", run.options(
        tmp_path, source="Al-Eqtisadiya", lang="AR"))
    for stem in summary.written:
        meta, _ = load_sidecar(tmp_path / (stem + ".txt"))
        assert meta["lang"] == "ar"
        assert meta["source"] == "الاقتصادية"   # the record's own outlet wins


def test_a_feed_s_own_title_and_language_are_defaults(tmp_path):
    summary = run.import_file(SAMPLES / "alriyadh_rss.xml", run.options(tmp_path))
    for stem in summary.written:
        meta, _ = load_sidecar(tmp_path / (stem + ".txt"))
        assert (meta["source"], meta["lang"]) == ("جريدة الرياض", "ar")
    summary = run.import_file(SAMPLES / "alriyadh_rss.xml", run.options(
        tmp_path / "b", source="Al Riyadh"))
    meta, _ = load_sidecar(tmp_path / "b" / (next(iter(summary.written)) + ".txt"))
    assert meta["source"] == "Al Riyadh"


@pytest.mark.parametrize(("options", "why"), [
    ({"lang": "xx"}, "--lang: lang 'xx' is not one of"),
    ({"maps": ["headline"]}, "--map headline: expected FIELD=NAME"),
    ({"maps": ["colour=red"]}, "unknown field 'colour'"),
])
def test_options_that_cannot_be_used_are_refused(tmp_path, options, why):
    with pytest.raises(NotImportable, match=why):
        run.options(tmp_path, **options)


def test_a_seeds_folder_that_is_a_file_is_refused_before_anything_is_read(tmp_path):
    (tmp_path / "seeds").write_text("x")
    with pytest.raises(NotImportable, match="not a folder"):
        run.import_file(SAMPLES / "scrapy_items.jl", run.options(tmp_path / "seeds"))


def test_a_missing_seeds_folder_is_made(tmp_path):
    folder = tmp_path / "new" / "seeds"
    run.import_file(SAMPLES / "scrapy_items.jl", run.options(folder))
    assert len(list(folder.glob("*.txt"))) == 3


def test_progress_is_told_every_few_thousand_records(tmp_path):
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"id": n, "title": f"خبر {n}", "text": f"نص {n}"})
                              + "\n" for n in range(4500)))
    told = []
    summary = run.import_file(source, run.options(tmp_path / "seeds", dry_run=True), told.append)
    assert told == [2000, 4000] and summary.counts["new"] == 4500


@pytest.mark.parametrize("marker", [".akhbar-output", ".akhbar-cache"])
def test_a_seeds_folder_in_an_output_or_cache_folder_is_refused(tmp_path, marker):
    """The next build into an output folder deletes what it holds: the seeds would go too."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / marker).write_text("{}")
    for folder in (tmp_path / "site", tmp_path / "site" / "articles" / "seeds"):
        with pytest.raises(NotImportable, match=f"Akhbar (output|cache) folder \\({marker}\\)"):
            run.import_file(SAMPLES / "scrapy_items.jl", run.options(folder))
    assert sorted(p.name for p in (tmp_path / "site").iterdir()) == [marker]
    # Through a link, too.
    (tmp_path / "link").symlink_to(tmp_path / "site")
    with pytest.raises(NotImportable, match="lies in"):
        run.import_file(SAMPLES / "scrapy_items.jl", run.options(tmp_path / "link" / "seeds"))


def test_ctrl_c_says_how_far_the_import_went_and_the_next_one_goes_on(tmp_path):
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"id": n, "title": f"خبر {n}", "text": f"نص {n}"})
                              + "\n" for n in range(2500)))

    def stop(count):
        raise KeyboardInterrupt

    with pytest.raises(run.Interrupted) as stopped:
        run.import_file(source, run.options(tmp_path / "seeds"), stop)
    assert str(stopped.value) == ("Import interrupted after 1,999 record(s) (1,999 new, 0"
                                  " updated, 0 unchanged, 0 skipped); run it again to continue")
    assert len(list((tmp_path / "seeds").iterdir())) == 3 * 1999   # no partial file left
    summary = run.import_file(source, run.options(tmp_path / "seeds"))
    assert (summary.counts["unchanged"], summary.counts["new"]) == (1999, 501)


def test_max_mb_and_format_are_checked_before_anything_is_read(tmp_path):
    assert run.megabytes("512") == run.megabytes(512) == 512 * 1024 * 1024
    assert run.megabytes("0.5") == 512 * 1024
    for wrong in ("abc", "0", "-3", "nan", "inf", None):
        with pytest.raises(NotImportable, match="not a number of megabytes"):
            run.megabytes(wrong)
    with pytest.raises(NotImportable, match="unknown format 'xml'"):
        run.options(tmp_path, format="xml")


def test_what_is_said_of_a_csv_file_while_reading_it_is_in_the_summary(tmp_path):
    source = tmp_path / "x.csv"
    source.write_text("title,text,title\nT,B,X\n")
    summary = run.import_file(source, run.options(tmp_path / "seeds"))
    assert summary.lines()[1].startswith("  note: the header row names a column more than once")
