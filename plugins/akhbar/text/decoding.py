"""Bytes of a seed file -> text, or a precise reason why not.

Scraped Arabic news arrives as UTF-8 (with or without a BOM), UTF-16 with a BOM, or the legacy
Windows-1256 code page, with LF, CRLF or bare CR line ends. We decode strictly and in that order:
a wrong guess must be an error the user can see, never mojibake published as an article.
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


def _control_chars(text: str) -> int:
    return len(_CONTROL_CHARS.findall(text))


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


def _legacy_plausible(text: str) -> bool:
    """Windows-1256 maps almost every byte to something, so a successful decode proves little.

    Real legacy Arabic text decodes to letters and punctuation; binary junk decodes to control
    characters and a scatter of unassigned symbols. Require almost no control characters and a
    majority of letters among the non-space characters.
    """
    visible = "".join(text.split())   # split() cuts at what isspace() calls space
    if not visible:
        return True
    letters = sum(map(str.isalpha, visible))
    return _control_chars(text) == 0 and letters / len(visible) >= 0.5


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_seed(data: bytes) -> DecodedSeed:
    """Decode seed bytes; raise SeedDecodeError with a reader-facing reason on failure."""
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data[len(codecs.BOM_UTF8) :]
    elif data.startswith(codecs.BOM_UTF16_LE):
        encoding, body = "utf-16-le", data[len(codecs.BOM_UTF16_LE) :]
    elif data.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16-be", data[len(codecs.BOM_UTF16_BE) :]
    else:
        encoding, body = None, data

    if encoding is not None:
        try:
            text = body.decode(encoding.replace("-sig", ""))
        except UnicodeDecodeError as exc:
            raise SeedDecodeError(
                f"starts with a {encoding.upper()} byte-order mark but byte {exc.start + 2}"
                f" is not valid {encoding.upper()}"
            ) from None
        if _BINARY_CHARS.search(text):
            raise SeedDecodeError(f"decodes as {encoding.upper()} but contains binary data")
        text, fixed = fix_stray_characters(text)
        return DecodedSeed(normalise_newlines(text), encoding, fixed)

    if b"\x00" in data:
        raise SeedDecodeError(
            "contains NUL bytes: a binary file, or UTF-16 without a byte-order mark"
            " (save it as UTF-8)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("windows-1256")
        except UnicodeDecodeError:
            text = None
        if text is None or not _legacy_plausible(text):
            raise SeedDecodeError(
                f"is neither UTF-8 (invalid byte at offset {utf8_error.start}) nor"
                " legacy Arabic Windows-1256 text"
            ) from None
        return DecodedSeed(normalise_newlines(text), "windows-1256")
    if _BINARY_CHARS.search(text):
        raise SeedDecodeError("is UTF-8 but contains control characters (binary data?)")
    text, fixed = fix_stray_characters(text)
    return DecodedSeed(normalise_newlines(text), "utf-8", fixed)
