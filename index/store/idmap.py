"""Look-ups in arrays aligned with ascending chunk ids (lexical channels, hubness)."""

from __future__ import annotations

import numpy as np


def values_at(chunk_ids: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """`values` of the `wanted` chunk ids; 0 for ids `chunk_ids` (ascending) does not hold."""
    out = np.zeros(len(wanted), np.float32)
    if not len(chunk_ids):
        return out
    positions = np.minimum(np.searchsorted(chunk_ids, wanted), len(chunk_ids) - 1)
    present = chunk_ids[positions] == wanted
    out[present] = values[positions[present]]
    return out
