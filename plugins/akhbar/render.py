"""Structured article -> body HTML. All seed text is escaped here; nothing in a seed is markup."""

from __future__ import annotations

from .bidi import isolate
from .cleaning import Block


def render_block(block: Block, base_dir: str) -> str:
    text = isolate(block.text, base_dir)
    if block.kind == "subheading":
        return f"<h2>{text}</h2>"
    if block.kind == "caption":
        credit = isolate(block.credit, base_dir)
        return (
            f'<figure class="caption"><figcaption>{text}'
            f'<span class="credit">{credit}</span></figcaption></figure>'
        )
    return f"<p>{text}</p>"


def render_body(blocks: list[Block], base_dir: str) -> str:
    return "\n".join(render_block(block, base_dir) for block in blocks)
