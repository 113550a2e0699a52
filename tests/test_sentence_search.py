"""Sentence vectors searched beside chunks (index/store/sentences.py, index/search/retrieval.py).

The sample article's chunks hold several facts each; asked in English about one of them,
the chunk's own vector ranks below other articles', its sentence's does not. The index is
the sample among the test corpora (English, Ukrainian and Indonesian war reports), written
with sentence vectors (FRONTLINE_SENTENCE_VECTORS=direct).
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from index.embed.bulk import answer_sentences
from index.search.pipeline import QuestionPipeline
from index.search.retrieval import FusionParams, _sentences_asked, retrieve
from index.store import db
from index.store.sentences import PER_CHUNK, chunk_of, sentence_ids

from .conftest import SAMPLE, make_settings

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def mixed_index(tmp_path_factory, embedder) -> Path:
    """The sample article among 23 other reports, with sentence vectors; built once, never modified."""
    from index.service import Frontline

    folder = tmp_path_factory.mktemp("sentence-search") / "index"
    service = Frontline(make_settings(folder, FRONTLINE_SENTENCE_VECTORS="direct"), embedder=embedder)
    paths = [str(SAMPLE), str(DATA / "dated-articles.jsonl"), str(DATA / "differing-figures.jsonl")]
    report = service.add(service.load(paths))
    assert len(report.added) == 24 and not report.failed
    return folder


def _query(service, question: str):
    pipeline = QuestionPipeline(service.snapshot(), service.embedder, service.fusion, service.answering)
    query = pipeline.read(question)
    return query, pipeline.encode(query)


def _sample_chunks(snapshot) -> np.ndarray:
    rows = snapshot.conn.execute("SELECT id FROM chunks WHERE article_row = 1 AND removed_in IS NULL ORDER BY id")
    return np.array([r[0] for r in rows], np.int64)


def _sample_rank(service, question: str, passage: str, *, sentences: bool) -> int | None:
    """Rank of the sample article's chunk holding `passage` among every chunk retrieved for `question`."""
    snapshot = service.snapshot()
    query, vector = _query(service, question)
    params = replace(service.fusion, sentences=sentences, per_article=10)
    hits = retrieve(snapshot, query.text, vector, 60, "hybrid", params, None, query.dates)
    sample_id = snapshot.conn.execute("SELECT id FROM articles WHERE row_id = 1").fetchone()[0]
    return next(
        (n for n, h in enumerate(hits, 1) if h.chunk.article_id == sample_id and passage in h.chunk.text), None
    )


@pytest.mark.parametrize(
    "question, passage",
    [
        ("What made the shooter angry before he opened fire at the enlistment office?", "Penembak"),
        ("how many protesters were arrested?", "ditangkap"),
        ("Why was the gunman upset with the draft?", "Penembak"),
    ],
)
def test_a_one_fact_question_finds_the_chunk_whose_sentence_answers_it(
    mixed_index, service_factory, question, passage
):
    service = service_factory(mixed_index)
    assert _sample_rank(service, question, passage, sentences=True) == 1
    assert (_sample_rank(service, question, passage, sentences=False) or 99) > 1  # chunks alone miss it


def test_every_answer_sentence_is_kept_under_its_chunk(mixed_index, service_factory):
    snapshot = service_factory(mixed_index).snapshot()
    texts = {cid: text for cid, text, _ in db.iter_chunk_texts(snapshot.conn)}
    expected = sentence_ids(np.array(sorted(texts)), [len(answer_sentences(texts[c])) for c in sorted(texts)])
    assert snapshot.sentences is not None
    assert np.array_equal(snapshot.sentences.vectors.chunk_ids, expected)
    assert set(chunk_of(expected).tolist()) <= set(snapshot.vectors.chunk_ids.tolist())
    assert np.all(expected % PER_CHUNK < PER_CHUNK)


def test_questions_use_sentences_and_headlines_do_not(mixed_index, service_factory):
    snapshot = service_factory(mixed_index).snapshot()
    vector = np.zeros(snapshot.manifest.dim, np.float32)
    assert _sentences_asked(snapshot, "How many people crossed into Finland?", vector, "hybrid", FusionParams()) is not None
    assert _sentences_asked(snapshot, "Russia announces mobilisation of reservists", vector, "hybrid", FusionParams()) is None
    assert _sentences_asked(snapshot, "How many people crossed into Finland?", vector, "dense", FusionParams()) is None


def test_a_removed_article_leaves_no_sentence_behind(mixed_index, service_factory, tmp_path):
    copy = tmp_path / "index"
    shutil.copytree(mixed_index, copy)
    service = service_factory(copy)
    snapshot = service.snapshot()
    sample_id = snapshot.conn.execute("SELECT id FROM articles WHERE row_id = 1").fetchone()[0]
    sample_chunks = _sample_chunks(snapshot)
    _, query = _query(service, "how many protesters were arrested?")
    assert np.isin(sample_chunks, snapshot.sentences.search(query, 20)).any()

    assert service.remove([sample_id]).removed == [sample_id]
    after = service.snapshot()
    assert not np.isin(sample_chunks, after.sentences.search(query, 200)).any()
    assert np.isnan(after.sentences.best(sample_chunks, query, 0.5)).all()

    service.optimize()  # the merged segment is written without them, and reads back
    merged = service.snapshot()
    assert len(merged.sentences) == len(after.sentences)
    assert not np.isin(chunk_of(merged.sentences.vectors.chunk_ids), sample_chunks).any()
    assert service.ask("Which town was shelled near the Zaporizhzhia plant?", k=3).citations


def test_an_index_without_sentence_vectors_ranks_by_chunks(sample_index, service_factory):
    snapshot = service_factory(sample_index).snapshot()  # the default: lazy, no sentence store
    assert snapshot.sentences is None


def test_a_direct_write_splits_each_chunk_into_sentences_once(tmp_path, service_factory, monkeypatch):
    """The look-up of stored vectors, the model call and the segment share one split (it was three)."""
    from index.embed import bulk
    from index.ingest import indexer

    calls: list[str] = []
    real = bulk.answer_sentences

    def counting(text: str) -> list[str]:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(bulk, "answer_sentences", counting)
    monkeypatch.setattr(indexer, "answer_sentences", counting)
    service = service_factory(tmp_path / "index", FRONTLINE_SENTENCE_VECTORS="direct")
    report = service.add(service.load([str(SAMPLE)]), merge=False)
    assert report.chunks >= 2 and len(calls) == report.chunks
    snapshot = service.snapshot()
    texts = {cid: text for cid, text, _ in db.iter_chunk_texts(snapshot.conn)}
    expected = sentence_ids(np.array(sorted(texts)), [len(real(texts[c])) for c in sorted(texts)])
    assert np.array_equal(snapshot.sentences.vectors.chunk_ids, expected)


def test_a_direct_index_from_before_sentence_search_searches_sentences_once_merged(
    mixed_index, service_factory, tmp_path
):
    """Segments written without sentence stores (a direct index from before sentence search): until
    every segment has them no sentence is searched (a new write's chunks were ranked by their best
    sentence, the old ones by the chunk alone); a merge builds the missing ones from the sentence
    vectors the index stores by content, and then every chunk's sentences are searched."""
    import json

    copy = tmp_path / "index"
    shutil.copytree(mixed_index, copy)
    for segment in copy.glob("gen-*/segments/seg-*"):  # as an older version wrote them
        shutil.rmtree(segment / "sentences")
        meta = json.loads((segment / "segment.json").read_text())
        meta["files"] = {k: v for k, v in meta["files"].items() if not k.startswith("sentences/")}
        (segment / "segment.json").write_text(json.dumps(meta))
    service = service_factory(copy, FRONTLINE_SENTENCE_VECTORS="direct")
    assert service.snapshot().sentences is None
    record = tmp_path / "new.jsonl"
    record.write_text(json.dumps({"id": "new", "text": "Trams run again in Kyiv. Crews fixed the lines overnight."}))
    assert service.add(service.load([str(record)]), merge=False).added == ["new"]
    assert service.snapshot().sentences is None  # one segment has them, the older one not: none searched

    service.optimize()
    merged = service.snapshot()
    texts = {cid: text for cid, text, _ in db.iter_chunk_texts(merged.conn)}
    expected = sentence_ids(np.array(sorted(texts)), [len(answer_sentences(texts[c])) for c in sorted(texts)])
    assert merged.sentences is not None and np.array_equal(merged.sentences.vectors.chunk_ids, expected)
    assert _sample_rank(service, "how many protesters were arrested?", "ditangkap", sentences=True) == 1


def test_a_readers_tail_never_trains_an_ivf_for_its_sentences(tmp_path, service_factory, monkeypatch):
    """The small segments a reader searches as one tail are merged again at each commit's open: their
    sentences go into an exact store, never an IVF trained there (k-means on the question path)."""
    import json

    from index.store.vectors import faiss as faiss_store

    service = service_factory(tmp_path / "index", FRONTLINE_SENTENCE_VECTORS="direct")
    for n in range(3):  # three small segments, one tail
        record = tmp_path / f"r{n}.jsonl"
        text = (
            f"Trams number {n} run again across the centre of Kyiv. Repair crews fixed {n + 2} overhead lines "
            "during the night. Electricity returned to the eastern districts by the morning."
        )
        record.write_text(json.dumps({"id": f"r{n}", "text": text}))
        service.add(service.load([str(record)]), merge=False)
    trained = []
    real = faiss_store._trained_ivf
    monkeypatch.setattr(faiss_store, "FLAT_MAX", 5)  # the tail's 3 chunks are under it, its sentences past it
    monkeypatch.setattr(faiss_store, "_trained_ivf", lambda *a, **k: trained.append(1) or real(*a, **k))
    fresh = service_factory(tmp_path / "index", FRONTLINE_SENTENCE_VECTORS="direct")
    snapshot = fresh.snapshot()
    assert snapshot.sentences is not None and len(snapshot.sentences) > 5
    assert not trained
