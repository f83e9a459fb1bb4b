"""The link checker itself, on a tiny hand-made site: it must catch what the gate promises."""

from __future__ import annotations

import pytest

from quality_links import check_output, check_served
from sitebuild import serve_site

PAGE = """<!DOCTYPE html><html><head><link rel="stylesheet" href="css/s.css"></head>
<body id="top-of-page">
<a href="a/b/">fine</a>
<a href="a/b/#there">fine, with a fragment</a>
<a href="a/b/#nowhere">missing fragment</a>
<a href="missing/">missing page</a>
<a href="/a/b/">root-absolute</a>
<a href="dir">folder without its slash</a>
<a href="#top-of-page">fine, same page</a>
<a href="#nope">missing fragment, same page</a>
<a href="https://www.wikidata.org/wiki/Q1">external</a>
<a href="http://localhost:8000/x">local server</a>
<a href="file:///etc/passwd">file scheme</a>
<a href="mailto:x@example.org">mail</a>
<img srcset="a/b/i.png 1x, nope.png 2x" src="a/b/i.png" alt="">
</body></html>
"""
CSS = ('/* url(commented.png) */\n@font-face { src: url("../fonts/x.woff2") }\n'
       'body { background: url(../a/b/i.png) }\n')


@pytest.fixture
def tiny_site(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "dir").mkdir()
    (tmp_path / "css").mkdir()
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "a" / "b" / "index.html").write_text('<p id="there">x</p>', encoding="utf-8")
    (tmp_path / "a" / "b" / "i.png").write_bytes(b"\x89PNG")
    (tmp_path / "dir" / "index.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "css" / "s.css").write_text(CSS, encoding="utf-8")
    return tmp_path


def test_on_disk_finds_each_kind_of_broken_link(tiny_site):
    result = check_output(tiny_site)
    found = {problem: sorted(link.line for link in links)
             for problem, links in result.problems.items()}
    assert found == {
        "/a/b/index.html#nowhere: no element with this id": [5],
        "/missing/index.html does not exist": [6],
        "/dir is a folder: the link must end in '/'": [8],
        "/index.html#nope: no element with this id": [10],
        "points to a local server: 'http://localhost:8000/x'": [12],
        "unsupported URL scheme 'file'": [13],
        "/nope.png does not exist": [15],
        "/fonts/x.woff2 does not exist": [2],  # from the style sheet, line 2
    }
    assert list(result.external) == ["https://www.wikidata.org/wiki/Q1"]


def test_over_http_also_finds_root_absolute_links_and_redirects(tiny_site):
    with serve_site(tiny_site, "/akhbar/") as url:
        result = check_served(url, tiny_site)
    found = {problem: sorted(link.line for link in links)
             for problem, links in result.problems.items()}
    assert found == {
        "/akhbar/a/b/#nowhere: no element with this id": [5],
        "/akhbar/missing/: HTTP 404": [6],
        "/a/b/: outside the site's sub-path /akhbar/ (a root-absolute link)": [7],
        "/akhbar/dir: HTTP 301 redirect to /akhbar/dir/ (link to the final URL)": [8],
        "/akhbar/#nope: no element with this id": [10],
        "points to a local server: 'http://localhost:8000/x'": [12],
        "unsupported URL scheme 'file'": [13],
        "/akhbar/nope.png: HTTP 404": [15],
        "/akhbar/fonts/x.woff2: HTTP 404": [2],
    }
    assert list(result.external) == ["https://www.wikidata.org/wiki/Q1"]
