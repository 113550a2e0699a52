"""Fit `index.search.abstain`'s decision on dev questions and report it on held-out ones.

    python -m index.search.abstain_fit EVAL_DIR DATA_DIR [--refresh]

Data: the answerable questions of every set in EVAL_DIR (as `make eval` finds them,
against their indexes in DATA_DIR) are positives, and so are 220 FacQA questions asked
in English and Ukrainian (`tests/data/facqa-translated.jsonl`, 60;
`tests/data/facqa-crosslingual.jsonl`, 160), asked of Indonesian text in another
language like the product's core case; the out-of-corpus questions in
`tests/data/out-of-corpus.jsonl`, asked of every one of those indexes, are negatives.
Each (set, label, across languages or not) group weighs the same in the fit.
Questions are split in two by a hash (answerable ones by their expected article, so
two questions about one passage fall on one side): the model and its thresholds are
fitted on "dev", and the figures printed for "test" are the held-out check. The
seed questions, `tests/data/sample-questions.jsonl` and `tests/data/sample-crosslingual.jsonl`
(the sample article) are only ever held out.

When DATA_DIR/combined holds an index of the sample article plus every set's
articles, the seed and sample questions (held out) and the out-of-corpus ones are
asked of it too.

Thresholds: `cite_at` is half the probability under which 0.5 % of dev answerable
questions (in the worst set) fall; `answer_at` keeps at most 8 % of dev out-of-corpus
questions answered with confidence. The signals of each question are cached in
DATA_DIR/abstain-signals.jsonl (`--refresh` recomputes them).

The sentence cosines depend on how the indexes made their sentence vectors
(FRONTLINE_SENTENCE_VECTORS, recorded by each index): indexes of directly embedded
sentences fit `abstain.CALIBRATION`, pooled ones `abstain.POOLED_CALIBRATION`. The
indexes in DATA_DIR must all be of one mode; it is printed with each set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from index.config import Settings
from index.embed.bulk import sentence_mode
from index.eval.evaluate import Question, load_questions
from index.eval.suite import discover, split_of
from index.search.abstain import CALIBRATION, SIGNALS, Calibration, Signals
from index.search.answer import AnswerParams, answer_signals, best_sentences
from index.search.retrieval import query_vectors, retrieve
from index.service import Frontline

ROOT = Path(__file__).resolve().parents[2]  # the repository (this file: index/search/)
OUT_OF_CORPUS = ROOT / "tests" / "data" / "out-of-corpus.jsonl"
SAMPLE_QUESTIONS = ROOT / "tests" / "data" / "sample-questions.jsonl"
# English and Ukrainian questions about the sample article's other sentences: held out, never fitted.
SAMPLE_CROSSLINGUAL = ROOT / "tests" / "data" / "sample-crosslingual.jsonl"
COMBINED = "combined"
ANSWERED_OUT_OF_CORPUS = 0.92  # quantile of dev out-of-corpus probabilities where confident answers start
# FacQA questions asked in English and Ukrainian: 60 translated by hand, and 160 more
# (`facqa-crosslingual.jsonl`, 80 questions in both languages, its own "split" field).
TRANSLATED = {
    "facqa-train": (
        ROOT / "tests" / "data" / "facqa-translated.jsonl",
        ROOT / "tests" / "data" / "facqa-crosslingual.jsonl",
    )
}


def held_out_questions() -> list[Question]:
    """The sample article's questions (issue 13's and the cross-lingual ones): measured, never fitted."""
    return [q for path in (SAMPLE_QUESTIONS, SAMPLE_CROSSLINGUAL) if path.is_file() for q in load_questions(path)]


def _rows_for(service: Frontline, questions: list[Question], set_name: str, answerable: bool, held_out: bool) -> list:
    snapshot = service.snapshot()
    encoder = snapshot.sentence_encoder(service.embedder)
    params = AnswerParams()
    rows = []
    for q in questions:
        vector = query_vectors(service.embedder, [q.question], service.fusion)[0]
        hits = retrieve(snapshot, q.question, vector, 5, "hybrid", service.fusion)
        if not hits:
            continue
        pick = best_sentences(q.question, vector, hits[: params.sentence_hits], encoder, params)
        s = answer_signals(q.question, hits, pick, vector)
        split = "test" if held_out else split_of(q.expected_article_id or q.id)
        rows.append({"set": set_name, "id": q.id, "answerable": answerable, "split": split, **asdict(s)})
    return rows


def collect(eval_dir: Path, data_dir: Path) -> list[dict]:
    negatives = load_questions(OUT_OF_CORPUS)
    ooc_split = {json.loads(line)["id"]: json.loads(line)["split"] for line in OUT_OF_CORPUS.read_text().splitlines()}
    rows: list[dict] = []
    for spec in discover(eval_dir, data_dir):
        service = Frontline(Settings(FRONTLINE_INDEX_DIR=spec.index))
        held_out = spec.index.name == "samples"
        positives = load_questions(spec.questions)
        if held_out:
            positives += held_out_questions()
        rows += _rows_for(service, positives, spec.name, True, held_out)
        for row in _rows_for(service, negatives, spec.name, False, False):
            rows.append({**row, "split": ooc_split[row["id"]]})
        for extra in TRANSLATED.get(spec.name, ()):  # the set's questions asked in other languages
            if extra.is_file():
                rows += _rows_for(service, load_questions(extra), f"{spec.name}-translated", True, False)
        mode = sentence_mode(service.snapshot().conn)
        counts = f"{len(positives)} answerable, {len(negatives)} out of corpus"
        print(f"{spec.name}: {counts} ({mode} sentence vectors)", file=sys.stderr)
    combined = data_dir / COMBINED  # the sample article among every dev set's articles, if built
    if combined.is_dir():
        service = Frontline(Settings(FRONTLINE_INDEX_DIR=combined))
        positives = [q for path in eval_dir.glob("*.jsonl") for q in load_questions(path)]
        positives += held_out_questions()
        rows += _rows_for(service, positives, COMBINED, True, True)
        for row in _rows_for(service, negatives, COMBINED, False, False):
            rows.append({**row, "split": ooc_split[row["id"]]})
    return rows


def fit(rows: list[dict], l2: float = 1e-2, steps: int = 3000) -> Calibration:
    x = np.array([[r[name] for name in SIGNALS] for r in rows], dtype=np.float64)
    y = np.array([1.0 if r["answerable"] else 0.0 for r in rows])
    # Each (set, label, across languages or not) group weighs the same in all: FacQA's 2,495
    # Indonesian questions must not drown the rest, nor drown the questions asked of its
    # passages in English and Ukrainian, the product's core case.
    groups = [(r["set"].removesuffix("-translated"), r["answerable"], r["cross_language"] > 0) for r in rows]
    counts = {g: groups.count(g) for g in set(groups)}
    w = np.array([1.0 / counts[g] for g in groups])
    w *= len(rows) / w.sum()
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    theta, bias = np.zeros(z.shape[1]), 0.0
    for step in range(steps):  # plain gradient descent: eight weights, a convex loss
        p = 1 / (1 + np.exp(-(z @ theta + bias)))
        g = w * (p - y) / len(y)
        lr = 0.5 if step < steps // 2 else 0.1
        theta -= lr * (z.T @ g + l2 * theta)
        bias -= lr * g.sum()
    probe = Calibration(tuple(mean), tuple(scale), tuple(theta), float(bias), 0.5, 0.0)
    p = np.array([probe.probability(Signals(**{k: r[k] for k in SIGNALS})) for r in rows])
    # Half the lowest set's 0.5 % quantile: a dev set of 30 cross-language questions cannot pin
    # that tail down, and a question declined wrongly costs more than an unrelated passage
    # shown as "may not answer".
    sets = {r["set"] for r in rows if r["answerable"]}
    cite_at = 0.5 * min(float(np.quantile(p[_mask(rows, s, True)], 0.005)) for s in sets)
    negatives = p[[not r["answerable"] for r in rows]]
    answer_at = max(float(np.quantile(negatives, ANSWERED_OUT_OF_CORPUS)), cite_at)
    return Calibration(
        tuple(round(float(v), 5) for v in mean),
        tuple(round(float(v), 5) for v in scale),
        tuple(round(float(v), 4) for v in theta),
        round(float(bias), 4),
        round(answer_at, 4),
        round(cite_at, 4),
    )


def _mask(rows: list[dict], set_name: str, answerable: bool) -> np.ndarray:
    return np.array([r["set"] == set_name and r["answerable"] == answerable for r in rows])


def report(rows: list[dict], calibration: Calibration, split: str) -> str:
    lines = [f"{split}: set, answerable declined / low / n, out-of-corpus declined / low / high / n"]
    for name in sorted({r["set"] for r in rows}):
        pos = [calibration.decide(Signals(**{k: r[k] for k in SIGNALS})) for r in rows
               if r["set"] == name and r["answerable"] and r["split"] == split]  # fmt: skip
        neg = [calibration.decide(Signals(**{k: r[k] for k in SIGNALS})) for r in rows
               if r["set"] == name and not r["answerable"] and r["split"] == split]  # fmt: skip
        lines.append(
            f"  {name:<22} {_share(pos, 'none')} / {_share(pos, 'low')} / {len(pos):>4}   "
            f"{_share(neg, 'none')} / {_share(neg, 'low')} / {_share(neg, 'high')} / {len(neg)}"
        )
    return "\n".join(lines)


def _share(decisions: Sequence[str], kind: str) -> str:
    return f"{sum(d == kind for d in decisions) / len(decisions):.3f}" if decisions else "  -  "


def _signals(eval_dir: Path, data_dir: Path, refresh: bool) -> list[dict]:
    cache = data_dir / "abstain-signals.jsonl"
    if refresh or not cache.is_file():
        rows = collect(eval_dir, data_dir)
        cache.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]


# The signals that read the stored sentence vectors; the others do not change with them.
SENTENCE_SIGNALS = ("sentence", "sentence_lead")


def matched(calibration: Calibration, before: list[dict], after: list[dict]) -> Calibration:
    """`calibration` for other sentence vectors: each sentence signal standardised by its new mean and spread.

    `before` and `after` are the same questions' signals over indexes with the old and the new
    sentence vectors; a signal's mean moves by its shift between them and its scale by the ratio
    of their spreads, so that the fitted weights and thresholds read the new cosines as they read
    the old ones.
    """
    key = lambda r: (r["set"], r["id"], r["answerable"])  # noqa: E731
    old = {key(r): r for r in before}
    pairs = [(old[key(r)], r) for r in after if key(r) in old]
    mean, scale = list(calibration.mean), list(calibration.scale)
    for name in SENTENCE_SIGNALS:
        i = SIGNALS.index(name)
        a = np.array([o[name] for o, _ in pairs])
        b = np.array([n[name] for _, n in pairs])
        mean[i] = round(float(calibration.mean[i] + b.mean() - a.mean()), 5)
        scale[i] = round(float(calibration.scale[i] * b.std() / max(float(a.std()), 1e-9)), 5)
    return replace(calibration, mean=tuple(mean), scale=tuple(scale))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.search.abstain_fit", description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--refresh", action="store_true", help="recompute the cached signals")
    parser.add_argument(
        "--matched-to",
        type=Path,
        metavar="DIRECT_DATA_DIR",
        help="no new weights: abstain.CALIBRATION with its sentence signals moved by their dev shift from"
        " DIRECT_DATA_DIR's indexes to DATA_DIR's (the same sets, other sentence vectors)",
    )
    args = parser.parse_args(argv)
    rows = _signals(args.eval_dir, args.data_dir, args.refresh)
    dev = [r for r in rows if r["split"] == "dev"]
    if args.matched_to is not None:
        direct = [r for r in _signals(args.eval_dir, args.matched_to, args.refresh) if r["split"] == "dev"]
        calibration = matched(CALIBRATION, direct, dev)
    else:
        calibration = fit(dev)
    print(calibration)
    print(report(rows, calibration, "dev"))
    print(report(rows, calibration, "test"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
