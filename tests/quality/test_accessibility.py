"""axe-core finds no serious or critical accessibility violation on the main page types, in both
languages and both colour schemes (the site follows prefers-color-scheme).

axe-core comes from tools/quality/node_modules (pinned in tools/quality/package.json) and is
injected (page.add_script_tag) into each page opened in Debian's Chromium, the site served under
/akhbar/ on 127.0.0.1 (fixtures `axe_auditor` and `served_site` in conftest.py).
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

BLOCKING_IMPACTS = ("serious", "critical")

PAGES = [
    pytest.param("", id="home"),
    pytest.param("articles/5288d6f156908d5f/", id="article"),
    pytest.param("topics/idlib/", id="topic"),
    pytest.param("entities/sergey-lavrov/", id="entity"),
    pytest.param("entities/", id="entity-directory"),
    pytest.param("archive/", id="archive"),
    pytest.param("search/", id="search"),
    pytest.param("undated/", id="undated"),
    pytest.param("data/", id="data"),
]
LANGUAGES = [pytest.param("", id="ar"), pytest.param("en/", id="en")]
SCHEMES = ["light", "dark"]


def _format(violations: list, url: str) -> str:
    lines = [f"axe-core: {len(violations)} serious/critical violation(s) on {url}"]
    for v in violations:
        lines.append(f"\n[{v['impact']}] {v['id']}: {v['help']}\n    {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    target: {json.dumps(node['target'], ensure_ascii=False)}"
                         f"  (impact {node.get('impact')})")
            lines.append(f"      html: {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n        ")
            lines.append(f"      fix:  {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(axe_auditor, served_site, path, lang, scheme):
    audit = axe_auditor.audit(served_site + lang + path, color_scheme=scheme)
    assert audit.failed_responses == [], audit.failed_responses  # a 404 page is not the page
    assert audit.outside_requests == [], audit.outside_requests
    blocking = [v for v in audit.violations if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, _format(blocking, audit.url) + f"\n(colour scheme: {scheme})"
