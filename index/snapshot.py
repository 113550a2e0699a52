"""The index folder: immutable generations, switched atomically, one writer at a time.

    DIR/CURRENT          name of the committed generation ("gen-000007")
    DIR/gen-000007/      manifest.json, store.sqlite, vectors.faiss, hubness.npz, lexical/<channel>/
    DIR/.lock            held (flock) by the one process writing

A write copies the committed generation into a temporary folder, changes the copy,
fsyncs it, renames it to the next generation and only then replaces CURRENT (an atomic
rename). A crash at any moment leaves CURRENT naming a complete generation; readers
never see a half-written one, and keep serving the one they opened while a writer works.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from index import store
from index.chunking import passage_text
from index.errors import IndexBusyError, IndexNotFoundError, ModelMismatchError
from index.hubness import Hubness
from index.lexical import ANALYZERS, LexicalChannel
from index.sentences import split_sentences
from index.vectors import VectorIndex

FORMAT_VERSION = 1
KEEP_GENERATIONS = 2  # the committed one and the one before, for readers still on it
_GEN_PREFIX = "gen-"


@dataclass
class Manifest:
    model: str
    dim: int
    articles: int = 0
    chunks: int = 0
    generation: int = 0
    created_at: str = ""
    format: int = FORMAT_VERSION
    schema_version: int = 0
    vector_index: str = "flat"

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        data = json.loads((folder / "manifest.json").read_text())
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def write(self, folder: Path) -> None:
        _write_durably(folder / "manifest.json", json.dumps(asdict(self), indent=2).encode())


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
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def current(self) -> Path | None:
        try:
            name = (self.root / "CURRENT").read_text().strip()
        except FileNotFoundError:
            return None
        folder = self.root / name
        return folder if name.startswith(_GEN_PREFIX) and folder.is_dir() else None

    def require_current(self) -> Path:
        folder = self.current()
        if folder is None:
            raise IndexNotFoundError("index_not_found", path=self.root)
        return folder

    def manifest(self) -> Manifest | None:
        folder = self.current()
        return Manifest.read(folder) if folder else None

    @contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+") as fh:
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
        """Lock, copy the committed generation, yield it for changes, commit on success.

        `fresh` starts from an empty index instead (a rebuild), whatever the model was.
        """
        with self.lock():
            self._remove_leftovers()
            base = None if fresh else self.current()
            manifest = Manifest.read(base) if base else Manifest(model=model, dim=dim)
            if fresh:
                manifest.generation = self._last_generation()
            if base and (manifest.model != model or manifest.dim != dim):
                raise ModelMismatchError("model_mismatch", path=self.root, built=manifest.model, requested=model)
            work = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.root))
            try:
                txn = WriteTxn.start(work, base, manifest)
                yield txn
                if txn.changed:
                    self._commit(txn)
            finally:
                shutil.rmtree(work, ignore_errors=True)

    def _commit(self, txn: WriteTxn) -> None:
        txn.finish()
        generation = txn.manifest.generation + 1
        txn.manifest.generation = generation
        txn.manifest.created_at = datetime.now(UTC).isoformat(timespec="seconds")
        txn.manifest.write(txn.folder)
        _fsync_tree(txn.folder)
        final = self.root / f"{_GEN_PREFIX}{generation:06d}"
        if final.exists():  # left by a crash after the rename but before CURRENT moved
            shutil.rmtree(final)
        os.replace(txn.folder, final)
        _fsync_dir(self.root)
        _write_durably(self.root / "CURRENT", final.name.encode())
        self._remove_old_generations(keep=final)

    def _last_generation(self) -> int:
        numbers = [
            int(p.name[len(_GEN_PREFIX) :])
            for p in self.root.glob(f"{_GEN_PREFIX}*")
            if p.name[len(_GEN_PREFIX) :].isdigit()
        ]
        return max(numbers, default=0)

    def generations(self) -> list[Path]:
        """Generation folders, newest first."""
        return sorted((p for p in self.root.glob(f"{_GEN_PREFIX}*") if p.is_dir()), reverse=True)

    def _remove_leftovers(self) -> None:
        for path in self.root.glob(".tmp-*"):
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    def _remove_old_generations(self, keep: Path) -> None:
        generations = sorted(self.generations())
        current_index = generations.index(keep)
        for old in generations[: max(0, current_index - KEEP_GENERATIONS + 1)]:
            shutil.rmtree(old, ignore_errors=True)
        for newer in generations[current_index + 1 :]:  # uncommitted, from a crashed writer
            shutil.rmtree(newer, ignore_errors=True)


class WriteTxn:
    """A private copy of the index being changed; nothing here is visible until commit."""

    def __init__(self, folder: Path, conn: sqlite3.Connection, vectors: VectorIndex, manifest: Manifest) -> None:
        self.folder = folder
        self.conn = conn
        self.vectors = vectors
        self.manifest = manifest
        self.changed = False
        self.dropped_chunks = False  # chunks were deleted: their sentence vectors may be orphans

    @classmethod
    def start(cls, folder: Path, base: Path | None, manifest: Manifest) -> WriteTxn:
        if base is not None:
            shutil.copy2(base / "store.sqlite", folder / "store.sqlite")
            vectors = VectorIndex.load(base / "vectors.faiss")
        else:
            vectors = VectorIndex.empty(manifest.dim)
        conn = store.connect(folder / "store.sqlite")
        store.migrate(conn)
        return cls(folder, conn, vectors, manifest)

    def finish(self) -> None:
        """Write the derived parts (FAISS file, hubness, lexical channels) and the counts."""
        ids, texts = [], []
        sentences: set[str] = set()
        for chunk_id, text, title in store.iter_chunk_texts(self.conn):
            ids.append(chunk_id)
            texts.append(passage_text(title, text))
            if self.dropped_chunks:
                sentences.update(store.sentence_key(s.text) for s in split_sentences(text))
        if self.dropped_chunks:
            store.prune_sentence_vectors(self.conn, sentences)
        self.conn.commit()
        self.manifest.articles, self.manifest.chunks = store.counts(self.conn)
        self.manifest.schema_version = store.schema_version(self.conn)
        self.conn.close()
        self.vectors.save(self.folder / "vectors.faiss")
        self.manifest.vector_index = self.vectors.kind  # save() picks flat or IVF by size
        Hubness.compute(self.vectors).save(self.folder)
        for name in ANALYZERS:
            LexicalChannel.build(name, ids, texts).save(self.folder / "lexical" / name)
