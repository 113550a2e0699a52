"""The OpenVINO backend's SentencePiece tokenizer against the offline model's tokenizer.json."""

from __future__ import annotations

import pytest
from tokenizers import Tokenizer as JsonTokenizer

from index.embed.tokenizer import Tokenizer, write_sentencepiece_model
from index.errors import ModelError
from tests.conftest import SAMPLE

TEXTS = [
    "query: how many people crossed into Finland?",
    "passage: 17.000 orang Rusia melintasi perbatasan dengan Finlandia selama akhir pekan.",
    "Росія завдала ракетного удару по енергетичній інфраструктурі Києва.",
    "Россия нанесла удар по Харькову",
    "tab\there\nnew line\r\nand  double  spaces",
    "zero\u200bwidth, no\u00a0break, ﬁ ligature, ①, Ｆｕｌｌｗｉｄｔｈ",
    "control\x07chars\x1f dropped",
    "emoji 🚀🕯 and 中文 日本語 مرحبا हिन्दी",
    "  leading spaces",
    "",
]


@pytest.fixture(scope="module")
def tokenizers(model_dir, tmp_path_factory):
    source = model_dir / "tokenizer.json"
    target = tmp_path_factory.mktemp("spm") / "tokenizer.model"
    write_sentencepiece_model(source, target)
    return Tokenizer(target, max_tokens=512), JsonTokenizer.from_file(str(source))


def test_same_ids_as_tokenizer_json(tokenizers):
    ours, reference = tokenizers
    texts = TEXTS + SAMPLE.read_text(encoding="utf-8").splitlines()
    assert ours.ids(texts) == [e.ids for e in reference.encode_batch(texts)]
    assert [ours.count(t) for t in texts] == [len(reference.encode(t, add_special_tokens=False).ids) for t in texts]


def test_trailing_space_makes_no_token(tokenizers):
    ours, reference = tokenizers
    assert ours.ids(["Kyiv. "]) == ours.ids(["Kyiv."])
    assert len(reference.encode("Kyiv. ").ids) == len(ours.ids(["Kyiv. "])[0]) + 1  # a lone "▁"


def test_truncation_keeps_the_special_tokens(tokenizers):
    ours, _ = tokenizers
    ids = ours.ids(["kata " * 600])[0]
    assert len(ids) == 512 and ids[0] == 0 and ids[-1] == 2
    batch = ours.batch(["a", "kata kata kata"])
    assert batch["input_ids"].shape == batch["attention_mask"].shape == (2, 5)
    assert batch["attention_mask"].sum(axis=1).tolist() == [3, 5]
    assert (batch["input_ids"][0, 3:] == ours.pad_id).all()


def test_refuses_a_tokenizer_that_is_not_unigram(tmp_path):
    path = tmp_path / "tokenizer.json"
    path.write_text('{"model": {"type": "BPE"}, "added_tokens": []}')
    with pytest.raises(ModelError, match="unigram"):
        write_sentencepiece_model(path, tmp_path / "out.model")
