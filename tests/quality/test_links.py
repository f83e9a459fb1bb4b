"""No broken internal link or anchor anywhere in the output: on disk, and served under a sub-path.

Every href/src/srcset/action/... of every HTML page (and every url() of every style sheet) that is
relative or root-absolute must resolve to a file of the output (a URL ending in '/' to its
index.html) and its #fragment to an id on the target page. External links (http(s) to other hosts)
are collected, never fetched. See quality_links.py.
"""

from __future__ import annotations

import pytest

from quality_links import check_output, check_served


@pytest.fixture(scope="module")
def on_disk(built_site):
    return check_output(built_site)


@pytest.fixture(scope="module")
def over_http(served_site, built_site):
    return check_served(served_site, built_site)


def _external_summary(result) -> str:
    hosts = sorted({url.split("/")[2] for url in result.external if "//" in url})
    return f"{len(result.external)} distinct external URL(s) collected, hosts: {hosts}"


def test_no_broken_internal_link_or_anchor_on_disk(on_disk):
    print(f"{on_disk.checked} internal links checked;", _external_summary(on_disk))
    assert on_disk.checked > 0
    assert not on_disk.problems, on_disk.report("Output folder as is (served at a root)")


def test_no_broken_internal_link_or_anchor_under_a_sub_path(over_http, served_site):
    print(f"{over_http.checked} internal links checked, {over_http.fetched} URLs fetched from "
          f"{served_site};", _external_summary(over_http))
    assert over_http.checked > 0
    assert not over_http.problems, over_http.report(f"Served under {served_site}")


def test_both_passes_saw_the_same_external_links(on_disk, over_http):
    """External links are only collected; the two passes must at least agree on them."""
    assert set(on_disk.external) == set(over_http.external)
