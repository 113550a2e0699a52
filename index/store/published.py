"""Publishing an index in Milvus for readers anywhere: what a reader needs, beside the vectors.

The writer keeps the index folder (SQLite, segments, the lock: one writer). After each
commit it publishes, under a name (FRONTLINE_MILVUS_INDEX), what a reader needs to answer
without the folder, in the collections index/store/milvus_layout.py lists; readers
(index/store/remote.py) read only Milvus. The catalog row naming the commit is written last.

Everything is keyed as in SQLite (chunk ids, article rows, segment names) and written with
upsert, so publishing again is harmless. A publish sends what changed since the catalog's
commit (articles and chunks added or removed, segments created or dropped): a writer that
could not reach Milvus catches up at its next commit, or with `frontline index publish`.
A rebuild (new generation, new space) is published whole into new collections, then the
catalog moves; the collections of the generation before the previous one are dropped.
Rows a merge purged from SQLite leave Milvus with the last published segment that held them,
`KEEP_COMMITS` commits after its drop, as segment folders leave the folder.

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
import sqlite3
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from index.embed.bulk import answer_sentences, sentence_mode
from index.errors import FrontlineError
from index.store import db
from index.store.folder import KEEP_COMMITS, IndexDir, Manifest, last_commit
from index.store.lexical import ANALYZERS, Postings
from index.store.milvus_layout import (
    CATALOG,
    DAYS,
    LAYOUT,
    MARK,
    SEGMENT_FILES,
    SUFFIXES,
    cut,
    ensure,
    literal,
    numbers,
    parts,
    query_all,
    read_catalog,
    read_file,
)
from index.store.reader import _day_number
from index.store.remote_lexical import TERMS, length_file, publish_terms
from index.store.sentences import FILES as SENTENCE_FILES
from index.store.vectors import milvus
from index.store.vectors.milvus import Connection

_TEXT = 60_000  # bytes of article text in its row; the rest goes to <space>_texts
_BATCH = 500


# -- the writer's side ---------------------------------------------------------------------
def publisher(conn: Connection | None, name: str) -> Any:
    """An `IndexDir.after_commit` hook publishing each commit under `name` (at `conn`, else where the index says)."""

    def hook(index_dir: IndexDir) -> None:
        try:
            publish(index_dir, name, conn)
        except FrontlineError as exc:
            if exc.kind in ("publish_needs_milvus", "publish_diverged"):
                raise
            # The commit stands in the folder: say so, and how readers get it.
            raise FrontlineError("publish_failed", name=name, reason=str(exc)) from exc
        except (OSError, ValueError, sqlite3.Error) as exc:  # a segment file or pointer unreadable, the store busy
            detail = str(exc).splitlines()[0] if str(exc) else "no detail"
            raise FrontlineError("publish_failed", name=name, reason=f"{exc.__class__.__name__}: {detail}") from exc

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
        same = current is not None and current["space"] == space and current["manifest"].get("layout") == LAYOUT
        if same and current is not None:
            _require_same_history(store, name, int(current["commit"]), current["manifest"], commit)
            if int(current["commit"]) >= commit:
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
            record = {**asdict(manifest), "sentence_mode": sentence_mode(store), "layout": LAYOUT}
            previous = (current["space"] if not same else current["previous"]) if current is not None else ""
            client.upsert(
                CATALOG,
                [{"name": name, "space": space, "previous": previous, "commit": commit,
                  "manifest": json.dumps(record), "mark": MARK}],
            )  # fmt: skip
            client.flush(CATALOG)
            _sweep(conn, client, space, store, commit - KEEP_COMMITS)  # after: readers open this commit now
            if current is not None and not same:  # a rebuild: two generations back is no one's any more
                _drop(client, current["previous"], keep={space, current["space"]})
        store.execute("COMMIT")
        return commit
    finally:
        store.close()


def _require_same_history(
    store: sqlite3.Connection, name: str, published: int, record: dict[str, Any], latest: int
) -> None:
    """Refuse to publish over a commit this folder did not make.

    The catalog names the commit readers see. Publishing sends what changed since it, so it must
    be one of this folder's commits: the same number, made at the same time, with the same counts.
    A folder restored from an older backup (or a second writer under the same name, on this
    generation) would otherwise publish nothing while behind, and then only its changes since a
    number it reused: readers would answer from a history the folder does not have, silently.
    """
    mine = Manifest.read(store, published) if published <= latest else None
    said = (record.get("generation"), record.get("created_at"), record.get("articles"), record.get("chunks"))
    if mine is None or (mine.generation, mine.created_at, mine.articles, mine.chunks) != said:
        raise FrontlineError("publish_diverged", name=name, published=published, latest=latest)


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
            if row["removed_in"] is None:
                _require_fits(row)
            text = row["text"] or ""
            head = cut(text, _TEXT)
            rest = parts(text[len(head) :]) if len(head) < len(text) else []
            texts += [
                {"pk": f"{row['row_id']}:{n}", "article_row": row["row_id"], "part": n, "data": p,
                 "mark": MARK}
                for n, p in enumerate(rest)
            ]  # fmt: skip
            published = row["published_at"] or ""
            records.append(
                {"row_id": row["row_id"], "id": cut(row["id"], 8192), "title": cut(row["title"], 8192),
                 "published_at": cut(published, 64), "date": published[:10] if _day_number(published) else "",
                 "publisher": cut(row["publisher"], 2048), "source": cut(row["source"], 2048),
                 "url": cut(row["url"], 8192), "lang": cut(row["lang"], 64), "editor": cut(row["editor"], 2048),
                 "caption": cut(row["caption"], 65_535), "related": _related(row["related"]), "text": head,
                 "more": len(rest), "content_hash": cut(row["content_hash"], 128),
                 "indexed_at": cut(row["indexed_at"], 64),
                 "story": -1 if row["story"] is None else int(row["story"]), "chunks": int(row["n_chunks"]),
                 "added_in": int(row["added_in"]), "removed_in": int(row["removed_in"] or 0), "mark": MARK}
            )  # fmt: skip
        client.upsert(space + "_articles", records)
        if texts:
            client.upsert(space + "_texts", texts)


_EXACT = {"id": 8192, "url": 8192}  # fields readers match or follow: never published cut


def _require_fits(row: sqlite3.Row) -> None:
    """Refuse a live article whose id or address Milvus cannot hold whole.

    Cut, the id would name no article on readers (its source, citations and look-ups miss it) and
    the address would lead elsewhere. A removed article's row is never shown: cut is harmless.
    """
    for name, limit in _EXACT.items():
        size = len((row[name] or "").encode("utf-8"))
        if size > limit:
            shown = row["id"] if len(row["id"]) <= 60 else row["id"][:60] + "…"
            raise FrontlineError("publish_value_too_long", article=shown, field=name, size=size, limit=limit)


def _related(value: str | None, limit: int = 65_535) -> str:
    """The article's related headlines (a JSON list) as JSON of at most `limit` bytes: the first that fit.

    Cutting the JSON text left a list readers could not parse: every citation of the article failed.
    """
    value = value or "[]"
    if len(value.encode("utf-8")) <= limit:
        return value
    items = json.loads(value)
    sizes = [len(json.dumps(item, ensure_ascii=False).encode("utf-8")) + 2 for item in items]  # and ", "
    total = sum(sizes)  # "[" and "]" instead of the last ", "
    while items and total > limit:
        items.pop()
        total -= sizes.pop()
    return json.dumps(items, ensure_ascii=False)


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
             "added_in": int(row[8]), "removed_in": int(row[9] or 0), "mark": MARK}
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
        client.upsert(space + "_segments", [{**record, "mark": MARK}])


def _segment_files(client: Any, space: str, store: sqlite3.Connection, folder: Path, name: str) -> dict[str, Any]:
    key = milvus.read_pointer(folder / milvus.FILE)["key"]
    files = {file: (folder / file).read_bytes() for file in SEGMENT_FILES}
    files.update({file: (folder / file).read_bytes() for file in SENTENCE_FILES if (folder / file).is_file()})
    ids = np.load(folder / "chunk_ids.npy", allow_pickle=False)
    files[DAYS] = _npy(_days(store, ids))
    channels = [Postings.load(folder / f"{channel}.npz") for channel in ANALYZERS]
    files.update({length_file(p.name): _npy(p.doc_len) for p in channels})
    publish_terms(client, space, name, channels)  # before the segment's row, as its files
    counts = {}
    for file, data in files.items():
        pieces = parts(base64.b64encode(data).decode("ascii"))
        counts[file] = len(pieces)
        rows = [
            {"pk": f"{name}/{file}/{n}", "segment": name, "file": file, "part": n, "data": piece, "mark": MARK}
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
        client.delete(space + TERMS, filter=f"segment == {literal(name)}")
        client.delete(space + "_segments", filter=f"name == {literal(name)}")


def _present(store: sqlite3.Connection, table: str, column: str, keys: list[int]) -> set[int]:
    if not keys:
        return set()
    marks = ",".join("?" * len(keys))
    return {int(r[0]) for r in store.execute(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", keys)}


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
