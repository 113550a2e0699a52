"""Hybrid retrieval: dense (FAISS) and lexical (BM25 channels) fused, a few passages per article."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from index import store
from index.embedder import Embedder
from index.reader import Snapshot

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")
_QUESTION_END = re.compile(r"[?？؟]\W*$")


@dataclass(frozen=True)
class FusionParams:
    pool: int = 100  # candidates taken from each channel
    # Lexical scores are in [0, 1] (share of the question matched). Weights chosen on the
    # FacQA and Warline dev sets; see `frontline eval`.
    word_weight: float = 0.2
    gram_weight: float = 0.05
    # In hybrid mode these channels contribute IDF-weighted coverage instead of BM25.
    coverage_channels: tuple[str, ...] = ("words",)
    # Share of the question's "passage: " embedding in the query vector (see query_vectors).
    statement_share: float = 0.3
    per_article: int = 2


def query_vectors(embedder: Embedder, questions: Sequence[str], params: FusionParams = FusionParams()) -> np.ndarray:
    """Query vectors that serve questions and statements alike.

    e5's "query: " prompt is trained for questions asked of passages; a statement or a
    headline ("Russia announces special military operation") is matched better as a
    passage against passages. Text that does not end in a question mark may be either,
    so its vector blends the two encodings (+5 R@5 on Warline headlines; FacQA R@1 the
    same with or without the blend, seed questions keep their passages).
    """
    vectors = embedder.encode_queries(questions)
    share = params.statement_share
    statements = [i for i, q in enumerate(questions) if not _QUESTION_END.search(q)]
    if share > 0 and statements:
        passages = embedder.encode_passages([questions[i] for i in statements])
        blend = (1 - share) * vectors[statements] + share * passages
        vectors[statements] = blend / np.linalg.norm(blend, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors, dtype=np.float32)


@dataclass
class Hit:
    chunk: store.StoredChunk
    score: float
    dense: float
    lexical: dict[str, float] = field(default_factory=dict)


def retrieve(
    snapshot: Snapshot,
    question: str,
    query_vector: np.ndarray | None,
    k: int,
    mode: Mode = "hybrid",
    params: FusionParams = FusionParams(),
) -> list[Hit]:
    candidates: dict[int, float] = {}  # chunk id -> dense score (NaN until known)
    if mode != "bm25" and query_vector is not None:
        scores, ids = snapshot.vectors.search(query_vector, params.pool)
        candidates.update(zip(ids.tolist(), scores.tolist(), strict=True))

    lexical: dict[str, dict[int, float]] = {}
    channels = ["words"] if mode == "bm25" else (list(snapshot.channels) if mode == "hybrid" else [])
    for name in channels:
        channel = snapshot.channels[name]
        use_coverage = mode == "hybrid" and name in params.coverage_channels
        scores = channel.coverage(question) if use_coverage else channel.scores(question)
        top = _top_positions(scores, params.pool)
        chunk_scores = {int(channel.chunk_ids[p]): float(scores[p]) for p in top if scores[p] > 0}
        lexical[name] = chunk_scores
        for chunk_id in chunk_scores:
            candidates.setdefault(chunk_id, float("nan"))
        # Dense-only candidates still need their lexical score in this channel.
        for chunk_id in candidates:
            if chunk_id not in chunk_scores:
                position = _position(channel.chunk_ids, chunk_id)
                if position is not None and scores[position] > 0:
                    chunk_scores[chunk_id] = float(scores[position])

    if not candidates:
        return []
    missing = np.asarray([c for c, s in candidates.items() if np.isnan(s)], dtype=np.int64)
    if len(missing) and query_vector is not None:
        for chunk_id, score in zip(
            missing.tolist(), (snapshot.vectors.vectors_for(missing) @ query_vector).tolist(), strict=True
        ):
            candidates[chunk_id] = score

    weights = {"words": params.word_weight, "grams": params.gram_weight}
    scored: list[tuple[float, int, float, dict[str, float]]] = []
    for chunk_id, dense in candidates.items():
        lex = {name: lexical[name].get(chunk_id, 0.0) for name in lexical}
        if mode == "bm25":
            score = lex.get("words", 0.0)
        elif mode == "dense":
            score = dense
        else:
            score = dense + sum(weights.get(name, 0.0) * value for name, value in lex.items())
        scored.append((score, chunk_id, 0.0 if np.isnan(dense) else dense, lex))
    scored.sort(key=lambda row: (-row[0], row[1]))

    chunks = store.chunks_by_id(snapshot.conn, [row[1] for row in scored[: max(k * 8, 50)]])
    per_article: dict[str, int] = {}
    hits: list[Hit] = []
    for score, chunk_id, dense, lex in scored:
        chunk = chunks.get(chunk_id)
        if chunk is None:
            continue
        if per_article.get(chunk.article_id, 0) >= params.per_article:
            continue
        per_article[chunk.article_id] = per_article.get(chunk.article_id, 0) + 1
        hits.append(Hit(chunk, score, dense, lex))
        if len(hits) == k:
            break
    return hits


def _top_positions(scores: np.ndarray, n: int) -> np.ndarray:
    if len(scores) <= n:
        return np.argsort(-scores)
    top = np.argpartition(-scores, n)[:n]
    return top[np.argsort(-scores[top])]


def _position(chunk_ids: np.ndarray, chunk_id: int) -> int | None:
    # chunk_ids are written in id order, so a binary search finds a chunk's position.
    position = int(np.searchsorted(chunk_ids, chunk_id))
    return position if position < len(chunk_ids) and chunk_ids[position] == chunk_id else None
