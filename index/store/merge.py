"""Merging segments: `index optimize` (everything into one) and the automatic, tiered policy.

Each write adds a segment, so without merging their number grows with every add and a
question visits more of them. The policy is Lucene's tiered merge in its simplest form:
segments are grouped by size tier (a power of ten of their chunk count) and when a tier
holds `MERGE_FACTOR` segments they become one segment of the next tier, up to
`MAX_MERGED_CHUNKS`. A chunk is thus rewritten about once per tier, log10(n) times in all,
and at most `MERGE_FACTOR - 1` segments stay per tier below the cap. A segment whose
removed chunks exceed `MAX_DEAD_SHARE` is rewritten without them. The hubness reference
is redrawn, and every chunk's and sentence's hubness measured again, by merging everything
while fewer than `SAMPLE` chunks were live at the last such measurement and the index has
doubled since (and is under the cap: else the old reference stays).

A merge is a commit like any other (index/store/folder.py): the merged segment is
written and fsynced before the transaction that names it and drops its sources, so a
kill -9 at any moment leaves either the segments before or the one after. Readers keep
the segments they loaded; the dropped folders stay `KEEP_COMMITS` commits for them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from index.embed.bulk import answer_sentences, sentence_mode
from index.errors import FrontlineError, IndexCorruptError
from index.store import db
from index.store.folder import IndexDir, WriteTxn, live_segments, removed_chunk_ids, segment_name
from index.store.hubness import SAMPLE, Reference
from index.store.segment import Segment
from index.store.sentences import PER_CHUNK, SentenceVectors
from index.text.sentences import split_sentences

MERGE_FACTOR = 10
MAX_DEAD_SHARE = 0.3
# The policy never makes a segment larger than this, as Lucene caps a merged segment at 5 GB:
# a merge holds its sources and the result in memory (merging a 100k-chunk index peaked at
# 0.86 GB), so ten segments of 100k would need ~9 GB, in the bot's own process. Bigger segments
# stay as they are (a question visits one more of them per ~200k chunks); `optimize` merges all.
MAX_MERGED_CHUNKS = 250_000


@dataclass(frozen=True)
class MergePlan:
    names: list[str]
    redraw: bool = False  # draw the hubness reference again from every live chunk (names = all segments)
    reason: str = ""


def plan(txn: WriteTxn) -> MergePlan | None:
    """The next merge the index needs, or None."""
    segments = live_segments(txn.conn, txn.number - 1)
    if not segments:
        return None
    meta = txn.meta()
    # Live chunks when every chunk's hubness was last measured against a reference drawn from all
    # of them (an index from before that record, not written since: the reference's size, which was
    # the same then; its next write records it, WriteTxn._save_reference).
    measured = int(meta.get("reference_measured_at", meta.get("reference_size", 0)))
    _, live_chunks = txn.live
    if measured < SAMPLE and 2 * max(measured, 1) <= live_chunks <= MAX_MERGED_CHUNKS:
        return MergePlan([s.name for s in segments], redraw=True, reason="reference outgrown")
    tiers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for segment in segments:
        tiers[int(math.log10(max(segment.chunks, 1)))].append((segment.chunks, segment.name))
    for tier in sorted(tiers):
        if len(tiers[tier]) >= MERGE_FACTOR:
            names, total = [], 0
            for chunks, name in sorted(tiers[tier]):  # the smallest first, up to the cap
                if total + chunks > MAX_MERGED_CHUNKS:
                    break
                names.append(name)
                total += chunks
            if len(names) >= 2:
                return MergePlan(names, reason=f"tier {tier}")
    dead = removed_chunk_ids(txn.conn, txn.number - 1)
    if len(dead):
        for segment in segments:
            ids = np.load(txn.folder / "segments" / segment.name / "chunk_ids.npy", mmap_mode="r")
            if np.isin(ids, dead).sum() > MAX_DEAD_SHARE * max(segment.chunks, 1):
                return MergePlan([segment.name], reason="removed chunks")
    return None


def merge(txn: WriteTxn, merge_plan: MergePlan) -> None:
    """Carry out `merge_plan` as one commit."""
    dead = removed_chunk_ids(txn.conn, txn.number - 1)
    parts = []
    for name in merge_plan.names:
        try:
            segment = Segment.load(txn.folder / "segments" / name)
        except FrontlineError:  # the vector engine unreachable: not damage
            raise
        except Exception as exc:  # numpy, json and faiss fail in their own ways on a damaged file
            raise IndexCorruptError(
                "index_corrupt",
                path=txn.index_dir.root,
                generation=txn.folder.name,
                reason=f"segment {name} unreadable",
            ) from exc
        parts.append((segment, ~np.isin(segment.chunk_ids, dead)))
    if sentence_mode(txn.conn) == "direct" and any(segment.sentences is None for segment, _ in parts):
        reference = txn.reference()
        for segment, live in parts:
            if segment.sentences is None and reference is not None:
                segment.sentences = _stored_sentences(txn, segment.chunk_ids[live], reference)
    merged = Segment.merge(segment_name(txn.number), parts, txn.dim, backend=txn.backend, space=txn.space)
    everything = {s.name for s in live_segments(txn.conn, txn.number - 1)} == set(merge_plan.names)
    if merge_plan.redraw and everything:
        vectors = merged.vectors.vectors_for(merged.chunk_ids)
        reference = Reference.draw(merged.chunk_ids, vectors, SAMPLE)
        txn.replace_reference(reference, len(merged))
        merged.hubness = reference.values(merged.chunk_ids, vectors)
        if merged.sentences is not None:  # their hubness is measured against the same reference
            sentences = merged.sentences
            sentences.hubness = reference.values(
                -1 - np.arange(len(sentences)), sentences.store.vectors_for(sentences.ids)
            )
    if len(merged):  # a merge of removed chunks only leaves nothing to write
        txn.write_segment(merged)
    marks = ",".join("?" * len(merge_plan.names))
    txn.conn.execute(f"UPDATE segments SET dropped_in = ? WHERE name IN ({marks})", [txn.number, *merge_plan.names])
    db.purge_chunks(txn.conn, np.concatenate([seg.chunk_ids[~live] for seg, live in parts]).tolist())
    if everything:  # every live sentence is known: the vectors of sentences no chunk holds any more go
        keep = {db.sentence_key(s.text) for _, text, _ in db.iter_chunk_texts(txn.conn) for s in split_sentences(text)}
        db.prune_sentence_vectors(txn.conn, keep)
    txn.commit_merge()


def _stored_sentences(txn: WriteTxn, chunk_ids: np.ndarray, reference: Reference) -> SentenceVectors:
    """Sentence vectors for chunks of a direct index's segment written without them, from the stored ones.

    A version before sentence search wrote such segments, and kept every answer sentence's vector
    by content. A merge brings the segment into sentence search with the others, which is off
    while any segment lacks them (reader.Searched).
    """
    chunks = db.chunks_by_id(txn.conn, chunk_ids.tolist())
    texts = [answer_sentences(chunks[i].text)[:PER_CHUNK] if i in chunks else [] for i in chunk_ids.tolist()]
    stored = db.sentence_vectors(txn.conn, [db.sentence_key(t) for sentences in texts for t in sentences])
    per_chunk = [
        np.asarray([stored[k] for k in (db.sentence_key(t) for t in sentences) if k in stored], np.float32)
        .reshape(-1, txn.dim)
        for sentences in texts
    ]
    return SentenceVectors.build(chunk_ids, per_chunk, reference, txn.dim)


def merge_pending(index_dir: IndexDir, model: str, dim: int, *, limit: int = 100) -> int:
    """Run the policy until the index needs no merge (at most `limit` merges); returns how many ran."""
    done = 0
    while done < limit:
        with index_dir.write(model, dim) as txn:
            next_merge = plan(txn)
            if next_merge is None:
                return done
            merge(txn, next_merge)
        done += 1
    return done


def optimize(index_dir: IndexDir, model: str, dim: int) -> int:
    """Merge every segment into one (and drop every removed chunk); returns the segments merged."""
    with index_dir.write(model, dim) as txn:
        names = [s.name for s in live_segments(txn.conn, txn.number - 1)]
        if names:  # even one segment: the merge of everything also drops orphaned sentence vectors
            merge(txn, MergePlan(names, reason="optimize"))
        return len(names)
