"""Vector stores behind one interface (`base.VectorStore`); segments name their backend."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from index.store.vectors.base import VectorStore

# backend name -> "module:class"; a server engine is one more file and one more line here.
BACKENDS = {"faiss": "index.store.vectors.faiss:FaissStore", "milvus": "index.store.vectors.milvus:MilvusStore"}
DEFAULT = "faiss"


def backend(name: str) -> type[VectorStore]:
    module, _, cls = BACKENDS[name].partition(":")
    found: type[VectorStore] = getattr(import_module(module), cls)
    return found


def load(name: str, folder: Path) -> VectorStore:
    return backend(name).load(folder)


def release(folder: Path) -> None:
    """Before `folder` (a segment or a generation) is deleted: each backend whose file it holds frees its rows."""
    if folder.is_dir():
        for name in BACKENDS:  # backend modules import their engine's client only when they use it
            backend(name).release(folder)


def configure(name: str, **options: str) -> None:
    """Where backend `name` finds its engine in this process (e.g. a Milvus URI)."""
    backend(name).configure(**options)


__all__ = ["BACKENDS", "DEFAULT", "VectorStore", "backend", "configure", "load", "release"]
