"""Embedding a bulk import on a Ray cluster: Ray Data `map_batches`, one model per worker.

`frontline index import` with `FRONTLINE_RAY_ADDRESS` set chunks every article first (as the
indexer will), sends the distinct passages and answer sentences to the cluster in one
Ray Data job, and hands the indexer an embedder that looks their vectors up. Everything
else (chunking, SQLite, segments, the vector store) stays in this process, so the index
is the same as one embedded here; only the model calls move.

Each worker loads the model once (an actor of `_Encoder`) from `FRONTLINE_MODEL_CACHE`,
which must hold the built model on every node (`frontline prepare` there) and the
frontline package must be importable on them. Start-up (connecting, scheduling actors,
loading the model per worker) costs seconds: on one small machine this is slower than
embedding in the process (bench figures in the README); it pays off on a cluster whose
workers add cores.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.embed.bulk import answer_sentences
from index.embed.embedder import Embedder
from index.errors import FrontlineError
from index.text.chunking import chunk_text, make_splitter, passage_text

_ROWS_PER_BATCH = 256
_connected: str | None = None  # the cluster this process's Ray driver is connected to


class _Encoder:
    """A Ray Data worker: the model loaded once, passages embedded batch by batch."""

    def __init__(self, model: str, cache: str | None, batch_size: int, backend: str | None) -> None:
        from index.embed.embedder import shared_embedder

        self._embedder = shared_embedder(model, Path(cache) if cache else None, batch_size, backend)

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self._embedder.encode_passages([str(t) for t in batch["text"]])
        return {"row": batch["row"], "vector": vectors}


class PrecomputedEmbedder:
    """The local embedder, with the vectors of known passages looked up instead of computed."""

    def __init__(self, local: Embedder, vectors: dict[str, np.ndarray]) -> None:
        self._local = local
        self._vectors = vectors
        self.computed_here = 0  # passages the cluster had not embedded (embedded locally)

    def __getattr__(self, name: str) -> Any:  # name, dim, max_tokens, token_length, ...
        return getattr(self._local, name)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            self.computed_here += len(missing)
            self._vectors.update(zip(missing, self._local.encode_passages(missing), strict=True))
        if not texts:
            return np.zeros((0, self._local.dim), np.float32)
        return np.stack([self._vectors[t] for t in texts]).astype(np.float32)


def texts_to_embed(
    articles: Sequence[Any], embedder: Embedder, chunk_tokens: int, overlap_tokens: int, *, sentences: bool = True
) -> list[str]:
    """The distinct passages, and answer sentences with `sentences`, the indexer will ask the model for."""
    budget = min(chunk_tokens, embedder.max_tokens - 16)
    splitter = make_splitter(embedder.token_length, budget, min(overlap_tokens, budget // 4))
    wanted: dict[str, None] = {}
    for article in articles:
        for chunk in chunk_text(article.text, splitter):
            wanted[passage_text(article.title, chunk.text)] = None
            for sentence in answer_sentences(chunk.text) if sentences else ():
                wanted[sentence] = None
    return list(wanted)


def embed_on_ray(
    texts: Sequence[str],
    embedder: Embedder,
    address: str,
    *,
    cache: Path | None = None,
    workers: int | None = None,
) -> dict[str, np.ndarray]:
    """`texts` embedded by the model on the Ray cluster at `address`, one model per worker."""
    if not texts:
        return {}
    try:
        import ray
    except ImportError as exc:
        raise FrontlineError("ray_missing", address=address) from exc
    try:
        for name in ("ray", "ray.data"):  # progress and INFO lines would bury the import's own report
            logging.getLogger(name).setLevel(logging.WARNING)
        global _connected
        _probe(address)  # Ray itself retries an absent cluster for minutes
        if ray.is_initialized() and _connected != address:
            ray.shutdown()
        if not ray.is_initialized():
            ray.init(address=address, log_to_driver=False, logging_level=logging.ERROR, include_dashboard=False)
            _connected = address
        workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        dataset = ray.data.from_items([{"row": i, "text": t} for i, t in enumerate(texts)])
        ray.data.DataContext.get_current().enable_progress_bars = False
        encoded = dataset.map_batches(
            _Encoder,
            fn_constructor_kwargs={
                "model": embedder.name,
                "cache": str(cache) if cache else None,
                "batch_size": getattr(embedder, "batch_size", 32),
                "backend": getattr(embedder, "backend", None),
            },
            batch_size=_ROWS_PER_BATCH,
            concurrency=workers,
            num_cpus=1,
            batch_format="numpy",
        )
        out = np.zeros((len(texts), embedder.dim), np.float32)
        for batch in encoded.iter_batches(batch_size=None, batch_format="numpy"):
            out[batch["row"]] = batch["vector"]
    except FrontlineError:
        raise
    except Exception as exc:  # Ray raises ConnectionError, RayError subclasses and more
        reason = str(exc).splitlines()[0][:200] if str(exc) else exc.__class__.__name__
        raise FrontlineError("ray_failed", address=address, reason=reason) from exc
    return dict(zip(texts, out, strict=True))


def _probe(address: str, timeout_s: float = 5.0) -> None:
    """Fail at once, in one line, when nothing listens at the cluster's address."""
    host_port = address.split("://", 1)[-1].rsplit("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    if not host or not port.isdigit():
        return  # "auto" and other forms Ray resolves itself
    try:
        with socket.create_connection((host, int(port)), timeout=timeout_s):
            pass
    except OSError as exc:
        reason = f"nothing answers at {host}:{port} ({exc.strerror or exc.__class__.__name__})"
        raise FrontlineError("ray_failed", address=address, reason=reason) from exc


def ray_embedder(
    articles: Sequence[Any],
    embedder: Embedder,
    chunk_tokens: int,
    overlap_tokens: int,
    address: str,
    *,
    sentences: bool = True,
    cache: Path | None = None,
    workers: int | None = None,
) -> PrecomputedEmbedder:
    """An embedder for indexing `articles` whose passages were embedded on the Ray cluster at `address`.

    With `sentences`, their answer sentences too (FRONTLINE_SENTENCE_VECTORS=direct).
    """
    texts = texts_to_embed(articles, embedder, chunk_tokens, overlap_tokens, sentences=sentences)
    return PrecomputedEmbedder(embedder, embed_on_ray(texts, embedder, address, cache=cache, workers=workers))
