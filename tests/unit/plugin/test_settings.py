"""The plugin's settings: defaults filled in once, Pelican's defaults replaced but never a
site's own value, old names read, and a bad value stopped with a message naming it."""

import copy

import pytest
from pelican.settings import DEFAULT_CONFIG

from akhbar.settings import AKHBAR, RENAMED, SettingsError, apply


def _site(**settings) -> dict:
    """Settings as Pelican reads them for a site that set `settings` and nothing else."""
    return {**copy.deepcopy(DEFAULT_CONFIG), **settings}


def test_every_plugin_setting_gets_its_default_and_pelicans_defaults_give_way():
    settings = _site()
    assert apply(settings, DEFAULT_CONFIG) == []
    for name, (default, _kind) in AKHBAR.items():
        if name != "AKHBAR_CACHE_PATH":
            assert settings[name] == default, name
    assert settings["AKHBAR_CACHE_PATH"] == "cache/akhbar"  # beside Pelican's own cache
    # The site writer's needs, in place of Pelican's defaults.
    assert settings["ARTICLE_SAVE_AS"] == "" and settings["DIRECT_TEMPLATES"] == []
    assert settings["DEFAULT_LANG"] == "ar" and settings["SITENAME"] == "أخبار"
    assert settings["READERS"] == {"html": None, "htm": None}
    assert settings["FILENAME_METADATA"] == r"(?!)"


def test_a_sites_own_values_are_kept():
    settings = _site(ARTICLE_URL="stories/{slug}/", SITENAME="My archive",
                     AKHBAR_LANGUAGES={"en": "", "ar": "ar/"}, AKHBAR_JOBS=2,
                     PAGE_URL="about/{slug}/")
    apply(settings, DEFAULT_CONFIG)
    assert settings["ARTICLE_URL"] == "stories/{slug}/"
    assert settings["SITENAME"] == "My archive"
    assert settings["PAGE_URL"] == "about/{slug}/"
    assert settings["AKHBAR_JOBS"] == 2
    assert settings["DEFAULT_LANG"] == "en"  # the language at the root, when the site names none


@pytest.mark.parametrize("old", sorted(RENAMED))
def test_an_old_name_still_works_and_says_its_new_name(old):
    new = RENAMED[old]
    value = "old-seeds" if old == "SEEDS_PATH" else "later/" if old == "UNDATED_URL" else {
        "ar": "قديم", "en": "Old"}
    settings = _site(**{old: value})
    notices = apply(settings, DEFAULT_CONFIG)
    assert settings[new] == value
    assert any(old in n and new in n for n in notices), notices


def test_an_old_and_a_new_name_that_disagree_stop_the_build():
    settings = _site(SEEDS_PATH="a", AKHBAR_SEEDS_PATH="b")
    with pytest.raises(SettingsError, match="SEEDS_PATH and AKHBAR_SEEDS_PATH"):
        apply(settings, DEFAULT_CONFIG)


@pytest.mark.parametrize(("name", "value", "says"), [
    ("AKHBAR_JOBS", "4", "AKHBAR_JOBS must be a whole number"),
    ("AKHBAR_JOBS", -1, "AKHBAR_JOBS must be a whole number"),
    ("AKHBAR_SEARCH", "yes", "AKHBAR_SEARCH must be True or False"),
    ("AKHBAR_SEED_URL", "articles/{id}", "AKHBAR_SEED_URL must be a path ending in '/'"),
    ("AKHBAR_SEED_URL", "articles/", "AKHBAR_SEED_URL must hold {id}"),
    ("AKHBAR_GAZETTEER", "/nowhere/gazetteer.yml", "AKHBAR_GAZETTEER: there is no file"),
    ("AKHBAR_LANGUAGES", ["ar", "en"], "AKHBAR_LANGUAGES must be a dict"),
    ("AKHBAR_MAX_SEED_BYTES", True, "AKHBAR_MAX_SEED_BYTES must be a whole number"),
    ("AKHBAR_SEEDS_PATH", "", "AKHBAR_SEEDS_PATH must name a folder"),
    ("AKHBAR_GAZETTEER", "", "AKHBAR_GAZETTEER must name a file"),
    ("AKHBAR_SEED_URL", "../{id}/", "AKHBAR_SEED_URL must be a path inside the site"),
    ("AKHBAR_SEED_URL", "a/../../{id}/", "AKHBAR_SEED_URL must be a path inside the site"),
    ("AKHBAR_SEED_SOURCE_NAME", "../../escape.txt", "AKHBAR_SEED_SOURCE_NAME must be a path"),
    ("AKHBAR_SEED_SOURCE_NAME", "page.html", "AKHBAR_SEED_SOURCE_NAME must be a file name"),
    ("AKHBAR_SEED_SOURCE_NAME", "", "AKHBAR_SEED_SOURCE_NAME must be a file name"),
    ("AKHBAR_FEED_PATH", "/tmp/feed.xml", "AKHBAR_FEED_PATH must be a path inside the site"),
    ("AKHBAR_FEED_PATH", "../feed.xml", "AKHBAR_FEED_PATH must be a path inside the site"),
    ("AKHBAR_TOPIC_FEED_PATH", "feeds/topic.xml", "AKHBAR_TOPIC_FEED_PATH must hold {id}"),
    ("AKHBAR_LANGUAGES", {"ar": "", "en": "en"}, "AKHBAR_LANGUAGES: the first language's"),
    ("AKHBAR_LANGUAGES", {"ar": "", "en": ""}, "AKHBAR_LANGUAGES: the first language's"),
    ("AKHBAR_LANGUAGES", {"ar": "", "en": "../x/"}, "AKHBAR_LANGUAGES: the first language's"),
    ("AKHBAR_LANGUAGES", {"ar": "", "fr": "fr/"}, "AKHBAR_LANGUAGES: the languages can be"),
    ("AKHBAR_DIGITS", {"ar": "foo", "en": "latn"}, "AKHBAR_DIGITS: digits can be"),
    ("AKHBAR_DATE_LOCALES", {"ar": "xx_YY", "en": "en"}, "AKHBAR_DATE_LOCALES: Babel has no"),
    ("AKHBAR_DATA_URL", "%2e%2e/", "AKHBAR_DATA_URL must be a path inside the site"),
    ("AKHBAR_DATA_URL", "en/", "AKHBAR_DATA_URL ('en/') must name a folder of its own"),
    ("AKHBAR_DATA_URL", "en/x/", "en/ is taken by the en tree"),
    ("AKHBAR_DATA_URL", "search/", "search/ is taken by AKHBAR_SEARCH_URL"),
    ("AKHBAR_DATA_URL", "articles/x/", "articles/ is taken by AKHBAR_SEED_URL"),
    ("AKHBAR_TEMPLATE_CACHE_PATH", 3, "AKHBAR_TEMPLATE_CACHE_PATH must be a folder's path"),
    ("ARTICLE_SAVE_AS", "posts/{slug}.html", "ARTICLE_SAVE_AS must be empty"),
    ("DIRECT_TEMPLATES", ["index"], "DIRECT_TEMPLATES must be empty"),
])
def test_a_bad_value_is_refused_with_the_settings_name(name, value, says):
    with pytest.raises(SettingsError, match=rf"^Akhbar: .*{_escaped(says)}"):
        apply(_site(**{name: value}), DEFAULT_CONFIG)


def _escaped(text: str) -> str:
    import re

    return re.escape(text)


def test_a_default_language_outside_the_trees_is_refused():
    with pytest.raises(SettingsError, match="DEFAULT_LANG"):
        apply(_site(DEFAULT_LANG="fr"), DEFAULT_CONFIG)


def test_a_misspelt_setting_is_named_with_the_one_meant():
    notices = apply(_site(AKHBAR_SEARH=False), DEFAULT_CONFIG)
    assert notices == ["unknown setting AKHBAR_SEARH (did you mean AKHBAR_SEARCH?)"]


def test_a_site_that_names_itself_is_named_so_in_its_default_language():
    settings = _site(SITENAME="My Archive")
    apply(settings, DEFAULT_CONFIG)
    assert settings["AKHBAR_SITENAMES"] == {"ar": "My Archive", "en": "Akhbar"}
    assert AKHBAR["AKHBAR_SITENAMES"][0]["ar"] == "أخبار"  # the default itself is untouched
