"""The e5 model's tokenizer for the OpenVINO backend: XLM-R's SentencePiece unigram model.

The sentence-transformers folder carries the vocabulary as a `tokenizers` tokenizer.json,
which the torch backend runs. The `tokenizers` library keeps a 250k-piece unigram
vocabulary in a byte trie of hash maps: 280 MB resident, more than a quarter of the bot's
1 GB budget at 100k chunks. SentencePiece, the library XLM-R's tokenizer was made with,
holds the same pieces and scores in about 55 MB and tokenises about 5x faster. Measured on
the 14,290 texts of the dev sets, the ids agree everywhere except after trailing whitespace,
where tokenizer.json emits a lone "▁" that SentencePiece (like XLM-R's original) drops.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np

from index.errors import ModelError

_SPECIALS = {"bos": "<s>", "pad": "<pad>", "eos": "</s>"}


def write_sentencepiece_model(tokenizer_json: Path, out: Path) -> None:
    """Write the unigram model of `tokenizer_json` as a SentencePiece model file."""
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    spec = json.loads(tokenizer_json.read_text(encoding="utf-8"))
    if spec["model"]["type"] != "Unigram":
        raise ModelError(
            "model_unavailable", reason=f"{tokenizer_json}: expected a unigram tokenizer, found {spec['model']['type']}"
        )
    added = {token["content"]: token["id"] for token in spec["added_tokens"]}
    missing = [content for content in _SPECIALS.values() if content not in added]
    if missing:
        raise ModelError("model_unavailable", reason=f"{tokenizer_json}: special tokens {missing} not found")

    proto = model_pb2.ModelProto()
    proto.normalizer_spec.CopyFrom(_nmt_nfkc_normalizer())
    trainer = proto.trainer_spec
    trainer.model_type = model_pb2.TrainerSpec.UNIGRAM
    trainer.unk_id = spec["model"]["unk_id"]
    trainer.bos_id, trainer.pad_id, trainer.eos_id = (added[content] for content in _SPECIALS.values())
    piece_type = model_pb2.ModelProto.SentencePiece
    for index, (piece, score) in enumerate(spec["model"]["vocab"]):
        entry = proto.pieces.add(piece=piece, score=score)
        if index == trainer.unk_id:
            entry.type = piece_type.UNKNOWN
        elif piece in added:
            entry.type = piece_type.CONTROL
    out.write_bytes(proto.SerializeToString())


def _nmt_nfkc_normalizer() -> object:  # a NormalizerSpec
    """SentencePiece's nmt_nfkc rules (NFKC, control characters dropped, odd spaces made plain).

    They are the character map XLM-R was trained with, which the offline model's
    tokenizer.json re-states as replace rules. SentencePiece compiles a named rule set into
    a model only when it trains one, so a throwaway model of a few pieces supplies it.
    """
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as model_pb2

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(["a b c d e f g h"] * 50),
        model_writer=buffer,
        vocab_size=12,
        hard_vocab_limit=False,
        normalization_rule_name="nmt_nfkc",
        minloglevel=3,
    )
    throwaway = model_pb2.ModelProto()
    throwaway.ParseFromString(buffer.getvalue())
    return throwaway.normalizer_spec


class Tokenizer:
    """Token ids as the model takes them: `<s>`, the pieces (truncated), `</s>`."""

    def __init__(self, model_file: Path, max_tokens: int) -> None:
        import sentencepiece as spm

        self._sp = spm.SentencePieceProcessor(model_file=str(model_file))
        self._bos, self._eos = self._sp.bos_id(), self._sp.eos_id()
        self.pad_id = self._sp.pad_id()
        self._max_pieces = max_tokens - 2

    def ids(self, texts: Sequence[str]) -> list[list[int]]:
        return [[self._bos, *pieces[: self._max_pieces], self._eos] for pieces in self._sp.encode(list(texts))]

    def ids_and_offsets(self, texts: Sequence[str]) -> tuple[list[list[int]], list[np.ndarray]]:
        """`ids(texts)`, and for each text the character span of each of its ids.

        An (n, 2) array of (start, end) per text, one row per id, (0, 0) for `<s>` and `</s>`;
        a piece's span covers the whitespace its leading "▁" stands for.
        """
        ids, offsets = [], []
        for pieces, spans in self._encode_with_offsets(list(texts)):
            kept = len(pieces[: self._max_pieces])
            ids.append([self._bos, *pieces[:kept], self._eos])
            out = np.zeros((kept + 2, 2), dtype=np.int64)
            if kept:
                out[1:-1] = spans[:kept]
            offsets.append(out)
        return ids, offsets

    def _encode_with_offsets(self, texts: list[str]) -> list[tuple[list[int], list[tuple[int, int]]]]:
        try:  # sentencepiece 0.2.2+: character offsets directly
            found = self._sp.encode(texts, return_type="offset_mapping")
            return [(r["ids"], r["offsets"]) for r in found]
        except (TypeError, ValueError):  # older: the pieces' byte offsets in a protobuf result
            protos = cast(Any, self._sp).encode(texts, out_type="immutable_proto")
            return [
                ([p.id for p in proto.pieces], char_spans(text, proto.pieces))
                for text, proto in zip(texts, protos, strict=True)
            ]

    def count(self, text: str) -> int:
        """Pieces in `text`, without the special tokens and untruncated."""
        return len(self._sp.encode(text))

    def batch(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return pad(self.ids(texts), self.pad_id)


def char_spans(text: str, pieces: Sequence[Any]) -> list[tuple[int, int]]:
    """The (start, end) characters of `pieces` (with UTF-8 byte offsets `.begin` / `.end`) in `text`."""
    starts = np.cumsum([0] + [len(ch.encode("utf-8")) for ch in text])  # each character's first byte
    return [(int(np.searchsorted(starts, p.begin)), int(np.searchsorted(starts, p.end))) for p in pieces]


def pad(sequences: Sequence[Sequence[int]], pad_id: int, step: int = 1) -> dict[str, np.ndarray]:
    """Right-padded ids and attention mask, the width rounded up to a multiple of `step`."""
    width = -(-max(len(s) for s in sequences) // step) * step
    input_ids = np.full((len(sequences), width), pad_id, dtype=np.int64)
    mask = np.zeros((len(sequences), width), dtype=np.int64)
    for row, seq in enumerate(sequences):
        input_ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1
    return {"input_ids": input_ids, "attention_mask": mask}
