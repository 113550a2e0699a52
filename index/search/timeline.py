"""Timelines: dated, cited reports about a topic in date order, near-identical reports merged into one entry.

The topic is retrieved like a question (hybrid, cross-lingual: an English topic finds
Ukrainian and Indonesian reports), one passage per article, from a deeper pool. A passage is
kept when its hubness-corrected cosine to the topic is close to the best passage's, or a
little further when it shares the topic's words or names (transliterated across scripts);
e5-small's cosines alone barely tell a short off-topic report from an on-topic one in
another language; undated articles cannot be placed and are left out. Reports of one
event (passage vectors at cosine ≥ `merge_cosine`, published within `merge_days`) become
one entry, dated by its first report, listing the others. The best `k` entries are shown
in date order; `counts` has every kept report per day, for the chart (index/search/timeline_plot.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from datetime import date

import numpy as np

from index.embed.bulk import answer_sentences
from index.embed.embedder import Embedder
from index.ingest.articles import Article
from index.search.answer import AnswerParams, best_sentences
from index.search.pipeline import QuestionPipeline
from index.search.retrieval import FusionParams, Hit
from index.search.when import DateRange
from index.store.reader import Snapshot


@dataclass(frozen=True)
class TimelineParams:
    pool: int = 120  # passages (one per article) considered
    # Kept: hubness-corrected cosine to the topic within `close` of the best passage's, or
    # within `spread` when the passage also shares the topic's words or transliterated names.
    close: float = 0.02
    spread: float = 0.05
    shared_words: float = 0.3  # words channel: share of the topic's terms
    shared_names: float = 0.1  # grams channel (transliterated 4-grams: "Chornobyl" ~ "Чорнобиль")
    merge_cosine: float = 0.95  # passages this alike, published within merge_days, report one event
    merge_days: int = 2


@dataclass
class Report:
    """One article's report of an entry's event."""

    published_at: str
    article_id: str
    title: str
    publisher: str
    source: str
    url: str


@dataclass
class Entry:
    published_at: str  # the first report's
    article_id: str
    title: str
    passage: str
    fact: str  # the passage's sentence closest to the topic
    publisher: str
    source: str
    url: str
    score: float
    also: list[Report] = field(default_factory=list)  # near-identical reports by others, in date order

    def to_json(self) -> dict:
        return {**asdict(self), "also": [asdict(r) for r in self.also]}

    @property
    def day(self) -> str:
        return self.published_at[:10]


@dataclass
class Timeline:
    topic: str
    entries: list[Entry]  # in date order
    counts: list[tuple[str, int]]  # (YYYY-MM-DD, reports that day), every kept report, in date order
    date_range: tuple[str, str] | None = None  # publication days searched ("" open), None: all

    def to_json(self) -> dict:
        return {
            "topic": self.topic,
            "date_range": {"from": self.date_range[0] or None, "to": self.date_range[1] or None}
            if self.date_range
            else None,
            "entries": [e.to_json() for e in self.entries],
            "counts": [{"day": day, "reports": n} for day, n in self.counts],
        }


def build_timeline(
    snapshot: Snapshot,
    embedder: Embedder,
    topic: str,
    k: int = 12,
    dates: DateRange | None = None,
    as_of: date | None = None,
    fusion: FusionParams | None = None,
    params: TimelineParams = TimelineParams(),
) -> Timeline:
    """The `k` most relevant events about `topic`, in date order (see the module docstring)."""
    fusion = fusion or FusionParams()
    # The question pipeline's first stages, one passage per article, copies kept apart (they are merged below).
    pipeline = QuestionPipeline(snapshot, embedder, replace(fusion, per_article=1), AnswerParams(one_per_story=False))
    found = pipeline.ask(topic, params.pool, "hybrid", dates=dates, as_of=as_of, answer=False)
    query, vector, articles = found.query, found.vector, found.articles
    hits = [h for h in found.hits if _day(articles[h.chunk.article_id])]
    if hits:
        relevance = _relevance(snapshot, hits, fusion)
        best = float(relevance.max())
        hits = [h for h, r in zip(hits, relevance, strict=True) if _on_topic(h, float(r), best, params)]
    groups = _merge(snapshot, hits, articles, params)
    chosen = sorted(groups, key=lambda g: -max(h.score for h in g))[:k]
    sentences = snapshot.sentence_encoder(embedder)
    # The entries' candidate sentences in one model call where the index stores none (lazy), not one an entry.
    sentences.encode_passages([text for group in chosen for text in answer_sentences(group[0].chunk.text)])
    entries = [_entry(group, articles, best_sentences(query.text, vector, [group[0]], sentences, AnswerParams()).text)
               for group in chosen]  # fmt: skip
    entries.sort(key=lambda e: (e.published_at[:10], e.published_at, e.article_id))
    counts = sorted(Counter(_day(articles[h.chunk.article_id]) for h in hits).items())
    applied = query.dates.range.as_strings() if query.dates else None
    return Timeline(topic, entries, counts, applied)


def _relevance(snapshot: Snapshot, hits: list[Hit], fusion: FusionParams) -> np.ndarray:
    """Cosine to the topic less the passage's hubness (as retrieval corrects it): comparable across languages.

    The fused score is not: a passage in the topic's language also scores on shared words.
    """
    dense = np.array([h.dense for h in hits], dtype=np.float32)
    if snapshot.hubness is None:
        return dense
    return dense - fusion.hub_weight * snapshot.hubness.at(np.array([h.chunk.id for h in hits], dtype=np.int64))


def _on_topic(hit: Hit, relevance: float, best: float, params: TimelineParams) -> bool:
    if relevance >= best - params.close:
        return True
    words, names = hit.lexical.get("words", 0.0), hit.lexical.get("grams", 0.0)
    shares = words >= params.shared_words or names >= params.shared_names
    return shares and relevance >= best - params.spread


def _day(article: Article) -> str:
    return (article.published_at or "")[:10]


def _merge(
    snapshot: Snapshot, hits: list[Hit], articles: dict[str, Article], params: TimelineParams
) -> list[list[Hit]]:
    """Reports of one event together, best-scoring first; each group's first report is its earliest."""
    if not hits:
        return []
    vectors = snapshot.vectors.vectors_for(np.array([h.chunk.id for h in hits], dtype=np.int64))
    similar = vectors @ vectors.T
    days = [date.fromisoformat(_day(articles[h.chunk.article_id])).toordinal() for h in hits]
    groups: list[list[int]] = []
    for i in range(len(hits)):  # hits come best first
        home = next(
            (g for g in groups
             if similar[i, g[0]] >= params.merge_cosine and abs(days[i] - days[g[0]]) <= params.merge_days),
            None,
        )  # fmt: skip
        if home is None:
            groups.append([i])
        else:
            home.append(i)
    return [sorted((hits[i] for i in g), key=lambda h: articles[h.chunk.article_id].published_at or "") for g in groups]


def _entry(group: list[Hit], articles: dict[str, Article], fact: str) -> Entry:
    first = articles[group[0].chunk.article_id]
    also = [_report(articles[h.chunk.article_id]) for h in group[1:]]
    return Entry(
        published_at=first.published_at or "",
        article_id=first.id,
        title=first.title,
        passage=group[0].chunk.text,
        fact=fact,
        publisher=first.publisher,
        source=first.source,
        url=first.url,
        score=round(max(h.score for h in group), 4),
        also=also,
    )


def _report(article: Article) -> Report:
    return Report(article.published_at or "", article.id, article.title, article.publisher, article.source, article.url)
