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
                     DIRECT_TEMPLATES=["index"])
    apply(settings, DEFAULT_CONFIG)
    assert settings["ARTICLE_URL"] == "stories/{slug}/"
    assert settings["SITENAME"] == "My archive"
    assert settings["DIRECT_TEMPLATES"] == ["index"]
    assert settings["AKHBAR_JOBS"] == 2
    assert settings["DEFAULT_LANG"] == "en"  # the language at the root, when the site names none


@pytest.mark.parametrize("old", sorted(RENAMED))
def test_an_old_name_still_works_and_says_its_new_name(old):
    new = RENAMED[old]
    value = "old-seeds" if old == "SEEDS_PATH" else "later/" if old == "UNDATED_URL" else {
        "ar": "قديم", "en": "Old"}
    settings = _site(**{old: value})
    notices = apply(settings, DEFAULT_CONFIG)
    assert settings[new] == value and settings[old] == value  # themes reading the old name
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
