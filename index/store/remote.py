"""A reader that serves an index from Milvus alone: no index folder, any machine, any number of them.

`RemoteSnapshot` is a `Snapshot` (index/store/reader.py) built from what the writer published
(index/store/published.py): the catalog names the commit; its live segments' search files
(chunk ids, hubness, days, BM25 postings) are read from Milvus once per process and kept,
as the local reader keeps segment files; the dense search runs in Milvus on those segments'
vector rows, minus the commit's tombstones; chunks and articles are looked up per question.
So search, fusion, answers and citations run the same code on the same numbers as on the
writer's folder. A new commit is seen at the next question (`is_current` reads the catalog).

Answer-sentence vectors are the writer's (published with `direct` or `pooled`), or embedded
at the question for a lazy index (the default), as the folder's reader does. Milvus Lite
serves one process per file: several readers on several machines need a Milvus server
(deploy/MILVUS.md).
"""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, cast

import numpy as np

from index.embed.bulk import SENTENCE_MODES, SentenceMode
from index.embed.embedder import Embedder
from index.errors import FrontlineError, IndexCorruptError
from index.ingest.articles import Article
from index.store import db
from index.store.folder import IndexDir, Manifest
from index.store.lexical import ANALYZERS, Postings
from index.store.milvus_layout import (
    DAYS,
    literal,
    published_commit,
    query_all,
    query_keys,
    read_catalog,
    read_file,
    strings,
)
from index.store.reader import (
    TAIL_SEGMENT,
    ChunkDates,
    Searched,
    SegmentCache,
    Snapshot,
    embed_missing,
    recent_vectors,
)
from index.store.remote_lexical import RemoteChannel, length_file, skeleton
from index.store.segment import Segment
from index.store.sentences import FILES as SENTENCE_FILES
from index.store.sentences import SentenceVectors
from index.store.vectors.milvus import _COLLECTION, _KEY, Connection, MilvusStore

_CACHED_ROWS = 50_000  # chunk rows a reader keeps, and article rows a snapshot keeps, between questions
_CACHED_SENTENCES = 20_000  # published sentence vectors a reader keeps (30 MB at 384 dimensions)


@dataclass(frozen=True)
class RemoteIndex:
    """Where a published index is: the Milvus connection and the name it is published under."""

    conn: Connection
    name: str
    lexical: str = "load"  # "query": each question reads its terms' postings (index/store/remote_lexical.py)


@dataclass(frozen=True)
class _SegmentRow:
    name: str
    key: str
    chunks: int
    created_in: int
    files: dict[str, int]


class RowCache:
    """Rows read from Milvus, the `limit` most recently used, by key; safe across threads."""

    def __init__(self, limit: int = _CACHED_ROWS) -> None:
        self._rows: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def get(self, keys: Sequence[Any]) -> dict:
        with self._lock:
            found = {}
            for key in keys:
                row = self._rows.get(key)
                if row is not None:
                    self._rows.move_to_end(key)
                    found[key] = row
            return found

    def keep(self, rows: dict) -> None:
        with self._lock:
            self._rows.update(rows)
            while len(self._rows) > self._limit:
                self._rows.popitem(last=False)


class RemoteSegments(SegmentCache):
    """Segments this process read from Milvus, by collection and name (immutable: shared by snapshots).

    Also the chunk rows its snapshots looked up, by collection and chunk id: a chunk's row never
    changes (an edited article gets new chunks), so a new commit finds them warm; and the published
    sentence vectors its questions read, by collection and content key (never changed either).
    """

    def __init__(self, lexical: str = "load") -> None:
        super().__init__()
        self.lexical = lexical
        self._rows: dict[tuple[str, str], tuple[Connection, int, _SegmentRow]] = {}
        self.days: dict[tuple[str, str], np.ndarray] = {}
        self.chunk_rows = RowCache()
        self.sentence_rows = RowCache(_CACHED_SENTENCES)
        # The last commit's tombstones (space, commit, dead chunk ids): the next commit of that space
        # reads only the tombstones it added (`dead_at`).
        self._dead: tuple[str, int, np.ndarray] | None = None

    def expect(self, conn: Connection, space: str, dim: int, rows: Sequence[_SegmentRow]) -> None:
        for row in rows:
            self._rows[(space, row.name)] = (conn, dim, row)

    def segment(self, folder: Path, name: str) -> Segment:
        key = (str(folder), name)
        with self._lock:
            found = self._segments.get(key)
        if found is None:
            conn, dim, row = self._rows[key]
            found, days = _load_segment(conn, str(folder), dim, row, self.lexical)
            with self._lock:
                self._segments[key] = found
                self.days[key] = days
        return found

    def dead_at(self, conn: Connection, space: str, commit: int) -> np.ndarray:
        """The ids of the chunks removed at or before `commit`, ascending.

        A tombstone never changes once its commit is published (the catalog row goes last, and a
        chunk id is never reused), so a later commit of the same space reads only the rows removed
        since the last one read and adds them; another space, or an older commit, reads them all.
        """
        with self._lock:
            held = self._dead
        since = held[1] if held is not None and held[0] == space and held[1] <= commit else 0
        if held is not None and since == commit:
            return held[2]
        where = f"removed_in > {since} and removed_in <= {commit}"
        rows = query_all(conn, space + "_chunks", where, ["chunk_id"])
        fresh = np.fromiter((int(r["chunk_id"]) for r in rows), np.int64)
        dead = np.union1d(held[2], fresh) if since and held is not None else np.unique(fresh)
        return dead

    def keep_dead(self, space: str, commit: int, dead: np.ndarray, live: np.ndarray) -> None:
        """Keep a commit's tombstones for the next one: those of chunks still in a live segment.

        A purged chunk's id is in no later segment (merges keep live chunks, writes take new ids).
        """
        with self._lock:
            self._dead = (space, commit, dead[np.isin(dead, live)])

    def forget(self, keep: set[tuple[str, str]]) -> int:
        gone = super().forget(keep)
        with self._lock:
            for key in [k for k in self.days if k not in keep]:
                del self.days[key]
                self._rows.pop(key, None)
        return gone


def _load_segment(
    conn: Connection, space: str, dim: int, row: _SegmentRow, lexical: str = "load"
) -> tuple[Segment, np.ndarray]:
    """A published segment: its search files read from Milvus (in `query` mode, its postings left there)."""
    channels = [f"{name}.npz" for name in ANALYZERS] if lexical == "load" else [length_file(n) for n in ANALYZERS]
    needed = ["chunk_ids.npy", "hubness.npy", DAYS, *channels]
    if not set(needed) <= set(row.files):
        reason = "files missing in Milvus" if lexical == "load" else "published without term rows: publish it again"
        raise IndexCorruptError("index_corrupt", path=space, generation=row.name, reason=reason)
    wanted = [*needed, *(file for file in SENTENCE_FILES if file in row.files)]
    pieces: dict[str, dict[int, str]] = {}
    where = f"segment == {literal(row.name)} and file in {strings(wanted)}"
    for part in query_all(conn, space + "_files", where, ["file", "part", "data"], 16):
        pieces.setdefault(part["file"], {})[int(part["part"])] = part["data"]
    data: dict[str, io.BytesIO] = {}
    for file in wanted:
        got = read_file(({"part": n, "data": d} for n, d in pieces.get(file, {}).items()), row.files[file])
        if got is None:  # a writer more than KEEP_COMMITS commits behind in publishing swept it
            raise IndexCorruptError(
                "index_corrupt", path=space, generation=row.name, reason=f"{file} is incomplete in Milvus"
            )
        data[file] = io.BytesIO(got)
    ids = np.load(data["chunk_ids.npy"], allow_pickle=False)
    hubness = np.load(data["hubness.npy"], allow_pickle=False)
    days = np.load(data[DAYS], allow_pickle=False)
    if lexical == "load":
        postings = {name: Postings.load(cast(Path, data[f"{name}.npz"])) for name in ANALYZERS}
    else:
        postings = {name: skeleton(name, ids, np.load(data[length_file(name)])) for name in ANALYZERS}
    store = MilvusStore(dim, space, conn=conn, keys=(row.key,), count=row.chunks)
    if not (len(ids) == len(hubness) == len(days) == row.chunks):
        raise IndexCorruptError("index_corrupt", path=space, generation=row.name, reason="parts of other sizes")
    sentences = SentenceVectors.from_files({file: data[file].getvalue() for file in SENTENCE_FILES if file in data})
    return Segment(row.name, ids, store, postings, hubness, sentences=sentences), days


@dataclass
class RemoteSnapshot(Snapshot):
    """A published commit, read from Milvus (see the module's docstring)."""

    source: RemoteIndex | None = None
    space: str = ""
    mode: SentenceMode = "lazy"
    # Article rows as this commit shows them (which row of an id is live changes with commits), and
    # the chunk rows of every commit this process read (RemoteSegments.chunk_rows).
    _articles: RowCache = field(default_factory=RowCache, repr=False)
    _chunks: RowCache = field(default_factory=RowCache, repr=False)
    _sentence_vectors: RowCache = field(default_factory=lambda: RowCache(_CACHED_SENTENCES), repr=False)
    _unpublished: set[str] = field(default_factory=set, repr=False)  # sentence keys this commit has no vector of
    # What `list_articles` filters, read once per commit: (row_id, date, casefolded title, id, publisher, source)
    # of every live article, newest first.
    _listing: list[tuple[int, str, str, str, str, str]] | None = field(default=None, repr=False)
    _listing_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open_remote(cls, source: RemoteIndex, cache: RemoteSegments | None = None) -> RemoteSnapshot:
        """The commit the catalog names now; `cache` (kept by a long-lived reader) saves loading segments again.

        What Milvus holds is read as the folder's reader reads its files: damage (a manifest, a
        file list or a segment's arrays that do not decode) is `IndexCorruptError`, one line.
        """
        try:
            return cls._read(source, cache or RemoteSegments())
        except FrontlineError:  # damage already named, or Milvus unreachable
            raise
        except Exception as exc:  # json, numpy and dataclasses each fail in their own way
            detail = str(exc).splitlines()[0] if str(exc) else "no detail"
            raise IndexCorruptError(
                "index_corrupt", path=source.name, generation="milvus", reason=f"{exc.__class__.__name__}: {detail}"
            ) from exc

    @classmethod
    def _read(cls, source: RemoteIndex, cache: RemoteSegments) -> RemoteSnapshot:
        catalog = read_catalog(source.conn, source.name)
        if catalog is None:
            raise FrontlineError("remote_index_missing", name=source.name, uri=source.conn.label())
        space, commit = str(catalog["space"]), int(catalog["commit"])
        if not _COLLECTION.fullmatch(space):  # it names collections and goes into expressions: Frontline's own only
            raise IndexCorruptError("index_corrupt", path=source.name, generation=space[:40], reason="not a collection")
        recorded = catalog["manifest"]
        manifest = Manifest(**{f.name: recorded[f.name] for f in fields(Manifest) if f.name in recorded})
        at = f"created_in <= {commit} and (dropped_in == 0 or dropped_in > {commit})"
        rows = sorted(
            (
                _SegmentRow(r["name"], r["key"], int(r["chunks"]), int(r["created_in"]), json.loads(r["files"]))
                for r in query_all(
                    source.conn, space + "_segments", at, ["name", "key", "chunks", "created_in", "files"]
                )
            ),
            key=lambda r: (r.created_in, r.name),
        )
        dead = cache.dead_at(source.conn, space, commit)
        if any(not _KEY.fullmatch(r.key) for r in rows):
            raise IndexCorruptError("index_corrupt", path=source.name, generation=space, reason="a foreign segment key")
        cache.expect(source.conn, space, manifest.dim, rows)
        where = Path(space)
        big = [cache.segment(where, r.name) for r in rows if r.chunks >= TAIL_SEGMENT]
        tail = cache.tail(where, [r.name for r in rows if r.chunks < TAIL_SEGMENT], manifest.dim)
        every = [cache.segment(where, r.name) for r in rows]
        days = [cache.days[(space, r.name)] for r in rows]
        forgotten = cache.forget({(space, r.name) for r in rows})
        query_mode = source.lexical == "query"
        parts = Searched.over(big + ([tail] if tail is not None else []), dead, manifest.dim, channels=not query_mode)
        channels = parts.channels
        if query_mode:
            small = [cache.segment(where, r.name) for r in rows if r.chunks < TAIL_SEGMENT]
            members = [[segment] for segment in big] + ([small] if tail is not None else [])
            channels = {
                name: RemoteChannel.over_units(name, parts.units, members, source.conn, space) for name in ANALYZERS
            }
        date_ids = np.concatenate([s.chunk_ids for s in every]) if every else np.zeros(0, np.int64)
        date_days = np.concatenate(days) if days else np.zeros(0, np.int32)
        alive = ~np.isin(date_ids, dead)
        cache.keep_dead(space, commit, dead, date_ids)
        by_id = np.argsort(date_ids[alive], kind="stable")
        mode = str(recorded.get("sentence_mode", "lazy"))
        return cls(
            where,
            manifest,
            sqlite3.connect(":memory:", check_same_thread=False),  # no SQLite here: every look-up is overridden
            parts.vectors,
            channels,
            parts.hubness,
            commit,
            merged_away=forgotten,
            _dates=ChunkDates(date_ids[alive][by_id], date_days[alive][by_id].astype(np.int32)),
            source=source,
            space=space,
            mode=cast(SentenceMode, mode if mode in SENTENCE_MODES else "lazy"),
            sentences=parts.sentences,
            _chunks=cache.chunk_rows,
            _sentence_vectors=cache.sentence_rows,
        )

    # -- the commit -------------------------------------------------------------------------
    def is_current(self, index_dir: IndexDir | None = None) -> bool:
        """Whether the catalog still names this snapshot's commit (`index_dir` is not read)."""
        return published_commit(self._source.conn, self._source.name) == (self.space, self.commit)

    @property
    def generation(self) -> str:
        return f"{self.space}@{self.commit}"

    def sentence_mode(self) -> SentenceMode:
        return self.mode

    def sentence_encoder(self, embedder: Embedder) -> RemoteSentences:  # type: ignore[override]
        return RemoteSentences(self, embedder)

    @property
    def _source(self) -> RemoteIndex:
        assert self.source is not None
        return self.source

    def _visible(self) -> str:
        return f"added_in <= {self.commit} and (removed_in == 0 or removed_in > {self.commit})"

    def _is_visible(self, row: dict) -> bool:
        removed = int(row["removed_in"])
        return int(row["added_in"]) <= self.commit and (removed == 0 or removed > self.commit)

    # -- chunks -------------------------------------------------------------------------------
    def _chunk_rows(self, chunk_ids: Sequence[int]) -> dict[int, dict]:
        wanted = list(dict.fromkeys(int(i) for i in chunk_ids))
        found = {i: row for (_, i), row in self._chunks.get([(self.space, i) for i in wanted]).items()}
        missing = [i for i in wanted if i not in found]
        for start in range(0, len(missing), 500):
            batch = missing[start : start + 500]
            fresh = {
                int(r["chunk_id"]): dict(r)
                for r in query_keys(
                    self._source.conn,
                    self.space + "_chunks",
                    "chunk_id",
                    batch,
                    ["chunk_id", "article_id", "ord", "start", "end", "text", "lang"],
                )
            }
            self._chunks.keep({(self.space, i): row for i, row in fresh.items()})
            found.update(fresh)
        return found

    def chunks_by_id(self, chunk_ids: Sequence[int]) -> dict[int, db.StoredChunk]:
        return {
            i: db.StoredChunk(i, r["article_id"], int(r["ord"]), int(r["start"]), int(r["end"]), r["text"])
            for i, r in self._chunk_rows(chunk_ids).items()
        }

    def chunk_languages(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        return {i: r["lang"] or "" for i, r in self._chunk_rows(chunk_ids).items()}

    # -- articles -----------------------------------------------------------------------------
    _ARTICLE = [
        "row_id", "id", "title", "published_at", "publisher", "source", "url", "lang", "editor", "caption",
        "related", "text", "more", "indexed_at", "story", "chunks", "added_in", "removed_in",
    ]  # fmt: skip

    def _article_rows(self, expression: str) -> list[dict]:
        return [dict(r) for r in query_all(self._source.conn, self.space + "_articles", expression, self._ARTICLE)]

    def _by_id(self, article_ids: Sequence[str]) -> dict[str, dict]:
        """Each id's row: the one live at this commit, else the latest removed (as db.articles_by_id chooses)."""
        wanted = list(dict.fromkeys(article_ids))
        found = self._articles.get(wanted)
        missing = [i for i in wanted if i not in found]
        fresh: dict[str, dict] = {}
        for start in range(0, len(missing), 500):
            for row in self._article_rows(f"id in {strings(missing[start : start + 500])}"):
                rank = (self._is_visible(row), int(row["removed_in"]))
                held = fresh.get(row["id"])
                if held is None or rank > (self._is_visible(held), int(held["removed_in"])):
                    fresh[row["id"]] = row
        self._articles.keep(fresh)
        found.update(fresh)
        return found

    def _article(self, row: dict) -> Article:
        text = row["text"]
        if int(row["more"]):
            pieces = {
                int(p["part"]): p["data"]
                for p in query_all(
                    self._source.conn, self.space + "_texts", f"article_row == {int(row['row_id'])}", ["part", "data"]
                )
            }
            text += "".join(pieces[n] for n in sorted(pieces))
        return db.article_from_row(row, text)

    def articles_by_id(self, article_ids: Sequence[str]) -> dict[str, Article]:
        return {i: self._article(r) for i, r in self._by_id(article_ids).items()}

    def stories_of(self, article_ids: list[str]) -> dict[str, int]:
        return {
            i: int(r["story"]) if int(r["story"]) >= 0 else int(r["row_id"])
            for i, r in self._by_id(article_ids).items()
        }

    def has_article(self, article_id: str) -> bool:
        return bool(self._article_rows(f"id == {literal(article_id)} and {self._visible()}"))

    def article_id_at(self, row_id: int) -> str | None:
        rows = self._article_rows(f"row_id == {int(row_id)}")
        return str(rows[0]["id"]) if rows else None

    def get_article(self, article_id: str) -> db.ArticleInfo | None:
        rows = self._article_rows(f"id == {literal(article_id)} and {self._visible()}")
        if not rows:
            return None
        row = rows[0]
        copies: list[dict] = []
        if int(row["story"]) >= 0:
            same = f"story == {int(row['story'])} and row_id != {int(row['row_id'])} and {self._visible()}"
            copies = sorted(self._article_rows(same), key=lambda r: int(r["row_id"]))[:50]
        return db.ArticleInfo(
            self._article(row),
            int(row["chunks"]),
            row["indexed_at"],
            int(row["row_id"]),
            tuple(self._article(r) for r in copies),
        )

    def _listed(self) -> list[tuple[int, str, str, str, str, str]]:
        """The commit's live articles as `list_articles` filters them: one scan of the brief fields, kept."""
        with self._listing_lock:
            if self._listing is None:
                brief = ["row_id", "id", "title", "publisher", "source", "published_at", "date"]
                rows = list(query_all(self._source.conn, self.space + "_articles", self._visible(), brief))
                rows.sort(key=lambda r: r["id"])
                rows.sort(key=lambda r: r["published_at"], reverse=True)
                rows.sort(key=lambda r: not r["published_at"])  # undated last (stable: newest first, then by id)
                self._listing = [
                    (int(r["row_id"]), r["date"], *(r[f].casefold() for f in ("title", "id", "publisher", "source")))
                    for r in rows
                ]
            return self._listing

    def list_articles(self, **filters: str | int) -> list[db.ArticleInfo]:
        """`db.list_articles` over Milvus: the commit's articles listed once (`_listed`) and filtered here.

        Words match casefolded, anywhere; only the page's rows are read whole (by key).
        """
        query, publisher = str(filters.get("query", "")).casefold(), str(filters.get("publisher", "")).casefold()
        date_from, date_to = str(filters.get("date_from") or ""), str(filters.get("date_to") or "")
        rows = self._listed()
        if date_from:
            rows = [r for r in rows if r[1] and r[1] >= date_from]
        if date_to:
            rows = [r for r in rows if r[1] and r[1] <= date_to]
        if query:
            rows = [r for r in rows if any(query in text for text in r[2:])]
        if publisher:
            rows = [r for r in rows if publisher in r[4] or publisher in r[5]]
        offset, limit = int(filters.get("offset", 0)), int(filters.get("limit", 50))
        page = [r[0] for r in rows[offset : offset + limit]]
        if not page:
            return []
        found = query_keys(self._source.conn, self.space + "_articles", "row_id", page, self._ARTICLE)
        full = {int(r["row_id"]): dict(r) for r in found}
        return [
            db.ArticleInfo(self._article(full[i]), int(full[i]["chunks"]), full[i]["indexed_at"], i)
            for i in page
            if i in full
        ]


class RemoteSentences:
    """`encode_passages` for answer sentences: the vectors the writer published, then recent ones, then the model.

    As `reader.StoredSentences` does with the folder's store: an index written with `direct`
    or `pooled` sentence vectors published them (`<space>_sentences`), so the reader's answers
    use the writer's vectors; a lazy one published none, and the cited sentences are embedded.
    """

    def __init__(self, snapshot: RemoteSnapshot, embedder: Embedder) -> None:
        self._snapshot = snapshot
        self._embedder = embedder
        self._recent = recent_vectors(embedder)

    def _published(self, keys: list[str]) -> dict[str, np.ndarray]:
        snapshot = self._snapshot
        if snapshot.mode == "lazy" or not keys:
            return {}
        kept = snapshot._sentence_vectors
        found = {k: v for (_, k), v in kept.get([(snapshot.space, k) for k in keys]).items()}
        missing = [k for k in keys if k not in found and k not in snapshot._unpublished]
        if missing:
            rows = query_keys(snapshot._source.conn, snapshot.space + "_sentences", "key", missing, ["key", "vector"])
            fresh = {r["key"]: np.asarray(r["vector"], np.float32) for r in rows}
            kept.keep({(snapshot.space, k): v for k, v in fresh.items()})
            found.update(fresh)
            if len(snapshot._unpublished) > _CACHED_SENTENCES:
                snapshot._unpublished.clear()
            snapshot._unpublished.update(k for k in missing if k not in fresh)  # a later commit may publish them
        return found

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [db.sentence_key(t) for t in texts]
        found = self._published(sorted(set(keys)))  # none for a lazy index
        found.update(self._recent.get([k for k in keys if k not in found]))
        return embed_missing(texts, keys, found, self._embedder, self._recent)
