"""Writes every page of every language tree: one Pelican generator, one code path per language.

Pelican reads the seeds and builds its context; this generator then writes the home page, the
archives, sections, topics, the undated list and the article pages once per language tree
(Arabic at the root, English under `en/`), from the same stories. Pelican's own page writing is
switched off in pelican.conf.py (its *_SAVE_AS settings are empty), so nothing is written twice,
and no per-language Pelican run (à la i18n_subsites) is needed: seeds are read once.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path

from pelican.generators import Generator

from ..incremental.fingerprint import KnownTexts, StoryDigests, build_digest, digest
from ..incremental.page_reuse import PageReuse
from ..search.bundles import article_glob, bundle_name, shards
from ..search.pagefind_runs import SearchJob, SearchQueue
from ..system import memory
from ..system.files import NotReadable, described, read_regular, shown
from ..system.parallel import jobs, write_trees
from .publishing import is_absolute, robots, sitemap
from .story_views import Tree, direction, indexes_body
from .tree_writer import TEMPLATES, TreeWriter

logger = logging.getLogger(__name__)


def trees_from(settings) -> dict[str, Tree]:
    return {lang: Tree(lang, prefix) for lang, prefix in settings["AKHBAR_LANGUAGES"].items()}


def page_folders(settings, trees) -> list[str]:
    """The folders of each tree holding a folder per story, entity or topic (articles/ ...):
    only the site writer writes into them."""
    folders = []
    for tree in trees:
        for name in ("AKHBAR_SEED_URL", "AKHBAR_ENTITY_URL", "AKHBAR_TOPIC_URL"):
            folder = settings[name].split("{", 1)[0].rstrip("/")
            if folder:
                folders.append(tree.prefix + folder)
    return folders


_TEASER_DIGEST = attrgetter("teaser_digest")


def _newest_first(views):
    return sorted(views, key=lambda v: (v.date, v.id), reverse=True)


@dataclass
class SiteParts:
    """What the writer is handed by the build that runs it."""

    reuse: PageReuse  # the previous build's pages, and the record of what this one writes
    known_texts: KnownTexts  # seed texts whose digests the reading already made
    articles: dict  # seed -> its Pelican article (its raw text is published beside its page)
    seeds_root: Path | None  # the seeds folder, for reading the raw seeds again
    search: SearchQueue | None  # Pagefind runs, queued as the trees are written (None: off)


class SiteGenerator(Generator):
    """Renders the archive's pages for each language tree. `site_parts()` says what the build
    hands it (the plugin's generator provides it)."""

    def site_parts(self) -> SiteParts:
        raise NotImplementedError

    def generate_context(self):
        """Stories are built from the articles Pelican read (see plugin.on_articles_finalized)."""

    def generate_output(self, writer):
        """Write the site; a disk that is full or will not be written to stops the build with
        one line that says what failed and where (not a traceback per page)."""
        try:
            self._generate_output(writer)
        except OSError as exc:
            logger.error("Akhbar: cannot write the site into %s: %s", self.output_path,
                         described(exc))
            raise SystemExit(1) from None
        except SeedChanged as exc:
            logger.error("Akhbar: seed %s: its page and raw text would not match; build again",
                         exc)
            raise SystemExit(1) from None

    def _generate_output(self, writer):
        trees = trees_from(self.settings)
        pages = []
        stories = self.context.get("akhbar_stories", [])
        # The same shards in every tree: each tree has a page for every story, in this order.
        self._shards = shards([story.id for story in stories],
                              int(self.settings.get("AKHBAR_SEARCH_SHARD_PAGES") or 0))
        self._main_pid, self._indexed = os.getpid(), set()
        parts = self.parts = self.site_parts()
        self._build_digest = build_digest(self.settings) if self.parts.reuse.record else ""
        if self._build_digest:
            self.parts.reuse.restore(page_folders(self.settings, trees.values()))
        # Story digests are the same in every tree: made here once, before the trees are
        # written (a forked writer inherits them), and read again for the search bundles.
        self._digests = StoryDigests(parts.known_texts)
        self._stories = {story.id: story for story in stories}
        if self._build_digest:
            for story in stories:
                self._digests.full(story)
        for name in TEMPLATES:  # compiled here once: a tree's writer forked next inherits them
            self.get_template(name)
        for tree, (tree_pages, forked) in write_trees(list(trees.values()),
                                                      partial(self._write_tree, writer, trees),
                                                      jobs(self.settings)):
            pages += tree_pages
            if forked is not None:
                self.parts.reuse.merge(forked)
            for number in range(1, len(self._shards) + 1):
                self._index_shard(tree, number)  # a tree written by a forked process: now
        if self.parts.search is not None:  # every page is written: the cores are free for Pagefind
            self.parts.search.widen(jobs(self.settings))
        output, siteurl = Path(self.output_path), self.settings["SITEURL"]
        (output / "robots.txt").write_text(robots(siteurl), encoding="utf-8")
        if is_absolute(siteurl):
            (output / "sitemap.xml").write_text(sitemap(pages, siteurl), encoding="utf-8")
        else:
            logger.info("No sitemap.xml or feeds: they need an absolute SITEURL (--production)")
        ctx = dict(self.context, TREE_LANG=self.settings["DEFAULT_LANG"],
                   TREE_DIR=direction(self.settings["DEFAULT_LANG"]), LANG_PREFIX="",
                   TREES=list(trees.values()))
        writer.write_file("404.html", self.get_template("404"), ctx,
                          relative_urls=self.settings["RELATIVE_URLS"], template_name="404")
        publish_raw_seeds(parts.articles, output, parts.reuse, self.settings, parts.seeds_root)
        # Every page and raw seed is kept or written: what the restored folders still hold of
        # the previous build goes now, before other plugins' `finalized` handlers walk the
        # output (a minifier would make a deleted story's page look new).
        self.parts.reuse.drop_unused()

    def _write_tree(self, writer, trees: dict[str, Tree], tree: Tree) -> tuple[list, dict | None]:
        """Write one language tree; return its pages for the sitemap, and from a forked
        process what it wrote and kept (this process records the search index and the pages)."""
        self.env.globals["render_once"].forget()
        tree_writer = TreeWriter(self, writer, tree, trees, self.context.get("akhbar_stories", []),
                                 self._shards, self.parts.reuse, self._build_digest, self._digests)
        memory.settled()  # the tree's views: read until its last page is written
        here = os.getpid() == self._main_pid  # a forked writer leaves the index to this process
        tree_writer.write_all(partial(self._index_shard, tree) if here else None)
        self.env.globals["render_once"].forget()
        return tree_writer.pages, None if here else self.parts.reuse.export()

    def _index_shard(self, tree: Tree, number: int) -> None:
        """Queue Pagefind on shard `number` of a tree once its article pages are written."""
        if self.parts.search is None or (tree.lang, number) in self._indexed:
            return
        self._indexed.add((tree.lang, number))
        ids, seed_url = self._shards[number - 1], self.settings["AKHBAR_SEED_URL"]
        bundle, reuse = bundle_name(number), self.parts.reuse
        made_from, folder = "", tree.prefix + bundle.rstrip("/")
        if reuse.record is not None:
            pages = [f"{tree.prefix}{seed_url.format(id=i)}index.html" for i in ids]
            if all(page in reuse.pages for page in pages):
                made_from = self.bundle_digest(tree, ids)
                if reuse.keep_bundle(folder, made_from):
                    return
        self.parts.search.submit(SearchJob(Path(self.output_path) / tree.prefix, bundle,
                                      article_glob(seed_url, ids), len(ids), tree.lang,
                                      made_from=made_from, seed=reuse.previous_bundle(folder)))

    def bundle_digest(self, tree: Tree, ids: list[str]) -> str:
        """What a search bundle is made from: the indexed part of its article pages, which
        shows each story and its names (the related stories beside them are not indexed:
        data-pagefind-ignore), in this tree; of a story whose text the tree does not index
        (stories.indexes_body), what its teasers show. Not the bundle's folder: a bundle
        renumbered by a shard split or merged before it is kept."""
        full, teaser = self._digests.full, self._digests.teaser
        stories = [self._stories[i] for i in ids]
        return digest("bundle", self._build_digest, tree.lang,
                      [full(s) if indexes_body(s, tree.lang) else ["teaser", teaser(s)]
                       for s in stories])


class SeedChanged(RuntimeError):
    """A seed's bytes are no longer those its page was made from."""


def publish_raw_seeds(articles: dict, output: Path, reuse: PageReuse, settings,
                      root: Path | None) -> None:
    """Each seed byte for byte next to its page (source.txt), as the page's checksum says: a
    seed changed since it was read stops the build (its page and raw text would disagree); the
    previous build's copy of a seed with the same checksum is kept."""
    max_bytes, follow = settings["AKHBAR_MAX_SEED_BYTES"], bool(settings.get("AKHBAR_SEED_LINKS"))
    for source, article in sorted(articles.items()):
        made_from = f"raw:{article.seed_sha256}"
        if reuse.keep(article.seed_url, made_from, page=False):
            continue
        try:
            data = read_regular(source, max_bytes, follow=follow, root=root)
        except NotReadable as exc:
            raise SeedChanged(f"{shown(article.seed_file)} {exc}") from None
        if hashlib.sha256(data).hexdigest() != article.seed_sha256:
            raise SeedChanged(f"{shown(article.seed_file)} was changed while the build read it")
        reuse.check_target(article.seed_url)
        target = output / article.seed_url
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        reuse.written(article.seed_url, made_from, page=False)
