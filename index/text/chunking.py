"""Split article text into sentence-aware chunks that fit the embedding model's window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

# Paragraphs, then lines, then sentence ends, then clauses: a chunk breaks at the
# largest unit that lets it fit. The look-behind keeps the punctuation with its sentence.
_SEPARATORS = ["\n\n", "\n", r"(?<=[.!?…])\s+", r"(?<=[;:])\s+", r"(?<=,)\s+", r"\s+", ""]


@dataclass(frozen=True)
class Chunk:
    text: str
    start: int  # character offsets into the article text
    end: int


def make_splitter(
    token_length: Callable[[str], int], chunk_tokens: int, overlap_tokens: int
) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        separators=_SEPARATORS,
        is_separator_regex=True,
        keep_separator="end",
        chunk_size=chunk_tokens,
        chunk_overlap=overlap_tokens,
        length_function=token_length,
        strip_whitespace=True,
    )


def chunk_text(text: str, splitter: RecursiveCharacterTextSplitter) -> list[Chunk]:
    chunks: list[Chunk] = []
    cursor = 0
    for piece in splitter.split_text(text):
        # Pieces are verbatim substrings in order; overlap means one may start before
        # the previous one ends, so search from just after the previous start.
        start = text.find(piece, cursor)
        if start < 0:
            start = text.find(piece)
        if start < 0:  # the splitter normalised whitespace; keep the text, approximate the span
            start = cursor
        chunks.append(Chunk(piece, start, start + len(piece)))
        cursor = start + 1
    return chunks


def passage_text(title: str, chunk: str) -> str:
    """What gets embedded and matched: the chunk under its article's title, for context."""
    return f"{title}\n{chunk}" if title else chunk
