"""The FAISS vector store: a segment's chunk vectors under explicit int64 ids (= chunk row ids).

Small indexes are exact (`IndexIDMap2` over flat inner product). From `FLAT_MAX` vectors
on, exact search costs more than the rest of a question, so `save` rewrites the index as
IVF (inverted lists over k-means cells) holding the vectors in fp16: half the memory,
scores within ~1e-4 of exact for fusion, and removal by id still works. `nprobe` is set for recall@10 ≥ 0.95
against exact search (measured by bench/run.py and tests/test_vectors_ann.py) and kept
in step with the index's size when it is loaded or written.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar, Literal

import faiss
import numpy as np

from index.store.vectors.base import VectorStore

Kind = Literal["flat", "ivf"]
FLAT_MAX = 50_000
_TRAIN_PER_LIST = 64  # k-means sample per cell (FAISS warns below 39)
# Vectors compared per query: recall@10 against exact search reached 0.98 scanning ~30k
# vectors at both 100k and 1M (bench/run.py, real question vectors), at 1.5-3 ms.
_SCAN_BUDGET = 30_000
_MIN_PROBE = 16


def kind_for(count: int) -> Kind:
    return "flat" if count < FLAT_MAX else "ivf"


def nlist_for(count: int) -> int:
    """About 4·sqrt(n) cells, a power of two: 100k vectors → 1024, 1M → 4096."""
    return 2 ** max(4, round(math.log2(4 * math.sqrt(max(count, 1)))))


def nprobe_for(nlist: int, count: int) -> int:
    """Cells visited per query: enough for about _SCAN_BUDGET vectors at the index's mean cell size."""
    per_cell = max(count / nlist, 1.0)
    return min(nlist, max(_MIN_PROBE, math.ceil(_SCAN_BUDGET / per_cell)))


class FaissStore(VectorStore):
    """Inner-product search over normalised vectors, with removal by id."""

    backend: ClassVar[str] = "faiss"
    FILE = "vectors.faiss"

    def __init__(self, index: faiss.Index) -> None:
        self._index: Any = index  # FAISS's stubs know only the base class's methods
        self._tune()

    def _tune(self) -> None:
        if isinstance(self._index, faiss.IndexIVF):
            self._index.nprobe = nprobe_for(self._index.nlist, len(self))

    @classmethod
    def empty(cls, dim: int) -> FaissStore:
        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dim)))

    @classmethod
    def load(cls, folder: Path) -> FaissStore:
        return cls(faiss.read_index(str(folder / cls.FILE)))

    @classmethod
    def from_arrays(  # type: ignore[override]
        cls, dim: int, ids: np.ndarray, vectors: np.ndarray, kind: Kind | None = None, *, space: str = ""
    ) -> FaissStore:
        """An index over `vectors`; `kind` defaults to the one their number calls for (`space` is not used)."""
        kind = kind or kind_for(len(ids))
        index = cls.empty(dim) if kind == "flat" else cls(_trained_ivf(dim, vectors))
        index.add(ids, vectors)
        index._tune()
        return index

    def save(self, folder: Path) -> None:
        """Write the index, first rebuilt as the kind its size calls for if it has outgrown it."""
        if self._needs_rebuild():
            ids = self.ids()
            self._index = FaissStore.from_arrays(self.dim, ids, self.vectors_for(ids))._index
        self._tune()
        faiss.write_index(self._index, str(folder / self.FILE))

    def _needs_rebuild(self) -> bool:
        count = len(self)
        if self.kind != kind_for(count):
            return True
        # IVF cells trained for far fewer (or more) vectors get slow (or inaccurate).
        return self.kind == "ivf" and abs(math.log2(nlist_for(count) / self._index.nlist)) >= 2

    @property
    def kind(self) -> Kind:
        return "ivf" if isinstance(self._index, faiss.IndexIVF) else "flat"

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64))

    def remove(self, ids: list[int]) -> int:
        if not ids:
            return 0
        return int(self._index.remove_ids(np.asarray(ids, dtype=np.int64)))

    def ids(self) -> np.ndarray:
        if isinstance(self._index, faiss.IndexIVF):
            lists: Any = self._index.invlists
            parts = [
                faiss.rev_swig_ptr(lists.get_ids(cell), lists.list_size(cell)).copy()
                for cell in range(self._index.nlist)
                if lists.list_size(cell)
            ]
            return np.sort(np.concatenate(parts)).astype(np.int64) if parts else np.zeros(0, np.int64)
        return np.sort(faiss.vector_to_array(self._index.id_map).astype(np.int64))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) for one query vector; ids of -1 are dropped."""
        if len(self) == 0 or k <= 0:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        with _one_thread():
            scores, ids = self._index.search(query, min(k, len(self)))
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of `ids` (all must be present)."""
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_batch(np.ascontiguousarray(ids, dtype=np.int64))


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run FAISS on the calling thread alone (OpenMP's thread count is per calling thread).

    One query is too small to share: a flat search of a 2,728-vector tail took 0.08 ms on
    one thread, but 5-20 ms at p90 on two while another process kept the other core busy
    (OpenMP waits at its barrier for the busy core); IVF at 100k was the same either way.
    """
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _trained_ivf(dim: int, vectors: np.ndarray) -> Any:  # faiss.IndexIVFScalarQuantizer
    nlist = min(nlist_for(len(vectors)), len(vectors))
    # Vectors stored as fp16: half the memory, scores off by ~1e-4 (cosines of unit vectors).
    index = faiss.IndexIVFScalarQuantizer(
        faiss.IndexFlatIP(dim), dim, nlist, faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT
    )
    sample = len(vectors) if len(vectors) <= nlist * _TRAIN_PER_LIST else nlist * _TRAIN_PER_LIST
    rows = np.random.default_rng(0).choice(len(vectors), size=sample, replace=False)
    index.train(np.ascontiguousarray(vectors[np.sort(rows)], dtype=np.float32))
    # A hash table from id to list position: reconstruct() and remove_ids() by chunk id.
    index.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
    return index
