"""Hubness (CSLS) on real FAISS indexes: measured per chunk, written with each generation, used by fusion."""

import json

import numpy as np
import pytest

from index.search.retrieval import FusionParams, query_vectors, retrieve
from index.store.hubness import Hubness
from index.store.vectors import VectorIndex


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def clustered():
    """Five tight clusters of 20 vectors, plus one 'hub' between all of them."""
    rng = np.random.default_rng(7)
    centres = _unit(rng.normal(size=(5, 32)))
    members = _unit(np.repeat(centres, 20, axis=0) + 0.3 * rng.normal(size=(100, 32)))
    hub = _unit(centres.sum(axis=0, keepdims=True))
    vectors = np.vstack([members, hub])
    ids = np.arange(1000, 1000 + len(vectors), dtype=np.int64)
    return VectorIndex.from_arrays(32, ids, vectors), ids, vectors


def test_values_are_mean_cosine_to_the_nearest_other_chunks(clustered):
    index, ids, vectors = clustered
    hubness = Hubness.compute(index, neighbours=3)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)  # a chunk is not its own neighbour
    expected = np.sort(similarity, axis=1)[:, -3:].mean(axis=1)
    np.testing.assert_allclose(hubness.at(ids), expected, atol=1e-5)
    assert hubness.at(np.asarray([5, ids[0]]))[0] == 0.0  # unknown ids count as no hubness


def test_sampled_neighbours_keep_the_order(clustered):
    index, ids, _ = clustered
    exact = Hubness.compute(index, neighbours=3)
    sampled = Hubness.compute(index, neighbours=3, sample=40)
    assert sampled.values.shape == exact.values.shape
    assert np.corrcoef(exact.values, sampled.values)[0, 1] > 0.5
    assert (sampled.values <= exact.values + 1e-5).all()  # fewer candidates, never closer neighbours


def test_tiny_indexes(clustered):
    _, ids, vectors = clustered
    one = VectorIndex.from_arrays(32, ids[:1], vectors[:1])
    assert Hubness.compute(one).values.tolist() == [0.0]
    two = Hubness.compute(VectorIndex.from_arrays(32, ids[:2], vectors[:2]))
    assert two.values[0] == pytest.approx(float(vectors[0] @ vectors[1]), abs=1e-5)


def test_each_generation_has_hubness_and_fusion_subtracts_half_of_it(tmp_path, service_factory):
    records = [
        {"id": "generic", "text": "Наслідки російської агресії в Києві!", "lang": "uk"},
        {"id": "kharkiv", "text": "Під Харковом загинув високопоставлений російський військовий.", "lang": "uk"},
        {"id": "grain", "text": "Ціни на зерно зросли після удару по порту в Одесі.", "lang": "uk"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    service = service_factory(tmp_path / "index")
    assert not service.add(service.load([str(path)])).failed
    snapshot = service.snapshot()
    assert (snapshot.folder / "hubness.npz").exists() and snapshot.hubness is not None
    assert len(snapshot.hubness.values) == snapshot.manifest.chunks

    question = "A senior Russian officer was killed near Kharkiv"
    vector = query_vectors(service.embedder, [question], service.fusion)[0]
    corrected = {h.chunk.id: h for h in retrieve(snapshot, question, vector, 3, "hybrid", service.fusion)}
    plain = {h.chunk.id: h for h in retrieve(snapshot, question, vector, 3, "hybrid", FusionParams(hub_weight=0))}
    for chunk_id, hit in corrected.items():
        shift = plain[chunk_id].score - hit.score
        assert shift == pytest.approx(0.5 * float(snapshot.hubness.at(np.asarray([chunk_id]))[0]), abs=1e-5)
        assert hit.dense == plain[chunk_id].dense  # citations keep the plain cosine

    # An index written before hubness existed still answers, without the correction.
    (snapshot.folder / "hubness.npz").unlink()
    old = service_factory(tmp_path / "index").snapshot()
    assert old.hubness is None
    assert retrieve(old, question, vector, 3, "hybrid", service.fusion)
