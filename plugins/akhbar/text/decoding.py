"""Bytes of a seed file -> text, or a precise reason why not.

Scraped Arabic news arrives as UTF-8 (with or without a BOM), UTF-16 with a BOM, or the legacy
Windows-1256 code page, with LF, CRLF or bare CR line ends. We decode in that order: a wrong
guess must be an error the user can see, never mojibake published as an article. Real archives
also carry damage that must not cost the story: a few control characters left by old code-page
conversions (U+001A), a few bytes that are not UTF-8 in a UTF-8 file. Those are dropped or
replaced, and said; only what is not text at all is refused.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass


class SeedDecodeError(ValueError):
    """The bytes are not text in any encoding a seed may use; the message says why."""


@dataclass(frozen=True)
class DecodedSeed:
    text: str  # line ends normalised to "\n", BOM removed, otherwise untouched (but `fixed`)
    encoding: str  # "utf-8", "utf-8-sig", "utf-16-le", "utf-16-be" or "windows-1256"
    fixed: str | None = None  # what was mapped or dropped (see fix_stray_characters), for a warning


# Unicode categories Cc (controls but tab, newline, carriage return, form feed), Cs (surrogates)
# and Co (private use): one pass of a regular expression instead of a category lookup per char.
_CONTROL_CHARS = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_CONTROL_RUNS = re.compile(_CONTROL_CHARS.pattern + "+")


def _control_runs(text: str) -> int:
    return len(_CONTROL_RUNS.findall(text))


# C0 controls (but tab, line feed, form feed, carriage return) and DEL mean binary data. C1
# controls and private-use characters, on their own in real text, are what other tools leave:
# U+0080-U+009F are Windows-1252 bytes decoded as Latin-1 (U+0085 for "…", U+0092 for "’"),
# and Word writes its Symbol-font bullet as U+F0B7.
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_STRAY_CHARS = re.compile("[\x80-\x9f\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")
_SYMBOL_FONT = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0d8": "➢", "\uf0fc": "✓", "\uf076": "❖"}


def _stray(char: str) -> str:
    """What a C1 control or private-use character stands for, or "" when nothing."""
    if "\x80" <= char <= "\x9f":
        try:
            return bytes([ord(char)]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: nothing in Windows-1252
            return ""
    return _SYMBOL_FONT.get(char, "")


def fix_stray_characters(text: str) -> tuple[str, str | None]:
    """(text with C1 controls and private-use characters mapped or dropped, a description of
    what was done or None)."""
    found = _STRAY_CHARS.findall(text)
    if not found:
        return text, None
    text = _STRAY_CHARS.sub(lambda m: _stray(m.group()), text)
    kinds = sorted(set(found))
    listed = ", ".join(f"U+{ord(c):04X}" + (f" as '{_stray(c)}'" if _stray(c) else " dropped")
                       for c in kinds[:5]) + (", ..." if len(kinds) > 5 else "")
    return text, f"{len(found)} invisible control or private-use character(s) ({listed})"


# Control characters are counted in runs (a U+001A pair where a line break was is one run): a
# seed that is text holds at most one run per fifty characters, and a short one up to two (but
# never more than one per twenty characters: "عنوان\x01" is not text); they are dropped, and
# said. Binary data has far more. Real legacy text: U+001A in runs, up to one per 170
# characters (SaudiNewsNet, Al-Yaum, 2015), which a share of single characters (up to 1.2 %)
# made look like binary data.
_CHARS_PER_CONTROL_RUN = 50
_SHORT_TEXT_RUNS, _SHORT_TEXT_CHARS_PER_RUN = 2, 20


def _binary(runs: int, length: int) -> bool:
    """Whether `runs` runs of control characters in `length` characters make binary data."""
    allowed = max(length / _CHARS_PER_CONTROL_RUN,
                  min(_SHORT_TEXT_RUNS, length / _SHORT_TEXT_CHARS_PER_RUN))
    return runs > allowed


# Invalid bytes in a file otherwise UTF-8 are replaced when the file holds at least this many
# well-formed non-ASCII characters per invalid byte; Windows-1256 Arabic read as UTF-8 gives an
# invalid byte for almost every letter.
_UTF8_PER_BAD_BYTE = 10
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8 (surrogateescape)
_WELL_FORMED_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _legacy_plausible(text: str) -> bool:
    """Windows-1256 maps almost every byte to something, so a successful decode proves little.

    Real legacy Arabic text decodes to letters and punctuation; binary junk decodes to control
    characters and a scatter of unassigned symbols. Require few control characters and a
    majority of letters among the non-space characters.
    """
    visible = "".join(text.split())   # split() cuts at what isspace() calls space
    if not visible:
        return True
    letters = sum(map(str.isalpha, visible))
    return not _binary(_control_runs(text), len(text)) and letters / len(visible) >= 0.5


# A run of them with the spaces around it. Where it stands between a sentence's end and the
# next sentence's first letter on the same line ("الوطن. \x1a\x1aمن احتفالات"), it is what is
# left of a line break, and becomes one; between two other characters it becomes a space (two
# words are never glued together); next to white space or a line's end it is only dropped.
_BINARY_RUN = re.compile("[ \t]*[\x00-\x08\x0b\x0e-\x1f\x7f]+[ \t]*")
_SENTENCE_END = ".!?؟…"
_SENTENCE_START = "«\"“(["


def _drop_controls(text: str, encoding: str) -> tuple[str, str | None]:
    """(text without its C0 control characters and DEL, what was dropped or None); a text
    dense with runs of them is binary data (see _binary)."""
    found = _BINARY_CHARS.findall(text)
    if not found:
        return text, None
    runs = len(_BINARY_RUN.findall(text))
    if _binary(runs, len(text)):
        raise SeedDecodeError(
            f"is {encoding.upper()} but contains control characters ({len(found):,} of its"
            f" {len(text):,} characters, in {runs:,} runs): binary data, not text")
    breaks = 0

    def replace(match: re.Match) -> str:
        nonlocal breaks
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if (before and before in _SENTENCE_END
                and after and (after.isalpha() or after in _SENTENCE_START)):
            breaks += 1
            return "\n"
        spaces = _BINARY_CHARS.sub("", match.group())
        if spaces or not before or not after or before.isspace() or after.isspace():
            return spaces
        return " "

    counts = {char: found.count(char) for char in sorted(set(found))}
    listed = ", ".join(f"U+{ord(c):04X}" + (f" ×{n}" if n > 1 else "")
                       for c, n in list(counts.items())[:5]) + (", ..." if len(counts) > 5 else "")
    text = _BINARY_RUN.sub(replace, text)
    made = f", {breaks} run(s) between sentences made line breaks" if breaks else ""
    return text, f"{len(found)} control character(s) dropped ({listed}){made}"


def _utf8(data: bytes, offset: int = 0) -> tuple[str, str | None] | None:
    """(text, what was replaced or None) when `data` is UTF-8, allowing a few invalid bytes
    (each becomes U+FFFD); None when it is not UTF-8. `offset`: bytes before `data` in the
    file (a byte-order mark), for the position given."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first = exc.start + offset
    text = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(text))
    if len(_WELL_FORMED_NON_ASCII.findall(text)) < bad * _UTF8_PER_BAD_BYTE:
        return None
    return _ESCAPED.sub("\ufffd", text), (
        f"{bad} byte(s) that are not UTF-8 replaced by U+FFFD (the first at byte {first:,})")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decoded(text: str, encoding: str, *notes: str | None) -> DecodedSeed:
    """The decoded seed, its control characters dropped and stray characters mapped."""
    text, dropped = _drop_controls(text, encoding)
    text, stray = fix_stray_characters(text)
    fixed = "; ".join(note for note in (*notes, dropped, stray) if note) or None
    return DecodedSeed(normalise_newlines(text), encoding, fixed)


def decode_seed(data: bytes) -> DecodedSeed:
    """Decode seed bytes; raise SeedDecodeError with a reader-facing reason on failure."""
    if data.startswith(codecs.BOM_UTF8):
        bom = len(codecs.BOM_UTF8)
        utf8 = _utf8(data[bom:], offset=bom)
        if utf8 is None:
            raise SeedDecodeError("starts with a UTF-8 byte-order mark but is not UTF-8 text")
        return _decoded(utf8[0], "utf-8-sig", utf8[1])
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise SeedDecodeError(
                    f"starts with a {encoding.upper()} byte-order mark but byte"
                    f" {exc.start + len(bom)} is not valid {encoding.upper()}"
                ) from None
            return _decoded(text, encoding)

    if b"\x00" in data:  # not a stray: NUL is what binary files and BOM-less UTF-16 hold
        raise SeedDecodeError(
            "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark"
            " (save it as UTF-8)"
        )
    utf8 = _utf8(data)
    if utf8 is not None:
        return _decoded(utf8[0], "utf-8", utf8[1])
    text = data.decode("windows-1256")  # every byte maps to a character
    if not _legacy_plausible(text):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SeedDecodeError(
                f"is neither UTF-8 (invalid byte at offset {exc.start}) nor legacy Arabic"
                " Windows-1256 text"
            ) from None
    return _decoded(text, "windows-1256")
