"""The index folder: one SQLite store and immutable segments, committed atomically, one writer at a time.

    DIR/CURRENT                          the live generation ("gen-000007"); moves only on a rebuild
    DIR/gen-000007/index.sqlite          articles, chunks, segments, commits (the manifest), meta
    DIR/gen-000007/segments/seg-…/       one per write or merge (index/store/segment.py)
    DIR/gen-000007/reference-….npz       the hubness reference sample (index/store/hubness.py)
    DIR/.lock                            held (flock) by the one process writing

A write is one SQLite transaction. It inserts its articles and chunks, marks the rows it
replaces or removes with its commit number (tombstones), writes a new segment holding
only its own chunks into a private `.tmp-*` folder, fsyncs it, renames it into
`segments/`, and only then commits the transaction, which names the segment in
`segments` and records the commit in `commits`. SQLite's commit is the atomic switch: a
crash before it leaves a segment no commit names (removed by the next writer), a crash
after it a complete commit. No write copies or re-reads existing segments; readers
(WAL) keep reading the commit they opened. Merges (index/store/merge.py) are commits
too: they write one segment for several, drop those, and purge tombstoned rows.

A rebuild (`index repair`, the upgrade of an index from an older format, or the first
write of a new index) writes a whole new generation in a private folder and switches
CURRENT to it, as every write did before segments.

A damaged index is never written over: CURRENT must name a real generation folder, its
store must hold Frontline's tables, the model it was built with and every live segment;
otherwise a write refuses with `IndexCorruptError` and only `index repair` starts over.
Folders are created with the process umask, like every other file.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.errors import FrontlineError, IndexBusyError, IndexCorruptError, IndexNotFoundError, ModelMismatchError
from index.ingest.articles import Article
from index.store import db
from index.store import vectors as vector_backends
from index.store.hubness import SAMPLE, Reference
from index.store.segment import Segment
from index.store.segment import damage as segment_damage
from index.text.chunking import Chunk, passage_text

FORMAT_VERSION = 2
STORE = "index.sqlite"
LEGACY_STORE = "store.sqlite"  # format 1: one folder per generation, everything rewritten by each write
KEEP_COMMITS = 2  # a dropped segment's folder stays this many commits, for readers still on it
_GEN_PREFIX = "gen-"
_GEN_NAME = re.compile(r"gen-(\d{6,12})")  # what CURRENT may hold: a name, never a path
_SEGMENT_NAME = re.compile(r"seg-\d{8,12}")


def generation_number(name: str) -> int | None:
    """The number of a generation folder name ("gen-000007" -> 7); None for anything else."""
    match = _GEN_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


def segment_name(commit: int) -> str:
    return f"seg-{commit:08d}"


@dataclass
class Manifest:
    """What the latest commit says about the index."""

    model: str
    dim: int
    articles: int = 0
    chunks: int = 0
    generation: int = 0  # the commit number
    created_at: str = ""
    format: int = FORMAT_VERSION
    vector_backend: str = vector_backends.DEFAULT
    segments: int = 0

    @classmethod
    def read(cls, conn: sqlite3.Connection, commit: int | None = None) -> Manifest:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        row = conn.execute(
            "SELECT id, at, articles, chunks FROM commits WHERE id <= ? ORDER BY id DESC LIMIT 1",
            (commit if commit is not None else 2**62,),
        ).fetchone()
        number = int(row[0]) if row else 0
        segments = conn.execute(
            "SELECT COUNT(*) FROM segments WHERE created_in <= ? AND (dropped_in IS NULL OR dropped_in > ?)",
            (number, number),
        ).fetchone()[0]
        return cls(
            model=meta.get("model", ""),
            dim=int(meta.get("dim", 0)),
            articles=int(row[2]) if row else 0,
            chunks=int(row[3]) if row else 0,
            generation=number,
            created_at=row[1] if row else "",
            format=int(meta.get("format", FORMAT_VERSION)),
            vector_backend=meta.get("vector_backend", vector_backends.DEFAULT),
            segments=int(segments),
        )


@dataclass(frozen=True)
class SegmentRow:
    name: str
    backend: str
    chunks: int


def live_segments(conn: sqlite3.Connection, commit: int) -> list[SegmentRow]:
    """The segments that make up the index at `commit`, oldest first."""
    rows = conn.execute(
        "SELECT name, backend, chunks FROM segments WHERE created_in <= ? AND (dropped_in IS NULL OR dropped_in > ?) "
        "ORDER BY created_in, name",
        (commit, commit),
    ).fetchall()
    return [SegmentRow(r[0], r[1], int(r[2])) for r in rows]


def last_commit(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM commits").fetchone()[0])


def removed_chunk_ids(conn: sqlite3.Connection, commit: int) -> np.ndarray:
    """Ids of the chunks removed by `commit` or before (still in their segments until a merge), ascending."""
    rows = conn.execute(
        "SELECT id FROM chunks WHERE removed_in IS NOT NULL AND removed_in <= ? ORDER BY id", (commit,)
    ).fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
        else:
            _fsync_dir(path)
    _fsync_dir(folder)


class IndexDir:
    def __init__(self, root: Path, backend: str | None = None) -> None:
        """An index folder; `backend` is the vector backend a new index is written with.

        None: the default, or on a rebuild the one the index had. An existing index keeps
        the backend it records.
        """
        self.root = Path(root)
        self.backend = backend
        # Called after every write that committed, still under the lock (a publisher: index/store/published.py).
        self.after_commit: Callable[[IndexDir], None] | None = None

    # -- finding the live generation -------------------------------------------------
    def current(self) -> Path | None:
        """The live generation; None when DIR holds no index at all.

        Raises `IndexCorruptError` when CURRENT is missing beside generation folders, empty,
        not a generation name (`../x`, `gen-000002/../../y`) or names no real folder in DIR.
        """
        try:
            raw = (self.root / "CURRENT").read_bytes()
        except FileNotFoundError:
            if self.generations():
                raise self._corrupt("CURRENT", "CURRENT is missing beside generation folders") from None
            return None
        except OSError as exc:
            raise self._corrupt("CURRENT", f"CURRENT unreadable ({exc.strerror or exc.__class__.__name__})") from exc
        name = raw.decode("utf-8", "replace").strip()
        if not name:
            raise self._corrupt("CURRENT", "CURRENT is empty")
        if generation_number(name) is None:
            raise self._corrupt(name[:80], "CURRENT does not hold a generation name")
        folder = self.root / name
        if folder.is_symlink() or not folder.is_dir():
            raise self._corrupt(name, "CURRENT names a generation folder that does not exist")
        return folder

    def require_current(self) -> Path:
        folder = self.current()
        if folder is None:
            raise IndexNotFoundError("index_not_found", path=self.root)
        return folder

    @staticmethod
    def is_legacy(folder: Path) -> bool:
        """Whether `folder` is a generation of index format 1 (before segments)."""
        return not (folder / STORE).exists() and (folder / LEGACY_STORE).exists()

    def require_format(self, folder: Path) -> None:
        """Readers cannot read an index of format 1: it must be upgraded first."""
        if self.is_legacy(folder):
            raise FrontlineError("index_old_format", path=self.root)

    def manifest(self) -> Manifest | None:
        folder = self.current()
        if folder is None:
            return None
        if self.is_legacy(folder):  # enough to write to it: the write upgrades it first
            try:
                legacy = json.loads((folder / "manifest.json").read_text())
                return Manifest(model=legacy["model"], dim=int(legacy["dim"]), format=1)
            except (OSError, ValueError, KeyError) as exc:
                raise self._corrupt(folder.name, "manifest.json unreadable") from exc
        conn = self.open_store(folder)
        try:
            return Manifest.read(conn)
        finally:
            conn.close()

    def open_store(self, folder: Path, *, readonly: bool = True) -> sqlite3.Connection:
        """The generation's SQLite store, checked to be Frontline's (else `IndexCorruptError`)."""
        path = folder / STORE
        if path.is_symlink() or not path.is_file() or path.stat().st_size == 0:
            raise self._corrupt(folder.name, f"{STORE} is missing or empty")
        try:
            conn = db.connect(path, readonly=readonly)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as exc:
            raise self._corrupt(folder.name, f"{STORE} unreadable ({exc})") from exc
        if not {"articles", "chunks", "segments", "commits", "meta"} <= tables:
            conn.close()
            raise self._corrupt(folder.name, f"{STORE} is not a Frontline index store")
        return conn

    def _corrupt(self, generation: str, reason: str) -> IndexCorruptError:
        return IndexCorruptError("index_corrupt", path=self.root, generation=generation, reason=reason)

    def verify(self, folder: Path, conn: sqlite3.Connection, model: str | None = None) -> Manifest:
        """What a write checks before building on a generation: cheap, and independent of its size.

        The store's meta and counts, and that every live segment is there and whole on
        disk (its files present and its chunk count as recorded); `index check` reads deeper.
        """
        try:
            manifest = Manifest.read(conn)
            live = live_segments(conn, manifest.generation)
            recorded = conn.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        except (sqlite3.Error, ValueError) as exc:
            raise self._corrupt(folder.name, f"{STORE} unreadable ({exc})") from exc
        if model is not None and manifest.model and manifest.model != model:
            raise ModelMismatchError("model_mismatch", path=self.root, built=manifest.model, requested=model)
        for segment in live:
            problem = segment_damage(folder / "segments" / segment.name, segment.chunks)
            if problem:
                raise self._corrupt(folder.name, f"segment {segment.name}: {problem}")
        if sum(s.chunks for s in live) != recorded:
            raise self._corrupt(folder.name, f"the segments hold other chunks than {STORE}")
        return manifest

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def lock(self) -> Iterator[None]:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fh = open(self.root / ".lock", "a+")  # noqa: SIM115 - closed below, after the error translation
        except OSError as exc:
            raise FrontlineError(
                "index_unwritable", path=self.root, reason=exc.strerror or exc.__class__.__name__
            ) from exc
        with fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                fh.seek(0)
                holder = fh.read().strip() or "another process"
                raise IndexBusyError("index_busy", path=self.root, holder=holder) from exc
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}")
            fh.flush()
            try:
                yield
            finally:
                fh.seek(0)
                fh.truncate()
                fcntl.flock(fh, fcntl.LOCK_UN)

    @contextmanager
    def write(self, model: str, dim: int, *, fresh: bool = False) -> Iterator[WriteTxn]:
        """Lock, open the live generation's store and yield a transaction; commit what it holds on success.

        `fresh` builds a new generation from nothing instead (a rebuild), whatever the
        model was; so does the first write of a new index. An index of format 1 is
        upgraded first (its stored chunks and vectors become one segment; nothing is
        embedded again).
        """
        with self.lock():
            base = None if fresh else self.current()  # raises when CURRENT is damaged
            if base is not None and self.is_legacy(base):
                base = self._upgrade(base)
            self._remove_leftovers()
            if base is not None:  # a rebuild that crashed after renaming its folder, before CURRENT moved
                self._remove_old_generations(keep=base)
            if base is not None:
                with self._transaction(base, model, dim) as txn:
                    yield txn
                self._committed()
                return
            work = self._new_work_folder()
            try:
                conn = db.connect(work / STORE)
                db.migrate(conn)
                with conn:
                    conn.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("format", str(FORMAT_VERSION)), ("model", model), ("dim", str(dim)),
                         *self._new_vector_meta(fresh)],
                    )  # fmt: skip
                conn.close()
                with self._transaction(work, model, dim) as txn:
                    yield txn
                    txn.commit(kind="rebuild", always=True)
                self._publish(work)
            finally:
                _remove_folder(work)
            self._committed()

    def _committed(self) -> None:
        if self.after_commit is not None:
            self.after_commit(self)

    def _new_vector_meta(self, fresh: bool) -> list[tuple[str, str]]:
        """The meta rows naming where a new generation keeps its vectors: backend and, for an engine, a collection."""
        backend = self.backend
        if backend is None and fresh:  # a rebuild keeps the backend of the index it replaces
            try:
                previous = self.manifest()
            except FrontlineError:
                previous = None
            backend = previous.vector_backend if previous is not None and previous.format > 1 else None
        backend = backend or vector_backends.DEFAULT
        rows = [("vector_backend", backend)]
        if backend == "milvus":
            from index.store.vectors.milvus import new_collection_name

            rows.append(("vector_space", new_collection_name()))
        location = vector_backends.backend(backend).location()
        if location:  # where a later write goes when its process configures nothing
            rows.append(("vector_location", location))
        return rows

    @contextmanager
    def _transaction(self, folder: Path, model: str, dim: int) -> Iterator[WriteTxn]:
        conn = self.open_store(folder, readonly=False)
        try:
            db.migrate(conn)
            manifest = self.verify(folder, conn, model)
            if self.backend is not None and manifest.vector_backend != self.backend and manifest.format > 1:
                raise FrontlineError(
                    "backend_mismatch", path=self.root, recorded=manifest.vector_backend, requested=self.backend
                )
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            vector_backends.backend(manifest.vector_backend).locate(meta.get("vector_location", ""), folder)
            self._collect_garbage(folder, conn)
            txn = WriteTxn(self, folder, conn, dim)
            try:
                yield txn
                txn.commit()
            finally:
                txn.abandon()
        finally:
            conn.close()

    def _new_work_folder(self) -> Path:
        """A private folder for a new generation or segment; its mode follows the umask (as `mkdir` does)."""
        work = self.root / f".tmp-{secrets.token_hex(8)}"
        try:
            work.mkdir(parents=True)
        except OSError as exc:
            raise FrontlineError(
                "index_unwritable", path=self.root, reason=exc.strerror or exc.__class__.__name__
            ) from exc
        return work

    def _publish(self, work: Path) -> Path:
        """Make the generation built in `work` the live one: fsync, rename, then move CURRENT (atomic)."""
        _fsync_tree(work)
        final = self.root / f"{_GEN_PREFIX}{self._last_generation() + 1:06d}"
        os.replace(work, final)
        _fsync_dir(self.root)
        _write_durably(self.root / "CURRENT", final.name.encode())
        self._remove_old_generations(keep=final)
        return final

    def _upgrade(self, legacy: Path) -> Path:
        """A format-2 generation holding everything the format-1 generation `legacy` holds.

        Its SQLite store is copied and migrated; its chunks, with the vectors stored beside
        them, become one segment. The legacy generation stays until CURRENT has moved.
        """
        work = self._new_work_folder()
        try:
            shutil.copy2(legacy / LEGACY_STORE, work / STORE)
            conn = db.connect(work / STORE)
            try:
                db.migrate(conn)
                legacy_meta = json.loads((legacy / "manifest.json").read_text())
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    "INSERT INTO meta (key, value) VALUES (?, ?)",
                    [("format", str(FORMAT_VERSION)), ("model", legacy_meta["model"]),
                     ("dim", str(legacy_meta["dim"])), ("vector_backend", vector_backends.DEFAULT)],
                )  # fmt: skip
                conn.execute("UPDATE articles SET added_in = 1")
                conn.execute("UPDATE chunks SET added_in = 1")
                ids, vectors, texts = _stored_chunks(conn, int(legacy_meta["dim"]))
                txn = WriteTxn(self, work, conn, int(legacy_meta["dim"]), started=True)
                txn.add_chunks(ids, vectors, texts)
                txn._articles = _stored_articles(conn)
                txn.commit(kind="upgrade", always=True)
            except (sqlite3.Error, OSError, ValueError, KeyError) as exc:
                raise self._corrupt(legacy.name, f"format-1 index cannot be upgraded ({exc})") from exc
            finally:
                conn.close()
            return self._publish(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def _collect_garbage(self, folder: Path, conn: sqlite3.Connection) -> None:
        """Remove what no commit needs: segments a crash left unnamed, and those dropped `KEEP_COMMITS` ago."""
        segments = folder / "segments"
        known = {r[0] for r in conn.execute("SELECT name FROM segments")}
        latest = last_commit(conn)
        expired = [
            r[0] for r in conn.execute("SELECT name FROM segments WHERE dropped_in <= ?", (latest - KEEP_COMMITS,))
        ]
        if expired:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("DELETE FROM segments WHERE name = ?", [(n,) for n in expired])
        if segments.is_dir():
            for path in segments.iterdir():
                if path.name not in known or path.name in expired:
                    _remove_folder(path)
        reference = dict(conn.execute("SELECT key, value FROM meta").fetchall()).get("reference")
        for path in folder.glob("reference-*.npz"):
            if path.name != reference:
                path.unlink(missing_ok=True)
        self._prune_vectors(conn, latest - KEEP_COMMITS)

    @staticmethod
    def _prune_vectors(conn: sqlite3.Connection, upto: int) -> None:
        """Chunks removed by commit `upto` or before leave a vector engine that keeps them outside the folder.

        Readers still drop them by their tombstones (so a crash between the commit that
        removed them and this delete shows no reader a removed chunk); once deleted, a
        search no longer pays for them. The commit pruned to is recorded after the delete:
        a crash in between deletes the same rows again, which changes nothing. Readers
        more than `KEEP_COMMITS` commits behind lose them, as they lose collected segments.
        """
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        backend = vector_backends.backend(meta.get("vector_backend", vector_backends.DEFAULT))
        done = int(meta.get("vectors_pruned_in", 0))
        if not backend.prunes or upto <= done:
            return
        rows = conn.execute(
            "SELECT id FROM chunks WHERE removed_in > ? AND removed_in <= ? ORDER BY id", (done, upto)
        ).fetchall()
        if not rows:  # nothing removed since: the range is read again next time, through the index on removed_in
            return
        backend.prune(meta.get("vector_space", ""), np.fromiter((r[0] for r in rows), np.int64, count=len(rows)))
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('vectors_pruned_in', ?)", (str(upto),))

    def _last_generation(self) -> int:
        numbers = [generation_number(p.name) for p in self.generations()]
        return max((n for n in numbers if n is not None), default=0)

    def generations(self) -> list[Path]:
        """Generation folders (real folders with a valid name, never links), newest first."""
        try:
            entries = list(self.root.iterdir())
        except FileNotFoundError:
            return []
        found = [p for p in entries if generation_number(p.name) is not None and p.is_dir() and not p.is_symlink()]
        return sorted(found, key=lambda p: generation_number(p.name) or 0, reverse=True)

    def _remove_leftovers(self) -> None:
        for path in self.root.glob(".tmp-*"):
            _remove_folder(path) if path.is_dir() else path.unlink(missing_ok=True)

    def _remove_old_generations(self, keep: Path) -> None:
        # One generation before the live one stays, for readers still on it (a rebuild is rare).
        generations = sorted(self.generations(), key=lambda p: generation_number(p.name) or 0)
        current_index = generations.index(keep)
        for old in generations[: max(0, current_index - 1)]:
            _remove_folder(old)
        for newer in generations[current_index + 1 :]:  # uncommitted, from a crashed writer
            _remove_folder(newer)


def _remove_folder(folder: Path) -> None:
    """Delete a segment or generation folder, and first what its vector stores hold outside it (a server's rows)."""
    if folder.is_dir():
        vector_backends.release(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160] if str(exc) else exc.__class__.__name__


def _stored_articles(conn: sqlite3.Connection) -> list[dict]:
    """Every live article's record with its chunk ids, as segments keep them."""
    chunks: dict[int, list[int]] = {}
    for chunk_id, row in conn.execute("SELECT id, article_row FROM chunks WHERE removed_in IS NULL ORDER BY id"):
        chunks.setdefault(int(row), []).append(int(chunk_id))
    rows = conn.execute("SELECT row_id FROM articles WHERE removed_in IS NULL ORDER BY row_id").fetchall()
    articles = db.live_articles(conn)
    return [
        {"article": a.to_record(), "chunks": chunks.get(int(r[0]), [])} for r, a in zip(rows, articles, strict=True)
    ]


def _stored_chunks(conn: sqlite3.Connection, dim: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every live chunk's id, stored vector and passage text, in id order."""
    rows = conn.execute(
        "SELECT c.id, c.embedding, c.text, a.title FROM chunks c JOIN articles a ON a.row_id = c.article_row "
        "WHERE c.removed_in IS NULL ORDER BY c.id"
    ).fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    vectors = np.zeros((len(rows), dim), np.float32)
    for i, row in enumerate(rows):
        vectors[i] = np.frombuffer(row[1], dtype=np.float32)
    return ids, vectors, [passage_text(r[3], r[2]) for r in rows]


class WriteTxn:
    """The changes of one commit: rows in an open SQLite transaction, and the chunks its segment will hold.

    Callers insert rows through `conn` with `number` as their commit, hand the new
    chunks to `add_chunks`, tombstone with `db.remove_articles`, and may `commit` between
    batches (a bulk add), which starts the next transaction at once.
    """

    def __init__(
        self, index_dir: IndexDir, folder: Path, conn: sqlite3.Connection, dim: int, *, started: bool = False
    ) -> None:
        self.index_dir = index_dir
        self.folder = folder
        self.conn = conn
        self.dim = dim
        self.changed = False
        self.dropped_chunks = False  # chunks were removed: their sentence vectors may be orphans (pruned by merges)
        self._open = started
        self._begin()

    def _begin(self) -> None:
        if not self._open:
            self.conn.execute("BEGIN IMMEDIATE")
            self._open = True
        self.number = last_commit(self.conn) + 1
        row = self.conn.execute("SELECT articles, chunks FROM commits WHERE id = ?", (self.number - 1,)).fetchone()
        # Live counts carried from commit to commit: counting rows would read the whole store.
        self.live = (int(row[0]), int(row[1])) if row else db.counts(self.conn)
        self._ids: list[np.ndarray] = []
        self._vectors: list[np.ndarray] = []
        self._texts: list[str] = []
        self._sentences: list[np.ndarray] = []  # each chunk's answer-sentence vectors (empty: none given)
        self._with_sentences = False
        self._new_reference: str | None = None  # the reference file this commit writes, if any
        self._removed: list[int] = []  # chunks this commit removed
        self._articles: list[dict] = []

    def insert_article(self, article: Article, chunks: Sequence[Chunk], vectors: np.ndarray) -> list[int]:
        """`db.insert_article` in this commit, counted."""
        ids = db.insert_article(self.conn, article, chunks, vectors, self.number)
        self.live = (self.live[0] + 1, self.live[1] + len(ids))
        return ids

    def remove_articles(self, article_ids: Sequence[str]) -> list[str]:
        """Tombstone the live articles among `article_ids` in this commit; returns those removed."""
        removed = []
        for article_id in article_ids:
            if db.content_hash(self.conn, article_id) is None:
                continue
            chunk_ids = db.remove_articles(self.conn, [article_id], self.number)
            self._removed.extend(chunk_ids)
            removed.append(article_id)
            self.live = (self.live[0] - 1, self.live[1] - len(chunk_ids))
            self.changed = True
        return removed

    @property
    def pending_chunks(self) -> int:
        return sum(len(ids) for ids in self._ids)

    def add_chunks(
        self,
        ids: np.ndarray,
        vectors: np.ndarray,
        texts: list[str],
        article: dict | None = None,
        sentences: list[np.ndarray] | None = None,
    ) -> None:
        """Chunks inserted in this transaction (ids ascending across calls) for the commit's segment.

        `article` is the record of the article they belong to, kept in the segment too;
        `sentences[i]` the vectors of chunk i's answer sentences, for an index that searches them.
        """
        if len(ids):
            self._ids.append(np.asarray(ids, np.int64))
            self._vectors.append(np.asarray(vectors, np.float32))
            self._texts.extend(texts)
            dim = self._vectors[-1].shape[1]
            self._sentences.extend(sentences if sentences is not None else [np.zeros((0, dim), np.float32)] * len(ids))
            self._with_sentences |= sentences is not None
            if article is not None:
                self._articles.append({"article": article, "chunks": np.asarray(ids).tolist()})
            self.changed = True

    def reference(self) -> Reference | None:
        name = self.meta().get("reference")
        return Reference.load(self.folder / name) if name else None

    def meta(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    @property
    def backend(self) -> str:
        """The vector backend this index records (its segments are written with it)."""
        return self.meta().get("vector_backend", vector_backends.DEFAULT)

    @property
    def space(self) -> str:
        """Where a shared engine keeps this index's vectors (a Milvus collection); "" for FAISS."""
        return self.meta().get("vector_space", "")

    def commit(self, kind: str = "add", *, always: bool = False) -> None:
        """Write the segment of the chunks added, then commit the transaction; the next one starts."""
        if not (self.changed or always) or not self._open:
            return
        if self._ids:
            ids = np.concatenate(self._ids)
            vectors = np.concatenate(self._vectors)
            reference = self._updated_reference(ids, vectors)
            assert reference is not None  # drawn from `ids` when the index had none
            segment = Segment.build(
                segment_name(self.number),
                ids,
                vectors,
                self._texts,
                reference,
                self._articles,
                backend=self.backend,
                space=self.space,
                sentence_vectors=self._sentences if self._with_sentences else None,
            )
            self.write_segment(segment)
        elif self._removed:
            self._updated_reference(np.zeros(0, np.int64), np.zeros((0, self.dim), np.float32))
        self._record_commit(kind)

    def _updated_reference(self, ids: np.ndarray, vectors: np.ndarray) -> Reference | None:
        """The hubness reference this commit's chunks are measured against, saved when this commit changes it.

        The first chunks of an index are its reference. Chunks this commit removed leave it: an
        article removed and added again would otherwise find its old copy (cosine 1) among its
        neighbours. New chunks join it before they are measured, into its free places until it holds
        SAMPLE chunks and by reservoir sampling after that: a language (or kind of text) the index did
        not hold yet finds its own neighbours instead of being measured against the others' and
        ranked up across the index (index/store/hubness.py).
        What this reads of the store is this commit's own removals, never the whole index.
        """
        reference = self.reference()
        if reference is None:
            if not len(ids):  # nothing measured yet: nothing to update
                return None
            reference = Reference.draw(ids, vectors, SAMPLE)
            self._save_reference(reference, measured=self.live[1])
            return reference
        updated = reference
        if self._removed:
            updated = updated.kept(~np.isin(updated.ids, np.asarray(self._removed, np.int64)))
        updated = updated.extended(ids, vectors, seen=self.live[1] - len(ids), sample=SAMPLE)
        if updated is not reference:
            self._save_reference(updated)
        return updated

    def write_segment(self, segment: Segment) -> None:
        """Save `segment` durably under `segments/` and name it in this transaction."""
        work = self.index_dir._new_work_folder()
        try:
            segment.save(work)
            _fsync_tree(work)
            try:  # nothing is named unless it reads back whole
                reread = Segment.load(work)
                whole = np.array_equal(reread.chunk_ids, segment.chunk_ids) and len(reread.vectors) == len(segment)
            except FrontlineError:  # the vector engine unreachable: not damage
                raise
            except Exception as exc:  # faiss, numpy and json each fail in their own way
                raise self.index_dir._corrupt(
                    self.folder.name, f"segment {segment.name} did not read back whole ({_first_line(exc)})"
                ) from exc
            if not whole:
                raise self.index_dir._corrupt(self.folder.name, f"segment {segment.name} did not read back whole")
            final = self.folder / "segments" / segment.name
            final.parent.mkdir(exist_ok=True)
            if final.exists():  # left by a crash before its commit
                _remove_folder(final)
            os.replace(work, final)
            _fsync_dir(final.parent)
        finally:
            _remove_folder(work)
        self.conn.execute(
            "INSERT INTO segments (name, backend, chunks, created_in) VALUES (?, ?, ?, ?)",
            (segment.name, segment.vectors.backend, len(segment), self.number),
        )

    def _save_reference(self, reference: Reference, measured: int | None = None) -> None:
        """Make `reference` the index's; `measured`: every live chunk's hubness was measured against it."""
        name = f"reference-{self.number:08d}.npz"
        tmp = self.folder / (name + ".tmp")
        reference.save(tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, self.folder / name)
        _fsync_dir(self.folder)
        self._new_reference = name
        meta = self.meta()
        if measured is None and "reference_measured_at" not in meta:
            # An index from before that record measured everything when its reference was drawn, at the
            # size it recorded then: keep that, or the redraw after doubling would follow a grown size.
            measured = int(meta.get("reference_size", len(reference)))
        keys = [("reference", name)]
        if measured is not None:
            keys.append(("reference_measured_at", str(measured)))
        self.conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", keys)

    def replace_reference(self, reference: Reference, measured: int) -> None:
        """A reference drawn anew, against which every one of the `measured` live chunks is measured again."""
        self._save_reference(reference, measured)

    def commit_merge(self) -> None:
        """Commit a merge (index/store/merge.py) written into this transaction."""
        self._record_commit("merge")

    def _record_commit(self, kind: str) -> None:
        articles, chunks = self.live
        self.conn.execute(
            "INSERT INTO commits (id, at, kind, articles, chunks) VALUES (?, ?, ?, ?, ?)",
            (self.number, datetime.now(UTC).isoformat(timespec="seconds"), kind, articles, chunks),
        )
        self.conn.execute("COMMIT")
        self._open = False
        self.changed = False
        if self._new_reference is not None:  # only writers read it: the one it replaced goes now
            for path in self.folder.glob("reference-*.npz"):
                if path.name != self._new_reference:
                    path.unlink(missing_ok=True)
        self._begin()

    def abandon(self) -> None:
        """Roll back what was not committed (an error, or nothing to commit)."""
        if self._open:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            self._open = False
            if self._new_reference is not None:  # written for the commit that did not happen
                (self.folder / self._new_reference).unlink(missing_ok=True)
                self._new_reference = None
