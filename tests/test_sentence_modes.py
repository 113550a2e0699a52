"""Answer-sentence vectors embedded alone ("direct") or pooled from the chunk's pass ("pooled").

An index records its mode at creation and keeps it; the answer step uses the abstention
weights fitted for that mode (index/embed/bulk.py, index/search/abstain.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from index.embed.bulk import SENTENCE_MODE_KEY, recorded_sentence_mode, sentence_mode
from index.search import abstain
from index.store import db

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


@pytest.fixture(scope="module")
def pooled_index(tmp_path_factory, embedder) -> Path:
    """The sample article indexed with pooled sentence vectors, built once and never modified."""
    from index.service import Frontline

    from .conftest import make_settings

    folder = tmp_path_factory.mktemp("pooled") / "index"
    service = Frontline(make_settings(folder, FRONTLINE_SENTENCE_VECTORS="pooled"), embedder=embedder)
    report = service.add(service.load([str(SAMPLE)]))
    assert report.added and not report.failed
    return folder


def _sentence_vectors(service) -> dict[str, np.ndarray]:
    conn = service.snapshot().conn
    return {
        key: np.frombuffer(blob, np.float32)
        for key, blob in conn.execute("SELECT key, embedding FROM sentence_vectors")
    }


def test_pooled_vectors_are_close_to_the_sentences_embedded_alone(pooled_index, sample_index, service_factory):
    pooled, direct = service_factory(pooled_index), service_factory(sample_index)
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
    assert service_factory(sample_index).ask(FINLAND, k=3).found  # direct: its own weights


def test_an_index_keeps_the_mode_it_records(pooled_index, tmp_path, service_factory):
    copy = tmp_path / "index"
    shutil.copytree(pooled_index, copy)
    service = service_factory(copy, FRONTLINE_SENTENCE_VECTORS="direct")
    report = service.add(service.load([_other_article(tmp_path)]))
    assert report.added
    assert sentence_mode(service.snapshot().conn) == "pooled"


def test_an_index_from_before_the_record_is_direct(sample_index, tmp_path, service_factory):
    copy = tmp_path / "index"
    shutil.copytree(sample_index, copy)
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
