"""The embedding side of an index write: a batch of chunks and, by mode, their answer sentences.

An answer picks its sentence by the cosine of each candidate sentence (of the passages a
question cites) to the question, so every answer sentence needs a vector. Three ways to make it
(FRONTLINE_SENTENCE_VECTORS, recorded by each index):

- `"lazy"` (the default): the write embeds only the chunks; the answer step embeds the
  sentences of the passages a question cites when it first needs them, and keeps them in
  memory (index/store/reader.py `StoredSentences`). Embedding every sentence at write time cost
  as much model time as the chunks themselves (on the bulk bench 206k sentence tokens beside
  231k passage tokens), for vectors of which a question reads a dozen.
- `"direct"`: the write embeds them too, in one length-sorted call with the chunks, only the
  sentences an answer can use (`is_answer_sentence`, the filter `best_sentences` applies),
  each distinct one once, none the index already stores. The vectors are the ones
  `encode_passages` gives sentence by sentence, as lazy makes them, and each segment also keeps
  its chunks' ones for retrieval to search (index/store/sentences.py): so a direct index stays
  direct, and `index repair` turns a lazy one into one.
- `"pooled"` derives them from the chunks' own forward pass (e5 mean-pools its last hidden
  states; the same pooling over one sentence's tokens gives the sentence as its chunk reads
  it). Those vectors are not the ones of a sentence embedded alone (cosine 0.94-0.97 on average
  on the eval sets' short chunks, 0.89 on the sample article's long ones), so the abstention
  decision (index/search/abstain.py) has weights for them, and an index that records pooled
  keeps it for every later add. In chunks of several sentences pooled sentences read more alike,
  and on the sample article fewer questions get a confident answer (README, Quality).

An index records its mode at creation (`SENTENCE_MODE_KEY` in its meta table) and keeps it for
every later write; one without the record was built before it and holds direct vectors.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from index.embed.embedder import Embedder
from index.text.sentences import is_answer_sentence, split_sentences

SentenceMode = Literal["lazy", "direct", "pooled"]
SENTENCE_MODES: tuple[SentenceMode, ...] = ("lazy", "direct", "pooled")
SENTENCE_MODE_KEY = "sentence_vectors"  # the index's meta row naming its SentenceMode


def recorded_sentence_mode(conn: sqlite3.Connection) -> SentenceMode | None:
    """The sentence-vector mode an index's store records, or None when it records none."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (SENTENCE_MODE_KEY,)).fetchone()
    return next((mode for mode in SENTENCE_MODES if row is not None and row[0] == mode), None)


def sentence_mode(conn: sqlite3.Connection) -> SentenceMode:
    """How an index's sentence vectors are made; one that records nothing predates pooling: "direct"."""
    return recorded_sentence_mode(conn) or "direct"


@dataclass(frozen=True)
class ChunkVectors:
    """Vectors for a batch of chunks and for the answer sentences in them."""

    chunk_vectors: np.ndarray  # (len(passages), dim), row i for passages[i], as encode_passages gives it
    sentences: list[str]  # distinct answer sentences not stored yet, in order of first appearance
    sentence_vectors: np.ndarray  # (len(sentences), dim), L2-normalised, row j for sentences[j]


def answer_sentences(chunk_text: str) -> list[str]:
    """The sentences of a chunk an answer may pick, which are the ones that need a stored vector."""
    return [s.text for s in split_sentences(chunk_text) if is_answer_sentence(s.text)]


def encode_chunks_and_sentences(
    embedder: Embedder,
    passages: Sequence[str],
    chunk_texts: Sequence[str],
    *,
    stored: Callable[[list[str]], Collection[str]] | None = None,
    sentences: SentenceMode = "direct",
    per_chunk: Sequence[list[str]] | None = None,
) -> ChunkVectors:
    """Embed `passages` and the answer sentences of `chunk_texts` that `stored` does not already hold.

    `passages[i]` is what chunk i is embedded as and `chunk_texts[i]` the chunk itself, which
    the passage holds (as `passage_text(title, chunk)` does, after the title). `stored` gets the
    batch's distinct answer sentences and returns those the index already has a vector for.
    """
    if len(passages) != len(chunk_texts):
        raise ValueError(f"{len(passages)} passages but {len(chunk_texts)} chunk texts")
    if sentences == "lazy":  # the answer step embeds them when a question first cites their passage
        return ChunkVectors(embedder.encode_passages(passages), [], np.zeros((0, embedder.dim), dtype=np.float32))
    if per_chunk is None:  # the caller may have split them already (`answer_sentences` of each chunk)
        per_chunk = [answer_sentences(chunk) for chunk in chunk_texts]
    wanted = list(dict.fromkeys(text for texts in per_chunk for text in texts))
    if stored is not None and wanted:
        known = set(stored(wanted))
        wanted = [text for text in wanted if text not in known]
    if sentences == "pooled":
        return _pooled(embedder, passages, chunk_texts, wanted)
    # A sentence that is a whole passage (a one-sentence chunk without a title) is embedded once.
    passage_row = {passage: row for row, passage in enumerate(passages)}
    alone = [text for text in wanted if text not in passage_row]
    both = embedder.encode_passages([*passages, *alone])
    chunk_vectors, alone_vectors = both[: len(passages)], both[len(passages) :]
    if len(alone) == len(wanted):
        return ChunkVectors(chunk_vectors, wanted, alone_vectors)
    alone_row = {text: row for row, text in enumerate(alone)}
    rows = [alone_row[t] if t in alone_row else len(alone) + passage_row[t] for t in wanted]
    return ChunkVectors(chunk_vectors, wanted, np.concatenate([alone_vectors, chunk_vectors])[rows])


def _pooled(embedder: Embedder, passages: Sequence[str], chunk_texts: Sequence[str], wanted: list[str]) -> ChunkVectors:
    """Sentence vectors pooled from the chunks' forward pass; a sentence in several chunks gets their mean."""
    row_of = {text: row for row, text in enumerate(wanted)}
    spans: list[list[tuple[int, int]]] = []
    rows: list[list[int]] = []
    for passage, chunk in zip(passages, chunk_texts, strict=True):
        offset = len(passage) - len(chunk) if passage.endswith(chunk) else passage.find(chunk)
        found = [(offset + s.start, offset + s.end, row_of[s.text]) for s in split_sentences(chunk) if s.text in row_of]
        found = found if offset >= 0 else []  # a chunk its passage does not hold: its sentences are embedded alone
        spans.append([(start, end) for start, end, _ in found])
        rows.append([row for _, _, row in found])
    chunk_vectors, pooled = embedder.encode_passage_spans(passages, spans)
    sums = np.zeros((len(wanted), embedder.dim), dtype=np.float32)
    for text_rows, vectors in zip(rows, pooled, strict=True):
        np.add.at(sums, text_rows, vectors)
    missing = np.flatnonzero(~sums.any(axis=1))  # never inside the model's window (or no passage holds it)
    if len(missing):
        sums[missing] = embedder.encode_passages([wanted[i] for i in missing])
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return ChunkVectors(chunk_vectors, wanted, sums / np.maximum(norms, 1e-12))
