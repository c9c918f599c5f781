"""Bytes to text in the charsets Japanese and Western mail really uses, declared or not.

Japanese mail often declares a charset narrower than what it contains (ISO-2022-JP with
Windows' NEC and IBM extensions such as ① or ㈱, Shift_JIS with the same), declares
none, or declares a wrong one. Decoding tries the declared charset's wider relatives
first, then sniffs, and as a last resort replaces what it cannot read and says so.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

# Python has no codec for Windows' ISO-2022-JP (CP50221); this name stands for
# re-encoding the JIS bytes as Shift_JIS and decoding them as CP932.
WINDOWS_ISO2022 = "madoguchi-cp50221"
_ISO2022 = ("iso2022_jp", WINDOWS_ISO2022, "iso2022_jp_2004", "iso2022_jp_ext", "iso2022_jp_2")
_SJIS = ("cp932", "shift_jis_2004")
_EUC = ("euc_jp", "euc_jis_2004")

# Declared names (lower case) and the codecs tried for them, narrowest first.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "iso-2022-jp": _ISO2022,
    "iso-2022-jp-2": ("iso2022_jp_2", *_ISO2022),
    "iso-2022-jp-3": ("iso2022_jp_3", *_ISO2022),
    "csiso2022jp": _ISO2022,
    "shift_jis": _SJIS,
    "shift-jis": _SJIS,
    "sjis": _SJIS,
    "x-sjis": _SJIS,
    "ms_kanji": _SJIS,
    "windows-31j": _SJIS,
    "cp932": _SJIS,
    "ms932": _SJIS,
    "euc-jp": _EUC,
    "x-euc-jp": _EUC,
    "eucjp": _EUC,
}
_ASCII_NAMES = frozenset({"us-ascii", "ascii", "unknown-8bit", "x-unknown", ""})
# Tried when nothing (or nothing usable) is declared: most mail today is UTF-8; an
# undeclared Japanese message is Shift_JIS (Windows) or EUC-JP (old Unix) far more often
# than anything else.
_SNIFF_8BIT = ("utf-8", "cp932", "euc_jp")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text and, when decoding was not clean, a defect saying why."""

    text: str
    defect: str | None = None


def decode(data: bytes, declared: str | None) -> Decoded:
    """``data`` as text, trying the declared charset, its family, then sniffing.

    Never raises: undecodable bytes become U+FFFD and the result carries a defect.
    """
    name = (declared or "").strip().strip('"').lower()
    if data.isascii() and b"\x1b" not in data:
        return Decoded(data.decode("ascii"))
    candidates, defect = _candidates(name, data)
    for codec in candidates:
        try:
            return Decoded(_decode_with(data, codec), defect)
        except (ValueError, LookupError):
            continue
    fallback = next((c for c in candidates if c != WINDOWS_ISO2022), "utf-8")
    return Decoded(data.decode(fallback, "replace"), f"undecodable text in charset {name or '?'}")


def _decode_with(data: bytes, codec: str) -> str:
    """``data`` decoded by ``codec``; raises ValueError (or LookupError) when it cannot be."""
    if codec == WINDOWS_ISO2022:
        return _iso2022_as_shift_jis(data).decode("cp932")
    return data.decode(codec)


_SHIFTS = {
    b"\x1b(B": "ascii", b"\x1b(J": "ascii", b"\x1b(I": "kana",
    b"\x1b$@": "jis", b"\x1b$B": "jis",
}  # fmt: skip


def _iso2022_as_shift_jis(data: bytes) -> bytes:
    """ISO-2022-JP bytes re-encoded as Shift_JIS, extension rows included."""
    out = bytearray()
    mode, index = "ascii", 0
    while index < len(data):
        if data[index] == 0x1B:
            escape = next((e for e in _SHIFTS if data.startswith(e, index)), None)
            if escape is None:
                raise ValueError("unknown ISO-2022-JP escape sequence")
            mode, index = _SHIFTS[escape], index + len(escape)
        elif mode == "jis" and data[index] > 0x20:
            out += _jis_pair_as_shift_jis(data[index], data[index + 1 : index + 2])
            index += 2
        else:
            out.append(data[index] + 0x80 if mode == "kana" and data[index] > 0x20 else data[index])
            index += 1
    return bytes(out)


def _jis_pair_as_shift_jis(first: int, rest: bytes) -> bytes:
    if not rest or not (0x21 <= first <= 0x7E and 0x21 <= rest[0] <= 0x7E):
        raise ValueError("invalid JIS X 0208 byte pair")
    second = rest[0]
    # The standard JIS X 0208 to Shift_JIS arithmetic (odd rows map to the low half).
    low = second + 0x1F + (second >= 0x60) if first % 2 else second + 0x7E
    high = (first + 1) // 2 + 0x70
    return bytes((high + 0x40 if high >= 0xA0 else high, low))


def _candidates(name: str, data: bytes) -> tuple[tuple[str, ...], str | None]:
    """The codecs to try, in order, and a defect when the declared name is unknown."""
    sniffed = _sniff(data)
    if name in _ASCII_NAMES:
        return sniffed, None
    family = _FAMILIES.get(name)
    if family is not None:
        return tuple(dict.fromkeys((*family, *sniffed))), None
    if _known(name):
        return (name, *sniffed), None
    return sniffed, f"unknown charset {name}"


def _sniff(data: bytes) -> tuple[str, ...]:
    # ISO-2022-JP is 7-bit and shifts with ESC sequences; its escape is a strong sign.
    # An 8-bit charset would "decode" the escapes as control characters: no use trying.
    if b"\x1b$" in data or b"\x1b(" in data:
        return _ISO2022
    return _SNIFF_8BIT


def _known(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
