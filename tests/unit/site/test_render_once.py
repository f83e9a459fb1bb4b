"""render_once: a list entry rendered once per article and tree gives, on every page, the HTML
the macro itself renders there (each page has its own relative root, SITEURL)."""

from jinja2 import DictLoader, Environment

from akhbar.site.i18n import rendered_once

MACROS = """
{%- macro _entry(article, SITEURL) -%}
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></li>
{%- endmacro %}
{%- macro _by_depth(article) -%}
<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></li>
{%- endmacro %}
{%- macro entry(article) %}{{ render_once(_entry, article.url, article=article) }}{% endmacro %}
{%- macro by_depth(article) %}{{ render_once(_by_depth, article.url,
                                            article=article) }}{% endmacro %}
{%- macro direct(article) %}{{ _entry(article, SITEURL) }}{% endmacro %}
"""
PAGE = """{% import "m.html" as m with context %}
{{- m.entry(article) }}|{{ m.by_depth(article) }}|{{ m.direct(article) }}"""


def _env():
    env = Environment(loader=DictLoader({"m.html": MACROS, "page.html": PAGE}), autoescape=True)
    env.globals["render_once"] = rendered_once()
    return env


def test_each_page_gets_the_entry_with_its_own_relative_root():
    env = _env()
    article = {"url": "articles/a1/", "title": "حلب & <إدلب>"}
    for siteurl in ["", "..", "../..", "https://example.org/a&b", "../../.."]:
        cached, by_depth, direct = env.get_template("page.html").render(
            article=article, SITEURL=siteurl, TREE_LANG="ar").split("|")
        assert cached == direct == by_depth
        assert f'href="{siteurl.replace("&", "&amp;")}/articles/a1/"' in cached
        assert "&amp; &lt;إدلب&gt;" in cached


def test_an_entry_is_rendered_once_per_tree_not_once_per_page():
    env = _env()
    calls = []
    article = {"url": "articles/a1/", "title": "حلب"}

    class Counting(dict):
        def __getitem__(self, key):
            calls.append(key)
            return super().__getitem__(key)

    counted = Counting(article)
    for siteurl in ["..", "../..", "../../.."]:
        env.get_template("page.html").render(article=counted, SITEURL=siteurl, TREE_LANG="ar")
    # The direct call reads the title on each of the 3 pages, _by_depth once per depth (3),
    # and the SITEURL-taking entry once in all.
    assert calls.count("title") == 3 + 3 + 1
    env.get_template("page.html").render(article=counted, SITEURL="..", TREE_LANG="en")
    # Another tree: each rendered again, once (direct, by depth, the entry).
    assert calls.count("title") == 7 + 3


def test_forget_drops_what_was_rendered_and_environments_share_nothing():
    first, second = _env(), _env()
    article = {"url": "articles/a1/", "title": "حلب"}
    first.get_template("page.html").render(article=article, SITEURL="..", TREE_LANG="ar")
    renamed = {"url": "articles/a1/", "title": "إدلب"}
    # Another environment (another build) renders its own entry, not the first one's.
    assert "إدلب" in second.get_template("page.html").render(
        article=renamed, SITEURL="..", TREE_LANG="ar").split("|")[0]
    # The same environment keeps the entry until it is told to forget it.
    assert "حلب" in first.get_template("page.html").render(
        article=renamed, SITEURL="..", TREE_LANG="ar").split("|")[0]
    first.globals["render_once"].forget()
    assert "إدلب" in first.get_template("page.html").render(
        article=renamed, SITEURL="..", TREE_LANG="ar").split("|")[0]
