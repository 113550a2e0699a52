"""The index folder: immutable generations, switched atomically, one writer at a time.

    DIR/CURRENT          name of the committed generation ("gen-000007")
    DIR/gen-000007/      manifest.json, store.sqlite, vectors.faiss, hubness.npz, lexical/<channel>/
    DIR/.lock            held (flock) by the one process writing

A write copies the committed generation into a temporary folder, changes the copy,
fsyncs it, renames it to the next generation and only then replaces CURRENT (an atomic
rename). A crash at any moment leaves CURRENT naming a complete generation; readers
never see a half-written one, and keep serving the one they opened while a writer works.

A damaged index is never written over. CURRENT must hold a generation name (`gen-` and
digits, never a path) of a real folder inside DIR; a write first verifies the generation
it builds on (manifest, SQLite tables and counts, FAISS ids = chunk ids) and refuses with
`IndexCorruptError` when CURRENT is missing, empty or foreign, or that generation is
damaged. Only `index repair` (a `fresh` write) or a new folder starts over. The new
generation is verified the same way before CURRENT moves to it, and only then are older
ones removed. Folders are created with the process umask, like every other file.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.errors import FrontlineError, IndexBusyError, IndexCorruptError, IndexNotFoundError, ModelMismatchError
from index.store import db
from index.store.hubness import Hubness
from index.store.lexical import ANALYZERS, LexicalChannel
from index.store.vectors import VectorIndex
from index.text.chunking import passage_text
from index.text.sentences import split_sentences

FORMAT_VERSION = 1
KEEP_GENERATIONS = 2  # the committed one and the one before, for readers still on it
_GEN_PREFIX = "gen-"
_GEN_NAME = re.compile(r"gen-(\d{6,12})")  # what CURRENT may hold: a name, never a path


def generation_number(name: str) -> int | None:
    """The number of a generation folder name ("gen-000007" -> 7); None for anything else."""
    match = _GEN_NAME.fullmatch(name)
    return int(match.group(1)) if match else None


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
        """The committed generation; None when DIR holds no index at all.

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

    def manifest(self) -> Manifest | None:
        folder = self.current()
        return self.read_manifest(folder) if folder else None

    def read_manifest(self, folder: Path) -> Manifest:
        try:
            return Manifest.read(folder)
        except (OSError, ValueError, TypeError) as exc:  # missing, truncated or hand-edited
            raise self._corrupt(folder.name, f"manifest.json unreadable ({exc.__class__.__name__})") from exc

    def _corrupt(self, generation: str, reason: str) -> IndexCorruptError:
        return IndexCorruptError("index_corrupt", path=self.root, generation=generation, reason=reason)

    def verify(self, folder: Path, *, derived: bool = False) -> Manifest:
        """Open `folder` as a reader would and check its parts agree; `IndexCorruptError` names the first problem.

        SQLite must hold the Frontline tables with the manifest's counts and FAISS exactly
        its chunk ids; `derived` also loads the lexical channels (checked on new generations).
        """
        return self._verified(folder, derived=derived)[0]

    def _verified(self, folder: Path, *, derived: bool = False) -> tuple[Manifest, VectorIndex]:
        """`verify`, also handing back the FAISS index it loaded (a write builds on it: one load, not two)."""
        manifest = self.read_manifest(folder)
        chunk_ids = self._verified_chunk_ids(folder, manifest)
        try:
            vectors = VectorIndex.load(folder / "vectors.faiss")
        except Exception as exc:  # faiss raises RuntimeError with a C++ trace for damaged files
            raise self._corrupt(folder.name, "vectors.faiss unreadable (truncated or damaged)") from exc
        if vectors.dim != manifest.dim or not _same_ids(vectors.ids(), chunk_ids):
            raise self._corrupt(folder.name, "vectors.faiss and store.sqlite out of step")
        if derived:
            for name in ANALYZERS:
                try:
                    channel = LexicalChannel.load(folder / "lexical" / name)
                except Exception as exc:  # numpy, json and bm25s each fail differently
                    raise self._corrupt(folder.name, f"lexical channel {name!r} unreadable") from exc
                if not _same_ids(channel.chunk_ids, chunk_ids):
                    raise self._corrupt(folder.name, f"lexical channel {name!r} and store.sqlite out of step")
        return manifest, vectors

    def _verified_chunk_ids(self, folder: Path, manifest: Manifest) -> list[int]:
        path = folder / "store.sqlite"
        if path.is_symlink() or not path.is_file() or path.stat().st_size == 0:
            raise self._corrupt(folder.name, "store.sqlite is missing or empty")
        try:
            conn = db.connect(path, readonly=True)
            try:
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if not {"articles", "chunks"} <= tables:
                    raise self._corrupt(folder.name, "store.sqlite is not a Frontline article store")
                counts = db.counts(conn)
                chunk_ids = [int(r[0]) for r in conn.execute("SELECT id FROM chunks ORDER BY id")]
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise self._corrupt(folder.name, f"store.sqlite unreadable ({exc})") from exc
        if counts != (manifest.articles, manifest.chunks):
            raise self._corrupt(
                folder.name,
                f"store.sqlite holds {counts[0]} articles, {counts[1]} chunks; the manifest says "
                f"{manifest.articles}, {manifest.chunks}",
            )
        return chunk_ids

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
        """Lock, copy the committed generation, yield it for changes, commit on success.

        `fresh` starts from an empty index instead (a rebuild), whatever the model was.
        """
        with self.lock():
            base = None if fresh else self.current()  # raises when CURRENT is damaged
            if base is not None:
                manifest, vectors = self._verified(base)
            else:
                manifest, vectors = Manifest(model=model, dim=dim), VectorIndex.empty(dim)
            if fresh:
                manifest.generation = self._last_generation()
            if base and (manifest.model != model or manifest.dim != dim):
                raise ModelMismatchError("model_mismatch", path=self.root, built=manifest.model, requested=model)
            self._remove_leftovers()
            work = self._new_work_folder()
            try:
                txn = WriteTxn.start(work, base, manifest, vectors)
                yield txn
                if txn.changed:
                    self._commit(txn)
            finally:
                shutil.rmtree(work, ignore_errors=True)

    def _new_work_folder(self) -> Path:
        """A private folder for the next generation; its mode follows the umask (as `mkdir` does)."""
        work = self.root / f".tmp-{secrets.token_hex(8)}"
        try:
            work.mkdir()
        except OSError as exc:
            raise FrontlineError(
                "index_unwritable", path=self.root, reason=exc.strerror or exc.__class__.__name__
            ) from exc
        return work

    def _commit(self, txn: WriteTxn) -> None:
        txn.finish()
        generation = txn.manifest.generation + 1
        txn.manifest.generation = generation
        txn.manifest.created_at = datetime.now(UTC).isoformat(timespec="seconds")
        txn.manifest.write(txn.folder)
        _fsync_tree(txn.folder)
        self.verify(txn.folder, derived=True)  # nothing moves unless the new generation reads back whole
        final = self.root / f"{_GEN_PREFIX}{generation:06d}"
        if final.exists():  # left by a crash after the rename but before CURRENT moved
            shutil.rmtree(final)
        os.replace(txn.folder, final)
        _fsync_dir(self.root)
        _write_durably(self.root / "CURRENT", final.name.encode())
        self._remove_old_generations(keep=final)

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
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    def _remove_old_generations(self, keep: Path) -> None:
        generations = sorted(self.generations(), key=lambda p: generation_number(p.name) or 0)
        current_index = generations.index(keep)
        for old in generations[: max(0, current_index - KEEP_GENERATIONS + 1)]:
            shutil.rmtree(old, ignore_errors=True)
        for newer in generations[current_index + 1 :]:  # uncommitted, from a crashed writer
            shutil.rmtree(newer, ignore_errors=True)


def _same_ids(found: np.ndarray, expected: list[int]) -> bool:
    return len(found) == len(expected) and bool(np.array_equal(np.sort(np.asarray(found, dtype=np.int64)), expected))


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
    def start(cls, folder: Path, base: Path | None, manifest: Manifest, vectors: VectorIndex) -> WriteTxn:
        """A transaction on a copy of `base`'s SQLite and on `vectors`, the base's FAISS index as verified."""
        if base is not None:
            shutil.copy2(base / "store.sqlite", folder / "store.sqlite")
        conn = db.connect(folder / "store.sqlite")
        db.migrate(conn)
        return cls(folder, conn, vectors, manifest)

    def finish(self) -> None:
        """Write the derived parts (FAISS file, hubness, lexical channels) and the counts."""
        ids, texts = [], []
        sentences: set[str] = set()
        for chunk_id, text, title in db.iter_chunk_texts(self.conn):
            ids.append(chunk_id)
            texts.append(passage_text(title, text))
            if self.dropped_chunks:
                sentences.update(db.sentence_key(s.text) for s in split_sentences(text))
        if self.dropped_chunks:
            db.prune_sentence_vectors(self.conn, sentences)
        self.conn.commit()
        self.manifest.articles, self.manifest.chunks = db.counts(self.conn)
        self.manifest.schema_version = db.schema_version(self.conn)
        self.conn.close()
        self.vectors.save(self.folder / "vectors.faiss")
        self.manifest.vector_index = self.vectors.kind  # save() picks flat or IVF by size
        Hubness.compute(self.vectors).save(self.folder)
        for name in ANALYZERS:
            LexicalChannel.build(name, ids, texts).save(self.folder / "lexical" / name)
