"""A committed generation opened for reading: SQLite read-only, FAISS and BM25 in memory."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import store
from index.embedder import Embedder
from index.errors import IndexCorruptError
from index.hubness import Hubness
from index.lexical import ANALYZERS, LexicalChannel
from index.snapshot import IndexDir, Manifest
from index.vectors import VectorIndex


@dataclass
class Snapshot:
    folder: Path
    manifest: Manifest
    conn: sqlite3.Connection
    vectors: VectorIndex
    channels: dict[str, LexicalChannel]
    hubness: Hubness | None = None  # None: an index written before hubness was measured

    @classmethod
    def open(cls, index_dir: IndexDir) -> Snapshot:
        folder = index_dir.require_current()
        try:
            manifest = Manifest.read(folder)
            conn = store.connect(folder / "store.sqlite", readonly=True)
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
        self._has_table = store.schema_version(conn) >= 2  # generations written before version 2 have none

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [store.sentence_key(t) for t in texts]
        stored = store.sentence_vectors(self._conn, keys) if self._has_table else {}
        missing = [i for i, key in enumerate(keys) if key not in stored]
        fresh = self._embedder.encode_passages([texts[i] for i in missing]) if missing else None
        out = np.empty((len(texts), self._embedder.dim), dtype=np.float32)
        for i, key in enumerate(keys):
            if key in stored:
                out[i] = stored[key]
        for row, i in enumerate(missing):
            out[i] = fresh[row]  # type: ignore[index]
        return out
