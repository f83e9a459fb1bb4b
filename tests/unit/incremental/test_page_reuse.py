"""Page digests and keeping the previous build's pages (fingerprint.py, reuse.py), without Pelican.

The whole flow, with real builds compared against cold ones, is tests/build/test_incremental.py.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from types import SimpleNamespace

from akhbar.incremental.fingerprint import (
    KnownTexts,
    StoryDigests,
    build_digest,
    digest,
    files_digest,
    plugin_code_digest,
    text_digest,
    version_fields,
)
from akhbar.incremental.page_record import ASIDE_MARKER, aside_folder, record_file
from akhbar.incremental.page_reuse import PageReuse
from akhbar.search.bundles import write_index_file


class Category:
    def __init__(self, name, slug):
        self.name, self.slug = name, slug


class Article:
    """What a Pelican article carries, as far as a digest sees it."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


def story(sid="a1", **fields):
    base = {"title": "لافروف", "_content": "<p>نص</p>", "summary": "نص",
            "date": datetime.datetime(2016, 12, 14), "category": Category("أخبار", "news"),
            "lang": "ar", "slug": sid, "source_path": f"/seeds/{sid}.txt",
            "_context": {"huge": object()}, "settings": {"X": 1}}
    base.update(fields)
    original = Article(**base)
    return SimpleNamespace(id=sid, original=original, versions={"ar": original})


def test_digest_is_stable_across_objects_and_ignores_memory_addresses():
    first, second = StoryDigests(), StoryDigests()
    a, b = story(), story()  # equal content, different objects (and _context objects)
    assert first.full(a) == second.full(b)
    assert first.teaser(a) == second.teaser(b)
    assert digest({"f": print}) == digest({"f": print})
    # A function is its code and the values it was made with (a closure, defaults).
    from jinja2 import select_autoescape
    assert digest(select_autoescape(["html"])) == digest(select_autoescape(["html"]))
    assert digest(select_autoescape(["html"])) != digest(select_autoescape(["txt"], default=False))
    assert digest({"b": 1, "a": 2}) == digest({"a": 2, "b": 1})
    assert digest([1, 2]) != digest([2, 1])


def test_a_body_edit_changes_the_full_digest_only():
    digests = StoryDigests()
    old, new = story(), story(_content="<p>نص</p><p>فقرة جديدة</p>", search_forms="فقر جديد")
    assert StoryDigests().full(old) != digests.full(new)
    assert StoryDigests().teaser(old) == digests.teaser(new)


def test_a_headline_date_or_section_edit_changes_the_teaser():
    reference = StoryDigests().teaser(story())
    for change in ({"title": "عاجل: لافروف"}, {"date": datetime.datetime(2015, 1, 3)},
                   {"category": Category("الشأن السوري", "syrian-affairs")},
                   {"summary": "مقدمة أخرى"}, {"entities": ["sergey-lavrov"]}):
        assert StoryDigests().teaser(story(**change)) != reference, change


def test_a_translation_changes_both_digests():
    plain, translated = story(), story()
    translated.versions["en"] = Article(title="Lavrov", _content="<p>text</p>", lang="en",
                                        slug="a1", source_path="/content/translations/a1.md")
    assert StoryDigests().full(plain) != StoryDigests().full(translated)
    assert StoryDigests().teaser(plain) != StoryDigests().teaser(translated)


def test_known_texts_stand_for_the_very_object_digested_only():
    body = "<p>" + "نص طويل " * 100 + "</p>"
    known = KnownTexts()
    known.add(body, text_digest(body))
    article = story(_content=body).original
    assert version_fields(article, known)["_content"] == ["text digest", text_digest(body)]
    # An equal text that is another object (a step rewrote the body) is encoded as it is.
    copy = "".join([body[:10], body[10:]])
    assert copy == body and copy is not body
    assert version_fields(story(_content=copy).original, known)["_content"] == copy
    # A digest recorded for another object is never used, even where an id() matches.
    impostor = KnownTexts()
    impostor._by_id[id(body)] = ("another text", text_digest("another text"))
    assert version_fields(article, impostor)["_content"] == body


def test_known_texts_keep_digests_apart_as_texts_are():
    """Edited bodies still change the full digest, and only it, when their digests are known."""
    known = KnownTexts()
    old_body = "<p>" + "نص طويل " * 100 + "</p>"
    new_body = old_body + "<p>فقرة جديدة</p>"
    for text in (old_body, new_body):
        known.add(text, text_digest(text))
    assert version_fields(story(_content=new_body).original, known)["_content"][0] == "text digest"
    old, new = story(_content=old_body), story(_content=new_body)
    assert StoryDigests(known).full(old) != StoryDigests(known).full(new)
    assert StoryDigests(known).teaser(old) == StoryDigests(known).teaser(new)
    assert StoryDigests(known).full(old) == StoryDigests(known).full(story(_content=old_body))


def test_files_digest_sees_names_and_bytes_but_not_bytecode(tmp_path):
    (tmp_path / "t.html").write_text("a")
    before = files_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert files_digest(tmp_path) == before
    (tmp_path / "t.html").write_text("b")
    assert files_digest(tmp_path) != before
    (tmp_path / "t.html").rename(tmp_path / "u.html")
    assert files_digest(tmp_path) != before


def test_the_plugin_code_digest_is_every_file_of_the_package_once_per_process():
    package = Path(__file__).resolve().parents[3] / "plugins" / "akhbar"
    assert plugin_code_digest() == files_digest(package)
    assert plugin_code_digest.cache_info().currsize == 1


def settings(output: Path, **extra) -> dict:
    return {"OUTPUT_PATH": str(output), "DELETE_OUTPUT_DIRECTORY": True,
            "AKHBAR_REUSE_PAGES": True, "OUTPUT_RETENTION": [], **extra}


def finished_build(output: Path, cache: Path, pages: dict[str, str], **extra) -> None:
    """What a completed build leaves: its pages in the output and its record in the cache."""
    reuse = PageReuse.start(settings(output, **extra), cache)
    for path, made_from in pages.items():
        (output / path).parent.mkdir(parents=True, exist_ok=True)
        (output / path).write_text(f"page {path} from {made_from}")
        reuse.written(path, made_from)
    reuse.finish()


def test_an_unchanged_page_is_moved_back_and_a_changed_one_is_not(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {"a/index.html": "d1", "b/index.html": "d2",
                                   "gone/index.html": "d3"})
    reuse = PageReuse.start(settings(output), cache)
    assert reuse.aside == aside_folder(output) and reuse.aside.is_dir()
    assert list(output.iterdir()) == []  # everything is aside until kept or rendered
    assert reuse.keep("a/index.html", "d1")
    assert (output / "a/index.html").read_text() == "page a/index.html from d1"
    assert not reuse.keep("b/index.html", "d2-changed")
    assert not reuse.keep("new/index.html", "d4")
    reuse.finish()
    assert not aside_folder(output).exists(), "the pages not kept are deleted"
    record = json.loads(record_file(cache, output.resolve()).read_text())
    assert sorted(record["pages"]) == ["a/index.html"]


def test_a_page_changed_since_the_build_that_wrote_it_is_not_kept(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {"a/index.html": "d1"})
    page = output / "a/index.html"
    stat = page.stat()
    page.write_text("edited by hand, same length!!!"[: stat.st_size].ljust(stat.st_size))
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    reuse = PageReuse.start(settings(output), cache)
    assert not reuse.keep("a/index.html", "d1")


def test_nothing_is_set_aside_without_a_record_or_when_switched_off(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    (output / "file.html").write_text("x")
    assert PageReuse.start(settings(output), cache).aside is None  # no record yet
    finished_build(output, cache, {"a/index.html": "d1"})
    for off in ({"AKHBAR_REUSE_PAGES": False}, {"DELETE_OUTPUT_DIRECTORY": False}):
        reuse = PageReuse.start(settings(output, **off), cache)
        assert reuse.aside is None and reuse.record is None
        assert (output / "a/index.html").is_file()
    assert PageReuse.start(settings(output), None).record is None  # cache off


def test_retained_files_stay_and_a_leftover_aside_folder_is_not_trusted(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {"a/index.html": "d1"}, OUTPUT_RETENTION=["CNAME"])
    (output / "CNAME").write_text("example.org")
    leftover = aside_folder(output)
    (leftover / "a").mkdir(parents=True)
    (leftover / "a" / "stale.html").write_text("from a killed build")
    (leftover / ASIDE_MARKER).touch()  # a build made it
    reuse = PageReuse.start(settings(output, OUTPUT_RETENTION=["CNAME"]), cache)
    assert (output / "CNAME").read_text() == "example.org"
    assert not (reuse.aside / "a" / "stale.html").exists()
    assert reuse.keep("a/index.html", "d1")


def test_a_folder_no_build_made_where_the_aside_folder_goes_is_left_alone(tmp_path):
    """Something named like the aside folder but without its marker is not the build's to
    delete: it stays, and every page is rendered."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {"a/index.html": "d1"})
    squatter = aside_folder(output)
    squatter.mkdir()
    (squatter / "thesis.docx").write_bytes(b"not a build's")
    reuse = PageReuse.start(settings(output), cache)
    assert reuse.aside is None and (squatter / "thesis.docx").read_bytes() == b"not a build's"
    assert (output / "a/index.html").is_file()


def whole_bundle(bundle: Path) -> None:
    """A bundle of no pages with every file its entry names (search_index.bundle_is_whole), and
    an entry file naming its folder."""
    bundle.mkdir(parents=True)
    meta = write_index_file(bundle, "pagefind.ar", ".pf_meta", ["1", [], [], []], 10)
    (bundle / "pagefind-entry.json").write_text(json.dumps(
        {"entry": bundle.name if bundle.parent.name != "en" else f"en/{bundle.name}",
         "version": "1", "languages": {"ar": {"hash": meta.removeprefix("pagefind.")}}}))
    for name in ("pagefind.js", "pagefind-worker.js"):
        (bundle / name).write_text("//")


def finished_bundles(tmp_path: Path, bundles: dict[str, str]) -> tuple[Path, Path]:
    """(output, cache) of a completed build that wrote these search bundles (folder: digest),
    each with an entry file naming its folder."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    reuse = PageReuse.start(settings(output), cache)
    for folder, made_from in bundles.items():
        whole_bundle(output / folder)
        reuse.bundle_written(folder, made_from)
    reuse.finish()
    return output, cache


def test_a_bundle_is_kept_only_with_the_same_digest(tmp_path):
    output, cache = finished_bundles(tmp_path, {"pagefind": "b1", "en/pagefind-2": "b2",
                                                "pagefind-3": "b3", "pagefind-4": "b4"})
    entry = output / "pagefind-3" / "pagefind-entry.json"  # rewritten since: an unfinished run
    entry.write_text(entry.read_text() + " ")
    (output / "pagefind-4" / "pagefind-worker.js").unlink()  # gone: the bundle cannot search
    reuse = PageReuse.start(settings(output), cache)
    assert reuse.keep_bundle("pagefind", "b1")
    assert json.loads((output / "pagefind" / "pagefind-entry.json").read_text())["entry"] == \
        "pagefind"
    assert not reuse.keep_bundle("en/pagefind-2", "b2-changed")
    assert not reuse.keep_bundle("pagefind-3", "b3")
    assert not reuse.keep_bundle("pagefind-4", "b4")  # not whole: never kept
    assert list(reuse.bundles) == ["pagefind"]


def test_a_bundle_of_the_same_pages_is_kept_under_its_new_number(tmp_path):
    """A shard split before it renumbers a bundle: it is moved into its new folder, once."""
    output, cache = finished_bundles(tmp_path, {"pagefind": "b1", "pagefind-2": "b2",
                                                "en/pagefind-2": "e2"})
    reuse = PageReuse.start(settings(output), cache)
    assert reuse.keep_bundle("pagefind-3", "b2")
    assert json.loads((output / "pagefind-3" / "pagefind-entry.json").read_text())["entry"] == \
        "pagefind-2"
    assert not reuse.keep_bundle("pagefind-2", "b2")  # moved already: not twice
    assert reuse.keep_bundle("pagefind", "b1")
    assert reuse.keep_bundle("en/pagefind-3", "e2")
    assert sorted(reuse.bundles) == ["en/pagefind-3", "pagefind", "pagefind-3"]
    reuse.finish()
    assert not (output / "pagefind-2").exists()


def test_an_output_folder_holding_the_sources_is_never_set_aside(tmp_path):
    output, cache = tmp_path / "site", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {"a/index.html": "d1"})
    (output / "seeds").mkdir()
    (output / "seeds" / "article.txt").write_text("a seed")
    reuse = PageReuse.start(settings(output, AKHBAR_SEEDS_PATH=str(output / "seeds")), cache)
    assert reuse.aside is None and (output / "seeds" / "article.txt").is_file()
    (output / "content").mkdir()  # Pelican's own rule: it never empties a folder holding PATH
    assert PageReuse.start(settings(output, PATH=str(output / "content")), cache).aside is None


def test_the_build_digest_sees_settings_and_functions_and_takes_any_keys(tmp_path):
    theme = tmp_path / "theme"
    theme.mkdir()
    base = {"THEME": str(theme), "PAGINATED_TEMPLATES": {"index": None}}
    assert build_digest(base) == build_digest(dict(base))
    assert build_digest({**base, "X": {1: "a", "b": 2, (1, 2): 3}})  # no TypeError
    assert build_digest({**base, "DEFAULT_PAGINATION": 20}) != build_digest(
        {**base, "DEFAULT_PAGINATION": 30})
    assert build_digest({**base, "F": lambda v: v.upper()}) != build_digest(
        {**base, "F": lambda v: v.lower()})
    (theme / "base.html").write_text("<html>")
    assert build_digest(base) != build_digest({**base, "THEME": str(tmp_path / "empty")})


def test_a_folder_of_files_only_is_moved_back_whole_and_swept_of_other_files(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {
        "articles/a/index.html": "d1", "articles/a/source.txt": "r1",
        "articles/b/index.html": "d2", "articles/b/source.txt": "r2",
        "entities/x/index.html": "e1", "entities/x/page/2/index.html": "e2"})
    put_by_hand(output / "articles" / "b" / "notes.txt")
    reuse = PageReuse.start(settings(output), cache)
    assert reuse.keep("articles/a/index.html", "d1")
    assert not (reuse.aside / "articles" / "a").exists(), "one rename for the whole folder"
    assert reuse.keep("articles/a/source.txt", "r1", page=False)  # came back with its folder
    assert reuse.keep("articles/b/index.html", "d2")
    assert not reuse.keep("articles/b/source.txt", "r2-changed", page=False)
    (output / "articles" / "b" / "source.txt").write_text("written again")
    reuse.written("articles/b/source.txt", "r2-changed", page=False)
    assert reuse.keep("entities/x/index.html", "e1")  # a folder with a subfolder: the file
    assert (reuse.aside / "entities" / "x" / "page" / "2" / "index.html").is_file()
    assert reuse.keep("entities/x/page/2/index.html", "e2")
    (output / "entities" / "x" / "page" / "3").mkdir()  # a new page of the list
    (output / "entities" / "x" / "page" / "3" / "index.html").write_text("page 3")
    reuse.written("entities/x/page/3/index.html", "e3")
    reuse.discard_previous()
    reuse.finish()
    assert not (output / "articles" / "b" / "notes.txt").exists(), "swept"
    assert (output / "articles" / "b" / "source.txt").read_text() == "written again"
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) \
        == ["articles/a/index.html", "articles/a/source.txt", "articles/b/index.html",
            "articles/b/source.txt", "entities/x/index.html", "entities/x/page/2/index.html",
            "entities/x/page/3/index.html"]
    assert (reuse.kept, reuse.rendered) == (4, 1)


def put_by_hand(path: Path) -> None:
    """A file put into the output between two builds (an hour before the next one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("put there by hand")
    earlier = path.stat().st_mtime_ns - 3600 * 10**9
    os.utime(path, ns=(earlier, earlier))


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_restored_folders_come_back_in_one_rename_and_lose_what_this_build_did_not_make(tmp_path):
    """articles/, entities/ ...: the pages in them are kept in place or written over; the
    pages of a story gone since, a list now shorter and files put there by hand are deleted,
    and files another writer makes there during the build stay."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {
        "articles/a/index.html": "d1", "articles/a/source.txt": "r1",
        "articles/b/index.html": "d2", "articles/gone/index.html": "d3",
        "en/articles/a/index.html": "e1", "entities/x/index.html": "x1",
        "entities/x/page/2/index.html": "x2", "topics/t/index.html": "t1",
        "index.html": "i1"})
    put_by_hand(output / "articles" / "a" / "notes.txt")
    put_by_hand(output / "articles" / "stray" / "index.html")
    put_by_hand(output / "articles" / "plugin" / "data.json")  # another plugin's, every build
    reuse = PageReuse.start(settings(output), cache)
    reuse.restore(["articles", "en/articles", "entities", "topics", "missing"])
    assert files(output) == [
        "articles/a/index.html", "articles/a/notes.txt", "articles/a/source.txt",
        "articles/b/index.html", "articles/gone/index.html", "articles/plugin/data.json",
        "articles/stray/index.html", "en/articles/a/index.html", "entities/x/index.html",
        "entities/x/page/2/index.html", "topics/t/index.html"], "restored whole, before writing"
    assert files(reuse.aside) == [ASIDE_MARKER, "index.html"]
    assert reuse.keep("articles/a/index.html", "d1")
    assert reuse.keep("articles/a/source.txt", "r1", page=False)
    assert not reuse.keep("articles/b/index.html", "d2-changed")
    (output / "articles" / "b" / "index.html").write_text("rendered again")
    reuse.written("articles/b/index.html", "d2-changed")
    assert reuse.keep("en/articles/a/index.html", "e1")
    assert reuse.keep("entities/x/index.html", "x1")  # its list is now one page long
    (output / "articles" / "c").mkdir()  # a new story
    (output / "articles" / "c" / "index.html").write_text("new")
    reuse.written("articles/c/index.html", "d4")
    (output / "articles" / "c" / "extra.json").write_text("another plugin's")
    (output / "articles" / "plugin" / "data.json").write_text("written again")
    (output / "entities" / "y").mkdir()
    (output / "entities" / "y" / "index.html").write_text("another plugin's")
    assert reuse.keep("index.html", "i1")  # outside: moved back on its own, as before
    gone = output / "articles" / "gone" / "index.html"
    gone.write_text("minified by another plugin")  # rewritten during the build: looks new
    reuse.drop_unused()
    assert not gone.exists(), "the previous build's page of a story gone since"
    assert (output / "articles" / "a" / "notes.txt").exists(), "not recorded: left to the sweep"
    reuse.discard_previous()
    reuse.finish()
    assert files(output) == [
        "articles/a/index.html", "articles/a/source.txt", "articles/b/index.html",
        "articles/c/extra.json", "articles/c/index.html", "articles/plugin/data.json",
        "en/articles/a/index.html",
        "entities/x/index.html", "entities/y/index.html", "index.html"]
    assert (output / "articles" / "b" / "index.html").read_text() == "rendered again"
    assert not (output / "topics").exists(), "a folder left empty is removed"
    assert (reuse.kept, reuse.rendered) == (4, 2)
    assert not aside_folder(output).exists()


def test_a_page_changed_in_a_restored_folder_is_not_kept(tmp_path):
    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    finished_build(output, cache, {"articles/a/index.html": "d1"})
    (output / "articles" / "a" / "index.html").write_text("edited by hand, another length")
    reuse = PageReuse.start(settings(output), cache)
    reuse.restore(["articles"])
    assert not reuse.keep("articles/a/index.html", "d1")
    assert (output / "articles" / "a" / "index.html").is_file(), "left for the writer to overwrite"


def test_a_rebuild_writes_first_the_shards_whose_bundle_is_made_again(tmp_path):
    """So that Pagefind starts on them while the other pages are moved back. A bundle is made
    from its stories (SiteGenerator.bundle_digest), not from everything its pages show: a
    changed list of related stories beside an article is not indexed."""
    from akhbar.site.story_views import Tree
    from akhbar.site.tree_writer import TreeWriter
    from akhbar.site.writer import SiteGenerator

    output, cache = tmp_path / "out", tmp_path / "cache"
    output.mkdir()
    tree = Tree("ar", "")
    stories = {i: story(i) for i in ("a", "b", "c", "d", "e")}
    generator = SimpleNamespace(_digests=StoryDigests(), _stories=stories, _build_digest="b")
    generator.bundle_digest = lambda tree, ids: SiteGenerator.bundle_digest(generator, tree, ids)
    views = [SimpleNamespace(id=i, url=f"articles/{i}/", story=stories[i], related=[],
                             entity_list=[], topic_list=[]) for i in stories]
    writer = SimpleNamespace(views=views, digests=generator._digests, teasers=lambda views: [],
                             search_shards=[["a", "b"], ["c", "d"], ["e"]], tree_digest="t",
                             generator=generator, tree=tree, reuse=PageReuse.off(output))
    order = TreeWriter.shards_in_writing_order
    reuse = PageReuse.start(settings(output), cache)
    for number, ids in enumerate(writer.search_shards, start=1):
        folder = "pagefind" if number == 1 else f"pagefind-{number}"
        (output / folder).mkdir()
        (output / folder / "pagefind-entry.json").write_text("{}")
        reuse.bundle_written(folder, generator.bundle_digest(tree, ids))
    reuse.finish()
    writer.reuse = PageReuse.start(settings(output), cache)
    assert [n for n, _ in order(writer)] == [1, 2, 3], "nothing changed: shard order"
    views[0].related = [views[4]]  # shown beside "a" only, not indexed: its bundle stays
    assert [n for n, _ in order(writer)] == [1, 2, 3]
    stories["d"] = views[3].story = story("d", title="عنوان آخر")  # indexed: shard 2 changed
    generator._digests = writer.digests = StoryDigests()
    assert [(n, [v.id for v, _ in m]) for n, m in order(writer)] == [
        (2, ["c", "d"]), (1, ["a", "b"]), (3, ["e"])]
    writer.search_shards = []
    assert [(n, [v.id for v, _ in m]) for n, m in order(writer)] == [(0, list("abcde"))]
    writer.reuse.finish()
