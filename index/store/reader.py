"""A committed generation opened for reading: SQLite read-only, FAISS and BM25 in memory."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from index.embed.embedder import Embedder
from index.errors import IndexCorruptError
from index.store import db
from index.store.folder import IndexDir, Manifest
from index.store.hubness import Hubness
from index.store.lexical import ANALYZERS, LexicalChannel
from index.store.vectors import VectorIndex


@dataclass
class Snapshot:
    folder: Path
    manifest: Manifest
    conn: sqlite3.Connection
    vectors: VectorIndex
    channels: dict[str, LexicalChannel]
    hubness: Hubness | None = None  # None: an index written before hubness was measured
    _dates: ChunkDates | None = field(default=None, repr=False)
    _dates_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, index_dir: IndexDir) -> Snapshot:
        folder = index_dir.require_current()
        try:
            manifest = Manifest.read(folder)
            conn = db.connect(folder / "store.sqlite", readonly=True)
            conn.execute("SELECT COUNT(*) FROM chunks").fetchone()
            vectors = VectorIndex.load(folder / "vectors.faiss")
            channels = {name: LexicalChannel.load(folder / "lexical" / name) for name in ANALYZERS}
            hubness = Hubness.load(folder)
        except Exception as exc:  # faiss, sqlite, json and numpy each fail in their own way
            detail = str(exc).splitlines()[0] if str(exc) else "no detail"
            raise IndexCorruptError(
                "index_corrupt",
                path=index_dir.root,
                generation=folder.name,
                reason=f"{exc.__class__.__name__}: {detail}",
            ) from exc
        return cls(folder, manifest, conn, vectors, channels, hubness)

    @property
    def dates(self) -> ChunkDates:
        """Each chunk's publication day, read from SQLite on first use (a question with a date)."""
        with self._dates_lock:
            if self._dates is None:
                self._dates = ChunkDates.read(self.conn)
            return self._dates

    def sentence_encoder(self, embedder: Embedder) -> StoredSentences:
        return StoredSentences(self.conn, embedder)

    @property
    def generation(self) -> str:
        return self.folder.name

    def close(self) -> None:
        self.conn.close()


class StoredSentences:
    """`encode_passages` for answer sentences: stored vectors first, the model for the rest.

    Indexing stores every chunk sentence's vector, so answering needs no model call;
    sentences the index lacks (an index from before sentence vectors) are embedded now.
    """

    def __init__(self, conn: sqlite3.Connection, embedder: Embedder) -> None:
        self._conn = conn
        self._embedder = embedder
        self._has_table = db.schema_version(conn) >= 2  # generations written before version 2 have none

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [db.sentence_key(t) for t in texts]
        stored = db.sentence_vectors(self._conn, keys) if self._has_table else {}
        missing = [i for i, key in enumerate(keys) if key not in stored]
        fresh = self._embedder.encode_passages([texts[i] for i in missing]) if missing else None
        out = np.empty((len(texts), self._embedder.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            if key in stored:
                out[i] = stored[key]
        for row, i in enumerate(missing):
            out[i] = fresh[row]  # type: ignore[index]
        return out


UNDATED = 0  # day number of a chunk whose article has no date


class ChunkDates:
    """Chunk ids (ascending) and their article's publication day (`date.toordinal()`, 0 when undated).

    The day is the article's own calendar day as written ("2022-02-24T05:45:00+02:00" is 24 February).
    """

    def __init__(self, ids: np.ndarray, days: np.ndarray) -> None:
        self.ids = ids
        self.days = days
        self._aligned: dict[int, np.ndarray] = {}

    @classmethod
    def read(cls, conn: sqlite3.Connection) -> ChunkDates:
        ids, stamps = db.chunk_dates(conn)
        days = np.fromiter((_day_number(s) for s in stamps), dtype=np.int32, count=len(stamps))
        return cls(ids, days)

    def at(self, chunk_ids: np.ndarray) -> np.ndarray:
        """The day of each of `chunk_ids` (UNDATED for an id the store does not know)."""
        positions = np.searchsorted(self.ids, chunk_ids)
        positions = np.minimum(positions, max(len(self.ids) - 1, 0))
        found = len(self.ids) > 0 and (self.ids[positions] == chunk_ids)
        return np.where(found, self.days[positions] if len(self.ids) else 0, UNDATED).astype(np.int32)

    def aligned(self, chunk_ids: np.ndarray) -> np.ndarray:
        """`at(chunk_ids)` for an array that lives as long as the snapshot (a lexical channel's ids), cached."""
        key = id(chunk_ids)
        if key not in self._aligned:
            self._aligned[key] = self.at(chunk_ids)
        return self._aligned[key]

    def within(self, start: date | None, end: date | None) -> np.ndarray:
        """Boolean mask over `ids`: dated chunks from `start` to `end` (open sides unbounded)."""
        return in_days(self.days, start, end)

    def span(self) -> tuple[date, date] | None:
        """The first and last publication day in the index (None when nothing is dated)."""
        dated = self.days[self.days != UNDATED]
        if not len(dated):
            return None
        return date.fromordinal(int(dated.min())), date.fromordinal(int(dated.max()))


def in_days(days: np.ndarray, start: date | None, end: date | None) -> np.ndarray:
    mask = days != UNDATED
    if start is not None:
        mask &= days >= start.toordinal()
    if end is not None:
        mask &= days <= end.toordinal()
    return mask


def _day_number(stamp: str | None) -> int:
    if not stamp or len(stamp) < 10:
        return UNDATED
    try:
        return date.fromisoformat(stamp[:10]).toordinal()
    except ValueError:
        return UNDATED
