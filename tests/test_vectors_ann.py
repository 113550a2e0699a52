"""The approximate (IVF) vector index: recall against exact search, persistence, removal, growth."""

from __future__ import annotations

import numpy as np
import pytest

from index.store.vectors import faiss as vectors
from index.store.vectors.faiss import FaissStore

DIM = 64


def _clustered(rng: np.random.Generator, n: int, centers: np.ndarray) -> np.ndarray:
    # Text embeddings cluster by topic; uniform random vectors would be an unrealistic worst case.
    x = centers[rng.integers(0, len(centers), n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    centers = rng.standard_normal((200, DIM)).astype(np.float32)
    base = _clustered(rng, 20_000, centers)
    queries = _clustered(rng, 100, centers)
    ids = np.arange(len(base), dtype=np.int64) * 2 + 5  # sparse ids, like chunk rows after removals
    return ids, base, queries


def _recall_at_10(index: FaissStore, exact: FaissStore, queries: np.ndarray) -> float:
    hits = 0
    for q in queries:
        hits += len(set(index.search(q, 10)[1].tolist()) & set(exact.search(q, 10)[1].tolist()))
    return hits / (10 * len(queries))


def test_kind_is_chosen_by_size():
    assert vectors.kind_for(1_000) == "flat"
    assert vectors.kind_for(vectors.FLAT_MAX) == "ivf"
    assert vectors.nlist_for(100_000) == 1024 and vectors.nlist_for(1_000_000) == 4096
    assert vectors.nprobe_for(4096, 1_000_000) == 123  # ~30k of 1M vectors compared per query


def test_ivf_recall_and_round_trip(data, tmp_path, monkeypatch):
    monkeypatch.setattr(vectors, "FLAT_MAX", 5_000)  # 20k vectors stay IVF when saved
    monkeypatch.setattr(vectors, "_SCAN_BUDGET", 3_000)  # visit a fraction of the cells, as at 1M
    ids, base, queries = data
    ivf = FaissStore.from_arrays(DIM, ids, base, kind="ivf")
    assert ivf._index.nprobe < ivf._index.nlist // 4
    exact = FaissStore.from_arrays(DIM, ids, base, kind="flat")
    assert ivf.kind == "ivf" and exact.kind == "flat"
    assert _recall_at_10(ivf, exact, queries) >= 0.95

    ivf.save(tmp_path)
    loaded = FaissStore.load(tmp_path)
    assert loaded.kind == "ivf" and len(loaded) == len(ids)
    np.testing.assert_array_equal(loaded.ids(), ids)
    np.testing.assert_allclose(loaded.vectors_for(ids[[0, 17, -1]]), base[[0, 17, -1]], atol=1e-3)  # fp16
    np.testing.assert_array_equal(loaded.search(queries[0], 10)[1], ivf.search(queries[0], 10)[1])


def test_ivf_removal_by_id(data):
    ids, base, _ = data
    ivf = FaissStore.from_arrays(DIM, ids, base, kind="ivf")
    gone = ids[:50].tolist()
    assert ivf.remove(gone) == 50
    assert len(ivf) == len(ids) - 50
    assert not set(gone) & set(ivf.ids().tolist())
    assert not set(gone) & set(ivf.search(base[0], 20)[1].tolist())


def test_save_switches_kind_when_the_index_outgrows_it(data, tmp_path, monkeypatch):
    ids, base, queries = data
    index = FaissStore.empty(DIM)
    index.add(ids[:1000], base[:1000])
    monkeypatch.setattr(vectors, "FLAT_MAX", 5_000)
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    index.save(tmp_path / "small")
    assert index.kind == "flat"
    index.add(ids[1000:], base[1000:])
    index.save(tmp_path / "large")
    assert index.kind == "ivf" and FaissStore.load(tmp_path / "large").kind == "ivf"
    np.testing.assert_array_equal(index.ids(), ids)
    exact = FaissStore.from_arrays(DIM, ids, base, kind="flat")
    assert _recall_at_10(index, exact, queries) >= 0.95
