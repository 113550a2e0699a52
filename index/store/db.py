"""SQLite: the source of truth for articles and chunks (FAISS ids are chunk row ids)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from index.ingest.articles import Article
from index.store import stories
from index.text.chunking import Chunk

MIGRATIONS: list[str] = [
    # 1: articles and their chunks
    """
    CREATE TABLE articles (
        row_id INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        published_at TEXT,
        publisher TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL DEFAULT '',
        editor TEXT NOT NULL DEFAULT '',
        caption TEXT NOT NULL DEFAULT '',
        related TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        indexed_at TEXT NOT NULL
    );
    CREATE TABLE chunks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_row INTEGER NOT NULL REFERENCES articles(row_id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        embedding BLOB NOT NULL
    );
    CREATE INDEX chunks_by_article ON chunks(article_row);
    CREATE INDEX articles_by_date ON articles(published_at);
    """,
    # 2: sentence vectors, so answers pick their sentence without embedding at question time
    """
    CREATE TABLE sentence_vectors (
        key TEXT PRIMARY KEY,
        embedding BLOB NOT NULL
    );
    """,
    # 3: near-duplicate stories (index/store/stories.py): MinHash signatures and their LSH bands
    """
    ALTER TABLE articles ADD COLUMN story INTEGER;
    CREATE TABLE article_minhash (
        article_row INTEGER PRIMARY KEY REFERENCES articles(row_id) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    CREATE TABLE minhash_bands (
        key INTEGER NOT NULL,
        article_row INTEGER NOT NULL REFERENCES articles(row_id) ON DELETE CASCADE
    );
    CREATE INDEX minhash_bands_by_key ON minhash_bands(key);
    CREATE INDEX minhash_bands_by_article ON minhash_bands(article_row);
    CREATE INDEX articles_by_story ON articles(story);
    """,
    # 4: segments (index format 2). A write adds rows and never rewrites them: a removal
    # marks the article and its chunks with the commit that removed them (a tombstone),
    # so a reader still on an older commit resolves them; merges purge them. Article ids
    # are unique among live rows only: an updated article is a new row.
    """
    CREATE TABLE articles_v4 (
        row_id INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published_at TEXT,
        publisher TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL DEFAULT '',
        editor TEXT NOT NULL DEFAULT '',
        caption TEXT NOT NULL DEFAULT '',
        related TEXT NOT NULL DEFAULT '[]',
        text TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        indexed_at TEXT NOT NULL,
        story INTEGER,
        added_in INTEGER NOT NULL DEFAULT 0,
        removed_in INTEGER
    );
    INSERT INTO articles_v4 (row_id, id, title, published_at, publisher, source, url, lang, editor, caption,
                             related, text, content_hash, indexed_at, story)
        SELECT row_id, id, title, published_at, publisher, source, url, lang, editor, caption,
               related, text, content_hash, indexed_at, story FROM articles;
    DROP TABLE articles;
    ALTER TABLE articles_v4 RENAME TO articles;
    CREATE UNIQUE INDEX articles_live_id ON articles(id) WHERE removed_in IS NULL;
    CREATE INDEX articles_by_id ON articles(id);
    CREATE INDEX articles_by_date ON articles(published_at);
    CREATE INDEX articles_by_story ON articles(story);
    ALTER TABLE chunks ADD COLUMN added_in INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE chunks ADD COLUMN removed_in INTEGER;
    CREATE INDEX chunks_removed ON chunks(removed_in) WHERE removed_in IS NOT NULL;
    CREATE TABLE commits (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        articles INTEGER NOT NULL,
        chunks INTEGER NOT NULL
    );
    CREATE TABLE segments (
        name TEXT PRIMARY KEY,
        backend TEXT NOT NULL,
        chunks INTEGER NOT NULL,
        created_in INTEGER NOT NULL,
        dropped_in INTEGER
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 5: what changed after a commit, found without reading every row (publishing to Milvus asks
    # it at each commit: index/store/published.py)
    """
    CREATE INDEX chunks_added ON chunks(added_in);
    CREATE INDEX articles_added ON articles(added_in);
    CREATE INDEX articles_removed ON articles(removed_in) WHERE removed_in IS NOT NULL;
    """,
]
STORIES_SINCE = stories.SCHEMA_VERSION  # the schema version that groups articles into stories
SEGMENTS_SINCE = 4  # the schema of index format 2 (segments); older stores are upgraded by a rebuild


@dataclass(frozen=True)
class StoredChunk:
    id: int
    article_id: str
    ord: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ArticleInfo:
    article: Article
    chunk_count: int
    indexed_at: str
    row_id: int = 0  # short key for an article whose id is long (the bot's autocomplete values)
    same_story: tuple[Article, ...] = ()  # other copies of the story (syndicated, republished), oldest first


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    if readonly:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30)
    else:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30, isolation_level=None)
        # WAL: readers (the bot) keep reading while a writer works, and see only committed
        # transactions; FULL makes each commit durable before it returns.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
    conn.row_factory = sqlite3.Row
    # SQLite's lower() only folds ASCII; titles are in many scripts.
    conn.create_function("fold", 1, lambda s: s.casefold() if isinstance(s, str) else s, deterministic=True)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    # Migration 4 rebuilds `articles`; with foreign keys on, dropping the old table would
    # delete every chunk (ON DELETE CASCADE). The pragma cannot change inside a transaction.
    conn.execute("PRAGMA foreign_keys=OFF")
    try:
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            conn.execute("BEGIN")
            try:
                _run_statements(conn, script)
                conn.execute(f"PRAGMA user_version={number}")
                if number == STORIES_SINCE:
                    stories.backfill(conn)  # articles indexed before stories existed
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    finally:
        conn.execute("PRAGMA foreign_keys=ON")


def _run_statements(conn: sqlite3.Connection, script: str) -> None:
    """`executescript` without its implicit COMMIT, so a migration stays one transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def article_from_row(row: Any, text: str | None = None) -> Article:
    """The article stored in `row` (an `articles` row, or the same fields published elsewhere); `text` if given."""
    return Article(
        text=row["text"] if text is None else text,
        id=row["id"],
        title=row["title"],
        published_at=row["published_at"] or None,
        publisher=row["publisher"],
        source=row["source"],
        url=row["url"],
        lang=row["lang"],
        editor=row["editor"],
        caption=row["caption"],
        related=json.loads(row["related"] or "[]"),
    )


def content_hash(conn: sqlite3.Connection, article_id: str) -> str | None:
    row = conn.execute(
        "SELECT content_hash FROM articles WHERE id = ? AND removed_in IS NULL", (article_id,)
    ).fetchone()
    return row[0] if row else None


def chunk_ids_of(conn: sqlite3.Connection, article_ids: Sequence[str]) -> list[int]:
    ids: list[int] = []
    for article_id in article_ids:
        ids.extend(
            r[0]
            for r in conn.execute(
                "SELECT c.id FROM chunks c JOIN articles a ON a.row_id = c.article_row "
                "WHERE a.id = ? AND a.removed_in IS NULL",
                (article_id,),
            )
        )
    return ids


def remove_articles(conn: sqlite3.Connection, article_ids: Sequence[str], commit: int) -> list[int]:
    """Mark the live articles `article_ids` and their chunks removed by `commit`; returns those chunk ids.

    The rows stay (a reader on an older commit still resolves them) until a merge purges
    them. Their MinHash bands go now: a removed article is no copy of a new one.
    """
    removed: list[int] = []
    for article_id in article_ids:
        row = conn.execute("SELECT row_id FROM articles WHERE id = ? AND removed_in IS NULL", (article_id,)).fetchone()
        if row is None:
            continue
        row_id = int(row[0])
        removed.extend(int(r[0]) for r in conn.execute("SELECT id FROM chunks WHERE article_row = ?", (row_id,)))
        conn.execute("UPDATE articles SET removed_in = ? WHERE row_id = ?", (commit, row_id))
        conn.execute("UPDATE chunks SET removed_in = ? WHERE article_row = ?", (commit, row_id))
        conn.execute("DELETE FROM minhash_bands WHERE article_row = ?", (row_id,))
        conn.execute("DELETE FROM article_minhash WHERE article_row = ?", (row_id,))
    return removed


def purge_chunks(conn: sqlite3.Connection, chunk_ids: Sequence[int]) -> None:
    """Delete removed chunks for good (a merge dropped them), and removed articles left without any."""
    conn.executemany("DELETE FROM chunks WHERE id = ? AND removed_in IS NOT NULL", ((int(i),) for i in chunk_ids))
    conn.execute(
        "DELETE FROM articles WHERE removed_in IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM chunks c WHERE c.article_row = articles.row_id)"
    )


def insert_article(
    conn: sqlite3.Connection, article: Article, chunks: Sequence[Chunk], vectors: np.ndarray, commit: int
) -> list[int]:
    """Insert an article and its chunks, added by `commit`; returns the new chunk ids in order."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    cursor = conn.execute(
        """INSERT INTO articles (id, title, published_at, publisher, source, url, lang, editor, caption,
                                 related, text, content_hash, indexed_at, added_in)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        (
            article.id, article.title, article.published_at, article.publisher, article.source,
            article.url, article.lang, article.editor, article.caption,
            json.dumps(article.related, ensure_ascii=False), article.text, article.content_hash(), now, commit,
        ),
    )  # fmt: skip
    row_id = int(cursor.lastrowid or 0)
    stories.assign(conn, row_id, article.text)
    ids = []
    for order, (chunk, vector) in enumerate(zip(chunks, vectors, strict=True)):
        cur = conn.execute(
            "INSERT INTO chunks (article_row, ord, start, end, text, embedding, added_in) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (row_id, order, chunk.start, chunk.end, chunk.text, np.asarray(vector, dtype=np.float32).tobytes(), commit),
        )
        ids.append(int(cur.lastrowid or 0))
    return ids


def get_article(conn: sqlite3.Connection, article_id: str) -> ArticleInfo | None:
    row = conn.execute(
        """SELECT a.*, (SELECT COUNT(*) FROM chunks c WHERE c.article_row = a.row_id) AS n_chunks
           FROM articles a WHERE a.id = ? AND a.removed_in IS NULL""",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    copies = tuple(article_from_row(r) for r in _same_story(conn, row))
    return ArticleInfo(article_from_row(row), int(row["n_chunks"]), row["indexed_at"], int(row["row_id"]), copies)


def _same_story(conn: sqlite3.Connection, row: sqlite3.Row) -> list[sqlite3.Row]:
    if schema_version(conn) < STORIES_SINCE or row["story"] is None:
        return []
    return conn.execute(
        "SELECT * FROM articles WHERE story = ? AND row_id != ? AND removed_in IS NULL ORDER BY row_id LIMIT 50",
        (row["story"], row["row_id"]),
    ).fetchall()


def articles_by_id(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, Article]:
    """The articles of `article_ids`: the live version, else the latest removed one (a reader on an older commit)."""
    wanted = list(dict.fromkeys(article_ids))
    found: dict[str, Article] = {}
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        marks = ",".join("?" * len(batch))
        query = f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY removed_in IS NULL, removed_in"
        for row in conn.execute(query, batch):
            found[row["id"]] = article_from_row(row)
    return found


def chunks_by_id(conn: sqlite3.Connection, chunk_ids: Sequence[int]) -> dict[int, StoredChunk]:
    found: dict[int, StoredChunk] = {}
    for start in range(0, len(chunk_ids), 500):
        batch = [int(i) for i in chunk_ids[start : start + 500]]
        marks = ",".join("?" * len(batch))
        query = f"""SELECT c.id, a.id AS article_id, c.ord, c.start, c.end, c.text
                    FROM chunks c JOIN articles a ON a.row_id = c.article_row WHERE c.id IN ({marks})"""
        for row in conn.execute(query, batch):
            found[row["id"]] = StoredChunk(
                row["id"], row["article_id"], row["ord"], row["start"], row["end"], row["text"]
            )
    return found


def iter_chunk_texts(conn: sqlite3.Connection) -> Iterator[tuple[int, str, str]]:
    """(chunk id, chunk text, article title) for every live chunk, in id order."""
    query = (
        "SELECT c.id, c.text, a.title FROM chunks c JOIN articles a ON a.row_id = c.article_row "
        "WHERE c.removed_in IS NULL ORDER BY c.id"
    )
    for row in conn.execute(query):
        yield int(row[0]), row[1], row[2]


def counts(conn: sqlite3.Connection) -> tuple[int, int]:
    """Live articles and chunks."""
    articles = conn.execute("SELECT COUNT(*) FROM articles WHERE removed_in IS NULL").fetchone()[0]
    chunks = conn.execute("SELECT COUNT(*) FROM chunks WHERE removed_in IS NULL").fetchone()[0]
    return int(articles), int(chunks)


def list_articles(
    conn: sqlite3.Connection,
    *,
    query: str = "",
    publisher: str = "",
    date_from: str = "",
    date_to: str = "",
    limit: int = 50,
    offset: int = 0,
) -> list[ArticleInfo]:
    """Articles matching every given filter, newest first. `query` matches title, id, publisher or source."""
    clauses, params = ["a.removed_in IS NULL"], []
    if query:
        like = _contains(query)
        clauses.append(
            "(fold(a.title) LIKE ? ESCAPE '\\' OR fold(a.id) LIKE ? ESCAPE '\\' "
            "OR fold(a.publisher) LIKE ? ESCAPE '\\' OR fold(a.source) LIKE ? ESCAPE '\\')"
        )
        params += [like] * 4
    if publisher:
        clauses.append("(fold(a.publisher) LIKE ? ESCAPE '\\' OR fold(a.source) LIKE ? ESCAPE '\\')")
        params += [_contains(publisher)] * 2
    if date_from:
        clauses.append("substr(a.published_at, 1, 10) >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("substr(a.published_at, 1, 10) <= ?")
        params.append(date_to)
    where = "WHERE " + " AND ".join(clauses)
    rows = conn.execute(
        f"""SELECT a.*, (SELECT COUNT(*) FROM chunks c WHERE c.article_row = a.row_id) AS n_chunks
            FROM articles a {where}
            ORDER BY a.published_at IS NULL, a.published_at DESC, a.id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    ).fetchall()
    return [ArticleInfo(article_from_row(r), int(r["n_chunks"]), r["indexed_at"], int(r["row_id"])) for r in rows]


def live_articles(conn: sqlite3.Connection) -> list[Article]:
    """Every live article, in any store version (a format-1 store has no tombstones)."""
    columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
    where = "WHERE removed_in IS NULL" if "removed_in" in columns else ""
    return [article_from_row(r) for r in conn.execute(f"SELECT * FROM articles {where} ORDER BY row_id")]


def article_id_at(conn: sqlite3.Connection, row_id: int) -> str | None:
    row = conn.execute("SELECT id FROM articles WHERE row_id = ?", (row_id,)).fetchone()
    return None if row is None else str(row[0])


def _contains(text: str) -> str:
    """A LIKE pattern matching `text` literally anywhere: its own % and _ are not wildcards."""
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def sentence_key(text: str) -> str:
    """Sentences are stored by content: overlapping chunks and re-indexing share them."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:20]


def sentence_vectors(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, np.ndarray]:
    found: dict[str, np.ndarray] = {}
    wanted = list(dict.fromkeys(keys))
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        marks = ",".join("?" * len(batch))
        for key, blob in conn.execute(f"SELECT key, embedding FROM sentence_vectors WHERE key IN ({marks})", batch):
            found[key] = np.frombuffer(blob, dtype=np.float32)
    return found


def sentence_keys_present(conn: sqlite3.Connection, keys: Sequence[str]) -> set[str]:
    """Those of `keys` with a stored sentence vector (without reading the vectors)."""
    found: set[str] = set()
    wanted = list(dict.fromkeys(keys))
    for start in range(0, len(wanted), 500):
        batch = wanted[start : start + 500]
        marks = ",".join("?" * len(batch))
        found.update(r[0] for r in conn.execute(f"SELECT key FROM sentence_vectors WHERE key IN ({marks})", batch))
    return found


def insert_sentence_vectors(conn: sqlite3.Connection, keys: Sequence[str], vectors: np.ndarray) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO sentence_vectors (key, embedding) VALUES (?, ?)",
        [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in zip(keys, vectors, strict=True)],
    )


def prune_sentence_vectors(conn: sqlite3.Connection, keep: set[str]) -> int:
    """Delete the stored sentence vectors whose key is not in `keep`; returns how many went."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep_sentences (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM keep_sentences")
    conn.executemany("INSERT OR IGNORE INTO keep_sentences (key) VALUES (?)", ((k,) for k in keep))
    removed = conn.execute("DELETE FROM sentence_vectors WHERE key NOT IN (SELECT key FROM keep_sentences)").rowcount
    conn.execute("DROP TABLE keep_sentences")
    return removed


def chunk_dates(conn: sqlite3.Connection, commit: int) -> tuple[np.ndarray, list[str | None]]:
    """Every chunk id live at `commit`, ascending, with its article's `published_at` (None when undated)."""
    rows = conn.execute(
        "SELECT c.id, a.published_at FROM chunks c JOIN articles a ON a.row_id = c.article_row "
        "WHERE c.added_in <= ? AND (c.removed_in IS NULL OR c.removed_in > ?) ORDER BY c.id",
        (commit, commit),
    ).fetchall()
    return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)), [r[1] for r in rows]
