"""Hybrid retrieval: dense (FAISS) and lexical (BM25 channels) fused, a few passages per article."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np

from index.embed.embedder import DEFAULT_MODEL, Embedder
from index.search import abstain_background
from index.search.when import DateRange, QuestionDate, find_date
from index.store import db
from index.store.idmap import values_at
from index.store.reader import SentenceSearch, Snapshot, in_days
from index.text.analysis import is_question

Mode = Literal["dense", "bm25", "hybrid"]
MODES: tuple[Mode, ...] = ("dense", "bm25", "hybrid")


@dataclass(frozen=True)
class FusionParams:
    pool: int = 100  # candidates taken from each channel
    # Lexical scores are in [0, 1] (share of the question matched). Weights chosen on the
    # FacQA and Warline dev sets; see `frontline eval`.
    word_weight: float = 0.2
    gram_weight: float = 0.05
    # In hybrid mode these channels contribute IDF-weighted coverage instead of BM25.
    coverage_channels: tuple[str, ...] = ("words",)
    # Share of the question's "passage: " embedding in the query vector (see query_vectors).
    statement_share: float = 0.3
    # Weight of a passage's hubness subtracted from its cosine (CSLS's 1/2; see index/store/hubness.py).
    hub_weight: float = 0.5
    # Share of the question's baseline in each passage's language subtracted from its cosine
    # (see language_offsets): 0 turns it off; an index in one language ranks the same either way.
    language_weight: float = 1.0
    per_article: int = 2
    # Score a chunk asked a question by its best sentence too, where the index keeps sentence vectors.
    sentences: bool = True
    # Dates. Options (--from/--to) filter. A date read from the question ("on 13 May 2022")
    # filters when a passage of its range is about as close to the question as any
    # (`date_margin`), else adds `date_boost` to its passages; one that reads as part of a
    # name ("the 24 February invasion") adds `name_date_boost`. See index/eval/dates.py.
    read_dates: bool = True
    date_boost: float = 0.1
    name_date_boost: float = 0.0
    # A question date filters when the range's best passage is within this of the best anywhere.
    date_margin: float = 0.08
    exact_in_range: int = 20_000  # in-range passages scored exactly against the query vector up to this many


def query_vectors(embedder: Embedder, questions: Sequence[str], params: FusionParams = FusionParams()) -> np.ndarray:
    """Query vectors that serve questions and statements alike.

    e5's "query: " prompt is trained for questions asked of passages; a statement or a
    headline ("Russia announces special military operation") is matched better as a
    passage against passages. Text that does not read as a question (`is_question`) may
    be either, so its vector blends the two encodings (+5 R@5 on Warline headlines;
    seed questions keep their passages).
    """
    share = params.statement_share
    statements = [i for i, q in enumerate(questions) if not is_question(q)] if share > 0 else []
    vectors, passages = embedder.encode_mixed(questions, [questions[i] for i in statements])
    if statements:
        blend = (1 - share) * vectors[statements] + share * passages
        vectors[statements] = blend / np.linalg.norm(blend, axis=1, keepdims=True)
    return np.ascontiguousarray(vectors, dtype=np.float32)


@dataclass(frozen=True, eq=False)
class DateFilter:
    """Publication days that retrieval keeps (`hard`) or prefers (adds `boost`), and the chunks in them."""

    range: DateRange
    hard: bool
    boost: float
    chunk_ids: np.ndarray  # ascending ids of the chunks published in `range`
    origin: Literal["options", "question"]
    narrows: bool = False  # a question date that filters when its range holds a close passage


@dataclass(frozen=True)
class Query:
    """A question as retrieval reads it: `text` without the date expression it asked for, and that date."""

    asked: str
    text: str
    dates: DateFilter | None = None
    said: QuestionDate | None = None  # the date the question named, applied or not


def read_query(
    snapshot: Snapshot,
    question: str,
    params: FusionParams = FusionParams(),
    *,
    dates: DateRange | None = None,
    as_of: date | None = None,
) -> Query:
    """The question's date range: `dates` (options) filter; a date in the question is preferred.

    A question date with nothing published in its range is dropped (the question keeps its
    other words); one written without a year moves back a year at a time to the latest
    year in which something was published in it.
    """
    if dates is not None:
        return Query(question, question, _date_filter(snapshot, dates, True, 0.0, "options"))
    said = find_date(question, as_of) if params.read_dates else None
    if said is None:
        return Query(question, question)
    asks = said.strength == "filter"
    text = said.text if asks else question
    boost = params.date_boost if asks else params.name_date_boost
    if boost <= 0:
        return Query(question, text, None, said)
    found = _date_filter(snapshot, said.range, False, boost, "question", asks)
    span = snapshot.dates.span()
    if not said.year_given and span is not None and said.range.start is not None:
        years = 0
        while not len(found.chunk_ids) and said.range.start.year - years > span[0].year:
            years += 1
            found = _date_filter(snapshot, said.range.shifted_years(-years), False, boost, "question", asks)
    return Query(question, text, found if len(found.chunk_ids) else None, said)


def _date_filter(
    snapshot: Snapshot,
    span: DateRange,
    hard: bool,
    boost: float,
    origin: Literal["options", "question"],
    narrows: bool = False,
) -> DateFilter:
    dates = snapshot.dates
    return DateFilter(span, hard, boost, dates.ids[dates.within(span.start, span.end)], origin, narrows)


@dataclass
class Hit:
    chunk: db.StoredChunk
    score: float
    dense: float
    lexical: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class LexicalScores:
    """Each lexical channel's score for every chunk, and its best chunks (the channel's candidates)."""

    scores: dict[str, tuple[np.ndarray, np.ndarray]]  # channel -> (chunk ids, scores aligned with them)
    candidates: list[np.ndarray]


def lexical_scores(
    snapshot: Snapshot, question: str, mode: Mode = "hybrid", params: FusionParams = FusionParams()
) -> LexicalScores:
    """The lexical half of retrieval; it needs no query vector, so it can run while the model encodes."""
    names = ["words"] if mode == "bm25" else (list(snapshot.channels) if mode == "hybrid" else [])
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    candidates: list[np.ndarray] = []
    for name in names:
        channel = snapshot.channels[name]
        use_coverage = mode == "hybrid" and name in params.coverage_channels
        values = channel.coverage(question) if use_coverage else channel.scores(question)
        scores[name] = (channel.chunk_ids, values)
        candidates.append(channel.chunk_ids[_top_positions(values, params.pool)])
    return LexicalScores(scores, candidates)


def retrieve(
    snapshot: Snapshot,
    question: str,
    query_vector: np.ndarray | None,
    k: int,
    mode: Mode = "hybrid",
    params: FusionParams = FusionParams(),
    lexical_part: LexicalScores | None = None,
    dates: DateFilter | None = None,
) -> list[Hit]:
    """The `k` best passages, at most `params.per_article` from one article.

    `lexical_part` is `lexical_scores(snapshot, question, mode, params)` when the caller
    computed it already. `dates` (from `read_query`) keeps only passages published in
    its range (`hard`) or adds its boost to theirs; either way the best passages of the
    range join the candidates.
    """
    if lexical_part is None:
        lexical_part = lexical_scores(snapshot, question, mode, params)
    pools = list(lexical_part.candidates)
    dense_ids = np.zeros(0, np.int64)
    dense_scores = np.zeros(0, np.float32)
    if mode != "bm25" and query_vector is not None:
        dense_scores, dense_ids = snapshot.vectors.search(query_vector, params.pool)
        pools.append(dense_ids)
    sentences = _sentences_asked(snapshot, question, query_vector, mode, params)
    if sentences is not None:
        pools.append(sentences.search(query_vector, params.pool))  # type: ignore[arg-type]
    hard = False
    if dates is not None:
        if not len(dates.chunk_ids):
            return []
        in_pools = _lexical_in_range(snapshot, lexical_part, dates, params.pool)
        if mode != "bm25" and query_vector is not None:
            in_scores, in_ids = _dense_in_range(snapshot, query_vector, dates, params)
            in_pools.append(in_ids)
            hard = dates.hard or (
                dates.narrows and _range_answers(snapshot, in_scores, in_ids, dense_scores, dense_ids, params)
            )
            if hard:
                dense_scores, dense_ids = in_scores, in_ids
            else:
                fresh = ~np.isin(in_ids, dense_ids)
                dense_ids = np.concatenate([dense_ids, in_ids[fresh]])
                dense_scores = np.concatenate([dense_scores, in_scores[fresh]])
        hard = hard or dates.hard
        pools = in_pools if hard else pools + in_pools

    candidates = np.unique(np.concatenate(pools)) if pools else np.zeros(0, np.int64)
    if not len(candidates):
        return []
    dense = _dense_scores(snapshot, candidates, dense_ids, dense_scores, query_vector)
    # Every candidate gets its score in every channel, whichever channel proposed it.
    lexical = {name: values_at(ids, values, candidates) for name, (ids, values) in lexical_part.scores.items()}
    if mode == "bm25":
        fused = lexical["words"]
    elif mode == "dense":
        fused = np.nan_to_num(dense, nan=-np.inf)
    else:
        weights = {"words": params.word_weight, "grams": params.gram_weight}
        fused = np.nan_to_num(dense)
        if snapshot.hubness is not None and params.hub_weight:
            fused = fused - params.hub_weight * snapshot.hubness.at(candidates)
        if sentences is not None:  # the better of the chunk and its best sentence, each less its hubness
            fused = np.fmax(fused, sentences.best(candidates, query_vector, params.hub_weight))  # type: ignore[arg-type]
        if params.language_weight:
            fused = fused - params.language_weight * language_offsets(snapshot, candidates, query_vector)
        for name, values in lexical.items():
            fused = fused + weights.get(name, 0.0) * values
    if dates is not None and not hard and dates.boost:
        fused = fused + dates.boost * np.isin(candidates, dates.chunk_ids)
    order = np.lexsort((candidates, -fused))  # best first; ties by chunk id

    shortlist = candidates[order[: max(k * 8, 50)]]
    chunks = snapshot.chunks_by_id(shortlist.tolist())
    per_article: dict[str, int] = {}
    hits: list[Hit] = []
    for row in order.tolist():
        chunk = chunks.get(int(candidates[row]))
        if chunk is None:
            continue
        if per_article.get(chunk.article_id, 0) >= params.per_article:
            continue
        per_article[chunk.article_id] = per_article.get(chunk.article_id, 0) + 1
        lex = {name: float(values[row]) for name, values in lexical.items()}
        hits.append(Hit(chunk, float(fused[row]), float(np.nan_to_num(dense[row])), lex))
        if len(hits) == k:
            break
    return hits


def _sentences_asked(
    snapshot: Snapshot, question: str, query_vector: np.ndarray | None, mode: Mode, params: FusionParams
) -> SentenceSearch | None:
    """The index's sentence vectors when they take part in this search, else None.

    They do in hybrid mode, for questions: a question asks about one fact, which one
    sentence states (index/store/sentences.py). A headline or a pasted paragraph describes
    a whole report and is matched against whole chunks, as before: on the Warline
    headlines, sentences cost 3 points of R@1.
    """
    if not params.sentences or mode != "hybrid" or query_vector is None or snapshot.sentences is None:
        return None
    return snapshot.sentences if is_question(question) else None


def language_offsets(snapshot: Snapshot, chunk_ids: np.ndarray, query_vector: np.ndarray | None) -> np.ndarray:
    """How much higher the question's cosines run in each chunk's language than in the lowest of theirs.

    e5's cosines have a baseline per language pair: an English question sits nearer any
    short Ukrainian line than any Indonesian paragraph, so on an index of both a Ukrainian
    question about an Indonesian article found Ukrainian lines about something else first.
    The baseline is the question's mean cosine to ordinary passages on everyday topics in
    that language (index/search/abstain_background.py, which the answer decision reads the
    same way); a language without such passages gets the mean over all of them. Offsets are
    relative to the lowest baseline among `chunk_ids`' languages, so chunks of one language
    get 0. Only for the default model, whose vectors the background's are.
    """
    none = np.zeros(len(chunk_ids), np.float32)
    background = abstain_background.vectors()
    if (
        query_vector is None
        or snapshot.manifest.model != DEFAULT_MODEL
        or query_vector.shape[-1] != background.shape[1]
    ):
        return none
    languages = _chunk_languages(snapshot, chunk_ids)
    known = Counter(lang for lang in languages if lang)
    if len(known) < 2:
        return none
    # An article too short for the detector to tell is most likely in the index's usual language:
    # the candidates' commonest, so an index of one language (with a few such articles) ranks as before.
    usual = known.most_common(1)[0][0]
    languages = [lang or usual for lang in languages]
    cosines = background @ query_vector.astype(np.float32)
    level = {
        lang: float(cosines[_BACKGROUND_LANGUAGES == lang].mean() if lang in _BACKGROUND_SET else cosines.mean())
        for lang in known
    }
    lowest = min(level.values())
    return np.array([level[lang] - lowest for lang in languages], np.float32)


_BACKGROUND_LANGUAGES = np.array([lang for lang, _ in abstain_background.TEXTS])
_BACKGROUND_SET = frozenset(_BACKGROUND_LANGUAGES.tolist())


def _chunk_languages(snapshot: Snapshot, chunk_ids: np.ndarray) -> list[str]:
    """The language of each chunk's article (as recorded at ingest), aligned with `chunk_ids`."""
    found = snapshot.chunk_languages(chunk_ids.tolist())
    return [found.get(int(chunk_id), "") for chunk_id in chunk_ids]


def _range_answers(
    snapshot: Snapshot,
    in_scores: np.ndarray,
    in_ids: np.ndarray,
    all_scores: np.ndarray,
    all_ids: np.ndarray,
    params: FusionParams,
) -> bool:
    """Whether the range's best passage is about as close to the question as the best anywhere.

    Then a date read from the question filters; otherwise (it names a day whose reports
    are about something else, or is part of a name) it only adds its boost. Cosines
    are compared less hubness, as fusion scores them, so languages compare fairly.
    """
    if not len(in_ids) or not len(all_ids):
        return False

    def best(scores: np.ndarray, ids: np.ndarray) -> float:
        corrected = scores - (params.hub_weight * snapshot.hubness.at(ids) if snapshot.hubness is not None else 0)
        return float(np.max(corrected))

    return best(in_scores, in_ids) >= best(all_scores, all_ids) - params.date_margin


def _lexical_in_range(snapshot: Snapshot, part: LexicalScores, dates: DateFilter, pool: int) -> list[np.ndarray]:
    """Each lexical channel's best chunks among those published in the range."""
    out = []
    for ids, values in part.scores.values():
        days = snapshot.dates.aligned(ids)
        inside = in_days(days, dates.range.start, dates.range.end)
        out.append(ids[_top_positions(np.where(inside, values, 0), pool)])
    return out


def _dense_in_range(
    snapshot: Snapshot, query_vector: np.ndarray, dates: DateFilter, params: FusionParams
) -> tuple[np.ndarray, np.ndarray]:
    """The best (cosines, ids) among the chunks published in the range.

    Exact over the range's own vectors when it holds up to `params.exact_in_range` chunks;
    a wider range is searched in the whole index, deeper in proportion to how little of
    it the range is, and the hits outside it are dropped.
    """
    ids = dates.chunk_ids
    if len(ids) <= params.exact_in_range:
        scores = snapshot.vectors.vectors_for(ids) @ query_vector
        top = np.argsort(-scores, kind="stable")[: params.pool]
        return scores[top].astype(np.float32), ids[top]
    share = len(ids) / max(len(snapshot.vectors), 1)
    depth = min(len(snapshot.vectors), int(params.pool / max(share, 0.01)), 10_000)
    scores, found = snapshot.vectors.search(query_vector, depth)
    keep = np.isin(found, ids)
    return scores[keep][: params.pool], found[keep][: params.pool]


def _dense_scores(
    snapshot: Snapshot,
    candidates: np.ndarray,
    found_ids: np.ndarray,
    found_scores: np.ndarray,
    query_vector: np.ndarray | None,
) -> np.ndarray:
    """Cosine of each candidate to the query: from the search where it was found, else from its stored vector."""
    dense = np.full(len(candidates), np.nan, dtype=np.float32)
    if query_vector is None:
        return dense
    positions = np.searchsorted(candidates, found_ids)
    dense[positions] = found_scores
    missing = np.flatnonzero(np.isnan(dense))
    if len(missing):
        dense[missing] = snapshot.vectors.vectors_for(candidates[missing]) @ query_vector
    return dense


def _top_positions(scores: np.ndarray, n: int) -> np.ndarray:
    """Positions of the `n` best positive scores, best first."""
    positive = np.flatnonzero(scores > 0)  # usually a small share of the corpus
    if len(positive) > n:
        positive = positive[np.argpartition(-scores[positive], n)[:n]]
    return positive[np.argsort(-scores[positive], kind="stable")]
