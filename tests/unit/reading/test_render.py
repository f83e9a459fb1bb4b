"""Tests for akhbar.reading.render: body HTML with entity links and isolated runs.

The shortcut (one `isolate` call for a whole block with links) is checked against the definition
written out plainly here: each piece between links, and each link's text, isolated on its own.
(`isolate` itself is checked against its definition in tests/unit/text/test_bidi_and_language.py.)
"""

from __future__ import annotations

import random
import re
from html import escape

import pytest

from akhbar.reading.cleaning import Block
from akhbar.reading.render import render_block
from akhbar.text.bidi import isolate


def _text_html(text: str, base_dir: str, links) -> str:
    """What render_block writes inside a paragraph's <p>."""
    html = render_block(Block("paragraph", text, 1), base_dir, links)
    assert html.startswith("<p>") and html.endswith("</p>")
    return html[len("<p>"):-len("</p>")]


def _text_html_by_definition(text: str, base_dir: str, links) -> str:
    """Each stretch between links, and each link's text, isolated on its own."""
    out, last = [], 0
    for start, end, href in sorted(links):
        out.append(isolate(text[last:start], base_dir))
        out.append(f'<a class="entity" href="{escape(href)}">'
                   f'{isolate(text[start:end], base_dir)}</a>')
        last = end
    return "".join(out) + isolate(text[last:], base_dir)


WORDS = ["قال", "لافروف", "Sergey Lavrov", "(KEİ)", "2019/09/16", "في", "موسكو", "Sol Haber",
         "&", "<b>", ">", "إدلب", "AT&T", "12", "'", "-", "/", "\x00", "Idlib", "حلب،"]


@pytest.mark.parametrize("base_dir", ["rtl", "ltr"])
def test_links_cut_runs_as_if_each_piece_were_isolated_alone(base_dir):
    """A link's text is isolated on its own even inside a longer run ("Sergey [Lavrov] said"),
    with links at the start, the end, side by side, and text holding the joining character."""
    rnd = random.Random(base_dir + "links")
    for _ in range(2000):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 12)))
        cuts = sorted(rnd.sample(range(len(text) + 1), min(len(text) + 1, 2 * rnd.randint(0, 3))))
        links = [(cuts[k], cuts[k + 1], f"../../entities/e{k}/")
                 for k in range(0, len(cuts) - 1, 2)]
        assert _text_html(text, base_dir, links) == _text_html_by_definition(
            text, base_dir, links), (text, links)


def test_a_latin_name_split_by_a_link_is_two_runs():
    html = _text_html("قال Sergey Lavrov إن", "rtl", [(11, 17, "../lavrov/")])
    assert html == ('قال <bdi dir="ltr">Sergey</bdi> <a class="entity" href="../lavrov/">'
                    '<bdi dir="ltr">Lavrov</bdi></a> إن')
    assert re.sub("<[^>]+>", "", html) == "قال Sergey Lavrov إن"
