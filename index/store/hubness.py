"""Hubness of each chunk: how close it sits to its nearest neighbours in the index.

In embedding spaces some passages are "hubs": short, generic ones ("Consequences of
Russian aggression in #Kyiv!") come out near almost any question, and most of all
across languages, where no word overlap pulls the right passage up. CSLS (Conneau et
al., 2018, "Word translation without parallel data") corrects for it by scoring
2·cos(q, d) − r(q) − r(d), where r is the mean cosine to the 10 nearest neighbours on
the other side. r(q) does not change a question's ranking, so fusion uses
cos(q, d) − r(d) / 2. Passages stand in for the unseen questions when r(d) is
measured. On the dev sets (hybrid, nncf's default int8 model, before SmoothQuant):
Warline headline R@5 0.662 → 0.707, translation R@1 0.911 → 0.916, FacQA R@1 0.762 →
0.761 (torch fp32: 0.668 → 0.704, 0.927 → 0.925, 0.764 both).

Every write recomputes it, as it rebuilds the lexical channels: exact k-NN up to
`SAMPLE` chunks; beyond that, neighbours are looked for in a fixed random sample of
`SAMPLE` chunks (8 s at 100k chunks on 2 cores), which keeps the measure's
order (hubs are close to many chunks, so to many sampled ones) at bounded cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.store.idmap import values_at
from index.store.vectors import VectorIndex

NEIGHBOURS = 10
SAMPLE = 16_384
_BLOCK = 4096  # chunks searched per call
_FILE = "hubness.npz"


@dataclass(frozen=True)
class Hubness:
    chunk_ids: np.ndarray  # ascending
    values: np.ndarray  # mean cosine to the nearest neighbours, aligned with chunk_ids

    @classmethod
    def compute(cls, vectors: VectorIndex, neighbours: int = NEIGHBOURS, sample: int = SAMPLE) -> Hubness:
        ids = np.sort(vectors.ids())
        values = np.zeros(len(ids), np.float32)
        if len(ids) < 2:
            return cls(ids, values)
        columns = np.arange(len(ids))
        if len(ids) > sample:
            columns = np.sort(np.random.default_rng(0).choice(len(ids), size=sample, replace=False))
        reference = faiss.IndexFlatIP(vectors.dim)
        reference.add(vectors.vectors_for(ids[columns]))
        k = min(neighbours, len(columns) - 1)
        for start in range(0, len(ids), _BLOCK):
            rows = np.arange(start, min(start + _BLOCK, len(ids)))
            scores, found = reference.search(vectors.vectors_for(ids[rows]), k + 1)
            # A chunk is not its own neighbour: drop itself where found, else the (k+1)-th.
            own = columns[np.clip(found, 0, None)] == rows[:, None]
            own[~own.any(axis=1), -1] = True
            values[rows] = scores[~own].reshape(len(rows), k).mean(axis=1)
        return cls(ids, values)

    def save(self, folder: Path) -> None:
        np.savez(folder / _FILE, chunk_ids=self.chunk_ids, values=self.values)

    @classmethod
    def load(cls, folder: Path) -> Hubness | None:
        """The generation's hubness, or None for an index written before it existed."""
        path = folder / _FILE
        if not path.exists():
            return None
        with np.load(path) as data:
            return cls(data["chunk_ids"], data["values"])

    def at(self, chunk_ids: np.ndarray) -> np.ndarray:
        """Hubness of `chunk_ids` (0 for ids it does not know)."""
        return values_at(self.chunk_ids, self.values, chunk_ids)
