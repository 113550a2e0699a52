"""Extractive answers: the sentence (or two) from the retrieved passages that best answers the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

import numpy as np

from index.analysis import numbers, word_terms
from index.articles import Article
from index.retrieval import Hit
from index.sentences import Sentence, split_sentences

MAX_ANSWER_CHARS = 300
_QUANTITY = re.compile(
    r"\b(how (many|much|long|far|old)|number of|amount of|berapa|jumlah"
    r"|скільки|сколько|wie viele|combien|cu[aá]nt[oa]s)\b",
    re.IGNORECASE,
)
NOTHING_FOUND = "I found nothing in the indexed coverage that answers this."


@dataclass(frozen=True)
class AnswerParams:
    sentence_hits: int = 3  # passages whose sentences may become the answer
    number_bonus: float = 0.04  # "how many" questions prefer sentences with a number
    overlap_weight: float = 0.05
    rank_penalty: float = 0.01  # per rank of the passage the sentence comes from
    # Relevance floor: the best passage or the best sentence must be this close to the
    # question (cosine), or the passage must share half the question's words. e5 puts
    # unrelated text at 0.70-0.80 and answering text above 0.80 (measured on the dev sets).
    min_dense: float = 0.82
    min_sentence: float = 0.80
    min_lexical: float = 0.5


@dataclass
class Citation:
    n: int
    article_id: str
    title: str
    published_at: str | None
    publisher: str
    source: str
    url: str
    passage: str
    score: float


@dataclass
class Answer:
    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    found: bool = True

    def to_json(self) -> dict:
        return {"question": self.question, "answer": self.answer, "citations": [asdict(c) for c in self.citations]}


class PassageEncoder(Protocol):
    """Embeds answer-sentence candidates: the model, or the index's stored sentence vectors."""

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class _Pick:
    text: str
    similarity: float  # cosine of the chosen sentence to the question


def build_answer(
    question: str,
    query_vector: np.ndarray,
    hits: list[Hit],
    articles: dict[str, Article],
    sentences: PassageEncoder,
    params: AnswerParams = AnswerParams(),
) -> Answer:
    if not hits:
        return Answer(question, NOTHING_FOUND, [], found=False)
    pick = _best_sentences(question, query_vector, hits[: params.sentence_hits], sentences, params)
    best = max(hits, key=lambda h: h.dense)
    relevant = (
        best.dense >= params.min_dense
        or pick.similarity >= params.min_sentence
        or max(h.lexical.get("words", 0.0) for h in hits) >= params.min_lexical
    )
    if not relevant:
        return Answer(question, NOTHING_FOUND, [], found=False)
    citations = [_citation(n, hit, articles[hit.chunk.article_id]) for n, hit in enumerate(hits, start=1)]
    return Answer(question, pick.text, citations)


def _citation(n: int, hit: Hit, article: Article) -> Citation:
    return Citation(
        n=n,
        article_id=article.id,
        title=article.title,
        published_at=article.published_at,
        publisher=article.publisher,
        source=article.source,
        url=article.url,
        passage=hit.chunk.text,
        score=round(float(hit.score), 4),
    )


def _best_sentences(
    question: str, query_vector: np.ndarray, hits: list[Hit], encoder: PassageEncoder, params: AnswerParams
) -> _Pick:
    candidates: list[tuple[int, int, Sentence]] = []  # (hit rank, sentence index, sentence)
    per_hit: list[list[Sentence]] = []
    for rank, hit in enumerate(hits):
        sentences = split_sentences(hit.chunk.text)
        per_hit.append(sentences)
        candidates.extend((rank, i, s) for i, s in enumerate(sentences))
    if not candidates:
        return _Pick("", 0.0)
    vectors = encoder.encode_passages([s.text for _, _, s in candidates])
    similarity = vectors @ query_vector
    wants_number = bool(_QUANTITY.search(question))
    question_terms = set(word_terms(question))
    scores = []
    for (rank, _, sentence), sim in zip(candidates, similarity, strict=True):
        score = float(sim) - params.rank_penalty * rank
        if wants_number and numbers(sentence.text):
            score += params.number_bonus
        if question_terms:
            overlap = len(question_terms & set(word_terms(sentence.text))) / len(question_terms)
            score += params.overlap_weight * overlap
        scores.append(score)
    chosen = int(np.argmax(scores))
    rank, index, best = candidates[chosen]
    text = best.text
    sentences = per_hit[rank]
    # A very short sentence rarely stands alone ("Dia mengatakan itu."): add the next one.
    if len(text) < 80 and index + 1 < len(sentences):
        text = f"{text} {sentences[index + 1].text}"
    return _Pick(trim(text, MAX_ANSWER_CHARS), float(similarity[chosen]))


def trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"
