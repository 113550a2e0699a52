"""BM25 postings read per question from Milvus, for a reader that holds no segment's postings.

A Milvus reader loads each live segment's postings once (FRONTLINE_MILVUS_LEXICAL=load, the
default): as fast as the folder's reader, and as much memory. With `query` it keeps only
each segment's chunk ids and lengths, and each question reads the postings of its own terms:

    <space>_terms   one row per segment, channel and term (and part, past `PER_ROW` postings):
                    the positions in the segment of the chunks holding the term, and how often

`RemoteChannel` is a `LexicalChannel` whose `_runs` come from those rows, mapped to the
channel's slots; the BM25 statistics over the live chunks, the scores and the coverage are
the channel's own code, so fusion sees the same numbers either way.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from index.store.lexical import LexicalChannel, Postings
from index.store.milvus_layout import MARK, query_keys
from index.store.reader import Unit
from index.store.segment import Segment
from index.store.vectors.milvus import Connection

TERMS = "_terms"
PER_ROW = 10_000  # postings a row holds: 40,000 bytes of positions, 53,336 characters of base64
_FULL = len(base64.b64encode(bytes(4 * PER_ROW)))  # a row this long may have a next part
CACHED_POSTINGS = 2_000_000  # postings a query-mode channel keeps between questions (~24 MB)
_UPSERT = 500
LONG_TERM = 500  # UTF-8 bytes: a longer term is keyed by its digest (Milvus holds 1,024 in `term`, 1,200 in `pk`)


def length_file(channel: str) -> str:
    """The segment file holding each chunk's length in `channel` (what `query` mode loads)."""
    return f"{channel}.len.npy"


def term_key(term: str) -> str:
    """What `<space>_terms` stores `term` under: itself, or past `LONG_TERM` bytes "#sha1:" and its digest.

    The writer's rows and a reader's look-ups both go through here. No analyzer's term holds ":"
    beside "#", so a digest never meets a real term; terms as short as ever keep their rows.
    """
    raw = term.encode("utf-8")
    return term if len(raw) <= LONG_TERM else "#sha1:" + hashlib.sha1(raw).hexdigest()


def term_rows(segment: str, postings: Postings) -> Iterator[dict[str, Any]]:
    """The `<space>_terms` rows of one segment's channel."""
    docs = postings.docs.astype("<i4")
    tf = postings.tf.astype("<u2")
    for column, term in enumerate(postings.terms):
        key = term_key(term)
        start, end = int(postings.indptr[column]), int(postings.indptr[column + 1])
        for part, first in enumerate(range(start, end, PER_ROW)):
            last = min(first + PER_ROW, end)
            yield {
                "pk": f"{segment}/{postings.name}/{part}/{key}",
                "segment": segment,
                "channel": postings.name,
                "term": key,
                "part": part,
                "docs": base64.b64encode(docs[first:last].tobytes()).decode("ascii"),
                "tf": base64.b64encode(tf[first:last].tobytes()).decode("ascii"),
                "mark": MARK,
            }


def publish_terms(client: Any, space: str, segment: str, channels: Sequence[Postings]) -> None:
    batch: list[dict[str, Any]] = []
    for postings in channels:
        for row in term_rows(segment, postings):
            batch.append(row)
            if len(batch) >= _UPSERT:
                client.upsert(space + TERMS, batch)
                batch = []
    if batch:
        client.upsert(space + TERMS, batch)


def skeleton(name: str, chunk_ids: np.ndarray, lengths: np.ndarray) -> Postings:
    """A segment's channel without its postings: what `LexicalChannel.over` lays slots out by."""
    empty = np.zeros(0, np.int32)
    return Postings(name, chunk_ids, [], np.zeros(1, np.int64), empty, np.zeros(0, np.uint8), lengths.astype(np.int32))


@dataclass(frozen=True, eq=False)
class RemoteChannel(LexicalChannel):
    """A channel over skeleton postings whose terms' postings are read from `<space>_terms` per question."""

    conn: Connection | None = None
    space: str = ""
    slots: dict[str, np.ndarray] = field(default_factory=dict)  # segment -> the slot of each of its chunk positions

    @classmethod
    def over_units(
        cls, name: str, units: list[Unit], members: list[list[Segment]], conn: Connection, space: str
    ) -> RemoteChannel:
        """The channel over `units` (skeletons), `members[i]` the published segments unit i combines."""
        channel = cls.over(name, [(u.segment.postings[name], u.live) for u in units], cached_postings=CACHED_POSTINGS)
        offsets = {id(postings): offset for postings, offset in channel.parts}
        slots: dict[str, np.ndarray] = {}
        for unit, segments in zip(units, members, strict=True):
            combined = unit.segment.postings[name]
            offset = offsets.get(id(combined))
            if offset is None:  # no live chunk: not searched
                continue
            for segment in segments:
                slots[segment.name] = offset + np.searchsorted(combined.chunk_ids, segment.chunk_ids)
        laid_out = {f.name: getattr(channel, f.name) for f in fields(LexicalChannel)}
        return cls(**laid_out, conn=conn, space=space, slots=slots)

    def _runs(self, terms: list[str]) -> list[tuple[int, int, np.ndarray, np.ndarray]]:
        if not terms or not self.slots:
            return []
        assert self.conn is not None
        pieces: dict[tuple[str, str], dict[int, tuple[str, str]]] = {}
        wanted = [(segment, term_key(term)) for segment in self.slots for term in terms]
        part = 0
        while wanted:  # by primary key: part 0 of each; the next part of those that filled theirs
            keys = [f"{segment}/{self.name}/{part}/{term}" for segment, term in wanted]
            rows = query_keys(self.conn, self.space + TERMS, "pk", keys, ["segment", "term", "docs", "tf"])
            full = []
            for row in rows:
                pieces.setdefault((row["segment"], row["term"]), {})[part] = (row["docs"], row["tf"])
                if len(row["docs"]) >= _FULL:
                    full.append((row["segment"], row["term"]))
            wanted, part = full, part + 1
        number = {term_key(term): i for i, term in enumerate(terms)}
        runs = []
        for (segment, term), found in pieces.items():
            ordered = [found[part] for part in sorted(found)]
            docs = np.concatenate([np.frombuffer(base64.b64decode(d), "<i4") for d, _ in ordered])
            tf = np.concatenate([np.frombuffer(base64.b64decode(t), "<u2") for _, t in ordered])
            runs.append((number[term], 0, self.slots[segment][docs], tf))
        return runs
