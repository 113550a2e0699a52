"""The interface every vector store implements: one backend a file beside this one.

A segment of the index keeps its chunks' vectors in one store, under the chunk ids
(int64) that SQLite gives them. Segments are immutable once committed, so a store is
built, saved and loaded; `add` and `remove` serve building and merging. The backend's
name is recorded with each segment, so a reader loads it with the class that wrote it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

import numpy as np


class VectorStore(ABC):
    """Inner-product search over normalised vectors, addressed by chunk id."""

    backend: ClassVar[str]  # the name segments record ("faiss")

    @classmethod
    @abstractmethod
    def empty(cls, dim: int) -> VectorStore: ...

    @classmethod
    @abstractmethod
    def from_arrays(cls, dim: int, ids: np.ndarray, vectors: np.ndarray) -> VectorStore:
        """A store over `vectors` under `ids`, of the kind their number calls for."""

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
