"""The collections of a Milvus index published for readers without the folder, and reading them.

    frontline_catalog          name -> the published commit: the generation's collection
                               (its *space*), the commit number, the manifest (model, counts,
                               sentence-vector mode). Upserted LAST: a reader never sees a
                               commit half published.
    <space>                    the chunk vectors, one row per segment and chunk (vectors/milvus.py)
    <space>_segments           segment name -> vector key, chunk count, created_in, dropped_in
    <space>_files              each segment's search files (chunk ids, hubness, day of each chunk,
                               the BM25 postings of each lexical channel, sentence vectors), base64 in parts
    <space>_chunks             chunk id -> article, text, language, added_in, removed_in (tombstone)
    <space>_articles           article row -> every field `frontline source` shows, added_in,
                               removed_in, story, chunk count; text beyond one field in <space>_texts
    <space>_texts              the rest of long article texts, in parts
    <space>_sentences          stored answer-sentence vectors (direct, pooled) by content key
    <space>_terms              each segment's BM25 postings by channel and term, for readers that
                               read them per question (index/store/remote_lexical.py)

The writer fills them (index/store/published.py), readers read them (index/store/remote.py).
Every collection but the vectors' holds scalars (Milvus wants a vector field in each: a
constant one) and is read by primary key or by INVERTED-indexed fields.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any, cast

from index.store.lexical import ANALYZERS
from index.store.vectors import milvus
from index.store.vectors.milvus import Connection

CATALOG = "frontline_catalog"
SUFFIXES = ("_segments", "_files", "_chunks", "_articles", "_texts", "_sentences", "_terms")
# The layout published: a catalog row of another one (an older Frontline) is published again whole.
LAYOUT = 2
SEGMENT_FILES = ("chunk_ids.npy", "hubness.npy", *(f"{name}.npz" for name in ANALYZERS))
DAYS = "days.npy"  # computed at publishing: each chunk's publication day (reader.ChunkDates), aligned with chunk ids
PART = 60_000  # UTF-8 bytes of one VARCHAR part (Milvus's limit is 65,535 bytes)
MARK = [1.0, 0.0]  # Milvus wants a vector field in every collection: these hold a constant one


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
    """`data` in pieces of at most `size` UTF-8 bytes (at least 4), each cut on a character boundary.

    One pass over the encoded text: a multi-megabyte base64 file (ASCII) is sliced as it is.
    """
    raw = data.encode("utf-8")
    if len(raw) == len(data):  # ASCII: a byte is a character
        return [data[i : i + size] for i in range(0, len(data), size)] or [""]
    pieces, start = [], 0
    while start < len(raw):
        end = min(start + size, len(raw))
        while end < len(raw) and raw[end] & 0xC0 == 0x80:  # not a character's first byte: back off
            end -= 1
        pieces.append(raw[start:end].decode("utf-8"))
        start = end
    return pieces or [""]


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
    "_terms": (  # index/store/remote_lexical.py
        "pk",
        [("pk", _V, 1200), ("segment", _V, 64), ("channel", _V, 16), ("term", _V, 1024), ("part", _I, 0),
         ("docs", _V, 65_535), ("tf", _V, 65_535)],
        ["segment", "term"],
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
    built.add_field("mark", DataType.FLOAT_VECTOR, dim=len(MARK))
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


def published_commit(conn: Connection, name: str) -> tuple[str, int] | None:
    """(space, commit) of index `name`'s catalog row, or None: what a reader checks at each question.

    Only those two fields: the row's manifest (up to 64 KB of JSON) is read when a snapshot opens.
    """
    client = milvus.client(conn)
    with milvus._calls(conn):
        if not client.has_collection(CATALOG):
            return None
        wanted = f"name == {literal(name)}"
        rows = loaded(conn, CATALOG).query(CATALOG, filter=wanted, output_fields=["space", "commit"])
    return (str(rows[0]["space"]), int(rows[0]["commit"])) if rows else None


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


def query_keys(conn: Connection, name: str, key: str, keys: list, fields: list[str]) -> list[dict]:
    """The rows of `name` whose primary key `key` is one of `keys` (each at most once): one query per 1,000.

    A query by primary key: ~2 ms in Milvus Lite where the iterator took ~90 ms on a
    23,000-row collection; the question-time look-ups go this way.
    """
    client = loaded(conn, name)
    found: list[dict] = []
    with milvus._calls(conn):
        for start in range(0, len(keys), 1_000):
            batch = keys[start : start + 1_000]
            listed = strings(batch) if batch and isinstance(batch[0], str) else numbers(batch)
            found += client.query(name, filter=f"{key} in {listed}", output_fields=fields, limit=len(batch))
    return found


def read_file(rows: Iterable[dict], count: int) -> bytes | None:
    """A file from its parts (rows with `part` and `data`), or None when any of its `count` parts is missing."""
    pieces = {int(r["part"]): r["data"] for r in rows}
    if sorted(pieces) != list(range(count)):
        return None
    return base64.b64decode("".join(pieces[n] for n in range(count)))
