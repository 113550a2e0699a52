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
from index.store.folder import LEGACY_STORE, STORE, IndexDir, Manifest, live_segments
from index.store.hubness import Reference
from index.store.segment import Segment, read_articles

_SAMPLED_VECTORS = 200  # stored embeddings compared against FAISS per check


@dataclass
class CheckReport:
    generation: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_index(index_dir: IndexDir, expected_model: str | None = None) -> CheckReport:
    """Name every inconsistency found in the live generation (empty list: healthy)."""
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
    if index_dir.is_legacy(folder):
        report.problems.append("written by an older Frontline (format 1); `frontline index upgrade` converts it")
        return report
    conn = _open_store(folder / STORE, report)
    if conn is None:
        return report
    try:
        manifest = Manifest.read(conn)
        report.generation = f"{folder.name}@{manifest.generation}"
        if expected_model and manifest.model != expected_model:
            report.problems.append(f"index built with model {manifest.model!r}, configured model is {expected_model!r}")
        _check_contents(folder, manifest, conn, report)
    except sqlite3.Error as exc:  # tables of the right names but not Frontline's columns
        report.problems.append(f"{STORE} unreadable: {exc}")
    finally:
        conn.close()
    return report


def _check_contents(folder: Path, manifest: Manifest, conn: sqlite3.Connection, report: CheckReport) -> None:
    articles, chunks = db.counts(conn)
    if (manifest.articles, manifest.chunks) != (articles, chunks):
        report.problems.append(
            f"the last commit counts {manifest.articles} articles, {manifest.chunks} chunks; "
            f"SQLite holds {articles}, {chunks}"
        )
    orphans = conn.execute(
        "SELECT COUNT(*) FROM articles a WHERE a.removed_in IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.article_row = a.row_id AND c.removed_in IS NULL)"
    ).fetchone()[0]
    if orphans:
        report.problems.append(f"{orphans} articles have no chunks")
    reference = dict(conn.execute("SELECT key, value FROM meta").fetchall()).get("reference")
    if chunks and reference:
        try:
            Reference.load(folder / reference)
        except Exception as exc:  # zipfile and numpy fail in their own ways
            report.problems.append(f"hubness reference {reference} unreadable: {exc.__class__.__name__}")
    rows = np.asarray(sorted(r[0] for r in conn.execute("SELECT id FROM chunks")), dtype=np.int64)
    held: list[np.ndarray] = []
    for row in live_segments(conn, manifest.generation):
        try:
            segment = Segment.load(folder / "segments" / row.name)
        except Exception as exc:  # faiss raises RuntimeError with a C++ trace for damaged files
            detail = str(exc).splitlines()[0][:120] if str(exc) else exc.__class__.__name__
            report.problems.append(f"segment {row.name} unreadable: {detail}")
            continue
        held.append(segment.chunk_ids)
        _check_segment(conn, segment, manifest.dim, report)
    ids = np.sort(np.concatenate(held)) if held else np.zeros(0, np.int64)
    if len(held) == manifest.segments and not np.array_equal(ids, rows):
        only_segments = len(np.setdiff1d(ids, rows))
        only_sqlite = len(np.setdiff1d(rows, ids))
        report.problems.append(
            f"segments and SQLite out of step: {only_segments} chunk ids only in segments, {only_sqlite} only in SQLite"
        )


def _check_segment(conn: sqlite3.Connection, segment: Segment, dim: int, report: CheckReport) -> None:
    ids = segment.chunk_ids
    if segment.vectors.dim != dim:
        report.problems.append(f"segment {segment.name}: vector dimension {segment.vectors.dim}, the index's is {dim}")
        return
    held_ids, vector_ids = segment.vectors.ids(), ids
    if not np.array_equal(held_ids, ids):
        # A vector engine may have pruned the rows of removed chunks (`VectorStore.prune`): every other must be there.
        removed = np.fromiter(
            (r[0] for r in conn.execute("SELECT id FROM chunks WHERE removed_in IS NOT NULL")), np.int64
        )
        live = ids[~np.isin(ids, removed)]
        if not (np.isin(live, held_ids).all() and np.isin(held_ids, ids).all()):
            report.problems.append(f"segment {segment.name}: its vectors and its chunk list differ")
            return
        vector_ids = live
    for name, postings in segment.postings.items():
        if not np.array_equal(postings.chunk_ids, ids):
            report.problems.append(f"segment {segment.name}: lexical channel {name!r} and its chunk list differ")
    count = len(vector_ids)
    sample = vector_ids[np.linspace(0, count - 1, min(count, _SAMPLED_VECTORS)).astype(int)] if count else vector_ids
    held = segment.vectors.vectors_for(sample)  # one call: a server backend answers it in one request
    for chunk_id, vector in zip(sample.tolist(), held, strict=True):
        row = conn.execute("SELECT embedding FROM chunks WHERE id = ?", (chunk_id,)).fetchone()
        if row is None:
            continue  # reported as out of step above
        stored = np.frombuffer(row[0], dtype=np.float32)
        if len(stored) != dim or not np.allclose(stored, vector, atol=1e-3):
            report.problems.append(
                f"segment {segment.name}: vector of chunk {chunk_id} differs from the stored embedding"
            )
            return


def _open_store(path: Path, report: CheckReport) -> sqlite3.Connection | None:
    """A generation's SQLite, read-only, if it is an intact Frontline store (else a problem is named)."""
    if not path.is_file() or path.stat().st_size == 0:
        report.problems.append(f"{path.name} is missing or empty")
        return None
    try:
        conn = db.connect(path, readonly=True)
        verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error as exc:
        report.problems.append(f"{path.name} unreadable: {exc}")
        return None
    if verdict != "ok":
        report.problems.append(f"{path.name} damaged: {verdict}")
        conn.close()
        return None
    if not {"articles", "chunks"} <= tables:
        report.problems.append(f"{path.name} is not a Frontline article store (no articles/chunks tables)")
        conn.close()
        return None
    return conn


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
        conn = _open_store(folder / (LEGACY_STORE if index_dir.is_legacy(folder) else STORE), report)
        if conn is None:
            continue
        try:
            articles = db.live_articles(conn)
        except sqlite3.Error:
            continue
        finally:
            conn.close()
        return articles, folder.name
    for folder in candidates:  # no store reads back: the segments keep their articles too
        from_segments = _articles_in_segments(folder)
        if from_segments:
            return from_segments, folder.name
    raise FrontlineError("no_readable_store", path=index_dir.root)


def _articles_in_segments(folder: Path) -> list[Article]:
    """The articles the segment folders of a generation hold, the newest version of each.

    Removals are recorded in SQLite only, so an article removed since its segment was
    last merged comes back: this is the last resort when the store itself is lost.
    """
    latest: dict[str, dict] = {}
    segments = folder / "segments"
    for path in sorted(segments.iterdir()) if segments.is_dir() else []:
        try:
            entries = read_articles(path)
        except (OSError, ValueError, EOFError):  # a damaged segment: the others still count
            continue
        for entry in entries:
            record = entry["article"]
            latest[record["id"]] = record
    return [Article(**record) for record in latest.values()]


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
