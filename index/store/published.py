"""A Milvus index published for readers anywhere: what a reader needs, in collections beside the vectors.

The writer keeps the index folder (SQLite, segments, the lock: one writer). After each
commit it publishes, under a name (FRONTLINE_MILVUS_INDEX), what a reader needs to answer
without the folder; readers (index/store/remote.py) read only Milvus.

    frontline_catalog          name -> the published commit: the generation's collection
                               (its *space*), the commit number, the manifest (model, counts,
                               sentence-vector mode). Upserted LAST: a reader never sees a
                               commit half published.
    <space>                    the chunk vectors, one row per segment and chunk (vectors/milvus.py)
    <space>_segments           segment name -> vector key, chunk count, created_in, dropped_in
    <space>_files              each segment's search files (chunk ids, hubness, day of each chunk,
                               the BM25 postings of each lexical channel), base64 in parts
    <space>_chunks             chunk id -> article, text, language, added_in, removed_in (tombstone)
    <space>_articles           article row -> every field `frontline source` shows, added_in,
                               removed_in, story, chunk count; text beyond one field in <space>_texts
    <space>_texts              the rest of long article texts, in parts

Everything is keyed as in SQLite (chunk ids, article rows, segment names) and written with
upsert, so publishing again is harmless. A publish sends what changed since the catalog's
commit (articles and chunks added or removed, segments created or dropped): a writer that
could not reach Milvus catches up at its next commit, or with `frontline index publish`.
A rebuild (new generation, new space) is published whole into new collections, then the
catalog moves; the collections of the generation before the previous one are dropped.
Rows a merge purged from SQLite leave Milvus `KEEP_COMMITS` commits later, as segment
folders leave the folder.

Lexical channels are published as the segments' own postings files, so a reader scores BM25
over exactly the live chunks the local reader scores (index-wide statistics, each term's
best score): the same numbers for fusion. Milvus's own BM25 or caller-computed sparse
vectors searched server-side would serve indexes too big for every reader to hold the
postings, but give other scores; that is left for later (README).
"""

from __future__ import annotations

import base64
import io
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, cast

import numpy as np

from index.embed.bulk import answer_sentences, sentence_mode
from index.errors import FrontlineError
from index.store import db
from index.store.folder import KEEP_COMMITS, IndexDir, Manifest, last_commit
from index.store.lexical import ANALYZERS
from index.store.reader import _day_number
from index.store.sentences import FILES as SENTENCE_FILES
from index.store.vectors import milvus
from index.store.vectors.milvus import Connection

CATALOG = "frontline_catalog"
SUFFIXES = ("_segments", "_files", "_chunks", "_articles", "_texts", "_sentences")
SEGMENT_FILES = ("chunk_ids.npy", "hubness.npy", *(f"{name}.npz" for name in ANALYZERS))
DAYS = "days.npy"  # computed at publishing: each chunk's publication day (reader.ChunkDates), aligned with chunk ids
PART = 60_000  # characters of one VARCHAR part (Milvus's limit is 65,535 bytes; base64 is ASCII)
_TEXT = 60_000  # bytes of article text in its row; the rest goes to <space>_texts
_BATCH = 500
_MARK = [1.0, 0.0]  # Milvus wants a vector field in every collection: these hold a constant one


def literal(value: str) -> str:
    """`value` as a Milvus string literal (quotes and backslashes escaped: never part of the expression)."""
    return json.dumps(value, ensure_ascii=False)


def strings(values: Iterable[str]) -> str:
    return "[" + ", ".join(literal(v) for v in values) + "]"


def numbers(values: Iterable[int]) -> str:
    return "[" + ", ".join(str(int(v)) for v in values) + "]"


def cut(text: str | None, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes, on a character boundary."""
    raw = (text or "").encode("utf-8")
    return text or "" if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def parts(data: str, size: int = PART) -> list[str]:
    return [data[i : i + size] for i in range(0, len(data), size)] or [""]


# -- collections ---------------------------------------------------------------------------
_V = "VARCHAR"
_I = "INT64"
_SCHEMAS: dict[str, tuple[str, list[tuple[str, str, int]], list[str]]] = {
    # suffix: (primary key, [(field, type, max_length)], fields with an INVERTED index)
    "_segments": (
        "name",
        [("name", _V, 64), ("key", _V, 64), ("chunks", _I, 0), ("created_in", _I, 0), ("dropped_in", _I, 0),
         ("files", _V, 4096)],
        ["created_in", "dropped_in"],
    ),
    "_files": (
        "pk",
        [("pk", _V, 160), ("segment", _V, 64), ("file", _V, 64), ("part", _I, 0), ("data", _V, 65_535)],
        ["segment"],
    ),
    "_chunks": (
        "chunk_id",
        [("chunk_id", _I, 0), ("article_row", _I, 0), ("article_id", _V, 8192), ("ord", _I, 0), ("start", _I, 0),
         ("end", _I, 0), ("text", _V, 65_535), ("lang", _V, 64), ("added_in", _I, 0), ("removed_in", _I, 0)],
        ["removed_in"],
    ),
    "_articles": (
        "row_id",
        [("row_id", _I, 0), ("id", _V, 8192), ("title", _V, 8192), ("published_at", _V, 64), ("date", _V, 16),
         ("publisher", _V, 2048), ("source", _V, 2048), ("url", _V, 8192), ("lang", _V, 64), ("editor", _V, 2048),
         ("caption", _V, 65_535), ("related", _V, 65_535), ("text", _V, 65_535), ("more", _I, 0),
         ("content_hash", _V, 128), ("indexed_at", _V, 64), ("story", _I, 0), ("chunks", _I, 0),
         ("added_in", _I, 0), ("removed_in", _I, 0)],
        ["id", "story", "removed_in"],
    ),
    "_texts": ("pk", [("pk", _V, 64), ("article_row", _I, 0), ("part", _I, 0), ("data", _V, 65_535)], ["article_row"]),
}  # fmt: skip
_CATALOG_SCHEMA: tuple[str, list[tuple[str, str, int]], list[str]] = (
    "name",
    [("name", _V, 64), ("space", _V, 64), ("previous", _V, 64), ("commit", _I, 0), ("manifest", _V, 65_535)],
    [],
)


def _create(client: Any, name: str, schema: tuple[str, list[tuple[str, str, int]], list[str]]) -> None:
    from pymilvus import DataType, MilvusClient

    primary, fields, indexed = schema
    built = MilvusClient.create_schema(auto_id=False)
    for field, kind, length in fields:
        options: dict[str, Any] = {"is_primary": field == primary}
        if kind == _V:
            options["max_length"] = length
        built.add_field(field, DataType.VARCHAR if kind == _V else DataType.INT64, **options)
    built.add_field("mark", DataType.FLOAT_VECTOR, dim=len(_MARK))
    indexes = client.prepare_index_params()
    indexes.add_index("mark", index_type="FLAT", metric_type="IP")
    for field in indexed:
        indexes.add_index(field, index_type="INVERTED")  # STL_SORT is refused by Milvus Lite
    # Indexes of an empty collection are built at once: not waiting for each (0.5 s apiece in Milvus Lite's
    # polling) makes the first publish of an index 7 s shorter; loading waits for them where it must.
    client.create_collection(name, schema=built, consistency_level="Strong")
    client.create_index(name, indexes, sync=False)
    client.load_collection(name)


def ensure(conn: Connection, space: str, dim: int) -> Any:
    """The client, with the catalog and `space`'s collections created where missing."""
    client = milvus.client(conn)
    with milvus._calls(conn):
        if not client.has_collection(CATALOG):
            _create(client, CATALOG, _CATALOG_SCHEMA)
        for suffix, schema in _SCHEMAS.items():
            if not client.has_collection(space + suffix):
                _create(client, space + suffix, schema)
        if not client.has_collection(space + "_sentences"):
            _create_sentences(client, space + "_sentences", dim)
    return client


def _create_sentences(client: Any, name: str, dim: int) -> None:
    """Answer-sentence vectors by content key (db.sentence_key), looked up by key, never searched."""
    from pymilvus import DataType, MilvusClient

    built = MilvusClient.create_schema(auto_id=False)
    built.add_field("key", DataType.VARCHAR, is_primary=True, max_length=64)
    built.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    indexes = client.prepare_index_params()
    indexes.add_index("vector", index_type="FLAT", metric_type="IP")
    client.create_collection(name, schema=built, consistency_level="Strong")
    client.create_index(name, indexes, sync=False)
    client.load_collection(name)


def loaded(conn: Connection, name: str) -> Any:
    """The client, with collection `name` loaded (a process finds collections released)."""
    client = milvus.client(conn)
    key = (conn, name)
    if key not in milvus._loaded:  # forgotten with the clients (`close_clients`)
        with milvus._calls(conn):
            if "NotLoad" in str(client.get_load_state(name).get("state", "")):
                client.load_collection(name)
        with milvus._lock:
            milvus._loaded[key] = ""
    return client


def read_catalog(conn: Connection, name: str) -> dict[str, Any] | None:
    """The catalog row of index `name` (space, previous, commit, manifest), or None when none is published."""
    client = milvus.client(conn)
    with milvus._calls(conn):
        if not client.has_collection(CATALOG):
            return None
        rows = loaded(conn, CATALOG).query(
            CATALOG, filter=f"name == {literal(name)}", output_fields=["space", "previous", "commit", "manifest"]
        )
    if not rows:
        return None
    row = dict(rows[0])
    row["manifest"] = json.loads(row["manifest"])
    return row


def query_all(conn: Connection, name: str, expression: str, fields: list[str], batch: int = 2_000) -> Iterator[dict]:
    """Every row of `name` that `expression` selects, `batch` rows a call (past Milvus's query window)."""
    client = loaded(conn, name)
    if "://" not in conn.uri:  # Milvus Lite's in-process server logs a traceback for the call it lacks (AllocTimestamp)
        logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
    with milvus._calls(conn):
        iterator = client.query_iterator(name, batch_size=batch, filter=expression, output_fields=fields)
        try:
            while True:
                batch = iterator.next()
                if not batch:
                    break
                yield from cast(list[dict], batch)
        finally:
            iterator.close()


# -- the writer's side ---------------------------------------------------------------------
def publisher(conn: Connection | None, name: str) -> Any:
    """An `IndexDir.after_commit` hook publishing each commit under `name` (at `conn`, else where the index says)."""

    def hook(index_dir: IndexDir) -> None:
        try:
            publish(index_dir, name, conn)
        except FrontlineError as exc:
            if exc.kind == "publish_needs_milvus":
                raise
            # The commit stands in the folder: say so, and how readers get it.
            raise FrontlineError("publish_failed", name=name, reason=str(exc)) from exc

    return hook


def publish(index_dir: IndexDir, name: str, conn: Connection | None = None) -> int:
    """Bring index `name` in Milvus up to the folder's latest commit; returns that commit.

    Call it under the index's write lock (the writer's `after_commit`), or while no one writes.
    """
    folder = index_dir.require_current()
    store = index_dir.open_store(folder)
    try:
        store.execute("BEGIN")  # one read transaction: everything published is of one commit
        meta = dict(store.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("vector_backend") != "milvus":
            raise FrontlineError("publish_needs_milvus", path=index_dir.root, backend=meta.get("vector_backend", ""))
        conn = conn or _recorded(meta, folder)
        space = meta["vector_space"]
        commit = last_commit(store)
        current = read_catalog(conn, name)
        same = current is not None and current["space"] == space
        if same and current is not None and int(current["commit"]) >= commit:
            return commit
        since = int(current["commit"]) if same and current is not None else 0
        client = ensure(conn, space, int(meta.get("dim", 0)))
        with milvus._calls(conn):
            _articles(client, space, store, since)
            _chunks(client, space, store, since)
            _sentences(client, space, store, since)
            _segments(conn, client, space, store, folder, since, commit)
            for suffix in SUFFIXES:
                client.flush(space + suffix)
            manifest = Manifest.read(store, commit)
            record = {**asdict(manifest), "sentence_mode": sentence_mode(store)}
            previous = (current["space"] if not same else current["previous"]) if current is not None else ""
            client.upsert(
                CATALOG,
                [{"name": name, "space": space, "previous": previous, "commit": commit,
                  "manifest": json.dumps(record), "mark": _MARK}],
            )  # fmt: skip
            client.flush(CATALOG)
            _sweep(conn, client, space, store, commit - KEEP_COMMITS)  # after: readers open this commit now
            if current is not None and not same:  # a rebuild: two generations back is no one's any more
                _drop(client, current["previous"], keep={space, current["space"]})
        store.execute("COMMIT")
        return commit
    finally:
        store.close()


def _recorded(meta: dict[str, str], folder: Path) -> Connection:
    try:
        location = json.loads(meta.get("vector_location") or "{}")
    except ValueError:
        location = {}
    location = location if isinstance(location, dict) else {}
    found = milvus.recorded_connection(str(location.get("uri", "")), str(location.get("db", "")), folder)
    if found is None:
        raise FrontlineError("vector_store_unconfigured", backend="milvus", setting="FRONTLINE_MILVUS_URI")
    return found


def _changed(since: int) -> str:
    return "" if since <= 0 else f" WHERE x.added_in > {int(since)} OR x.removed_in > {int(since)}"


def _articles(client: Any, space: str, store: sqlite3.Connection, since: int) -> None:
    rows = store.execute(
        "SELECT x.*, (SELECT COUNT(*) FROM chunks c WHERE c.article_row = x.row_id) AS n_chunks FROM articles x"
        + _changed(since)
    ).fetchall()
    for start in range(0, len(rows), _BATCH):
        records, texts = [], []
        for row in rows[start : start + _BATCH]:
            text = row["text"] or ""
            head = cut(text, _TEXT)
            rest = parts(text[len(head) :]) if len(head) < len(text) else []
            texts += [
                {"pk": f"{row['row_id']}:{n}", "article_row": row["row_id"], "part": n, "data": cut(p, 65_535),
                 "mark": _MARK}
                for n, p in enumerate(rest)
            ]  # fmt: skip
            published = row["published_at"] or ""
            records.append(
                {"row_id": row["row_id"], "id": cut(row["id"], 8192), "title": cut(row["title"], 8192),
                 "published_at": cut(published, 64), "date": published[:10] if _day_number(published) else "",
                 "publisher": cut(row["publisher"], 2048), "source": cut(row["source"], 2048),
                 "url": cut(row["url"], 8192), "lang": cut(row["lang"], 64), "editor": cut(row["editor"], 2048),
                 "caption": cut(row["caption"], 65_535), "related": cut(row["related"], 65_535), "text": head,
                 "more": len(rest), "content_hash": cut(row["content_hash"], 128),
                 "indexed_at": cut(row["indexed_at"], 64),
                 "story": -1 if row["story"] is None else int(row["story"]), "chunks": int(row["n_chunks"]),
                 "added_in": int(row["added_in"]), "removed_in": int(row["removed_in"] or 0), "mark": _MARK}
            )  # fmt: skip
        client.upsert(space + "_articles", records)
        if texts:
            client.upsert(space + "_texts", texts)


def _chunks(client: Any, space: str, store: sqlite3.Connection, since: int) -> None:
    query = (
        "SELECT x.id, x.article_row, a.id AS article_id, x.ord, x.start, x.end, x.text, a.lang, x.added_in, "
        "x.removed_in FROM chunks x JOIN articles a ON a.row_id = x.article_row" + _changed(since)
    )
    batch: list[dict] = []
    for row in store.execute(query):
        batch.append(
            {"chunk_id": row[0], "article_row": row[1], "article_id": cut(row[2], 8192), "ord": row[3],
             "start": row[4], "end": row[5], "text": cut(row[6], 65_535), "lang": cut(row[7], 64),
             "added_in": int(row[8]), "removed_in": int(row[9] or 0), "mark": _MARK}
        )  # fmt: skip
        if len(batch) >= _BATCH:
            client.upsert(space + "_chunks", batch)
            batch = []
    if batch:
        client.upsert(space + "_chunks", batch)


def _sentences(client: Any, space: str, store: sqlite3.Connection, since: int) -> None:
    """The stored answer-sentence vectors of the chunks added since `since` (none in a lazy index)."""
    if sentence_mode(store) == "lazy" or db.schema_version(store) < 2:
        return
    texts = store.execute("SELECT text FROM chunks WHERE added_in > ?", (since,) if since > 0 else (-(2**62),))
    keys = sorted({db.sentence_key(s) for (text,) in texts for s in answer_sentences(text)})
    for start in range(0, len(keys), _BATCH):
        found = db.sentence_vectors(store, keys[start : start + _BATCH])
        if found:
            client.upsert(space + "_sentences", [{"key": k, "vector": v.tolist()} for k, v in found.items()])


def _segments(
    conn: Connection, client: Any, space: str, store: sqlite3.Connection, folder: Path, since: int, commit: int
) -> None:
    """Segments created since `since` and live now (their files first), and the drops since."""
    rows = store.execute(
        "SELECT name, chunks, created_in, dropped_in FROM segments WHERE created_in > ? OR dropped_in > ?",
        (since, since),
    ).fetchall()
    for name, chunks, created, dropped in rows:
        if created > since:
            if dropped is not None and dropped <= commit:
                continue  # live only at commits no reader was shown
            record = _segment_files(client, space, store, folder / "segments" / name, name)
            record.update(chunks=int(chunks), created_in=int(created), dropped_in=0)
        else:
            found = list(query_all(conn, space + "_segments", f"name == {literal(name)}", ["key", "files", "chunks"]))
            if not found:
                continue
            record = {"name": name, "key": found[0]["key"], "files": found[0]["files"], "chunks": found[0]["chunks"],
                      "created_in": int(created), "dropped_in": int(dropped or 0)}  # fmt: skip
        client.upsert(space + "_segments", [{**record, "mark": _MARK}])


def _segment_files(client: Any, space: str, store: sqlite3.Connection, folder: Path, name: str) -> dict[str, Any]:
    key = milvus.read_pointer(folder / milvus.FILE)["key"]
    files = {file: (folder / file).read_bytes() for file in SEGMENT_FILES}
    files.update({file: (folder / file).read_bytes() for file in SENTENCE_FILES if (folder / file).is_file()})
    ids = np.load(folder / "chunk_ids.npy", allow_pickle=False)
    files[DAYS] = _npy(_days(store, ids))
    counts = {}
    for file, data in files.items():
        pieces = parts(base64.b64encode(data).decode("ascii"))
        counts[file] = len(pieces)
        rows = [
            {"pk": f"{name}/{file}/{n}", "segment": name, "file": file, "part": n, "data": piece, "mark": _MARK}
            for n, piece in enumerate(pieces)
        ]
        for start in range(0, len(rows), 64):
            client.upsert(space + "_files", rows[start : start + 64])
    return {"name": name, "key": key, "files": json.dumps(counts)}


def _days(store: sqlite3.Connection, ids: np.ndarray) -> np.ndarray:
    stamps: dict[int, str | None] = {}
    for start in range(0, len(ids), _BATCH):
        batch = [int(i) for i in ids[start : start + _BATCH]]
        stamps.update(
            (int(r[0]), r[1])
            for r in store.execute(
                "SELECT c.id, a.published_at FROM chunks c JOIN articles a ON a.row_id = c.article_row "
                f"WHERE c.id IN ({','.join('?' * len(batch))})",
                batch,
            )
        )
    return np.fromiter((_day_number(stamps.get(int(i))) for i in ids), np.int32, count=len(ids))


def _npy(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, array, allow_pickle=False)
    return out.getvalue()


def _sweep(conn: Connection, client: Any, space: str, store: sqlite3.Connection, upto: int) -> None:
    """Delete what no reader opens any more, once the catalog has moved on.

    Segments dropped by commit `upto` or before go with their files, and so do the rows of
    the chunks they held that a merge purged from SQLite (removed ones): a removed chunk's
    row, its tombstone, stays as long as a published segment holds it. Removed articles left
    with no chunk (purged) go with their text. A crash part way leaves rows the next
    publish deletes (the segment's row goes last).
    """
    if upto <= 0:
        return
    found = query_all(conn, space + "_segments", f"dropped_in > 0 and dropped_in <= {upto}", ["name", "files"])
    for segment in list(found):
        name = segment["name"]
        if "chunk_ids.npy" in json.loads(segment["files"]):
            held = np.load(io.BytesIO(_file(conn, space, name, "chunk_ids.npy")), allow_pickle=False)
            for start in range(0, len(held), _BATCH):
                batch = [int(i) for i in held[start : start + _BATCH]]
                purged = sorted(set(batch) - _present(store, "chunks", "id", batch))
                if not purged:
                    continue
                expression = f"chunk_id in {numbers(purged)}"
                rows = {int(r["article_row"]) for r in query_all(conn, space + "_chunks", expression, ["article_row"])}
                client.delete(space + "_chunks", filter=expression)
                gone = sorted(rows - _present(store, "articles", "row_id", sorted(rows)))
                if gone:
                    client.delete(space + "_articles", filter=f"row_id in {numbers(gone)}")
                    client.delete(space + "_texts", filter=f"article_row in {numbers(gone)}")
        client.delete(space + "_files", filter=f"segment == {literal(name)}")
        client.delete(space + "_segments", filter=f"name == {literal(name)}")


def _present(store: sqlite3.Connection, table: str, column: str, keys: list[int]) -> set[int]:
    if not keys:
        return set()
    marks = ",".join("?" * len(keys))
    return {int(r[0]) for r in store.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", keys)}


def read_file(rows: Iterable[dict], count: int) -> bytes | None:
    """A file from its parts (rows with `part` and `data`), or None when any of its `count` parts is missing."""
    pieces = {int(r["part"]): r["data"] for r in rows}
    if sorted(pieces) != list(range(count)):
        return None
    return base64.b64decode("".join(pieces[n] for n in range(count)))


def _file(conn: Connection, space: str, segment: str, file: str) -> bytes:
    expression = f"segment == {literal(segment)} and file == {literal(file)}"
    rows = list(query_all(conn, space + "_files", expression, ["part", "data"], 16))
    return read_file(rows, len(rows)) or b""


def _drop(client: Any, space: str, keep: set[str]) -> None:
    """Drop the published collections of `space` (not the vectors: its generation folder's removal drops those)."""
    if not space or space in keep:
        return
    for suffix in SUFFIXES:
        if client.has_collection(space + suffix):
            client.drop_collection(space + suffix)
