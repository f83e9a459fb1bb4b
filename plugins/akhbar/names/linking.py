"""First-mention entity links in HTML that was not built from seed text (Markdown translations).

Seed bodies get their links while they are rendered (render.py); a translation arrives as HTML
from Markdown, so its text nodes are searched instead, and each entity's first mention is wrapped
in a link, the text unchanged. Text already inside a link or a heading is left alone.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString

SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style"}


def link_first_mentions(html: str, gazetteer, lang: str, href_for) -> str:
    soup = BeautifulSoup(html, "html.parser")
    nodes = [n for n in soup.find_all(string=True)
             if isinstance(n, NavigableString) and not any(p.name in SKIP for p in n.parents)]
    per_node = gazetteer.find_in_paragraphs([str(n) for n in nodes], lang)
    linked: set[str] = set()
    for node, mentions in zip(nodes, per_node, strict=True):
        firsts = []
        for mention in mentions:
            if mention.entity not in linked:
                linked.add(mention.entity)
                firsts.append(mention)
        if not firsts:
            continue
        text, pieces, last = str(node), [], 0
        for mention in firsts:
            pieces.append(NavigableString(text[last:mention.start]))
            link = soup.new_tag("a", attrs={"class": "entity", "href": href_for(mention.entity)})
            link.string = text[mention.start:mention.end]
            pieces.append(link)
            last = mention.end
        pieces.append(NavigableString(text[last:]))
        for piece in pieces:
            node.insert_before(piece)
        node.extract()
    return str(soup)
