"""Retrieval and answer quality on a question set: R@1, R@5, MRR, answer-hit, citation correctness."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index import store
from index.answer import build_answer
from index.errors import InputError
from index.retrieval import Mode, retrieve
from index.service import Frontline


@dataclass
class Question:
    id: str
    question: str
    expected_article_id: str = ""
    expected_answers: list[str] = field(default_factory=list)
    expected_passage_contains: str = ""
    expected_date: str = ""
    expected_sources: list[str] = field(default_factory=list)
    kind: str = ""


def load_questions(path: Path) -> list[Question]:
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
            sources = r.get("expected_source_any") or ([r["expected_source"]] if r.get("expected_source") else [])
            questions.append(
                Question(
                    id=str(r.get("id", number)),
                    question=r["question"],
                    expected_article_id=r.get("expected_article_id", ""),
                    expected_answers=list(r.get("expected_answers") or []),
                    expected_passage_contains=r.get("expected_passage_contains", ""),
                    expected_date=r.get("expected_date", ""),
                    expected_sources=sources,
                    kind=r.get("kind", ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: not a question record ({exc.__class__.__name__})") from exc
    if not questions:
        raise InputError(f"{path}: no questions")
    return questions


@dataclass
class Outcome:
    rank: int | None  # 1-based rank of the first correct passage among the citations
    answer_hit: bool | None
    answer_chars: int
    date_ok: bool | None
    source_ok: bool | None


def _is_correct(q: Question, article_id: str, passage: str) -> bool:
    if q.expected_article_id:
        return article_id == q.expected_article_id
    if q.expected_passage_contains:
        return q.expected_passage_contains.casefold() in passage.casefold()
    return False


def evaluate(
    service: Frontline, questions: Sequence[Question], modes: Sequence[Mode], k: int = 5, answers: bool = True
) -> dict[str, dict[str, float]]:
    snapshot = service.snapshot()
    embedder = service.embedder
    vectors = embedder.encode_queries([q.question for q in questions])
    results: dict[str, dict[str, float]] = {}
    for mode in modes:
        outcomes = []
        for q, vector in zip(questions, vectors, strict=True):
            hits = retrieve(snapshot, q.question, vector, k, mode, service.fusion)
            articles = store.articles_by_id(snapshot.conn, [h.chunk.article_id for h in hits])
            rank = next(
                (n for n, h in enumerate(hits, start=1) if _is_correct(q, h.chunk.article_id, h.chunk.text)), None
            )
            answer_hit, answer_chars = None, 0
            if answers:
                answer = build_answer(q.question, vector, hits, articles, embedder, service.answering)
                answer_chars = len(answer.answer)
                if q.expected_answers:
                    answer_hit = any(a.casefold() in answer.answer.casefold() for a in q.expected_answers)
            date_ok = source_ok = None
            if hits and rank == 1:
                top = articles[hits[0].chunk.article_id]
                if q.expected_date:
                    date_ok = (top.published_at or "")[:10] == q.expected_date
                if q.expected_sources:
                    cited = f"{top.publisher} {top.source}".casefold()
                    source_ok = any(s.casefold().lstrip("@") in cited for s in q.expected_sources)
            outcomes.append(Outcome(rank, answer_hit, answer_chars, date_ok, source_ok))
        results[mode] = summarize(outcomes)
    return results


def _share(values: list[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else float("nan")


def summarize(outcomes: list[Outcome]) -> dict[str, float]:
    ranks = [o.rank for o in outcomes]
    return {
        "questions": len(outcomes),
        "r@1": _share([r == 1 for r in ranks]),
        "r@5": _share([r is not None and r <= 5 for r in ranks]),
        "mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 4),
        "answer_hit": _share([o.answer_hit for o in outcomes if o.answer_hit is not None]),
        "median_answer_chars": statistics.median(o.answer_chars for o in outcomes) if outcomes else 0,
        "date_ok": _share([o.date_ok for o in outcomes if o.date_ok is not None]),
        "source_ok": _share([o.source_ok for o in outcomes if o.source_ok is not None]),
    }
