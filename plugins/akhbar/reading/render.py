"""Structured article -> body HTML. All seed text is escaped here; nothing in a seed is markup.

The first mention of each entity in the body becomes a link to the entity's page, wrapped around
the mention exactly as written, so the text a reader sees is unchanged.
"""

from __future__ import annotations

from html import escape

from ..text.bidi import isolate
from .cleaning import Block

# A link to add inside a block: (start, end, href), offsets into the block's text.
Link = tuple[int, int, str]


# Joins the pieces of a block for one `isolate` call: no run of either direction can take it in,
# so each piece is isolated as if alone (one call a block rather than two a link).
_CUT = "\x00"


def _text_html(text: str, base_dir: str, links: list[Link]) -> str:
    if not links:
        return isolate(text, base_dir)
    links = sorted(links)
    pieces, last = [], 0
    for start, end, _href in links:
        pieces += (text[last:start], text[start:end])
        last = end
    pieces.append(text[last:])
    if _CUT in text:
        isolated = [isolate(piece, base_dir) for piece in pieces]
    else:
        isolated = isolate(_CUT.join(pieces), base_dir).split(_CUT)
    out = [isolated[0]]
    for k, (_start, _end, href) in enumerate(links):
        out.append(f'<a class="entity" href="{escape(href)}">{isolated[2 * k + 1]}</a>')
        out.append(isolated[2 * k + 2])
    return "".join(out)


def render_block(block: Block, base_dir: str, links: list[Link] | None = None) -> str:
    """One block; `links` may also point into a caption's credit (offsets past the text)."""
    links = links or []
    if block.kind == "caption":
        cut = len(block.text)
        text = _text_html(block.text, base_dir, [link for link in links if link[1] <= cut])
        credit = _text_html(block.credit, base_dir,
                            [(s - cut, e - cut, h) for s, e, h in links if s >= cut])
        return (f'<figure class="caption"><figcaption>{text}'
                f'<span class="credit">{credit}</span></figcaption></figure>')
    text = _text_html(block.text, base_dir, links)
    return f"<h2>{text}</h2>" if block.kind == "subheading" else f"<p>{text}</p>"


def render_body(blocks: list[Block], base_dir: str, links: list[list[Link]] | None = None) -> str:
    links = links or [[] for _ in blocks]
    return "\n".join(render_block(b, base_dir, block_links)
                     for b, block_links in zip(blocks, links, strict=True))
