"""Stories -> seeds, sidecars and record files: names from a stable id, sidecars the build's
parser reads back without a warning, and files the importer did not write, or that were edited
since, never replaced unless asked."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import feedparser
import pytest

from akhbar.importing import run, seeds
from akhbar.importing.fields import Story, read_story
from akhbar.reading.cleaning import clean
from akhbar.reading.seed import PUBLISHED, read_seed, seed_id
from akhbar.reading.sidecar import parse_sidecar

SAMPLES = Path(__file__).resolve().parents[2] / "import_samples"
FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix != ".md")
BODY = ["قالت الشرطة السويدية إن شخصين قتلا وأصيب ثالث بجروح بالغة اليوم الاثنين.",
        "وقالت الشرطة إنها احتجزت رجلا للاشتباه في ضلوعه في القتل."]


def story(**fields) -> Story:
    return Story(**{"title": "مقتل اثنين في هجوم بمدية بمتجر إيكيا في السويد",
                    "paragraphs": list(BODY), **fields})


def imported(source, folder, **options):
    return run.import_file(source, run.options(folder, **options))


def test_a_name_comes_from_the_id_else_the_address_else_the_text():
    by_id = seeds.name_for(story(id="4082847", address="http://www.alyaum.com/article/4082847"))
    assert by_id[1] == "id"
    assert seeds.name_for(story(id="4082847", title="عنوان آخر"))[0] == by_id[0]
    by_url = seeds.name_for(story(address="http://www.alyaum.com/article/4082847"))
    assert by_url[1] == "url" and by_url[0] != by_id[0]
    # White space and the fragment do not make another story.
    assert seeds.name_for(story(address=" http://www.alyaum.com/article/4082847#comments "),
                          ) == by_url
    by_text = seeds.name_for(story())
    assert by_text[1] == "text"
    assert seeds.name_for(story(paragraphs=BODY[:1]))[0] != by_text[0]


@pytest.mark.parametrize("ident", ["../../etc/passwd", "x/../../y", "\u202etxt.exe", "CON",
                                   "a\x00b", "😀" * 100, ".hidden", "-rf"])
def test_a_name_is_sixteen_hex_digits_whatever_the_record_says(ident):
    stem, _ = seeds.name_for(story(id=ident, title=ident))
    assert len(stem) == 16 and all(c in "0123456789abcdef" for c in stem)
    assert seed_id(stem + ".txt") == stem   # the page is articles/<stem>/


def test_the_seed_is_the_headline_a_blank_line_and_the_paragraphs():
    text = seeds.seed_text(story()).decode("utf-8")
    assert text == story().title + "\n\n" + BODY[0] + "\n\n" + BODY[1] + "\n"
    # A body that starts with its headline does not repeat it.
    assert seeds.seed_text(story(paragraphs=[story().title, *BODY])).decode() == text


def test_a_short_headline_the_sidecar_gives_is_never_taken_for_a_section_label():
    """A record's title can be a section's name (datasets hold "محليات" or "أخبار السوق" as
    titles); over a first paragraph that does not end a sentence the build would take it for a
    kicker, take that paragraph for the headline and drop it from the body, were the sidecar
    not giving the same headline (cleaning.clean's `title`)."""
    short = story(title="محليات", paragraphs=["استعمالات الزعرور الطبية",
                                              "يستعمل الزعرور في علاج أمراض القلب."])
    text = seeds.seed_text(short).decode()
    assert text == "محليات\n\nاستعمالات الزعرور الطبية\n\nيستعمل الزعرور في علاج أمراض القلب.\n"
    assert clean(text).kicker == "محليات"   # what the layout alone says
    article = clean(text, title="محليات")
    assert article.kicker is None and article.title == "محليات"
    assert [block.text for block in article.blocks] == short.paragraphs


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_sidecar_written_reads_back_with_no_warning(tmp_path, path):
    summary = imported(path, tmp_path)
    assert summary.written
    for stem in summary.written:
        sidecar = tmp_path / (stem + ".meta.yml")
        fields, warnings = parse_sidecar(sidecar.name, sidecar.read_bytes())
        assert warnings == []
        assert set(fields) <= {"title", "date", "lang", "source", "url", "author", "section"}
        record = json.loads((tmp_path / (stem + ".record.json")).read_text(encoding="utf-8"))
        assert fields["title"] == read_story_of(record).title
        result = read_seed(tmp_path / (stem + ".txt"), max_bytes=2_000_000)
        assert result.status == PUBLISHED and result.title == fields["title"]
        assert result.date == fields.get("date")
        assert not [w for w in result.warnings if ".meta.yml" in w]


def read_story_of(record: dict) -> Story:
    """The story of a record file's record, read again from what it says it received."""
    if record["received_as"] == "json":
        return read_story(json.loads(record["received"]))
    if record["received_as"] == "csv":
        header, *rows = csv.reader(io.StringIO(record["received"]),
                                   delimiter=";" if ";" in record["received"].split("\n")[0]
                                   else ",")
        return read_story(dict(zip(header, rows[0], strict=True)))
    entry = feedparser.parse(("<rss><channel>" + record["received"] + "</channel></rss>"
                              if "<item" in record["received"] else
                              '<feed xmlns="http://www.w3.org/2005/Atom">' + record["received"]
                              + "</feed>").encode()).entries[0]
    return Story(title=entry.title)


def test_the_record_file_keeps_the_record_as_received_and_what_was_written(tmp_path):
    path = SAMPLES / "saudinewsnet.json"
    summary = imported(path, tmp_path)
    published = json.loads(path.read_text(encoding="utf-8"))
    for stem, where in summary.written.items():
        record = json.loads((tmp_path / (stem + ".record.json")).read_text(encoding="utf-8"))
        assert record["file"] == "saudinewsnet.json" and record["where"] == where
        assert record["path"] == str(path.resolve())
        assert json.loads(record["received"]) == published[record["record"] - 1]
        assert record["received"] in path.read_text(encoding="utf-8")
        for entry in ("seed", "sidecar"):
            written = tmp_path / record[entry]["name"]
            assert record[entry]["sha256"] == hashlib.sha256(written.read_bytes()).hexdigest()


def snapshot(folder: Path) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in folder.iterdir()}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_importing_again_writes_nothing_and_says_unchanged(tmp_path, path):
    first = imported(path, tmp_path)
    before = snapshot(tmp_path)
    second = imported(path, tmp_path)
    assert snapshot(tmp_path) == before
    assert second.counts["unchanged"] == first.counts["new"] > 0
    assert second.counts["new"] == second.counts["updated"] == 0
    assert second.counts["skipped"] == first.counts["skipped"]


def test_a_changed_record_updates_its_story_only(tmp_path):
    source = tmp_path / "items.jsonl"
    lines = (SAMPLES / "scrapy_items.jl").read_text(encoding="ascii").splitlines()
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seeds_folder = tmp_path / "seeds"
    first = imported(source, seeds_folder)
    before = snapshot(seeds_folder)
    item = json.loads(lines[1])
    item["title"] = ["عنوان مصحح"]
    lines[1] = json.dumps(item)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    second = imported(source, seeds_folder)
    assert (second.counts["updated"], second.counts["unchanged"], second.counts["new"]) == (1, 2, 0)
    [stem] = [s for s, where in second.written.items() if where == "line 2"]
    assert stem == next(s for s, where in first.written.items() if where == "line 2")
    after = snapshot(seeds_folder)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {stem + ".txt", stem + ".meta.yml", stem + ".record.json"}
    assert (seeds_folder / (stem + ".txt")).read_text().startswith("عنوان مصحح\n")


def test_a_hand_edited_sidecar_is_not_overwritten_without_overwrite(tmp_path):
    path = SAMPLES / "saudinewsnet.json"
    first = imported(path, tmp_path, maps=["date=date_extracted"])
    stem = next(iter(first.written))
    sidecar = tmp_path / (stem + ".meta.yml")
    edited = sidecar.read_text(encoding="utf-8") + "title_en: Wheat tender\n"
    sidecar.write_text(edited, encoding="utf-8")
    # The same records, read differently (no date now): every story would change.
    second = imported(path, tmp_path)
    assert sidecar.read_text(encoding="utf-8") == edited
    reasons = dict(second.skipped)
    assert reasons[first.written[stem]] == (f"{stem}.meta.yml edited by hand since the last"
                                            " import: not overwritten (--overwrite replaces it)")
    assert second.counts["updated"] == first.counts["new"] - 1
    third = imported(path, tmp_path, overwrite=True)
    assert "title_en" not in sidecar.read_text(encoding="utf-8")
    assert third.counts["updated"] == 1 and third.counts["unchanged"] == first.counts["new"] - 1


def test_a_hand_edited_seed_and_a_deleted_one_are_left_as_they_are(tmp_path):
    path = SAMPLES / "scrapy_items.jl"
    first = imported(path, tmp_path)
    edited, deleted = list(first.written)[:2]
    (tmp_path / (edited + ".txt")).write_text("عنوان\n\nنص كتبه محرر.\n", encoding="utf-8")
    (tmp_path / (deleted + ".txt")).unlink()
    second = imported(path, tmp_path)
    reasons = dict(second.skipped)
    assert "edited by hand" in reasons[first.written[edited]]
    assert "deleted since the last import" in reasons[first.written[deleted]]
    assert (tmp_path / (edited + ".txt")).read_text(encoding="utf-8") == "عنوان\n\nنص كتبه محرر.\n"
    assert not (tmp_path / (deleted + ".txt")).exists()
    assert second.counts["unchanged"] == 1


def test_files_no_import_wrote_are_not_overwritten(tmp_path):
    path = SAMPLES / "scrapy_items.jl"
    dry = imported(path, tmp_path, dry_run=True)
    assert list(tmp_path.iterdir()) == []   # a dry run writes nothing
    stem = next(iter(dry.written))
    mine = tmp_path / (stem + ".txt")
    mine.write_text("مقالتي\n\nكتبتها بيدي.\n", encoding="utf-8")
    summary = imported(path, tmp_path)
    assert dict(summary.skipped)[dry.written[stem]] == (
        f"{stem}.txt exists and no import wrote it: not overwritten (--overwrite replaces it)")
    assert mine.read_text(encoding="utf-8") == "مقالتي\n\nكتبتها بيدي.\n"
    assert not (tmp_path / (stem + ".record.json")).exists()
    assert imported(path, tmp_path, overwrite=True).counts["new"] == 1


def test_links_folders_and_pipes_at_a_story_s_names_are_never_touched(tmp_path):
    path = SAMPLES / "scrapy_items.jl"
    stems = list(imported(path, tmp_path / "probe", dry_run=True).written)
    outside = tmp_path / "outside.txt"
    outside.write_text("not mine", encoding="utf-8")
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / (stems[0] + ".txt")).symlink_to(outside)
    (folder / (stems[1] + ".meta.yml")).mkdir()
    os.mkfifo(folder / (stems[2] + ".record.json"))
    summary = imported(path, folder, overwrite=True)
    reasons = [reason for _where, reason in summary.skipped]
    assert summary.counts["skipped"] == 3
    assert reasons == [f"{stems[0]}.txt is a symbolic link: not touched",
                       f"{stems[1]}.meta.yml is a folder: not touched",
                       f"{stems[2]}.record.json is a named pipe (FIFO): not touched"]
    assert outside.read_text(encoding="utf-8") == "not mine"


def test_a_record_with_the_id_of_another_file_s_record_is_not_overwritten(tmp_path):
    """Ids are a dataset's own: record 1 of one file is not record 1 of another."""
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps({"id": 1, "title": "الأول", "text": BODY[0]}) + "\n")
    two.write_text(json.dumps({"id": 1, "title": "الثاني", "text": BODY[1]}) + "\n")
    folder = tmp_path / "seeds"
    imported(one, folder)
    summary = imported(two, folder)
    assert summary.counts["skipped"] == 1
    assert "the same id as line 1 of one.jsonl" in summary.skipped[0][1]
    [seed] = folder.glob("*.txt")
    assert seed.read_text(encoding="utf-8").startswith("الأول")


def test_two_files_of_one_name_do_not_overwrite_each_other_s_stories(tmp_path):
    """outletA/articles.jsonl and outletB/articles.jsonl both have a record 1."""
    one, two = tmp_path / "outletA" / "articles.jsonl", tmp_path / "outletB" / "articles.jsonl"
    for path, title, body in ((one, "الأول", BODY[0]), (two, "الثاني", BODY[1])):
        path.parent.mkdir()
        path.write_text(json.dumps({"id": 1, "title": title, "text": body}) + "\n")
    folder = tmp_path / "seeds"
    imported(one, folder)
    summary = imported(two, folder)
    assert summary.counts["skipped"] == 1
    assert summary.skipped[0][1] == (f"the same id as line 1 of {one} (this is {two}), imported"
                                     " before: not overwritten (--overwrite replaces it)")
    [seed] = folder.glob("*.txt")
    assert seed.read_text(encoding="utf-8").startswith("الأول")
    # The same file again, even by another way to it, is the same file: its story updates.
    one.write_text(json.dumps({"id": 1, "title": "الأول مصححا", "text": BODY[0]}) + "\n")
    again = imported(tmp_path / "outletB" / ".." / "outletA" / "articles.jsonl", folder)
    assert again.counts["updated"] == 1
    assert imported(one, folder).counts["unchanged"] == 1
    assert imported(two, folder, overwrite=True).counts["updated"] == 1
    assert seed.read_text(encoding="utf-8").startswith("الثاني")


def test_a_file_name_that_is_not_utf8_is_kept_without_loss(tmp_path):
    """Two names that differ only in bytes UTF-8 cannot decode are still two files."""
    folder, base = tmp_path / "seeds", os.fsencode(tmp_path)
    one, two = (Path(os.fsdecode(base + b"/" + name)) for name in (b"a\xff.jsonl", b"a\xfe.jsonl"))
    one.write_text(json.dumps({"id": 1, "title": "الأول", "text": BODY[0]}) + "\n")
    two.write_text(json.dumps({"id": 1, "title": "الثاني", "text": BODY[1]}) + "\n")
    summary = imported(one, folder)
    [record_file] = folder.glob("*.record.json")
    record = json.loads(record_file.read_text(encoding="utf-8"))
    assert record["file"] == "a\\xff.jsonl"
    assert record["path"] == os.fsdecode(base) + "/a\\xff.jsonl"
    assert imported(one, folder).counts["unchanged"] == 1
    summary = imported(two, folder)
    assert summary.counts["skipped"] == 1 and "line 1 of a\\xff.jsonl," in summary.skipped[0][1]


def test_an_import_stopped_between_its_files_is_taken_up_again(tmp_path):
    summary = imported(SAMPLES / "scrapy_items.jl", tmp_path)
    stem = next(iter(summary.written))
    (tmp_path / (stem + ".record.json")).unlink()   # killed before the record file
    again = imported(SAMPLES / "scrapy_items.jl", tmp_path)
    assert again.counts["new"] == 1 and again.counts["unchanged"] == 2
    assert (tmp_path / (stem + ".record.json")).exists()


def test_a_seed_over_the_build_s_size_limit_is_skipped(tmp_path):
    source = tmp_path / "big.jsonl"
    source.write_text(json.dumps({"title": "عنوان", "text": "كلمة " * 250_000},
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    summary = imported(source, tmp_path / "seeds")
    assert "over the build's 2,000,000-byte limit" in summary.skipped[0][1]
