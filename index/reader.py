"""A committed generation opened for reading: SQLite read-only, FAISS and BM25 in memory."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from index import store
from index.errors import IndexCorruptError
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

    @classmethod
    def open(cls, index_dir: IndexDir) -> Snapshot:
        folder = index_dir.require_current()
        try:
            manifest = Manifest.read(folder)
            conn = store.connect(folder / "store.sqlite", readonly=True)
            conn.execute("SELECT COUNT(*) FROM chunks").fetchone()
            vectors = VectorIndex.load(folder / "vectors.faiss")
            channels = {name: LexicalChannel.load(folder / "lexical" / name) for name in ANALYZERS}
        except Exception as exc:  # faiss, sqlite, json and numpy each fail in their own way
            raise IndexCorruptError(
                f"index {index_dir.root} ({folder.name}) cannot be read: {exc.__class__.__name__}: "
                f"{str(exc).splitlines()[0] if str(exc) else 'no detail'}; run `frontline index check` / `repair`"
            ) from exc
        return cls(folder, manifest, conn, vectors, channels)

    @property
    def generation(self) -> str:
        return self.folder.name

    def close(self) -> None:
        self.conn.close()
