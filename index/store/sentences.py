"""A segment's sentence vectors: what a question about one fact is matched against.

A chunk of a news report holds several facts (a shooting, its motive, the arrests, a
border crossing), and its one vector sits near the report's topic rather than near any
of them. Asked across languages, where no shared word helps, a one-fact question's cosine
to that vector comes out barely above the corpus mean: on the sample article among the
dev sets' 1,565 articles, "What made the shooter angry before he opened fire at the
enlistment office?" found its chunk at rank 468. Its one sentence, embedded alone, came
third. So an index written with sentence vectors (FRONTLINE_SENTENCE_VECTORS=direct)
keeps, beside each segment's chunk store, a store of its chunks' answer sentences
(index/embed/bulk.py `answer_sentences`, embedded alone), and retrieval scores a chunk
asked a question by the better of the chunk and its best sentence
(index/search/retrieval.py).

    segments/seg-…/sentences/vectors.faiss   the sentence vectors, under sentence ids
    segments/seg-…/sentences/hubness.npy     each sentence's hubness, ascending by id

A sentence's id is its chunk's id × `PER_CHUNK` + its position among the chunk's answer
sentences, so a chunk's sentences are one id range, found by a binary search, and a
removed chunk's are known from its id without a table. Sentences past the `PER_CHUNK`th
of a chunk (a chunk of the default size holds about ten) are not kept. Hubness is
measured against the index's reference chunks as a chunk's is (index/store/hubness.py):
short stock lines ("Ukraine war latest") are near every question.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.store.hubness import Reference
from index.store.vectors.base import VectorStore
from index.store.vectors.faiss import FaissStore, Kind

PER_CHUNK = 64
FOLDER = "sentences"
_HUBNESS = "hubness.npy"
# Local FAISS files beside the segment's, whatever holds its chunk vectors: derived data,
# rewritten with the segment. These are the files, relative to the segment's folder (a Milvus
# reader without the folder gets them published, index/store/published.py).
FILES = (f"{FOLDER}/{FaissStore.FILE}", f"{FOLDER}/{_HUBNESS}")


def sentence_ids(chunk_ids: np.ndarray, counts: Sequence[int]) -> np.ndarray:
    """The ids of `counts[i]` sentences of each chunk `chunk_ids[i]`, in order."""
    kept = np.minimum(np.asarray(counts, np.int64), PER_CHUNK)
    total = int(kept.sum()) if len(kept) else 0
    if not total:
        return np.zeros(0, np.int64)
    bases = np.repeat(np.asarray(chunk_ids, np.int64) * PER_CHUNK, kept)
    starts = np.repeat(np.cumsum(kept) - kept, kept)
    return np.asarray(bases + np.arange(total, dtype=np.int64) - starts, np.int64)


def chunk_of(ids: np.ndarray) -> np.ndarray:
    """The chunk id of each sentence id."""
    return np.asarray(ids, np.int64) // PER_CHUNK


@dataclass
class SentenceVectors:
    store: VectorStore  # ids are sentence ids
    ids: np.ndarray  # ascending
    hubness: np.ndarray  # aligned with ids

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(
        cls, chunk_ids: np.ndarray, per_chunk: Sequence[np.ndarray], reference: Reference, dim: int
    ) -> SentenceVectors:
        """The sentences of chunks `chunk_ids` (ascending), `per_chunk[i]` the vectors of chunk i's, in order."""
        kept = [np.asarray(v, np.float32)[:PER_CHUNK].reshape(-1, dim) for v in per_chunk]
        ids = sentence_ids(chunk_ids, [len(v) for v in kept])
        vectors = np.concatenate(kept) if kept else np.zeros((0, dim), np.float32)
        return cls._of(ids, vectors, reference.values(-1 - np.arange(len(ids)), vectors), dim)

    @classmethod
    def merge(
        cls, parts: Sequence[tuple[SentenceVectors, np.ndarray]], dim: int, kind: Kind | None = None
    ) -> SentenceVectors:
        """The sentences of the live chunks of `parts` ((sentences, live chunk ids)), their hubness carried over."""
        ids, vectors, hubness = [], [], []
        for part, live_chunks in parts:
            keep = np.isin(chunk_of(part.ids), live_chunks)
            ids.append(part.ids[keep])
            vectors.append(part.store.vectors_for(part.ids[keep]) if keep.any() else np.zeros((0, dim), np.float32))
            hubness.append(part.hubness[keep])
        all_ids = np.concatenate(ids) if ids else np.zeros(0, np.int64)
        order = np.argsort(all_ids, kind="stable")
        all_vectors = (np.concatenate(vectors) if vectors else np.zeros((0, dim), np.float32))[order]
        values = (np.concatenate(hubness) if hubness else np.zeros(0, np.float32))[order]
        return cls._of(all_ids[order], all_vectors, values, dim, kind)

    @classmethod
    def _of(
        cls, ids: np.ndarray, vectors: np.ndarray, hubness: np.ndarray, dim: int, kind: Kind | None = None
    ) -> SentenceVectors:
        store = FaissStore.from_arrays(dim, ids, vectors, kind)
        return cls(store, ids, np.asarray(hubness, np.float32))

    def save(self, segment_folder: Path) -> None:
        folder = segment_folder / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        self.store.save(folder)
        np.save(folder / _HUBNESS, self.hubness)

    @classmethod
    def load(cls, segment_folder: Path) -> SentenceVectors | None:
        """The sentences saved with the segment in `segment_folder`; None for a segment written without."""
        folder = segment_folder / FOLDER
        if not folder.is_dir():
            return None
        store = FaissStore.load(folder)
        hubness = np.load(folder / _HUBNESS, allow_pickle=False)
        ids = np.sort(store.ids())
        if len(ids) != len(hubness):
            raise ValueError("sentence vectors and their hubness differ in length")
        return cls(store, ids, hubness)

    @classmethod
    def from_files(cls, files: Mapping[str, bytes]) -> SentenceVectors | None:
        """The sentences held in `files` (`FILES` → their bytes, as published); None when they hold none."""
        if not all(name in files for name in FILES):
            return None
        with tempfile.TemporaryDirectory(prefix="frontline-sentences-") as folder:
            for name in FILES:
                path = Path(folder) / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(files[name])
            return cls.load(Path(folder))

    @staticmethod
    def files(segment_folder: Path) -> dict[str, int]:
        """Sizes of the files saved under the segment's sentence folder (the segment records them)."""
        folder = segment_folder / FOLDER
        if not folder.is_dir():
            return {}
        return {f"{FOLDER}/{p.name}": p.stat().st_size for p in sorted(folder.iterdir()) if p.is_file()}
