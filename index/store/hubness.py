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

r(d) is measured against a *reference*: a sample of the index's own chunks (all of them
up to `SAMPLE`), stored with the index. A new chunk's value is computed once, when its
segment is written, so adding chunks never changes the values of those already stored.
A write's chunks join the reference before they are measured: into its free places
until it holds `SAMPLE` chunks, then each into a random member's place with probability
SAMPLE / (chunks written so far), so that it stays a uniform sample of what the index
was given (reservoir sampling). A language the index did not hold yet finds its own
neighbours there. Measured against reports in another language only, Ukrainian chunks
added after Indonesian ones came out with low hubness and crowded English questions
about the Indonesian sample: its cross-lingual R@1 0.417 -> 0.125 with the same articles
added in three writes instead of one, and again (0.125; 0.375 with the reservoir) with
the reference full before the Ukrainian write. Every value is recomputed against a reference drawn anew (by a full
merge) while fewer than `SAMPLE` chunks were live at the last such measurement and the
index has doubled since: O(n log n) in all, and never again past 2·SAMPLE chunks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.store.idmap import values_at

NEIGHBOURS = 10
SAMPLE = 16_384
_BLOCK = 4096  # chunks searched per call


@dataclass(frozen=True)
class Reference:
    """The chunks hubness is measured against: their ids (ascending) and vectors."""

    ids: np.ndarray
    vectors: np.ndarray

    @classmethod
    def draw(cls, ids: np.ndarray, vectors: np.ndarray, sample: int = SAMPLE) -> Reference:
        """All of `ids` up to `sample`, else a fixed random sample of them (`ids` ascending)."""
        rows = np.arange(len(ids))
        if len(ids) > sample:
            rows = np.sort(np.random.default_rng(0).choice(len(ids), size=sample, replace=False))
        return cls(np.asarray(ids, np.int64)[rows], np.ascontiguousarray(vectors[rows], dtype=np.float32))

    def __len__(self) -> int:
        return len(self.ids)

    def kept(self, live: np.ndarray) -> Reference:
        """The reference without the chunks whose `live` (aligned with its ids) is False."""
        return self if live.all() else Reference(self.ids[live], np.ascontiguousarray(self.vectors[live]))

    def extended(self, ids: np.ndarray, vectors: np.ndarray, seen: int = 0, sample: int = SAMPLE) -> Reference:
        """The reference with chunks `ids` written after `seen` others: a uniform sample of them all.

        New chunks fill the room under `sample` (a fixed random draw when they do not all fit);
        past it, each takes the place of a random member with probability sample / (its position
        among all chunks written), reservoir sampling (Vitter's algorithm R). So the reference keeps
        following what the index holds: a language (or kind of text) that starts coming in after
        the reference filled up gets its share of members, and its chunks find their own
        neighbours instead of being measured against other languages' and ranked up across the index.
        """
        if not len(ids):
            return self
        ids = np.asarray(ids, np.int64)
        # Seeded by what is written, so writes of the same size draw differently, and a write
        # draws the same whenever it is replayed.
        rng = np.random.default_rng([max(seen, len(self)), int(ids.min()), len(ids)])
        order = rng.permutation(len(ids))
        vacant = max(sample - len(self), 0)
        # Places free while the index has fewer than `sample` chunks are filled outright; places
        # removals freed in a bigger index are filled by the draw, which keeps each chunk's chance
        # at sample / (chunks written): else the next few writes would take all of them.
        joined, rest = order[: max(min(vacant, sample - seen), 0)], order[max(min(vacant, sample - seen), 0) :]
        before = max(seen, len(self)) + len(joined)  # chunks the reference stands for once `joined` are in
        taken = rest[rng.random(len(rest)) < sample / (before + 1 + np.arange(len(rest)))]
        if not len(joined) and not len(taken):  # the draw passed them all over: nothing to copy or save
            return self
        vectors = np.asarray(vectors, np.float32)
        filling = taken[: vacant - len(joined)]  # drawn into places still free
        replacing = taken[len(filling) :]
        all_ids = np.concatenate([self.ids, ids[joined], ids[filling]])
        all_vectors = np.concatenate([self.vectors, vectors[joined], vectors[filling]])
        slots = rng.integers(0, len(all_ids), size=len(replacing))
        _, first_from_end = np.unique(slots[::-1], return_index=True)
        last = len(slots) - 1 - first_from_end  # a place taken twice keeps the later chunk, as in turn
        all_ids[slots[last]], all_vectors[slots[last]] = ids[replacing[last]], vectors[replacing[last]]
        sort = np.argsort(all_ids, kind="stable")
        return Reference(all_ids[sort], np.ascontiguousarray(all_vectors[sort]))

    def save(self, path: Path) -> None:
        with open(path, "wb") as fh:
            np.savez(fh, ids=self.ids, vectors=self.vectors)

    @classmethod
    def load(cls, path: Path) -> Reference:
        with np.load(path, allow_pickle=False) as data:
            return cls(data["ids"], data["vectors"])

    def values(self, ids: np.ndarray, vectors: np.ndarray, neighbours: int = NEIGHBOURS) -> np.ndarray:
        """Mean cosine of each chunk to its `neighbours` nearest reference chunks other than itself."""
        out = np.zeros(len(ids), np.float32)
        if len(self) < 2 or not len(ids):
            return out
        index = faiss.IndexFlatIP(self.vectors.shape[1])
        index.add(self.vectors)
        k = min(neighbours, len(self) - 1)
        for start in range(0, len(ids), _BLOCK):
            rows = np.arange(start, min(start + _BLOCK, len(ids)))
            block = np.ascontiguousarray(vectors[rows], dtype=np.float32)
            scores, found = index.search(block, k + 1)
            # A chunk is not its own neighbour: drop itself where found, else the (k+1)-th.
            own = self.ids[np.clip(found, 0, None)] == np.asarray(ids)[rows][:, None]
            own[~own.any(axis=1), -1] = True
            out[rows] = scores[~own].reshape(len(rows), k).mean(axis=1)
        return out


@dataclass(frozen=True)
class Hubness:
    """Hubness values of the chunks a reader sees."""

    chunk_ids: np.ndarray  # ascending
    values: np.ndarray  # aligned with chunk_ids

    def at(self, chunk_ids: np.ndarray) -> np.ndarray:
        """Hubness of `chunk_ids` (0 for ids it does not know)."""
        return values_at(self.chunk_ids, self.values, chunk_ids)
