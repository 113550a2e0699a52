"""`make eval`: every evaluation set in a folder, measured against its index, in one table.

Layout (../shared/eval): a folder with `articles.jsonl` and `questions.jsonl` is one set,
measured against the index `DATA/<folder>`, each question kind (e.g. translation,
headline) on its own line; a `*.jsonl` question file at the top asks about the bundled
`samples/` and is measured against `DATA/samples`, and again (with the sample article's
held-out cross-lingual and the out-of-corpus questions) against `DATA/combined`, the sample
among every set's articles, when there is one. The Makefile builds those indexes.

    python -m index.eval.suite EVAL_DIR DATA_DIR [--json] [--read-from-milvus URI]

With `--read-from-milvus`, each index is read as a reader without the folder reads it
(FRONTLINE_READ_FROM=milvus), published under its folder's name by the writer that built it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from index.config import Settings
from index.errors import FrontlineError, InputError
from index.eval.evaluate import MODES, Question, as_json, evaluate, format_table, load_questions, of_kind
from index.service import Frontline

SAMPLES_INDEX = "samples"
COMBINED = "combined"  # the sample article among every set's articles, when DATA holds that index
# Questions no indexed set answers (tests/data/out-of-corpus.jsonl): the held-out half is
# asked of every index, one extra line per set ("<set> (out-of-corpus)"); the other half
# fitted the abstention decision (index/search/abstain_fit.py).
DATA = Path(__file__).resolve().parents[2] / "tests" / "data"  # the repository's (this file: index/eval/)
OUT_OF_CORPUS = DATA / "out-of-corpus.jsonl"
# Questions asked across languages, measured on their held-out half only (the other half fitted
# the decision; the sample article's are never fitted): one more line per set, "<set> (cross-lingual)".
CROSS_LINGUAL = {
    SAMPLES_INDEX: (DATA / "sample-questions.jsonl", DATA / "sample-crosslingual.jsonl"),
    "facqa-train": (DATA / "facqa-translated.jsonl", DATA / "facqa-crosslingual.jsonl"),
}


def split_of(key: str) -> str:
    """The fitting split of a question keyed by its expected article (or id): "dev" or "test"."""
    return "test" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 else "dev"


@dataclass(frozen=True)
class EvalSet:
    name: str
    questions: Path
    index: Path


def discover(eval_dir: Path, data_dir: Path) -> list[EvalSet]:
    sets = [EvalSet(path.stem, path, data_dir / SAMPLES_INDEX) for path in sorted(eval_dir.glob("*.jsonl"))]
    for folder in sorted(p for p in eval_dir.iterdir() if (p / "questions.jsonl").is_file()):
        sets.append(EvalSet(folder.name, folder / "questions.jsonl", data_dir / folder.name))
    return sets


def run(eval_dir: Path, data_dir: Path, remote: str = "") -> list[tuple[str, str, dict[str, float]]]:
    """The table's rows; `remote` (a Milvus URI): each index read from Milvus, published under its folder's name."""
    rows: list[tuple[str, str, dict[str, float]]] = []
    measured: set[Path] = set()
    for spec in discover(eval_dir, data_dir):
        if remote:  # a reader without the folder (index/store/remote.py): FRONTLINE_INDEX_DIR is not read
            service = Frontline(
                Settings(
                    FRONTLINE_INDEX_DIR=spec.index / "not-read",
                    FRONTLINE_READ_FROM="milvus",
                    FRONTLINE_MILVUS_URI=remote,
                    FRONTLINE_MILVUS_INDEX=spec.index.name,
                )
            )
        elif not spec.index.is_dir():
            raise InputError("eval_index_missing", path=spec.index, label=spec.questions)
        else:
            service = Frontline(Settings(FRONTLINE_INDEX_DIR=spec.index))
        questions = load_questions(spec.questions)
        for kind in sorted({q.kind for q in questions}):
            label = f"{spec.name} ({kind})" if kind else spec.name
            results = evaluate(service, of_kind(questions, kind), MODES)
            rows.extend((label, mode, metrics) for mode, metrics in results.items())
        held_out_cross = [q for path in CROSS_LINGUAL.get(spec.index.name, ()) for q in _held_out(path)]
        if held_out_cross and spec.index not in measured:  # once per index
            measured.add(spec.index)
            results = evaluate(service, held_out_cross, MODES[-1:])
            rows.extend((f"{spec.name} (cross-lingual)", mode, metrics) for mode, metrics in results.items())
        held_out = [q for q in load_questions(OUT_OF_CORPUS) if q.id in _held_out_ids()]
        results = evaluate(service, held_out, ("hybrid",))
        rows.extend((f"{spec.name} (out-of-corpus)", mode, metrics) for mode, metrics in results.items())
    if not remote and (data_dir / COMBINED).is_dir():
        rows.extend(_combined(eval_dir, data_dir / COMBINED))
    return rows


def _combined(eval_dir: Path, index: Path) -> list[tuple[str, str, dict[str, float]]]:
    """The sample article's questions asked of it among every set's articles (`DATA/combined`).

    Alone in its index the sample article is found for any question about it; among ~1,500
    other reports in three languages, as the product holds it, a one-fact question asked in
    another language competes with every passage near its topic. Hybrid only.
    """
    service = Frontline(Settings(FRONTLINE_INDEX_DIR=index))
    asked = {path.stem: load_questions(path) for path in sorted(eval_dir.glob("*.jsonl"))}
    asked["sample, cross-lingual"] = [q for path in CROSS_LINGUAL[SAMPLES_INDEX] for q in _held_out(path)]
    asked["out-of-corpus"] = [q for q in load_questions(OUT_OF_CORPUS) if q.id in _held_out_ids()]
    rows: list[tuple[str, str, dict[str, float]]] = []
    for name, questions in asked.items():
        results = evaluate(service, questions, ("hybrid",))
        rows.extend((f"{COMBINED} ({name})", mode, metrics) for mode, metrics in results.items())
    return rows


def _held_out(path: Path) -> list[Question]:
    """The questions of `path` never fitted on.

    All of the sample article's; of the others the "test" split (the record's "split" field, or
    the hash of its expected article, as index/search/abstain_fit.py splits).
    """
    if not path.is_file():
        return []
    questions = load_questions(path)
    if path.name.startswith("sample-"):
        return questions
    records = {r["id"]: r for r in map(json.loads, filter(None, path.read_text(encoding="utf-8").splitlines()))}
    return [q for q in questions if (records[q.id].get("split") or split_of(q.expected_article_id or q.id)) == "test"]


def _held_out_ids() -> set[str]:
    lines = OUT_OF_CORPUS.read_text(encoding="utf-8").splitlines()
    return {r["id"] for r in map(json.loads, filter(None, lines)) if r.get("split") == "test"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.eval.suite", description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--json", action="store_true", help="one JSON object per set and mode")
    parser.add_argument(
        "--read-from-milvus",
        metavar="URI",
        default="",
        help="read each index from Milvus at URI, published under its folder's name (FRONTLINE_MILVUS_INDEX)",
    )
    args = parser.parse_args(argv)
    try:
        rows = run(args.eval_dir, args.data_dir, args.read_from_milvus)
    except FrontlineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        for name, mode, metrics in rows:
            print(json.dumps({"set": name, "mode": mode, **as_json({mode: metrics})[mode]}))
    else:
        print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
