"""Sentence-transformers embeddings with the prompts the model expects."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.errors import ModelError
from index.offline_model import OFFLINE_MODEL_NAME, PASSAGE_PROMPT, QUERY_PROMPT, ensure_offline_model

DEFAULT_MODEL = OFFLINE_MODEL_NAME


class Embedder:
    """Encodes questions and passages into L2-normalised float32 vectors.

    `name` is recorded in the index manifest: the offline default, a hub model id, or a
    folder path. e5-family models need "query: " / "passage: " prefixes; other models get
    the prompts configured in their folder, if any.
    """

    def __init__(self, name: str = DEFAULT_MODEL, *, cache_dir: Path | None = None, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model = _load(name, cache_dir)
        self.dim = int(self._model.get_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length or 512)
        prompts = dict(self._model.prompts or {})
        if "e5" in name.lower() and not prompts:
            prompts = {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT}
        self.query_prompt = prompts.get("query", "")
        self.passage_prompt = prompts.get("passage", prompts.get("document", ""))

    def token_length(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt)

    def encode_passages(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        return self._encode(texts, self.passage_prompt, show_progress=show_progress)

    def _encode(self, texts: Sequence[str], prompt: str, *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            prompt=prompt or None,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


@lru_cache(maxsize=4)
def shared_embedder(name: str = DEFAULT_MODEL, cache_dir: Path | None = None, batch_size: int = 32) -> Embedder:
    """One loaded model per process and configuration (the CLI, the bot and tests share it)."""
    return Embedder(name, cache_dir=cache_dir, batch_size=batch_size)


def _load(name: str, cache_dir: Path | None):  # -> SentenceTransformer
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from sentence_transformers import SentenceTransformer

    path: str = name
    if name == DEFAULT_MODEL:
        path = str(ensure_offline_model(cache_dir))
    try:
        # Silence the load report and progress bar transformers prints on every load.
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        return SentenceTransformer(path, device="cpu")
    except Exception as exc:  # many failure types: missing folder, no network, bad config
        hint = "" if Path(name).exists() else " (a hub model needs network access; the default works offline)"
        raise ModelError(f"cannot load embedding model {name!r}: {exc.__class__.__name__}{hint}") from exc
