"""Checking an index for damage, rebuilding it from stored article text, export for moving it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.errors import FrontlineError, IndexCorruptError, IndexNotFoundError
from index.ingest.articles import Article
from index.store import db
from index.store.folder import IndexDir, Manifest
from index.store.hubness import Hubness
from index.store.lexical import ANALYZERS, LexicalChannel
from index.store.vectors import VectorIndex

_SAMPLED_VECTORS = 200  # stored embeddings compared against FAISS per check


@dataclass
class CheckReport:
    generation: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_index(index_dir: IndexDir, expected_model: str | None = None) -> CheckReport:
    """Name every inconsistency found in the committed generation (empty list: healthy)."""
    report = CheckReport()
    try:
        folder = index_dir.current()
    except IndexCorruptError as exc:
        report.problems.append(str(exc.details.get("reason", exc.kind)))
        return report
    if folder is None:
        report.problems.append(f"no committed index in {index_dir.root}")
        return report
    report.generation = folder.name
    try:
        manifest = Manifest.read(folder)
    except (OSError, ValueError, TypeError) as exc:
        report.problems.append(f"manifest.json unreadable: {exc.__class__.__name__}")
        return report
    if expected_model and manifest.model != expected_model:
        report.problems.append(f"index built with model {manifest.model!r}, configured model is {expected_model!r}")

    conn = _open_store(folder / "store.sqlite", report)
    vectors = _open_vectors(folder / "vectors.faiss", report)
    if conn is None:
        return report
    try:
        _check_contents(folder, manifest, conn, vectors, report)
    except sqlite3.Error as exc:  # tables of the right names but not Frontline's columns
        report.problems.append(f"store.sqlite unreadable: {exc}")
    finally:
        conn.close()
    return report


def _check_contents(
    folder: Path, manifest: Manifest, conn: sqlite3.Connection, vectors: VectorIndex | None, report: CheckReport
) -> None:
    chunk_ids = np.asarray(sorted(r[0] for r in conn.execute("SELECT id FROM chunks")), dtype=np.int64)
    articles, chunks = db.counts(conn)
    if (manifest.articles, manifest.chunks) != (articles, chunks):
        report.problems.append(
            f"manifest counts ({manifest.articles} articles, {manifest.chunks} chunks) "
            f"differ from SQLite ({articles}, {chunks})"
        )
    orphans = conn.execute(
        "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.article_row = a.row_id)"
    ).fetchone()[0]
    if orphans:
        report.problems.append(f"{orphans} articles have no chunks")
    if vectors is not None:
        _compare_vectors(conn, vectors, chunk_ids, manifest.dim, report)
    for name in ANALYZERS:
        try:
            channel = LexicalChannel.load(folder / "lexical" / name)
        except Exception as exc:  # numpy / json / bm25s each fail differently
            report.problems.append(f"lexical channel {name!r} unreadable: {exc.__class__.__name__}")
            continue
        if not np.array_equal(np.sort(channel.chunk_ids), chunk_ids):
            report.problems.append(f"lexical channel {name!r} and SQLite out of step")
    try:
        hubness = Hubness.load(folder)  # absent in indexes written before it existed
    except Exception as exc:  # a damaged .npz fails in zipfile or numpy
        report.problems.append(f"hubness.npz unreadable: {exc.__class__.__name__}")
    else:
        if hubness is not None and not np.array_equal(hubness.chunk_ids, chunk_ids):
            report.problems.append("hubness.npz and SQLite out of step")


def _open_store(path: Path, report: CheckReport) -> sqlite3.Connection | None:
    """The generation's SQLite, read-only, if it is an intact Frontline store (else a problem is named)."""
    if not path.is_file() or path.stat().st_size == 0:
        report.problems.append("store.sqlite is missing or empty")
        return None
    try:
        conn = db.connect(path, readonly=True)
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        report.problems.append(f"store.sqlite unreadable: {exc}")
        return None
    if verdict != "ok":
        report.problems.append(f"store.sqlite damaged: {verdict}")
        conn.close()
        return None
    if not {"articles", "chunks"} <= tables:
        report.problems.append("store.sqlite is not a Frontline article store (no articles/chunks tables)")
        conn.close()
        return None
    return conn


def _open_vectors(path: Path, report: CheckReport) -> VectorIndex | None:
    try:
        return VectorIndex.load(path)
    except Exception as exc:  # faiss raises RuntimeError with a C++ trace for truncated files
        report.problems.append(f"vectors.faiss unreadable (truncated or damaged): {str(exc).splitlines()[0][:120]}")
        return None


def _compare_vectors(
    conn: sqlite3.Connection, vectors: VectorIndex, chunk_ids: np.ndarray, dim: int, report: CheckReport
) -> None:
    if vectors.dim != dim:
        report.problems.append(f"FAISS dimension {vectors.dim} differs from the manifest's {dim}")
        return
    faiss_ids = np.sort(vectors.ids())
    if not np.array_equal(faiss_ids, chunk_ids):
        only_faiss = len(np.setdiff1d(faiss_ids, chunk_ids))
        only_sqlite = len(np.setdiff1d(chunk_ids, faiss_ids))
        report.problems.append(
            f"FAISS and SQLite out of step: {only_faiss} ids only in FAISS, {only_sqlite} only in SQLite"
        )
        return
    sample = (
        chunk_ids[np.linspace(0, len(chunk_ids) - 1, min(len(chunk_ids), _SAMPLED_VECTORS)).astype(int)]
        if len(chunk_ids)
        else chunk_ids
    )
    for chunk_id in sample.tolist():
        blob = conn.execute("SELECT embedding FROM chunks WHERE id = ?", (chunk_id,)).fetchone()[0]
        stored = np.frombuffer(blob, dtype=np.float32)
        if len(stored) != dim or not np.allclose(stored, vectors.vectors_for(np.asarray([chunk_id]))[0], atol=1e-3):
            report.problems.append(f"FAISS vector of chunk {chunk_id} differs from the stored embedding")
            return


def stored_articles(index_dir: IndexDir) -> tuple[list[Article], str]:
    """Articles from the newest generation whose SQLite is intact, and that generation's name."""
    if not index_dir.root.exists():
        raise IndexNotFoundError("index_not_found", path=index_dir.root)
    try:
        current = index_dir.current()
    except IndexCorruptError:  # a damaged CURRENT: look through the generation folders themselves
        current = None
    candidates = ([current] if current else []) + [g for g in index_dir.generations() if g != current]
    for folder in candidates:
        report = CheckReport()
        conn = _open_store(folder / "store.sqlite", report)
        if conn is None:
            continue
        try:
            articles = [info.article for info in db.list_articles(conn, limit=-1)]
        except sqlite3.Error:
            continue
        finally:
            conn.close()
        return articles, folder.name
    raise FrontlineError("no_readable_store", path=index_dir.root)


def export_records(index_dir: IndexDir) -> Iterator[dict]:
    """Every article with all its metadata, as JSONL records `index add` reads back."""
    articles, _ = stored_articles(index_dir)
    for article in sorted(articles, key=lambda a: a.id):
        yield article.to_record()


def write_export(index_dir: IndexDir, path: Path) -> int:
    count = 0
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for record in export_records(index_dir):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(path)
    return count
