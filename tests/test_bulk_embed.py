"""The embedding side of an index write (index/embed/bulk.py) on the real offline model."""

from __future__ import annotations

import numpy as np
import pytest

from index.embed.bulk import answer_sentences, encode_chunks_and_sentences
from index.embed.fast_embed import _batches, _token_spans
from index.embed.tokenizer import char_spans
from index.text.chunking import passage_text

TITLE = "Russia's annexation referendums condemned"
CHUNKS = [
    # Three sentences on three different things, one piece of page furniture.
    "17.000 orang Rusia melintasi perbatasan dengan Finlandia selama akhir pekan. "
    "Polisi menangkap lebih dari 2.000 demonstran di berbagai kota. "
    "Kazakhstan menyatakan tidak akan mengakui hasil referendum itu.\nBaca juga: Berita lainnya",
    # Overlap: its first sentence is the previous chunk's last.
    "Kazakhstan menyatakan tidak akan mengakui hasil referendum itu. "
    "Russian forces seized the Zaporizhzhia nuclear power plant after overnight shelling.",
    "Рятувальники ліквідували пожежу на складі біля залізничної станції у Харкові.",
]
PASSAGES = [passage_text(TITLE, chunk) for chunk in CHUNKS]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(axis=1)


def test_answer_sentences_skip_page_furniture():
    assert answer_sentences(CHUNKS[0]) == [
        "17.000 orang Rusia melintasi perbatasan dengan Finlandia selama akhir pekan.",
        "Polisi menangkap lebih dari 2.000 demonstran di berbagai kota.",
        "Kazakhstan menyatakan tidak akan mengakui hasil referendum itu.",
    ]


def test_direct_vectors_are_what_encode_passages_gives(embedder):
    got = encode_chunks_and_sentences(embedder, PASSAGES, CHUNKS)
    # Each distinct answer sentence once, in order of first appearance; no furniture.
    assert got.sentences == [*answer_sentences(CHUNKS[0]), *answer_sentences(CHUNKS[1])[1:], CHUNKS[2]]
    assert got.chunk_vectors.shape == (3, embedder.dim) and got.sentence_vectors.shape == (5, embedder.dim)
    assert got.chunk_vectors.dtype == np.float32 and got.sentence_vectors.dtype == np.float32
    # Other batch shapes than a call of their own: the same vectors to the model's precision.
    assert _cosines(got.chunk_vectors, embedder.encode_passages(PASSAGES)).min() > 0.999
    assert _cosines(got.sentence_vectors, embedder.encode_passages(got.sentences)).min() > 0.999


def test_a_sentence_that_is_a_whole_passage_is_embedded_once(embedder, monkeypatch):
    sentence = "Рятувальники ліквідували пожежу на складі біля залізничної станції у Харкові."
    asked: list[list[str]] = []
    encode = embedder.encode_passages

    def counted(texts):
        asked.append(list(texts))
        return encode(texts)

    monkeypatch.setattr(embedder, "encode_passages", counted)
    got = encode_chunks_and_sentences(embedder, [PASSAGES[0], sentence], [CHUNKS[0], sentence])
    assert asked == [[PASSAGES[0], sentence, *answer_sentences(CHUNKS[0])]]  # the sentence once, as a passage
    assert got.sentences == [*answer_sentences(CHUNKS[0]), sentence]
    np.testing.assert_array_equal(got.sentence_vectors[3], got.chunk_vectors[1])
    assert _cosines(got.sentence_vectors, encode(got.sentences)).min() > 0.999


def test_sentences_already_stored_are_not_embedded(embedder):
    asked: list[list[str]] = []

    def stored(texts: list[str]) -> set[str]:
        asked.append(texts)
        return {t for t in texts if t.startswith("Kazakhstan")}

    got = encode_chunks_and_sentences(embedder, PASSAGES, CHUNKS, stored=stored)
    assert len(asked) == 1 and len(asked[0]) == 5  # one look-up for the whole batch
    assert len(got.sentences) == 4 and not any(t.startswith("Kazakhstan") for t in got.sentences)
    assert len(got.sentence_vectors) == 4
    nothing = encode_chunks_and_sentences(embedder, PASSAGES, CHUNKS, stored=lambda texts: texts)
    assert nothing.sentences == [] and nothing.sentence_vectors.shape == (0, embedder.dim)
    assert nothing.chunk_vectors.shape == (3, embedder.dim)


def test_pooled_sentences_come_from_the_chunk_pass(embedder):
    got = encode_chunks_and_sentences(embedder, PASSAGES, CHUNKS, sentences="pooled")
    direct = embedder.encode_passages(got.sentences)
    # The chunk vectors are the ones encode_passages gives: the pooled spans ride along.
    assert _cosines(got.chunk_vectors, embedder.encode_passages(PASSAGES)).min() > 0.999
    np.testing.assert_allclose(np.linalg.norm(got.sentence_vectors, axis=1), 1.0, atol=1e-5)
    # Close to the sentence embedded alone, though read in its chunk's context.
    assert _cosines(got.sentence_vectors, direct).min() > 0.75
    # Each question finds its own sentence first among the chunk's pooled sentences.
    questions = [
        "how many people crossed into Finland?",
        "how many protesters were arrested?",
        "Which Russian ally will not recognize the referendum?",
    ]
    similarity = embedder.encode_queries(questions) @ got.sentence_vectors[:3].T
    assert list(similarity.argmax(axis=1)) == [0, 1, 2], similarity


def test_pooled_sentence_of_a_chunk_its_passage_lacks_is_embedded_alone(embedder):
    chunk = "Prices of bread and fuel rose by twelve percent in the first quarter of the year."
    got = encode_chunks_and_sentences(embedder, ["something else entirely"], [chunk], sentences="pooled")
    assert got.sentences == [chunk]
    assert _cosines(got.sentence_vectors, embedder.encode_passages([chunk])).min() > 0.999


def test_span_vectors_pool_over_the_tokens_of_the_span(embedder):
    text = "Heavy rain flooded several villages in the north. The minister said the talks would continue."
    cut = text.index("The minister")
    whole, spans = embedder.encode_passage_spans([text], [[(0, len(text)), (0, cut - 1), (cut, len(text)), (5, 5)]])
    vectors = spans[0]
    assert vectors.shape == (4, embedder.dim)
    # The whole text without the prompt and special tokens is close to, not the same as, its vector.
    assert 0.95 < float(vectors[0] @ whole[0]) < 0.9999
    assert float(vectors[1] @ vectors[2]) < float(vectors[1] @ vectors[0])
    assert not vectors[3].any()  # an empty span: no token, a zero vector


def test_token_spans_cover_the_pieces_overlapping_a_span(embedder):
    if embedder.backend != "openvino":
        pytest.skip("the SentencePiece tokenizer is the openvino backend's")
    tokenizer = embedder._fast.tokenizer
    text = "passage: Judul\nRussian forces   seized Zaporizhzhia. Вторгнення почалося."
    ids, offsets = tokenizer.ids_and_offsets([text])
    assert ids == tokenizer.ids([text])
    assert offsets[0].shape == (len(ids[0]), 2) and not offsets[0][0].any() and not offsets[0][-1].any()
    start = text.index("Вторгнення")
    [(first, last), (empty_first, empty_last)] = _token_spans(offsets[0], [(start, len(text)), (3, 3)])
    assert "".join(text[a:b] for a, b in offsets[0][first:last]).strip() == "Вторгнення почалося."
    assert last == len(ids[0]) - 1  # up to </s>, not including it
    assert empty_first == empty_last
    # Older sentencepiece gives byte offsets only: the same character spans from them.
    proto = tokenizer._sp.encode(text, return_type="proto")
    assert char_spans(text, proto.pieces) == [tuple(span) for span in offsets[0][1:-1].tolist()]


def test_batches_of_more_than_eight_rows_are_whole_multiples_of_eight():
    lengths = [150] * 100
    batches = _batches(np.arange(100), lengths, 32)
    assert sum(len(b) for b in batches) == 100
    assert all(len(b) % 8 == 0 for b in batches[:-1]) and max(len(b) for b in batches) * 160 <= 4096


def test_torch_backend_pools_the_same_spans(embedder, model_dir):
    from index.embed.embedder import shared_embedder

    exact = shared_embedder(backend="torch")
    got = encode_chunks_and_sentences(exact, PASSAGES, CHUNKS, sentences="pooled")
    assert _cosines(got.chunk_vectors, exact.encode_passages(PASSAGES)).min() > 0.9999
    # The offline model on either backend: fp32 and int8 pool the same tokens.
    other = encode_chunks_and_sentences(embedder, PASSAGES, CHUNKS, sentences="pooled")
    assert got.sentences == other.sentences
    assert _cosines(got.sentence_vectors, other.sentence_vectors).min() > 0.97
    _, spans = exact.encode_passage_spans(["Heavy rain flooded several villages."], [[(5, 5), (0, 5)]])
    assert not spans[0][0].any() and spans[0][1].any()


def test_token_length_is_remembered(embedder):
    piece = "Sebanyak 450 warga mengungsi setelah banjir merendam permukiman di tepi sungai."
    assert embedder.token_length(piece) == embedder._token_length(piece) > 10
    hits = embedder._token_counts.cache_info().hits
    assert embedder.token_length(piece) == embedder._token_length(piece)
    assert embedder._token_counts.cache_info().hits == hits + 1
