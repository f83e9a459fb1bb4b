"""Structured article -> body HTML. All seed text is escaped here; nothing in a seed is markup.

The first mention of each entity in the body becomes a link to the entity's page, wrapped around
the mention exactly as written, so the text a reader sees is unchanged.
"""

from __future__ import annotations

from html import escape

from .bidi import isolate
from .cleaning import Block

# A link to add inside a block: (start, end, href), offsets into the block's text.
Link = tuple[int, int, str]


def _text_html(text: str, base_dir: str, links: list[Link]) -> str:
    if not links:
        return isolate(text, base_dir)
    out, last = [], 0
    for start, end, href in sorted(links):
        out.append(isolate(text[last:start], base_dir))
        out.append(f'<a class="entity" href="{escape(href)}">{isolate(text[start:end], base_dir)}</a>')
        last = end
    out.append(isolate(text[last:], base_dir))
    return "".join(out)


def render_block(block: Block, base_dir: str, links: list[Link] | None = None) -> str:
    """One block; `links` may also point into a caption's credit (offsets past the text)."""
    links = links or []
    if block.kind == "caption":
        cut = len(block.text)
        text = _text_html(block.text, base_dir, [l for l in links if l[1] <= cut])
        credit = _text_html(block.credit, base_dir,
                            [(s - cut, e - cut, h) for s, e, h in links if s >= cut])
        return (f'<figure class="caption"><figcaption>{text}'
                f'<span class="credit">{credit}</span></figcaption></figure>')
    text = _text_html(block.text, base_dir, links)
    return f"<h2>{text}</h2>" if block.kind == "subheading" else f"<p>{text}</p>"


def render_body(blocks: list[Block], base_dir: str, links: list[list[Link]] | None = None) -> str:
    links = links or [[] for _ in blocks]
    return "\n".join(render_block(b, base_dir, l) for b, l in zip(blocks, links))
