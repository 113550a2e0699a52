"""Text analysis shared by the lexical channels and the query encoder."""

import numpy as np
import pytest

from index.search.retrieval import FusionParams, query_vectors
from index.text.analysis import gram_terms, is_number_term, is_question, numbers, word_terms


@pytest.mark.parametrize(
    "text",
    [
        "how many people crossed into Finland?",
        "Who shelled the Zaporizhzhia plant",
        "Siapakah yang membuka pameran lukisan itu",
        "Pada tahun berapakah SEA Games diadakan di Vietnam",
        "Di negara manakah lokasi universitas itu",
        "Скільки людей перетнули кордон",
        "Berapa jumlah korban",
    ],
)
def test_questions_without_question_marks_are_recognised(text):
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine conflict: Russia announces special military operation in Donbas",
        "17.000 orang Rusia melintasi perbatasan dengan Finlandia",
        "Beberapa warga mengungsi ke Polandia",  # "beberapa" (several) is not "berapa" (how many)
        "Росія завдала ракетного удару по Києву",
    ],
)
def test_statements_are_not_questions(text):
    assert not is_question(text)


def test_numbers_and_terms():
    assert numbers("17.000 orang, 2,5 juta dan 17,000 people") == ["17000", "2.5", "17000"]
    assert "finlandia" in word_terms("Finlandia") and "17000" in word_terms("17.000 orang")
    assert "#zel" in gram_terms("Зеленський")  # transliterated before n-grams
    terms = word_terms("Pada 27 September 2022, 17.000 orang Rusia berangkat")
    assert [t for t in terms if is_number_term(t)] == ["27", "2022", "17000"]


def test_only_statements_blend_in_the_passage_encoding(embedder):
    texts = ["Berapa orang melintasi perbatasan?", "Orang Rusia melintasi perbatasan Finlandia"]
    blended = query_vectors(embedder, texts, FusionParams(statement_share=0.3))
    plain = query_vectors(embedder, texts, FusionParams(statement_share=0.0))
    np.testing.assert_allclose(blended[0], plain[0], atol=1e-5)
    assert float(blended[1] @ plain[1]) < 0.999
    np.testing.assert_allclose(np.linalg.norm(blended, axis=1), 1.0, atol=1e-5)
