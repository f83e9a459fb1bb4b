"""Stories and language trees: how one article looks from the Arabic and the English site.

A *story* is a seed with its translations (Pelican pairs them by slug: an English translation in
`content/translations/<id>.md` has `Slug: <id>`). The site has one *tree* per language (Arabic at
the root, English under `en/`), and every story appears in every tree: in the tree's language when
a version exists, else as its original with a label and its metadata in the tree's language.
`ArticleView` is that per-tree face of a story; templates read it like a Pelican article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..text.language import direction


@dataclass(frozen=True)
class Tree:
    """One language tree of the site: its language and URL prefix ("" or "en/")."""

    lang: str
    prefix: str

    @property
    def dir(self) -> str:
        return direction(self.lang)


@dataclass
class Story:
    id: str
    original: object  # the seed's Pelican article (or the editorial article itself)
    versions: dict[str, object] = field(default_factory=dict)  # lang -> Pelican article

    @property
    def undated(self) -> bool:
        return bool(getattr(self.original, "undated", False))


def build_stories(articles, default_lang: str) -> list[Story]:
    """Group Pelican articles (originals and translations) by slug into stories."""
    groups: dict[str, list] = {}
    for article in articles:
        groups.setdefault(article.slug, []).append(article)
    stories = []
    for slug, group in groups.items():
        seeds = [a for a in group if getattr(a, "seed_file", None)]
        original = (seeds or [a for a in group if a.lang == default_lang] or group)[0]
        versions = {original.lang: original}
        for article in group:
            versions.setdefault(article.lang, article)
        stories.append(Story(slug, original, versions))
    return stories


def link_translations(stories: list[Story]) -> None:
    """Give translations their story's date and section: a translation has no date of its own
    (an undated seed's translation must stay undated, never get one invented)."""
    for story in stories:
        for version in story.versions.values():
            if version is story.original:
                continue
            version.date = story.original.date
            version.undated = story.undated
            version.category = story.original.category


def indexes_body(story: Story, lang: str) -> bool:
    """Whether the tree of `lang` indexes the story's text for search, or only its titles,
    names and the like (what its teasers show: fingerprint.StoryDigests.teaser). A story with
    no version in the tree's language (an Arabic-only story under /en/) is found there by its
    titles and names; its text is indexed once, in its own tree, so a 10,000-story archive is
    not indexed twice. English-only stories stay searchable in full in the Arabic tree, the
    default, which holds every story's text. The article template and the search bundles'
    digests (site.SiteGenerator.bundle_digest) both follow this. So do stories in a language
    with no tree of its own (Persian, Urdu), shown in the default tree."""
    return lang in story.versions or story.original.lang != "ar"


class TermView:
    """A section (category) or topic as one tree shows it: its name in the tree's language."""

    def __init__(self, term, tree: Tree, names: dict[str, dict[str, str]], source_lang: str):
        self._term, self.tree = term, tree
        self.slug = term.slug
        self.source_name = term.name  # as the seeds write it (a kicker compares to this)
        translated = names.get(tree.lang, {}).get(term.name)
        self.name = translated or term.name
        self.name_lang = tree.lang if translated else source_lang
        self.url = tree.prefix + term.url

    def __str__(self) -> str:
        return self.name

    def __lt__(self, other: TermView) -> bool:
        return self.name < other.name


class ArticleView:
    """A story as the `tree` shows it. Unknown attributes come from the displayed version."""

    def __init__(self, story: Story, tree: Tree, trees: dict[str, Tree], category: TermView):
        self.story, self.tree = story, tree
        self.version = story.versions.get(tree.lang, story.original)
        self.original = story.original
        self.id = story.id
        self.url = tree.prefix + _article_path(story.original)
        self.category = category
        self.date = story.original.date
        self.undated = story.undated
        self.lang = self.version.lang
        self.dir = direction(self.lang)
        self.is_translation = self.version is not story.original
        # The story has no version in this tree's language: show the original, labelled.
        self.only_in = None if tree.lang in story.versions else story.original.lang
        self.index_body = indexes_body(story, tree.lang)
        self.original_url = trees[story.original.lang].prefix + _article_path(story.original) \
            if story.original.lang in trees else self.url
        # Real alternates only (same content in another language), for hreflang.
        self.alternates = [
            (lang, trees[lang].prefix + _article_path(story.original))
            for lang in sorted(story.versions)
            if lang in trees
        ] if len(story.versions) > 1 else []

    @property
    def related_headlines(self) -> list[str]:
        """"Read also" teasers: the seed's, or a translation's `Related: a | b` metadata."""
        if self.version is self.original:
            return getattr(self.original, "related_headlines", [])
        related = getattr(self.version, "related", "")
        return [item.strip() for item in related.split("|") if item.strip()]

    @property
    def display_title(self) -> str:
        """The headline to list in this tree: the version's, or for a story with no version in
        the tree's language, the sidecar's `title_<lang>` (title_en) when it has one."""
        if self.only_in:
            return getattr(self.original, f"title_{self.tree.lang}", None) or self.version.title
        return self.version.title

    @property
    def display_title_lang(self) -> str:
        return self.tree.lang if self.display_title != self.version.title else self.lang

    @property
    def source(self) -> str | None:
        """The publisher, named in the tree's language when the sidecar gives that name."""
        return getattr(self.original, f"source_{self.tree.lang}", None) or getattr(
            self.original, "source", None)

    @property
    def display_summary(self) -> str | None:
        """Plain-text summary in the tree's language for a story not translated into it."""
        if self.only_in:
            return getattr(self.original, f"summary_{self.tree.lang}", None)
        return None

    def __getattr__(self, name):
        # Sidecar metadata (title_en, summary_en, source, byline ...) lives on the seed.
        try:
            return getattr(self.version, name)
        except AttributeError:
            return getattr(self.original, name)


def _article_path(article) -> str:
    return getattr(article, "seed_page_url", None) or article.url


class NamedView:
    """An entity or topic as one tree shows it: names in the tree's language (and the others),
    its page URL inside the tree, and its statistics (see entity_index.Stats)."""

    def __init__(self, item, stats, tree: Tree, trees: dict[str, Tree], pattern: str):
        self.item, self.stats, self.tree = item, stats, tree
        self.id = item.id
        self.kind = getattr(item, "kind", "topic")
        self.name = getattr(item, f"name_{tree.lang}")
        self.name_lang = tree.lang
        self.other_names = [(lang, getattr(item, f"name_{lang}")) for lang in trees
                            if lang != tree.lang and getattr(item, f"name_{lang}", None)]
        self.description = getattr(item, f"description_{tree.lang}", None)
        self.wikidata = getattr(item, "wikidata", None)
        self.path = pattern.format(id=item.id)
        self.url = tree.prefix + self.path
        self.count = len(stats.stories)
        self.cooccurring = []  # [(NamedView, stories together)], filled by the site writer
        self.articles = []  # [ArticleView], filled by the site writer

    # Its dates, first and last, read from the statistics when a page shows them: made for
    # every name before the first page was written, they held back the first search shard.
    @property
    def dates(self):
        return self.stats.dates

    @property
    def first(self):
        return self.stats.first

    @property
    def last(self):
        return self.stats.last
