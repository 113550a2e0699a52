"""Vector search at 100k chunks: Milvus Lite beside FAISS, through Frontline's VectorStore interface.

    python -m bench.milvus [--size 100000] [--queries 200] [--index DIR] [--segments 10]

Corpus vectors are derived from real passage embeddings (the normalised sum of two
passages' vectors plus Gaussian noise 0.3, as the main bench derives its 100k index);
query vectors are real questions of the evaluation sets, embedded by Frontline's model.
Passage vectors come from an existing index's SQLite store (`--index`, fast) or are
embedded from $FRONTLINE_EVAL_DIR's articles (default ../shared/eval).

Measured, with the same vectors and queries on each backend:
  - FAISS: the store a 100k segment gets (IVF, fp16, nprobe for recall@10 >= 0.95);
  - Milvus Lite, one segment (one collection filtered to its key, AUTOINDEX);
  - Milvus Lite, the same chunks in `--segments` segments searched in one filtered request
    (what a reader with unmerged segments does);
search p50 / p95 (ms, k=10), recall@10 against exact search, build/insert time, the load
average. Writes bench/milvus_results.json. Milvus Lite is embedded (one process, a .db
file); a Milvus server or cluster answers over the network and is not measured here.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "milvus_results.json"
SEED = 20220924


def passage_vectors(index: Path | None, eval_dir: Path, embedder) -> np.ndarray:  # noqa: ANN001
    if index is not None:
        store = sorted(index.glob("gen-*/index.sqlite"))[-1]
        conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
        rows = conn.execute("SELECT embedding FROM chunks WHERE removed_in IS NULL").fetchall()
        return np.stack([np.frombuffer(r[0], np.float32) for r in rows])
    texts = []
    for path in sorted(eval_dir.glob("*/articles.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.append(f"{record.get('title', '')}. {record['text'][:600]}")
    return embedder.encode_passages(texts)


def question_vectors(eval_dir: Path, embedder, count: int) -> np.ndarray:  # noqa: ANN001
    questions = []
    for path in sorted(eval_dir.glob("*/questions.jsonl")):
        questions += [json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    rng = np.random.default_rng(SEED)
    chosen = [questions[i] for i in rng.choice(len(questions), size=min(count, len(questions)), replace=False)]
    return embedder.encode_queries(chosen)


def derived(base: np.ndarray, size: int, noise: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    pairs = rng.integers(0, len(base), size=(size, 2))
    vectors = base[pairs[:, 0]] + base[pairs[:, 1]]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors += rng.normal(0, noise / np.sqrt(base.shape[1]), vectors.shape).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def timed_search(search, queries: np.ndarray, k: int = 10) -> tuple[list[float], list[np.ndarray]]:  # noqa: ANN001
    for query in queries[:10]:  # warm-up: caches, Milvus's first loads
        search(query, k)
    times, found = [], []
    for query in queries:
        start = time.perf_counter()
        found.append(search(query, k)[1])
        times.append(time.perf_counter() - start)
    return times, found


def summary(times: list[float], found: list[np.ndarray], truth: np.ndarray) -> dict:
    recall = np.mean([len(set(f.tolist()) & set(t.tolist())) / len(t) for f, t in zip(found, truth, strict=True)])
    return {
        "search_p50_ms": round(float(np.percentile(times, 50)) * 1000, 2),
        "search_p95_ms": round(float(np.percentile(times, 95)) * 1000, 2),
        "recall_at_10_vs_exact": round(float(recall), 4),
    }


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--segments", type=int, default=10)
    parser.add_argument("--index", type=Path, default=None, help="read passage vectors from this index")
    opts = parser.parse_args()
    eval_dir = Path(os.environ.get("FRONTLINE_EVAL_DIR", ROOT.parent / "shared" / "eval"))

    from index.embed.embedder import shared_embedder
    from index.store.vectors import milvus
    from index.store.vectors.faiss import FaissStore

    embedder = shared_embedder()
    base = passage_vectors(opts.index, eval_dir, embedder)
    queries = question_vectors(eval_dir, embedder, opts.queries)
    vectors = derived(base, opts.size)
    say(f"{len(base)} passage vectors, {len(queries)} questions, {opts.size} derived vectors")
    ids = np.arange(opts.size, dtype=np.int64)
    dim = vectors.shape[1]
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    results: dict = {
        "size": opts.size,
        "queries": len(queries),
        "vectors": "derived: normalised sum of two real passage vectors plus Gaussian noise (0.3); real questions",
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }

    start = time.perf_counter()
    store = FaissStore.from_arrays(dim, ids, vectors)
    faiss_build = time.perf_counter() - start
    times, found = timed_search(store.search, queries)
    say("faiss done")
    results["faiss"] = {"kind": store.kind, "build_s": round(faiss_build, 1), **summary(times, found, truth)}

    with tempfile.TemporaryDirectory(prefix="bench-milvus-") as work:
        milvus.configure(uri=str(Path(work) / "milvus.db"))
        collection = milvus.new_collection_name()
        start = time.perf_counter()
        one = milvus.MilvusStore.from_arrays(dim, ids, vectors, space=collection)
        (Path(work) / "one").mkdir()
        one.save(Path(work) / "one")
        insert_s = time.perf_counter() - start
        say(f"milvus: {opts.size} rows inserted in {insert_s:.1f} s")
        loaded = milvus.MilvusStore.load(Path(work) / "one")
        start = time.perf_counter()
        loaded.search(queries[0], 10)  # the first search waits for Milvus to index what was inserted
        first_s = time.perf_counter() - start
        say(f"milvus: first search {first_s:.1f} s")
        times, found = timed_search(loaded.search, queries)
        results["milvus_lite_one_segment"] = {
            "insert_s": round(insert_s, 1),
            "first_search_s": round(first_s, 2),
            **summary(times, found, truth),
        }
        say("milvus: one segment timed")
        parts = []
        for number, chunk in enumerate(np.array_split(np.arange(opts.size), opts.segments)):
            folder = Path(work) / f"seg-{number}"
            folder.mkdir()
            milvus.MilvusStore.from_arrays(dim, ids[chunk] + opts.size, vectors[chunk], space=collection).save(folder)
            parts.append((milvus.MilvusStore.load(folder), np.zeros(0, np.int64)))
        times, found = timed_search(lambda q, k: milvus.MilvusStore.search_units(parts, q, k), queries)
        found = [f - opts.size for f in found]
        results[f"milvus_lite_{opts.segments}_segments_one_request"] = summary(times, found, truth)
        milvus.close_clients()
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
