from index.ingest.parsers.raw_text import parse_raw_text
from index.text.chunking import chunk_text, make_splitter
from index.text.sentences import split_sentences

from .conftest import SAMPLE


def test_chunks_keep_offsets_and_fit_budget(embedder):
    article = parse_raw_text(SAMPLE.read_text(encoding="utf-8"))
    splitter = make_splitter(embedder.token_length, 64, 12)
    chunks = chunk_text(article.text, splitter)
    assert len(chunks) > 4
    for chunk in chunks:
        assert article.text[chunk.start : chunk.end] == chunk.text
        assert embedder.token_length(chunk.text) <= 64
    # every sentence of the article lies wholly inside some chunk (sentence-aware splits)
    for sentence in split_sentences(article.text):
        assert any(c.start <= sentence.start and sentence.end <= c.end for c in chunks), sentence.text


def test_sentences_keep_numbers_whole():
    text = "Lebih dari 2.000 pengunjuk rasa ditangkap. Sementara 17.000 orang melintasi perbatasan! Dr. Smith said so."
    assert [s.text for s in split_sentences(text)] == [
        "Lebih dari 2.000 pengunjuk rasa ditangkap.",
        "Sementara 17.000 orang melintasi perbatasan!",
        "Dr. Smith said so.",
    ]
