"""One question, start to finish: the stages `Frontline.ask`, `frontline eval`, timelines and the benchmark share.

    read      the question's date ("on 13 May 2022", or the --from/--to range) and the rest of its text
    encode    the query vector, on the one encoder thread, while the lexical channels run on the caller's
    lexical   each BM25 channel's scores (they need no vector)
    retrieve  fused passages, `k` of them (and `STORY_SPARE` more when answers cite each story once)
    articles  the passages' articles, and their stories when answers cite each story once
    answer    the answer sentence and citations (index/search/answer.py), with the cited passages'
              differing figures for a how-many question (index/search/figures.py), or nothing when
              not asked for

`QuestionPipeline.ask` runs them all; `read` + `encode` + `search` let a caller (the
evaluation) encode a question once and search it in several modes with the same vector.
`Asked` keeps every stage's output and the seconds it took, so callers score ranks or time
stages without repeating the steps.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TypeVar

import numpy as np

from index.embed.embedder import Embedder
from index.ingest.articles import Article
from index.search.abstain import calibration_for
from index.search.answer import Answer, AnswerParams, build_answer
from index.search.retrieval import FusionParams, Hit, Mode, Query, lexical_scores, query_vectors, read_query, retrieve
from index.search.when import DateRange
from index.store.reader import Snapshot

STORY_SPARE = 3  # passages retrieved beyond k, to fill the places of copies cited once
_ENCODER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontline-encode")  # the model serialises anyway
STAGES = ("read", "encode", "lexical", "retrieve", "articles", "answer")

T = TypeVar("T")


@dataclass
class Asked:
    """One question's way through the pipeline: each stage's output and its seconds (`STAGES`, those run)."""

    query: Query
    vector: np.ndarray
    mode: Mode
    hits: list[Hit]  # retrieved, best first: k, plus STORY_SPARE when answers cite each story once
    articles: dict[str, Article]  # the hits' articles by id
    stories: dict[str, int] | None  # article id -> story id; None when answers do not group copies
    answer: Answer | None  # None when the answer step was left out
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class QuestionPipeline:
    """The question stages over one snapshot, with the fusion and answering parameters in force.

    Built per question from the service's state (it holds no resources of its own); with
    `answering.one_per_story` the answer cites each story once, retrieving `STORY_SPARE`
    passages beyond `k` to fill the places of the copies left out.
    """

    snapshot: Snapshot
    embedder: Embedder
    fusion: FusionParams = FusionParams()
    answering: AnswerParams = AnswerParams()

    def ask(
        self,
        question: str,
        k: int = 5,
        mode: Mode = "hybrid",
        *,
        dates: DateRange | None = None,
        as_of: date | None = None,
        answer: bool = True,
        overlap: bool = True,
    ) -> Asked:
        """Every stage for `question` (already cleaned); `dates` filter, else a date in the question is read.

        `overlap=False` waits for the vector before the lexical channels, so that each
        stage's seconds are its own (the benchmark's breakdown); the results are the same.
        """
        start = time.perf_counter()
        query = self.read(question, dates=dates, as_of=as_of)
        read = time.perf_counter() - start
        asked = self.search(query, k, mode, answer=answer, overlap=overlap)
        asked.seconds = {"read": read, **asked.seconds}
        return asked

    def read(self, question: str, *, dates: DateRange | None = None, as_of: date | None = None) -> Query:
        """The question as retrieval reads it (index/search/retrieval.py `read_query`)."""
        return read_query(self.snapshot, question, self.fusion, dates=dates, as_of=as_of)

    def encode(self, query: Query) -> np.ndarray:
        """The query vector of `query`, encoded alone (as `ask` encodes it) on the encoder thread."""
        return _ENCODER.submit(self._encode, query.text).result()[0]

    def search(
        self,
        query: Query,
        k: int = 5,
        mode: Mode = "hybrid",
        *,
        vector: np.ndarray | None = None,
        answer: bool = True,
        overlap: bool = True,
    ) -> Asked:
        """The stages after `read`: encode (unless `vector` is given), lexical, retrieve, articles, answer."""
        seconds: dict[str, float] = {}
        if vector is None:
            encoding = _ENCODER.submit(_timed, self._encode, query.text)
            if not overlap:
                encoding.result()
            # The model runs a lone question on one core; the lexical channels take another meanwhile.
            lexical, seconds["lexical"] = _timed(lexical_scores, self.snapshot, query.text, mode, self.fusion)
            vectors, seconds["encode"] = encoding.result()
            vector = vectors[0]
        else:
            lexical, seconds["lexical"] = _timed(lexical_scores, self.snapshot, query.text, mode, self.fusion)
        grouped = self.answering.one_per_story
        spare = STORY_SPARE if grouped else 0  # a story cited once still leaves k citations
        hits, seconds["retrieve"] = _timed(
            retrieve, self.snapshot, query.text, vector, k + spare, mode, self.fusion, lexical, query.dates
        )
        start = time.perf_counter()
        article_ids = [h.chunk.article_id for h in hits]
        articles = self.snapshot.articles_by_id(article_ids)
        stories = self.snapshot.stories_of(article_ids) if grouped else None
        seconds["articles"] = time.perf_counter() - start
        given = None
        if answer:
            start = time.perf_counter()
            given = self._answer(query, vector, hits, articles, stories, k)
            seconds["answer"] = time.perf_counter() - start
        return Asked(query, vector, mode, hits, articles, stories, given, seconds)

    def _encode(self, text: str) -> np.ndarray:
        return query_vectors(self.embedder, [text], self.fusion)

    def _answer(
        self,
        query: Query,
        vector: np.ndarray,
        hits: list[Hit],
        articles: dict[str, Article],
        stories: dict[str, int] | None,
        k: int,
    ) -> Answer:
        sentences = self.snapshot.sentence_encoder(self.embedder)
        params = self.answering
        if params.calibration is None:  # the weights fitted for how this index made its sentence vectors
            params = replace(params, calibration=calibration_for(self.snapshot.sentence_mode()))
        found = build_answer(query.text, vector, hits, articles, sentences, params, stories, k)
        applied = query.dates.range.as_strings() if query.dates else None
        return replace(found, question=query.asked, date_range=applied)


def _timed(fn: Callable[..., T], *args: object) -> tuple[T, float]:
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start
