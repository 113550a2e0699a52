"""Shared pieces of the benchmark: the dev sets, derived corpora, timing and memory helpers."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
EVAL_SETS = ("facqa-train", "warline-dev")
SEED = 20220924


@dataclass(frozen=True)
class Passage:
    id: str
    set: str
    text: str  # what gets embedded (title line + text, as the indexer builds it)


@dataclass(frozen=True)
class Question:
    id: str
    set: str
    question: str
    expected_article_id: str


def eval_root() -> Path:
    return Path(os.environ.get("FRONTLINE_EVAL_DIR", ROOT.parent / "shared" / "eval"))


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def dev_passages(root: Path) -> list[Passage]:
    out = []
    for name in EVAL_SETS:
        for row in read_jsonl(root / name / "articles.jsonl"):
            text = f"{row['title']}\n{row['text']}" if row.get("title") else row["text"]
            out.append(Passage(row["id"], name, text))
    return out


def dev_questions(root: Path) -> list[Question]:
    out = []
    for name in EVAL_SETS:
        for row in read_jsonl(root / name / "questions.jsonl"):
            if row.get("expected_article_id"):
                out.append(Question(row["id"], name, " ".join(row["question"].split()), row["expected_article_id"]))
    return out


def latency_questions(questions: list[Question], n: int) -> list[str]:
    """A fixed sample of dev questions, both sets (Indonesian and English), for timing."""
    rng = np.random.default_rng(SEED)
    picks = rng.choice(len(questions), size=min(n, len(questions)), replace=False)
    return [questions[i].question for i in sorted(picks)]


def warmup_questions(questions: list[Question], timed: list[str], n: int) -> list[str]:
    """`n` other dev questions, asked before timing: a bot answers from a warm process.

    Disjoint from the timed ones, so no cache (stems, n-grams) has seen a timed question.
    """
    seen = set(timed)
    rest = [q.question for q in questions if q.question not in seen]
    picks = np.random.default_rng(SEED + 1).choice(len(rest), size=min(n, len(rest)), replace=False)
    return [rest[i] for i in sorted(picks)]


def derived_pairs(count: int, n_passages: int) -> np.ndarray:
    """`count` distinct (a, b) pairs of dev passages: synthetic chunk = passage a + passage b."""
    rng = np.random.default_rng(SEED)
    seen: set[tuple[int, int]] = set()
    pairs = np.empty((count, 2), dtype=np.int64)
    filled = 0
    while filled < count:
        a, b = (int(x) for x in rng.integers(0, n_passages, 2))
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            pairs[filled] = (a, b)
            filled += 1
    return pairs


def derived_vectors(base: np.ndarray, pairs: np.ndarray, noise: float = 0.0, seed: int = SEED) -> np.ndarray:
    """Normalised sum of the two passages' real embeddings (plus optional Gaussian noise).

    Stands in for embedding the joined text when that would take too long on a CPU;
    the bench output says which sizes use it.
    """
    out = np.empty((len(pairs), base.shape[1]), dtype=np.float32)
    rng = np.random.default_rng(seed)
    for start in range(0, len(pairs), 100_000):  # in blocks: 1M x 384 floats at once is 1.5 GB per temporary
        block = pairs[start : start + 100_000]
        x = base[block[:, 0]] + base[block[:, 1]]
        if noise:
            x += noise * rng.standard_normal(x.shape).astype(np.float32) / np.sqrt(base.shape[1])
        out[start : start + len(block)] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def percentile_ms(seconds: list[float], q: float) -> float:
    return round(float(np.percentile(np.asarray(seconds) * 1000.0, q)), 2)


def rss_mb() -> float:
    """Resident memory of this process now (what the bot would hold), in MB."""
    import psutil

    return round(psutil.Process().memory_info().rss / 2**20, 1)


def folder_mb(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def news_articles(root: Path, count: int, seed: int = SEED + 2, *, prefix: str = "bench-add") -> list[dict]:
    """`count` distinct one-article records of about 1-3 KB (UTF-8), as `index add` reads them.

    Each joins dev passages of one set (Indonesian FacQA; Warline's Ukrainian, Russian and
    English posts) as paragraphs until it passes 1.2 KB, keeping under 3 KB: the length of
    a wire report, where one dev passage alone is a few hundred bytes. The sets alternate,
    so a run of adds mixes scripts and languages. The title is the first passage's opening
    words, as a headline would be.
    """
    rng = np.random.default_rng(seed)
    by_set = {name: read_jsonl(root / name / "articles.jsonl") for name in EVAL_SETS}
    out = []
    for n in range(count):
        rows = by_set[EVAL_SETS[n % len(EVAL_SETS)]]
        texts: list[str] = []
        first: dict = {}
        for i in rng.permutation(len(rows)).tolist():
            text = rows[i]["text"].strip()
            size = len("\n\n".join([*texts, text]).encode())
            if size > 3000:
                continue
            first = first or rows[i]
            texts.append(text)
            if size >= 1200:
                break
        words = first["text"].split()
        record = {
            "id": f"{prefix}-{n}",
            "title": " ".join(words[:8]).rstrip(".,:;"),
            "text": "\n\n".join(texts),
            "publisher": first.get("publisher", ""),
            "source": first.get("source", ""),
            "lang": first.get("lang", ""),
        }
        if first.get("published_at"):
            record["published_at"] = first["published_at"]
        if first.get("url"):
            record["url"] = f"{first['url']}#{n}"
        out.append(record)
    return out
