"""A 1M-chunk index for the benchmark, made by replicating the 100k bench index at the storage level.

Building a million chunks through the indexer would spend hours on text analysis, so
the merged 100k bench index (one segment) is copied and its contents written nine more
times, through the engine's own write path (`IndexDir.write`, `WriteTxn.write_segment`):

- SQLite: every live article again under a new row id and id (`bench-7~3`), with its
  content hash recomputed for that id and its story kept (identical copies are one
  story); every chunk again under a new id pointing at its article's copy; the MinHash
  rows again for the new article rows. Sentence vectors are keyed by content, so the
  copies share the stored ones.
- Segments: the 100k segment's chunk ids shifted; its lexical postings as they are under
  the shifted ids (`Postings` with new `chunk_ids`); a new vector store over its vectors,
  slightly perturbed and re-normalised (cosine ~0.999 to the original, so no two
  vectors are identical), which SQLite stores too; hubness copied; the article records
  in `articles.jsonl.gz` shifted with them.

Each write is one commit naming one segment, as nine adds would be, the last one's
counts the totals. The tiered merge policy (index/store/merge.py) merges ten segments of
one size tier, so ten segments of 100k would make the first `index add` merge the whole
million: the last two copies are written as one segment of 200k, and the index is nine
segments of tier 5, a state the policy leaves as it is (the most segments a tier holds).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from bench.common import SEED, folder_mb
from index.ingest.articles import Article
from index.store import vectors as vector_backends
from index.store.folder import IndexDir, live_segments, segment_name
from index.store.lexical import Postings
from index.store.segment import Segment, read_articles

PERTURB = 0.05  # Gaussian noise per vector, relative to its unit length: cosine to the original ~0.999
_ARTICLE_COLUMNS = (
    "row_id, id, title, published_at, publisher, source, url, lang, editor, caption, related, text, "
    "content_hash, indexed_at, story, added_in"
)


def perturbed(vectors: np.ndarray, rng: np.random.Generator, scale: float = PERTURB) -> np.ndarray:
    noise = rng.standard_normal(vectors.shape).astype(np.float32) * np.float32(scale / np.sqrt(vectors.shape[1]))
    out = vectors + noise
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out.astype(np.float32)


def _shifted_postings(postings: Postings, offset: int) -> Postings:
    return dataclasses.replace(postings, chunk_ids=postings.chunk_ids + offset)


def _copy_rows(
    conn, copy: int, row_span: int, chunk_span: int, base_ids: np.ndarray, vectors: np.ndarray, number: int
) -> tuple[int, int]:
    """Copy `copy` of the base rows (row ids and chunk ids up to the spans) into the open transaction."""
    row_offset, chunk_offset = copy * row_span, copy * chunk_span
    articles = conn.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE removed_in IS NULL AND row_id <= ? ORDER BY row_id",
        (row_span,),
    ).fetchall()
    rows = []
    for r in articles:
        new_id = f"{r['id']}~{copy}"
        article = Article(
            text=r["text"], id=new_id, title=r["title"], published_at=r["published_at"], publisher=r["publisher"],
            source=r["source"], url=r["url"], lang=r["lang"], editor=r["editor"], caption=r["caption"],
            related=json.loads(r["related"]),
        )  # fmt: skip
        rows.append(
            (r["row_id"] + row_offset, new_id, r["title"], r["published_at"], r["publisher"], r["source"], r["url"],
             r["lang"], r["editor"], r["caption"], r["related"], r["text"], article.content_hash(), r["indexed_at"],
             r["story"], number)
        )  # fmt: skip
    marks = ", ".join("?" * len(_ARTICLE_COLUMNS.split(",")))
    conn.executemany(f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({marks})", rows)
    del rows
    chunks = conn.execute(
        "SELECT id, article_row, ord, start, end, text FROM chunks WHERE removed_in IS NULL AND id <= ? ORDER BY id",
        (chunk_span,),
    ).fetchall()
    if not np.array_equal(np.fromiter((c[0] for c in chunks), np.int64, len(chunks)), base_ids):
        raise ValueError("the live base chunks in SQLite are not those of the base segment")
    conn.executemany(
        "INSERT INTO chunks (id, article_row, ord, start, end, text, embedding, added_in) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (c[0] + chunk_offset, c[1] + row_offset, c[2], c[3], c[4], c[5], v.tobytes(), number)
            for c, v in zip(chunks, vectors, strict=True)
        ),
    )
    conn.execute(
        "INSERT INTO article_minhash (article_row, signature) "
        "SELECT article_row + ?, signature FROM article_minhash WHERE article_row <= ?",
        (row_offset, row_span),
    )
    conn.execute(
        "INSERT INTO minhash_bands (key, article_row) SELECT key, article_row + ? FROM minhash_bands "
        "WHERE article_row <= ?",
        (row_offset, row_span),
    )
    return len(articles), len(chunks)


def _replica_parts(base: Segment, records: list[dict], copy: int, chunk_span: int, vectors: np.ndarray):
    """(chunk ids, vectors, postings, hubness, article records) of copy `copy` of the base segment."""
    offset = copy * chunk_span
    postings = {name: _shifted_postings(p, offset) for name, p in base.postings.items()}
    articles = [
        {"article": {**e["article"], "id": f"{e['article']['id']}~{copy}"}, "chunks": [c + offset for c in e["chunks"]]}
        for e in records
    ]
    return base.chunk_ids + offset, vectors, postings, base.hubness.copy(), articles


def _segment(name: str, parts: list, dim: int, backend: str) -> Segment:
    """One segment over the replica parts given (their chunk ids follow one another)."""
    ids = np.concatenate([p[0] for p in parts])
    vectors = np.concatenate([p[1] for p in parts])
    store = vector_backends.backend(backend).from_arrays(dim, ids, vectors)
    if len(parts) == 1:
        postings = parts[0][2]
    else:
        postings = {
            channel: Postings.merge(channel, [(p[2][channel], np.ones(len(p[0]), bool)) for p in parts])
            for channel in parts[0][2]
        }
    hubness = np.concatenate([p[3] for p in parts]).astype(np.float32)
    articles = [a for p in parts for a in p[4]]
    return Segment(name, ids, store, postings, hubness, articles)


def layout(copies: int) -> list[list[int]]:
    """The copies (1..copies-1) each new segment holds: one each, the last two together when ten would share a tier."""
    groups = [[k] for k in range(1, copies)]
    if copies >= 10 and len(groups) >= 2:
        groups[-2:] = [groups[-2] + groups[-1]]
    return groups


def replicate(index: Path, out: Path, copies: int = 10, *, verify: bool = True) -> dict:
    """Write into `out` the index `index` (one segment) holding its contents `copies` times; returns its figures."""
    started = time.perf_counter()
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(index, out, ignore=shutil.ignore_patterns("bench-build.json", ".lock"))
    index_dir = IndexDir(out)
    manifest = index_dir.manifest()
    if manifest is None:
        raise SystemExit(f"no index at {index}")
    folder = index_dir.require_current()
    rng = np.random.default_rng(SEED + 10)
    with index_dir.write(manifest.model, manifest.dim) as txn:
        conn = txn.conn
        live = live_segments(conn, txn.number - 1)
        if len(live) != 1:
            raise SystemExit(f"the base index must be merged into one segment (it has {len(live)}): optimize it")
        base = Segment.load(folder / "segments" / live[0].name)
        records = read_articles(folder / "segments" / live[0].name)
        base_vectors = base.vectors.vectors_for(base.chunk_ids)
        chunk_span = int(conn.execute("SELECT MAX(id) FROM chunks").fetchone()[0])
        row_span = int(conn.execute("SELECT MAX(row_id) FROM articles").fetchone()[0])
        if int(base.chunk_ids.max()) > chunk_span:
            raise SystemExit("the base segment holds chunk ids SQLite does not")
        segments = []
        for group in layout(copies):
            name = segment_name(txn.number)
            parts = []
            for copy in group:
                vectors = perturbed(base_vectors, rng)
                added = _copy_rows(conn, copy, row_span, chunk_span, base.chunk_ids, vectors, txn.number)
                txn.live = (txn.live[0] + added[0], txn.live[1] + added[1])
                parts.append(_replica_parts(base, records, copy, chunk_span, vectors))
            segment = _segment(name, parts, manifest.dim, base.vectors.backend)
            txn.write_segment(segment)
            segments.append({"name": name, "chunks": len(segment), "copies": group, "vectors": segment.vectors.kind})
            del parts, segment
            txn.commit("add", always=True)  # names the segment, records the counts; the next transaction starts
    build_s = time.perf_counter() - started
    result = {
        "chunks": 0,
        "articles": 0,
        "segments": 0,
        "copies": copies,
        "written_segments": segments,
        "build_s": round(build_s, 1),
        "index_mb": folder_mb(out),
        "vectors": f"the 100k index's, perturbed (noise {PERTURB}) and re-normalised per copy",
    }
    final = IndexDir(out).manifest()
    assert final is not None
    result.update(chunks=final.chunks, articles=final.articles, segments=final.segments)
    if verify:
        result.update(verify_index(out))
    return result


def verify_index(folder: Path) -> dict:
    """`frontline index check` and one `frontline ask` against the index: both must succeed."""
    frontline = str(Path(sys.executable).parent / "frontline")
    start = time.perf_counter()
    check = subprocess.run(
        [frontline, "index", "check", "--index", str(folder)], capture_output=True, text=True, check=False
    )
    check_s = time.perf_counter() - start
    if check.returncode != 0:
        raise SystemExit(f"frontline index check failed: {check.stdout[-2000:]}{check.stderr[-2000:]}")
    ask = subprocess.run(
        [frontline, "ask", "Berapa orang melintasi perbatasan dengan Finlandia?", "--index", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if ask.returncode != 0 or not ask.stdout.strip():
        raise SystemExit(f"frontline ask failed: {ask.stdout[-2000:]}{ask.stderr[-2000:]}")
    return {
        "check": check.stdout.strip().splitlines()[-1][:200] if check.stdout.strip() else "ok",
        "check_s": round(check_s, 1),
        "ask_first_line": ask.stdout.strip().splitlines()[0][:200],
    }


if __name__ == "__main__":  # python -m bench.segments INDEX OUT [COPIES]
    print(json.dumps(replicate(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 10)))
