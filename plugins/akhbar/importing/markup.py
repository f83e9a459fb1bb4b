"""HTML in a record (a feed's description, a scraped body) -> plain paragraphs for a seed.

A seed is plain text, one paragraph a line, and the build shows markup in it as text: so a body
that is HTML is taken apart here, once, with BeautifulSoup's own parser (no network, no entities
resolved but HTML's own). Block elements become paragraphs and <br> a line break; scripts,
styles, forms and embedded objects are dropped with what they hold.
"""

from __future__ import annotations

import html
import re

from bs4 import BeautifulSoup, NavigableString
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

# Tags that say "this text is HTML" in a JSON or CSV field (a feed says so itself).
_HTML_TAG = re.compile(
    r"<(?:p|br|div|h[1-6]|ul|ol|li|blockquote|table|tr|td|th|span|a|strong|em|b|i|u|img|figure"
    r"|figcaption|section|article|header|footer|script|style|iframe|hr|pre)\b[^<>]*>"
    r"|</(?:p|div|h[1-6]|li|blockquote|span|a|strong|em|b|i|figure|section|article)\s*>",
    re.IGNORECASE)
# A character reference (&#39; &quot; &amp; &#x627;) left in text by a scraper.
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

# Dropped with everything inside them: never text a reader was shown.
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
            "form", "button", "select", "textarea", "head", "title", "meta", "link", "audio",
            "video", "canvas", "map")
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "pre",
           "table", "tr", "td", "th", "caption", "figure", "figcaption", "section", "article",
           "header", "footer", "aside", "main", "nav", "address", "ul", "ol", "dl", "hr",
           "details", "summary", "center")
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_BREAK = object()   # a <br> among the pieces of text
_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")
# Markup with none of these is text with a few inline tags: its line breaks are its paragraphs.
_STRUCTURE = re.compile(r"<(?:p|br|div|h[1-6]|li|blockquote|table|tr|pre|figure|section"
                        r"|article)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Whether a JSON or CSV field holds HTML (a <p>, a <br>, a link ...), not plain text."""
    return "<" in text and _HTML_TAG.search(text) is not None


def has_references(text: str) -> bool:
    """Whether plain text holds character references (&#39;) a scraper left unresolved."""
    return "&" in text and _REFERENCE.search(text) is not None


def unescape(text: str) -> str:
    """Plain text with its character references resolved (&#39; -> ')."""
    return html.unescape(text)


def html_paragraphs(markup: str) -> list[str]:
    """The paragraphs of an HTML fragment, in order, each on one line, none empty.

    The tree is walked once, without changing it (marking blocks by inserting text into a deep
    tree costs time in the square of its depth, and a record is hostile): each piece of text
    goes with the block it is in, and a new block, or a <br>, starts a new paragraph."""
    soup = BeautifulSoup(markup, "html.parser")
    pieces: list[tuple[int, object]] = []   # (the block it is in, text); (0, _BREAK): <br>
    stack: list[tuple[object, int]] = [(soup, id(soup))]
    while stack:
        node, block = stack.pop()
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                pieces.append((block, str(node)))
            continue
        name = node.name
        if name in _DROPPED:
            continue
        if name == "br":
            pieces.append((0, _BREAK))
            continue
        if name in _BLOCKS:
            block = id(node)
        stack.extend((child, block) for child in reversed(node.contents))
    # Newlines are white space in HTML, but a feed's description is often plain text with a
    # paragraph a line, only typed as HTML: without block tags, its line breaks are kept.
    keep_lines = not _STRUCTURE.search(markup)
    paragraphs: list[str] = []
    current, parts = None, []
    for block, text in [*pieces, (0, _BREAK)]:
        if text is _BREAK or block != current:
            _flush("".join(parts), keep_lines, paragraphs)
            current, parts = block, []
        if text is not _BREAK:
            parts.append(text)
    return paragraphs


def _flush(text: str, keep_lines: bool, paragraphs: list[str]) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in text.split("\n") if keep_lines else (text,):
        line = _SPACES.sub(" ", line).strip()
        if line:
            paragraphs.append(line)
