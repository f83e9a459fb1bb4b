"""Seed bytes in every encoding scraped Arabic news arrives in, and the ones we must refuse."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from akhbar.text.decoding import SeedDecodeError, decode_seed

TEXT = "لافروف يدعو كيري للتأثير على فصائل المعارضة في سورية\n\n14 ديسمبر 2016\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1256"), "windows-1256"),
    ],
)
def test_supported_encodings_decode_to_the_same_text(data, encoding):
    decoded = decode_seed(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_become_lf(newline):
    assert decode_seed(TEXT.replace("\n", newline).encode("utf-8")).text == TEXT


def test_windows_1256_with_crlf():
    assert decode_seed(TEXT.replace("\n", "\r\n").encode("cp1256")).text == TEXT


def test_binary_data_is_refused_with_a_reason():
    with pytest.raises(SeedDecodeError, match="NUL bytes"):
        decode_seed(bytes(range(256)))


def test_utf16_without_bom_is_refused():
    with pytest.raises(SeedDecodeError, match="UTF-16 without a byte-order mark"):
        decode_seed(TEXT.encode("utf-16-le"))


def test_high_bytes_that_are_not_text_are_refused():
    junk = bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x01, 0x02, 0x03] * 20)
    with pytest.raises(SeedDecodeError, match="neither UTF-8"):
        decode_seed(junk)


def test_legacy_text_holding_a_control_character_is_refused():
    """Windows-1256 decodes every byte to some character, so a seed that is not UTF-8 is taken
    as legacy text only without control characters (Unicode's Cc but tab, line feed, carriage
    return and form feed, and Cs, Co): each of the 256 bytes in such a seed."""
    allowed = {"\t", "\n", "\r", "\f"}
    text = TEXT.encode("cp1256")
    for byte in range(256):
        char = bytes([byte]).decode("cp1256")
        refused = char not in allowed and unicodedata.category(char) in ("Cc", "Cs", "Co")
        try:
            encoding = decode_seed(text + bytes([byte]) + text).encoding
        except SeedDecodeError:
            encoding = None
        assert encoding == (None if refused else "windows-1256"), hex(byte)


def test_broken_utf16_after_a_bom_is_refused():
    with pytest.raises(SeedDecodeError, match="byte-order mark"):
        decode_seed(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
