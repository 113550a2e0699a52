"""Embeddings with the prompts the model expects: sentence-transformers (torch) or the fast OpenVINO backend.

`FRONTLINE_EMBED_BACKEND` picks the runtime: `auto` (default) runs the offline model on
OpenVINO int8 when `openvino` and `nncf` are installed, else torch fp32; `openvino` insists
on it; `torch` always uses sentence-transformers. Other models always run on torch.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.embed import fast_embed
from index.embed.offline_model import (
    OFFLINE_MODEL_NAME,
    PASSAGE_PROMPT,
    QUERY_PROMPT,
    built_offline_model,
    ensure_offline_model,
)
from index.errors import ModelError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = OFFLINE_MODEL_NAME
BACKENDS = ("auto", "openvino", "torch")
_TOKEN_COUNTS = 4096  # token counts remembered (pieces of the article being chunked, mostly)


def resolve_backend(backend: str, name: str) -> str:
    """The runtime `backend` means for model `name`: "openvino" or "torch"."""
    if backend not in BACKENDS:
        raise ModelError(
            "model_unavailable", reason=f"unknown embedding backend {backend!r}; choose one of {', '.join(BACKENDS)}"
        )
    if name != DEFAULT_MODEL:
        if backend == "openvino":
            raise ModelError(
                "model_unavailable", reason=f"the openvino backend runs the offline default model only, not {name!r}"
            )
        return "torch"
    if backend == "auto":
        return "openvino" if fast_embed.can_build() else "torch"
    return backend


def needs_build(name: str, cache_dir: Path | None, backend: str) -> bool:
    """Whether loading `name` would first write model files into `cache_dir` (builds nothing itself)."""
    if name != DEFAULT_MODEL:
        return False  # hub models and folders are read where they are
    st_folder = built_offline_model(cache_dir)
    if st_folder is None:
        return True
    return resolve_backend(backend, name) == "openvino" and not fast_embed.is_built(st_folder)


class Embedder:
    """Encodes questions and passages into L2-normalised float32 vectors.

    `name` is recorded in the index manifest: the offline default, a hub model id, or a
    folder path. e5-family models need "query: " / "passage: " prefixes; other models get
    the prompts configured in their folder, if any.
    """

    def __init__(
        self,
        name: str = DEFAULT_MODEL,
        *,
        cache_dir: Path | None = None,
        batch_size: int = 32,
        backend: str | None = None,
    ) -> None:
        self.name = name
        self.batch_size = batch_size
        self.backend = resolve_backend(backend or os.environ.get("FRONTLINE_EMBED_BACKEND", "auto"), name)
        self._model: Any = None  # a SentenceTransformer on the torch backend
        self._fast: fast_embed.OpenVinoEncoder | None = None
        if self.backend == "openvino":
            st_folder = ensure_offline_model(cache_dir)
            self.max_tokens = 512  # the offline model's position table, as sentence-transformers reports it
            self._fast = _load_fast(st_folder, self.max_tokens, batch_size)
            self.dim = self._fast.dim
            prompts = {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT}
        else:
            self._model = _load(name, cache_dir)
            self.dim = int(self._model.get_embedding_dimension() or 0)
            self.max_tokens = int(self._model.max_seq_length or 512)
            prompts = dict(self._model.prompts or {})
        if "e5" in name.lower() and not prompts:
            prompts = {"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT}
        # The chunker asks for the length of the same pieces again and again as it merges them:
        # on the bulk bench 8,718 calls for 100 articles, of 2,960 distinct pieces.
        self._token_counts = lru_cache(maxsize=_TOKEN_COUNTS)(self._token_length)
        self.query_prompt = prompts.get("query", "")
        self.passage_prompt = prompts.get("passage", prompts.get("document", ""))

    def token_length(self, text: str) -> int:
        return self._token_counts(text)

    def _token_length(self, text: str) -> int:
        if self._fast is not None:
            return self._fast.tokenizer.count(text)
        return len(self._model.tokenizer(text, add_special_tokens=False)["input_ids"])

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prompt)

    def encode_passages(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        return self._encode(texts, self.passage_prompt, show_progress=show_progress)

    def encode_mixed(self, queries: Sequence[str], passages: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Questions and passages together: on the fast backend one call, spread over its streams."""
        if self._fast is None or not queries or not passages:
            return self.encode_queries(queries), self.encode_passages(passages)
        prompted = [self.query_prompt + t for t in queries] + [self.passage_prompt + t for t in passages]
        vectors = self._fast.encode(prompted)
        return vectors[: len(queries)], vectors[len(queries) :]

    def encode_passage_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """`encode_passages(texts)`, and from the same forward pass a vector for each span of each text.

        `spans[i]` are (start, end) character offsets into `texts[i]` (without the prompt). A span's
        vector is the model's mean pooling over the tokens overlapping it, L2-normalised: the span
        as read in the context of its text, at no extra model cost. A span with no token inside
        the model's window (truncated away, or blank) gets a zero vector.
        """
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        shift = len(self.passage_prompt)
        prompted = [self.passage_prompt + text for text in texts]
        moved = [[(start + shift, end + shift) for start, end in text_spans] for text_spans in spans]
        if self._fast is not None:
            return self._fast.encode_spans(prompted, moved)
        return self._torch_spans(prompted, moved)

    def _torch_spans(self, texts: list[str], spans: list[list[tuple[int, int]]]) -> tuple[np.ndarray, list[np.ndarray]]:
        tokens = self._model.encode(
            texts, batch_size=self.batch_size, output_value="token_embeddings", convert_to_numpy=False
        )
        encoded = self._model.tokenizer(texts, return_offsets_mapping=True, truncation=True, max_length=self.max_tokens)
        vectors = np.empty((len(texts), self.dim), dtype=np.float32)
        pooled = [np.zeros((len(s), self.dim), dtype=np.float32) for s in spans]
        for i, (hidden, text_spans) in enumerate(zip(tokens, spans, strict=True)):
            hidden = hidden.float().cpu().numpy()
            vectors[i] = hidden.mean(axis=0)
            offsets = np.asarray(encoded["offset_mapping"][i], dtype=np.int64)[: len(hidden)]
            special = (offsets[:, 0] == 0) & (offsets[:, 1] == 0)
            for n, (start, end) in enumerate(text_spans):
                inside = (offsets[:, 0] < end) & (offsets[:, 1] > start) & ~special
                if inside.any():
                    pooled[i][n] = hidden[inside].mean(axis=0)
        for block in (vectors, *pooled):
            norms = np.linalg.norm(block, axis=1, keepdims=True)
            np.divide(block, norms, out=block, where=norms > 0)
        return vectors, pooled

    def _encode(self, texts: Sequence[str], prompt: str, *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._fast is not None:
            return self._fast.encode([prompt + text for text in texts])
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
def shared_embedder(
    name: str = DEFAULT_MODEL, cache_dir: Path | None = None, batch_size: int = 32, backend: str | None = None
) -> Embedder:
    """One loaded model per process and configuration (the CLI, the bot and tests share it)."""
    return Embedder(name, cache_dir=cache_dir, batch_size=batch_size, backend=backend)


def _load_fast(st_folder: Path, max_tokens: int, batch_size: int) -> fast_embed.OpenVinoEncoder:
    try:
        return fast_embed.OpenVinoEncoder(st_folder, max_tokens, batch_size)
    except ModelError:
        raise
    except Exception as exc:  # export, quantisation or device errors from openvino/nncf
        raise ModelError(
            "model_unavailable",
            reason=f"cannot load the openvino embedding backend: {exc}; set FRONTLINE_EMBED_BACKEND=torch",
        ) from exc


def _load(name: str, cache_dir: Path | None) -> SentenceTransformer:
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
        raise ModelError(
            "model_unavailable", reason=f"cannot load embedding model {name!r}: {exc.__class__.__name__}{hint}"
        ) from exc
