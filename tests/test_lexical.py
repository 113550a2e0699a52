"""The lexical channels' scores in [0, 1] (real bm25s over analysed text)."""

import pytest

from index.store.lexical import LexicalChannel

TEXTS = [
    "Pada 2022 pasukan Rusia menyerang Kharkiv.",
    "Panen gandum 2022 melimpah di desa itu.",
    "Pasukan Rusia mundur dari Kherson.",
]


def _coverage(question):
    channel = LexicalChannel.build("words", [10, 11, 12], TEXTS)
    return dict(zip(channel.chunk_ids.tolist(), channel.coverage(question).tolist(), strict=True))


def test_coverage_is_the_weighted_share_of_question_terms_found():
    found = _coverage("pasukan Rusia Kharkiv")
    assert found[10] == pytest.approx(1.0)
    assert 0 < found[12] < found[10]
    assert found[11] == 0


def test_a_shared_number_alone_is_no_lexical_match():
    # An English question asked of Indonesian text shares only the year with two chunks.
    found = _coverage("what happened to the harvest in 2022")
    assert found[10] == found[11] == 0


def test_a_shared_number_counts_beside_a_shared_word():
    with_number = _coverage("Rusia 2022")
    assert with_number[10] > _coverage("Rusia 2023")[10] > 0
    assert with_number[11] == 0
