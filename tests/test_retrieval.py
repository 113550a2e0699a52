"""Fusion behaviour on small purpose-built corpora (real model, real FAISS and BM25)."""

import json
from dataclasses import replace

import numpy as np

from index.search.retrieval import language_offsets, lexical_scores, retrieve
from tests.conftest import SAMPLE


def _index(tmp_path, service_factory, records):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    service = service_factory(tmp_path / "index")
    report = service.add(service.load([str(path)]))
    assert not report.failed
    return service


def _top(service, question, mode="hybrid", k=3):
    vector = service.embedder.encode_queries([question])[0]
    return [h.chunk.article_id for h in retrieve(service.snapshot(), question, vector, k, mode, service.fusion)]


def test_lexical_does_not_drown_dense_across_scripts(tmp_path, service_factory):
    # The English question shares only the number "2022" with the wrong article.
    records = [
        {"id": "right", "text": "Російські війська обстріляли Харків, загинули мирні жителі.", "lang": "uk"},
        {"id": "decoy", "text": "У 2022 році 2022 фермери зібрали великий урожай пшениці 2022.", "lang": "uk"},
    ]
    service = _index(tmp_path, service_factory, records)
    assert _top(service, "Russian troops shelled Kharkiv in 2022, killing civilians")[0] == "right"


def test_exact_names_match_lexically(tmp_path, service_factory):
    records = [
        {"id": f"n{i}", "text": f"Pejabat daerah {name} mengatakan pasokan listrik kembali normal di kota itu."}
        for i, name in enumerate(["Budi Santoso", "Andi Wirawan", "Hendra Kusuma", "Joko Prasetyo"])
    ]
    service = _index(tmp_path, service_factory, records)
    assert _top(service, "Apa kata Hendra Kusuma tentang listrik?")[0] == "n2"


def test_hybrid_respects_k_and_article_cap(tmp_path, service_factory):
    long_text = " ".join(f"Kalimat nomor {i} tentang serangan rudal di Kherson." for i in range(120))
    records = [{"id": "long", "text": long_text}, {"id": "other", "text": "Serangan rudal di Odesa merusak pelabuhan."}]
    service = _index(tmp_path, service_factory, records)
    ids = _top(service, "serangan rudal", k=5)
    assert ids.count("long") <= 2
    assert "other" in ids


def test_lexical_half_computed_ahead_gives_the_same_ranking(tmp_path, service_factory):
    records = [
        {"id": f"a{i}", "text": text}
        for i, text in enumerate(
            [
                "17.000 orang Rusia melintasi perbatasan dengan Finlandia selama akhir pekan.",
                "Finlandia menutup perbatasan bagi turis Rusia mulai Jumat.",
                "Harga gandum dunia naik setelah serangan di pelabuhan Odesa.",
            ]
        )
    ]
    service = _index(tmp_path, service_factory, records)
    snapshot, question = service.snapshot(), "Berapa orang Rusia melintasi perbatasan Finlandia?"
    vector = service.embedder.encode_queries([question])[0]
    ahead = lexical_scores(snapshot, question, "hybrid", service.fusion)
    assert set(ahead.scores) == set(snapshot.channels)
    with_ahead = retrieve(snapshot, question, vector, 3, "hybrid", service.fusion, ahead)
    plain = retrieve(snapshot, question, vector, 3, "hybrid", service.fusion)
    assert [(h.chunk.id, h.score) for h in with_ahead] == [(h.chunk.id, h.score) for h in plain]
    assert with_ahead[0].chunk.article_id == "a0"
    assert with_ahead[0].lexical["words"] > with_ahead[-1].lexical["words"]


# Short Ukrainian war reports beside the Indonesian sample article: e5 puts a Ukrainian question
# nearer any of them than the Indonesian paragraph that answers it, unless each language's
# baseline is taken off.
UKRAINIAN_LINES = [
    "Окупанти обстріляли Херсон з артилерії, є поранені.",
    "Сили оборони збили дві ракети над Києвом.",
    "У Харкові пролунали вибухи, тривога триває.",
    "Росія перекинула нові підрозділи на Донбас.",
    "Українські військові звільнили село на півдні.",
    "Ворог завдав ракетного удару по Одесі.",
    "На Запоріжжі зруйновано школу внаслідок обстрілу.",
    "Президент провів нараду з командувачами.",
    "Російські війська відступили з-під Ізюма.",
    "Дрон-камікадзе влучив у енергетичний об'єкт.",
    "Мешканців Миколаєва закликають залишатися в укриттях.",
    "Партизани підірвали міст у Мелітополі.",
]


def _mixed_index(tmp_path, service_factory):
    path = tmp_path / "lines.jsonl"
    lines = [{"id": f"uk{i}", "text": text, "lang": "uk"} for i, text in enumerate(UKRAINIAN_LINES)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines), encoding="utf-8")
    service = service_factory(tmp_path / "index")
    report = service.add(service.load([str(SAMPLE), str(path)]))
    assert not report.failed
    return service


def test_cosines_compared_within_each_language_baseline(tmp_path, service_factory):
    service = _mixed_index(tmp_path, service_factory)
    snapshot, question = service.snapshot(), "Що знищили ракети HIMARS?"
    vector = service.embedder.encode_queries([question])[0]
    sample = snapshot.conn.execute("SELECT id FROM articles WHERE lang = 'id'").fetchone()[0]
    hits = retrieve(snapshot, question, vector, 3, "hybrid", service.fusion)
    assert hits[0].chunk.article_id == sample
    raw = retrieve(snapshot, question, vector, 3, "hybrid", replace(service.fusion, language_weight=0.0))
    assert raw[0].chunk.article_id != sample  # a Ukrainian line about other missiles, without the offsets


def test_language_offsets_are_zero_in_one_language(sample_index, service_factory):
    service = service_factory(sample_index)
    snapshot = service.snapshot()
    ids = np.asarray(snapshot.vectors.ids(), np.int64)
    vector = service.embedder.encode_queries(["Who supplied the HIMARS missiles?"])[0]
    assert not language_offsets(snapshot, ids, vector).any()
    assert not language_offsets(snapshot, ids, None).any()


def test_an_article_of_unknown_language_does_not_shift_a_one_language_index(tmp_path, service_factory):
    """A text too short for the detector ("" recorded) is taken to be in the candidates' usual language."""
    path = tmp_path / "short.jsonl"
    records = [{"id": "tiny", "text": "HIMARS: 2 rudal.", "lang": ""}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    service = service_factory(tmp_path / "index")
    assert not service.add(service.load([str(SAMPLE), str(path)])).failed
    snapshot = service.snapshot()
    assert {row[0] for row in snapshot.conn.execute("SELECT lang FROM articles")} == {"id", ""}
    ids = np.asarray(snapshot.vectors.ids(), np.int64)
    vector = service.embedder.encode_queries(["Who supplied the HIMARS missiles?"])[0]
    assert not language_offsets(snapshot, ids, vector).any()
