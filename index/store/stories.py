"""Near-duplicate stories: syndicated, republished and lightly edited copies of one article.

At ingest each article gets a MinHash signature (as datasketch computes it) over its word shingles.
Locality-sensitive hashing finds earlier articles that may be copies: the signature is cut
into bands, each band hashed and stored in SQLite with an index, so looking up a new
article reads only the rows that share one of its bands. Candidates whose estimated
Jaccard similarity reaches `SAME_STORY` are the same story, and the new article joins
theirs: `articles.story` holds the row id of the story's first article (its own when it
has no copy). The cost of an add follows the article added, not the index.

A copy with a sentence added or a credit changed stays near 0.8 or above; 64 signature
values estimate it within about ±0.05, hence `SAME_STORY` = 0.7. Numbers stay in the
shingles, so two reports that differ in their figures (seven killed / nine killed, about
0.5 on a short report) are separate stories, whose figures the answer can set side by side.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3

import numpy as np

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: pairs at Jaccard 0.8 share a band with probability > 0.999
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 4
MIN_SHINGLES = 8  # shorter texts say too little to call two of them copies
MAX_CANDIDATES = 64  # earlier articles compared with a new one, at most
SAME_STORY = 0.7  # estimated Jaccard similarity of two copies of one story (64 values: ±0.05)
SCHEMA_VERSION = 3  # the store schema that has `articles.story` (store.STORIES_SINCE)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.casefold())
    return [" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)]


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature of `text` (uint32, NUM_PERM values), or None when it is too short to compare."""
    grams = shingles(text)
    if len(set(grams)) < MIN_SHINGLES:
        return None
    return _minhash(grams)


# MinHash as datasketch 2 computes it (scheme "affine32", seed 1), so signatures stored by
# earlier versions stay comparable; datasketch itself imports scipy (a second at start-up,
# every CLI call), so the few lines are here. tests/test_stories.py checks they agree.
_PERMUTATIONS = np.random.RandomState(1)
_A = _PERMUTATIONS.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
_B = _PERMUTATIONS.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)


def _minhash(grams: list[bytes]) -> np.ndarray:
    hv = np.array([int.from_bytes(hashlib.sha1(g).digest()[:4], "little") for g in grams], dtype=np.uint32).reshape(
        -1, 1
    )
    hv = hv ^ (hv >> np.uint32(16))  # MurmurHash3's 32-bit finaliser
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    hv = hv ^ (hv >> np.uint32(16))
    return (hv * _A + _B).min(axis=0).astype(np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (SQLite integers), the band number mixed in."""
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * ROWS : (band + 1) * ROWS].tobytes(), digest_size=8, key=bytes([band]))
        keys.append(int.from_bytes(digest.digest(), "big") >> 1)
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


def assign(conn: sqlite3.Connection, row_id: int, text: str) -> int:
    """Record the signature of article `row_id` and put it in its story; returns the story id."""
    sig = signature(text)
    story = row_id
    if sig is not None:
        keys = band_keys(sig)
        marks = ",".join("?" * len(keys))
        # Those sharing the most bands first, and a bounded number of them: a phrase many
        # articles share (an agency's boilerplate) must not make an add read all of them.
        candidates = conn.execute(
            f"""SELECT m.article_row, m.signature, a.story FROM minhash_bands b
                JOIN article_minhash m ON m.article_row = b.article_row
                JOIN articles a ON a.row_id = b.article_row
                WHERE b.key IN ({marks}) AND b.article_row != ?
                GROUP BY b.article_row ORDER BY COUNT(*) DESC, b.article_row LIMIT {MAX_CANDIDATES}""",
            [*keys, row_id],
        ).fetchall()
        copies = [
            int(c[2] if c[2] is not None else c[0])
            for c in candidates
            if similarity(sig, np.frombuffer(c[1], dtype=np.uint32)) >= SAME_STORY
        ]
        story = min(copies, default=row_id)
        conn.execute("INSERT INTO article_minhash (article_row, signature) VALUES (?, ?)", (row_id, sig.tobytes()))
        conn.executemany("INSERT INTO minhash_bands (key, article_row) VALUES (?, ?)", [(k, row_id) for k in keys])
    conn.execute("UPDATE articles SET story = ? WHERE row_id = ?", (story, row_id))
    return story


def backfill(conn: sqlite3.Connection) -> int:
    """Put articles indexed before stories existed into theirs, oldest first (a one-time migration)."""
    rows = conn.execute("SELECT row_id, text FROM articles WHERE story IS NULL ORDER BY row_id").fetchall()
    for row_id, text in rows:
        assign(conn, int(row_id), text)
    return len(rows)


def stories_of(conn: sqlite3.Connection, article_ids: list[str]) -> dict[str, int]:
    """Each article's story id (its own row id when it has no copy); none for an index from before stories."""
    found: dict[str, int] = {}
    if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        return found
    for start in range(0, len(article_ids), 500):
        batch = article_ids[start : start + 500]
        marks = ",".join("?" * len(batch))
        for article_id, row_id, story in conn.execute(
            f"SELECT id, row_id, story FROM articles WHERE id IN ({marks}) ORDER BY removed_in IS NULL", batch
        ):
            found[article_id] = int(story if story is not None else row_id)
    return found
