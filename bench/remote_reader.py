"""Question latency of a reader without the index folder (FRONTLINE_READ_FROM=milvus) beside folder readers.

    python -m bench.remote_reader QUESTIONS.jsonl --milvus-uri URI --name NAME \
        --milvus-folder DIR [--faiss-folder DIR] [--questions 200]

NAME is the index published in Milvus at URI by the writer of DIR (FRONTLINE_MILVUS_INDEX);
--faiss-folder is the same articles indexed on FAISS. Each question is asked of every reader,
a different one first each time (`Frontline.ask`, the whole answer), so a busy machine slows
them alike; the first five are not counted. Prints p50/p90 in ms per reader, the remote
reader's first open, and whether its answers equal the Milvus folder reader's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import asdict
from pathlib import Path

from index.config import Settings
from index.service import Frontline

WARM = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.remote_reader")
    parser.add_argument("questions", type=Path)
    parser.add_argument("--milvus-uri", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--milvus-folder", type=Path, required=True)
    parser.add_argument("--faiss-folder", type=Path)
    parser.add_argument("--questions", dest="count", type=int, default=200)
    args = parser.parse_args(argv)
    lines = args.questions.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()][: args.count + WARM]

    folder = Frontline(Settings(FRONTLINE_INDEX_DIR=args.milvus_folder, FRONTLINE_MILVUS_URI=args.milvus_uri))
    readers = {"milvus folder": folder}
    if args.faiss_folder:
        readers["faiss folder"] = Frontline(Settings(FRONTLINE_INDEX_DIR=args.faiss_folder), embedder=folder.embedder)
    remote = Frontline(
        Settings(
            FRONTLINE_INDEX_DIR=Path("/nonexistent/frontline-remote"),
            FRONTLINE_READ_FROM="milvus",
            FRONTLINE_MILVUS_URI=args.milvus_uri,
            FRONTLINE_MILVUS_INDEX=args.name,
        ),
        embedder=folder.embedder,
    )
    folder.snapshot()
    start = time.perf_counter()
    remote.snapshot()
    opened = time.perf_counter() - start
    readers["milvus remote"] = remote
    times: dict[str, list[float]] = {name: [] for name in readers}
    same = 0
    names = list(readers)
    for n, question in enumerate(questions):
        answers = {}
        for name in names[n % len(names) :] + names[: n % len(names)]:  # each reader first in turn
            service = readers[name]
            start = time.perf_counter()
            answers[name] = service.ask(question)
            if n >= WARM:
                times[name].append(time.perf_counter() - start)
        same += asdict(answers["milvus remote"]) == asdict(answers["milvus folder"])
    result = {
        "questions": len(questions) - WARM,
        "remote_open_s": round(opened, 2),
        "remote_equals_folder": f"{same}/{len(questions)}",
        **{
            name: {
                "p50_ms": round(1000 * statistics.median(t), 1),
                "p90_ms": round(1000 * statistics.quantiles(t, n=10)[-1], 1),
            }
            for name, t in times.items()
        },
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
