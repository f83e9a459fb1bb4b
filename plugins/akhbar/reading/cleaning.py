"""Raw seed text -> a structured article: headline, kicker, dateline, body blocks, related teasers.

Scraped news pages come as one line per paragraph with page furniture mixed in: a section label
above the headline, the headline printed twice, a dateline, a photo caption with its credit,
font-size and share widgets, ad markers, "read also" teasers and comment forms. The rules for
furniture live in data/boilerplate.yml; this module applies them and the layout heuristics.

The one promise: every line that is not furniture reaches the page verbatim (as headline, kicker,
dateline, byline, caption, subheading, paragraph or related headline). What is removed is listed in
`CleanArticle.removed` with the reason, so nothing disappears silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ..text.arabic import (
    drops_of,
    fold,
    fold_with_drops,
    normalise,
    normalise_folded,
    original_span,
)
from ..text.dates import FoundDate, parse_dateline

DEFAULT_RULES = Path(__file__).resolve().parents[1] / "data" / "boilerplate.yml"
# How many lines after the headline may hold the dateline (a caption or kicker can come first).
DATELINE_WINDOW = 3


class NoHeadline(ValueError):
    """The seed has text but nothing usable as a headline; the message says why."""


@dataclass(frozen=True)
class Rules:
    drop_lines: frozenset[str]
    drop_patterns: tuple[re.Pattern, ...]
    drop_any: re.Pattern | None   # drop_patterns as one alternation, when they can be joined
    related: tuple[re.Pattern, ...]
    related_markers: frozenset[str]
    captions: tuple[re.Pattern, ...]
    caption_max_words: int
    kicker_max_words: int
    subheading_max_words: int
    headline_max_words: int
    sentence_end: str
    headline_end: str


def _alternation(patterns: list[str]) -> re.Pattern | None:
    """One expression that fully matches what any of `patterns` fully matches: one regex call a
    line instead of one a rule. None for patterns that cannot be joined without changing what
    they mean (a back-reference or a condition would point at another rule's group; inline
    global flags)."""
    unsafe = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\(\?[aiLmsux]+\)")
    if not patterns or any(unsafe.search(p) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error:   # the same group name in two rules
        return None


@lru_cache(maxsize=8)
def load_rules(path: str | Path = DEFAULT_RULES) -> Rules:
    """Load and compile the boilerplate rules once per path."""
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    try:
        return Rules(
            drop_lines=frozenset(normalise(str(x)) for x in data.get("drop_lines", [])),
            drop_patterns=tuple(re.compile(p) for p in data.get("drop_patterns", [])),
            drop_any=_alternation([str(p) for p in data.get("drop_patterns", [])]),
            related=tuple(re.compile(p, re.IGNORECASE) for p in data.get("related", [])),
            related_markers=frozenset(
                normalise(str(x)).rstrip(":： ") for x in data.get("related_markers", [])
            ),
            captions=tuple(re.compile(p) for p in data.get("captions", [])),
            caption_max_words=int(data.get("caption_max_words", 30)),
            kicker_max_words=int(data.get("kicker_max_words", 4)),
            subheading_max_words=int(data.get("subheading_max_words", 6)),
            headline_max_words=int(data.get("headline_max_words", 40)),
            sentence_end=str(data.get("sentence_end", ".!?؟")),
            headline_end=str(data.get("headline_end", "!?؟")),
        )
    except re.error as exc:
        raise ValueError(f"{path}: invalid regular expression {exc.pattern!r}: {exc}") from None


@dataclass(frozen=True)
class Block:
    """One body element. For captions, `text` + `credit` is the original line."""

    kind: str  # "paragraph" | "subheading" | "caption"
    text: str
    line: int  # 1-based line number in the seed
    credit: str = ""


@dataclass(frozen=True)
class Removed:
    line: int
    text: str
    reason: str


@dataclass
class CleanArticle:
    title: str
    title_line: int
    kicker: str | None = None
    dateline: FoundDate | None = None
    dateline_text: str | None = None  # the whole dateline line, verbatim
    byline: str | None = None  # a byline line under the headline ("جدة ـ نجيب الجداوي"), verbatim
    blocks: list[Block] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.kind == "paragraph"]


# A byline line: a name and a city, either order, one to three words each, joined by a dash or
# a kashida standing alone ("عبدالكريم الحمد - الرياض", "جدة ـ نجيب الجداوي"); no digits, no
# punctuation that a headline or a sentence would carry.
_NAME = r"[^\W\d_]+(?: [^\W\d_]+){0,2}"
_BYLINE = re.compile(rf"{_NAME}(?:\s+ـ\s+|\s*[-–—]\s+|\s+[-–—]\s*){_NAME}")


def is_byline(line: str) -> bool:
    return _BYLINE.fullmatch(line.strip()) is not None


def _words(text: str) -> int:
    return len(text.split())  # runs of non-space characters, as a \S+ regex would count


def _ends_sentence(text: str, rules: Rules) -> bool:
    return bool(text) and text[-1] in rules.sentence_end


def _sentence_inside(text: str, rules: Rules) -> bool:
    """Whether a sentence ends inside `text` ("… انتهى. فهل …"): a paragraph's mark, where a
    headline has at most the ".." that joins its parts."""
    ends = re.escape("." + rules.headline_end)
    return re.search(rf"(?<!\.)[{ends}](?!\.)\s", text) is not None


def _furniture(line: str, folded: str, drops: list[int] | None,
               rules: Rules) -> tuple[str, str | None] | None:
    """Classify a line as furniture: ("drop", None), ("related", headline), ("marker", None).
    `folded, drops` is `fold_with_drops(line)`."""
    norm = normalise_folded(folded)
    if norm in rules.drop_lines:
        return ("drop", None)
    if norm.rstrip(":： ") in rules.related_markers:
        return ("marker", None)
    for pattern in rules.related:
        match = pattern.fullmatch(folded)
        if match and match.group("headline").strip():
            start, end = original_span(*match.span("headline"), drops)
            return ("related", line[start:end].strip())
    if rules.drop_any is not None:
        return ("drop", None) if rules.drop_any.fullmatch(norm) else None
    for pattern in rules.drop_patterns:
        if pattern.fullmatch(norm):
            return ("drop", None)
    return None


def _caption(line: str, rules: Rules, words: int | None = None) -> Block | None:
    """`words`: `_words(line)`, when the caller has counted them."""
    if (_words(line) if words is None else words) > rules.caption_max_words:
        return None
    for pattern in rules.captions:
        match = pattern.search(line)
        if match:
            # The white space before the match goes with the credit: a rule need not start
            # with \s*, which would make re try it at every character of the line.
            text = line[: match.start()].rstrip()
            if text.strip() and not _ends_sentence(text, rules):
                return Block("caption", text, 0, line[len(text):])
    return None


def lines_folded(text: str) -> Iterator[tuple[int, str, str, list[int] | None]]:
    """(line number, stripped line, `fold_with_drops` of it) for each line that is not blank.

    One fold of the whole text costs a fraction of one fold per line. Folding goes character
    by character, so a line's fold is its slice of the text's fold, once the white space
    around it is cut off (`fold` keeps white space: the length check below makes sure).
    """
    raw_lines = text.split("\n")
    folded_lines = fold(text).split("\n")
    if len(folded_lines) != len(raw_lines):   # a fold that made or removed a line break
        folded_lines = [None] * len(raw_lines)
    for number, (raw, folded_raw) in enumerate(zip(raw_lines, folded_lines, strict=True), start=1):
        line = raw.strip()
        if not line:
            continue
        if folded_raw is not None:
            lead = len(raw) - len(raw.lstrip())
            folded = folded_raw[lead:len(folded_raw) - (len(raw) - lead - len(line))]
            if len(folded) == len(line):
                yield number, line, folded, None
                continue
            drops = drops_of(line)
            if len(folded) + len(drops) == len(line):
                yield number, line, folded, drops
                continue
        yield number, line, *fold_with_drops(line)


def clean(text: str, rules: Rules | None = None) -> CleanArticle:
    """Structure one seed's text (already decoded, line ends normalised)."""
    rules = rules or load_rules()
    removed: list[Removed] = []
    related: list[str] = []
    lines: list[tuple[int, str]] = []  # content lines: (line number, stripped text)
    expect_related = False
    for number, line, folded, drops in lines_folded(text):
        kind = _furniture(line, folded, drops, rules)
        if kind is None and expect_related and _words(line) <= rules.headline_max_words:
            kind = ("related", line)
        expect_related = False
        if kind is None:
            lines.append((number, line))
        elif kind[0] == "related":
            related.append(kind[1])
        elif kind[0] == "marker":
            expect_related = True
            removed.append(Removed(number, line, "read-also marker"))
        else:
            removed.append(Removed(number, line, "boilerplate"))

    if not lines:
        raise NoHeadline("no headline: every line is page furniture (boilerplate)")

    position = 0
    dateline: tuple[int, str, FoundDate] | None = None
    warnings: list[str] = []

    # A dateline can stand above everything else.
    found = parse_dateline(lines[0][1])
    if found and len(lines) > 1:
        dateline = (lines[0][0], lines[0][1], found)
        position = 1

    # A short label above a longer line is a section kicker, not the headline.
    kicker = None
    # The line below it must itself look like a headline, with body after it, or a short
    # headline over its first paragraph would be mistaken for a kicker: no full stop (a "!"
    # or "؟" ends headlines too, when no sentence ends before it), or printed twice, as only
    # headlines are.
    if position + 2 < len(lines):
        label, following = lines[position][1], lines[position + 1][1]
        if (
            _words(label) <= rules.kicker_max_words
            and not _ends_sentence(label, rules)
            and (not _ends_sentence(following, rules)
                 or (following[-1] in rules.headline_end
                     and not _sentence_inside(following[:-1], rules))
                 or normalise(following) == normalise(lines[position + 2][1]))
            and _words(following) > _words(label)
            and _words(following) <= rules.headline_max_words
            and parse_dateline(label) is None
            and _caption(following, rules) is None
            # A line over a byline or a dateline is the headline, however short.
            and not is_byline(following)
            and parse_dateline(following) is None
        ):
            kicker = label
            position += 1

    title_line, title = lines[position]
    position += 1
    if _words(title) > rules.headline_max_words:
        raise NoHeadline(
            f"no headline: the first line is a {_words(title)}-word paragraph"
            f" (over the {rules.headline_max_words}-word limit for a headline);"
            " give a title in the seed's .meta.yml"
        )
    folded_title = normalise(title)
    while position < len(lines) and normalise(lines[position][1]) == folded_title:
        removed.append(Removed(lines[position][0], lines[position][1], "repeated headline"))
        position += 1

    body = lines[position:]
    byline = None
    for offset, (_number, line) in enumerate(body[:DATELINE_WINDOW]):
        if is_byline(line) and parse_dateline(line) is None and _caption(line, rules) is None:
            byline = line
            del body[offset]
            break
    if dateline is None:
        for offset, (number, line) in enumerate(body[:DATELINE_WINDOW]):
            found = parse_dateline(line)
            if found:
                dateline = (number, line, found)
                del body[offset]
                break

    blocks = _body_blocks(body, rules)
    if not any(b.kind == "paragraph" for b in blocks):
        warnings.append("no body text: only a headline was found")

    return CleanArticle(
        title=title,
        title_line=title_line,
        kicker=kicker,
        dateline=dateline[2] if dateline else None,
        dateline_text=dateline[1] if dateline else None,
        byline=byline,
        blocks=blocks,
        related=related,
        removed=sorted(removed, key=lambda r: r.line),
        warnings=warnings,
    )


def _body_blocks(body: list[tuple[int, str]], rules: Rules) -> list[Block]:
    """Paragraphs, captions and subheadings, in seed order."""
    blocks: list[Block] = []
    words = [_words(line) for _, line in body]   # counted once a line
    for i, (number, line) in enumerate(body):
        caption = _caption(line, rules, words[i])
        if caption is not None:
            blocks.append(Block("caption", caption.text, number, caption.credit))
            continue
        if (
            blocks  # never the first body line: that is the lead, not a section
            and i + 1 < len(body)
            and words[i] <= rules.subheading_max_words
            and not _ends_sentence(line, rules)
            and words[i + 1] > rules.subheading_max_words
        ):
            blocks.append(Block("subheading", line, number))
        else:
            blocks.append(Block("paragraph", line, number))
    return blocks
