"""Lexical postings kept per segment against the one bm25s index per write they replace.

    python -m bench.lexical_segments [--chunks 100000] [--questions 50] [--json OUT]

A synthetic corpus of real sentences: each chunk joins three dev passages (FacQA,
Warline: Indonesian and English; tests/data when the dev sets are absent) and four
rare pseudo-words drawn with Zipf frequencies, so the vocabulary has the long tail of a
real index. It measures the cost of a write (analysis, postings, the old bm25s build),
of a reader opening segments (load, `LexicalChannel.over`, in-memory merges), and the
latency of `scores` + `coverage` with the index split in several ways, beside the old
bm25s channel's latency over the same chunks.

Latency (CPU time) is measured three ways: `cold` keeps no term between questions (every
term's postings gathered afresh: the worst case), `fresh` asks the timed questions of a
channel just opened (its cache fills as they come: the first questions after a write),
`warm` first asks 200 other dev questions (a process that has answered for a while).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import bm25s
import numpy as np

from bench.common import ROOT, SEED, dev_passages, dev_questions, eval_root, latency_questions, read_jsonl
from bench.common import warmup_questions as other_questions
from index.store.lexical import ANALYZERS, LexicalChannel, Postings
from index.text.analysis import is_number_term


class Channel(Protocol):
    def scores(self, question: str) -> np.ndarray: ...
    def coverage(self, question: str) -> np.ndarray: ...


class OldChannel:
    """The previous implementation (one bm25s index over the whole corpus), for comparison."""

    def __init__(self, name: str, corpus: list[list[str]]) -> None:
        self.name = name
        self.n = len(corpus)
        self.retriever = bm25s.BM25()
        self.retriever.index(corpus, show_progress=False)
        data, indptr = self.retriever.scores["data"], self.retriever.scores["indptr"]
        self.term_max = np.zeros(len(indptr) - 1, dtype=np.float32)
        nonempty = np.diff(indptr) > 0
        self.term_max[nonempty] = np.maximum.reduceat(data, indptr[:-1][nonempty])

    def scores(self, question: str) -> np.ndarray:
        vocab = self.retriever.vocab_dict
        all_terms = ANALYZERS[self.name](question)
        terms = [t for t in all_terms if t in vocab]
        if not terms:
            return np.zeros(self.n, np.float32)
        ceiling = float(sum(self.term_max[vocab[t]] for t in terms))
        return (self.retriever.get_scores(terms) * (len(terms) / len(all_terms) / ceiling)).astype(np.float32)

    def coverage(self, question: str) -> np.ndarray:
        found = np.zeros(self.n, np.float32)
        terms = list(dict.fromkeys(ANALYZERS[self.name](question)))
        if not terms:
            return found
        vocab, matrix = self.retriever.vocab_dict, self.retriever.scores
        indptr, rows = matrix["indptr"], matrix["indices"]
        found_numbers = np.zeros(self.n, np.float32)
        total = 0.0
        for term in terms:
            column = vocab.get(term)
            docs = rows[indptr[column] : indptr[column + 1]] if column is not None else rows[:0]
            weight = float(np.log1p((self.n - len(docs) + 0.5) / (len(docs) + 0.5)))
            total += weight
            (found_numbers if is_number_term(term) else found)[docs] += weight
        found += np.where(found > 0, found_numbers, 0)
        return found / np.float32(total)

    def nbytes(self) -> int:
        matrix = self.retriever.scores
        return sum(matrix[k].nbytes for k in ("data", "indices", "indptr")) + _strings_bytes(self.retriever.vocab_dict)


def _strings_bytes(terms: Sequence[str] | dict[str, int]) -> int:
    # The Python strings alone (the list or dict holding them adds 8-100 bytes a term).
    return sum(sys.getsizeof(t) for t in terms)


def _dev_or_test_rows() -> list[dict]:
    return [row for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")) for row in read_jsonl(path)]


def source_texts() -> list[str]:
    root = eval_root()
    if (root / "facqa-train").exists():
        return [p.text for p in dev_passages(root)]
    texts = [row.get("text") or "" for row in _dev_or_test_rows()]
    texts += [p for path in sorted((ROOT / "samples").glob("*.txt")) for p in path.read_text().split("\n\n")]
    return [t for t in texts if t.strip()]


def timed_and_other_questions(n: int, others: int) -> tuple[list[str], list[str]]:
    root = eval_root()
    if (root / "facqa-train").exists():
        pool = dev_questions(root)
        timed = latency_questions(pool, n)
        return timed, other_questions(pool, timed, others)
    asked = [row["question"] for row in _dev_or_test_rows() if row.get("question")]
    return asked[:n], asked[n : n + others]


def pseudo_words(rng: np.random.Generator, n: int) -> list[str]:
    syllables = [c + v for c in "bdgklmnprstvz" for v in "aeiou"] + ["kh", "sch", "ow", "enko", "ska"]
    lengths = rng.integers(2, 5, n).tolist()
    picks = rng.integers(0, len(syllables), (n, 4)).tolist()
    return sorted(
        {"".join(syllables[k] for k in row[:size]).capitalize() for row, size in zip(picks, lengths, strict=True)}
    )


def synthetic_corpus(chunks: int) -> list[str]:
    rng = np.random.default_rng(SEED)
    passages = source_texts()
    rare = pseudo_words(rng, 150_000)
    zipf = 1.0 / np.arange(1, len(rare) + 1) ** 1.1
    picks = rng.integers(0, len(passages), (chunks, 3)).tolist()
    names = rng.choice(len(rare), (chunks, 4), p=zipf / zipf.sum()).tolist()
    return [
        " ".join([passages[a], passages[b], passages[c]] + [rare[k] for k in row])
        for (a, b, c), row in zip(picks, names, strict=True)
    ]


def seconds(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def ms(values: list[float], p: float = 50) -> float:
    return round(float(np.percentile(values, p)) * 1000, 2)


def cpu_seconds(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def paired(old: Channel, new: Channel, asked: list[str], rounds: int) -> dict[str, float]:
    """Each question asked of the old channel, then of the new one, `rounds` times; the fastest of each counts.

    Timed in CPU time, and the two asked back to back, so that other load on the
    machine neither slows one down nor tilts the comparison (all of it is one thread).
    """
    took = np.zeros((rounds, len(asked), 4))  # old scores, old coverage, new scores, new coverage
    for r in range(rounds):
        for i, q in enumerate(asked):
            for j, call in enumerate((old.scores, old.coverage, new.scores, new.coverage)):
                took[r, i, j] = cpu_seconds(lambda call=call, q=q: call(q))
    best = took.min(axis=0)
    old_both, new_both = best[:, 0] + best[:, 1], best[:, 2] + best[:, 3]
    return {
        "p50": ms(list(new_both)),
        "p95": ms(list(new_both), 95),
        "old_p50": ms(list(old_both)),
        "ratio_p50": round(float(np.median(new_both / old_both)), 2),
        "scores_p50": ms(list(best[:, 2])),
        "old_scores_p50": ms(list(best[:, 0])),
        "coverage_p50": ms(list(best[:, 3])),
        "old_coverage_p50": ms(list(best[:, 1])),
    }


def cold_and_warm(
    make: Callable[[int | None], LexicalChannel], old: Channel, asked: list[str], others: list[str]
) -> dict:
    out = {"cold": paired(old, make(0), asked, rounds=3)}
    out["fresh"] = paired(old, make(None), asked, rounds=1)
    warm = make(None)
    for q in others:
        warm.scores(q), warm.coverage(q)
    out["warm"] = paired(old, warm, asked, rounds=1)  # each timed question asked for the first time
    out["cached_mb"] = round(warm.cache.size * 12 / 2**20, 1)
    return out


def postings_nbytes(p: Postings) -> int:
    arrays = (p.chunk_ids, p.indptr, p.docs, p.tf, p.doc_len)
    return sum(a.nbytes for a in arrays) + _strings_bytes(p.terms)


def over(name: str, parts: list[tuple[Postings, np.ndarray]]) -> Callable[[int | None], LexicalChannel]:
    def make(cached: int | None) -> LexicalChannel:
        if cached is None:
            return LexicalChannel.over(name, parts)
        return LexicalChannel.over(name, parts, cached_postings=cached)

    return make


def everything(postings: Postings) -> np.ndarray:
    return np.ones(len(postings.chunk_ids), bool)


def bench_channel(name: str, texts: list[str], asked: list[str], others: list[str], parts_n: int) -> dict:
    n = len(texts)
    ids = np.arange(1, n + 1, dtype=np.int64)
    out: dict = {"chunks": n}
    analyze = ANALYZERS[name]
    took, corpus = seconds(lambda: [analyze(t) for t in texts])
    out["analysis_s_per_1k"] = round(took / n * 1000, 3)
    # A write: a segment of its new chunks (analysis included, as a writer pays it).
    out["segment_build_s_per_1k"] = round(seconds(lambda: Postings.build(name, ids[:1000], texts[:1000]))[0], 3)

    size = n // parts_n
    bounds = [(i * size, n if i == parts_n - 1 else (i + 1) * size) for i in range(parts_n)]
    took, parts = seconds(lambda: [Postings.from_terms(name, ids[a:b], corpus[a:b]) for a, b in bounds])
    out["postings_from_analysed_s_per_1k"] = round(took / n * 1000, 3)
    took, old = seconds(lambda: OldChannel(name, corpus))
    out["old_bm25s_index_s"] = round(took, 2)
    out["old_build_with_analysis_s"] = round(took + out["analysis_s_per_1k"] * n / 1000, 2)
    took, whole = seconds(lambda: Postings.merge(name, [(p, everything(p)) for p in parts]))
    out[f"merge_{parts_n}_parts_s"] = round(took, 2)
    out["postings"], out["terms"] = int(len(whole.docs)), len(whole.terms)
    out["memory_mb"] = round(postings_nbytes(whole) / 2**20, 1)
    out["old_memory_mb"] = round(old.nbytes() / 2**20, 1)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.npz"
        out["save_s"] = round(seconds(lambda: whole.save(path))[0], 2)
        out["file_mb"] = round(path.stat().st_size / 2**20, 1)
        out["load_ms"] = round(min(seconds(lambda: Postings.load(path))[0] for _ in range(3)) * 1000, 1)
        loaded = Postings.load(path)
        out["vocab_dict_ms"] = round(seconds(lambda: loaded.vocab)[0] * 1000, 1)  # built on the first question
        out["over_1_part_ms"] = round(
            seconds(lambda: LexicalChannel.over(name, [(loaded, everything(loaded))]))[0] * 1000, 1
        )
        small = Path(folder) / "small.npz"
        Postings.build(name, ids[:10], texts[:10]).save(small)
        out["load_10_chunks_ms"] = round(min(seconds(lambda: Postings.load(small))[0] for _ in range(50)) * 1000, 3)
        old.retriever.save(str(Path(folder) / "old"))
        out["old_load_ms"] = round(seconds(lambda: bm25s.BM25.load(str(Path(folder) / "old")))[0] * 1000, 1)

    for q in others[:5]:  # the stemmer and n-gram caches, as in a running process
        analyze(q)
    cases: dict[str, dict] = {}
    out["cases"] = cases
    a = [(whole, everything(whole))]
    cases["a: 1 part"] = cold_and_warm(over(name, a), old, asked, others)
    channel = LexicalChannel.over(name, a)
    out["max_abs_diff_vs_old"] = {
        "scores": max(float(np.max(np.abs(channel.scores(q) - old.scores(q)))) for q in asked),
        "coverage": max(float(np.max(np.abs(channel.coverage(q) - old.coverage(q)))) for q in asked),
    }
    b = [(p, everything(p)) for p in parts]
    cases[f"b: {parts_n} parts"] = cold_and_warm(over(name, b), old, asked, others)

    # c: a big merged segment, and 1,000 one-chunk writes since, folded into one in memory.
    big_live = np.arange(n) < n - 1000
    took, big = seconds(lambda: Postings.merge(name, [(whole, big_live)]))
    out["merge_dropping_1000_s"] = round(took, 2)
    took, tiny = seconds(
        lambda: [Postings.from_terms(name, ids[i : i + 1], corpus[i : i + 1]) for i in range(n - 1000, n)]
    )
    out["one_chunk_segment_ms"] = round(took, 3)  # each of the 1,000: seconds for all = ms each
    took, small = seconds(lambda: Postings.merge(name, [(t, everything(t)) for t in tiny]))
    out["merge_1000_tiny_ms"] = round(took * 1000, 1)
    c = [(big, everything(big)), (small, everything(small))]
    cases[f"c: {n - 1000:,} + 1,000 one-chunk parts merged in memory"] = cold_and_warm(
        over(name, c), old, asked, others
    )
    took, unmerged = seconds(
        lambda: LexicalChannel.over(name, [(big, everything(big))] + [(t, everything(t)) for t in tiny])
    )
    cases[f"c': {n - 1000:,} + 1,000 one-chunk parts unmerged (10 questions)"] = {
        "over_ms": round(took * 1000, 1),
        "cold": paired(
            old,
            LexicalChannel.over(name, [(big, everything(big))] + [(t, everything(t)) for t in tiny], cached_postings=0),
            asked[:10],
            rounds=1,
        ),
    }
    # d: 30 segments with 2 % of their chunks deleted since they were written.
    rng = np.random.default_rng(SEED)
    cut = np.linspace(0, n, 31).astype(int).tolist()
    thirty = [
        Postings.merge(name, [(whole, (ids > lo) & (ids <= hi))]) for lo, hi in zip(cut[:-1], cut[1:], strict=True)
    ]
    d = [(p, rng.random(len(p.chunk_ids)) >= 0.02) for p in thirty]
    took, _ = seconds(lambda: LexicalChannel.over(name, d))
    cases["d: 30 parts, 2% deleted"] = {
        "over_ms": round(took * 1000, 1),
        **cold_and_warm(over(name, d), old, asked, others),
    }
    return out


def summary(report: dict) -> str:
    lines = []
    for name, out in report.items():
        lines.append(f"\n{name}: {out['chunks']:,} chunks, {out['postings']:,} postings, {out['terms']:,} terms")
        lines.append(
            f"  write: analysis {out['analysis_s_per_1k']} s/1k, one 1k segment {out['segment_build_s_per_1k']} s;"
            f" old bm25s rebuild {out['old_build_with_analysis_s']} s"
        )
        lines.append(
            f"  memory {out['memory_mb']} MB (old {out['old_memory_mb']} MB); file {out['file_mb']} MB;"
            f" load {out['load_ms']} ms (old {out['old_load_ms']} ms) + vocab dict {out['vocab_dict_ms']} ms;"
            f" 10-chunk segment {out['load_10_chunks_ms']} ms"
        )
        lines.append("  scores + coverage, p50 ms: new / old bm25s asked alongside (median ratio)")
        for case, got in out["cases"].items():
            said = [
                f"{k} {v['p50']} / {v['old_p50']} ({v['ratio_p50']}x)"
                for k, v in got.items()
                if k in ("cold", "fresh", "warm")
            ]
            cached = f", {got['cached_mb']} MB cached" if "cached_mb" in got else ""
            lines.append(f"    {case}: {'; '.join(said)}{cached}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=200, help="other questions asked before the warm timing")
    parser.add_argument("--parts", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    texts = synthetic_corpus(args.chunks)
    asked, others = timed_and_other_questions(args.questions, args.warmup)
    report = {name: bench_channel(name, texts, asked, others, args.parts) for name in ANALYZERS}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(summary(report))


if __name__ == "__main__":
    main()
