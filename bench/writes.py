"""The write path alone, as `make bench` measures it: `python -m bench.writes [--index-100k DIR] [--index-1m DIR]`.

Runs the tasks of bench/run.py that issue 11 names: adding one article to 100k and 1M
chunks (a whole `frontline index add` process, and inside a running service), query
latency after 1,000 unmerged adds and after `optimize`, and a bulk add of `--articles`
generated articles (bench/bulk_ingest.py). The indexes default to bench/run.py's cached
ones (built when missing); any merged index of that size may be named instead. Writes
bench/results-writes.json and prints it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, eval_root
from bench.run import WORK, cached_index, cached_million, run_task

OUT = ROOT / "bench" / "results-writes.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-100k", type=Path, help="a merged 100k-chunk bench index (default: the cached one)")
    parser.add_argument("--index-1m", type=Path, help="a 1M-chunk bench index (default: the cached one)")
    parser.add_argument("--articles", type=int, default=2000, help="bulk add size (0: skip)")
    parser.add_argument("--adds", type=int, default=1000, help="single-article adds before the query latency")
    parser.add_argument("--out", type=Path, default=OUT)
    opts = parser.parse_args()
    root = eval_root()
    WORK.mkdir(parents=True, exist_ok=True)
    common = {"eval": root, "work": WORK}
    if not (WORK / "passages-openvino.npy").exists():
        run_task("embed-ours", backend="auto", out=WORK, **common)
    big = opts.index_100k or cached_index(100_000, False, root, common)[0]
    million = opts.index_1m or cached_million(big, root, common)[0]
    started, load_before = time.perf_counter(), os.getloadavg()
    results: dict = {"machine": f"{os.cpu_count()} cores"}
    results["add_one_100k"] = run_task("add-one-process", index=big, label="100k", runs=5, **common)
    results["add_one_1m"] = run_task("add-one-process", index=million, label="1m", runs=5, **common)
    results["add_inprocess_100k"] = run_task("add-inprocess", index=big, runs=20, **common)
    results["adds_then_query_100k"] = run_task("adds-then-query", index=big, adds=opts.adds, **common)
    results["query_1m"] = run_task("latency-ours", index=million, **common)
    if opts.articles:
        out = WORK / f"bulk-{opts.articles}.json"
        command = [sys.executable, "-m", "bench.bulk_ingest", "--articles", str(opts.articles), "--json", str(out)]
        subprocess.run(command, cwd=ROOT, check=True)
        results[f"bulk_{opts.articles}"] = json.loads(out.read_text())
    results["load_avg_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    results["seconds"] = round(time.perf_counter() - started, 1)
    opts.out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
