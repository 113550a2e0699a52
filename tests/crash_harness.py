"""Kill `frontline index add` with SIGKILL at random moments; check the index every time.

Used by tests/test_kill_trials.py (20 trials) and, for the long run, by
`python -m tests.crash_harness --trials 200` (`make kill-trials`).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from index.search.answer import Answer
from index.store import db
from index.store.folder import STORE, IndexDir
from index.store.maintenance import check_index

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "zonapriangan-2022-09-27-kazakhstan-referendum.txt"
VERSIONS = ("v1", "v2")


@dataclass
class TrialLog:
    run: int = 0
    survived: int = 0
    killed_while_writing: int = 0
    failures: list[str] = field(default_factory=list)


def write_corpus(folder: Path, articles: int = 60) -> dict[str, Path]:
    """Two versions of the same articles, so every trial rewrites all of them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for version in VERSIONS:
        path = folder / f"corpus-{version}.jsonl"
        lines = [
            json.dumps({"id": f"art-{i:03d}", "title": f"Laporan {i}",
                        "text": f"[{version}] Laporan nomor {i}: serangan drone di Kyiv melukai {i + 3} orang. "
                                f"Pejabat kota mengatakan listrik padam di {i % 7 + 2} distrik. " * 3})
            for i in range(articles)
        ]  # fmt: skip
        path.write_text("\n".join(lines), encoding="utf-8")
        paths[version] = path
    return paths


def _add(index: Path, corpus: Path) -> subprocess.Popen:
    return _run(index, "add", str(corpus))


def _run(index: Path, *command: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "index.cli", "index", *command, "--index", str(index)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ.copy(),
    )  # fmt: skip


def _writing(proc: subprocess.Popen) -> bool:
    """Whether `proc` holds the index's write lock (its transaction is open), read from /proc/locks."""
    try:
        locks = Path("/proc/locks").read_text()
    except OSError:
        return False
    return any(line.split()[1:2] == ["FLOCK"] and line.split()[4:5] == [str(proc.pid)] for line in locks.splitlines())


def _wait_for_writer(index: Path, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if _writing(proc) or any(index.glob(".tmp-*")):
            return True
        time.sleep(0.003)
    return False


def verify(index: Path, model: str, sample_id: str, ask: Callable[[str], str] | None) -> list[str]:
    """Problems with the index as a killed writer left it (empty: consistent)."""
    problems = list(check_index(IndexDir(index), model).problems)
    if problems:
        return problems
    conn = db.connect(IndexDir(index).require_current() / STORE, readonly=True)
    try:
        rows = conn.execute(
            "SELECT a.id, a.text, COUNT(c.id) FROM articles a "
            "LEFT JOIN chunks c ON c.article_row = a.row_id AND c.removed_in IS NULL "
            "WHERE a.removed_in IS NULL GROUP BY a.id"
        ).fetchall()
    finally:
        conn.close()
    if sample_id not in {r[0] for r in rows}:
        problems.append("the article indexed before the trials is gone")
    versions = {r[1][1:3] for r in rows if r[0].startswith("art-")}
    if len(versions) > 1:
        problems.append(f"articles from different writes mixed in one generation: {sorted(versions)}")
    problems += [f"article {r[0]} has no chunks" for r in rows if r[2] == 0]
    if ask is not None and "17.000" not in ask("how many people crossed into Finland?"):
        problems.append("the index no longer finds the Finland passage")
    return problems


def top_passage(answer: Answer) -> str:
    """What the index found first: a crash must not lose it. (Whether the answer step is
    confident about it is the decision's business, measured by `frontline eval`.)"""
    return answer.citations[0].passage if answer.citations else ""


def run_trials(index: Path, corpus_dir: Path, trials: int, model: str, ask: Callable[[str], str] | None,
               seed: int = 7, echo: Callable[[str], None] = lambda _: None) -> TrialLog:  # fmt: skip
    rng = random.Random(seed)
    corpus = write_corpus(corpus_dir)
    subprocess.run([sys.executable, "-m", "index.cli", "index", "add", str(SAMPLE), "--index", str(index)],
                   cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    sample_id = json.loads(
        subprocess.run(
            [sys.executable, "-m", "index.cli", "sources", "--json", "--index", str(index)],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout  # fmt: skip
    )[0]["id"]
    # Calibrate: how long a whole run takes, and how long its writing phase lasts.
    start = time.monotonic()
    proc = _add(index, corpus["v1"])
    _wait_for_writer(index, proc, 120)
    writing_from = time.monotonic()
    proc.wait()
    total, writing = time.monotonic() - start, max(time.monotonic() - writing_from, 0.05)
    echo(f"calibration: whole run {total:.1f} s, writing phase {writing:.2f} s")

    log = TrialLog()
    for trial in range(trials):
        # Every add replaces all 60 articles, so the policy merges away the segment it made
        # dead; every fifth trial kills `index optimize` (a merge of everything) instead.
        optimizing = trial % 5 == 4
        if optimizing:
            subprocess.run([sys.executable, "-m", "index.cli", "index", "add", str(corpus[VERSIONS[(trial + 1) % 2]]),
                            "--index", str(index)], cwd=ROOT, capture_output=True)  # fmt: skip
        proc = _run(index, "optimize") if optimizing else _add(index, corpus[VERSIONS[(trial + 1) % 2]])
        if trial % 4 == 0:  # anywhere, start-up included
            time.sleep(rng.uniform(0, total * 1.1))
        elif _wait_for_writer(index, proc, 120):  # while the new generation is being written
            time.sleep(rng.uniform(0, writing * 1.2))
        log.killed_while_writing += int(_writing(proc) or any(index.glob(".tmp-*")))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        problems = verify(index, model, sample_id, ask)
        log.run += 1
        if problems:
            log.failures.append(f"trial {trial}: {'; '.join(problems)}")
        else:
            log.survived += 1
        echo(f"trial {trial + 1}/{trials}: {'ok' if not problems else problems}")

    # Re-running the same add completes it, with no duplicates.
    final = subprocess.run([sys.executable, "-m", "index.cli", "index", "add", str(corpus["v2"]), "--index", str(index)],
                           cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    problems = verify(index, model, sample_id, ask)
    conn = db.connect(IndexDir(index).require_current() / STORE, readonly=True)
    articles, _ = db.counts(conn)
    latest = conn.execute("SELECT COUNT(*) FROM articles WHERE text LIKE '[v2]%' AND removed_in IS NULL").fetchone()[0]
    conn.close()
    if final.returncode != 0 or problems or articles != 61 or latest != 60:
        log.failures.append(f"completion run: rc={final.returncode} articles={articles} v2={latest} {problems}")
    return log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=ROOT / "data" / "kill-trials")
    args = parser.parse_args()
    import shutil

    from index.config import Settings
    from index.service import Frontline

    shutil.rmtree(args.workdir, ignore_errors=True)
    index = args.workdir / "index"
    settings = Settings(FRONTLINE_INDEX_DIR=index)
    log = run_trials(index, args.workdir / "corpus", args.trials, settings.model,
                     ask=lambda q: top_passage(Frontline(settings).ask(q)), seed=args.seed, echo=print)  # fmt: skip
    print(json.dumps({"trials_run": log.run, "survived": log.survived, "killed_while_writing": log.killed_while_writing,
                      "failures": log.failures}, indent=2))  # fmt: skip
    sys.exit(1 if log.failures else 0)


if __name__ == "__main__":
    main()
