"""The offline e5 model on OpenVINO: int8 (static, calibrated), run without torch.

Measured on the 2-core dev machine (1,564 dev passages): plain sentence-transformers fp32
embeds ~45-55 passages/s; this backend about 4x that, with R@5 on both dev sets within a
point (see README, Performance). The model is exported once from the sentence-transformers
folder that `offline_model` builds, quantised with nncf on `calibration.calibration_inputs`
(never on evaluation data), and saved beside it; at run time only `openvino` and
`sentencepiece` are needed (index/embed/tokenizer.py says why not `tokenizers`). Mean pooling
and L2 normalisation are part of the exported graph.

Memory: the word-embedding table (250k x 384) is the bulk of the model, and OpenVINO
expands it to fp32 on load (~380 MB). We keep it out of the graph as an int8 array with
per-row scales (the quantised values themselves), memory-mapped, and look up only the
rows a batch needs. Batch shapes are rounded (lengths to 16 tokens, rows above 8 to 8) because
OpenVINO keeps compiled kernels per input shape.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import logging
import os
import shutil
import tempfile
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from index.embed.offline_model import umask_mode
from index.embed.tokenizer import Tokenizer, pad, write_sentencepiece_model
from index.errors import ModelError

_BUILD_MARKER = "frontline-build.json"
_BUILD_VERSION = 4  # 3: SmoothQuant alpha 0.5; 4: SentencePiece tokenizer file
_TOKENIZER_FILE = "tokenizer.model"
_SMOOTH_QUANT_ALPHA = 0.5
_FOLDER_SUFFIX = ".openvino-int8"
_CALIBRATION_SIZE = 300
_LENGTH_STEP = 16
_ROW_STEP = 8
_BATCH_TOKENS = 4096
_SINGLE_WIDTH = 32  # tokens: a lone text up to this long (most questions) takes the static model
_SINGLE_CONFIG = {"PERFORMANCE_HINT": "LATENCY", "INFERENCE_NUM_THREADS": "1"}
_HINT = "THROUGHPUT"  # two single-threaded requests on 2 cores (see OpenVinoEncoder)
_KERNEL_CACHE = 64  # compiled shapes kept (OpenVINO's default is 5000); 8 thrashed: ~80 ms recompiles per query
_WORD_GATHER = "word_embeddings/aten::embedding/Gather"
_LAST_HIDDEN = "encoder.layer.11.output.LayerNorm/aten::layer_norm/Add"  # what the graph mean-pools


def openvino_installed() -> bool:
    return importlib.util.find_spec("openvino") is not None


def can_build() -> bool:
    return openvino_installed() and importlib.util.find_spec("nncf") is not None


def model_folder(st_folder: Path) -> Path:
    """Where the OpenVINO model of a sentence-transformers folder lives (a sibling of its build)."""
    build = st_folder.parent
    return build.parent / (build.name + _FOLDER_SUFFIX)


def is_built(st_folder: Path) -> bool:
    marker = model_folder(st_folder) / _BUILD_MARKER
    return marker.exists() and json.loads(marker.read_text()) == _build_info(st_folder)


def _build_info(st_folder: Path) -> dict:
    # Rebuild when the source weights or the calibration text change.
    from index.embed.calibration import calibration_inputs

    source = (st_folder / "model.safetensors").stat()
    calibration = hashlib.sha256("\n".join(calibration_inputs(_CALIBRATION_SIZE)).encode()).hexdigest()[:16]
    return {"version": _BUILD_VERSION, "source_bytes": source.st_size, "calibration": calibration}


def ensure_openvino_model(st_folder: Path) -> Path:
    """Return the folder holding `model.xml`, exporting and quantising it once.

    Built in a temporary folder and renamed into place, so an interrupted build never
    leaves a half-written model behind.
    """
    target = model_folder(st_folder)
    if is_built(st_folder):
        return target
    if not can_build():
        raise ModelError(
            "model_unavailable", reason="the openvino backend needs 'openvino' and 'nncf': pip install openvino nncf"
        )
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-ov-") as tmp:
        tmp_path = Path(tmp)
        _export(st_folder, tmp_path)
        (tmp_path / _BUILD_MARKER).write_text(json.dumps(_build_info(st_folder)))
        if target.exists():
            shutil.rmtree(target)
        os.chmod(tmp_path, umask_mode())  # a temporary folder is 0700; the built model is for every user
        os.replace(tmp_path, target)
        tmp_path.mkdir()  # TemporaryDirectory cleans up the (now empty) name
    return target


def compile_cache(folder: Path) -> Path | None:
    """Where OpenVINO keeps this model's compiled form, so a process imports it instead of compiling.

    Compiling both graphs took ~0.9 s of every `frontline index add` (0.4 s from the cache).
    `frontline prepare` fills it; a process that may not write the model folder (the bot's
    user in a container) still reads what is there, and never writes beside the model.
    """
    cache = folder / "compiled"
    if os.access(folder, os.W_OK):
        cache.mkdir(exist_ok=True)
        return cache
    if not cache.is_dir() or not all(os.access(blob, os.R_OK) for blob in cache.iterdir()):
        # OpenVINO replaces a blob it cannot read, and fails where it may not ("cannot remove:
        # Permission denied"): compile in memory instead.
        return None
    return cache  # read-only: OpenVINO imports what it finds, compiles the rest


def share_compiled(cache: Path | None) -> None:
    """Give the blobs this process wrote the model's own readability (OpenVINO writes them 0440).

    Otherwise another user sharing the model folder (an admin's `frontline index add` beside
    the bot's user) could neither read them nor replace them, and could not load the model.
    """
    if cache is None:
        return
    mode = umask_mode() & 0o666
    for blob in cache.iterdir():
        with contextlib.suppress(OSError):  # another user's blob: theirs to share
            if blob.stat().st_uid == os.geteuid() and blob.stat().st_mode & 0o777 != mode:
                blob.chmod(mode)


def _export(st_folder: Path, out: Path) -> None:
    import nncf
    import openvino as ov
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    from index.embed.calibration import calibration_inputs

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    nncf.set_log_level(logging.ERROR)
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)  # tracing notes, not problems
    # a deprecation inside transformers itself, printed while the model is built
    warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing", category=FutureWarning)
    bert = AutoModel.from_pretrained(str(st_folder)).eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    write_sentencepiece_model(st_folder / "tokenizer.json", out / _TOKENIZER_FILE)
    tokenizer = Tokenizer(out / _TOKENIZER_FILE, max_tokens=512)
    example = tokenizer.batch(["passage: example"])
    with torch.no_grad():
        model = ov.convert_model(
            MeanPooled().eval(),
            example_input={k: torch.from_numpy(v) for k, v in example.items()},
            input=[("input_ids", [-1, -1], ov.Type.i64), ("attention_mask", [-1, -1], ov.Type.i64)],
        )
    calibration = [tokenizer.batch([text]) for text in calibration_inputs(_CALIBRATION_SIZE)]
    # SmoothQuant with the paper's alpha of 0.5 moves half of each activation's outlier range into
    # the weights: on the dev passages the int8 vectors' cosine to fp32 went from mean 0.9955 /
    # min 0.986 (nncf's transformer default) to 0.9968 / 0.993, at the same speed.
    with contextlib.redirect_stdout(io.StringIO()):  # nncf's progress bars: `make demo` stays quiet
        quantized = _quantize(nncf, model, calibration)
    _split_word_embeddings(quantized, out)
    ov.save_model(quantized, out / "model.xml")


def _quantize(nncf: Any, model: Any, calibration: list) -> Any:  # an openvino.Model
    from nncf.quantization.advanced_parameters import AdvancedQuantizationParameters, AdvancedSmoothQuantParameters

    return nncf.quantize(
        model,
        nncf.Dataset(calibration),
        model_type=nncf.ModelType.TRANSFORMER,
        subset_size=len(calibration),
        advanced_parameters=AdvancedQuantizationParameters(
            smooth_quant_alphas=AdvancedSmoothQuantParameters(matmul=_SMOOTH_QUANT_ALPHA)
        ),
    )


def _split_word_embeddings(model: Any, out: Path) -> None:  # an openvino.Model
    """Replace the word-embedding lookup with an input; save its int8 table and scales as arrays."""
    import openvino as ov
    import openvino.opset13 as ops

    gather = next(op for op in model.get_ordered_ops() if op.get_friendly_name().endswith(_WORD_GATHER))
    multiply = gather.input(0).get_source_output().get_node()
    table = scales = None
    for source in (i.get_source_output().get_node() for i in multiply.inputs()):
        if source.get_type_name() == "Convert":
            table = source.input(0).get_source_output().get_node().get_data()
        elif source.get_type_name() == "Constant":
            scales = source.get_data()
    if table is None or scales is None or table.dtype != np.int8:
        raise ModelError(
            "model_unavailable", reason="unexpected quantised word-embedding layout; cannot split it from the graph"
        )
    np.save(out / "word_embeddings.npy", np.ascontiguousarray(table))
    np.save(out / "word_scales.npy", np.ascontiguousarray(scales, dtype=np.float32).reshape(-1, 1))
    embeds = ops.parameter([-1, -1, table.shape[1]], ov.Type.f32, name="inputs_embeds")
    embeds.output(0).get_tensor().set_names({"inputs_embeds"})
    gather.output(0).replace(embeds.output(0))
    model.add_parameters([embeds])
    model.validate_nodes_and_infer_types()


class OpenVinoEncoder:
    """Encodes prompted texts with the int8 model.

    Batches are sorted by length (less padding) and run on OpenVINO's throughput streams
    (two single-threaded requests on 2 cores: +13% passages/s over one two-threaded
    request); a call with few texts is split across the streams too. A lone short text,
    which is what a question is, goes to a second copy of the model compiled for one shape.
    """

    def __init__(self, st_folder: Path, max_tokens: int, batch_size: int = 32) -> None:
        import openvino as ov

        folder = ensure_openvino_model(st_folder)
        core = ov.Core()
        self._cache = compile_cache(folder)
        if self._cache is not None:
            core.set_property({"CACHE_DIR": str(self._cache)})
        config = {"PERFORMANCE_HINT": _HINT, "CPU_RUNTIME_CACHE_CAPACITY": str(_KERNEL_CACHE)}
        self._compiled = core.compile_model(_with_hidden_output(core.read_model(folder / "model.xml")), "CPU", config)
        share_compiled(self._cache)
        self._streams = max(1, int(self._compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS")))
        self._queue = ov.AsyncInferQueue(self._compiled, self._streams)
        self._lock = threading.Lock()  # one queue; callers come from worker threads
        self._table = np.load(folder / "word_embeddings.npy", mmap_mode="r")
        self._scales = np.load(folder / "word_scales.npy")
        self.tokenizer = Tokenizer(folder / _TOKENIZER_FILE, max_tokens)
        self.batch_size = batch_size
        self.dim = int(self._compiled.output(0).get_partial_shape()[1].get_length())
        self._core, self._folder = core, folder
        self._single: Any = None  # an InferRequest of the single-text model, compiled on first use
        self._single_lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        sequences = self.tokenizer.ids(texts)
        if len(sequences) == 1 and len(sequences[0]) <= _SINGLE_WIDTH:
            with self._single_lock:
                request = self._single_request()
                request.infer(self._with_embeddings(pad(sequences, self.tokenizer.pad_id, _SINGLE_WIDTH)))
                return request.get_output_tensor(0).data.copy()
        out = np.empty((len(texts), self.dim), dtype=np.float32)

        def done(request: Any, rows: np.ndarray) -> None:
            out[rows] = request.get_output_tensor(0).data[: len(rows)]

        self._run(sequences, done)
        return out

    def encode_spans(
        self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """`encode(texts)`, and from the same forward pass a vector for each span of each text.

        `spans[i]` are (start, end) character offsets into `texts[i]`. A span's vector is the
        graph's own pooling applied to part of the text: the mean of the last hidden states of
        the tokens that overlap it, L2-normalised. The tokens have read the whole text, so the
        vector is the span as its context reads it. A span with no token in the model's window
        (cut off by truncation, or blank) gets a zero vector.
        """
        sequences, offsets = self.tokenizer.ids_and_offsets(texts)
        token_spans = [_token_spans(offsets[i], spans[i]) for i in range(len(texts))]
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        pooled = [np.zeros((len(s), self.dim), dtype=np.float32) for s in spans]

        def done(request: Any, rows: np.ndarray) -> None:
            out[rows] = request.get_output_tensor(0).data[: len(rows)]
            hidden = request.get_output_tensor(1).data
            for row, i in enumerate(rows):
                for n, (start, end) in enumerate(token_spans[i]):
                    if end > start:
                        pooled[i][n] = hidden[row, start:end].mean(axis=0)

        self._run(sequences, done)
        for vectors in pooled:
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            np.divide(vectors, norms, out=vectors, where=norms > 0)
        return out, pooled

    def _run(self, sequences: list[list[int]], done: Callable[[Any, np.ndarray], None]) -> None:
        """Run `sequences` in length-sorted batches on the throughput streams; `done(request, rows)` per batch."""
        order = np.argsort([len(s) for s in sequences], kind="stable")
        size = min(self.batch_size, -(-len(order) // self._streams)) if len(order) else 1
        batches = _batches(order, [len(sequences[i]) for i in order], size)
        with self._lock:
            self._queue.set_callback(done)
            for rows in batches:
                padded = _round_rows(pad([sequences[i] for i in rows], self.tokenizer.pad_id, _LENGTH_STEP))
                self._queue.start_async(self._with_embeddings(padded), rows)
            self._queue.wait_all()

    def _single_request(self) -> Any:  # an openvino.InferRequest; call with _single_lock held
        """The model compiled for one text of _SINGLE_WIDTH tokens, on one thread.

        One static shape: a 20-token dev question takes 6.6 ms (p50) there against 9.1 ms on
        a throughput stream, whose dynamic shapes cost ~2.5 ms a call. One thread, because
        the lexical channels use the other core meanwhile (see service.ask); on two threads
        the model itself was faster (4.0 ms) but questions were not, and under load much
        slower (100k p95 46-51 ms against 41-42 ms with another process busy on one core).
        Compiled on first use (0.56 s, +64 MB), so processes that only index never pay for it.
        """
        if self._single is None:
            model = self._core.read_model(self._folder / "model.xml")
            shape = [1, _SINGLE_WIDTH]
            model.reshape({"input_ids": shape, "attention_mask": shape, "inputs_embeds": [*shape, self.dim]})
            self._single = self._core.compile_model(model, "CPU", _SINGLE_CONFIG).create_infer_request()
            share_compiled(self._cache)
        return self._single

    def _with_embeddings(self, inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Padded ids and mask, plus the word embeddings the graph takes in place of its lookup."""
        ids = inputs["input_ids"]
        return {**inputs, "inputs_embeds": self._table[ids].astype(np.float32) * self._scales[ids]}


def _with_hidden_output(model: Any) -> Any:  # an openvino.Model
    """`model` with the last hidden states (what it mean-pools) as a second output, for span vectors.

    The pooled vectors are the same as without it (identical on the dev passages), at the same speed.
    """
    hidden = next(op for op in model.get_ordered_ops() if op.get_friendly_name().endswith(_LAST_HIDDEN))
    model.add_outputs([hidden.output(0)])
    return model


def _token_spans(offsets: np.ndarray, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token index ranges [first, last) of the pieces overlapping each character span.

    `offsets` are the (start, end) characters of each token, `<s>` and `</s>` (0, 0) at either end.
    """
    if len(offsets) <= 2:
        return [(1, 1)] * len(spans)
    starts, ends = offsets[1:-1, 0], offsets[1:-1, 1]
    out = []
    for start, end in spans:
        if end <= start:
            out.append((1, 1))
            continue
        first = int(np.searchsorted(ends, start, side="right"))  # the first piece ending after `start`
        last = int(np.searchsorted(starts, end, side="left"))  # past the last piece starting before `end`
        out.append((first + 1, max(first, last) + 1))
    return out


def _batches(order: np.ndarray, lengths: list[int], size: int) -> list[np.ndarray]:
    """Consecutive slices of `order` (sorted by length): at most `size` rows and _BATCH_TOKENS tokens.

    The token cap bounds the activations OpenVINO keeps per request (attention grows with
    rows x length^2): 32 passages of 512 tokens would hold ~0.8 GB. A batch of more than
    _ROW_STEP rows that is not the last is cut to a multiple of it: `_round_rows` would pad it
    with empty rows (the model's time) otherwise: passages of 129-144 tokens (a full chunk under
    its title) came in batches of 28 rows padded to 32, so one row in eight ran empty.
    """
    out, start = [], 0
    while start < len(order):
        end = start + 1
        while end < len(order) and end - start < size and (end - start + 1) * lengths[end] <= _BATCH_TOKENS:
            end += 1
        if end - start > _ROW_STEP and end < len(order):
            end = start + (end - start) // _ROW_STEP * _ROW_STEP
        out.append(order[start:end])
        start = end
    return out


def _round_rows(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Pad large batches with empty rows to a multiple of _ROW_STEP rows (fewer distinct shapes)."""
    rows = len(inputs["input_ids"])
    extra = -rows % _ROW_STEP if rows > _ROW_STEP else 0
    if not extra:
        return inputs
    return {name: np.pad(value, ((0, extra), (0, 0))) for name, value in inputs.items()}
