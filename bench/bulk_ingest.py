"""Bulk `frontline index add`: articles/s, chunks/s and peak RSS, and where the time goes.

    python -m bench.bulk_ingest --articles 2000 [--index DIR] [--json FILE]
    python -m bench.bulk_ingest --articles 200 --profile [--cprofile N] [--stub-model]

The corpus is deterministic: N articles of ~5,000 characters, each in one language,
concatenated from real passages of the evaluation sets and test data (Indonesian: FacQA
passages and the sample article; Ukrainian: warline-dev events; English: the warline
tweets and descriptions and the dated test articles), with ids, titles and dates. Those
sources hold ~0.52 M characters, so 2,000 articles (10.3 M) reuse each passage ~20 times;
one word of every sentence is swapped for another word of the same language so that, as in
real news, sentences do not repeat across articles (the index stores one vector per distinct
sentence, so verbatim copies would hide that cost): 99 % of the 2,000 articles' sentences
are distinct, 5 % with `--verbatim`, which skips the swap.

The default mode writes the corpus as JSONL and runs `frontline index add` on it in a
child process under /usr/bin/time -v (peak RSS; getrusage of the children without it).
`--profile` runs the add in this process and times its stages (exclusive time: a stage's
figure leaves out the stages it calls), optionally with the top of a cProfile listing.
`--stub-model` replaces the model's forward pass by hashed vectors, to time the rest.
Model time varies with the machine and its load: CPU-seconds per chunk compare runs on a
busy machine better than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import ROOT, SEED, eval_root, read_jsonl

TARGET_CHARS = (4000, 6000)  # an article's length, drawn uniformly
LANG_SHARE = {"id": 0.4, "uk": 0.3, "en": 0.3}
_WORD = re.compile(r"[^\W\d_]{4,}")


# -- the corpus -------------------------------------------------------------------------------------


def passage_pools(root: Path) -> dict[str, list[str]]:
    """Real passages by language, in a fixed order."""
    facqa, warline = root / "facqa-train", root / "warline-dev"
    needed = [facqa / "articles.jsonl", warline / "articles.jsonl", warline / "questions.jsonl"]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: set FRONTLINE_EVAL_DIR to the evaluation sets")
    pools: dict[str, list[str]] = {
        "id": [r["text"] for r in read_jsonl(facqa / "articles.jsonl")],
        "uk": [r["text"] for r in read_jsonl(warline / "articles.jsonl")],
        "en": [" ".join(r["question"].split()) for r in read_jsonl(warline / "questions.jsonl")],
    }
    for path in sorted((ROOT / "samples").glob("*.txt")):
        pools["id"] += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    for row in read_jsonl(ROOT / "tests" / "data" / "dated-articles.jsonl"):
        pools.setdefault(row.get("lang") or "en", []).append(row["text"])
    return pools


def _vary(text: str, vocabulary: list[str], rng: np.random.Generator) -> str:
    """`text` with one word of each sentence swapped for another word of the language."""
    from index.text.sentences import split_sentences

    out, cursor = [], 0
    for sentence in split_sentences(text):
        words = list(_WORD.finditer(text, sentence.start, sentence.end))
        if not words:
            continue
        word = words[int(rng.integers(len(words)))]
        out += [text[cursor : word.start()], vocabulary[int(rng.integers(len(vocabulary)))]]
        cursor = word.end()
    return "".join(out) + text[cursor:]


def make_corpus(n: int, root: Path, *, verbatim: bool = False, seed: int = SEED) -> list[dict]:
    """`n` articles as JSONL records (id, title, text, published_at, publisher, source, url, lang)."""
    pools = passage_pools(root)
    rng = np.random.default_rng(seed)
    langs = list(LANG_SHARE)
    vocabularies = {lang: sorted({w.group() for t in pools[lang] for w in _WORD.finditer(t)}) for lang in langs}
    start = date(2022, 2, 24)
    articles = []
    for i in range(n):
        lang = langs[int(rng.choice(len(langs), p=list(LANG_SHARE.values())))]
        pool, target = pools[lang], int(rng.integers(*TARGET_CHARS))
        paragraphs: list[str] = []
        length = 0
        while length < target:
            text = pool[int(rng.integers(len(pool)))]
            if not verbatim:
                text = _vary(text, vocabularies[lang], rng)
            paragraphs.append(text)
            length += len(text) + 2
        first = paragraphs[0].split("\n")[0]
        title = first if len(first) <= 90 else first[:90].rsplit(" ", 1)[0]
        articles.append(
            {
                "id": f"bulk-{lang}-{i:05d}",
                "title": title,
                "text": "\n\n".join(paragraphs),
                "published_at": (start + timedelta(days=(i * 7) % 400)).isoformat(),
                "publisher": f"Bench {lang.upper()}",
                "source": "bench",
                "url": f"https://bench.example/{lang}/{i:05d}",
                "lang": lang,
            }
        )
    return articles


def write_jsonl(articles: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for article in articles:
            fh.write(json.dumps(article, ensure_ascii=False) + "\n")


# -- a model stub ------------------------------------------------------------------------------------


def install_stub_model() -> None:
    """Replace the model's forward pass by hashed random unit vectors: what is left is everything else.

    The tokenizer stays (chunking counts tokens), so the chunks are the same; the model is
    still loaded. Measures the write path apart from the model, in minutes at any size.
    """
    import hashlib

    from index.embed.embedder import Embedder

    def vectors(self: Embedder, texts: Any) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            out[row] = np.random.default_rng(seed).standard_normal(self.dim)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def spans(self: Embedder, texts: Any, spans: Any) -> tuple[np.ndarray, list[np.ndarray]]:
        return vectors(self, texts), [
            vectors(self, [f"{t}|{a}:{b}" for a, b in s]) for t, s in zip(texts, spans, strict=True)
        ]

    Embedder.encode_passages = lambda self, texts, **_: vectors(self, texts)  # type: ignore[method-assign]
    Embedder.encode_queries = vectors  # type: ignore[method-assign]
    Embedder.encode_passage_spans = spans  # type: ignore[method-assign]


# -- timing stages ----------------------------------------------------------------------------------


@dataclass
class _Frame:
    name: str
    start: float
    children: float = 0.0  # time spent in nested stages


class Stages:
    """Exclusive wall time per stage: time inside a nested stage counts for it, not its caller.

    Each thread nests its own stages: the model embeds a group on its own thread while the
    writer's thread reads and stores the others (index/ingest/indexer.py), so the stages'
    times add up to more than the add's wall time.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._local = threading.local()
        self._lock = threading.Lock()

    @property
    def _stack(self) -> list[_Frame]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        return self._local.stack

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        frame = _Frame(name, time.perf_counter())
        self._stack.append(frame)
        try:
            yield
        finally:
            self._stack.pop()
            spent = time.perf_counter() - frame.start
            with self._lock:
                self.seconds[name] = self.seconds.get(name, 0.0) + spent - frame.children
                self.calls[name] = self.calls.get(name, 0) + 1
            if self._stack:
                self._stack[-1].children += spent

    def current(self) -> str | None:
        return self._stack[-1].name if self._stack else None

    def wrap(self, owner: Any, attribute: str, name: str | Callable[[], str]) -> None:
        """Time every call of `owner.attribute` as stage `name`."""
        original = getattr(owner, attribute)
        stages = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            with stages.stage(name() if callable(name) else name):
                return original(*args, **kwargs)

        setattr(owner, attribute, timed)


# (module, attribute path, stage): the write path's steps; a name that no longer exists is skipped, and said.
_STAGES: list[tuple[str, str, str]] = [
    ("index.ingest.loader", "load_inputs", "load + parse"),
    ("index.ingest.indexer", "chunk_text", "chunking"),
    ("index.embed.tokenizer", "Tokenizer.count", "chunking: token counts"),
    ("index.embed.tokenizer", "Tokenizer.ids", "tokenise"),
    ("index.embed.tokenizer", "Tokenizer.ids_and_offsets", "tokenise"),
    ("index.embed.bulk", "answer_sentences", "sentences: split"),
    ("index.store.db", "sentence_vectors", "sentences: SQLite"),
    ("index.store.db", "insert_sentence_vectors", "sentences: SQLite"),
    ("index.store.db", "insert_article", "SQLite"),
    ("index.store.db", "chunk_ids_of", "SQLite"),
    ("index.store.db", "content_hash", "SQLite"),
    ("index.store.db", "iter_chunk_texts", "SQLite"),
    ("index.embed.bulk", "encode_chunks_and_sentences", "embed: bulk (other)"),
    ("index.store.stories", "assign", "stories (MinHash)"),
    ("index.store.lexical", "LexicalChannel.build", "lexical"),
    ("index.store.folder", "WriteTxn.insert_article", "SQLite"),
    ("index.store.folder", "WriteTxn.remove_articles", "SQLite"),
    ("index.store.folder", "WriteTxn.add_chunks", "segment: collect"),
    ("index.store.segment", "Postings.build", "segment: lexical postings"),
    ("index.store.segment", "Reference.values", "segment: hubness"),
    ("index.store.segment", "Segment.build", "segment: vectors (FAISS) + other"),
    ("index.store.folder", "WriteTxn.write_segment", "segment: write (fsync, read back)"),
    ("index.store.folder", "WriteTxn._record_commit", "commit"),
    ("index.store.folder", "IndexDir._publish", "commit"),
    ("index.store.folder", "IndexDir._transaction", "transaction (open, verify, garbage)"),
]


def instrument(stages: Stages) -> None:
    """Wrap the stages of an add (and split the model's time between chunks and sentences)."""
    import importlib

    from index.embed import embedder as embedder_module

    in_sentences = {"sentences: other", "sentences: split", "sentences: SQLite"}

    def embed_name() -> str:
        caller = stages.current()
        if caller == "embed: bulk (other)":
            return "embed: chunks + sentences, one call"
        return "embed: sentences" if caller in in_sentences else "embed: chunks"

    stages.wrap(embedder_module.Embedder, "encode_passages", embed_name)
    if hasattr(embedder_module.Embedder, "encode_passage_spans"):
        stages.wrap(embedder_module.Embedder, "encode_passage_spans", "embed: chunks + pooled sentences")
    for module_name, path, stage in _STAGES:
        try:
            owner: Any = importlib.import_module(module_name)
        except ImportError:
            print(f"  (not timed: no module {module_name})", file=sys.stderr)
            continue
        *parents, attribute = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent, None)
        if owner is None or getattr(owner, attribute, None) is None:
            print(f"  (not timed: {module_name}.{path} does not exist)", file=sys.stderr)
            continue
        stages.wrap(owner, attribute, stage)


def profile(corpus: Path, index: Path, top: int, *, stub: bool = False) -> dict:
    """Run the add in this process; return the stage times."""
    from index.config import Settings
    from index.service import Frontline

    if stub:
        install_stub_model()
    stages = Stages()
    instrument(stages)
    with stages.stage("model load"):
        service = Frontline(Settings(FRONTLINE_INDEX_DIR=index))
        service.embedder.encode_passages(["warm up"])
    profiler = None
    if top:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start, cpu = time.perf_counter(), time.process_time()
    with stages.stage("other"):
        report = service.add(service.load([str(corpus)]))
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(top)
    return {"wall_s": wall, "cpu_s": cpu, "chunks": report.chunks, "articles": len(report.added) + len(report.updated),
            "stages": stages.seconds, "calls": stages.calls}  # fmt: skip


# -- the CLI in a child process ---------------------------------------------------------------------


def child_main(argv: list[str]) -> None:
    """`python -m bench.bulk_ingest --child [stub] -- frontline args...`: the CLI, its model stubbed or not."""
    args = argv[2:]
    if argv[0] == "stub":
        install_stub_model()
    from bot.cli import main

    main(args, prog_name="frontline")


def run_cli(corpus: Path, index: Path, *, stub: bool = False) -> dict:
    child = "stub" if stub else "model"
    command = [sys.executable, "-m", "bench.bulk_ingest", "--child", child, "--", "index", "add", str(corpus)]
    command += ["--index", str(index)]
    timed = Path("/usr/bin/time").is_file()
    if timed:
        command = ["/usr/bin/time", "-v", *command]
    env = {**os.environ, "TQDM_DISABLE": "1"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"frontline index add failed ({done.returncode})")
    found = re.search(r"\((\d+) chunks embedded\)", done.stdout)
    chunks = int(found.group(1)) if found else 0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    rss_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    if timed:
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        rss_kb = int(found.group(1)) if found else rss_kb
        times = [float(t) for t in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)]
        cpu = sum(times) if times else cpu
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "chunks": chunks,
        "peak_rss_mb": rss_kb / 1024,
        "summary": done.stdout.strip(),
    }


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child_main(argv[1:])
        return
    parser = argparse.ArgumentParser(prog="python -m bench.bulk_ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--index", type=Path, help="index folder, kept (default: a temporary one, removed after)")
    parser.add_argument("--corpus", type=Path, help="write the corpus JSONL here, kept (default: removed after)")
    parser.add_argument("--verbatim", action="store_true", help="passages as they are (sentences repeat)")
    parser.add_argument("--profile", action="store_true", help="run in this process and time the stages")
    parser.add_argument("--cprofile", type=int, default=0, metavar="N", help="with --profile: top N of cProfile")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--stub-model", action="store_true", help="random vectors for the model: time the rest")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="frontline-bulk-"))
    index = args.index or work / "index"
    corpus = args.corpus or work / f"bulk-{args.articles}.jsonl"
    try:
        articles = make_corpus(args.articles, eval_root(), verbatim=args.verbatim)
        write_jsonl(articles, corpus)
        langs = {lang: sum(a["lang"] == lang for a in articles) for lang in LANG_SHARE}
        chars = sum(len(a["text"]) for a in articles)
        print(f"corpus: {len(articles)} articles, {chars / len(articles):,.0f} characters each on average, {langs}")
        if args.profile:
            result = profile(corpus, index, args.cprofile, stub=args.stub_model)
            print_profile(result)
        else:
            result = run_cli(corpus, index, stub=args.stub_model)
            print(result["summary"])
            print(
                f"{result['wall_s']:.1f} s, {len(articles) / result['wall_s']:.2f} articles/s, "
                f"{result['chunks'] / result['wall_s']:.1f} chunks/s, peak RSS {result['peak_rss_mb']:.0f} MB; "
                f"{result['cpu_s']:.0f} CPU-s, {result['chunks'] / result['cpu_s']:.2f} chunks per CPU-s"
            )
        result["load_average"] = os.getloadavg()
        print(
            f"load average at the end: {' '.join(f'{x:.1f}' for x in result['load_average'])} ({os.cpu_count()} CPUs)"
        )
        result.update(articles=len(articles), verbatim=args.verbatim, stub_model=args.stub_model)
        if args.json:
            args.json.write_text(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the default index and corpus only


def print_profile(result: dict) -> None:
    wall, stages = result["wall_s"], dict(result["stages"])
    load = stages.pop("model load", 0.0)
    print(f"add: {result['articles']} articles, {result['chunks']} chunks in {wall:.1f} s "
          f"({result['articles'] / wall:.2f} articles/s, {result['chunks'] / wall:.1f} chunks/s; "
          f"{result['cpu_s']:.0f} CPU-s, {result['chunks'] / result['cpu_s']:.2f} chunks per CPU-s; "
          f"model load {load:.1f} s not counted)")  # fmt: skip
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        calls = result["calls"].get(name, 0)
        print(f"  {name:<34} {seconds:8.2f} s  {100 * seconds / wall:5.1f} %  ({calls} calls)")


if __name__ == "__main__":
    main()
