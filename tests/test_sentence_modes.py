"""Answer-sentence vectors embedded at the first question that cites them ("lazy", the default),
at write time ("direct"), or pooled from the chunk's pass ("pooled").

An index records its mode at creation; a pooled one keeps it, and the answer step uses the
abstention weights fitted for that mode (index/embed/bulk.py, index/search/abstain.py).
"""

from __future__ import annotations

import shutil
import weakref
from pathlib import Path

import numpy as np
import pytest

from index.embed.bulk import SENTENCE_MODE_KEY, recorded_sentence_mode, sentence_mode
from index.search import abstain
from index.store import db, reader
from index.store.sentences import chunk_of

from .conftest import SAMPLE

FINLAND = "how many people crossed into Finland?"
OTHER = (
    "Title: Floods in the north\n\n"
    "Heavy rain flooded several villages in the north on Monday. "
    "Some 450 residents were evacuated after the river burst its banks.\n"
)


def _other_article(folder: Path) -> str:
    path = folder / "floods.txt"
    path.write_text(OTHER, encoding="utf-8")
    return str(path)


def _sample_index(tmp_path_factory, embedder, mode: str) -> Path:
    """The sample article indexed with sentence vectors made the `mode` way, built once and never modified."""
    from index.service import Frontline

    from .conftest import make_settings

    folder = tmp_path_factory.mktemp(mode) / "index"
    service = Frontline(make_settings(folder, FRONTLINE_SENTENCE_VECTORS=mode), embedder=embedder)
    report = service.add(service.load([str(SAMPLE)]))
    assert report.added and not report.failed
    return folder


@pytest.fixture(scope="module")
def pooled_index(tmp_path_factory, embedder) -> Path:
    return _sample_index(tmp_path_factory, embedder, "pooled")


@pytest.fixture(scope="module")
def direct_index(tmp_path_factory, embedder) -> Path:
    """Its sentence vectors embedded at write time (the sample index, the default, makes them at questions)."""
    return _sample_index(tmp_path_factory, embedder, "direct")


def _sentence_vectors(service) -> dict[str, np.ndarray]:
    conn = service.snapshot().conn
    return {
        key: np.frombuffer(blob, np.float32)
        for key, blob in conn.execute("SELECT key, embedding FROM sentence_vectors")
    }


def test_pooled_vectors_are_close_to_the_sentences_embedded_alone(pooled_index, direct_index, service_factory):
    pooled, direct = service_factory(pooled_index), service_factory(direct_index)
    assert sentence_mode(pooled.snapshot().conn) == "pooled"
    assert sentence_mode(direct.snapshot().conn) == "direct"
    got, want = _sentence_vectors(pooled), _sentence_vectors(direct)
    assert set(got) == set(want) and len(got) >= 10  # the same sentences, one vector each
    keys = sorted(got)
    cosines = np.array([float(got[k] @ want[k]) for k in keys])
    np.testing.assert_allclose([np.linalg.norm(got[k]) for k in keys], 1.0, atol=1e-5)
    # Measured on the sample: mean 0.89, min 0.85 (0.94 / 0.97 mean on the eval sets' articles).
    assert cosines.mean() > 0.85 and cosines.min() > 0.8, cosines


def test_ask_on_a_pooled_index_cites_and_points_at_the_answer(pooled_index, service_factory):
    answer = service_factory(pooled_index).ask(FINLAND, k=3)
    assert answer.found
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in answer.closest
    assert "17.000" in answer.citations[0].passage
    # Not asserted: a confident answer. With the pooled weights this question lands "low"
    # (index/search/abstain.py, POOLED_CALIBRATION), which is why pooled is not the default.
    assert answer.confidence in ("high", "low")


def test_the_answer_step_uses_the_weights_of_the_index_mode(pooled_index, sample_index, service_factory, monkeypatch):
    never = abstain.Calibration(
        abstain.CALIBRATION.mean, abstain.CALIBRATION.scale, abstain.CALIBRATION.weights, -30.0, 0.9, 0.5
    )
    monkeypatch.setattr(abstain, "POOLED_CALIBRATION", never)
    assert not service_factory(pooled_index).ask(FINLAND, k=3).found
    assert service_factory(sample_index).ask(FINLAND, k=3).found  # lazy: the direct weights


def test_an_index_keeps_the_mode_it_records(pooled_index, tmp_path, service_factory):
    copy = tmp_path / "index"
    shutil.copytree(pooled_index, copy)
    service = service_factory(copy, FRONTLINE_SENTENCE_VECTORS="direct")
    report = service.add(service.load([_other_article(tmp_path)]))
    assert report.added
    assert sentence_mode(service.snapshot().conn) == "pooled"


def test_an_index_from_before_the_record_is_direct(direct_index, tmp_path, service_factory):
    copy = tmp_path / "index"
    shutil.copytree(direct_index, copy)
    service = service_factory(copy, FRONTLINE_SENTENCE_VECTORS="pooled")
    store = db.connect(service.index_dir.current() / "index.sqlite")
    with store:
        store.execute("DELETE FROM meta WHERE key = ?", (SENTENCE_MODE_KEY,))
    store.close()
    assert recorded_sentence_mode(service.snapshot().conn) is None
    assert sentence_mode(service.snapshot().conn) == "direct"
    report = service.add(service.load([_other_article(tmp_path)]))
    assert report.added
    # It holds directly embedded vectors already: later adds go on with those.
    assert recorded_sentence_mode(service.snapshot().conn) == "direct"


QUESTIONS = [
    FINLAND,
    "How many Russian cities saw demonstrations against mobilisation?",
    "Berapa orang yang ditahan dalam protes?",
    "Скільки людей перетнули кордон з Фінляндією?",
]


def test_a_lazy_index_stores_no_sentence_vector_and_answers_as_a_direct_one(
    sample_index, direct_index, service_factory, embedder
):
    lazy, direct = service_factory(sample_index), service_factory(direct_index)
    assert recorded_sentence_mode(lazy.snapshot().conn) == "lazy"  # the default
    assert _sentence_vectors(lazy) == {} and len(_sentence_vectors(direct)) >= 10
    for question in QUESTIONS:
        got, want = lazy.ask(question, k=3), direct.ask(question, k=3)
        assert (got.found, got.confidence, got.answer, got.closest) == (
            want.found,
            want.confidence,
            want.answer,
            want.closest,
        )
        assert [c.article_id for c in got.citations] == [c.article_id for c in want.citations]
    # The vectors made at the question are the ones the write would have stored.
    stored = _sentence_vectors(direct)
    recent = reader.recent_vectors(embedder)
    shared = [key for key in stored if recent.get([key])]
    assert len(shared) >= 5
    for key in shared:
        assert float(recent.get([key])[key] @ stored[key]) > 0.999


def test_a_lazy_answer_embeds_each_cited_sentence_once(sample_index, service_factory, embedder, monkeypatch):
    service = service_factory(sample_index)
    monkeypatch.setattr(reader, "_RECENT", weakref.WeakKeyDictionary())  # a process that answered nothing yet
    embedded: list[str] = []
    encode = embedder.encode_passages

    def counting(texts, **kwargs):
        embedded.extend(texts)
        return encode(texts, **kwargs)

    monkeypatch.setattr(embedder, "encode_passages", counting)
    first = service.ask(FINLAND, k=3)
    assert first.found and 0 < len(embedded) <= 40  # the sentences of the cited passages, not the index's
    assert len(embedded) == len(set(embedded))
    embedded.clear()
    assert service.ask(FINLAND, k=3).answer == first.answer
    assert embedded == []  # the next question citing them reads them from memory


def test_recent_vectors_keep_the_last_ones():
    recent = reader.RecentVectors(size=3)
    recent.put({key: np.full(2, n, np.float32) for n, key in enumerate("abcd")})
    assert len(recent) == 3 and set(recent.get(list("abcd"))) == {"b", "c", "d"}
    recent.get(["b"])  # used: kept over c
    recent.put({"e": np.zeros(2, np.float32)})
    assert set(recent.get(list("bcde"))) == {"b", "d", "e"}


def test_a_direct_index_stays_direct(direct_index, tmp_path, service_factory):
    """Its segments' sentence vectors are searched: a write asked to be lazy still embeds the new ones."""
    copy = tmp_path / "index"
    shutil.copytree(direct_index, copy)
    service = service_factory(copy)  # the default: lazy
    before = _sentence_vectors(service)
    report = service.add(service.load([_other_article(tmp_path)]))
    assert report.added
    assert len(_sentence_vectors(service).keys() - before.keys()) == 2  # the floods report's two sentences
    assert recorded_sentence_mode(service.snapshot().conn) == "direct"
    snapshot = service.snapshot()
    rows = snapshot.conn.execute("SELECT id FROM chunks WHERE text LIKE '%450 residents%' AND removed_in IS NULL")
    new_chunks = {row[0] for row in rows}
    assert snapshot.sentences is not None
    assert new_chunks and new_chunks <= set(chunk_of(snapshot.sentences.vectors.chunk_ids).tolist())
    answer = service.ask("How many residents were evacuated after the floods?", k=3)
    assert answer.found and "450 residents" in (answer.closest or "")


def test_a_lazy_index_stays_lazy(sample_index, tmp_path, service_factory):
    copy = tmp_path / "index"
    shutil.copytree(sample_index, copy)
    service = service_factory(copy, FRONTLINE_SENTENCE_VECTORS="direct")
    assert service.add(service.load([_other_article(tmp_path)])).added
    assert recorded_sentence_mode(service.snapshot().conn) == "lazy"
    assert _sentence_vectors(service) == {} and service.snapshot().sentences is None


def test_repair_rebuilds_a_lazy_index_with_the_mode_set(sample_index, tmp_path, service_factory):
    copy = tmp_path / "index"
    shutil.copytree(sample_index, copy)
    service = service_factory(copy, FRONTLINE_SENTENCE_VECTORS="direct")
    assert service.snapshot().sentences is None
    service.repair()
    assert recorded_sentence_mode(service.snapshot().conn) == "direct"
    assert service.snapshot().sentences is not None and len(service.snapshot().sentences) >= 10
