"""Bytes to text as a browser would read them, so no page is refused for its encoding.

Order: a byte-order mark; for HTML the charset the server declared (Content-Type) and then
the page's own `<meta charset>` / `http-equiv`; then UTF-8 when the bytes are UTF-8 (a few
stray bytes in otherwise UTF-8 text are replaced, not a reason to guess another encoding);
then detection (charset-normalizer) among the encodings the web uses, preferring
windows-1252 on a tie, as browsers do for Latin text; windows-1252 as the last resort.
Bytes the chosen encoding cannot map become U+FFFD and are counted, for the add summary.
Binary data (NUL bytes without a UTF-16 byte-order mark) is refused by the caller.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# The WHATWG encoding standard reads these labels as their supersets.
_ALIASES = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "l1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254", "latin5": "cp1254",
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "shift_jis": "cp932", "x-sjis": "cp932",
    "sjis": "cp932", "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "tis-620": "cp874",
    "iso-8859-11": "cp874", "x-user-defined": "cp1252", "utf8": "utf-8", "unicode": "utf-8", "utf-16": "utf-8",
}  # fmt: skip
# What detection may choose: encodings pages are written in, in order of preference on a tie.
_WEB = [
    "cp1252", "utf_8", "cp1250", "cp1251", "cp1254", "cp1253", "cp1257", "cp1255", "cp1256", "cp1258",
    "iso8859_15", "iso8859_2", "koi8_r", "koi8_u", "gb18030", "big5", "cp932", "euc_jp", "iso2022_jp",
    "cp949", "cp874", "iso8859_5", "iso8859_7",
]  # fmt: skip
_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's codec name
    how: str  # "bom", "header", "meta", "utf-8", "detected", "fallback"
    replaced: int = 0  # bytes that could not be read and became U+FFFD


def has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _BOMS)


def decode(data: bytes, *, html: bool, content_type: str = "") -> Decoded:
    """Decode `data`; never fails (unreadable bytes become U+FFFD and are counted)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _with(data[len(bom) :], encoding, "bom")
    if html:
        declared = _codec(_header_charset(content_type)), "header"
        if not declared[0]:
            declared = _codec(_meta_charset(data)), "meta"
        encoding, how = declared
        if encoding and not (encoding != "utf-8" and _is_utf8(data)):
            return _with(data, encoding, how)
    if _is_utf8(data) or _mostly_utf8(data):
        return _with(data, "utf-8", "utf-8")
    detected = _detect(data)
    return _with(data, detected or "cp1252", "detected" if detected else "fallback")


def _with(data: bytes, encoding: str, how: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    already = data.count("\ufffd".encode()) if encoding.startswith("utf") else 0  # U+FFFD written in the page
    return Decoded(text, encoding, how, max(text.count("\ufffd") - already, 0))


def _header_charset(content_type: str) -> str:
    found = _HEADER_CHARSET.search(content_type or "")
    return found.group(1) if found else ""


def _meta_charset(data: bytes) -> str:
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", errors="ignore") if found else ""


def _codec(label: str) -> str:
    """Python's codec for a declared charset label, "" when unknown (then the bytes decide)."""
    label = label.strip().lower()
    if not label:
        return ""
    label = _ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return ""
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name  # a page that reached us as bytes is no UTF-16


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes: most non-ASCII bytes form valid multi-byte sequences."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return good >= 2 and bad <= good // 4


def _detect(data: bytes) -> str:
    """The web encoding charset-normalizer finds most coherent (windows-1252 first on a tie); "" if none."""
    results = charset_normalizer.from_bytes(data[:200_000])
    scored: dict[str, tuple[float, float]] = {}
    for match in results:
        for name in match.could_be_from_charset:
            if name in _WEB and name not in scored:
                scored[name] = (match.chaos, match.coherence)
    if not scored:
        return ""
    least_chaos = min(chaos for chaos, _ in scored.values())
    calm = {name: coherence for name, (chaos, coherence) in scored.items() if chaos <= least_chaos + 0.02}
    best = max(calm.values())
    return next(name for name in _WEB if name in calm and calm[name] >= best - 0.005)
