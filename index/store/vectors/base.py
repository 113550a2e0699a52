"""The interface every vector store implements: one backend a file beside this one.

A segment of the index keeps its chunks' vectors in one store, under the chunk ids
(int64) that SQLite gives them. Segments are immutable once committed, so a store is
built, saved and loaded; `add` and `remove` serve building and merging. The backend's
name is recorded with each segment, so a reader loads it with the class that wrote it.

A store may keep its vectors outside the segment's folder (a server: `milvus.py`). The
class methods below let it: `configure` (where the server is), `release` (a segment
folder is being deleted: delete what it holds elsewhere), `combined`, `search_units`
and `fetch_units` (a reader's segments served together, e.g. in one round trip). Their
defaults suit a store whose files are the whole of it (FAISS).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np


class VectorStore(ABC):
    """Inner-product search over normalised vectors, addressed by chunk id."""

    backend: ClassVar[str]  # the name segments record ("faiss")
    prunes: ClassVar[bool] = False  # whether `prune` frees anything (a writer records how far it pruned)

    @classmethod
    @abstractmethod
    def empty(cls, dim: int) -> VectorStore: ...

    @classmethod
    @abstractmethod
    def from_arrays(cls, dim: int, ids: np.ndarray, vectors: np.ndarray, *, space: str = "") -> VectorStore:
        """A store over `vectors` under `ids`, of the kind their number calls for.

        `space` names where the index keeps its vectors in a shared engine (a collection);
        a backend whose files are the whole store ignores it.
        """

    @classmethod
    @abstractmethod
    def load(cls, folder: Path) -> VectorStore: ...

    @abstractmethod
    def save(self, folder: Path) -> None: ...

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @property
    @abstractmethod
    def kind(self) -> str:
        """How it searches ("flat", "ivf", ...), for reports and benchmarks."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None: ...

    @abstractmethod
    def remove(self, ids: list[int]) -> int: ...

    @abstractmethod
    def ids(self) -> np.ndarray:
        """Every id held, ascending."""

    @abstractmethod
    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) for one query vector, best first."""

    @abstractmethod
    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of `ids` (all must be present)."""

    # -- hooks for stores that live outside the segment folder (no-ops for files) -------
    @classmethod
    def configure(cls, **options: str) -> None:
        """Where the backend's engine is for this process (a file-only backend needs nothing)."""
        return None

    @classmethod
    def location(cls) -> str:
        """Where a new index's vectors go, recorded in its meta ("" for files in the index folder)."""
        return ""

    @classmethod
    def locate(cls, location: str, near: Path) -> None:
        """Writing an index whose meta (in generation `near`) records `location`: where to write unconfigured."""
        return None

    @classmethod
    def release(cls, folder: Path) -> None:
        """`folder` (a segment, or a folder of them) is about to be deleted: free what it holds elsewhere."""
        return None

    @classmethod
    def prune(cls, space: str, ids: np.ndarray) -> None:
        """Delete the vectors of chunks `ids`, removed long enough ago that no reader searches them.

        `space` is where the index keeps them (a collection). Segment files stay as they
        are (merges rewrite them); a store whose files are the whole of it has nothing to do.
        """
        return None

    @classmethod
    def combined(cls, stores: Sequence[VectorStore]) -> VectorStore | None:
        """One store searching all of `stores` without copying them, or None (then they are merged)."""
        return None

    @classmethod
    def search_units(
        cls, units: Sequence[tuple[VectorStore, np.ndarray]], query: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) over several stores, each with the ids removed from it (ascending)."""
        scores, ids = [], []
        for store, dead in units:
            # Ask for as many more as the store holds dead chunks, so k live ones remain.
            found_scores, found_ids = store.search(query, k + len(dead))
            if len(dead):
                keep = ~np.isin(found_ids, dead)
                found_scores, found_ids = found_scores[keep], found_ids[keep]
            scores.append(found_scores[:k])
            ids.append(found_ids[:k])
        if not scores:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        all_scores, all_ids = np.concatenate(scores), np.concatenate(ids)
        top = np.lexsort((all_ids, -all_scores))[:k]
        return all_scores[top].astype(np.float32), all_ids[top]

    @classmethod
    def fetch_units(cls, requests: Sequence[tuple[VectorStore, np.ndarray]]) -> list[np.ndarray]:
        """The stored vectors of each (store, ids)."""
        return [store.vectors_for(ids) for store, ids in requests]
