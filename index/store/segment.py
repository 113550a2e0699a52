"""A segment: the immutable part of the index one write (or one merge) added.

    segments/seg-00000042/
        segment.json      backend, chunk count, vector kind
        chunk_ids.npy     the segment's chunk ids, ascending (SQLite row ids)
        hubness.npy       each chunk's hubness, measured against the index's reference
        words.npz …       one lexical channel each: postings and lengths, no index-wide statistics
        vectors.faiss     the vector store (whatever files its backend writes)
        articles.jsonl.gz the articles whose chunks it holds, as records: the index can be rebuilt
                          from its segments alone if its SQLite store is lost

Nothing in a segment depends on another segment: BM25 statistics are summed over the
live chunks of all segments at question time (index/store/lexical.py), and hubness is
measured against a stored reference sample (index/store/hubness.py). So a write builds
a segment from its own chunks alone, and a merge combines segments without reading a
chunk's text again.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from index.errors import FrontlineError
from index.store import vectors as vector_backends
from index.store.hubness import Reference
from index.store.lexical import ANALYZERS, Postings
from index.store.sentences import SentenceVectors
from index.store.vectors.base import VectorStore

T = TypeVar("T")
_META = "segment.json"
_ARTICLES = "articles.jsonl.gz"


def damage(folder: Path, chunks: int) -> str | None:
    """What is wrong with the segment folder at a glance (files missing or of another size), or None.

    Cheap (one stat per file), so a write checks every live segment before it commits.
    """
    try:
        meta = json.loads((folder / _META).read_text())
        if meta.get("chunks") != chunks:
            return "holds other chunks than recorded"
        for name, size in meta.get("files", {}).items():
            if (folder / name).stat().st_size != size:
                return f"{name} was changed or truncated"
    except FileNotFoundError as exc:
        return f"{Path(exc.filename or _META).name} is missing"
    except (OSError, ValueError, AttributeError):
        return f"{_META} is damaged"
    return None


@dataclass
class Segment:
    name: str
    chunk_ids: np.ndarray  # ascending
    vectors: VectorStore
    postings: dict[str, Postings]
    hubness: np.ndarray  # aligned with chunk_ids
    # {"article": record, "chunks": [ids]} per article; written by save, not kept by load
    articles: list[dict] = field(default_factory=list)
    folder: Path | None = None  # where it was loaded from
    sentences: SentenceVectors | None = None  # its chunks' sentence vectors, when the index keeps them

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @classmethod
    def build(
        cls,
        name: str,
        ids: np.ndarray,
        vectors: np.ndarray,
        texts: list[str],
        reference: Reference,
        articles: list[dict] | None = None,
        backend: str = vector_backends.DEFAULT,
        space: str = "",
        sentence_vectors: list[np.ndarray] | None = None,
    ) -> Segment:
        """A segment over new chunks: `ids` ascending, their vectors and passage texts, and their articles.

        `backend` and `space` say where its vectors go (the index's vector backend and, for a
        shared engine, its collection). `sentence_vectors[i]`, when given, are the vectors of
        chunk i's answer sentences (index/store/sentences.py).
        """
        ids = np.asarray(ids, np.int64)
        store = vector_backends.backend(backend).from_arrays(vectors.shape[1], ids, vectors, space=space)
        postings = {channel: Postings.build(channel, ids, texts) for channel in ANALYZERS}
        sentences = None
        if sentence_vectors is not None:
            sentences = SentenceVectors.build(ids, sentence_vectors, reference, vectors.shape[1])
        return cls(name, ids, store, postings, reference.values(ids, vectors), articles or [], sentences=sentences)

    @classmethod
    def merge(
        cls,
        name: str,
        parts: list[tuple[Segment, np.ndarray]],
        dim: int,
        backend: str = vector_backends.DEFAULT,
        *,
        with_articles: bool = True,
        space: str = "",
        in_place: bool = False,
    ) -> Segment:
        """One segment holding the live chunks of `parts` (segment, live mask); dead chunks are dropped.

        Hubness is carried over (a merge that redraws the reference measures it again,
        index/store/merge.py). `with_articles` carries the article records of the
        live chunks over from the parts' folders (a reader's in-memory tail needs none).
        `in_place` (a reader's tail, every chunk live) lets a backend that can search its
        parts where they are (`VectorStore.combined`) do so instead of copying their vectors.
        """
        ids = np.concatenate([seg.chunk_ids[live] for seg, live in parts]) if parts else np.zeros(0, np.int64)
        order = np.argsort(ids, kind="stable")
        ids = ids[order]
        stores = [seg.vectors for seg, _ in parts]
        store = None
        if in_place and stores and all(live.all() for _, live in parts):
            store = type(stores[0]).combined(stores)
        if store is None:
            vectors = (
                np.concatenate([seg.vectors.vectors_for(seg.chunk_ids[live]) for seg, live in parts])[order]
                if len(ids)
                else np.zeros((0, dim), np.float32)
            )
            store = vector_backends.backend(backend).from_arrays(dim, ids, vectors, space=space)
        postings = {
            channel: Postings.merge(channel, [(seg.postings[channel], live) for seg, live in parts])
            for channel in ANALYZERS
        }
        hubness = np.concatenate([seg.hubness[live] for seg, live in parts])[order] if len(ids) else ids[:0]
        # Sentences only when every part has them: a merged segment holding some chunks' sentences
        # would rank those chunks by their best sentence and the others by the chunk alone.
        with_sentences = [(seg.sentences, seg.chunk_ids[live]) for seg, live in parts if seg.sentences is not None]
        whole = bool(parts) and len(with_sentences) == len(parts)
        # A reader's tail is rebuilt at each commit: exact search, never an IVF trained at a snapshot's open.
        sentences = SentenceVectors.merge(with_sentences, dim, "flat" if in_place else None) if whole else None
        articles = []
        if with_articles:
            for segment, live in parts:
                kept = set(segment.chunk_ids[live].tolist())
                articles += [a for a in segment.stored_articles() if kept.intersection(a["chunks"])]
        return cls(name, ids, store, postings, hubness.astype(np.float32), articles, sentences=sentences)

    def stored_articles(self) -> list[dict]:
        """The article records saved with this segment (read from its folder when it was loaded)."""
        if self.articles or self.folder is None:
            return self.articles
        return read_articles(self.folder)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "chunk_ids.npy", self.chunk_ids)
        np.save(folder / "hubness.npy", self.hubness)
        for channel, postings in self.postings.items():
            postings.save(folder / f"{channel}.npz")
        self.vectors.save(folder)
        if self.sentences is not None:
            self.sentences.save(folder)
        with gzip.open(folder / _ARTICLES, "wt", encoding="utf-8") as fh:
            for entry in self.articles:
                fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        # File sizes let a writer notice a truncated or replaced file without reading it.
        sizes = {p.name: p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file() and p.name != _META}
        sizes.update(SentenceVectors.files(folder))
        meta = {"backend": self.vectors.backend, "chunks": len(self), "vector_kind": self.vectors.kind, "files": sizes}
        (folder / _META).write_text(json.dumps(meta))

    @classmethod
    def load(cls, folder: Path) -> Segment:
        """The segment saved in `folder`; `SegmentError` names the first part that does not read back."""
        meta = _read_part(folder / _META, lambda p: json.loads(p.read_text()))
        ids = _read_part(folder / "chunk_ids.npy", lambda p: np.load(p, allow_pickle=False))
        hubness = _read_part(folder / "hubness.npy", lambda p: np.load(p, allow_pickle=False))
        backend = vector_backends.backend(meta["backend"]) if meta.get("backend") in vector_backends.BACKENDS else None
        if backend is None:
            raise SegmentError(f"segment {folder.name}: unknown vector backend {meta.get('backend')!r}")
        store = _read_part(folder / getattr(backend, "FILE", "vectors"), lambda _: backend.load(folder))
        postings = {channel: _read_part(folder / f"{channel}.npz", lambda p: Postings.load(p)) for channel in ANALYZERS}
        if not (len(ids) == len(hubness) == meta["chunks"] == len(store)):
            raise SegmentError(f"segment {folder.name}: its parts hold different chunk counts")
        sentences = _read_part(folder / "sentences", lambda _: SentenceVectors.load(folder))
        return cls(folder.name, ids, store, postings, hubness, folder=folder, sentences=sentences)


class SegmentError(ValueError):
    """A segment's folder does not read back; the message names the part (never a host path)."""


def _read_part(path: Path, read: Callable[[Path], T]) -> T:
    try:
        return read(path)
    except FrontlineError:  # e.g. the engine holding the vectors cannot be reached: not damage
        raise
    except Exception as exc:  # numpy, json, zipfile and faiss each fail in their own way
        raise SegmentError(f"{path.name} unreadable ({exc.__class__.__name__})") from exc


def read_articles(folder: Path) -> list[dict]:
    """A segment folder's article records ({"article": record, "chunks": [ids]}), without loading the segment."""
    path = folder / _ARTICLES
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
