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

from ..text.arabic import (
    drops_of,
    fold,
    fold_with_drops,
    normalise,
    normalise_folded,
    original_span,
)
from ..text.dates import FoundDate, parse_dateline
from .cleaning_rules import DEFAULT_RULES, Rules, load_rules

__all__ = ["DEFAULT_RULES", "Block", "CleanArticle", "NoHeadline", "Removed", "Rules", "clean",
           "is_byline", "load_rules"]

# How many lines after the headline may hold the dateline (a caption or kicker can come first).
DATELINE_WINDOW = 3


class NoHeadline(ValueError):
    """The seed has text but nothing usable as a headline; the message says why."""


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


def is_byline(line: str, rules: Rules | None = None) -> bool:
    return (rules or load_rules()).byline.fullmatch(line.strip()) is not None


def _words(text: str) -> int:
    return len(text.split())  # runs of non-space characters, as a \S+ regex would count


def _ends_sentence(text: str, rules: Rules) -> bool:
    return bool(text) and text[-1] in rules.sentence_end


def _sentence_inside(text: str, rules: Rules) -> bool:
    """Whether a sentence ends inside `text` ("… انتهى. فهل …"): a paragraph's mark, where a
    headline has at most the ".." that joins its parts."""
    ends = re.escape("." + rules.headline_end)
    return re.search(rf"(?<!\.)[{ends}](?!\.)\s", text) is not None


def _is_kicker(label: str, following: str, after: str, rules: Rules) -> bool:
    """Whether `label` is a section kicker over the headline `following` (`after`: the line
    under that). The line below it must itself look like a headline, with body after it, or a
    short headline over its first paragraph would be mistaken for a kicker: no full stop (a "!"
    or "؟" ends headlines too, when no sentence ends before it), or printed twice, as only
    headlines are. And there must be evidence that `label` is a label (boilerplate.yml,
    kicker_labels): a short headline over a verse, a caption, a name or a deck is no kicker."""
    printed_twice = normalise(following) == normalise(after)
    if not (
        _words(label) <= rules.kicker_max_words
        and not _ends_sentence(label, rules)
        and (not _ends_sentence(following, rules)
             or (following[-1] in rules.headline_end
                 and not _sentence_inside(following[:-1], rules))
             or printed_twice)
        and _words(following) > _words(label)
        and _words(following) <= rules.headline_max_words
        and parse_dateline(label) is None
        and _caption(following, rules) is None
        # A line over a byline or a dateline is the headline, however short.
        and not is_byline(following, rules)
        and parse_dateline(following) is None
    ):
        return False
    if printed_twice or normalise(label).rstrip(":： ") in rules.kicker_labels:
        return True
    return (_words(label) <= rules.kicker_unknown_max_words
            and _clearly_headline(following, rules)
            and (is_byline(after, rules) or parse_dateline(after) is not None
                 or _caption(after, rules) is not None
                 or _words(after) > _words(following)))


_COLON = re.compile(r"[:：]")


def _clearly_headline(line: str, rules: Rules) -> bool:
    """A line that can be nothing but a headline: of a headline's length, no sentence ending
    inside it, a colon only after a speaker's name ("لافروف: ..."), no semicolon, and no
    comma when it ends in "!" or "؟" (a first paragraph's sentence: "قرأت هذا الأسبوع خبرين
    ظاهرهما فيه الرحمة، وباطنهما يحمل الكثير من الأمور المخيفة!")."""
    words = _words(line)
    if not rules.clear_headline_min_words <= words <= rules.clear_headline_max_words:
        return False
    if _sentence_inside(line, rules) or "؛" in line or ";" in line:
        return False
    colon = _COLON.search(line)
    if colon and _words(line[:colon.start()]) > 3:
        return False
    if words <= 6 and not rules.name_particles.isdisjoint(normalise(line).split()):
        return False   # "عبد العزيز بن علي الدغيثر": a columnist's name as well
    return not (line[-1] in rules.headline_end and ("،" in line or "," in line))


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


def clean(text: str, rules: Rules | None = None, title: str | None = None) -> CleanArticle:
    """Structure one seed's text (already decoded, line ends normalised). `title`: the headline
    a sidecar gives (an editor's, or an import's); a first line that is that headline is the
    headline, whatever it looks like: never furniture ("Read more"), a dateline ("10 August
    2015") or a section label over the headline, which would cost the body its first line."""
    rules = rules or load_rules()
    removed: list[Removed] = []
    related: list[str] = []
    lines: list[tuple[int, str]] = []  # content lines: (line number, stripped text)
    expect_related = False
    given = False  # the first line is the sidecar's headline
    for number, line, folded, drops in lines_folded(text):
        if not lines and not removed and title is not None and normalise(line) == normalise(title):
            lines.append((number, line))
            given = True
            continue
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
    found = None if given else parse_dateline(lines[0][1])
    if found and len(lines) > 1:
        dateline = (lines[0][0], lines[0][1], found)
        position = 1

    # A short label above a longer line is a section kicker, not the headline.
    kicker = None
    if not given and position + 2 < len(lines) and _is_kicker(
            lines[position][1], lines[position + 1][1], lines[position + 2][1], rules):
        kicker = lines[position][1]
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
        if (is_byline(line, rules) and parse_dateline(line) is None
                and _caption(line, rules) is None):
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
