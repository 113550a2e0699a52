"""Sentence boundaries, with offsets, in text of any language we index."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? … (plus closing quotes/brackets) followed by space and a
# capital, digit or quote, or at a paragraph break. "17.000" and "U.S. officials" stay whole.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[\w])|\n+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z](?:\.[A-Z])*|\bNo|\bNr|\bdr|\bJl|\bSt)\.$")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        candidate = text[start : match.start()].rstrip()
        next_char = text[match.end() : match.end() + 1]
        if match.group().strip() == "" and "\n" not in match.group():
            # Don't split after an abbreviation or before a lower-case continuation.
            if _ABBREVIATION.search(candidate) or next_char.islower():
                continue
        _append(sentences, text, start, match.start())
        start = match.end()
    _append(sentences, text, start, len(text))
    return sentences


def _append(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + piece.index(stripped)
        sentences.append(Sentence(stripped, offset, offset + len(stripped)))
