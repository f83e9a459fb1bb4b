"""What the built site weighs (issue 28): report.json's `size`, by kind of file and per story,
checked against a walk of the output folder made here; the warnings GitHub Pages' limits call
for, on sparse files of those sizes."""

from __future__ import annotations

import os

from akhbar.site.output_size import FILE_LIMIT, PAGES_LIMIT, measure


def _walk(output) -> tuple[int, int]:
    total = files = 0
    for folder, _dirs, names in os.walk(output):
        for name in names:
            if folder == str(output) and (name == "report.json" or name.startswith(".")):
                continue
            total += os.lstat(os.path.join(folder, name)).st_size
            files += 1
    return total, files


def test_the_report_says_what_the_site_weighs_by_kind_and_per_story(site):
    size = site.report["size"]
    assert (size["bytes"], size["files"]) == _walk(site.output)
    kinds = size["kinds"]
    assert sum(k["bytes"] for k in kinds.values()) == size["bytes"]
    assert sum(k["files"] for k in kinds.values()) == size["files"]
    published = sum(e["status"] == "published" for e in site.report["articles"])
    assert kinds["article pages"]["files"] == 2 * published  # one page in each language
    assert kinds["raw sources"]["files"] == published
    raw = sum(os.path.getsize(site.output / e["url"] / "source.txt")
              for e in site.report["articles"] if e["status"] == "published")
    assert kinds["raw sources"]["bytes"] == raw
    assert kinds["data files"]["files"] == 4
    assert kinds["search index"]["files"] == sum(
        len(files) for folder, _d, files in os.walk(site.output) if "pagefind" in folder)
    assert size["per_story"] == {"bytes": round(size["bytes"] / published),
                                 "files": round(size["files"] / published, 2)}
    assert size["warnings"] == []
    log = " ".join(site.log.split())
    assert f"the site is {size['bytes'] / 1024 / 1024:.1f} MB in {size['files']:,} files" in log


def test_a_site_github_pages_would_refuse_is_said_to_be(tmp_path):
    output = tmp_path / "out"
    (output / "articles" / "a").mkdir(parents=True)
    with open(output / "articles" / "a" / "index.html", "wb") as page:
        page.truncate(PAGES_LIMIT)  # sparse: no disk is used
    (output / "data").mkdir()
    with open(output / "data" / "stories.jsonl", "wb") as data:
        data.truncate(FILE_LIMIT + 1)
    size = measure(output, {"AKHBAR_SEED_URL": "articles/{id}/", "AKHBAR_DATA_URL": "data/"},
                   stories=1)
    assert size["bytes"] == PAGES_LIMIT + FILE_LIMIT + 1
    assert size["largest_file"] == {"path": "articles/a/index.html", "bytes": PAGES_LIMIT}
    first, second = size["warnings"]
    assert "GitHub Pages publishes sites of at most 1.00 GB" in first
    assert "100.0 MB of data files" in first
    assert "articles/a/index.html is 1.00 GB: GitHub takes no file over 100.0 MB" in second
