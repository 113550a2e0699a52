"""A commit opened for reading: the SQLite store (read-only) and the segments live at that commit.

Segments are loaded once per process and shared between snapshots: when a writer
commits, the next snapshot loads only the segments it has not seen (memory does not
double while re-indexing) and takes the tombstones of the commit from SQLite. Small
segments (each write of a few articles adds one) are combined in memory into one
*tail* searched as a unit, so a thousand unmerged adds cost a question about what one
merged segment would.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sqlite3
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from index.embed.bulk import SentenceMode, sentence_mode
from index.embed.embedder import Embedder
from index.errors import FrontlineError, IndexCorruptError
from index.ingest.articles import Article
from index.store import db
from index.store.folder import IndexDir, Manifest, last_commit, live_segments, removed_chunk_ids
from index.store.hubness import Hubness
from index.store.lexical import ANALYZERS, LexicalChannel
from index.store.segment import Segment
from index.store.sentences import PER_CHUNK, chunk_of
from index.store.stories import stories_of
from index.store.vectors.base import VectorStore

TAIL_SEGMENT = 2_000  # segments with fewer chunks than this are searched together, as one tail


@dataclass
class Unit:
    """Chunks searched together: one segment, or the tail of small ones, with the commit's tombstones applied."""

    segment: Segment
    live: np.ndarray  # boolean, aligned with segment.chunk_ids
    dead: np.ndarray  # ids of its chunks removed at the commit, ascending


class SegmentVectors:
    """The vector stores of every unit, searched as one (the interface retrieval uses)."""

    def __init__(
        self, stores: list[tuple[VectorStore, np.ndarray, np.ndarray]], dim: int, values: list[np.ndarray] | None = None
    ) -> None:
        """Stores searched as one: (store, its live ids ascending, its removed ids ascending) each.

        `values[i]`, aligned with store i's live ids, come out as `self.values`, aligned with `chunk_ids`.
        """
        self._stores = [(store, dead) for store, _, dead in stores]
        self._dim = dim
        ids = [live for _, live, _ in stores]
        owner = [np.full(len(i), n, np.int32) for n, i in enumerate(ids)]
        all_ids = np.concatenate(ids) if ids else np.zeros(0, np.int64)
        order = np.argsort(all_ids, kind="stable")
        self.chunk_ids = all_ids[order]  # every live chunk, ascending
        self._owner = (np.concatenate(owner) if owner else np.zeros(0, np.int32))[order]
        self.values: np.ndarray | None = None
        if values is not None:
            self.values = (np.concatenate(values) if values else np.zeros(0, np.float32))[order]

    def __len__(self) -> int:
        return len(self.chunk_ids)

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def kind(self) -> str:
        return "+".join(sorted({store.kind for store, _ in self._stores})) or "flat"

    def ids(self) -> np.ndarray:
        return self.chunk_ids

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) over the live chunks of every unit, best first.

        Units are handed to their backend together (`VectorStore.search_units`): FAISS
        searches each, a server backend all of its own in one request.
        """
        groups: dict[type[VectorStore], list[tuple[VectorStore, np.ndarray]]] = {}
        for store, dead in self._stores:
            groups.setdefault(type(store), []).append((store, dead))
        parts = [backend.search_units(units, query, k) for backend, units in groups.items()]
        if not parts:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        all_scores, all_ids = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        top = np.lexsort((all_ids, -all_scores))[:k]
        return all_scores[top].astype(np.float32), all_ids[top]

    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of `ids` (all must be live chunks of this snapshot)."""
        ids = np.asarray(ids, np.int64)
        out = np.zeros((len(ids), self._dim), np.float32)
        if not len(ids):
            return out
        positions = np.searchsorted(self.chunk_ids, ids)
        owners = self._owner[np.minimum(positions, len(self.chunk_ids) - 1)]
        groups: dict[type[VectorStore], list[tuple[np.ndarray, VectorStore, np.ndarray]]] = {}
        for unit_number in np.unique(owners):
            rows = np.flatnonzero(owners == unit_number)
            store = self._stores[int(unit_number)][0]
            groups.setdefault(type(store), []).append((rows, store, ids[rows]))
        for backend, requests in groups.items():
            found = backend.fetch_units([(store, wanted) for _, store, wanted in requests])
            for (rows, _, _), vectors in zip(requests, found, strict=True):
                out[rows] = vectors
        return out


class SentenceSearch:
    """The sentence vectors of every unit that keeps them (index/store/sentences.py), searched as one."""

    def __init__(self, units: list[Unit], dim: int) -> None:
        stores, hub_values = [], []
        for unit in units:
            sentences = unit.segment.sentences
            if sentences is None:
                continue
            removed = np.isin(chunk_of(sentences.ids), unit.dead) if len(unit.dead) else np.zeros(len(sentences), bool)
            stores.append((sentences.store, sentences.ids[~removed], sentences.ids[removed]))
            hub_values.append(sentences.hubness[~removed])
        self.vectors = SegmentVectors(stores, dim, hub_values)
        assert self.vectors.values is not None
        self.hubness: np.ndarray = self.vectors.values  # each sentence's, aligned with self.vectors.chunk_ids

    def __len__(self) -> int:
        return len(self.vectors)

    def search(self, query: np.ndarray, k: int) -> np.ndarray:
        """The chunks of the `k` sentences closest to `query`, best first, each once."""
        _, found = self.vectors.search(query, k)
        chunks = chunk_of(found)
        return chunks[np.sort(np.unique(chunks, return_index=True)[1])]

    def best(self, chunk_ids: np.ndarray, query: np.ndarray, hub_weight: float) -> np.ndarray:
        """Per chunk, its best sentence's cosine to `query` less `hub_weight` × its hubness; NaN without sentences."""
        chunk_ids = np.asarray(chunk_ids, np.int64)
        out = np.full(len(chunk_ids), np.nan, np.float32)
        ids = self.vectors.chunk_ids
        starts = np.searchsorted(ids, chunk_ids * PER_CHUNK)
        ends = np.searchsorted(ids, (chunk_ids + 1) * PER_CHUNK)
        counts = ends - starts
        if not counts.sum():
            return out
        rows = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        wanted = ids[rows]
        scores = self.vectors.vectors_for(wanted) @ query - hub_weight * self.hubness[rows]
        owner = np.repeat(np.arange(len(chunk_ids)), counts)
        best = np.full(len(chunk_ids), -np.inf, np.float32)
        np.maximum.at(best, owner, scores.astype(np.float32))
        has = counts > 0
        out[has] = best[has]
        return out


class SegmentCache:
    """Segments loaded by this process, by generation and name (immutable, so shared by snapshots)."""

    def __init__(self) -> None:
        self._segments: dict[tuple[str, str], Segment] = {}
        self._tail: tuple[tuple[str, ...], Segment] | None = None
        self._lock = threading.Lock()

    def segment(self, folder: Path, name: str) -> Segment:
        key = (str(folder), name)
        with self._lock:
            found = self._segments.get(key)
        if found is None:
            found = Segment.load(folder / "segments" / name)
            with self._lock:
                self._segments[key] = found
        return found

    def tail(self, folder: Path, names: list[str], dim: int) -> Segment | None:
        """The small segments `names` combined into one, reusing the last tail when it is a prefix of them."""
        if not names:
            with self._lock:
                self._tail = None  # merged away: its memory goes with the segments it combined
            return None
        key = tuple(f"{folder}/{n}" for n in names)
        with self._lock:
            previous = self._tail
        if previous is not None and previous[0] == key:
            return previous[1]
        parts = [self.segment(folder, n) for n in names]
        if previous is not None and key[: len(previous[0])] == previous[0]:
            base = previous[1]
            new = parts[len(previous[0]) :]
            tail = Segment.merge(
                "tail",
                [(base, np.ones(len(base), bool))] + [(s, np.ones(len(s), bool)) for s in new],
                dim,
                in_place=True,
            )
        else:
            tail = Segment.merge("tail", [(s, np.ones(len(s), bool)) for s in parts], dim, in_place=True)
        with self._lock:
            self._tail = (key, tail)
        return tail

    def forget(self, keep: set[tuple[str, str]]) -> int:
        """Drop the segments no open snapshot uses any more (merged away), so their memory goes; how many."""
        with self._lock:
            gone = [k for k in self._segments if k not in keep]
            for key in gone:
                del self._segments[key]
            return len(gone)


def return_freed_memory() -> None:
    """Hand the heap memory freed since to the OS (glibc's malloc_trim; nothing elsewhere).

    glibc keeps what a process frees in its arenas for reuse. After a merge, the segments
    merged away and the merge's own arrays stayed in the bot's RSS: at 100k chunks, after
    `optimize` of 1,001 segments, 1,018 MB against 738 MB before it, and 754 MB once trimmed.
    It takes well under a millisecond when there is nothing to return.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: its allocator returns memory its own way
        pass


@dataclass(frozen=True)
class Searched:
    """What a commit's questions search, built from its live segments and tombstones (any reader's)."""

    units: list[Unit]
    vectors: SegmentVectors
    channels: dict[str, LexicalChannel]  # empty when the caller scores the lexical channels its own way
    hubness: Hubness
    sentences: SentenceSearch | None

    @classmethod
    def over(cls, segments: list[Segment], dead: np.ndarray, dim: int, *, channels: bool = True) -> Searched:
        units = []
        for segment in segments:
            dead_here = dead[np.isin(dead, segment.chunk_ids)] if len(dead) else dead
            units.append(Unit(segment, ~np.isin(segment.chunk_ids, dead_here), dead_here))
        lexical = (
            {name: LexicalChannel.over(name, [(u.segment.postings[name], u.live) for u in units]) for name in ANALYZERS}
            if channels
            else {}
        )
        vectors = SegmentVectors(
            [(u.segment.vectors, u.segment.chunk_ids[u.live], u.dead) for u in units],
            dim,
            [u.segment.hubness[u.live] for u in units],  # sorted with the ids once
        )
        assert vectors.values is not None
        # Sentence search only when every segment holding live chunks has its sentences: a direct index
        # from before sentence search gains them merge by merge (index/store/merge.py), and chunks of
        # segments with sentences would otherwise rank above the others'.
        whole = all(u.segment.sentences is not None for u in units if u.live.any())
        sentences = SentenceSearch(units, dim) if whole else None
        return cls(
            units,
            vectors,
            lexical,
            Hubness(vectors.chunk_ids, vectors.values),
            sentences if sentences is not None and len(sentences) else None,
        )


@dataclass
class Snapshot:
    folder: Path
    manifest: Manifest
    conn: sqlite3.Connection
    vectors: SegmentVectors
    channels: dict[str, LexicalChannel]
    hubness: Hubness | None = None
    commit: int = 0
    merged_away: int = 0  # segments `cache` dropped when this snapshot opened: earlier commits' merged ones
    sentences: SentenceSearch | None = None  # the live chunks' sentence vectors, where the index keeps them
    _dates: ChunkDates | None = field(default=None, repr=False)
    _dates_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, index_dir: IndexDir, cache: SegmentCache | None = None) -> Snapshot:
        """The latest commit; `cache` (kept by a long-lived reader) saves loading segments again."""
        cache = cache or SegmentCache()
        folder = index_dir.require_current()
        index_dir.require_format(folder)
        conn = index_dir.open_store(folder)
        try:
            conn.execute("BEGIN")  # one read transaction: the commit, its segments and tombstones agree
            commit = last_commit(conn)
            manifest = Manifest.read(conn, commit)
            segments = live_segments(conn, commit)
            dead = removed_chunk_ids(conn, commit)
            conn.execute("COMMIT")
            big = [cache.segment(folder, s.name) for s in segments if s.chunks >= TAIL_SEGMENT]
            tail = cache.tail(folder, [s.name for s in segments if s.chunks < TAIL_SEGMENT], manifest.dim)
            forgotten = cache.forget({(str(folder), s.name) for s in segments})
        except FrontlineError:  # damage already named, or the vector engine unreachable
            conn.close()
            raise
        except Exception as exc:  # faiss, sqlite, json and numpy each fail in their own way
            conn.close()
            detail = str(exc).splitlines()[0] if str(exc) else "no detail"
            raise IndexCorruptError(
                "index_corrupt",
                path=index_dir.root,
                generation=folder.name,
                reason=f"{exc.__class__.__name__}: {detail}",
            ) from exc
        parts = Searched.over(big + ([tail] if tail is not None else []), dead, manifest.dim)
        return cls(
            folder,
            manifest,
            conn,
            parts.vectors,
            parts.channels,
            parts.hubness,
            commit,
            merged_away=forgotten,
            sentences=parts.sentences,
        )

    def is_current(self, index_dir: IndexDir) -> bool:
        """Whether this snapshot still shows the latest commit of the live generation."""
        if index_dir.current() != self.folder:
            return False
        return last_commit(self.conn) == self.commit

    @property
    def dates(self) -> ChunkDates:
        """Each chunk's publication day, read from SQLite on first use (a question with a date)."""
        with self._dates_lock:
            if self._dates is None:
                self._dates = ChunkDates.read(self.conn, self.commit)
            return self._dates

    def sentence_encoder(self, embedder: Embedder) -> StoredSentences:
        return StoredSentences(self.conn, embedder)

    # -- what search and look-ups read of the articles and chunks (a remote reader answers the same) --
    def chunks_by_id(self, chunk_ids: Sequence[int]) -> dict[int, db.StoredChunk]:
        return db.chunks_by_id(self.conn, chunk_ids)

    def chunk_languages(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        """The language of each chunk's article, as recorded at ingest ("" when not told)."""
        ids = [int(c) for c in chunk_ids]
        found: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            query = f"""SELECT c.id, a.lang FROM chunks c JOIN articles a ON a.row_id = c.article_row
                        WHERE c.id IN ({",".join("?" * len(batch))})"""
            found.update((int(chunk_id), lang or "") for chunk_id, lang in self.conn.execute(query, batch))
        return found

    def articles_by_id(self, article_ids: Sequence[str]) -> dict[str, Article]:
        return db.articles_by_id(self.conn, article_ids)

    def stories_of(self, article_ids: list[str]) -> dict[str, int]:
        return stories_of(self.conn, article_ids)

    def sentence_mode(self) -> SentenceMode:
        return sentence_mode(self.conn)

    def get_article(self, article_id: str) -> db.ArticleInfo | None:
        return db.get_article(self.conn, article_id)

    def article_id_at(self, row_id: int) -> str | None:
        """The id of the article stored at `row_id` (an `#<row>` key)."""
        return db.article_id_at(self.conn, row_id)

    def has_article(self, article_id: str) -> bool:
        return db.content_hash(self.conn, article_id) is not None

    def list_articles(self, **filters: str | int) -> list[db.ArticleInfo]:
        """`db.list_articles` (query, publisher, date_from, date_to, limit, offset)."""
        return db.list_articles(self.conn, **filters)  # type: ignore[arg-type]

    @property
    def generation(self) -> str:
        return f"{self.folder.name}@{self.commit}"

    def close(self) -> None:
        self.conn.close()


class StoredSentences:
    """`encode_passages` for answer sentences: stored vectors first, then recent ones, then the model.

    An index written with `FRONTLINE_SENTENCE_VECTORS=direct` stores every chunk sentence's
    vector, so answering needs no model call; one written lazily (the default) stores none,
    and the sentences of the passages a question cites are embedded here, a dozen or so, and
    kept in the process's `RecentVectors` for the next question that cites them.
    """

    def __init__(self, conn: sqlite3.Connection, embedder: Embedder) -> None:
        self._conn = conn
        self._embedder = embedder
        self._recent = recent_vectors(embedder)
        self._has_table = db.schema_version(conn) >= 2  # generations written before version 2 have none

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [db.sentence_key(t) for t in texts]
        found = db.sentence_vectors(self._conn, keys) if self._has_table else {}
        found.update(self._recent.get([key for key in keys if key not in found]))
        return embed_missing(texts, keys, found, self._embedder, self._recent)


def embed_missing(
    texts: Sequence[str], keys: Sequence[str], found: dict[str, np.ndarray], embedder: Embedder, recent: RecentVectors
) -> np.ndarray:
    """Vectors of `texts` (sentence `keys`): those in `found`, the rest embedded once each and kept in `recent`."""
    first: dict[str, int] = {}  # each missing sentence once
    for i, key in enumerate(keys):
        if key not in found:
            first.setdefault(key, i)
    missing = list(first.values())
    if missing:
        fresh = embedder.encode_passages([texts[i] for i in missing])
        made = {keys[i]: fresh[row] for row, i in enumerate(missing)}
        recent.put(made)
        found.update(made)
    out = np.empty((len(texts), embedder.dim), dtype=np.float32)
    for i, key in enumerate(keys):
        out[i] = found[key]
    return out


class RecentVectors:
    """The last `size` sentence vectors a process embedded to answer, by content key (thread-safe).

    Vectors depend on the text and the model only, so they stay valid across snapshots and
    generations. 8,192 of them hold 12.6 MB at 384 dimensions.
    """

    def __init__(self, size: int = 8192) -> None:
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        with self._lock:
            out = {key: self._vectors[key] for key in keys if key in self._vectors}
            for key in out:
                self._vectors.move_to_end(key)
            return out

    def put(self, vectors: dict[str, np.ndarray]) -> None:
        with self._lock:
            for key, vector in vectors.items():
                self._vectors[key] = vector
                self._vectors.move_to_end(key)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)

    def __len__(self) -> int:
        return len(self._vectors)


_RECENT: weakref.WeakKeyDictionary[object, RecentVectors] = weakref.WeakKeyDictionary()
_RECENT_LOCK = threading.Lock()


def recent_vectors(embedder: object) -> RecentVectors:
    """The sentence vectors recently embedded with `embedder`: one cache per loaded model."""
    with _RECENT_LOCK:
        recent = _RECENT.get(embedder)
        if recent is None:
            recent = _RECENT[embedder] = RecentVectors()
        return recent


UNDATED = 0  # day number of a chunk whose article has no date


class ChunkDates:
    """Chunk ids (ascending) and their article's publication day (`date.toordinal()`, 0 when undated).

    The day is the article's own calendar day as written ("2022-02-24T05:45:00+02:00" is 24 February).
    """

    def __init__(self, ids: np.ndarray, days: np.ndarray) -> None:
        self.ids = ids
        self.days = days
        self._aligned: dict[int, np.ndarray] = {}

    @classmethod
    def read(cls, conn: sqlite3.Connection, commit: int) -> ChunkDates:
        ids, stamps = db.chunk_dates(conn, commit)
        days = np.fromiter((_day_number(s) for s in stamps), dtype=np.int32, count=len(stamps))
        return cls(ids, days)

    def at(self, chunk_ids: np.ndarray) -> np.ndarray:
        """The day of each of `chunk_ids` (UNDATED for an id the store does not know)."""
        positions = np.searchsorted(self.ids, chunk_ids)
        positions = np.minimum(positions, max(len(self.ids) - 1, 0))
        found = len(self.ids) > 0 and (self.ids[positions] == chunk_ids)
        return np.where(found, self.days[positions] if len(self.ids) else 0, UNDATED).astype(np.int32)

    def aligned(self, chunk_ids: np.ndarray) -> np.ndarray:
        """`at(chunk_ids)` for an array that lives as long as the snapshot (a lexical channel's ids), cached."""
        key = id(chunk_ids)
        if key not in self._aligned:
            self._aligned[key] = self.at(chunk_ids)
        return self._aligned[key]

    def within(self, start: date | None, end: date | None) -> np.ndarray:
        """Boolean mask over `ids`: dated chunks from `start` to `end` (open sides unbounded)."""
        return in_days(self.days, start, end)

    def span(self) -> tuple[date, date] | None:
        """The first and last publication day in the index (None when nothing is dated)."""
        dated = self.days[self.days != UNDATED]
        if not len(dated):
            return None
        return date.fromordinal(int(dated.min())), date.fromordinal(int(dated.max()))


def in_days(days: np.ndarray, start: date | None, end: date | None) -> np.ndarray:
    mask = days != UNDATED
    if start is not None:
        mask &= days >= start.toordinal()
    if end is not None:
        mask &= days <= end.toordinal()
    return mask


def _day_number(stamp: str | None) -> int:
    if not stamp or len(stamp) < 10:
        return UNDATED
    try:
        return date.fromisoformat(stamp[:10]).toordinal()
    except ValueError:
        return UNDATED
