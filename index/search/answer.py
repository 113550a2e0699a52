"""Extractive answers: the sentence (or two) from the retrieved passages that best answers the question.

Whether to answer at all is `index.search.abstain`'s calibrated decision: a confident answer,
the closest passages marked as possibly not answering (no answer text), or nothing found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal, Protocol

import numpy as np

from index.ingest.articles import Article
from index.search.abstain import CALIBRATION, Calibration, Signals, signals
from index.search.figures import Reported, side_by_side
from index.search.retrieval import Hit
from index.text.analysis import word_terms
from index.text.sentences import Sentence, answer_type, is_answer_sentence, split_sentences, type_evidence

MAX_ANSWER_CHARS = 300
NOTHING_FOUND = "I found nothing in the indexed coverage that answers this."
LOW_CONFIDENCE = "The closest passages I found are below; they may not answer this."


# What the answer step knows of each candidate sentence (`sentence_features`); the highest
# score (features @ weights) is the answer.
SENTENCE_FEATURES = (
    "cosine",  # to the question
    "passage_rank",  # 0 for the first passage
    "type_found",  # holds what the question asks for (a number for "how many", ...) beyond what it says itself
    "overlap",  # share of the question's words it holds
)
# Set by hand. `python -m index.search.sentence_fit` fits them (a conditional logit over each
# question's candidates, on FacQA's dev half); no fit was better on every held-out set, so these
# stay. Fitted on Indonesian FacQA alone, (1, -0.04, 0.10, 0.20): the pick holds the expected answer
# for 0.773 of FacQA's test half (0.765 with these), 24 of the sample article's 32 cross-lingual
# questions (23), but 0.636 of FacQA's questions asked in English or Ukrainian (0.673). Fitted with
# those too, or with the two lexical features split by the sentence's language: no better across
# languages, worse on the sample. Richer features (a figure or name the question lacks, the
# sentence after the closest one, what a sentence adds) gained nothing either.
SENTENCE_WEIGHTS = (1.0, -0.01, 0.04, 0.05)


@dataclass(frozen=True)
class AnswerParams:
    sentence_hits: int = 3  # passages whose sentences may become the answer
    sentence_weights: tuple[float, ...] = SENTENCE_WEIGHTS  # one per SENTENCE_FEATURES
    pair_below: int = 80  # a chosen sentence shorter than this takes its neighbour along
    # A chosen sentence without what the question asks for (a number for "how many", ...) takes the
    # neighbour that has it along: the answer often spans two sentences ("... said on Monday. It
    # counted 300 ...").
    pair_for_type: bool = True
    one_per_story: bool = True  # cite near-duplicate articles (index/store/stories.py) once, listing the copies
    figures: bool = True  # differing figures in the cited passages shown side by side (index/search/figures.py)
    # The abstention weights; None: those fitted for the index's sentence vectors (`abstain.calibration_for`,
    # chosen by the question pipeline), else the ones fitted for directly embedded sentences.
    calibration: Calibration | None = None


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
    # Other copies of this story (syndicated, republished) among the passages found: each
    # {"article_id", "publisher", "published_at", "url"}; the story is cited once.
    also: list[dict] = field(default_factory=list)


@dataclass
class Answer:
    """An answer and its citations, in one of three states.

    Confident: `confidence` "high", `answer` is the extracted answer. Uncertain: "low",
    `answer` is LOW_CONFIDENCE and the citations are the closest passages, which may not
    answer (`closest` is their best sentence). Nothing found: `found` False, `answer` is
    NOTHING_FOUND, no citations, confidence "low".
    """

    question: str
    answer: str
    citations: list[Citation] = field(default_factory=list)
    found: bool = True
    confidence: Literal["high", "low"] = "high"
    closest: str = ""  # the best sentence even when it is not given as the answer (for excerpts)
    date_range: tuple[str, str] | None = None  # publication days searched (from, to; "" open), None: all
    # When the cited passages count what was asked differently: each one's figure, the answer's first
    # (index/search/figures.py); empty when they agree or the question asks for no number.
    figures: list[Reported] = field(default_factory=list)
    # The citation (n) the extracted answer's sentence comes from, which its marker names.
    answered_from: int = 1
    # True when `answer` was written by the configured chat model from the citations (index/search/generate.py);
    # `closest` still holds the extractive sentence.
    generated: bool = False

    def to_json(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "confidence": self.confidence,
            "citations": [asdict(c) for c in self.citations],
            "date_range": {"from": self.date_range[0] or None, "to": self.date_range[1] or None}
            if self.date_range
            else None,
            "figures": [f.to_json() for f in self.figures],
            "generated": self.generated,
        }


class PassageEncoder(Protocol):
    """Embeds answer-sentence candidates: the model, or the index's stored sentence vectors."""

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Pick:
    text: str
    similarity: float  # cosine of the chosen sentence to the question
    similarities: tuple[float, ...] = ()  # every candidate sentence's cosine
    rank: int = 0  # of the passage the sentence comes from


def build_answer(
    question: str,
    query_vector: np.ndarray,
    hits: list[Hit],
    articles: dict[str, Article],
    sentences: PassageEncoder,
    params: AnswerParams = AnswerParams(),
    stories: dict[str, int] | None = None,
    k: int | None = None,
) -> Answer:
    """The answer from `hits`; with `stories` (article id -> story id) each story is cited once, up to `k`."""
    copies: dict[str, list[str]] = {}
    if stories:
        hits, copies = one_per_story(hits, stories)
    hits = hits[:k] if k is not None else hits
    if not hits:
        return Answer(question, NOTHING_FOUND, [], found=False, confidence="low")
    pick = best_sentences(question, query_vector, hits[: params.sentence_hits], sentences, params)
    decision = (params.calibration or CALIBRATION).decide(answer_signals(question, hits, pick, query_vector))
    if decision == "none":
        return Answer(question, NOTHING_FOUND, [], found=False, confidence="low")
    citations = [_citation(n, hit, articles[hit.chunk.article_id]) for n, hit in enumerate(hits, start=1)]
    for citation in citations:
        citation.also = [_copy(articles[a]) for a in copies.get(citation.article_id, []) if a in articles]
    if decision == "low":
        return Answer(question, LOW_CONFIDENCE, citations, confidence="low", closest=pick.text)
    answer = Answer(question, pick.text, citations, confidence="high", closest=pick.text, answered_from=pick.rank + 1)
    if params.figures:
        answer.figures = side_by_side(
            question, query_vector, pick.text, pick.rank + 1, citations, sentences, pick.similarity
        )
    return answer


def answer_signals(question: str, hits: list[Hit], pick: Pick, query_vector: np.ndarray | None = None) -> Signals:
    return signals(question, hits, pick.similarities, pick.text, query_vector)


def one_per_story(hits: list[Hit], stories: dict[str, int]) -> tuple[list[Hit], dict[str, list[str]]]:
    """Of each story, only the passages of its best-ranked article.

    Returns the hits kept and, by kept article, the ids of the copies left out, best first.
    """
    kept: list[Hit] = []
    first: dict[int, str] = {}  # story -> the article cited for it
    copies: dict[str, list[str]] = {}
    for hit in hits:
        article_id = hit.chunk.article_id
        story = stories.get(article_id)
        if story is None:
            kept.append(hit)
            continue
        cited = first.setdefault(story, article_id)
        if cited == article_id:
            kept.append(hit)
        elif article_id not in copies.setdefault(cited, []):
            copies[cited].append(article_id)
    return kept, copies


def _copy(article: Article) -> dict:
    return {"article_id": article.id, "publisher": article.publisher, "published_at": article.published_at,
            "url": article.url}  # fmt: skip


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


def best_sentences(
    question: str, query_vector: np.ndarray, hits: list[Hit], encoder: PassageEncoder, params: AnswerParams
) -> Pick:
    candidates: list[tuple[int, int, Sentence]] = []  # (hit rank, sentence index, sentence)
    per_hit: list[list[Sentence]] = []
    for rank, hit in enumerate(hits):
        sentences = [s for s in split_sentences(hit.chunk.text) if is_answer_sentence(s.text)]
        per_hit.append(sentences)
        candidates.extend((rank, i, s) for i, s in enumerate(sentences))
    if not candidates:
        return Pick("", 0.0)
    vectors = encoder.encode_passages([s.text for _, _, s in candidates])
    similarity = vectors @ query_vector
    scores = sentence_features(question, candidates, similarity) @ np.asarray(params.sentence_weights)
    chosen = int(np.argmax(scores))
    rank, index, best = candidates[chosen]
    text = best.text
    neighbours = per_hit[rank]
    wanted = answer_type(question) if params.pair_for_type else ""
    # A very short sentence rarely stands alone ("Dia mengatakan itu."): add the next one.
    if len(text) < params.pair_below and index + 1 < len(neighbours):
        text = f"{text} {neighbours[index + 1].text}"
    elif wanted and not type_evidence(wanted, text, question):
        if index + 1 < len(neighbours) and type_evidence(wanted, neighbours[index + 1].text, question):
            text = f"{text} {neighbours[index + 1].text}"
        elif index > 0 and type_evidence(wanted, neighbours[index - 1].text, question):
            text = f"{neighbours[index - 1].text} {text}"
    return Pick(trim(text, MAX_ANSWER_CHARS), float(similarity[chosen]), tuple(float(s) for s in similarity), rank)


def sentence_features(
    question: str, candidates: Sequence[tuple[int, int, Sentence]], similarity: np.ndarray
) -> np.ndarray:
    """One row of SENTENCE_FEATURES per candidate (passage rank, index among its answer sentences, sentence)."""
    wanted = answer_type(question)
    question_terms = set(word_terms(question))
    rows = np.zeros((len(candidates), len(SENTENCE_FEATURES)), dtype=np.float64)
    for row, ((rank, _, sentence), sim) in enumerate(zip(candidates, similarity, strict=True)):
        overlap = len(question_terms & set(word_terms(sentence.text))) / len(question_terms) if question_terms else 0.0
        rows[row] = (float(sim), rank, bool(wanted) and type_evidence(wanted, sentence.text, question), overlap)
    return rows


def trim(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"
