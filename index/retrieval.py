"""Hybrid retrieval: dense (FAISS) and lexical (BM25 channels) fused, a few passages per article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from index import store
from index.analysis import is_question
from index.embedder import Embedder
from index.idmap import values_at
from index.reader import Snapshot

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")


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
    # Weight of a passage's hubness subtracted from its cosine (CSLS's 1/2; see index/hubness.py).
    hub_weight: float = 0.5
    per_article: int = 2


def query_vectors(embedder: Embedder, questions: Sequence[str], params: FusionParams = FusionParams()) -> np.ndarray:
    """Query vectors that serve questions and statements alike.

    e5's "query: " prompt is trained for questions asked of passages; a statement or a
    headline ("Russia announces special military operation") is matched better as a
    passage against passages. Text that does not read as a question (`is_question`) may
    be either, so its vector blends the two encodings (+5 R@5 on Warline headlines;
    seed questions keep their passages).
    """
    share = params.statement_share
    statements = [i for i, q in enumerate(questions) if not is_question(q)] if share > 0 else []
    vectors, passages = embedder.encode_mixed(questions, [questions[i] for i in statements])
    if statements:
        blend = (1 - share) * vectors[statements] + share * passages
        vectors[statements] = blend / np.linalg.norm(blend, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors, dtype=np.float32)


@dataclass
class Hit:
    chunk: store.StoredChunk
    score: float
    dense: float
    lexical: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LexicalScores:
    """Each lexical channel's score for every chunk, and its best chunks (the channel's candidates)."""

    scores: dict[str, tuple[np.ndarray, np.ndarray]]  # channel -> (chunk ids, scores aligned with them)
    candidates: list[np.ndarray]


def lexical_scores(
    snapshot: Snapshot, question: str, mode: Mode = "hybrid", params: FusionParams = FusionParams()
) -> LexicalScores:
    """The lexical half of retrieval; it needs no query vector, so it can run while the model encodes."""
    names = ["words"] if mode == "bm25" else (list(snapshot.channels) if mode == "hybrid" else [])
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    candidates: list[np.ndarray] = []
    for name in names:
        channel = snapshot.channels[name]
        use_coverage = mode == "hybrid" and name in params.coverage_channels
        values = channel.coverage(question) if use_coverage else channel.scores(question)
        scores[name] = (channel.chunk_ids, values)
        candidates.append(channel.chunk_ids[_top_positions(values, params.pool)])
    return LexicalScores(scores, candidates)


def retrieve(
    snapshot: Snapshot,
    question: str,
    query_vector: np.ndarray | None,
    k: int,
    mode: Mode = "hybrid",
    params: FusionParams = FusionParams(),
    lexical_part: LexicalScores | None = None,
) -> list[Hit]:
    """The `k` best passages, at most `params.per_article` from one article.

    `lexical_part` is `lexical_scores(snapshot, question, mode, params)` when the caller
    computed it already.
    """
    if lexical_part is None:
        lexical_part = lexical_scores(snapshot, question, mode, params)
    pools = list(lexical_part.candidates)
    dense_ids = np.zeros(0, np.int64)
    dense_scores = np.zeros(0, np.float32)
    if mode != "bm25" and query_vector is not None:
        dense_scores, dense_ids = snapshot.vectors.search(query_vector, params.pool)
        pools.append(dense_ids)

    candidates = np.unique(np.concatenate(pools)) if pools else np.zeros(0, np.int64)
    if not len(candidates):
        return []
    dense = _dense_scores(snapshot, candidates, dense_ids, dense_scores, query_vector)
    # Every candidate gets its score in every channel, whichever channel proposed it.
    lexical = {name: values_at(ids, values, candidates) for name, (ids, values) in lexical_part.scores.items()}
    if mode == "bm25":
        fused = lexical["words"]
    elif mode == "dense":
        fused = np.nan_to_num(dense, nan=-np.inf)
    else:
        weights = {"words": params.word_weight, "grams": params.gram_weight}
        fused = np.nan_to_num(dense)
        if snapshot.hubness is not None and params.hub_weight:
            fused = fused - params.hub_weight * snapshot.hubness.at(candidates)
        for name, values in lexical.items():
            fused = fused + weights.get(name, 0.0) * values
    order = np.lexsort((candidates, -fused))  # best first; ties by chunk id

    shortlist = candidates[order[: max(k * 8, 50)]]
    chunks = store.chunks_by_id(snapshot.conn, shortlist.tolist())
    per_article: dict[str, int] = {}
    hits: list[Hit] = []
    for row in order.tolist():
        chunk = chunks.get(int(candidates[row]))
        if chunk is None:
            continue
        if per_article.get(chunk.article_id, 0) >= params.per_article:
            continue
        per_article[chunk.article_id] = per_article.get(chunk.article_id, 0) + 1
        lex = {name: float(values[row]) for name, values in lexical.items()}
        hits.append(Hit(chunk, float(fused[row]), float(np.nan_to_num(dense[row])), lex))
        if len(hits) == k:
            break
    return hits


def _dense_scores(
    snapshot: Snapshot,
    candidates: np.ndarray,
    found_ids: np.ndarray,
    found_scores: np.ndarray,
    query_vector: np.ndarray | None,
) -> np.ndarray:
    """Cosine of each candidate to the query: from the search where it was found, else from its stored vector."""
    dense = np.full(len(candidates), np.nan, dtype=np.float32)
    if query_vector is None:
        return dense
    positions = np.searchsorted(candidates, found_ids)
    dense[positions] = found_scores
    missing = np.flatnonzero(np.isnan(dense))
    if len(missing):
        dense[missing] = snapshot.vectors.vectors_for(candidates[missing]) @ query_vector
    return dense


def _top_positions(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the `n` best positive scores, best first."""
    positive = np.flatnonzero(scores > 0)  # usually a small share of the corpus
    if len(positive) > n:
        positive = positive[np.argpartition(-scores[positive], n)[:n]]
    return positive[np.argsort(-scores[positive], kind="stable")]
