"""All the pages of one language tree: home, archives, sections, topics, names, the undated list
and every article page, each kept from the previous build when what it shows is unchanged."""

from __future__ import annotations

from functools import partial
from itertools import groupby
from operator import attrgetter
from pathlib import Path

from pelican.paginator import Paginator

from ..incremental.fingerprint import StoryDigests, digest
from ..incremental.page_reuse import PageReuse
from ..names.gazetteer import KINDS
from ..names.sections import load_sections
from ..search.bundles import bundle_name
from . import dataset
from .publishing import atom_feed, is_absolute, news_article_jsonld
from .story_views import ArticleView, NamedView, TermView, Tree

_TEASER_DIGEST = attrgetter("teaser_digest")
# Every template a tree's pages are written with (TreeWriter.write_all).
TEMPLATES = ("article", "index", "archives", "undated", "categories", "period_archives",
             "category", "search", "data", "topics", "entities", "topic", "entity")


def _newest_first(views):
    return sorted(views, key=lambda v: (v.date, v.id), reverse=True)


def _add_jsonld(view: ArticleView, siteurl: str, site_name: str) -> None:
    view.jsonld = news_article_jsonld(view, siteurl, site_name)


def _named_shows(named: NamedView):
    """What a list of names or a name's page shows of an entity or topic (its names and
    description come from the gazetteer, part of every page's digest). Dates as day numbers:
    the digest's JSON encoder takes ints in C, a date through a Python callback each."""
    return (named.id, named.count, named.first, named.last,
            [day.toordinal() for day in named.dates])


class TreeWriter:
    """All the pages of one language tree."""

    def __init__(self, generator, writer, tree: Tree, trees, stories,
                 search_shards: list[list[str]] = (), reuse: PageReuse | None = None,
                 made_from: str = "", digests: StoryDigests | None = None):
        self.generator, self.tree, self.trees = generator, tree, trees
        self.search_shards = list(search_shards)
        self.reuse = reuse or PageReuse.off(Path(generator.output_path))
        self.digests = digests if digests is not None else StoryDigests()
        settings = generator.settings
        self.settings = settings
        names = load_sections(settings["AKHBAR_SECTION_NAMES"]).names
        self.categories: dict[str, TermView] = {}
        views = []
        for story in stories:
            category = story.original.category
            if category.slug not in self.categories:
                self.categories[category.slug] = TermView(
                    category, tree, names, settings["DEFAULT_LANG"]
                )
            views.append(ArticleView(story, tree, trees, self.categories[category.slug]))
        self.views = views
        self._link_entities(generator.context.get("akhbar_index"))
        self.dated = _newest_first(v for v in views if not v.undated)
        self.undated = sorted((v for v in views if v.undated), key=lambda v: v.id)
        self.context = dict(generator.context)
        self.context.update(
            TREE_LANG=tree.lang,
            TREE_DIR=tree.dir,
            LANG_PREFIX=tree.prefix,
            TREES=list(trees.values()),
            articles=self.dated,
            dates=self.dated,
            undated_articles=self.undated,
            categories=self._categories(),
            tags=[],
            topics=list(self.topics.values()),
            entity_groups=self.entity_groups(),
            period_archives=self._period_archives(),
            FEED_URL=(tree.prefix + settings["AKHBAR_FEED_PATH"]
                      if is_absolute(settings["SITEURL"]) else None),
            ABSOLUTE_SITEURL=settings["SITEURL"] if is_absolute(settings["SITEURL"]) else None,
            SEARCH_BUNDLES=[bundle_name(n) for n in range(1, len(self.search_shards) + 1)]
            or [bundle_name(1)],
        )
        self._write = partial(
            writer.write_file, relative_urls=settings["RELATIVE_URLS"], override_output=False
        )
        self.pages: list = []  # (path, lastmod, alternates) of every page written, for the sitemap
        self.newest = self.dated[0].date.date() if self.dated else None
        # What every page of this tree shows besides its own content (see fingerprint.py).
        self.tree_digest = digest(
            "tree", made_from, tree, self.context["TREES"],
            bool(self.topics), bool(self.context["entity_groups"]),
        ) if self.reuse.record is not None else ""
        if self.tree_digest:  # lists read these by the hundred thousand
            teaser = self.digests.teaser
            for view in views:
                view.teaser_digest = teaser(view.story)

    def teasers(self, views) -> list[str]:
        """What a list of stories shows of each (see fingerprint.StoryDigests); nothing when
        no page is kept by its digest (no record of the last build: every page is rendered)."""
        return list(map(_TEASER_DIGEST, views)) if self.tree_digest else []

    def write(self, name, template, context, article=None, shows=(), paginated=None,
              before=None, **kwargs):
        """Write one page (or the pages of a paginated list) and record it for the sitemap: an
        article with its own date and real translations only, a listing with the newest date
        it lists and its twin in every tree. `shows` is what the page shows besides what every
        page of the tree does: the page is rendered only when that changed since the previous
        build (reuse.py); `before()` is called only when it is rendered."""
        template_name = kwargs.get("template_name")
        shows = digest(shows) if self.tree_digest else ""  # once, not once per paginated page
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            self._write_pages(name, template, context, shows, paginated, **kwargs)
        else:
            self._write_page(name, template, context, shows, before, article=article, **kwargs)
        path = name[: -len("index.html")] if name.endswith("index.html") else name
        if article is not None:
            lastmod = None if article.undated else article.date.date()
            alternates = article.alternates
        else:
            lastmod, unprefixed = self.newest, path[len(self.tree.prefix):]
            alternates = [(t.lang, t.prefix + unprefixed) for t in self.trees.values()]
        self.pages.append((path, lastmod, alternates))

    def shards_in_writing_order(self) -> list[tuple[int, list]]:
        """[(search shard number, [(article view, what its page shows)])]. A rebuild writes
        first the shards whose search bundle is made again, so that their Pagefind runs start
        as early as they can. (0: not indexed in shards.)"""
        full = self.digests.full
        shown = {view.id: (view, (full(view.story), self.teasers(view.related),
                                  [e.id for e in view.entity_list],
                                  [t.id for t in view.topic_list]) if self.tree_digest else ())
                 for view in self.views}
        if not self.search_shards:
            return [(0, list(shown.values()))]
        groups = [(number, [shown[i] for i in ids])
                  for number, ids in enumerate(self.search_shards, start=1)]
        if self.tree_digest:
            def kept(group) -> bool:
                ids = self.search_shards[group[0] - 1]
                return self.reuse.has_bundle(self.generator.bundle_digest(self.tree, ids))
            groups.sort(key=kept)  # stable: shards to index again first, each in shard order
        return groups

    def _made_from(self, name: str, shows: str) -> str:
        """The digest of page `name` showing `shows` (itself a digest) in this tree."""
        return digest(self.tree_digest, name, shows)

    def _write_page(self, name, template, context, shows, before=None, **kwargs) -> None:
        made_from = self._made_from(name, shows) if self.tree_digest else ""
        if made_from and self.reuse.keep(name, made_from):
            return
        if before is not None:
            before()
        self.reuse.check_target(name)
        self._write(name, template, context, paginated={}, **kwargs)
        if made_from:
            self.reuse.written(name, made_from)

    def _write_pages(self, name, template, context, shows, paginated, url, **kwargs) -> None:
        """The pages of a paginated list, as Pelican's writer makes them, each kept or
        rendered on its own: an edited story re-renders only the pages that list it."""
        s = self.settings
        per_page = s["PAGINATED_TEMPLATES"][kwargs["template_name"]] or s["DEFAULT_PAGINATION"]
        paginators = {key: Paginator(name, url, values, s, per_page)
                      for key, values in paginated.items()}
        count = next(iter(paginators.values())).num_pages
        # Each page object is made once: the next page of one is the page of the next.
        previous = dict.fromkeys(paginators)
        current = {key: paginator.page(1) for key, paginator in paginators.items()}
        for number in range(1, count + 1):
            following = {key: paginator.page(number + 1) if number < count else None
                         for key, paginator in paginators.items()}
            page_kwargs = dict(kwargs)
            for key, paginator in paginators.items():
                page_kwargs.update({
                    f"{key}_paginator": paginator,
                    f"{key}_page": current[key],
                    f"{key}_previous_page": previous[key],
                    f"{key}_next_page": following[key],
                })
            page = current[next(iter(paginators))]
            shown: dict[int, list[str]] = {}  # by list: `articles` and `dates` are one list
            for key, values in paginated.items():
                if id(values) not in shown:
                    shown[id(values)] = self.teasers(current[key].object_list)
            listed = (number, count, {key: [len(values), shown[id(values)]]
                                      for key, values in paginated.items()})
            self._write_page(page.save_as, template, context, (shows, listed), **page_kwargs)
            previous, current = current, following

    def _link_entities(self, index) -> None:
        """Entity and topic views for this tree, and each article's lists and related stories."""
        self.entities: dict[str, NamedView] = {}
        self.topics: dict[str, NamedView] = {}
        if index is None:
            return
        s, trees, tree = self.settings, self.trees, self.tree
        by_story = {view.id: view for view in self.views}
        for eid, stats in index.entities.items():
            self.entities[eid] = NamedView(index.gazetteer.entities[eid], stats, tree, trees,
                                           s["AKHBAR_ENTITY_URL"])
        for tid, stats in index.topics.items():
            self.topics[tid] = NamedView(index.gazetteer.topics[tid], stats, tree, trees,
                                         s["AKHBAR_TOPIC_URL"])
        for named in [*self.entities.values(), *self.topics.values()]:
            named.articles = [by_story[story.id] for story in named.stats.stories]
            named.cooccurring = [(self.entities[e], n) for e, n in named.stats.cooccurring
                                 if e in self.entities and e != named.id]
        for view in self.views:
            view.entity_list = [self.entities[e] for e in getattr(view.original, "entities", [])
                                if e in self.entities]
            view.topic_list = [self.topics[t] for t in getattr(view.original, "topics", [])
                               if t in self.topics]
            view.related = [by_story[story.id] for story in index.related.get(view.id, [])]

    def entity_groups(self):
        """[(kind, [entities])] for the directory: kinds in gazetteer order, most mentioned
        first."""
        groups = []
        for kind in KINDS:
            members = [e for e in self.entities.values() if e.kind == kind]
            if members:
                groups.append((kind, sorted(members, key=lambda e: (-e.count, e.name))))
        return groups

    def template(self, name: str):
        return self.generator.get_template(name)

    def path(self, url: str) -> str:
        """Output file for a tree-relative directory URL ("archive/" -> "en/archive/index.html")."""
        return f"{self.tree.prefix}{url}index.html"

    def _categories(self):
        members: dict[str, list] = {}
        for view in self.dated + self.undated:
            members.setdefault(view.category.slug, []).append(view)
        return sorted(((self.categories[n], v) for n, v in members.items()),
                      key=lambda p: p[0].name)

    def _period_archives(self):
        """{"year": [...], "month": [...]}: the shape Pelican gives templates, with tree URLs."""
        patterns = {"year": self.settings["YEAR_ARCHIVE_URL"],
                    "month": self.settings["MONTH_ARCHIVE_URL"]}
        keys = {"year": lambda v: (v.date.year,), "month": lambda v: (v.date.year, v.date.month)}
        archives = {}
        for granularity, key in keys.items():
            archives[granularity] = []
            for period, group in groupby(self.dated, key=key):
                members = list(group)
                url = self.tree.prefix + patterns[granularity].format(date=members[0].date)
                archives[granularity].append({"period_num": period, "dates": members, "url": url})
        return archives

    def write_all(self, on_shard_written=None) -> None:
        """Article pages first, then every listing, then the feeds. The search index reads
        only article pages: `on_shard_written(number)` is called as soon as the pages of each
        search shard are written, so its Pagefind runs while the rest is written."""
        s, ctx = self.settings, self.context
        article_template = self.template("article")
        site_name = s["AKHBAR_SITENAMES"].get(self.tree.lang, s["SITENAME"])
        for number, members in self.shards_in_writing_order():
            for view, shows in members:
                self.write(
                    view.url + "index.html", article_template, ctx, template_name="article",
                    article=view, category=view.category, url=view.url, shows=shows,
                    before=partial(_add_jsonld, view, s["SITEURL"], site_name),
                )
            if on_shard_written is not None and number:
                on_shard_written(number)
        # The sitemap lists article pages in story order, whatever order they were written in.
        position = {view.url: n for n, view in enumerate(self.views)}
        article_pages, self.pages = sorted(self.pages, key=lambda page: position[page[0]]), []
        self.write(
            self.path(""), self.template("index"), ctx, template_name="index",
            paginated={"articles": self.dated, "dates": self.dated}, url=self.tree.prefix,
            page_name=self.tree.prefix + "index",
        )
        periods = {granularity: [(a["period_num"], a["url"], len(a["dates"])) for a in archives]
                   for granularity, archives in ctx["period_archives"].items()}
        self.write(self.path(s["ARCHIVES_URL"]), self.template("archives"), ctx,
                   template_name="archives", page_name="archives",
                   shows=(periods, len(self.dated), len(self.undated)))
        self.write(self.path(s["AKHBAR_UNDATED_URL"]), self.template("undated"), ctx,
                   template_name="undated", paginated={"articles": self.undated},
                   url=self.tree.prefix + s["AKHBAR_UNDATED_URL"],
                   page_name=(self.tree.prefix + s["AKHBAR_UNDATED_URL"]).rstrip("/"))
        self.write(self.path(s["CATEGORIES_URL"]), self.template("categories"), ctx,
                   template_name="categories", page_name="categories",
                   shows=[(c.slug, c.name, c.url, len(m)) for c, m in ctx["categories"]])
        for granularity in ("year", "month"):
            for archive in ctx["period_archives"][granularity]:
                self.write(
                    archive["url"] + "index.html", self.template("period_archives"), ctx,
                    template_name="period_archives", period_num=archive["period_num"],
                    dates=archive["dates"], articles=archive["dates"], url=archive["url"],
                    shows=(archive["period_num"], self.teasers(archive["dates"])),
                )
        for category, members in ctx["categories"]:
            self.write(
                category.url + "index.html", self.template("category"), ctx,
                template_name="category", category=category, articles=members, dates=members,
                paginated={"articles": members, "dates": members}, url=category.url,
                page_name=category.url.rstrip("/"), shows=(category.slug, category.name),
            )
        self.write(self.path(s["AKHBAR_SEARCH_URL"]), self.template("search"), ctx,
                   template_name="search", page_name="search",
                   shows=ctx["SEARCH_BUNDLES"])  # only the search page lists the bundles
        if s["AKHBAR_DATA_FILES"]:
            stories = sum(1 for view in self.views if getattr(view.original, "seed_file", None))
            self.write(self.path(s["AKHBAR_DATA_URL"]), self.template("data"), ctx,
                       template_name="data", page_name="data", DATA_STORIES=stories,
                       DATA_FIELDS=list(dataset.FIELDS), DATA_FILES=dataset.FILES,
                       shows=stories)
        self.write(self.path(s["TAGS_URL"]), self.template("topics"), ctx,
                   template_name="topics", page_name="topics",
                   shows=[(t.id, t.count) for t in self.topics.values()])
        self.write(self.path(s["AKHBAR_ENTITIES_URL"]), self.template("entities"), ctx,
                   template_name="entities", page_name="entities",
                   shows=[(kind, [(e.id, e.count) for e in members])
                          for kind, members in ctx["entity_groups"]])
        for kind, named_views in (("topic", self.topics.values()),
                                  ("entity", self.entities.values())):
            template = self.template(kind)
            for named in named_views:
                self.write(
                    named.url + "index.html", template, ctx, template_name=kind,
                    **{kind: named}, articles=named.articles, dates=named.articles,
                    paginated={"articles": named.articles, "dates": named.articles},
                    url=named.url, page_name=named.url.rstrip("/"), shows=(
                        _named_shows(named), [(o.id, n) for o, n in named.cooccurring]),
                )
        self.pages += article_pages  # the sitemap lists them after the listings
        if is_absolute(s["SITEURL"]):
            self.write_feeds(site_name)

    def write_feeds(self, site_name: str) -> None:
        """Atom feeds of this tree: every article, and one per topic (full text)."""
        s, tree = self.settings, self.tree
        subtitle = s["AKHBAR_SITESUBTITLES"].get(tree.lang, s["SITESUBTITLE"])
        feeds = [(s["AKHBAR_FEED_PATH"], site_name, "", self.dated)]
        for topic in self.topics.values():
            dated = [v for v in topic.articles if not v.undated]
            feeds.append((s["AKHBAR_TOPIC_FEED_PATH"].format(id=topic.id),
                          f"{site_name} · {topic.name}", topic.path, dated))
        for path, title, home, views in feeds:
            target = Path(self.generator.output_path, tree.prefix + path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                atom_feed(views, title=title, subtitle=subtitle, siteurl=s["SITEURL"],
                          home=tree.prefix + home, feed_path=tree.prefix + path, lang=tree.lang,
                          limit=s["AKHBAR_FEED_MAX_ITEMS"]),
                encoding="utf-8",
            )
