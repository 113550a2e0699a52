"""Adding and removing articles: parse results in, committed generations out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from index.embed.bulk import (
    SENTENCE_MODE_KEY,
    ChunkVectors,
    SentenceMode,
    answer_sentences,
    encode_chunks_and_sentences,
    recorded_sentence_mode,
)
from index.embed.embedder import Embedder
from index.errors import InputError
from index.ingest.loader import Loaded
from index.store import db
from index.store.folder import IndexDir, WriteTxn
from index.store.sentences import PER_CHUNK
from index.text.chunking import Chunk, chunk_text, make_splitter, passage_text

Progress = Callable[[int], None]  # called with the number of articles just processed
_EMBED_GROUP = 64  # articles embedded together, so short articles still fill a batch
# A bulk add commits (one segment) each time this many chunks are pending: memory stays
# flat however many articles come, and a crash loses at most the batch being written.
# An add smaller than this is one commit: all of it or none of it.
COMMIT_CHUNKS = 16_384


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)  # one each, naming the input
    chunks: int = 0
    undated: list[str] = field(default_factory=list)  # "label ('value')": indexed without the invalid date given
    replaced: list[str] = field(default_factory=list)  # "label (3 bytes not cp1252)": unreadable bytes kept as U+FFFD

    def summary(self) -> str:
        text = (
            f"added {len(self.added)}, updated {len(self.updated)}, unchanged {len(self.unchanged)}, "
            f"failed {len(self.failed)} ({self.chunks} chunks embedded)"
        )
        if self.undated:
            more = len(self.undated) - 3
            shown = "; ".join(self.undated[:3]) + (f"; and {more} more" if more > 0 else "")
            text += f"; {len(self.undated)} stored without a date (not a valid date: {shown})"
        if self.replaced:
            more = len(self.replaced) - 3
            shown = "; ".join(self.replaced[:3]) + (f"; and {more} more" if more > 0 else "")
            text += f"; {len(self.replaced)} with unreadable bytes replaced by \ufffd ({shown})"
        return text


@dataclass(frozen=True)
class ChunkingOptions:
    chunk_tokens: int = 128
    overlap_tokens: int = 24
    # How a new index makes its answer sentences' vectors (index/embed/bulk.py); an existing
    # index keeps the mode it records.
    sentence_vectors: SentenceMode = "lazy"


def add_articles(
    index_dir: IndexDir,
    embedder: Embedder,
    items: Iterable[Loaded | InputError],
    chunking: ChunkingOptions = ChunkingOptions(),
    progress: Progress | None = None,
    *,
    fresh: bool = False,
) -> AddReport:
    """Index `items` (parse results); `fresh` rebuilds the index from these articles alone.

    `items` is read once, as it comes: an archive streamed from the loader is never held
    whole (20,000 parsed articles of ~5 KB held 0.49 GB as a list).
    """
    report = AddReport()
    budget = min(chunking.chunk_tokens, embedder.max_tokens - 16)
    splitter = make_splitter(embedder.token_length, budget, min(chunking.overlap_tokens, budget // 4))
    with index_dir.write(embedder.name, embedder.dim, fresh=fresh) as txn, ThreadPoolExecutor(1) as model:
        txn.changed = fresh  # a rebuild commits even when it holds nothing
        mode = _sentence_mode(txn, chunking.sentence_vectors)
        pending: list[tuple[Loaded, list[Chunk], str]] = []
        embedding: _Embedding | None = None  # the group the model works on while this thread reads the next

        def store(group: _Embedding | None) -> None:
            if group is not None:
                _store(txn, group, report, progress)
                _commit_if_full(txn)

        for item in items:
            if not isinstance(item, Loaded):
                if isinstance(item, InputError):
                    report.failed.append(item)
                continue
            if item.date_dropped:
                report.undated.append(f"{item.label} ({item.date_dropped!r})")
            if item.replaced_bytes:
                report.replaced.append(f"{item.label} ({item.replaced_bytes})")
            if embedding is not None and item.article.id in embedding.ids:  # its hash is compared with that copy's
                store(embedding)
                embedding = None
            previous = db.content_hash(txn.conn, item.article.id)
            new_hash = item.article.content_hash()
            if previous == new_hash or any(p[0].article.id == item.article.id for p in pending):
                report.unchanged.append(item.article.id)
                if progress:
                    progress(1)
                continue
            chunks = chunk_text(item.article.text, splitter)
            pending.append((item, chunks, "updated" if previous else "added"))
            if len(pending) >= _EMBED_GROUP:
                started = _start_embedding(model, txn, embedder, pending, mode)
                store(embedding)
                embedding, pending = started, []
        store(embedding)
        store(_start_embedding(model, txn, embedder, pending, mode))
    return report


def _commit_if_full(txn: WriteTxn) -> None:
    if txn.pending_chunks >= COMMIT_CHUNKS:
        txn.commit()


@dataclass
class _Embedding:
    """A group of articles whose chunks (and, by mode, answer sentences) the model is embedding."""

    pending: list[tuple[Loaded, list[Chunk], str]]
    texts: list[str]  # what each chunk is embedded as, in order
    vectors: Future[ChunkVectors]
    # Each chunk's answer sentences, when their vectors go into the segment too (index/store/sentences.py).
    sentences: list[list[str]] | None = None

    @property
    def ids(self) -> set[str]:
        return {item.article.id for item, _, _ in self.pending}


def _start_embedding(
    model: ThreadPoolExecutor,
    txn: WriteTxn,
    embedder: Embedder,
    pending: list[tuple[Loaded, list[Chunk], str]],
    mode: SentenceMode,
) -> _Embedding | None:
    """One model call for the group's chunks (and answer sentences the index lacks), on `model`'s thread.

    The model runs while this thread parses and chunks the next group and writes the last one
    (SQLite rows, a segment's postings when a commit is due): those took the model's cores for
    ~8% of a bulk add when done in turn. The index is read here, on the writer's thread.
    """
    if not pending:
        return None
    texts = [passage_text(item.article.title, c.text) for item, chunks, _ in pending for c in chunks]
    chunk_texts = [c.text for _, chunks, _ in pending for c in chunks]
    known: set[str] = set()
    per_chunk = None
    if mode == "direct":  # split once: for the look-up here, the model call and the segment
        per_chunk = [answer_sentences(chunk) for chunk in chunk_texts]
        known = _stored(txn, [s for sentences in per_chunk for s in sentences])
    vectors = model.submit(
        encode_chunks_and_sentences,
        embedder,
        texts,
        chunk_texts,
        stored=lambda _: known,
        sentences=mode,
        per_chunk=per_chunk,
    )
    return _Embedding(pending, texts, vectors, per_chunk)


def _store(txn: WriteTxn, group: _Embedding, report: AddReport, progress: Progress | None) -> None:
    embedded = group.vectors.result()
    db.insert_sentence_vectors(txn.conn, [db.sentence_key(s) for s in embedded.sentences], embedded.sentence_vectors)
    vectors = embedded.chunk_vectors
    found = _sentence_vectors(txn, embedded, group.sentences) if group.sentences is not None else None
    offset = 0
    for item, chunks, status in group.pending:
        article_vectors = vectors[offset : offset + len(chunks)]
        article_texts = group.texts[offset : offset + len(chunks)]
        sentences = None
        if found is not None and group.sentences is not None:
            dim = vectors.shape[1]
            sentences = [
                np.asarray([found[s] for s in texts[:PER_CHUNK] if s in found], np.float32).reshape(-1, dim)
                for texts in group.sentences[offset : offset + len(chunks)]
            ]
        offset += len(chunks)
        txn.dropped_chunks |= bool(txn.remove_articles([item.article.id]))
        new_ids = txn.insert_article(item.article, chunks, article_vectors)
        txn.add_chunks(
            np.asarray(new_ids, dtype=np.int64), article_vectors, article_texts, item.article.to_record(), sentences
        )
        (report.added if status == "added" else report.updated).append(item.article.id)
        report.chunks += len(chunks)
        txn.changed = True
        if progress:
            progress(1)


def _sentence_vectors(txn: WriteTxn, embedded: ChunkVectors, per_chunk: list[list[str]]) -> dict[str, np.ndarray]:
    """The vector of every answer sentence of a group's chunks: just embedded, else stored by an earlier write."""
    found = dict(zip(embedded.sentences, embedded.sentence_vectors, strict=True))
    older = {s for sentences in per_chunk for s in sentences if s not in found}
    stored = db.sentence_vectors(txn.conn, [db.sentence_key(s) for s in older]) if older else {}
    found.update((s, stored[db.sentence_key(s)]) for s in older if db.sentence_key(s) in stored)
    return found  # none missing unless pruned mid-write


def _sentence_mode(txn: WriteTxn, wanted: SentenceMode) -> SentenceMode:
    """How this write makes answer-sentence vectors: the mode the index records, else `wanted` (recorded).

    An index keeps its mode for every later write. A pooled one's vectors are stored by
    content and shared across adds, and the abstention weights are chosen by the recorded
    mode; a direct one's segments keep the sentence vectors retrieval searches
    (index/store/sentences.py), and a segment written without them would rank its chunks by
    their chunk vectors alone; a lazy one has none to search. An empty index (new, or a
    rebuild) takes `wanted`; one written before the record holds direct vectors.
    """
    recorded = recorded_sentence_mode(txn.conn)
    if recorded is not None:
        return recorded
    empty = txn.live[1] == 0 and txn.conn.execute("SELECT 1 FROM sentence_vectors LIMIT 1").fetchone() is None
    mode: SentenceMode = wanted if empty else "direct"
    txn.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (SENTENCE_MODE_KEY, mode))
    return mode


def _stored(txn: WriteTxn, sentences: list[str]) -> set[str]:
    """Those of `sentences` whose vector the index holds already (overlapping chunks and re-indexing share them)."""
    keys = {db.sentence_key(s): s for s in sentences}
    return {keys[k] for k in db.sentence_keys_present(txn.conn, list(keys))}


@dataclass
class RemoveReport:
    removed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def remove_articles(index_dir: IndexDir, article_ids: Sequence[str]) -> RemoveReport:
    report = RemoveReport()
    manifest = index_dir.manifest()
    if manifest is None:
        report.missing = list(article_ids)
        return report
    with index_dir.write(manifest.model, manifest.dim) as txn:
        for article_id in dict.fromkeys(article_ids):
            if txn.remove_articles([article_id]):
                report.removed.append(article_id)
                txn.dropped_chunks = True
            else:
                report.missing.append(article_id)
    return report
