"""One measurement per process (`python -m bench.worker TASK ARGS_JSON`), printing one JSON line.

Each task runs in a fresh interpreter so that memory figures are those of a process doing
only that job (ours never imports torch; the baseline never loads OpenVINO) and so that
one model's threads never compete with another's.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.common import (
    EVAL_SETS,
    Passage,
    derived_pairs,
    derived_vectors,
    dev_passages,
    dev_questions,
    folder_mb,
    latency_questions,
    percentile_ms,
    rss_mb,
    warmup_questions,
)
from index.store import db

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
LATENCY_QUESTIONS = 200
BASELINE_QUESTIONS = 100  # its p50 is stable with fewer; each costs a torch fp32 encode
PARTS_QUESTIONS = 50  # the per-stage breakdown, timed separately after the end-to-end run
WARMUP = 50  # questions asked first, not timed (see common.warmup_questions)


def _st_folder() -> str:
    from index.embed.offline_model import ensure_offline_model

    return str(ensure_offline_model())


# -- embedding throughput ---------------------------------------------------------------


def embed_ours(args: dict) -> dict:
    """Our embedder on the dev passages; saves passage and question vectors for later tasks."""
    from index.embed.embedder import Embedder

    root = Path(args["eval"])
    passages = dev_passages(root)
    embedder = Embedder(backend=args["backend"])
    embedder.encode_passages([p.text for p in passages[:32]])  # warm-up: first inference compiles kernels
    start = time.perf_counter()
    vectors = embedder.encode_passages([p.text for p in passages])
    seconds = time.perf_counter() - start
    out = Path(args["out"])
    np.save(out / f"passages-{embedder.backend}.npy", vectors)
    # Real question vectors for the approximate-search measurements (the latency sample).
    questions = latency_questions(dev_questions(root), LATENCY_QUESTIONS)
    np.save(out / f"questions-{embedder.backend}.npy", embedder.encode_queries(questions))
    return {
        "backend": embedder.backend,
        "passages": len(passages),
        "seconds": round(seconds, 2),
        "chunks_per_s": round(len(passages) / seconds, 1),
    }


def _langchain_embeddings():  # -> HuggingFaceEmbeddings
    import warnings

    warnings.filterwarnings("ignore")
    from langchain_community.embeddings import HuggingFaceEmbeddings

    # Defaults, plus normalised vectors (e5 is a cosine model); e5's "query: " / "passage: "
    # prefixes are added to the texts, as its model card asks.
    return HuggingFaceEmbeddings(
        model_name=_st_folder(), model_kwargs={"device": "cpu"}, encode_kwargs={"normalize_embeddings": True}
    )


def embed_baseline(args: dict) -> dict:
    """LangChain FAISS.from_texts with sentence-transformers fp32; then R@5 with similarity_search."""
    from langchain_community.vectorstores import FAISS

    root = Path(args["eval"])
    passages = dev_passages(root)
    embeddings = _langchain_embeddings()
    embeddings.embed_documents(["passage: " + p.text for p in passages[:32]])  # same warm-up as ours
    start = time.perf_counter()
    store = FAISS.from_texts(
        ["passage: " + p.text for p in passages], embeddings, metadatas=[{"id": p.id, "set": p.set} for p in passages]
    )
    seconds = time.perf_counter() - start
    result = {
        "passages": len(passages),
        "seconds": round(seconds, 2),
        "chunks_per_s": round(len(passages) / seconds, 1),
    }
    if args.get("quality"):
        result["r5"] = _baseline_recall(store, passages, root)
    return result


def _baseline_recall(store, passages: list[Passage], root: Path) -> dict[str, float]:
    from langchain_community.vectorstores import FAISS

    vectors = {p.id: store.index.reconstruct(i) for i, p in enumerate(passages)}
    out = {}
    for name in EVAL_SETS:
        own = [p for p in passages if p.set == name]  # each set searched over its own passages, like ours
        per_set = FAISS.from_embeddings(
            [("passage: " + p.text, vectors[p.id]) for p in own],
            store.embeddings,
            metadatas=[{"id": p.id} for p in own],
        )
        questions = [q for q in dev_questions(root) if q.set == name]
        hits = sum(
            q.expected_article_id in {d.metadata["id"] for d in per_set.similarity_search("query: " + q.question, k=5)}
            for q in questions
        )
        out[name] = round(100 * hits / len(questions), 2)
    return out


# -- indexes ------------------------------------------------------------------------------


class _DerivedEmbedder:
    """Gives the indexer precomputed vectors for known chunk texts (see bench.common.derived_vectors)."""

    def __init__(self, real, vectors: dict[str, np.ndarray]) -> None:
        self._real, self._vectors = real, vectors
        self.name, self.dim, self.max_tokens = real.name, real.dim, real.max_tokens
        self.token_length = real.token_length

    def encode_passages(self, texts, *, show_progress: bool = False) -> np.ndarray:
        # Chunks get their derived vectors; their sentences (few, shared by many chunks) are
        # embedded for real, once each.
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, self._real.encode_passages(missing), strict=True))
        return np.vstack([self._vectors[t] for t in texts])


def build_index(args: dict) -> dict:
    """An index of `size` synthetic chunks (two dev passages joined), through the real indexer."""
    from index.embed.embedder import Embedder
    from index.ingest.articles import Article
    from index.ingest.indexer import add_articles
    from index.ingest.loader import Loaded
    from index.store.folder import IndexDir

    passages = dev_passages(Path(args["eval"]))
    base = np.load(Path(args["work"]) / "passages-openvino.npy")
    size = int(args["size"])
    real = Embedder(backend="openvino")
    short = [i for i, p in enumerate(passages) if real.token_length(p.text) <= 60]  # joined pair = one chunk
    pairs = np.asarray([[short[a], short[b]] for a, b in derived_pairs(size, len(short))])
    texts = [f"{passages[a].text}\n{passages[b].text}" for a, b in pairs]
    if args.get("real_vectors"):
        vectors = real.encode_passages(texts)
    else:
        vectors = derived_vectors(base, pairs)
    lookup = dict(zip(texts, vectors, strict=True))
    items = [Loaded(f"bench-{i}", Article(text=t, id=f"bench-{i}", publisher="bench")) for i, t in enumerate(texts)]
    start = time.perf_counter()
    report = add_articles(IndexDir(Path(args["index"])), _DerivedEmbedder(real, lookup), items)
    folder = IndexDir(Path(args["index"])).require_current()
    from index.store.folder import Manifest
    from index.store.reader import Snapshot

    index_dir = IndexDir(Path(args["index"]))
    conn = index_dir.open_store(folder)
    manifest = Manifest.read(conn)
    conn.close()
    snapshot = Snapshot.open(index_dir)
    kind = snapshot.vectors.kind
    snapshot.close()
    return {
        "chunks": manifest.chunks,
        "vector_index": kind,
        "build_s": round(time.perf_counter() - start, 1),
        "failed": len(report.failed),
        "index_mb": folder_mb(folder),
        "vectors": "real (embedded by ours)"
        if args.get("real_vectors")
        else "derived: normalised sum of the two passages' real vectors",
    }


# -- query latency --------------------------------------------------------------------


def _timed(fn: Callable[[], object], repeat: list[float]) -> object:
    start = time.perf_counter()
    result = fn()
    repeat.append(time.perf_counter() - start)
    return result


def latency_ours(args: dict) -> dict:
    """service.ask end to end (encode, FAISS, BM25 channels, fusion, answer sentence), then its parts."""
    from index.config import Settings
    from index.search.answer import build_answer
    from index.search.retrieval import lexical_scores, query_vectors, retrieve
    from index.service import Frontline

    service = Frontline(Settings(_env_file=None, FRONTLINE_INDEX_DIR=args["index"]))
    dev = dev_questions(Path(args["eval"]))
    questions = latency_questions(dev, LATENCY_QUESTIONS)
    for q in warmup_questions(dev, questions, WARMUP):
        service.ask(q)
    total: list[float] = []
    for q in questions:
        _timed(lambda q=q: service.ask(q), total)
    rss = rss_mb()
    snapshot, embedder = service.snapshot(), service.embedder
    sentences = snapshot.sentence_encoder(embedder)
    # The stages service.ask runs, each timed on its own (ask overlaps encode and lexical).
    parts: dict[str, list[float]] = {"encode": [], "lexical": [], "search": [], "retrieve": [], "answer": []}
    for q in questions[:PARTS_QUESTIONS]:
        vector = _timed(lambda q=q: query_vectors(embedder, [q], service.fusion)[0], parts["encode"])
        lexical = _timed(lambda q=q: lexical_scores(snapshot, q, "hybrid", service.fusion), parts["lexical"])
        _timed(lambda v=vector: snapshot.vectors.search(v, service.fusion.pool), parts["search"])
        hits = _timed(
            lambda q=q, v=vector, lx=lexical: retrieve(snapshot, q, v, 5, "hybrid", service.fusion, lx),
            parts["retrieve"],
        )
        articles = db.articles_by_id(snapshot.conn, [h.chunk.article_id for h in hits])
        _timed(
            lambda q=q, v=vector, h=hits, a=articles: build_answer(q, v, h, a, sentences, service.answering),
            parts["answer"],
        )
    return {
        "questions": len(questions),
        "query_p50_ms": percentile_ms(total, 50),
        "query_p95_ms": percentile_ms(total, 95),
        "rss_mb": rss,
        "vector_index": snapshot.vectors.kind,
        "backend": embedder.backend,
        **{f"{name}_p50_ms": percentile_ms(values, 50) for name, values in parts.items()},
    }


def latency_baseline(args: dict) -> dict:
    """LangChain FAISS (defaults: flat L2) over the same chunks and vectors; similarity_search(k=5)."""
    import sqlite3

    from langchain_community.vectorstores import FAISS

    folder = Path(args["index"])
    current = folder / (folder / "CURRENT").read_text().strip()
    conn = sqlite3.connect(current / "index.sqlite")
    rows = conn.execute("SELECT id, text, embedding FROM chunks WHERE removed_in IS NULL ORDER BY id").fetchall()
    pairs = [("passage: " + text, np.frombuffer(blob, dtype=np.float32).tolist()) for _, text, blob in rows]
    store = FAISS.from_embeddings(pairs, _langchain_embeddings(), metadatas=[{"chunk": r[0]} for r in rows])
    del pairs, rows
    dev = dev_questions(Path(args["eval"]))
    questions = latency_questions(dev, LATENCY_QUESTIONS)[:BASELINE_QUESTIONS]
    for q in warmup_questions(dev, questions, WARMUP):
        store.similarity_search("query: " + q, k=5)
    total: list[float] = []
    for q in questions:
        _timed(lambda q=q: store.similarity_search("query: " + q, k=5), total)
    return {
        "questions": len(questions),
        "query_p50_ms": percentile_ms(total, 50),
        "query_p95_ms": percentile_ms(total, 95),
        "rss_mb": rss_mb(),
    }


# -- approximate search at scale --------------------------------------------------------


def ann(args: dict) -> dict:
    """Our vector index at `size` derived vectors: search p50 with real question vectors, recall@10 vs exact."""
    import faiss

    from index.store.vectors.faiss import FaissStore

    work = Path(args["work"])
    base = np.load(work / "passages-openvino.npy")
    queries = np.load(work / "questions-openvino.npy")
    size = int(args["size"])
    vectors = derived_vectors(base, derived_pairs(size, len(base)), noise=0.3)
    ids = np.arange(size, dtype=np.int64)
    start = time.perf_counter()
    index = FaissStore.from_arrays(base.shape[1], ids, vectors)
    build_s = time.perf_counter() - start
    times: list[float] = []
    found = [_timed(lambda q=q: index.search(q, 10)[1], times) for q in queries]
    exact = faiss.IndexFlatIP(base.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    recall = np.mean([len(set(f.tolist()) & set(t.tolist())) / 10 for f, t in zip(found, truth, strict=True)])
    return {
        "size": size,
        "vector_index": index.kind,
        "build_s": round(build_s, 1),
        "search_p50_ms": percentile_ms(times, 50),
        "search_p95_ms": percentile_ms(times, 95),
        "recall_at_10_vs_exact": round(float(recall), 4),
        "vectors": "derived: normalised sum of two dev passages' real vectors plus Gaussian noise (0.3)",
    }


# -- retrieval quality ----------------------------------------------------------------


def quality(args: dict) -> dict:
    """R@5 of hybrid retrieval on each dev set, indexed by us with the given backend."""
    from index.config import Settings
    from index.search.retrieval import retrieve
    from index.service import Frontline

    root = Path(args["eval"])
    out = {}
    for name in EVAL_SETS:
        folder = Path(args["work"]) / f"dev-{name}-{args['backend']}"
        shutil.rmtree(folder, ignore_errors=True)
        settings = Settings(_env_file=None, FRONTLINE_INDEX_DIR=folder, FRONTLINE_EMBED_BACKEND=args["backend"])
        service = Frontline(settings)
        service.add(service.load([str(root / name / "articles.jsonl")]))
        snapshot = service.snapshot()
        questions = [q for q in dev_questions(root) if q.set == name]
        vectors = service.embedder.encode_queries([q.question for q in questions])
        hits = sum(
            q.expected_article_id
            in {h.chunk.article_id for h in retrieve(snapshot, q.question, v, 5, "hybrid", service.fusion)}
            for q, v in zip(questions, vectors, strict=True)
        )
        out[name] = round(100 * hits / len(questions), 2)
    return {"backend": args["backend"], "r5": out}


TASKS: dict[str, Callable[[dict], dict]] = {
    "embed-ours": embed_ours,
    "embed-baseline": embed_baseline,
    "build-index": build_index,
    "latency-ours": latency_ours,
    "latency-baseline": latency_baseline,
    "ann": ann,
    "quality": quality,
}

if __name__ == "__main__":
    task, raw = sys.argv[1], sys.argv[2]
    print(json.dumps(TASKS[task](json.loads(raw))))
