"""BM25 channels over analysed chunk text, kept per immutable segment, scored so fusion can trust them.

A segment stores each channel as `Postings`: which of its chunks hold which terms, how
often, and how long each chunk is. It stores no BM25 weights: those depend on the whole
index (chunk count, average length, how many chunks hold a term) and would go stale at
the next write. A reader combines the postings of every segment with that segment's live
mask (deletions are tombstones) into a `LexicalChannel`, which computes BM25 at query
time from statistics over the live chunks only: the scores bm25s's default ("lucene")
would give over exactly those chunks.

Two scores lie in [0, 1] and say how much of the question a chunk matches lexically:
`scores` divides BM25 by the best score each query term reaches anywhere in the
corpus; `coverage` is the IDF-weighted share of the question's distinct terms that
the chunk contains at all. A question that shares no words with the corpus (English
asked of Ukrainian text) scores 0 everywhere and so leaves the ranking to the dense
channel.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import cast

import numpy as np

from index.text.analysis import gram_terms, is_number_term, word_terms

Analyzer = Callable[[str], list[str]]
ANALYZERS: dict[str, Analyzer] = {"words": word_terms, "grams": gram_terms}
_MERGE_SLICE = 1 << 21  # postings of one part handled at once while merging (~70 MB of temporaries)

# bm25s's defaults, which the channel weights in retrieval were tuned with.
K1, B = 1.5, 0.75
_FORMAT = 1


@dataclass(frozen=True, eq=False)
class Postings:
    """One lexical channel of one immutable segment: a term -> chunks index (CSR by term)."""

    name: str
    chunk_ids: np.ndarray  # int64, ascending
    terms: list[str]  # ascending; a term's position is its column
    indptr: np.ndarray  # int64: column c's postings are [indptr[c], indptr[c + 1])
    docs: np.ndarray  # int32 positions into chunk_ids, ascending within a column
    tf: np.ndarray  # occurrences of the term in that chunk, smallest unsigned dtype that fits
    doc_len: np.ndarray  # int32 terms per chunk, repeats counted (bm25s's document length)

    @classmethod
    def build(cls, name: str, chunk_ids: Sequence[int] | np.ndarray, texts: Sequence[str]) -> Postings:
        analyze = ANALYZERS[name]
        return cls.from_terms(name, chunk_ids, [analyze(text) for text in texts])

    @classmethod
    def from_terms(cls, name: str, chunk_ids: Sequence[int] | np.ndarray, corpus: Sequence[list[str]]) -> Postings:
        """Postings of chunks already analysed by `ANALYZERS[name]` (one term list per chunk id)."""
        ids = np.asarray(chunk_ids, dtype=np.int64)
        if len(ids) != len(corpus):
            raise ValueError(f"{len(ids)} chunk ids for {len(corpus)} texts")
        if np.any(np.diff(ids) <= 0):
            raise ValueError("a segment's chunk ids must be distinct and ascending")
        counts = [Counter(terms) for terms in corpus]
        terms = sorted(set().union(*counts))
        column = {term: i for i, term in enumerate(terms)}
        per_chunk = np.fromiter(map(len, counts), np.int64, len(counts))
        total = int(per_chunk.sum())
        cols = np.fromiter((column[t] for c in counts for t in c), np.int64, total)
        tf = np.fromiter((n for c in counts for n in c.values()), np.int64, total)
        docs = np.repeat(np.arange(len(ids), dtype=np.int32), per_chunk)
        doc_len = np.fromiter(map(len, corpus), np.int32, len(corpus))
        # Postings come chunk by chunk, so a stable sort by column keeps each column's chunks ascending.
        order = np.argsort(cols, kind="stable")
        return cls._assemble(name, ids, terms, cols[order], docs[order], tf[order], doc_len)

    @classmethod
    def _assemble(
        cls,
        name: str,
        ids: np.ndarray,
        terms: list[str],
        cols: np.ndarray,
        docs: np.ndarray,
        tf: np.ndarray,
        doc_len: np.ndarray,
    ) -> Postings:
        """Postings from (column, chunk, tf) triples already sorted by column then chunk."""
        indptr = np.zeros(len(terms) + 1, np.int64)
        np.cumsum(np.bincount(cols, minlength=len(terms)), out=indptr[1:])
        tf_type = np.min_scalar_type(int(tf.max())) if len(tf) else np.dtype(np.uint8)
        return cls(name, ids, terms, indptr, docs.astype(np.int32), tf.astype(tf_type), doc_len.astype(np.int32))

    @cached_property
    def vocab(self) -> dict[str, int]:
        """Term -> column; built on first use, as merging and loading do not need it."""
        return {term: i for i, term in enumerate(self.terms)}

    def save(self, path: Path) -> None:
        """Write the postings to the one file `path` (an uncompressed .npz, no pickles)."""
        # Terms never contain a newline (analysis keeps letters, digits, '.' and '#'), so one
        # newline-joined UTF-8 blob stores the vocabulary compactly and splits back fast.
        blob = np.frombuffer("\n".join(self.terms).encode(), np.uint8)
        with open(path, "wb") as out:  # a file object, so numpy does not append ".npz"
            np.savez(
                out,
                format=np.array(_FORMAT),
                name=np.array(self.name),
                chunk_ids=self.chunk_ids,
                terms=blob,
                indptr=self.indptr,
                docs=self.docs,
                tf=self.tf,
                doc_len=self.doc_len,
            )

    @classmethod
    def load(cls, path: Path) -> Postings:
        with np.load(path, allow_pickle=False) as stored:
            if int(stored["format"]) != _FORMAT:
                raise ValueError(f"{path}: postings format {int(stored['format'])}, expected {_FORMAT}")
            indptr = stored["indptr"]
            terms = stored["terms"].tobytes().decode().split("\n") if len(indptr) > 1 else []
            return cls(
                str(stored["name"]),
                stored["chunk_ids"],
                terms,
                indptr,
                stored["docs"],
                stored["tf"],
                stored["doc_len"],
            )

    @classmethod
    def merge(cls, name: str, parts: Sequence[tuple[Postings, np.ndarray]]) -> Postings:
        """The live chunks of all `parts` (postings, live mask) as one Postings, without re-analysing text.

        Dead chunks vanish, and so do terms only they held. Each part's postings are put
        straight into their place in the merged columns (counted first), a part's slice
        at a time: the memory is the merged postings (5 bytes each) plus a slice's,
        where sorting every (column, chunk) pair took ~58 bytes a posting (a 100k-chunk grams
        channel: 1.1 GB above the loaded segments).
        """
        layout = _layout(name, parts)
        terms = sorted(set().union(*(p.terms for p, _ in parts)))
        column = {term: i for i, term in enumerate(terms)}
        # Parts in the order their chunks come in the merged segment: where their id ranges
        # do not interleave (segments are written in id order, so nearly always), appending
        # part after part keeps every column's chunks ascending.
        order = sorted(
            range(len(parts)), key=lambda i: int(layout.positions[i].min()) if len(layout.positions[i]) else 0
        )
        interleaved = False
        last = -1
        for i in order:
            if len(layout.positions[i]):
                interleaved |= int(layout.positions[i].min()) < last
                last = max(last, int(layout.positions[i].max()))

        remaps = [np.fromiter((column[t] for t in p.terms), np.int32, len(p.terms)) for p, _ in parts]

        def live_postings(i: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
            """Part i's live postings, a slice at a time: merged column (ascending), merged chunk position, tf."""
            part = parts[i][0]
            where = np.full(len(layout.masks[i]), -1, np.int32)  # part position -> merged position, -1 if dead
            where[layout.masks[i]] = layout.positions[i]
            for start in range(0, len(part.docs), _MERGE_SLICE):
                end = min(start + _MERGE_SLICE, len(part.docs))
                cols = remaps[i][np.searchsorted(part.indptr, np.arange(start, end), side="right") - 1]
                to = where[part.docs[start:end]]
                alive = to >= 0
                yield cols[alive], to[alive], part.tf[start:end][alive]

        def runs(cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Where each column's run of postings starts in `cols` (ascending), and its length."""
            first = np.empty(len(cols), bool)
            first[:1] = True
            np.not_equal(cols[1:], cols[:-1], out=first[1:])
            starts = np.flatnonzero(first)
            return starts, np.diff(np.append(starts, len(cols)))

        counts = np.zeros(len(terms), np.int64)
        for i in order:
            for cols, _, _ in live_postings(i):
                starts, lengths = runs(cols)
                counts[cols[starts]] += lengths
        indptr = np.zeros(len(terms) + 1, np.int64)
        np.cumsum(counts, out=indptr[1:])
        total = int(indptr[-1])
        tf_type = np.result_type(*(p.tf.dtype for p, _ in parts)) if parts else np.dtype(np.uint8)
        docs, tf = np.empty(total, np.int32), np.empty(total, tf_type)
        cursor = indptr[:-1].copy()
        for i in order:
            for cols, to, part_tf in live_postings(i):
                starts, lengths = runs(cols)
                place = np.arange(len(cols), dtype=np.int64)
                place -= np.repeat(starts, lengths)
                place += cursor[cols]
                docs[place], tf[place] = to, part_tf
                cursor[cols[starts]] += lengths
        if interleaved:  # rare: sort each column's chunks
            owner = np.repeat(np.arange(len(terms), dtype=np.int32), counts)
            by = np.lexsort((docs, owner))
            docs, tf = docs[by], tf[by]
        used = counts > 0
        if not used.all():
            terms = [t for t, u in zip(terms, used.tolist(), strict=True) if u]
            indptr = np.concatenate([[0], indptr[1:][used]])
        tf_type = np.min_scalar_type(int(tf.max())) if len(tf) else np.dtype(np.uint8)
        return cls(
            name, layout.ids, terms, indptr, docs, tf.astype(tf_type, copy=False), layout.doc_len.astype(np.int32)
        )


@dataclass(frozen=True, eq=False)
class _Term:
    """A term's live postings in the channel and their BM25 scores, as bm25s precomputed them."""

    slots: np.ndarray  # int64 slots of the live chunks holding the term
    scores: np.ndarray  # float32 idf * tf / (tf + k1 * (1 - b + b * length / average length))
    best: float  # the term's best score anywhere


_NOWHERE = _Term(np.zeros(0, np.int64), np.zeros(0, np.float32), 0.0)


class _TermCache:
    """The channel's most recently asked terms, up to `limit` postings in all.

    A term's scores need each posting's chunk length, a random gather that costs more
    than reading bm25s's precomputed scores did. Common terms (grams above all) recur
    from question to question and a channel lives until the next write, so they are kept.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.terms: OrderedDict[str, _Term] = OrderedDict()
        self.lock = threading.Lock()  # questions are scored in worker threads

    def get(self, term: str) -> _Term | None:
        with self.lock:
            found = self.terms.get(term)
            if found is not None:
                self.terms.move_to_end(term)
            return found

    def put(self, term: str, entry: _Term) -> None:
        cost = max(len(entry.slots), 1)
        with self.lock:
            if term in self.terms or cost > self.limit:
                return
            self.terms[term] = entry
            self.size += cost
            while self.size > self.limit:
                _, dropped = self.terms.popitem(last=False)
                self.size -= max(len(dropped.slots), 1)


# A cached posting takes 12 bytes (slot, score), a stored one 5 (chunk, tf): caching up to a
# quarter of the postings keeps a channel within the 8 bytes a posting bm25s's matrix took.
CACHED_SHARE = 0.25


@dataclass(frozen=True, eq=False)
class LexicalChannel:
    """What a reader searches: the live chunks of several segments' postings, scored with BM25 over them all.

    The segments' chunks, dead ones included, sit one segment after the other in
    *slots*, so a posting's slot is its position in its segment plus the segment's
    offset. Scores are summed per slot, then read out in chunk id order.
    """

    name: str
    chunk_ids: np.ndarray  # ascending ids of all live chunks; scores are aligned with it
    parts: tuple[tuple[Postings, int], ...]  # the segments holding a live chunk, and their offsets
    norm: np.ndarray  # per slot: k1 * (1 - b + b * length / average length), BM25's length penalty
    live: np.ndarray | None  # per slot; None when every chunk is live
    order: np.ndarray | None  # the slot of each of chunk_ids; None when it is its position
    cache: _TermCache = field(repr=False)

    @classmethod
    def over(
        cls, name: str, parts: Sequence[tuple[Postings, np.ndarray]], *, cached_postings: int | None = None
    ) -> LexicalChannel:
        """The channel a reader searches: the live chunks of `parts` (postings, live mask per chunk).

        `cached_postings` bounds the terms kept between questions (see `_TermCache`): by
        default a quarter of the postings; 0 keeps none.
        """
        layout = _layout(name, parts)
        kept = [i for i, at in enumerate(layout.positions) if len(at)]
        sizes = [len(parts[i][0].chunk_ids) for i in kept]
        offsets = np.cumsum([0, *sizes]).tolist()
        order = np.zeros(len(layout.ids), np.int64)
        for i, offset in zip(kept, offsets, strict=False):
            order[layout.positions[i]] = offset + np.flatnonzero(layout.masks[i])
        live = np.concatenate([np.ones(0, bool)] + [layout.masks[i] for i in kept])
        lengths = np.concatenate([np.zeros(0, np.int32)] + [parts[i][0].doc_len for i in kept]).astype(np.float64)
        average = float(layout.doc_len.mean()) if len(layout.doc_len) else 0.0
        norm = K1 * (1 - B + B * lengths / average) if average > 0 else np.full(len(lengths), K1)
        return cls(
            name,
            layout.ids,
            tuple((parts[i][0], offset) for i, offset in zip(kept, offsets, strict=False)),
            norm.astype(np.float32),
            None if live.all() else live,
            None if len(order) == len(live) and np.array_equal(order, np.arange(len(order))) else order,
            _TermCache(
                int(CACHED_SHARE * sum(len(parts[i][0].docs) for i in kept))
                if cached_postings is None
                else cached_postings
            ),
        )

    @classmethod
    def build(cls, name: str, chunk_ids: Sequence[int], texts: Sequence[str]) -> LexicalChannel:
        """A channel over one segment of `texts`, all live (for tests and one-off indexes)."""
        ids = np.asarray(chunk_ids, dtype=np.int64)
        order = np.argsort(ids, kind="stable")
        postings = Postings.build(name, ids[order], [texts[i] for i in order.tolist()])
        return cls.over(name, [(postings, np.ones(len(ids), bool))])

    def postings(self) -> Postings:
        """The live chunks as one Postings (what a merge of the channel's segments writes)."""
        if len(self.parts) == 1 and self.live is None:
            return self.parts[0][0]
        live = self.live if self.live is not None else np.ones(len(self.norm), bool)
        return Postings.merge(self.name, [(p, live[o : o + len(p.chunk_ids)]) for p, o in self.parts])

    def scores(self, question: str) -> np.ndarray:
        """Normalised score of every chunk (aligned with `chunk_ids`) for `question`."""
        n = len(self.chunk_ids)
        all_terms = ANALYZERS[self.name](question)
        # bm25s scores a term once per occurrence in the question; so does the ceiling.
        repeats = Counter(all_terms)
        found = self._terms(list(repeats))
        known = [(term, times) for term, times in zip(found, repeats.values(), strict=True) if len(term.slots)]
        ceiling = sum(term.best * times for term, times in known)  # each term's best score anywhere
        if ceiling <= 0:
            return np.zeros(n, np.float32)
        total = np.zeros(len(self.norm), np.float32)
        for term, times in known:
            np.add.at(total, term.slots, term.scores if times == 1 else term.scores * np.float32(times))
        # Terms the corpus never uses count against the match: "2022" alone in an English
        # question asked of Ukrainian text must not look like a full lexical match.
        share = sum(times for _, times in known) / len(all_terms)
        return self._by_chunk(total) * np.float32(share / ceiling)

    def coverage(self, question: str) -> np.ndarray:
        """IDF-weighted share of the question's distinct terms each chunk contains.

        Unlike BM25 it ignores how often and in how long a chunk a term occurs: for
        short news passages, which of the question's rare terms are present at all
        separates the answering passage from its neighbours better (+1 R@1 on FacQA).
        A term the corpus never uses weighs as much as the rarest term, so a question
        the corpus does not know cannot reach a full match.
        """
        n = len(self.chunk_ids)
        terms = list(dict.fromkeys(ANALYZERS[self.name](question)))
        if not n or not terms:
            return np.zeros(n, np.float32)
        words, numbers = np.zeros((2, len(self.norm)), np.float32)
        total = 0.0
        for term, found in zip(terms, self._terms(terms), strict=True):
            weight = float(_idf(n, len(found.slots)))
            total += weight
            (numbers if is_number_term(term) else words)[found.slots] += weight
        # A shared number alone ("2022") says little about the topic: it counts only
        # beside a shared word, so an English question asked of Ukrainian text is still
        # left to the dense channel (the grams channel matches numbers on its own).
        words += np.where(words > 0, numbers, 0)
        return self._by_chunk(words) / np.float32(total)

    def _by_chunk(self, per_slot: np.ndarray) -> np.ndarray:
        return per_slot if self.order is None else np.take(per_slot, self.order)

    def _terms(self, terms: list[str]) -> list[_Term]:
        """Each term's live postings, from the cache or gathered from the segments."""
        found = [self.cache.get(t) for t in terms]
        missing = [i for i, f in enumerate(found) if f is None]
        if missing:
            for i, fresh in zip(missing, self._gather([terms[i] for i in missing]), strict=True):
                found[i] = fresh
                self.cache.put(terms[i], fresh)
        return cast(list[_Term], found)

    def _runs(self, terms: list[str]) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
        """(index into `terms`, slot offset, positions from it, tf) for each segment holding each term.

        A channel whose postings live elsewhere (a Milvus reader, index/store/remote_lexical.py)
        fetches them here; the scoring in `_gather` is the same.
        """
        runs: list[tuple[int, int, np.ndarray, np.ndarray]] = []
        for postings, offset in self.parts:
            hits = [(i, c) for i, c in enumerate(map(postings.vocab.get, terms)) if c is not None]
            if hits:
                starts = postings.indptr[[c for _, c in hits]].tolist()
                ends = postings.indptr[[c + 1 for _, c in hits]].tolist()
                for (i, _), a, b in zip(hits, starts, ends, strict=True):
                    runs.append((i, offset, postings.docs[a:b], postings.tf[a:b]))
        return runs

    def _gather(self, terms: list[str]) -> list[_Term]:
        """The live postings of `terms`, gathered in one batch whatever the number of segments."""
        runs = self._runs(terms)
        if not runs:
            return [_NOWHERE] * len(terms)
        runs.sort(key=lambda run: run[0])  # term after term (stable: segment order within a term)
        lengths = np.array([len(docs) for _, _, docs, _ in runs], np.int64)
        slots = np.concatenate([docs for _, _, docs, _ in runs], dtype=np.int64)
        if len(self.parts) > 1:  # segments after the first start at their offsets
            slots += np.repeat(np.array([offset for _, offset, _, _ in runs], np.int64), lengths)
        tf = np.concatenate([tf for _, _, _, tf in runs], dtype=np.float32)
        if self.live is not None:
            alive = self.live[slots]
            lengths = np.add.reduceat(alive, np.cumsum(lengths) - lengths, dtype=np.int64)
            slots, tf = slots[alive], tf[alive]
        tfc = np.take(self.norm, slots)
        tfc += tf
        np.divide(tf, tfc, out=tfc)
        counts = np.bincount([i for i, _, _, _ in runs], weights=lengths, minlength=len(terms)).astype(np.int64)
        starts = np.cumsum(counts) - counts
        idf = _idf(len(self.chunk_ids), counts).astype(np.float32)
        best = np.zeros(len(terms), np.float32)
        best[counts > 0] = np.maximum.reduceat(tfc, starts[counts > 0])
        best *= idf
        # Copies (the product makes one), so that a cached term does not keep the whole batch alive.
        return [
            _Term(slots[a : a + k].copy(), tfc[a : a + k] * w, b) if k else _NOWHERE
            for a, k, w, b in zip(starts.tolist(), counts.tolist(), idf, best.tolist(), strict=True)
        ]


def _idf(documents: int, frequency: np.ndarray | int) -> np.ndarray:
    # BM25's smoothed idf (bm25s "lucene"): positive for every frequency, largest for unseen terms.
    return np.log1p((documents - frequency + 0.5) / (frequency + 0.5))


@dataclass(frozen=True)
class _Layout:
    """Where the live chunks of several parts land when put together in chunk id order."""

    ids: np.ndarray  # ascending ids of the live chunks of all parts
    doc_len: np.ndarray  # aligned with ids
    masks: list[np.ndarray]  # per part: its live mask
    positions: list[np.ndarray]  # per part: the position in `ids` of each of its live chunks


def _layout(name: str, parts: Sequence[tuple[Postings, np.ndarray]]) -> _Layout:
    masks = []
    for postings, live in parts:
        if postings.name != name:
            raise ValueError(f"postings of channel {postings.name!r} given as {name!r}")
        mask = np.asarray(live, dtype=bool)
        if mask.shape != postings.chunk_ids.shape:
            raise ValueError(f"live mask of {mask.shape} for {len(postings.chunk_ids)} chunks")
        masks.append(mask)
    lived = [(p.chunk_ids[m], p.doc_len[m]) for (p, _), m in zip(parts, masks, strict=True)]
    ids = np.concatenate([np.zeros(0, np.int64)] + [i for i, _ in lived])
    order = np.argsort(ids, kind="stable")
    if np.any(np.diff(ids[order]) == 0):
        raise ValueError("a chunk is live in two segments")
    rank = np.empty(len(ids), np.int64)
    rank[order] = np.arange(len(ids))
    lengths = np.concatenate([np.zeros(0, np.int32)] + [n for _, n in lived])
    bounds = np.cumsum([0] + [len(i) for i, _ in lived])
    positions = [rank[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return _Layout(ids[order], lengths[order], masks, positions)
