"""Reader feedback on answers (👍 / 👎), kept beside the index in its own SQLite file.

Votes are written often and must not create index generations, so they live outside the
generation folders. User ids are stored only as a salted hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    article_ids TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id TEXT NOT NULL REFERENCES answers(id),
    user_hash TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    voted_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_hash)
);
"""


@dataclass(frozen=True)
class FeedbackRow:
    answer_id: str
    question: str
    article_ids: list[str]
    vote: int
    user_hash: str
    voted_at: str

    def to_json(self) -> dict:
        return asdict(self)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.Lock()
        with self._lock:
            self._conn.executescript(_SCHEMA)
            row = self._conn.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
            if row is None:
                self._conn.execute("INSERT INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
                row = self._conn.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        self._salt = bytes.fromhex(row[0])

    def hash_user(self, user_id: int) -> str:
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]

    def record_answer(self, question: str, article_ids: list[str]) -> str:
        answer_id = secrets.token_hex(8)
        with self._lock:
            self._conn.execute(
                "INSERT INTO answers VALUES (?, ?, ?, ?)", (answer_id, question, json.dumps(article_ids), _now())
            )
        return answer_id

    def vote(self, answer_id: str, user_id: int, vote: int) -> bool:
        """Record (or change) a user's vote; False when the answer is unknown."""
        with self._lock:
            if self._conn.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            self._conn.execute(
                """INSERT INTO votes VALUES (?, ?, ?, ?)
                   ON CONFLICT(answer_id, user_hash)
                   DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at""",
                (answer_id, self.hash_user(user_id), 1 if vote > 0 else -1, _now()),
            )
        return True

    def export(self) -> list[FeedbackRow]:
        with self._lock:
            rows = self._conn.execute(
                """SELECT a.id, a.question, a.article_ids, v.vote, v.user_hash, v.voted_at
                   FROM votes v JOIN answers a ON a.id = v.answer_id ORDER BY v.voted_at, a.id"""
            ).fetchall()
        return [FeedbackRow(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows]

    def close(self) -> None:
        self._conn.close()


def feedback_path(index_dir: Path) -> Path:
    return Path(index_dir) / "feedback.sqlite"
