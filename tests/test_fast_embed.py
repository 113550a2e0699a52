"""The OpenVINO int8 backend against sentence-transformers fp32 on the same offline model."""

from __future__ import annotations

import numpy as np
import pytest

from index.embed.embedder import resolve_backend, shared_embedder
from index.errors import ModelError

TEXTS = [
    "17.000 orang Rusia melintasi perbatasan dengan Finlandia selama akhir pekan.",
    "how many people crossed into Finland?",
    "Росія завдала ракетного удару по енергетичній інфраструктурі Києва.",
    "The city council approved a new budget for road repairs.",
    "Sekutu Rusia, Kazakhstan Tidak Akan Mengakui Hasil Referendum yang Digelar Moskow untuk Mencaplok Ukraina. " * 3,
]


def test_backend_resolution():
    assert resolve_backend("torch", "multilingual-e5-small") == "torch"
    assert resolve_backend("auto", "intfloat/multilingual-e5-base") == "torch"
    with pytest.raises(ModelError):
        resolve_backend("openvino", "intfloat/multilingual-e5-base")
    with pytest.raises(ModelError):
        resolve_backend("onnx", "multilingual-e5-small")


@pytest.fixture(scope="module")
def both(model_dir):
    pytest.importorskip("openvino")
    pytest.importorskip("nncf")
    return shared_embedder(backend="openvino"), shared_embedder(backend="torch")


def test_openvino_matches_torch_fp32(both):
    fast, exact = both
    assert fast.backend == "openvino" and exact.backend == "torch"
    assert (fast.dim, fast.max_tokens, fast.query_prompt, fast.passage_prompt) == (
        exact.dim,
        exact.max_tokens,
        exact.query_prompt,
        exact.passage_prompt,
    )
    for encode in ("encode_queries", "encode_passages"):
        b = getattr(exact, encode)(TEXTS)
        together = getattr(fast, encode)(TEXTS)
        alone = np.vstack([getattr(fast, encode)([t]) for t in TEXTS])  # short ones take the single-text model
        for a in (together, alone):
            assert a.shape == b.shape and a.dtype == np.float32
            np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
            cosine = (a * b).sum(axis=1)
            assert cosine.mean() >= 0.99 and cosine.min() >= 0.98, cosine


def test_openvino_keeps_input_order_and_token_counts(both):
    fast, exact = both
    together = fast.encode_passages(TEXTS)  # one length-sorted batch
    in_pairs = np.vstack([fast.encode_passages(TEXTS[i : i + 2]) for i in range(0, len(TEXTS), 2)])
    assert ((together * in_pairs).sum(axis=1) > 0.999).all()  # other batch shapes, same model
    one_by_one = np.vstack([fast.encode_passages([t]) for t in TEXTS])
    # The lone short texts ran on the single-text model: other kernels, the same vectors to ~1e-3.
    assert ((together * one_by_one).sum(axis=1) > 0.995).all()
    # tokenizer.json alone emits a token for trailing whitespace (see test_tokenizer.py).
    texts = [t.rstrip() for t in TEXTS]
    assert [fast.token_length(t) for t in texts] == [exact.token_length(t) for t in texts]
    assert fast.encode_queries([]).shape == (0, fast.dim)


def test_mixed_call_matches_separate_calls(both):
    for embedder in both:
        queries, passages = embedder.encode_mixed(TEXTS[:2], TEXTS[2:])
        np.testing.assert_allclose(queries, embedder.encode_queries(TEXTS[:2]), atol=1e-4)
        np.testing.assert_allclose(passages, embedder.encode_passages(TEXTS[2:]), atol=1e-4)
        only_queries, none = embedder.encode_mixed(TEXTS[:1], [])
        assert only_queries.shape == (1, embedder.dim) and none.shape == (0, embedder.dim)


def _model_copy(tmp_path, model_dir):
    """The int8 model's graph in a folder of the test's own (no compiled blobs yet)."""
    from index.embed.fast_embed import model_folder

    source = model_folder(model_dir)
    target = tmp_path / "ov"
    target.mkdir()
    for name in ("model.xml", "model.bin"):
        (target / name).write_bytes((source / name).read_bytes())
    return target


def test_compiled_blobs_are_readable_by_whoever_reads_the_model(tmp_path, model_dir):
    """OpenVINO writes its cache 0440: another user of the model folder could neither read nor replace it."""
    ov = pytest.importorskip("openvino")
    from index.embed.fast_embed import compile_cache, share_compiled
    from index.embed.offline_model import umask_mode

    folder = _model_copy(tmp_path, model_dir)
    cache = compile_cache(folder)
    assert cache == folder / "compiled" and cache.is_dir()
    core = ov.Core()
    core.set_property({"CACHE_DIR": str(cache)})
    core.compile_model(core.read_model(folder / "model.xml"), "CPU")
    blobs = list(cache.iterdir())
    assert blobs and all(b.stat().st_mode & 0o444 != 0o444 for b in blobs)  # as OpenVINO leaves them
    share_compiled(cache)
    assert all(b.stat().st_mode & 0o777 == umask_mode() & 0o666 for b in blobs)


def test_an_unreadable_cache_in_a_read_only_model_folder_is_not_used(tmp_path, model_dir, monkeypatch):
    """Where a blob can't be read and the folder can't be written, OpenVINO failed ('cannot remove')."""
    from index.embed import fast_embed

    folder = tmp_path / "ov"
    (folder / "compiled").mkdir(parents=True)
    blob = folder / "compiled" / "1.blob"
    blob.write_bytes(b"x")
    real_access = fast_embed.os.access
    readable = {"blob": True}

    def access(path, mode):  # this process as a user who may not write the model folder
        if mode == fast_embed.os.W_OK:
            return False
        if str(path) == str(blob):
            return readable["blob"]
        return real_access(path, mode)

    monkeypatch.setattr(fast_embed.os, "access", access)
    assert fast_embed.compile_cache(folder) == folder / "compiled"  # readable: imported, never written
    readable["blob"] = False
    assert fast_embed.compile_cache(folder) is None
    assert fast_embed.compile_cache(tmp_path / "elsewhere") is None  # no cache at all: compile in memory
