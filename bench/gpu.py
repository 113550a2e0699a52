"""Embedding throughput on a GPU, beside the CPU figure: one prepared script for a lent GPU machine.

The project never needs a GPU; this measures what one gives the same model. The GPU
machine has torch, transformers, sentence-transformers and sentencepiece but no network
and takes at most 64 MB of files, so `prepare` packs what it needs here:

  python -m bench.gpu prepare DIR   # the model's weights in fp16, with only the word-embedding
                                    # rows the benchmark texts use (the computation per token is
                                    # the same), its SentencePiece tokenizer, the 1,564 dev
                                    # passages and CPU fp32 reference vectors of the first 256
  python -m bench.gpu run DIR OUT   # there: passages/s of sentence-transformers' encode (fp16)
                                    # and of ours, texts to vectors on the host, tokenising included

Ours: SentencePiece tokenises in a process per core, passages are sorted by length and cut into
batches of about 256k tokens, and the model runs in bf16 with PyTorch's fused attention;
mean pooling and normalisation stay on the GPU until the last copy.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPEAT = int(os.environ.get("GPU_BENCH_REPEAT", 32))  # dev passages 32 times over: ~50k, to fill the GPU a while
DEVICE = os.environ.get("GPU_BENCH_DEVICE", "cuda")  # "cpu" for a smoke test of this script
REFERENCE = 256
PROMPT = "passage: "
MAX_TOKENS = 512
BATCH_TOKENS = 262144
WORD_KEY = "embeddings.word_embeddings.weight"


def prepare(folder: Path) -> None:
    from safetensors.numpy import load_file, save_file

    from bench.common import dev_passages, eval_root
    from index.embed.embedder import Embedder
    from index.embed.fast_embed import model_folder
    from index.embed.offline_model import ensure_offline_model
    from index.embed.tokenizer import Tokenizer

    folder.mkdir(parents=True, exist_ok=True)
    st_folder = ensure_offline_model()
    texts = [p.text for p in dev_passages(eval_root())]
    spm_model = model_folder(st_folder) / "tokenizer.model"
    ids = Tokenizer(spm_model, MAX_TOKENS).ids([PROMPT + t for t in texts])
    used = np.unique(np.concatenate([np.asarray(x) for x in ids]))
    state = load_file(str(st_folder / "model.safetensors"))
    words = state.pop(WORD_KEY)
    save_file({k: v.astype(np.float16) for k, v in state.items()}, str(folder / "layers.safetensors"))
    np.save(folder / "word_ids.npy", used.astype(np.int32))
    np.save(folder / "word_rows.npy", words[used].astype(np.float16))
    shutil.copy(st_folder / "config.json", folder / "config.json")
    shutil.copy(spm_model, folder / "tokenizer.model")
    (folder / "passages.json").write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    np.save(folder / "reference.npy", Embedder(backend="torch").encode_passages(texts[:REFERENCE]))
    print(f"{folder}: {len(texts)} passages, {len(used)} of {len(words)} word rows")


def _model(folder: Path):  # -> transformers.BertModel on the GPU, bf16
    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    config = BertConfig.from_pretrained(str(folder))
    model = BertModel(config, add_pooling_layer=False)
    state = {k: v for k, v in load_file(str(folder / "layers.safetensors")).items() if not k.startswith("pooler.")}
    words = torch.zeros(config.vocab_size, config.hidden_size, dtype=torch.float16)
    rows = torch.from_numpy(np.load(folder / "word_ids.npy")).long()
    words[rows] = torch.from_numpy(np.load(folder / "word_rows.npy"))
    state[WORD_KEY] = words
    missing, unexpected = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    if [k for k in missing if "position_ids" not in k] or unexpected:
        raise SystemExit(f"weights do not fit the model: missing {missing}, unexpected {unexpected}")
    return model.to(DEVICE, torch.bfloat16).eval()


_worker_tokenizer = None  # index.embed.tokenizer.Tokenizer, one per pool process


def _start_worker(model_file: str) -> None:
    from index.embed.tokenizer import Tokenizer

    global _worker_tokenizer
    _worker_tokenizer = Tokenizer(Path(model_file), MAX_TOKENS)


def _encode_slice(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The model's ids of `texts`, flattened, and each text's length (numpy pickles fast)."""
    ids = _worker_tokenizer.ids([PROMPT + t for t in texts])
    lengths = np.array([len(x) for x in ids], dtype=np.int64)
    return np.fromiter((i for x in ids for i in x), dtype=np.int64, count=int(lengths.sum())), lengths


def _tokenize(pool, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    size = -(-len(texts) // (4 * (os.cpu_count() or 1)))
    parts = pool.map(_encode_slice, [texts[i : i + size] for i in range(0, len(texts), size)])
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _ours(model, pool, pad_id: int, texts: list[str], budget: int = BATCH_TOKENS) -> tuple[np.ndarray, float]:
    """Vectors of `texts` and the seconds spent tokenising (in `pool`, a process per core)."""
    import torch

    from index.embed.tokenizer import pad

    start = time.perf_counter()
    flat, lengths = _tokenize(pool, texts)
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    tokenized = time.perf_counter() - start
    order = np.argsort(lengths, kind="stable")
    device = model.device
    out = torch.empty(len(lengths), model.config.hidden_size, device=device, dtype=torch.float32)
    begin = 0
    with torch.inference_mode():
        while begin < len(order):
            # Sorted by length, so a batch's last passage is its longest: ~BATCH_TOKENS tokens a batch.
            end = min(len(order), begin + max(1, budget // int(lengths[order[begin]])))
            end = min(end, begin + max(1, budget // int(lengths[order[end - 1]])))
            batch = order[begin:end]
            inputs = pad([flat[offsets[i] : offsets[i + 1]] for i in batch], pad_id, step=8)
            input_ids_t = _to(torch.from_numpy(inputs["input_ids"]), device)
            mask_t = _to(torch.from_numpy(inputs["attention_mask"]), device)
            hidden = model(input_ids=input_ids_t, attention_mask=mask_t).last_hidden_state.float()
            weights = mask_t.unsqueeze(-1).float()
            pooled = (hidden * weights).sum(1) / weights.sum(1)
            out[torch.from_numpy(batch).to(device)] = torch.nn.functional.normalize(pooled, dim=-1)
            begin = end
    return out.cpu().numpy(), tokenized


def _to(tensor, device):  # -> torch.Tensor
    # Pinned host memory lets the copy overlap the previous batch's compute.
    return tensor.pin_memory().to(device, non_blocking=True) if device.type == "cuda" else tensor


def _sentence_transformers(folder: Path, model, work: Path):  # -> SentenceTransformer, fp16
    from sentence_transformers import SentenceTransformer, models
    from sentencepiece import sentencepiece_model_pb2
    from tokenizers import SentencePieceUnigramTokenizer, processors
    from transformers import PreTrainedTokenizerFast

    sys.modules.setdefault("sentencepiece_model_pb2", sentencepiece_model_pb2)  # what from_spm imports

    backend = SentencePieceUnigramTokenizer.from_spm(str(folder / "tokenizer.model"))._tokenizer
    backend.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)]
    )
    hf_tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )
    hf_tokenizer.model_max_length = MAX_TOKENS
    model.save_pretrained(str(work))
    hf_tokenizer.save_pretrained(str(work))
    modules = [models.Transformer(str(work)), models.Pooling(model.config.hidden_size, "mean"), models.Normalize()]
    st = SentenceTransformer(modules=modules, device=str(model.device))
    return st.half() if model.device.type == "cuda" else st


def run(folder: Path, out: Path) -> None:
    import torch

    texts = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
    texts = texts[: int(os.environ.get("GPU_BENCH_TEXTS", len(texts)))]  # fewer for a smoke test
    corpus = texts * REPEAT
    reference = np.load(folder / "reference.npy")[: len(texts)]
    # Tokenizer processes are forked before CUDA starts, and kept, as a service would keep them.
    pool = multiprocessing.get_context("fork").Pool(
        os.cpu_count(), initializer=_start_worker, initargs=(str(folder / "tokenizer.model"),)
    )
    model = _model(folder)
    pad_id = json.loads((folder / "config.json").read_text())["pad_token_id"]
    name = torch.cuda.get_device_name() if DEVICE == "cuda" else DEVICE
    results: dict[str, object] = {"device": name, "passages": len(corpus), "repeat": REPEAT}

    budgets = [int(b) for b in os.environ.get("GPU_BENCH_BUDGETS", str(BATCH_TOKENS)).split(",")]
    variants = [(f"ours_batch_tokens_{b}", model, b) for b in budgets]
    if os.environ.get("GPU_BENCH_COMPILE"):  # torch.compile fuses the small element-wise kernels
        variants.append((f"ours_compiled_batch_tokens_{budgets[-1]}", torch.compile(model, dynamic=True), budgets[-1]))
    for key, variant, budget in variants:
        try:
            _ours(variant, pool, pad_id, texts, budget)  # warm-up: kernels, allocator, compilation
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                vectors, tokenized = _ours(variant, pool, pad_id, corpus, budget)
                runs.append((time.perf_counter() - start, tokenized))
        except Exception as exc:
            results[key] = f"failed: {exc.__class__.__name__}: {str(exc)[:300]}"
            print(key, results[key], flush=True)
            continue
        seconds, tokenized = sorted(runs)[1]
        cosine = (vectors[: len(reference)] * reference).sum(1)
        results[key] = {
            "passages_per_s": round(len(corpus) / seconds),
            "seconds": round(seconds, 3),
            "seconds_all_runs": [round(r[0], 3) for r in runs],
            "tokenize_seconds": round(tokenized, 3),
            "cosine_to_cpu_fp32_mean": round(float(cosine.mean()), 5),
            "cosine_to_cpu_fp32_min": round(float(cosine.min()), 5),
        }
        print(key, results[key], flush=True)
        (out / "gpu.json").write_text(json.dumps(results, indent=2))  # kept if a later step runs out of time

    try:
        work = Path(tempfile.mkdtemp())
        st = _sentence_transformers(folder, model.float(), work)
        for batch_size in [int(b) for b in os.environ.get("GPU_BENCH_ST_BATCHES", "32,256").split(",")]:
            st.encode([PROMPT + t for t in texts[:512]], batch_size=batch_size)
            start = time.perf_counter()
            st_vectors = st.encode([PROMPT + t for t in corpus], batch_size=batch_size, convert_to_numpy=True)
            seconds = time.perf_counter() - start
            cosine = (st_vectors[: len(reference)] * reference).sum(1)
            results[f"sentence_transformers_fp16_batch{batch_size}"] = {
                "passages_per_s": round(len(corpus) / seconds),
                "seconds": round(seconds, 3),
                "cosine_to_cpu_fp32_mean": round(float(cosine.mean()), 5),
            }
            print(f"sentence-transformers batch {batch_size}", results[f"sentence_transformers_fp16_batch{batch_size}"])
    except Exception as exc:  # the comparison is secondary; keep our figure
        results["sentence_transformers_error"] = f"{exc.__class__.__name__}: {exc}"
        print("sentence-transformers failed:", results["sentence_transformers_error"])
    (out / "gpu.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]))
    elif len(sys.argv) >= 4 and sys.argv[1] == "run":
        run(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
