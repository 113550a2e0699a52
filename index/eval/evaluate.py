"""Retrieval and answer quality on a question set: R@1, R@5, MRR, answer-hit, citation correctness, abstention.

Abstention: answerable questions declined or marked low-confidence, out-of-corpus questions abstained on.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from index.errors import InputError
from index.search.pipeline import Asked, QuestionPipeline
from index.search.retrieval import MODES, Mode
from index.service import Frontline

OUT_OF_CORPUS = "out-of-corpus"  # the kind of questions the corpus does not answer


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
    answerable: bool = True  # False: an out-of-corpus question, which should get no answer text


def load_questions(path: Path) -> list[Question]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("questions_unreadable", label=path, reason=exc.__class__.__name__) from exc
    questions = []
    for number, line in enumerate(text.splitlines(), start=1):
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
                    answerable=bool(r.get("answerable", r.get("kind") != OUT_OF_CORPUS)),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError("question_record", label=f"{path}:{number}", reason=exc.__class__.__name__) from exc
    if not questions:
        raise InputError("no_questions", label=path)
    return questions


def parse_modes(text: str) -> list[Mode]:
    """Parse a comma-separated list of modes (dense,bm25,hybrid), in order; an unknown mode is an input error."""
    modes = [m.strip() for m in text.split(",") if m.strip()]
    unknown = [m for m in modes if m not in MODES]
    if unknown or not modes:
        raise InputError("unknown_mode", modes=", ".join(unknown) or "(none)", choices=", ".join(MODES))
    return cast(list[Mode], list(dict.fromkeys(modes)))


def of_kind(questions: Sequence[Question], kind: str) -> list[Question]:
    """The questions of one kind (all of them for an empty kind)."""
    selected = [q for q in questions if not kind or q.kind == kind]
    if not selected:
        raise InputError("no_questions_of_kind", kind=kind)
    return selected


@dataclass
class Outcome:
    rank: int | None  # 1-based rank of the first correct passage among the citations
    answer_hit: bool | None
    answer_chars: int
    date_ok: bool | None
    source_ok: bool | None
    answerable: bool = True
    confidence: str = "high"  # "high", "low" (closest passages, no answer text) or "none" (nothing found)


def _is_correct(q: Question, article_id: str, passage: str) -> bool:
    if q.expected_article_id:
        return article_id == q.expected_article_id
    if q.expected_passage_contains:
        return q.expected_passage_contains.casefold() in passage.casefold()
    return False


def evaluate(
    service: Frontline, questions: Sequence[Question], modes: Sequence[Mode], k: int = 5, answers: bool = True
) -> dict[str, dict[str, float]]:
    outcomes: dict[str, list[Outcome]] = {mode: [] for mode in modes}
    for mode, q, asked in evaluation_runs(service, questions, modes, k, answers):
        outcomes[mode].append(outcome(q, asked))
    return {mode: summarize(found) for mode, found in outcomes.items()}


def evaluation_pipeline(service: Frontline) -> QuestionPipeline:
    """`ask`'s pipeline, less the grouping of copies: ranks are scored over the k passages retrieved."""
    return QuestionPipeline(
        service.snapshot(), service.embedder, service.fusion, replace(service.answering, one_per_story=False)
    )


def evaluation_runs(
    service: Frontline, questions: Sequence[Question], modes: Sequence[Mode], k: int = 5, answers: bool = True
) -> Iterator[tuple[Mode, Question, Asked]]:
    """Each question through the question pipeline in each mode, mode by mode (`answers`: with the answer step).

    A question is read and encoded once, alone, as `ask` reads and encodes it (a lone
    short question runs on its own static-shaped model, whose vectors differ from a
    batch's in the third decimal); every mode searches with that one vector.
    """
    pipeline = evaluation_pipeline(service)
    queries = [pipeline.read(q.question) for q in questions]
    vectors = [pipeline.encode(query) for query in queries]
    for mode in modes:
        for q, query, vector in zip(questions, queries, vectors, strict=True):
            yield mode, q, pipeline.search(query, k, mode, vector=vector, answer=answers)


def outcome(q: Question, asked: Asked) -> Outcome:
    """How `asked` (one question's pipeline run) fares against what `q` expects."""
    hits, articles = asked.hits, asked.articles
    rank = next((n for n, h in enumerate(hits, start=1) if _is_correct(q, h.chunk.article_id, h.chunk.text)), None)
    answer_hit, answer_chars, confidence = None, 0, "high"
    if asked.answer is not None:
        answer = asked.answer
        confidence = answer.confidence if answer.found else "none"
        given = answer.answer if confidence == "high" else ""
        answer_chars = len(given)
        if q.expected_answers:
            answer_hit = any(a.casefold() in given.casefold() for a in q.expected_answers)
    date_ok = source_ok = None
    if hits and rank == 1:
        top = articles[hits[0].chunk.article_id]
        if q.expected_date:
            date_ok = (top.published_at or "")[:10] == q.expected_date
        if q.expected_sources:
            cited = f"{top.publisher} {top.source}".casefold()
            source_ok = any(s.casefold().lstrip("@") in cited for s in q.expected_sources)
    return Outcome(rank, answer_hit, answer_chars, date_ok, source_ok, q.answerable, confidence)


def _share(values: list[bool]) -> float:
    return round(sum(values) / len(values), 4) if values else float("nan")


def summarize(outcomes: list[Outcome]) -> dict[str, float]:
    """Retrieval and answer metrics over the answerable questions; abstention over the out-of-corpus ones.

    declined: answerable questions told "nothing found" (false abstention); low: answerable
    questions given only the closest passages, marked uncertain; ooc_abstained: out-of-corpus
    questions given no answer text (nothing found, or closest passages marked uncertain).
    """
    answerable = [o for o in outcomes if o.answerable]
    ranks = [o.rank for o in answerable]
    answered = [o.answer_chars for o in answerable if o.confidence == "high"]
    return {
        "questions": len(outcomes),
        "r@1": _share([r == 1 for r in ranks]),
        "r@5": _share([r is not None and r <= 5 for r in ranks]),
        "mrr": round(sum(1 / r for r in ranks if r) / len(ranks), 4) if ranks else float("nan"),
        "answer_hit": _share([o.answer_hit for o in answerable if o.answer_hit is not None]),
        "median_answer_chars": statistics.median(answered) if answered else float("nan"),
        "date_ok": _share([o.date_ok for o in answerable if o.date_ok is not None]),
        "source_ok": _share([o.source_ok for o in answerable if o.source_ok is not None]),
        "declined": _share([o.confidence == "none" for o in answerable]),
        "low": _share([o.confidence == "low" for o in answerable]),
        "ooc_abstained": _share([o.confidence != "high" for o in outcomes if not o.answerable]),
    }


COLUMNS = (
    ("questions", "n"), ("r@1", "R@1"), ("r@5", "R@5"), ("mrr", "MRR"), ("answer_hit", "ans-hit"),
    ("median_answer_chars", "med.chars"), ("date_ok", "date ok"), ("source_ok", "src ok"),
    ("declined", "declined"), ("low", "low"), ("ooc_abstained", "ooc abst."),
)  # fmt: skip


def as_json(results: dict[str, dict[str, float]]) -> dict[str, dict[str, float | None]]:
    """Results with "not applicable" (NaN) as null, so the JSON is valid."""
    return {mode: {k: None if math.isnan(v) else v for k, v in m.items()} for mode, m in results.items()}


def format_table(rows: Sequence[tuple[str, str, dict[str, float]]]) -> str:
    """Plain-text table, one line per (question set, mode); "-" where a metric does not apply."""
    header = ["set", "mode", *(title for _, title in COLUMNS)]
    lines = [[name, mode, *(_cell(key, metrics[key]) for key, _ in COLUMNS)] for name, mode, metrics in rows]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]
    # Names left-aligned, numbers right-aligned.
    return "\n".join(
        "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True)))
        for row in [header, *lines]
    )


def _cell(key: str, value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:g}" if key in ("questions", "median_answer_chars") else f"{value:.3f}"
