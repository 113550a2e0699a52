"""Fit the answer step's sentence weights (`answer.SENTENCE_WEIGHTS`) and report them on held-out questions.

    python -m index.search.sentence_fit EVAL_DIR DATA_DIR

For every answerable question with expected answers in EVAL_DIR (as `make eval` finds the
sets, against their indexes in DATA_DIR), the answer step's candidates are the answer
sentences of the first `AnswerParams.sentence_hits` passages retrieved (hybrid), each
described by `answer.sentence_features`. A candidate is right when the text the answer would
show (the sentence, with its neighbour when short) holds an expected answer. The weights
maximise the probability of the right candidates under a softmax over each question's
candidates (a conditional logit, L2-regularised), so the highest score is the answer, fitted
on the "dev" half of the questions (`suite.split_of`, by expected article: two questions about
one passage fall on one side, or a record's own "split") and reported on the "test" half. FacQA's
questions asked in English and Ukrainian (`abstain_fit.TRANSLATED`) are a set of their own, and
each set weighs the same in the fit. The sample article's questions
(`tests/data/sample-questions.jsonl`, `sample-crosslingual.jsonl`) are only ever held out.

Printed: answer-hit (the shown text holds an expected answer) with the hand-set weights, the
weights in `answer.py` and the ones fitted now, per set and split, then the fitted weights.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.config import Settings
from index.eval.evaluate import Question, evaluation_pipeline, load_questions
from index.eval.suite import discover, split_of
from index.search.abstain_fit import TRANSLATED, held_out_questions
from index.search.answer import SENTENCE_FEATURES, SENTENCE_WEIGHTS, AnswerParams, sentence_features
from index.service import Frontline
from index.text.sentences import Sentence, is_answer_sentence, split_sentences

L2 = 1e-3
HAND_WEIGHTS = (1.0, -0.01, 0.04, 0.05)  # the weights set by hand before the first fit


@dataclass
class Candidates:
    """One question's candidate sentences: their features and which ones would show an expected answer."""

    set_name: str
    split: str
    features: np.ndarray  # (n, len(SENTENCE_FEATURES))
    right: np.ndarray  # (n,) bool


def candidates_of(
    service: Frontline, questions: list[Question], set_name: str, held_out: bool, splits: dict[str, str] | None = None
) -> list[Candidates]:
    pipeline = evaluation_pipeline(service)
    encoder = pipeline.snapshot.sentence_encoder(service.embedder)
    params = AnswerParams()
    out = []
    for q in questions:
        if not (q.answerable and q.expected_answers):
            continue
        asked = pipeline.search(pipeline.read(q.question), 5, "hybrid", answer=False)
        found: list[tuple[int, int, Sentence]] = []
        shown: list[str] = []
        for rank, hit in enumerate(asked.hits[: params.sentence_hits]):
            sentences = [s for s in split_sentences(hit.chunk.text) if is_answer_sentence(s.text)]
            for i, sentence in enumerate(sentences):
                found.append((rank, i, sentence))
                pair = len(sentence.text) < params.pair_below and i + 1 < len(sentences)
                shown.append(f"{sentence.text} {sentences[i + 1].text}" if pair else sentence.text)
        if not found:
            continue
        similarity = encoder.encode_passages([s.text for _, _, s in found]) @ asked.vector
        expected = [a.casefold() for a in q.expected_answers]
        right = np.array([any(a in text.casefold() for a in expected) for text in shown])
        split = "held out" if held_out else (splits or {}).get(q.id) or split_of(q.expected_article_id or q.id)
        out.append(Candidates(set_name, split, sentence_features(q.question, found, similarity), right))
    return out


def fit(rows: list[Candidates]) -> np.ndarray:
    """Weights maximising the summed log-probability of each question's right candidates."""
    from scipy.optimize import minimize

    usable = [r for r in rows if r.right.any() and len(r.right) > 1]
    groups = Counter(r.set_name for r in usable)
    weight = {name: len(usable) / (len(groups) * n) for name, n in groups.items()}  # each set weighs the same
    scale = np.concatenate([r.features for r in usable]).std(axis=0)
    scale[scale == 0] = 1.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(w)
        for r in usable:
            x = r.features / scale
            z = x @ w
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            right = p[r.right].sum()
            total -= weight[r.set_name] * np.log(right)
            # d/dw of -log(sum_right p) = E_p[x] - E_{p | right}[x]
            grad += weight[r.set_name] * (p @ x - (p[r.right] @ x[r.right]) / right)
        n = len(usable)
        return total / n + L2 * float(w @ w), grad / n + 2 * L2 * w

    start = np.asarray(HAND_WEIGHTS) * scale
    result = minimize(loss, start, jac=True, method="L-BFGS-B")
    weights = result.x / scale
    return weights / weights[SENTENCE_FEATURES.index("cosine")]  # cosine weighs 1, as in the hand-set score


def hit_rate(rows: list[Candidates], weights: np.ndarray | tuple[float, ...]) -> float:
    w = np.asarray(weights)
    return float(np.mean([r.right[int(np.argmax(r.features @ w))] for r in rows])) if rows else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("data_dir", type=Path)
    args = parser.parse_args()
    rows: list[Candidates] = []
    for spec in discover(args.eval_dir, args.data_dir):
        service = Frontline(Settings(_env_file=None, FRONTLINE_INDEX_DIR=spec.index))
        rows += candidates_of(service, load_questions(spec.questions), spec.name, held_out=spec.name.startswith("seed"))
        if spec.name.startswith("seed"):
            rows += candidates_of(service, held_out_questions(), "sample (en/uk/id)", held_out=True)
        for path in TRANSLATED.get(spec.name, ()):  # the set's questions asked in English and Ukrainian
            records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            splits = {r["id"]: r["split"] for r in records if r.get("split")}
            rows += candidates_of(service, load_questions(path), f"{spec.name} (en/uk)", False, splits)
    weights = fit([r for r in rows if r.split == "dev"])
    print(f"{'set':<24} {'split':<9} {'n':>5} {'hand':>6} {'in use':>6} {'fitted':>6}")
    for name in dict.fromkeys(r.set_name for r in rows):
        for split in ("dev", "test", "held out"):
            part = [r for r in rows if r.set_name == name and r.split == split]
            if part:
                hand, used, fitted = (hit_rate(part, w) for w in (HAND_WEIGHTS, SENTENCE_WEIGHTS, weights))
                print(f"{name:<24} {split:<9} {len(part):>5} {hand:6.3f} {used:6.3f} {fitted:6.3f}")
    print("SENTENCE_WEIGHTS = (" + ", ".join(f"{w:.4g}" for w in weights) + ")")
    for name, w in zip(SENTENCE_FEATURES, weights, strict=True):
        print(f"  {name:<14} {w:+.4f}")


if __name__ == "__main__":
    main()
