"""A rebuild into the same output folder renders only what changed, and gives the same bytes as a
cold build.

Each test starts from a build of 20 seeds (the five bundled ones under four names, each copy with
its own closing sentence) into one output folder with the cache on (made once, put back for each
test), changes something (a seed's body, headline, date or names; a seed added or deleted; the
gazetteer; a page of the output), rebuilds into the same folder, and compares it file for file
with a cold build of the same input (cache off, fresh folder). The search index is cut into
shards of 8 article pages (three bundles per tree), so that keeping unchanged bundles is held to
the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from sitebuild import ROOT, SEEDS, assert_same_site, copied_seeds, run_pelican

COPIES = 4
SETTINGS = {"AKHBAR_SEARCH_SHARD_PAGES": 8}
BUNDLES = 6  # three per tree
EDITED = "004_64f53ceaab6b1fb32.txt"  # dated "14 ديسمبر 2016" in its text
EDITED_PAGE = "articles/64f53ceaab6b1fb32/index.html"  # its page (the id drops the "004_")


def counts(log: str) -> tuple[int, int, int]:
    """(pages rendered, pages kept, search bundles kept) from the build's summary line."""
    match = re.search(r"Akhbar: ([\d,]+) pages rendered, ([\d,]+) unchanged pages kept from the"
                      r" previous build(?:; (\d+) search bundles? kept)?", log)
    assert match, log[-3000:]
    return (int(match[1].replace(",", "")), int(match[2].replace(",", "")), int(match[3] or 0))


# Cold builds already made in this process, by everything they are built from (cold_build),
# kept in the session's folder COLD_ROOT[0].
_COLD_BUILDS: dict[str, Path] = {}
COLD_ROOT: list[Path] = []


@pytest.fixture(scope="session", autouse=True)
def _cold_root(tmp_path_factory):
    COLD_ROOT[:] = [tmp_path_factory.mktemp("cold")]


def _inputs_digest(seeds: Path, settings: dict) -> str:
    """The seed files (names and bytes), the settings, and the bytes of every file or folder a
    setting names (a gazetteer or a theme a test edits): equal digests, equal cold builds."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode())
    named = [Path(v) for v in settings.values() if isinstance(v, str) and os.path.isabs(v)]
    for root in [seeds, *named]:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                digest.update(f"\0{path}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def cold_build(seeds: Path, settings: dict) -> Path:
    """The output of a cold build (cache off, a fresh folder) of `seeds` with `settings`; built
    once per process for the same inputs, since tests that change nothing compare with the
    same cold build (the first build of the default site is one: see first_build)."""
    key = _inputs_digest(seeds, settings)
    if key not in _COLD_BUILDS:
        kept = COLD_ROOT[0] / str(len(_COLD_BUILDS)) / "output"
        cold = run_pelican(seeds, kept, **settings)
        assert cold.returncode == 0, cold.log
        _COLD_BUILDS[key] = kept
    return _COLD_BUILDS[key]


class Site:
    """One output folder rebuilt again and again, with its own seed folder and cache."""

    def __init__(self, base: Path, copies: int = COPIES, **settings):
        self.base, self.settings = base, {**SETTINGS, **settings}
        self.seeds = copied_seeds(base / "seeds", copies)
        self.output, self.cache = base / "output", base / "cache"
        first = self.build()
        assert counts(first.log)[1:] == (0, 0), "nothing to keep in a first build"
        self.pages = counts(first.log)[0]

    def build(self, **extra):
        build = run_pelican(self.seeds, self.output, AKHBAR_CACHE_PATH=str(self.cache),
                            **self.settings, **extra)
        assert build.returncode == 0, build.log
        return build

    def rebuild_and_compare(self, **extra) -> tuple[int, int, int]:
        """Rebuild; check it against a cold build; return (rendered, kept, bundles kept)."""
        build = self.build(**extra)
        self.log = build.log
        assert_same_site(cold_build(self.seeds, {**self.settings, **extra}),
                         self.output)
        return counts(build.log)

    def edit(self, name: str, change) -> None:
        path = self.seeds / name
        text = path.read_text(encoding="utf-8")
        changed = change(text)
        assert changed != text
        path.write_text(changed, encoding="utf-8")


@pytest.fixture(scope="session")
def first_build(tmp_path_factory) -> tuple[Site, Path]:
    """The first build of the default site, made once (by each worker that runs these tests),
    and a copy of its folder (seeds, output, cache) as that build left it."""
    base = tmp_path_factory.mktemp("incremental")
    first = Site(base / "site")
    shutil.copytree(first.base, base / "first", symlinks=True)
    # A first build is a cold build: a fresh folder, an empty cache (which changes no byte:
    # test_parallel_and_cache.py). Tests that change nothing compare with it.
    _COLD_BUILDS[_inputs_digest(first.seeds, first.settings)] = base / "first" / "output"
    return first, base / "first"


@pytest.fixture
def site(first_build) -> Site:
    """The default site as its first build left it: the copy put back where it was built (the
    settings name its folders, so a copy anywhere else would be another build). The copy keeps
    each file's modification time, which is part of the record a rebuild trusts."""
    first, kept = first_build
    shutil.rmtree(first.base)
    shutil.copytree(kept, first.base, symlinks=True)
    site = copy.copy(first)
    site.settings = dict(first.settings)  # a test may change them
    return site


def test_a_rebuild_with_nothing_changed_renders_nothing_and_runs_no_pagefind(site):
    rendered, kept, bundles = site.rebuild_and_compare()
    assert (rendered, kept, bundles) == (0, site.pages, BUNDLES)
    assert not list(site.base.glob(".*akhbar-previous")), "the previous output is deleted"


def test_a_body_edit_renders_only_that_story_and_reindexes_only_its_shard(site):
    site.edit(EDITED, lambda t: t + "\nوقال مصدر آخر إن المحادثات ستتواصل الأسبوع المقبل.\n")
    rendered, kept, bundles = site.rebuild_and_compare()
    # Its article page in each tree; its teasers (headline, date, lead) did not change. Its
    # shard is indexed again in the Arabic tree only: the English tree indexes an Arabic-only
    # story's titles and names, not its text (stories.indexes_body).
    assert (rendered, kept, bundles) == (2, site.pages - 2, BUNDLES - 1)
    # Pagefind started from the shard's previous bundle: the other pages' fragments, at least,
    # were not compressed again (search_index.link_unchanged).
    taken = re.search(r";\s+(\d+)\s+of\s+its\s+(\d+)\s+files\s+unchanged,\s+taken", site.log)
    assert taken, site.log[-2000:]
    assert 8 - 1 <= int(taken[1]) < int(taken[2])


def test_with_a_sitemap_and_feeds_a_body_edit_gives_the_cold_builds_bytes(tmp_path):
    """An absolute SITEURL adds the sitemap and feeds; the edited story's shard (the second)
    is written first, and the sitemap still lists the articles in story order."""
    site = Site(tmp_path, SITEURL="https://archive.example.org")
    site.edit(EDITED, lambda t: t + "\nوقال مصدر آخر إن المحادثات ستتواصل الأسبوع المقبل.\n")
    rendered, _kept, bundles = site.rebuild_and_compare()
    assert (rendered, bundles) == (2, BUNDLES - 1)
    assert (site.output / "sitemap.xml").is_file()


def test_a_byline_added_renders_only_that_story_s_pages(site):
    """A byline shows on the article page alone (fingerprint.PAGE_ONLY_FIELDS)."""
    site.edit(EDITED, lambda t: t.replace("2016\n", "2016\n\nموسكو ـ سيرغي ماركوف\n", 1))
    rendered, kept, _bundles = site.rebuild_and_compare()
    assert (rendered, kept) == (2, site.pages - 2)
    page = (site.output / EDITED_PAGE).read_text(encoding="utf-8")
    assert "موسكو ـ سيرغي ماركوف</bdi>" in page


def test_a_headline_edit_renders_the_lists_that_show_it(site):
    site.edit(EDITED, lambda t: t.replace("لافروف يدعو كيري", "عاجل: لافروف يدعو كيري"))
    rendered, kept, bundles = site.rebuild_and_compare()
    assert 2 < rendered < site.pages and kept == site.pages - rendered
    assert bundles == BUNDLES - 2  # every tree indexes the headline


ENGLISH_SEED = """DAMASCUS, Dec. 14, 2016 (Reuters) - Russian Foreign Minister Sergey Lavrov said on
Wednesday that talks on a ceasefire in Aleppo would continue in Moscow next week.

Lavrov told reporters the evacuation of fighters from eastern Aleppo could begin within days.

The United Nations said it was ready to help with the evacuation of civilians.
"""


def test_a_body_edit_of_an_english_story_reindexes_it_in_every_tree(site):
    """The Arabic tree, the default, indexes every story's text, English ones too."""
    (site.seeds / "zzz_english.txt").write_text(ENGLISH_SEED, encoding="utf-8")
    site.rebuild_and_compare()
    site.edit("zzz_english.txt", lambda t: t + "\nThe talks are due to resume on Monday.\n")
    rendered, _kept, bundles = site.rebuild_and_compare()
    assert rendered == 2 and bundles == BUNDLES - 2


def test_a_new_name_in_a_story_renders_the_pages_of_that_name(site):
    site.edit(EDITED, lambda t: t + "\nوكان الوزير قد زار طهران وأنقرة الشهر الماضي.\n")
    rendered, _kept, _bundles = site.rebuild_and_compare()
    assert 2 < rendered < site.pages


def test_a_new_date_moves_the_story_in_every_list(site):
    site.edit(EDITED, lambda t: t.replace("14 ديسمبر 2016", "3 يناير 2015"))
    rendered, _kept, _bundles = site.rebuild_and_compare()
    assert 2 < rendered < site.pages


def test_a_sidecar_edit_renders_the_english_lists_that_show_its_title_and_summary(site):
    sidecar = site.seeds / EDITED.replace(".txt", ".meta.yml")
    sidecar.write_text("title_en: Lavrov urges Kerry\nsummary_en: A first summary.\n",
                       encoding="utf-8")
    site.rebuild_and_compare()
    sidecar.write_text("title_en: Lavrov urges Kerry\nsummary_en: Another summary.\n",
                       encoding="utf-8")
    rendered, _kept, _bundles = site.rebuild_and_compare()
    assert 2 < rendered < site.pages
    assert "Another summary." in (site.output / "en" / "index.html").read_text(encoding="utf-8")


def test_a_deleted_seed_leaves_no_page_behind_and_an_added_one_is_built(site):
    assert (site.output / EDITED_PAGE).is_file()
    (site.seeds / EDITED).unlink()
    site.rebuild_and_compare()
    assert not (site.output / EDITED_PAGE).exists()
    shutil.copyfile(SEEDS / "000_5288d6f156908d5f.txt", site.seeds / "new-seed.txt")
    rendered, _kept, _bundles = site.rebuild_and_compare()
    assert 2 <= rendered < site.pages


def test_a_gazetteer_edit_renders_every_page(site, tmp_path):
    gazetteer = tmp_path / "gazetteer.yml"
    original = (ROOT / "plugins" / "akhbar" / "data" / "gazetteer.yml").read_text(encoding="utf-8")
    gazetteer.write_text(original, encoding="utf-8")
    site.settings["AKHBAR_GAZETTEER"] = str(gazetteer)  # a setting changed: every page
    assert site.rebuild_and_compare()[:2] == (site.pages, 0)
    assert site.rebuild_and_compare()[:2] == (0, site.pages)
    gazetteer.write_text(original.replace("name_en: Sergey Lavrov", "name_en: Sergei Lavrov"),
                         encoding="utf-8")
    assert site.rebuild_and_compare()[:2] == (site.pages, 0)


def test_a_page_changed_in_the_output_is_rendered_again(site):
    page = site.output / EDITED_PAGE
    page.write_text(page.read_text(encoding="utf-8").replace("لافروف", "X"), encoding="utf-8")
    rendered, _kept, bundles = site.rebuild_and_compare()
    assert rendered == 1 and bundles == BUNDLES


def test_files_put_by_hand_into_the_page_folders_are_gone_after_a_rebuild(site):
    """articles/, entities/, topics/ come back whole (reuse.restore): what a rebuild does not
    produce in them is swept out, as a cold build would not have it."""
    strays = [site.output / EDITED_PAGE.replace("index.html", "notes.txt"),
              site.output / "entities" / "stray" / "index.html",
              site.output / "en" / "topics" / "old-topic" / "page" / "2" / "index.html"]
    for stray in strays:
        stray.parent.mkdir(parents=True, exist_ok=True)
        stray.write_text("put there by hand")
        earlier = stray.stat().st_mtime_ns - 60 * 10**9  # before the rebuild starts
        os.utime(stray, ns=(earlier, earlier))
    rendered, kept, bundles = site.rebuild_and_compare()
    assert (rendered, kept, bundles) == (0, site.pages, BUNDLES)
    assert not any(stray.exists() for stray in strays)
    assert not (site.output / "entities" / "stray").exists()


def test_a_build_that_did_not_finish_is_not_trusted(site):
    aside = site.base / ".output.akhbar-previous"
    (aside / "articles").mkdir(parents=True)
    (aside / "articles" / "stale.html").write_text("left by a build that was killed")
    (aside / ".akhbar-aside").touch()  # as a build leaves it (reuse.ASIDE_MARKER)
    site.rebuild_and_compare()
    assert not aside.exists()


def test_files_named_in_output_retention_stay(tmp_path):
    site = Site(tmp_path, OUTPUT_RETENTION=["CNAME"])
    (site.output / "CNAME").write_text("archive.example.org\n")
    build = site.build()
    assert counts(build.log)[1] == site.pages
    assert (site.output / "CNAME").read_text() == "archive.example.org\n"


def test_reuse_can_be_switched_off(site):
    build = site.build(AKHBAR_REUSE_PAGES=False)
    assert "unchanged pages kept" not in build.log
    assert not list(site.base.glob(".*akhbar-previous"))


def test_a_seed_added_before_all_others_reindexes_only_its_own_shard(tmp_path):
    """Shards of 100 pages or more are cut by content (search_index.shards): a seed whose id
    sorts first changes the first shard of each tree only, where runs of a fixed length would
    all move; the other bundles are kept, and the site is the same as a cold build's."""
    site = Site(tmp_path, copies=50, AKHBAR_SEARCH_SHARD_PAGES=100)
    bundles = [p.name for p in sorted(site.output.glob("pagefind*"))]
    assert len(bundles) >= 3 and bundles == [
        p.name for p in sorted((site.output / "en").glob("pagefind*"))]
    shutil.copy(SEEDS / "000_5288d6f156908d5f.txt", site.seeds / "000_0000000000000000.txt")
    rendered, _kept, bundles_kept = site.rebuild_and_compare()
    assert bundles_kept == 2 * (len(bundles) - 1)
    assert 0 < rendered < site.pages  # its lists and the articles it is related to


def test_compiled_templates_follow_template_edits_and_the_jinja_environment(site, tmp_path):
    """The compiled templates kept in the cache (template_cache.py) never outlive an edited
    template, nor a change to JINJA_ENVIRONMENT (which Jinja's own check does not see): each
    rebuild gives the cold build's bytes."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "akhbar", theme)
    site.settings["THEME"] = str(theme)
    site.rebuild_and_compare()
    compiled = site.cache / "templates"
    first = [p.name for p in compiled.iterdir()]
    assert len(first) == 1 and list((compiled / first[0]).iterdir())
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</footer>", "<p>akhbar-template-edit</p></footer>"), encoding="utf-8")
    site.rebuild_and_compare()
    assert "akhbar-template-edit" in (site.output / "index.html").read_text(encoding="utf-8")
    from pelican.settings import read_settings

    environment = read_settings(str(ROOT / "pelican.conf.py"))["JINJA_ENVIRONMENT"]
    site.settings["JINJA_ENVIRONMENT"] = {**environment, "trim_blocks": False}
    before = (site.output / "index.html").read_bytes()
    site.rebuild_and_compare()
    assert (site.output / "index.html").read_bytes() != before  # the option shows
    assert [p.name for p in compiled.iterdir()] not in ([], first)  # one folder, a new one
    assert len(list(compiled.iterdir())) == 1
