"""The Milvus vector store: a segment's chunk vectors as rows of one Milvus collection per index.

    collection frontline_<token>     one per generation of an index (its name is in its SQLite meta)
        pk        VARCHAR  "<segment key>:<chunk id>"  (primary key)
        segment   VARCHAR  the segment's key, a random token written in its pointer file
        chunk_id  INT64    the chunk's SQLite row id
        vector    FLOAT_VECTOR, inner product (the vectors are normalised: cosine)

A segment folder holds only `vectors.milvus.json` (the pointer: collection, key, count,
where it was written). Rows are written once, by `save`, under a key no other segment
has, so a merge writes its segment's rows anew beside its sources' rows and a reader
still on the old commit keeps finding those; the rows of a segment go when its folder
is collected (`release`), and a generation's collection when the generation's folder is
(a rebuilt index, or a rebuild that failed). The pointer is written before the rows, so a crash in between
leaves a folder that names the rows it may have written.

Where Milvus is: `configure(uri, token, db)` (FRONTLINE_MILVUS_URI, …); a file path is
Milvus Lite (embedded, one process at a time), `http(s)://host:19530` a server or
cluster. Without a configured URI, the place a pointer (or the index's meta) records is
used only when it is a Milvus Lite file inside the index folder (the default,
DIR/milvus.db): those files are text anyone who can write the folder can plant, and must
not aim a reader at another server or file. Anything else is refused in one line naming
FRONTLINE_MILVUS_URI. An unreachable Milvus is a `FrontlineError("vector_store_unreachable")`,
one line, never a traceback.

A reader's segments of one collection are searched in one round trip
(`search_units`: a filter on their keys). Removed chunks: the writer deletes their rows
(`prune`, by chunk id) once no reader within `KEEP_COMMITS` commits needs them, so a
question's cost follows the live rows, not every removal ever made. Until then readers
drop them by their tombstones: a search asks for at most `OVERFETCH` more hits than it
needs, drops the removed ones, and asks again for more only when too few remain. A
segment's pointer keeps the number of chunks it was written with; its rows in Milvus
are that many less the pruned ones.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from index.errors import FrontlineError
from index.store.vectors.base import VectorStore

FILE = "vectors.milvus.json"
_BATCH = 2_000  # rows per insert, ids per query
MAX_TOPK = 16_384  # Milvus's limit on a search's topk and a query's window
# Extra hits a search asks for, for removed chunks whose rows are not pruned yet (the last
# KEEP_COMMITS commits' removals); a search that finds too few live ones asks again for more.
OVERFETCH = 32
# The vector index a new collection gets: (build parameters, search parameters); a collection
# keeps the type it was made with. IVF_FLAT with every one of its 128 lists searched is exact
# search through faiss: chosen with `python -m bench.milvus --index-types ... --eval data/eval`
# (figures in bench/milvus_results.json and the README) for the lowest search p50 on Milvus
# Lite at 100k and, on the evaluation sets, every question's 100 dense candidates as FAISS
# ranks them (AUTOINDEX, HNSW in Lite, changed most of them and the dense R@5). Milvus Lite
# builds 128 lists whatever nlist says; a server builds what it says, so both search alike.
# For tens of millions of chunks a server wants more lists and fewer probed (deploy/MILVUS.md).
VECTOR_INDEXES: dict[str, tuple[dict[str, int], dict[str, int]]] = {
    "FLAT": ({}, {}),
    "IVF_FLAT": ({"nlist": 128}, {"nprobe": 128}),
    "HNSW": ({"M": 16, "efConstruction": 200}, {"ef": 128}),  # ef is raised to the search's limit
    "AUTOINDEX": ({}, {}),
}
VECTOR_INDEX = "IVF_FLAT"


@dataclass(frozen=True)
class Connection:
    uri: str
    token: str = field(default="", repr=False)  # never in a repr, a log line or a traceback
    db: str = ""

    def label(self) -> str:
        """The URI without credentials, for messages."""
        uri = self.uri
        if "@" in uri and "://" in uri:
            scheme, rest = uri.split("://", 1)
            uri = f"{scheme}://{rest.split('@', 1)[1]}"
        return uri


_configured: Connection | None = None
_recorded: Connection | None = None  # where the index being written says it keeps its vectors
_clients: dict[Connection, Any] = {}
_loaded: dict[tuple[Connection, str], str] = {}  # collections this process has loaded for search: their index type
_lock = threading.Lock()


def configure(uri: str = "", token: str = "", db: str = "") -> None:
    """Where Milvus is for this process; an empty URI: where each segment's pointer says."""
    global _configured
    _configured = Connection(_normal_uri(uri), token, db) if uri else None


def configured() -> Connection | None:
    """Where `configure` said Milvus is for this process (None: nowhere said)."""
    return _configured


def _normal_uri(uri: str) -> str:
    if "://" in uri:
        return uri
    return str(Path(uri).expanduser().resolve())  # Milvus Lite: a file, named the same from any working folder


_WORK = re.compile(r"gen-\d{6,12}|\.tmp-[0-9a-f]{16}")  # a generation, or a folder being written


def _index_root(near: Path) -> Path | None:
    """The index folder holding `near` (a segment or generation folder, or a file in one), if any."""
    for folder in (near, *near.parents):
        if _WORK.fullmatch(folder.name):
            return folder.parent
    return None


def recorded_connection(uri: str, db: str, near: Path) -> Connection | None:
    """Where a pointer or the meta at `near` says the vectors are, if this process may go there unasked.

    The configured Milvus, when there is one; else only a Milvus Lite file inside the index
    folder (resolved, so a link out of it does not count); else None.
    """
    if _configured is not None:
        return _configured
    root = _index_root(near)
    if root is None or not uri or "://" in uri or not Path(uri).is_absolute():
        return None
    path = Path(uri).resolve()
    if not path.is_relative_to(root.resolve()) or path.suffix != ".db":
        return None
    return Connection(str(path), "", db)


def _unconfigured() -> FrontlineError:
    return FrontlineError("vector_store_unconfigured", backend="milvus", setting="FRONTLINE_MILVUS_URI")


def _unreachable(conn: Connection, exc: BaseException) -> FrontlineError:
    reason = str(getattr(exc, "message", "") or exc).splitlines()[0][:160] if str(exc) else exc.__class__.__name__
    return FrontlineError("vector_store_unreachable", backend="milvus", uri=conn.label(), reason=reason)


@contextmanager
def _calls(conn: Connection) -> Iterator[None]:
    """Milvus, gRPC and socket errors become one `vector_store_unreachable` error."""
    try:
        yield
    except FrontlineError:
        raise
    except Exception as exc:  # pymilvus raises MilvusException, gRPC and OS errors by turns
        raise _unreachable(conn, exc) from exc


def client(conn: Connection) -> Any:
    """One MilvusClient per connection and process (Milvus Lite allows one process per file)."""
    with _lock:
        found = _clients.get(conn)
        if found is None:
            with _calls(conn):
                import logging
                import os

                # gRPC's own log lines (fork notes, keepalive GOAWAYs) would reach stderr; errors are raised and worded.
                os.environ.setdefault("GRPC_VERBOSITY", "NONE")
                os.environ.setdefault("GRPC_ENABLE_FORK_SUPPORT", "false")
                from pymilvus import MilvusClient

                # pymilvus logs each failed call with its traceback; the caller words the error once.
                logging.getLogger("pymilvus").setLevel(logging.CRITICAL)
                if "://" not in conn.uri:
                    Path(conn.uri).parent.mkdir(parents=True, exist_ok=True)
                options: dict[str, Any] = {"uri": conn.uri}
                if conn.token:
                    options["token"] = conn.token
                if conn.db:
                    options["db_name"] = conn.db
                found = MilvusClient(**options)
            _clients[conn] = found
        return found


def close_clients() -> None:
    """Close every client this process opened, and stop its Milvus Lite servers so their files are free.

    pymilvus leaves a Milvus Lite server (a thread holding the file's lock) running until the
    process exits, closed clients or not: another process could not open the file before.
    """
    with _lock:
        for conn, found in _clients.items():
            try:
                found.close()
                if "://" not in conn.uri:
                    from milvus_lite.server_manager import server_manager_instance

                    server_manager_instance.release_server(conn.uri)
            except Exception:  # noqa: BLE001, S110 - closing is best effort
                pass
        _clients.clear()
        _loaded.clear()


def collection(conn: Connection, name: str) -> Any:
    """The client, with collection `name` loaded for search (a new process finds it released)."""
    milvus = client(conn)
    if (conn, name) not in _loaded:
        with _calls(conn):
            # Loaded already (by another process, or by an operator with replicas): leave it as it is.
            if "NotLoad" in str(milvus.get_load_state(name).get("state", "")):
                milvus.load_collection(name)
            kind = str(milvus.describe_index(name, "vector").get("index_type", ""))
        with _lock:
            _loaded[(conn, name)] = kind
    return milvus


def search_params(conn: Connection, name: str, limit: int) -> dict[str, Any]:
    """What a search of collection `name` (loaded) passes for its vector index type."""
    params = dict(VECTOR_INDEXES.get(_loaded.get((conn, name), ""), ({}, {}))[1])
    if "ef" in params:
        params["ef"] = max(params["ef"], limit)  # HNSW: ef must be at least the number of hits asked
    return {"metric_type": "IP", "params": params} if params else {"metric_type": "IP"}


def ensure_collection(conn: Connection, name: str, dim: int) -> None:
    milvus = client(conn)
    with _calls(conn):
        if milvus.has_collection(name):
            return
        from pymilvus import DataType, MilvusClient

        schema = MilvusClient.create_schema(auto_id=False)
        schema.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=64)
        schema.add_field("segment", DataType.VARCHAR, max_length=40)
        schema.add_field("chunk_id", DataType.INT64)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
        indexes = milvus.prepare_index_params()
        build = VECTOR_INDEXES[VECTOR_INDEX][0]
        indexes.add_index("vector", index_type=VECTOR_INDEX, metric_type="IP", params=dict(build))
        indexes.add_index("segment", index_type="INVERTED")  # STL_SORT is refused by Milvus Lite
        indexes.add_index("chunk_id", index_type="INVERTED")
        milvus.create_collection(name, schema=schema, index_params=indexes, consistency_level="Strong")


def new_collection_name() -> str:
    return f"frontline_{secrets.token_hex(6)}"


_KEY = re.compile(r"[0-9a-f]{24}")
_COLLECTION = re.compile(r"frontline_[0-9a-f]{12}")


def read_pointer(path: Path) -> dict:
    """A segment's pointer file, checked: its key and collection go into Milvus expressions and deletes.

    A planted or damaged pointer (a key like `x" or chunk_id >= 0 or segment == "`) must not
    become a filter that matches other segments' rows; it is refused with ValueError.
    """
    pointer = json.loads(path.read_text())
    if not isinstance(pointer, dict):
        raise ValueError(f"{path.name}: not a segment pointer")
    if not _KEY.fullmatch(str(pointer.get("key", ""))) or not _COLLECTION.fullmatch(str(pointer.get("collection", ""))):
        raise ValueError(f"{path.name}: a segment key or collection name Frontline never writes")
    return pointer


def _generation_meta(folder: Path) -> dict[str, str]:
    """The meta of the generation in `folder` (its SQLite store, read only), or {} for any other folder."""
    store = folder / "index.sqlite"
    if not _WORK.fullmatch(folder.name) or store.is_symlink() or not store.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def _keys_filter(keys: Sequence[str]) -> str:
    if len(keys) == 1:
        return f'segment == "{keys[0]}"'
    return "segment in [" + ", ".join(f'"{k}"' for k in keys) + "]"


def _ids_list(ids: np.ndarray) -> str:
    return "[" + ", ".join(str(int(i)) for i in ids) + "]"


class MilvusStore(VectorStore):
    """A segment's vectors in Milvus (after `save` or `load`), or in memory (built, not yet saved)."""

    backend: ClassVar[str] = "milvus"
    FILE = FILE

    def __init__(
        self,
        dim: int,
        collection: str,
        *,
        conn: Connection | None = None,
        keys: tuple[str, ...] = (),
        count: int = 0,
        ids: np.ndarray | None = None,
        vectors: np.ndarray | None = None,
    ) -> None:
        self._dim = dim
        self.collection = collection
        self.conn = conn
        self.keys = keys  # the segment keys whose rows this store is (several: a reader's tail)
        self._count = count
        self._ids = ids  # in memory until saved
        self._vectors = vectors

    # -- the interface ---------------------------------------------------------------
    @classmethod
    def configure(cls, **options: str) -> None:
        configure(**options)

    @classmethod
    def empty(cls, dim: int) -> MilvusStore:
        return cls(dim, "", ids=np.zeros(0, np.int64), vectors=np.zeros((0, dim), np.float32))

    @classmethod
    def from_arrays(cls, dim: int, ids: np.ndarray, vectors: np.ndarray, *, space: str = "") -> MilvusStore:
        """A store to be written into collection `space` by `save` (held in memory until then)."""
        order = np.argsort(np.asarray(ids, np.int64), kind="stable")
        return cls(
            dim,
            space,
            ids=np.asarray(ids, np.int64)[order],
            vectors=np.ascontiguousarray(np.asarray(vectors, np.float32)[order]).reshape(-1, dim),
        )

    @classmethod
    def load(cls, folder: Path) -> MilvusStore:
        pointer = read_pointer(folder / FILE)
        conn = recorded_connection(str(pointer.get("uri", "")), str(pointer.get("db", "")), folder)
        if conn is None:
            raise _unconfigured()
        store = cls(int(pointer["dim"]), pointer["collection"], conn=conn, keys=(pointer["key"],))
        store._count = int(pointer["count"])  # its chunks; the rows of removed ones may be pruned already
        if store._count_rows() > store._count:
            raise ValueError(f"{FILE}: Milvus holds more rows under the segment's key than it was written with")
        return store

    def save(self, folder: Path) -> None:
        """Write the pointer, then the rows (a store already in Milvus writes its pointer only)."""
        if self._ids is None:
            self._write_pointer(folder)
            return
        if not self.collection:
            raise ValueError("a Milvus store needs its index's collection name (space) to be saved")
        conn = _configured or _recorded
        if conn is None:
            raise _unconfigured()
        ensure_collection(conn, self.collection, self._dim)
        self.conn, self.keys = conn, (secrets.token_hex(12),)
        self._write_pointer(folder)
        assert self._vectors is not None
        key = self.keys[0]
        milvus = client(conn)
        with _calls(conn):
            for start in range(0, len(self._ids), _BATCH):
                ids = self._ids[start : start + _BATCH]
                rows = [
                    {"pk": f"{key}:{int(i)}", "segment": key, "chunk_id": int(i), "vector": v}
                    for i, v in zip(ids.tolist(), self._vectors[start : start + _BATCH].tolist(), strict=True)
                ]
                milvus.insert(self.collection, rows)
            # Sealed and indexed now: Milvus Lite searches rows still growing ~10x slower (1 s at 20k).
            milvus.flush(self.collection)
        self._count = len(self._ids)
        self._ids = self._vectors = None  # searched in Milvus from now on

    def _write_pointer(self, folder: Path) -> None:
        assert self.conn is not None and len(self.keys) == 1
        pointer = {
            "collection": self.collection,
            "key": self.keys[0],
            "dim": self._dim,
            "count": len(self),
            "uri": self.conn.label(),  # never the token, nor a user:password in the URI
            "db": self.conn.db,
        }
        (folder / FILE).write_text(json.dumps(pointer))

    @classmethod
    def release(cls, folder: Path) -> None:
        """Delete what `folder` (being removed) holds in Milvus.

        A generation (an old one, or a rebuild that failed) takes its collection with it:
        each generation has its own. A segment folder takes the rows of its pointer.
        """
        if cls._drop_generation(folder):
            return
        for path in folder.rglob(FILE):
            try:
                pointer = read_pointer(path)
            except (OSError, ValueError):
                continue  # damaged or planted: its rows, if any, are not ours to delete by its word
            conn = recorded_connection(str(pointer.get("uri", "")), str(pointer.get("db", "")), path)
            if conn is None:
                continue  # written elsewhere and nothing configured: not to be reached on a file's word
            milvus = client(conn)
            with _calls(conn):
                if milvus.has_collection(pointer["collection"]):
                    milvus.delete(pointer["collection"], filter=_keys_filter([pointer["key"]]))

    @classmethod
    def _drop_generation(cls, folder: Path) -> bool:
        """Drop the collection of the generation `folder` is, as its meta names it; False if it names none usable.

        The name is checked as a pointer's is, and where Milvus is follows `recorded_connection`.
        """
        meta = _generation_meta(folder)
        if meta.get("vector_backend") != "milvus" or not _COLLECTION.fullmatch(meta.get("vector_space", "")):
            return False
        try:
            location = json.loads(meta.get("vector_location") or "{}")
        except ValueError:
            location = {}
        location = location if isinstance(location, dict) else {}
        conn = recorded_connection(str(location.get("uri", "")), str(location.get("db", "")), folder)
        if conn is None:
            return False
        name = meta["vector_space"]
        milvus = client(conn)
        with _calls(conn):
            if milvus.has_collection(name):
                milvus.drop_collection(name)
        with _lock:
            _loaded.pop((conn, name), None)
        return True

    prunes: ClassVar[bool] = True

    @classmethod
    def prune(cls, space: str, ids: np.ndarray) -> None:
        """Delete the rows of removed chunks `ids` from collection `space`, whatever segment holds them.

        Chunk ids are SQLite AUTOINCREMENT row ids, never reused, and a generation has a
        collection of its own: the rows deleted are those of the removed chunks alone.
        """
        if not _COLLECTION.fullmatch(space):
            raise ValueError("a collection name Frontline never writes")
        conn = _configured or _recorded
        if conn is None:
            raise _unconfigured()
        milvus = client(conn)
        with _calls(conn):
            if not milvus.has_collection(space):
                return
            for start in range(0, len(ids), _BATCH):
                milvus.delete(space, filter=f"chunk_id in {_ids_list(ids[start : start + _BATCH])}")

    @property
    def dim(self) -> int:
        return self._dim

    @property
    def kind(self) -> str:
        return "milvus"

    def __len__(self) -> int:
        return len(self._ids) if self._ids is not None else self._count

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if self._ids is None:
            raise TypeError("a saved Milvus segment is immutable")
        assert self._vectors is not None
        merged_ids = np.concatenate([self._ids, np.asarray(ids, np.int64)])
        merged = np.concatenate([self._vectors, np.asarray(vectors, np.float32).reshape(-1, self._dim)])
        order = np.argsort(merged_ids, kind="stable")
        self._ids, self._vectors = merged_ids[order], merged[order]

    def remove(self, ids: list[int]) -> int:
        if self._ids is None:
            raise TypeError("a saved Milvus segment is immutable")
        assert self._vectors is not None
        keep = ~np.isin(self._ids, np.asarray(ids, np.int64))
        removed = int((~keep).sum())
        self._ids, self._vectors = self._ids[keep], self._vectors[keep]
        return removed

    def ids(self) -> np.ndarray:
        if self._ids is not None:
            return self._ids.copy()
        conn = self._conn()
        found: list[int] = []
        with _calls(conn):
            iterator = collection(conn, self.collection).query_iterator(
                self.collection, batch_size=_BATCH, filter=_keys_filter(self.keys), output_fields=["chunk_id"]
            )
            while True:
                batch = iterator.next()
                if not batch:
                    iterator.close()
                    break
                found += [row["chunk_id"] for row in batch]
        return np.sort(np.asarray(found, np.int64))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if self._ids is not None:
            assert self._vectors is not None
            scores = self._vectors @ np.asarray(query, np.float32).reshape(-1)
            top = np.lexsort((self._ids, -scores))[:k]
            return scores[top].astype(np.float32), self._ids[top]
        return self.search_units([(self, np.zeros(0, np.int64))], query, k)

    def vectors_for(self, ids: np.ndarray) -> np.ndarray:
        ids = np.asarray(ids, np.int64)
        if self._ids is not None:
            assert self._vectors is not None
            return self._vectors[np.searchsorted(self._ids, ids)]
        return self._fetch(self._conn(), self.collection, self.keys, ids)

    @classmethod
    def location(cls) -> str:
        """Where a new index's vectors go (its meta keeps it, never a token): the configured URI and database."""
        if _configured is None:
            return ""
        return json.dumps({"uri": _configured.label(), "db": _configured.db})

    @classmethod
    def locate(cls, location: str, near: Path) -> None:
        """The index being written (generation `near`) keeps its vectors at `location`: used unconfigured.

        Only a Milvus Lite file inside the index folder (`recorded_connection`); else a
        write refuses, naming FRONTLINE_MILVUS_URI.
        """
        global _recorded
        try:
            found = json.loads(location) if location else None
        except ValueError:
            found = None
        if not isinstance(found, dict):
            _recorded = None
            return
        _recorded = recorded_connection(str(found.get("uri", "")), str(found.get("db", "")), near)

    # -- several segments at once ------------------------------------------------------
    @classmethod
    def combined(cls, stores: Sequence[VectorStore]) -> VectorStore | None:
        """One store over the rows of `stores` (a reader's tail), without copying them."""
        saved = [s for s in stores if isinstance(s, MilvusStore) and s._ids is None]
        if len(saved) != len(stores) or len({(s.conn, s.collection, s._dim) for s in saved}) != 1:
            return None
        first = saved[0]
        keys = tuple(k for s in saved for k in s.keys)
        return cls(first._dim, first.collection, conn=first.conn, keys=keys, count=sum(len(s) for s in saved))

    @classmethod
    def search_units(
        cls, units: Sequence[tuple[VectorStore, np.ndarray]], query: np.ndarray, k: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k over every unit's live chunks: one search per collection, filtered to their segment keys."""
        groups: dict[tuple[Connection | None, str], list[tuple[MilvusStore, np.ndarray]]] = {}
        local: list[tuple[VectorStore, np.ndarray]] = []
        for store, dead in units:
            if isinstance(store, MilvusStore) and store._ids is None:
                groups.setdefault((store.conn, store.collection), []).append((store, dead))
            else:
                local.append((store, dead))
        parts = [super().search_units(local, query, k)] if local else []
        vector = np.asarray(query, np.float32).reshape(-1).tolist()
        for (conn, name), members in groups.items():
            assert conn is not None
            keys = [key for store, _ in members for key in store.keys]
            dead = np.unique(np.concatenate([d for _, d in members]))
            total = sum(len(store) for store, _ in members)
            parts.append(cls._search_live(conn, name, _keys_filter(keys), dead, vector, k, total))
        return _best(parts, k)

    @classmethod
    def _search_live(
        cls, conn: Connection, name: str, expression: str, dead: np.ndarray, vector: list[float], k: int, total: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k live hits among the rows `expression` selects; `dead` (ascending): removed chunks to drop.

        Pruned chunks are not in Milvus any more, so asking for `OVERFETCH` more is enough
        unless many unpruned removed chunks rank first; then it asks for four times as
        many, and past Milvus's topk limit it leaves them out in the filter.
        """
        limit = min(k + min(len(dead), OVERFETCH), total, MAX_TOPK)
        while limit > 0:
            scores, ids = cls._search(conn, name, expression, vector, limit)
            full = len(ids) >= limit
            if len(dead):
                keep = ~np.isin(ids, dead)
                scores, ids = scores[keep], ids[keep]
            if len(ids) >= k or not full or limit >= total:
                return scores[:k], ids[:k]
            if limit >= MAX_TOPK:  # more removed chunks in the way than one search returns
                expression += f" and chunk_id not in {_ids_list(dead)}"
                return cls._search(conn, name, expression, vector, min(k, total))
            limit = min(4 * limit, total, MAX_TOPK)
        return np.zeros(0, np.float32), np.zeros(0, np.int64)

    @classmethod
    def _search(
        cls, conn: Connection, name: str, expression: str, vector: list[float], limit: int
    ) -> tuple[np.ndarray, np.ndarray]:
        with _calls(conn):
            milvus = collection(conn, name)
            hits = milvus.search(
                name,
                data=[vector],
                limit=limit,
                filter=expression,
                output_fields=["chunk_id"],
                search_params=search_params(conn, name, limit),
            )[0]
        ids = np.fromiter((h["entity"]["chunk_id"] for h in hits), np.int64, count=len(hits))
        scores = np.fromiter((h["distance"] for h in hits), np.float32, count=len(hits))
        return scores, ids

    @classmethod
    def fetch_units(cls, requests: Sequence[tuple[VectorStore, np.ndarray]]) -> list[np.ndarray]:
        """The vectors of each (store, ids), one query per collection for the stores in Milvus."""
        out: list[np.ndarray | None] = [None] * len(requests)
        groups: dict[tuple[Connection | None, str, int], list[int]] = {}
        for n, (store, ids) in enumerate(requests):
            if isinstance(store, MilvusStore) and store._ids is None:
                groups.setdefault((store.conn, store.collection, store.dim), []).append(n)
            else:
                out[n] = store.vectors_for(ids)
        for (conn, name, dim), members in groups.items():
            assert conn is not None
            keys = [key for n in members for key in requests[n][0].keys]  # type: ignore[attr-defined]
            ids = np.concatenate([np.asarray(requests[n][1], np.int64) for n in members])
            vectors = cls._fetch(conn, name, keys, ids, dim)
            start = 0
            for n in members:
                size = len(requests[n][1])
                out[n] = vectors[start : start + size]
                start += size
        return [v if v is not None else np.zeros((0, 0), np.float32) for v in out]

    # -- Milvus ------------------------------------------------------------------------
    def _conn(self) -> Connection:
        assert self.conn is not None
        return self.conn

    def _count_rows(self) -> int:
        conn = self._conn()
        with _calls(conn):
            rows = collection(conn, self.collection).query(
                self.collection, filter=_keys_filter(self.keys), output_fields=["count(*)"]
            )
        return int(rows[0]["count(*)"]) if rows else 0

    @classmethod
    def _fetch(
        cls, conn: Connection, name: str, keys: Sequence[str], ids: np.ndarray, dim: int | None = None
    ) -> np.ndarray:
        """The vectors of `ids` (each held once among the segments `keys`), in the order asked."""
        wanted = np.unique(ids)
        found: dict[int, list[float]] = {}
        with _calls(conn):
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                rows = collection(conn, name).query(
                    name,
                    filter=f"{_keys_filter(keys)} and chunk_id in {_ids_list(batch)}",
                    output_fields=["chunk_id", "vector"],
                    limit=len(batch),
                )
                found.update((int(row["chunk_id"]), row["vector"]) for row in rows)
        missing = [int(i) for i in wanted if int(i) not in found]
        if missing:
            raise KeyError(f"chunk ids not in Milvus: {missing[:5]}")
        width = dim if dim is not None else (len(next(iter(found.values()))) if found else 0)
        out = np.zeros((len(ids), width), np.float32)
        for row, chunk_id in enumerate(ids.tolist()):
            out[row] = found[chunk_id]
        return out


def _best(parts: list[tuple[np.ndarray, np.ndarray]], k: int) -> tuple[np.ndarray, np.ndarray]:
    if not parts:
        return np.zeros(0, np.float32), np.zeros(0, np.int64)
    scores, ids = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    top = np.lexsort((ids, -scores))[:k]
    return scores[top].astype(np.float32), ids[top]
