"""Vector stores behind one interface (`base.VectorStore`); segments name their backend."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from index.store.vectors.base import VectorStore

# backend name -> "module:class"; a server engine is one more file and one more line here.
BACKENDS = {"faiss": "index.store.vectors.faiss:FaissStore"}
DEFAULT = "faiss"


def backend(name: str) -> type[VectorStore]:
    module, _, cls = BACKENDS[name].partition(":")
    found: type[VectorStore] = getattr(import_module(module), cls)
    return found


def load(name: str, folder: Path) -> VectorStore:
    return backend(name).load(folder)


__all__ = ["BACKENDS", "DEFAULT", "VectorStore", "backend", "load"]
