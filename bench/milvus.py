"""Vector search at 100k chunks: Milvus Lite beside FAISS, through Frontline's VectorStore interface.

    python -m bench.milvus [--size 100000] [--queries 200] [--segments 10] [--index DIR | --vectors DIR]
                           [--index-types FLAT,IVF_FLAT,HNSW,AUTOINDEX] [--eval DATA_DIR] [--out FILE]

Corpus vectors are derived from real passage embeddings (the normalised sum of two
passages' vectors plus Gaussian noise 0.3, as the main bench derives its 100k index);
query vectors are real questions of the evaluation sets, embedded by Frontline's model.
Passage vectors come from the main bench's cache (`--vectors bench/.work`: its
passages-openvino.npy and questions-openvino.npy, the very vectors of its `ann` task),
from an existing index's SQLite store (`--index`), or are embedded from
$FRONTLINE_EVAL_DIR's articles (default ../shared/eval).

Measured, with the same vectors and queries on each backend:
  - FAISS: the store a 100k segment gets (IVF, fp16, nprobe for recall@10 >= 0.95);
  - Milvus Lite, one segment (one collection filtered to its key), once per vector index
    type of `--index-types` (default: the one new collections get, milvus.VECTOR_INDEX);
  - Milvus Lite, the same chunks in `--segments` segments searched in one filtered request
    (what a reader with unmerged segments does; 0 leaves it out), default index type;
search p50 / p95 (ms, k=10), recall@10 against exact search, insert time, the load average.
`--eval DATA_DIR` (the indexes `make eval` builds, data/eval) adds, per index type, how
often a question's 100 dense candidates (retrieval's pool) come back as FAISS returns them
on each evaluation set's own chunk vectors, and the dense R@5 (expected article among the
first five articles) of both: an index type that changes neither cannot move an eval figure.
Writes bench/milvus_results.json (or --out). Milvus Lite is embedded (one process, a .db
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
POOL = 100  # dense candidates retrieval takes (index/search/retrieval.py, Params.pool)


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


def milvus_store(work: Path, name: str, ids: np.ndarray, vectors: np.ndarray, collection: str):  # noqa: ANN201
    """A saved Milvus segment over `vectors` in `collection` (made with milvus.VECTOR_INDEX), loaded again."""
    from index.store.vectors import milvus

    folder = work / name
    folder.mkdir()
    milvus.MilvusStore.from_arrays(vectors.shape[1], ids, vectors, space=collection).save(folder)
    return milvus.MilvusStore.load(folder)


def indexed(collection: str, timeout_s: float = 600.0) -> float:
    """Wait until Milvus has indexed every row of `collection`; returns the seconds waited.

    Milvus builds the index after a flush, in the background, and searches the rows not
    indexed yet by brute force meanwhile: timing then would measure the build, not the index.
    """
    from index.store.vectors import milvus

    assert milvus._configured is not None
    client = milvus.client(milvus._configured)
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        state = client.describe_index(collection, "vector")
        if state.get("pending_index_rows", 0) == 0 and state.get("indexed_rows", 0) >= state.get("total_rows", 0):
            break
        time.sleep(0.5)
    return round(time.perf_counter() - start, 1)


def measure(vectors: np.ndarray, queries: np.ndarray, *, segments: int, index_types: list[str]) -> dict:
    """FAISS and Milvus Lite (each index type; `segments` segments in one request) on the same vectors."""
    from index.store.vectors import milvus
    from index.store.vectors.faiss import FaissStore

    size, dim = vectors.shape
    ids = np.arange(size, dtype=np.int64)
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    results: dict = {}
    start = time.perf_counter()
    store = FaissStore.from_arrays(dim, ids, vectors)
    faiss_build = time.perf_counter() - start
    times, found = timed_search(store.search, queries)
    say("faiss done")
    results["faiss"] = {"kind": store.kind, "build_s": round(faiss_build, 1), **summary(times, found, truth)}
    default = milvus.VECTOR_INDEX
    with tempfile.TemporaryDirectory(prefix="bench-milvus-") as tmp:
        work = Path(tmp)
        milvus.configure(uri=str(work / "milvus.db"))
        try:
            for kind in index_types:
                milvus.VECTOR_INDEX = kind
                start = time.perf_counter()
                collection = milvus.new_collection_name()
                loaded = milvus_store(work, kind, ids, vectors, collection)
                insert_s = time.perf_counter() - start
                index_wait_s = indexed(collection)
                start = time.perf_counter()
                loaded.search(queries[0], 10)  # the first search waits for Milvus to index what was inserted
                first_s = time.perf_counter() - start
                times, found = timed_search(loaded.search, queries)
                results[f"milvus_lite_one_segment_{kind}"] = {
                    "insert_s": round(insert_s, 1),
                    "index_wait_s": index_wait_s,
                    "first_search_s": round(first_s, 2),
                    **summary(times, found, truth),
                }
                say(f"milvus {kind}: {results[f'milvus_lite_one_segment_{kind}']}")
            milvus.VECTOR_INDEX = default
            if segments:
                collection = milvus.new_collection_name()
                parts = []
                for number, chunk in enumerate(np.array_split(np.arange(size), segments)):
                    part = milvus_store(work, f"seg-{number}", ids[chunk], vectors[chunk], collection)
                    parts.append((part, np.zeros(0, np.int64)))
                indexed(collection)
                times, found = timed_search(lambda q, k: milvus.MilvusStore.search_units(parts, q, k), queries)
                results[f"milvus_lite_{segments}_segments_one_request_{default}"] = summary(times, found, truth)
        finally:
            milvus.VECTOR_INDEX = default
            milvus.close_clients()
            milvus.configure()
    return results


def eval_sets(data_dir: Path, eval_dir: Path) -> list[tuple[str, np.ndarray, np.ndarray, list[str], list[str]]]:
    """(name, chunk ids, their vectors, their article ids, the expected article of each question) per set."""
    found = []
    for questions in sorted(eval_dir.glob("*/questions.jsonl")):
        name = questions.parent.name
        stores = sorted((data_dir / name).glob("gen-*/index.sqlite"))
        if not stores:
            continue
        conn = sqlite3.connect(f"file:{stores[-1]}?mode=ro", uri=True)
        rows = conn.execute(
            "SELECT c.id, c.embedding, a.id FROM chunks c JOIN articles a ON a.row_id = c.article_row "
            "WHERE c.removed_in IS NULL ORDER BY c.id"
        ).fetchall()
        conn.close()
        ids = np.asarray([r[0] for r in rows], np.int64)
        vectors = np.stack([np.frombuffer(r[1], np.float32) for r in rows])
        asked = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
        asked = [q for q in asked if q.get("expected_article_id")]
        found.append((name, ids, vectors, [r[2] for r in rows], asked))
    return found


def canonical(scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Hits in the order a reader ranks them (index/store/reader.py): score, then id on equal scores."""
    return ids[np.lexsort((ids, -scores))]


def dense_r5(ranked: list[np.ndarray], article_of: dict[int, str], expected: list[str]) -> float:
    hits = 0
    for ids, want in zip(ranked, expected, strict=True):
        articles: list[str] = []
        for chunk_id in ids.tolist():
            if article_of[chunk_id] not in articles:
                articles.append(article_of[chunk_id])
            if len(articles) == 5:
                break
        hits += want in articles
    return round(hits / max(len(expected), 1), 4)


def measure_eval(data_dir: Path, eval_dir: Path, embedder, index_types: list[str]) -> dict:  # noqa: ANN001
    """Per evaluation set and index type: top-100 dense candidates as FAISS's, and dense R@5 of both."""
    from index.store.vectors import milvus
    from index.store.vectors.faiss import FaissStore

    results: dict = {}
    default = milvus.VECTOR_INDEX
    for name, ids, vectors, articles, asked in eval_sets(data_dir, eval_dir):
        queries = embedder.encode_queries([q["question"] for q in asked])
        expected = [q["expected_article_id"] for q in asked]
        article_of = dict(zip(ids.tolist(), articles, strict=True))
        faiss_store = FaissStore.from_arrays(vectors.shape[1], ids, vectors)  # the store the eval index has
        reference = [canonical(*faiss_store.search(q, POOL)) for q in queries]
        row: dict = {
            "chunks": len(ids),
            "questions": len(asked),
            "faiss_dense_r5": dense_r5(reference, article_of, expected),
        }
        with tempfile.TemporaryDirectory(prefix="bench-milvus-eval-") as tmp:
            milvus.configure(uri=str(Path(tmp) / "milvus.db"))
            try:
                for kind in index_types:
                    milvus.VECTOR_INDEX = kind
                    collection = milvus.new_collection_name()
                    store = milvus_store(Path(tmp), kind, ids, vectors, collection)
                    indexed(collection)
                    ranked = [canonical(*store.search(q, POOL)) for q in queries]
                    row[kind] = {
                        "same_ranked_top100": round(
                            float(np.mean([np.array_equal(a, b) for a, b in zip(ranked, reference, strict=True)])), 4
                        ),
                        "same_set_top100": round(
                            float(
                                np.mean(
                                    [set(a.tolist()) == set(b.tolist()) for a, b in zip(ranked, reference, strict=True)]
                                )
                            ),
                            4,
                        ),
                        "dense_r5": dense_r5(ranked, article_of, expected),
                    }
                    say(f"eval {name} {kind}: {row[kind]}")
            finally:
                milvus.VECTOR_INDEX = default
                milvus.close_clients()
                milvus.configure()
        results[name] = row
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--segments", type=int, default=10)
    parser.add_argument("--index", type=Path, default=None, help="read passage vectors from this index")
    parser.add_argument("--vectors", type=Path, default=None, help="the main bench's cached vectors (bench/.work)")
    parser.add_argument("--index-types", default="", help="Milvus vector index types, comma-separated")
    parser.add_argument("--eval", type=Path, default=None, help="the eval indexes (data/eval): agreement per type")
    parser.add_argument("--out", type=Path, default=OUT)
    opts = parser.parse_args()
    eval_dir = Path(os.environ.get("FRONTLINE_EVAL_DIR", ROOT.parent / "shared" / "eval"))

    from index.store.vectors import milvus

    index_types = [t.strip() for t in opts.index_types.split(",") if t.strip()] or [milvus.VECTOR_INDEX]
    unknown = [t for t in index_types if t not in milvus.VECTOR_INDEXES]
    if unknown:
        raise SystemExit(f"unknown index types {unknown}; known: {sorted(milvus.VECTOR_INDEXES)}")
    embedder = None
    if opts.vectors is not None:
        from bench.common import derived_pairs, derived_vectors

        base = np.load(opts.vectors / "passages-openvino.npy")
        queries = np.load(opts.vectors / "questions-openvino.npy")[: opts.queries]
        vectors = derived_vectors(base, derived_pairs(opts.size, len(base)), noise=0.3)
        origin = "the main bench's: derived_vectors(passages-openvino.npy, noise 0.3), its questions"
    else:
        from index.embed.embedder import shared_embedder

        embedder = shared_embedder()
        base = passage_vectors(opts.index, eval_dir, embedder)
        queries = question_vectors(eval_dir, embedder, opts.queries)
        vectors = derived(base, opts.size)
        origin = "derived: normalised sum of two real passage vectors plus Gaussian noise (0.3); real questions"
    say(f"{len(base)} passage vectors, {len(queries)} questions, {opts.size} derived vectors")
    results: dict = {
        "size": opts.size,
        "queries": len(queries),
        "vectors": origin,
        "default_index_type": milvus.VECTOR_INDEX,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    results.update(measure(vectors, queries, segments=opts.segments, index_types=index_types))
    if opts.eval is not None:
        if embedder is None:
            from index.embed.embedder import shared_embedder

            embedder = shared_embedder()
        results["eval_dense_candidates"] = measure_eval(opts.eval, eval_dir, embedder, index_types)
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    opts.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
