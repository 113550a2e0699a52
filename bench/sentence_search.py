"""What sentence search adds to a question, by index size (index/store/sentences.py).

A question on an index with sentence vectors makes one more vector search (its `pool`
best sentences, over about 2.5 sentences a chunk) and reads the sentences of its ~300
candidate chunks to score each by its best one (`SentenceSearch.best`). Both are timed
here over stores of the kind the writer builds (exact below 50k vectors, IVF with fp16
above), on clustered random vectors of the model's size: the cost depends on the count,
not on what the vectors say.

    python -m bench.sentence_search [--chunks 2000 20000 100000] [--json FILE]   (1000000: ~6 min, 4 GB)
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from index.store.reader import SegmentVectors, SentenceSearch
from index.store.sentences import SentenceVectors, sentence_ids

DIM = 384
PER_CHUNK = 2.5  # answer sentences per chunk on the dev sets' and the bulk bench's articles
CANDIDATES = 300  # chunks a hybrid question scores (three channels' pools of 100, less overlap)
QUESTIONS = 200


def _vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    centres = rng.standard_normal((256, DIM)).astype(np.float32)
    vectors = centres[rng.integers(0, 256, n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def measure(chunks: int, seed: int = 0) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(PER_CHUNK - 1, chunks) + 1
    ids = sentence_ids(np.arange(1, chunks + 1), counts)
    started = time.perf_counter()
    stored = SentenceVectors._of(ids, _vectors(len(ids), rng), np.zeros(len(ids), np.float32), DIM)
    build = time.perf_counter() - started
    search = SentenceSearch.__new__(SentenceSearch)
    search.vectors = SegmentVectors([(stored.store, ids, ids[:0])], DIM, [stored.hubness])
    search.hubness = search.vectors.values
    queries = _vectors(QUESTIONS, rng)
    found, scored = [], []
    for query in queries:
        t = time.perf_counter()
        search.search(query, 100)
        found.append(time.perf_counter() - t)
        candidates = np.sort(rng.choice(np.arange(1, chunks + 1), min(CANDIDATES, chunks), replace=False))
        t = time.perf_counter()
        search.best(candidates, query, 0.5)
        scored.append(time.perf_counter() - t)
    return {
        "chunks": chunks,
        "sentences": len(ids),
        "kind": stored.store.kind,
        "build_s": round(build, 2),
        "search_p50_ms": round(float(np.median(found)) * 1000, 2),
        "best_p50_ms": round(float(np.median(scored)) * 1000, 2),
        "memory_mb": round(len(ids) * DIM * (2 if stored.store.kind == "ivf" else 4) / 2**20, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sentence_search", description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, nargs="+", default=[2_000, 20_000, 100_000])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    rows = [measure(n) for n in args.chunks]
    for row in rows:
        print(json.dumps(row))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
