"""One measurement per process (`python -m bench.worker TASK ARGS_JSON`), printing one JSON line.

Each task runs in a fresh interpreter so that memory figures are those of a process doing
only that job (ours never imports torch; the baseline never loads OpenVINO) and so that
one model's threads never compete with another's.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from bench.common import (
    EVAL_SETS,
    SEED,
    Passage,
    derived_pairs,
    derived_vectors,
    dev_passages,
    dev_questions,
    folder_mb,
    latency_questions,
    news_articles,
    percentile_ms,
    rss_mb,
    warmup_questions,
)
from index.embed.bulk import sentence_mode
from index.store import db

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
LATENCY_QUESTIONS = 200
BASELINE_QUESTIONS = 100  # its p50 is stable with fewer; each costs a torch fp32 encode
PARTS_QUESTIONS = 50  # the per-stage breakdown, timed separately after the end-to-end run
WARMUP = 50  # questions asked first, not timed (see common.warmup_questions)


def _st_folder() -> str:
    from index.embed.offline_model import ensure_offline_model

    return str(ensure_offline_model())


# -- embedding throughput ---------------------------------------------------------------


def embed_ours(args: dict) -> dict:
    """Our embedder on the dev passages; saves passage and question vectors for later tasks."""
    from index.embed.embedder import Embedder

    root = Path(args["eval"])
    passages = dev_passages(root)
    embedder = Embedder(backend=args["backend"])
    embedder.encode_passages([p.text for p in passages[:32]])  # warm-up: first inference compiles kernels
    start = time.perf_counter()
    vectors = embedder.encode_passages([p.text for p in passages])
    seconds = time.perf_counter() - start
    out = Path(args["out"])
    np.save(out / f"passages-{embedder.backend}.npy", vectors)
    # Real question vectors for the approximate-search measurements (the latency sample).
    questions = latency_questions(dev_questions(root), LATENCY_QUESTIONS)
    np.save(out / f"questions-{embedder.backend}.npy", embedder.encode_queries(questions))
    return {
        "backend": embedder.backend,
        "passages": len(passages),
        "seconds": round(seconds, 2),
        "chunks_per_s": round(len(passages) / seconds, 1),
    }


def _langchain_embeddings():  # -> HuggingFaceEmbeddings
    import warnings

    warnings.filterwarnings("ignore")
    from langchain_community.embeddings import HuggingFaceEmbeddings

    # Defaults, plus normalised vectors (e5 is a cosine model); e5's "query: " / "passage: "
    # prefixes are added to the texts, as its model card asks.
    return HuggingFaceEmbeddings(
        model_name=_st_folder(), model_kwargs={"device": "cpu"}, encode_kwargs={"normalize_embeddings": True}
    )


def embed_baseline(args: dict) -> dict:
    """LangChain FAISS.from_texts with sentence-transformers fp32; then R@5 with similarity_search."""
    from langchain_community.vectorstores import FAISS

    root = Path(args["eval"])
    passages = dev_passages(root)
    embeddings = _langchain_embeddings()
    embeddings.embed_documents(["passage: " + p.text for p in passages[:32]])  # same warm-up as ours
    start = time.perf_counter()
    store = FAISS.from_texts(
        ["passage: " + p.text for p in passages], embeddings, metadatas=[{"id": p.id, "set": p.set} for p in passages]
    )
    seconds = time.perf_counter() - start
    result = {
        "passages": len(passages),
        "seconds": round(seconds, 2),
        "chunks_per_s": round(len(passages) / seconds, 1),
    }
    if args.get("quality"):
        result["r5"] = _baseline_recall(store, passages, root)
    return result


def _baseline_recall(store, passages: list[Passage], root: Path) -> dict[str, float]:
    from langchain_community.vectorstores import FAISS

    vectors = {p.id: store.index.reconstruct(i) for i, p in enumerate(passages)}
    out = {}
    for name in EVAL_SETS:
        own = [p for p in passages if p.set == name]  # each set searched over its own passages, like ours
        per_set = FAISS.from_embeddings(
            [("passage: " + p.text, vectors[p.id]) for p in own],
            store.embeddings,
            metadatas=[{"id": p.id} for p in own],
        )
        questions = [q for q in dev_questions(root) if q.set == name]
        hits = sum(
            q.expected_article_id in {d.metadata["id"] for d in per_set.similarity_search("query: " + q.question, k=5)}
            for q in questions
        )
        out[name] = round(100 * hits / len(questions), 2)
    return out


# -- indexes ------------------------------------------------------------------------------


class _DerivedEmbedder:
    """Gives the indexer precomputed vectors for known chunk texts (see bench.common.derived_vectors)."""

    def __init__(self, real, vectors: dict[str, np.ndarray]) -> None:
        self._real, self._vectors = real, vectors
        self.name, self.dim, self.max_tokens = real.name, real.dim, real.max_tokens
        self.token_length = real.token_length

    def encode_passages(self, texts, *, show_progress: bool = False) -> np.ndarray:
        # Chunks get their derived vectors; their sentences (few, shared by many chunks) are
        # embedded for real, once each.
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            self._vectors.update(zip(missing, self._real.encode_passages(missing), strict=True))
        return np.vstack([self._vectors[t] for t in texts])


def build_index(args: dict) -> dict:
    """An index of `size` synthetic chunks (two dev passages joined), through the real indexer."""
    from index.embed.embedder import Embedder
    from index.ingest.articles import Article
    from index.ingest.indexer import add_articles
    from index.ingest.loader import Loaded
    from index.store.folder import IndexDir, Manifest
    from index.store.merge import optimize
    from index.store.reader import Snapshot

    passages = dev_passages(Path(args["eval"]))
    base = np.load(Path(args["work"]) / "passages-openvino.npy")
    size = int(args["size"])
    real = Embedder(backend="openvino")
    short = [i for i, p in enumerate(passages) if real.token_length(p.text) <= 60]  # joined pair = one chunk
    pairs = np.asarray([[short[a], short[b]] for a, b in derived_pairs(size, len(short))])
    texts = [f"{passages[a].text}\n{passages[b].text}" for a, b in pairs]
    if args.get("real_vectors"):
        vectors = real.encode_passages(texts)
    else:
        vectors = derived_vectors(base, pairs)
    lookup = dict(zip(texts, vectors, strict=True))
    items = [Loaded(f"bench-{i}", Article(text=t, id=f"bench-{i}", publisher="bench")) for i, t in enumerate(texts)]
    index_dir = IndexDir(Path(args["index"]))
    start = time.perf_counter()
    report = add_articles(index_dir, _DerivedEmbedder(real, lookup), items)
    add_s = time.perf_counter() - start
    segments_built = _segment_count(index_dir)
    # The benchmark index is the merged one (`frontline index optimize`): one segment.
    start = time.perf_counter()
    optimize(index_dir, real.name, real.dim)
    optimize_s = time.perf_counter() - start
    folder = index_dir.require_current()
    conn = index_dir.open_store(folder)
    try:
        manifest = Manifest.read(conn)
    finally:
        conn.close()
    snapshot = Snapshot.open(index_dir)
    kind = snapshot.vectors.kind
    snapshot.close()
    return {
        "chunks": manifest.chunks,
        "articles": manifest.articles,
        "segments": manifest.segments,
        "segments_before_optimize": segments_built,
        "vector_index": kind,
        "build_s": round(add_s, 1),
        "optimize_s": round(optimize_s, 1),
        "failed": len(report.failed),
        "index_mb": folder_mb(folder),
        "vectors": "real (embedded by ours)"
        if args.get("real_vectors")
        else "derived: normalised sum of the two passages' real vectors",
    }


def _segment_count(index_dir) -> int:
    manifest = index_dir.manifest()
    return manifest.segments if manifest is not None else 0


# -- query latency --------------------------------------------------------------------


def _timed(fn: Callable[[], object], repeat: list[float]) -> object:
    start = time.perf_counter()
    result = fn()
    repeat.append(time.perf_counter() - start)
    return result


def _ask_times(service, dev: list, questions: list[str], cpu: list[float] | None = None) -> list[float]:
    """service.ask over `questions` after WARMUP other dev questions (a bot answers from a warm process).

    Returns each question's wall time; `cpu` receives its CPU time (all the process's
    threads: the encoder's and the lexical channels'), which another job on the machine
    changes far less than wall time.
    """
    for q in warmup_questions(dev, questions, WARMUP):
        service.ask(q)
    total: list[float] = []
    for q in questions:
        start = time.process_time()
        _timed(lambda q=q: service.ask(q), total)
        if cpu is not None:
            cpu.append(time.process_time() - start)
    return total


def _stage_times(service, questions: list[str]) -> dict[str, float]:
    """The stages service.ask runs, each timed on its own (ask overlaps encode and lexical), p50 in ms."""
    from index.search.answer import build_answer
    from index.search.retrieval import lexical_scores, query_vectors, retrieve

    snapshot, embedder = service.snapshot(), service.embedder
    sentences = snapshot.sentence_encoder(embedder)
    parts: dict[str, list[float]] = {"encode": [], "lexical": [], "search": [], "retrieve": [], "answer": []}
    for q in questions[:PARTS_QUESTIONS]:
        vector = _timed(lambda q=q: query_vectors(embedder, [q], service.fusion)[0], parts["encode"])
        lexical = _timed(lambda q=q: lexical_scores(snapshot, q, "hybrid", service.fusion), parts["lexical"])
        _timed(lambda v=vector: snapshot.vectors.search(v, service.fusion.pool), parts["search"])
        hits = _timed(
            lambda q=q, v=vector, lx=lexical: retrieve(snapshot, q, v, 5, "hybrid", service.fusion, lx),
            parts["retrieve"],
        )
        articles = db.articles_by_id(snapshot.conn, [h.chunk.article_id for h in hits])
        _timed(
            lambda q=q, v=vector, h=hits, a=articles: build_answer(q, v, h, a, sentences, service.answering),
            parts["answer"],
        )
    return {f"{name}_p50_ms": percentile_ms(values, 50) for name, values in parts.items()}


def _service(index: Path | str):
    from index.config import Settings
    from index.service import Frontline

    return Frontline(Settings(_env_file=None, FRONTLINE_INDEX_DIR=index))


@contextmanager
def _sentences_embedded_at_each_question() -> Iterator[None]:
    """Answer sentences neither stored nor remembered: each question embeds its cited passages' sentences.

    The worst case of a lazy index (FRONTLINE_SENTENCE_VECTORS=lazy): questions about passages
    no earlier question cited. The bench corpus repeats its dev passages, so without this the
    process's memory of recent sentences would answer most of them.
    """
    from index.store import db, reader

    stored, recent = db.sentence_vectors, reader.recent_vectors
    db.sentence_vectors = lambda conn, keys: {}  # type: ignore[assignment]
    reader.recent_vectors = lambda embedder: reader.RecentVectors(size=0)  # type: ignore[assignment]
    try:
        yield
    finally:
        db.sentence_vectors, reader.recent_vectors = stored, recent  # type: ignore[assignment]


def latency_ours(args: dict) -> dict:
    """service.ask end to end (encode, FAISS, BM25 channels, fusion, answer sentence), then its parts."""
    service = _service(args["index"])
    dev = dev_questions(Path(args["eval"]))
    questions = latency_questions(dev, LATENCY_QUESTIONS)
    cpu: list[float] = []
    total = _ask_times(service, dev, questions, cpu)
    rss = rss_mb()
    snapshot = service.snapshot()
    cold_cpu: list[float] = []
    with _sentences_embedded_at_each_question():
        cold = _ask_times(service, dev, questions, cold_cpu)
    return {
        "questions": len(questions),
        "query_p50_ms": percentile_ms(total, 50),
        "query_p95_ms": percentile_ms(total, 95),
        "query_cpu_p50_ms": percentile_ms(cpu, 50),
        "sentence_vectors": sentence_mode(snapshot.conn),
        "query_p50_ms_sentences_embedded": percentile_ms(cold, 50),
        "query_p95_ms_sentences_embedded": percentile_ms(cold, 95),
        "query_cpu_p50_ms_sentences_embedded": percentile_ms(cold_cpu, 50),
        "rss_mb": rss,
        "vector_index": snapshot.vectors.kind,
        "segments": snapshot.manifest.segments,
        "chunks": snapshot.manifest.chunks,
        "backend": service.embedder.backend,
        **_stage_times(service, questions),
    }


def latency_baseline(args: dict) -> dict:
    """LangChain FAISS (defaults: flat L2) over the same chunks and vectors; similarity_search(k=5)."""
    import sqlite3

    from langchain_community.vectorstores import FAISS

    from index.store.folder import STORE, IndexDir

    current = IndexDir(Path(args["index"])).require_current()
    conn = sqlite3.connect(f"file:{current / STORE}?mode=ro", uri=True)
    # Live chunks only: removed ones stay in SQLite (tombstones) until a merge purges them.
    rows = conn.execute("SELECT id, text, embedding FROM chunks WHERE removed_in IS NULL ORDER BY id").fetchall()
    conn.close()
    pairs = [("passage: " + text, np.frombuffer(blob, dtype=np.float32).tolist()) for _, text, blob in rows]
    store = FAISS.from_embeddings(pairs, _langchain_embeddings(), metadatas=[{"chunk": r[0]} for r in rows])
    del pairs, rows
    dev = dev_questions(Path(args["eval"]))
    questions = latency_questions(dev, LATENCY_QUESTIONS)[:BASELINE_QUESTIONS]
    for q in warmup_questions(dev, questions, WARMUP):
        store.similarity_search("query: " + q, k=5)
    total: list[float] = []
    for q in questions:
        _timed(lambda q=q: store.similarity_search("query: " + q, k=5), total)
    return {
        "questions": len(questions),
        "query_p50_ms": percentile_ms(total, 50),
        "query_p95_ms": percentile_ms(total, 95),
        "rss_mb": rss_mb(),
    }


# -- adding to a large index ------------------------------------------------------------


def _copy_index(source: Path, target: Path) -> float:
    """A private copy of a cached bench index (the cache is never written to); returns seconds taken."""
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("bench-build.json", ".lock"))
    return time.perf_counter() - start


def _write_articles(folder: Path, records: list[dict]) -> list[Path]:
    """One .jsonl file per article record (what `frontline index add one.jsonl` reads)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for record in records:
        path = folder / f"{record['id']}.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _spawn(argv: list[str], log: Path) -> tuple[float, float, float, int]:
    """Run `argv` to its end: (wall seconds, CPU seconds, peak RSS of that very process in MB, exit status).

    CPU time (user + system) is what the process needed whatever else the machine ran;
    wall time is what the user waits, on a shared machine longer.
    """
    env = {**os.environ, "TQDM_DISABLE": "1"}
    with open(log, "wb") as out:
        actions = [(os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, out.fileno(), 2)]
        start = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
        _, status, usage = os.wait4(pid, 0)  # this child's own rusage (ru_maxrss in KB on Linux)
        wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, round(usage.ru_maxrss / 1024, 1), os.waitstatus_to_exitcode(status)


def _frontline() -> str:
    return str(Path(sys.executable).parent / "frontline")


def add_one_process(args: dict) -> dict:
    """`frontline index add one.jsonl --index COPY` as a whole process (model load included), `runs` times.

    One copy of the cached index takes the adds one after the other (each adds one small
    segment; the tiered policy merges nothing until ten of them), with a different
    article of ~1-3 KB each time.
    """
    from index.store.folder import IndexDir

    work = Path(args["work"])
    label = str(args.get("label", "index"))
    copy = work / f"add-one-{label}"
    copy_s = _copy_index(Path(args["index"]), copy)
    before = IndexDir(copy).manifest()
    assert before is not None
    records = news_articles(Path(args["eval"]), int(args.get("runs", 5)), prefix=f"bench-one-{label}")
    paths = _write_articles(work / f"add-one-{label}-articles", records)
    runs = []
    for path in paths:
        log = path.with_suffix(".log")
        wall, cpu, rss, status = _spawn([_frontline(), "index", "add", str(path), "--index", str(copy)], log)
        said = log.read_text(errors="replace").strip()
        if status != 0 or "added 1," not in said:
            raise SystemExit(f"frontline index add failed (exit {status}): {said[-2000:]}")
        runs.append({"s": round(wall, 3), "cpu_s": round(cpu, 3), "rss_mb": rss, "bytes": path.stat().st_size})
    after = IndexDir(copy).manifest()
    assert after is not None
    # One more add, not counted: the same work in stages, to say where the time goes.
    extra = news_articles(Path(args["eval"]), 1, seed=SEED + 3, prefix=f"bench-stages-{label}")
    stages = add_stages(copy, _write_articles(work / f"add-one-{label}-stages", extra)[0])
    if not args.get("keep"):
        shutil.rmtree(copy, ignore_errors=True)
    walls = [r["s"] for r in runs]
    return {
        "add_one_s": round(float(np.median(walls)), 3),
        "add_one_s_min_max": [min(walls), max(walls)],
        "add_one_cpu_s": round(float(np.median([r["cpu_s"] for r in runs])), 3),
        "add_one_rss_mb": max(r["rss_mb"] for r in runs),
        "runs": runs,
        "chunks_before": before.chunks,
        "chunks_added": after.chunks - before.chunks,
        "segments_before": before.segments,
        "segments_after": after.segments,
        "copy_s": round(copy_s, 1),
        "stages_wall_cpu_s": stages,
        "load_avg": _load(),
    }


# What `frontline index add FILE --index DIR` does, stage by stage, in a fresh interpreter
# (python -c), timed without a profiler: wall and CPU seconds (the model's threads count).
_ADD_STAGES = r"""
import json, sys, time
marks, last = {}, [time.perf_counter(), time.process_time()]
def mark(name):
    now = [time.perf_counter(), time.process_time()]
    marks[name] = [round(now[0] - last[0], 3), round(now[1] - last[1], 3)]
    last[:] = now
index, path = sys.argv[1], sys.argv[2]
import bot.cli
mark("import bot.cli (the console script)")
from index.config import Settings
from index.service import Frontline
mark("import index.config, index.service")
service = Frontline(Settings(FRONTLINE_INDEX_DIR=index))
items = service.load([path])
mark("service.load (parsers imported on first use)")
embedder = service.embedder
mark("model load (service.embedder)")
spent = [0.0, 0.0]
encode = embedder.encode_passages
def timed_encode(*args, **kwargs):
    start = [time.perf_counter(), time.process_time()]
    try:
        return encode(*args, **kwargs)
    finally:
        spent[0] += time.perf_counter() - start[0]
        spent[1] += time.process_time() - start[1]
embedder.encode_passages = timed_encode
from index.ingest.indexer import add_articles
report = add_articles(service.index_dir, embedder, items, service.settings.chunking())
mark("add_articles")
marks["  of which encode_passages (chunks, then new sentences)"] = [round(spent[0], 3), round(spent[1], 3)]
marks["add_articles"] = [round(marks["add_articles"][0] - spent[0], 3), round(marks["add_articles"][1] - spent[1], 3)]
marks["add_articles less encoding"] = marks.pop("add_articles")
service.merge()
mark("service.merge (the tiered policy: plans, merges nothing)")
assert report.added, report.summary()
print(json.dumps(marks))
"""


def add_stages(index: Path, path: Path) -> dict:
    """One `index add` of `path` into `index`, stage by stage (see _ADD_STAGES): {stage: [wall s, CPU s]}."""
    import subprocess

    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _ADD_STAGES, str(index), str(path)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(f"add stages failed: {proc.stderr[-2000:]}")
    stages = json.loads(proc.stdout.strip().splitlines()[-1])
    stages["total (the process)"] = [round(time.perf_counter() - start, 3), None]
    return stages


def add_inprocess(args: dict) -> dict:
    """`service.add(service.load([one]), merge=False)` inside a warm service, then the next `snapshot()`.

    The service has answered a question first (model and index loaded, as a bot after
    warm_up); two adds are left untimed (the passage model's first shapes), then `runs`.
    """
    work = Path(args["work"])
    copy = work / "add-inprocess"
    _copy_index(Path(args["index"]), copy)
    service = _service(copy)
    service.warm_up()
    runs = int(args.get("runs", 20))
    warm = 2
    paths = _write_articles(
        work / "add-inprocess-articles", news_articles(Path(args["eval"]), runs + warm, prefix="bench-inproc")
    )
    adds, cpus, swaps, chunks = [], [], [], []
    for path in paths:
        cpu = time.process_time()  # the whole process: the model's threads count too
        report = _timed(lambda path=path: service.add(service.load([str(path)]), merge=False), adds)
        cpus.append(time.process_time() - cpu)
        _timed(service.snapshot, swaps)
        chunks.append(report.chunks)  # type: ignore[attr-defined]
    snapshot = service.snapshot()
    result = {
        "add_inprocess_s": round(float(np.median(adds[warm:])), 4),
        "add_inprocess_p95_s": round(float(np.percentile(adds[warm:], 95)), 4),
        "add_inprocess_cpu_s": round(float(np.median(cpus[warm:])), 4),
        "first_adds_s": [round(x, 4) for x in adds[:warm]],
        "snapshot_after_add_s": round(float(np.median(swaps[warm:])), 4),
        "snapshot_after_add_p95_s": round(float(np.percentile(swaps[warm:], 95)), 4),
        "runs": runs,
        "chunks_per_add": round(float(np.mean(chunks)), 2),
        "segments_after": snapshot.manifest.segments,
        "load_avg": _load(),
    }
    shutil.rmtree(copy, ignore_errors=True)
    return result


def adds_then_query(args: dict) -> dict:
    """Query latency (as latency_ours) on the merged index, after `adds` single-article adds, after optimize.

    All in one process on one copy of the cached (merged) index, so the three figures
    share the machine's load: the adds use merge=False (one segment each, none merged);
    then `service.optimize()` merges everything again.
    """
    work = Path(args["work"])
    copy = work / "adds-then-query"
    _copy_index(Path(args["index"]), copy)
    service = _service(copy)
    dev = dev_questions(Path(args["eval"]))
    questions = latency_questions(dev, LATENCY_QUESTIONS)
    count = int(args.get("adds", 1000))

    def phase() -> dict:
        start = time.perf_counter()
        snapshot = service.snapshot()
        opened = time.perf_counter() - start
        cpu: list[float] = []
        total = _ask_times(service, dev, questions, cpu)
        return {
            "query_p50_ms": percentile_ms(total, 50),
            "query_p95_ms": percentile_ms(total, 95),
            "query_cpu_p50_ms": percentile_ms(cpu, 50),
            "snapshot_s": round(opened, 3),
            "segments": snapshot.manifest.segments,
            "chunks": snapshot.manifest.chunks,
            "rss_mb": rss_mb(),
            **_stage_times(service, questions),
            "load_avg": _load(),
        }

    merged = phase()
    paths = _write_articles(
        work / "adds-then-query-articles", news_articles(Path(args["eval"]), count, prefix="bench-many")
    )
    adds: list[float] = []
    add_cpu: list[float] = []
    for path in paths:
        start = time.process_time()
        _timed(lambda path=path: service.add(service.load([str(path)]), merge=False), adds)
        add_cpu.append(time.process_time() - start)
    after_adds = phase()
    start, cpu_start = time.perf_counter(), time.process_time()
    merged_segments = service.optimize()
    optimize_s, optimize_cpu_s = time.perf_counter() - start, time.process_time() - cpu_start
    optimized = phase()
    shutil.rmtree(copy, ignore_errors=True)
    tenth = max(count // 10, 1)
    return {
        "adds": count,
        "add_p50_s": round(float(np.median(adds)), 4),
        "add_cpu_p50_s": round(float(np.median(add_cpu)), 4),
        "add_p50_s_first_tenth": round(float(np.median(adds[:tenth])), 4),
        "add_p50_s_last_tenth": round(float(np.median(adds[-tenth:])), 4),
        "adds_total_s": round(sum(adds), 1),
        "optimize_s": round(optimize_s, 1),
        "optimize_cpu_s": round(optimize_cpu_s, 1),
        "optimize_merged_segments": merged_segments,
        "merged": merged,
        "after_adds": after_adds,
        "after_optimize": optimized,
    }


def build_million(args: dict) -> dict:
    """The 1M-chunk index: the 100k bench index replicated at the storage level (bench/segments.py)."""
    from bench.segments import replicate

    return replicate(Path(args["index"]), Path(args["out"]), copies=int(args.get("copies", 10)))


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


# -- approximate search at scale --------------------------------------------------------


def ann(args: dict) -> dict:
    """Our vector index at `size` derived vectors: search p50 with real question vectors, recall@10 vs exact."""
    import faiss

    from index.store.vectors.faiss import FaissStore

    work = Path(args["work"])
    base = np.load(work / "passages-openvino.npy")
    queries = np.load(work / "questions-openvino.npy")
    size = int(args["size"])
    vectors = derived_vectors(base, derived_pairs(size, len(base)), noise=0.3)
    ids = np.arange(size, dtype=np.int64)
    start = time.perf_counter()
    index = FaissStore.from_arrays(base.shape[1], ids, vectors)
    build_s = time.perf_counter() - start
    times: list[float] = []
    found = [_timed(lambda q=q: index.search(q, 10)[1], times) for q in queries]
    exact = faiss.IndexFlatIP(base.shape[1])
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    recall = np.mean([len(set(f.tolist()) & set(t.tolist())) / 10 for f, t in zip(found, truth, strict=True)])
    return {
        "size": size,
        "vector_index": index.kind,
        "build_s": round(build_s, 1),
        "search_p50_ms": percentile_ms(times, 50),
        "search_p95_ms": percentile_ms(times, 95),
        "recall_at_10_vs_exact": round(float(recall), 4),
        "vectors": "derived: normalised sum of two dev passages' real vectors plus Gaussian noise (0.3)",
    }


# -- retrieval quality ----------------------------------------------------------------


def quality(args: dict) -> dict:
    """R@5 of hybrid retrieval on each dev set, indexed by us with the given backend."""
    from index.config import Settings
    from index.search.retrieval import retrieve
    from index.service import Frontline

    root = Path(args["eval"])
    out = {}
    for name in EVAL_SETS:
        folder = Path(args["work"]) / f"dev-{name}-{args['backend']}"
        shutil.rmtree(folder, ignore_errors=True)
        settings = Settings(_env_file=None, FRONTLINE_INDEX_DIR=folder, FRONTLINE_EMBED_BACKEND=args["backend"])
        service = Frontline(settings)
        service.add(service.load([str(root / name / "articles.jsonl")]))
        snapshot = service.snapshot()
        questions = [q for q in dev_questions(root) if q.set == name]
        vectors = service.embedder.encode_queries([q.question for q in questions])
        hits = sum(
            q.expected_article_id
            in {h.chunk.article_id for h in retrieve(snapshot, q.question, v, 5, "hybrid", service.fusion)}
            for q, v in zip(questions, vectors, strict=True)
        )
        out[name] = round(100 * hits / len(questions), 2)
    return {"backend": args["backend"], "r5": out}


TASKS: dict[str, Callable[[dict], dict]] = {
    "embed-ours": embed_ours,
    "embed-baseline": embed_baseline,
    "build-index": build_index,
    "latency-ours": latency_ours,
    "latency-baseline": latency_baseline,
    "ann": ann,
    "quality": quality,
    "add-one-process": add_one_process,
    "add-inprocess": add_inprocess,
    "adds-then-query": adds_then_query,
    "build-million": build_million,
}

if __name__ == "__main__":
    task, raw = sys.argv[1], sys.argv[2]
    print(json.dumps(TASKS[task](json.loads(raw))))
