"""Hubness (CSLS): measured per chunk against the index's reference sample, stored per segment, used by fusion."""

import json

import numpy as np
import pytest

from index.search.retrieval import FusionParams, query_vectors, retrieve
from index.store.hubness import Reference


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def clustered():
    """Five tight clusters of 20 vectors, plus one 'hub' between all of them."""
    rng = np.random.default_rng(7)
    centres = _unit(rng.normal(size=(5, 32)))
    members = _unit(np.repeat(centres, 20, axis=0) + 0.3 * rng.normal(size=(100, 32)))
    hub = _unit(centres.sum(axis=0, keepdims=True))
    vectors = np.vstack([members, hub])
    ids = np.arange(1000, 1000 + len(vectors), dtype=np.int64)
    return ids, vectors


def test_values_are_mean_cosine_to_the_nearest_other_chunks(clustered):
    ids, vectors = clustered
    values = Reference.draw(ids, vectors).values(ids, vectors, neighbours=3)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)  # a chunk is not its own neighbour
    expected = np.sort(similarity, axis=1)[:, -3:].mean(axis=1)
    np.testing.assert_allclose(values, expected, atol=1e-5)


def test_a_sampled_reference_keeps_the_order(clustered):
    ids, vectors = clustered
    exact = Reference.draw(ids, vectors).values(ids, vectors, neighbours=3)
    sampled = Reference.draw(ids, vectors, sample=40).values(ids, vectors, neighbours=3)
    assert sampled.shape == exact.shape
    assert np.corrcoef(exact, sampled)[0, 1] > 0.5
    assert (sampled <= exact + 1e-5).all()  # fewer candidates, never closer neighbours


def test_new_chunks_never_change_the_values_of_old_ones(clustered, tmp_path):
    """A chunk's value depends on the stored reference only: measured alone or in a batch, now or later."""
    ids, vectors = clustered
    reference = Reference.draw(ids[:60], vectors[:60])
    reference.save(tmp_path / "reference.npz")
    again = Reference.load(tmp_path / "reference.npz")
    together = again.values(ids, vectors)
    alone = np.concatenate([reference.values(ids[i : i + 1], vectors[i : i + 1]) for i in range(len(ids))])
    np.testing.assert_allclose(together, alone, atol=1e-6)
    # The hub between the clusters is the chunk closest to its neighbours' average.
    assert together[-1] > np.median(together[60:-1])


def test_tiny_references(clustered):
    ids, vectors = clustered
    assert Reference.draw(ids[:1], vectors[:1]).values(ids[:1], vectors[:1]).tolist() == [0.0]
    two = Reference.draw(ids[:2], vectors[:2]).values(ids[:2], vectors[:2])
    assert two[0] == pytest.approx(float(vectors[0] @ vectors[1]), abs=1e-5)


def test_each_segment_has_hubness_and_fusion_subtracts_half_of_it(tmp_path, service_factory):
    records = [
        {"id": "generic", "text": "Наслідки російської агресії в Києві!", "lang": "uk"},
        {"id": "kharkiv", "text": "Під Харковом загинув високопоставлений російський військовий.", "lang": "uk"},
        {"id": "grain", "text": "Ціни на зерно зросли після удару по порту в Одесі.", "lang": "uk"},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    service = service_factory(tmp_path / "index")
    assert not service.add(service.load([str(path)])).failed
    snapshot = service.snapshot()
    assert (snapshot.folder / "segments" / "seg-00000001" / "hubness.npy").exists() and snapshot.hubness is not None
    assert len(snapshot.hubness.values) == snapshot.manifest.chunks
    assert (snapshot.hubness.values > 0).all()

    question = "A senior Russian officer was killed near Kharkiv"
    vector = query_vectors(service.embedder, [question], service.fusion)[0]
    corrected = {h.chunk.id: h for h in retrieve(snapshot, question, vector, 3, "hybrid", service.fusion)}
    plain = {h.chunk.id: h for h in retrieve(snapshot, question, vector, 3, "hybrid", FusionParams(hub_weight=0))}
    for chunk_id, hit in corrected.items():
        shift = plain[chunk_id].score - hit.score
        assert shift == pytest.approx(0.5 * float(snapshot.hubness.at(np.asarray([chunk_id]))[0]), abs=1e-5)
        assert hit.dense == plain[chunk_id].dense  # citations keep the plain cosine


def test_a_reference_takes_in_new_chunks_up_to_its_sample(clustered):
    ids, vectors = clustered
    first = Reference.draw(ids[:60], vectors[:60], sample=80)
    grown = first.extended(ids[60:80], vectors[60:80], seen=60, sample=80)  # room for all of them
    assert len(grown) == 80 and set(first.ids) <= set(grown.ids) and np.all(np.diff(grown.ids) > 0)
    assert np.array_equal(grown.vectors[np.searchsorted(grown.ids, ids[:80])], vectors[:80])
    assert grown.extended(ids[:0], vectors[:0], seen=80, sample=80) is grown  # nothing written: unchanged


def test_a_full_reference_stays_a_uniform_sample_of_what_is_written():
    """Writes of a second kind of text after the reference filled up with the first get their share of
    it (reservoir sampling); before, a full reference never took in another chunk."""
    rng = np.random.default_rng(3)
    vectors = _unit(rng.normal(size=(4000, 16)))
    ids = np.arange(4000, dtype=np.int64)  # 0..1999 the first kind, 2000..3999 the second
    reference = Reference.draw(ids[:500], vectors[:500], sample=200)
    for start in range(500, 4000, 50):  # writes of 50 chunks
        reference = reference.extended(ids[start : start + 50], vectors[start : start + 50], seen=start, sample=200)
    assert len(reference) == 200 and np.all(np.diff(reference.ids) > 0)
    assert np.array_equal(reference.vectors, vectors[reference.ids])  # each vector stays with its id
    share = float(np.mean(reference.ids >= 2000))
    assert 0.4 <= share <= 0.6, share  # binomial sd 0.035 about 0.5
    early = float(np.mean(reference.ids < 500))
    assert 0.05 <= early <= 0.2, early  # the first 500 of 4000 chunks keep their share (0.125), no more


INDONESIAN = [
    {"id": f"id-{n}", "text": text, "lang": "id"}
    for n, text in enumerate(
        [
            "Harga beras naik di pasar Jakarta setelah panen gagal di Jawa Tengah.",
            "Banjir merendam ratusan rumah di Bandung setelah hujan deras semalam.",
            "Pemerintah membuka lowongan guru baru untuk sekolah di daerah terpencil.",
            "Kereta api tiba terlambat karena perbaikan rel di dekat Cirebon.",
            "Petani kopi di Aceh menjual hasil panen ke eksportir di Medan.",
            "Gempa kecil mengguncang Lombok tanpa menimbulkan kerusakan berarti.",
        ]
    )
]
UKRAINIAN = [
    {"id": "uk-0", "text": "Під Харковом загинув високопоставлений російський військовий.", "lang": "uk"},
    {"id": "uk-1", "text": "Ціни на зерно зросли після удару по порту в Одесі.", "lang": "uk"},
    {"id": "uk-2", "text": "У Києві відновили подачу електроенергії після обстрілу.", "lang": "uk"},
]


def _jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return str(path)


def _chunk_ids(service, like):
    rows = service.snapshot().conn.execute(
        "SELECT c.id FROM chunks c JOIN articles a ON a.row_id = c.article_row WHERE a.id LIKE ? ORDER BY a.id", (like,)
    )
    return np.asarray([row[0] for row in rows], np.int64)


def test_places_freed_by_removals_in_a_big_index_go_to_the_draw_not_to_the_next_write():
    """A reference of 200 over 4,000 chunks loses half its members to removals; the next write of 100
    chunks (5 % of the 2,100 live) gets about its share, not all 100 free places (46 % before)."""
    rng = np.random.default_rng(5)
    vectors = _unit(rng.normal(size=(4100, 16)))
    ids = np.arange(4100, dtype=np.int64)
    reference = Reference.draw(ids[:4000], vectors[:4000], sample=200)
    reference = reference.kept(reference.ids < 2000)  # chunks 2000..3999 removed
    grown = reference.extended(ids[4000:], vectors[4000:], seen=2000, sample=200)
    share = float(np.mean(grown.ids >= 4000))
    assert share <= 0.15, share  # the draw's expectation: about 0.05
    assert np.array_equal(grown.vectors, vectors[grown.ids])


def test_writes_of_the_same_size_draw_differently():
    rng = np.random.default_rng(9)
    vectors = _unit(rng.normal(size=(3000, 16)))
    ids = np.arange(3000, dtype=np.int64)
    full = Reference.draw(ids[:1000], vectors[:1000], sample=100)
    one = full.extended(ids[1000:1500], vectors[1000:1500], seen=1000, sample=100)
    other = full.extended(ids[2000:2500], vectors[2000:2500], seen=1000, sample=100)
    assert not np.array_equal(np.sort(one.ids[one.ids >= 1000]) - 1000, np.sort(other.ids[other.ids >= 2000]) - 2000)
    assert set(one.ids[one.ids < 1000]) != set(other.ids[other.ids < 1000])  # other members evicted


def test_a_language_added_later_is_measured_against_its_own_neighbours(tmp_path, service_factory):
    """Indonesian reports first, Ukrainian ones later: the Ukrainian chunks' hubness is what it is
    when both come in one write (before: measured against Indonesian text only, lower)."""
    first, later = _jsonl(tmp_path / "id.jsonl", INDONESIAN), _jsonl(tmp_path / "uk.jsonl", UKRAINIAN)
    together = service_factory(tmp_path / "together")
    together.add(together.load([first, later]))
    in_turn = service_factory(tmp_path / "in-turn")
    in_turn.add(in_turn.load([first]))
    in_turn.add(in_turn.load([later]))  # 3 chunks after 6: no redraw of the reference
    assert len(list((tmp_path / "in-turn").glob("gen-*/segments/seg-*"))) >= 2

    def ukrainian_hubness(service):
        return service.snapshot().hubness.at(_chunk_ids(service, "uk-%"))

    np.testing.assert_allclose(ukrainian_hubness(in_turn), ukrainian_hubness(together), atol=1e-5)


def test_a_language_added_after_the_reference_filled_up_gets_a_share_of_it(tmp_path, service_factory, monkeypatch):
    """The reference full of Indonesian chunks when Ukrainian ones come: some of them take places in it
    (reservoir sampling), so they are measured against their own language too, not Indonesian alone
    (a full reference used to take in nothing: R@1 of the sample's cross-lingual questions on an index
    of every dev set written in two such writes 0.125, one write 0.417)."""
    from index.store import folder as folder_module
    from index.store.folder import IndexDir

    monkeypatch.setattr(folder_module, "SAMPLE", len(INDONESIAN))
    service = service_factory(tmp_path / "index")
    service.add(service.load([_jsonl(tmp_path / "id.jsonl", INDONESIAN)]))
    indonesian_only = Reference.load(next(IndexDir(tmp_path / "index").require_current().glob("reference-*.npz")))
    assert len(indonesian_only) == len(INDONESIAN)  # full
    service.add(service.load([_jsonl(tmp_path / "uk.jsonl", UKRAINIAN)]), merge=False)
    reference = Reference.load(next(IndexDir(tmp_path / "index").require_current().glob("reference-*.npz")))
    ukrainian = _chunk_ids(service, "uk-%")
    assert len(reference) == len(INDONESIAN) and np.isin(ukrainian, reference.ids).any()
    measured = service.snapshot().hubness.at(ukrainian)
    vectors = service.embedder.encode_passages([r["text"] for r in UKRAINIAN])
    against_indonesian = indonesian_only.values(ukrainian, vectors)
    assert (measured >= against_indonesian - 1e-4).all() and (measured - against_indonesian).max() > 0.01


def test_the_reference_changes_only_with_what_a_commit_adds_or_removes(sample_copy, service_factory, monkeypatch):
    """Rewritten when a commit's chunks join it (a free place, or a member's place when full) or its members
    are removed; untouched otherwise (a full one's draw passing them over, or a removal of chunks it does
    not hold)."""
    from index.store import folder as folder_module
    from index.store.folder import IndexDir

    service = service_factory(sample_copy)
    start = IndexDir(sample_copy).require_current()
    sample_chunks = Reference.load(next(start.glob("reference-*.npz"))).ids
    monkeypatch.setattr(folder_module, "SAMPLE", len(sample_chunks) + 1)  # room for one more chunk

    def reference():
        files = list(IndexDir(sample_copy).require_current().glob("reference-*.npz"))
        assert len(files) == 1  # the one it replaced is gone
        return files[0].name, Reference.load(files[0])

    def add(article_id, text, path):
        path.write_text(json.dumps({"id": article_id, "text": text}), encoding="utf-8")
        assert service.add(service.load([str(path)]), merge=False).added == [article_id]

    before, _ = reference()
    add("a", "Kereta api tiba pukul tujuh di Bandung.", sample_copy.parent / "a.jsonl")
    grown_name, grown = reference()
    assert grown_name != before and len(grown) == len(sample_chunks) + 1  # it joined: the one free place
    # Full: a new chunk takes a member's place with probability SAMPLE / (chunks written), else the file
    # stays as it is. Written one at a time, some take a place and some do not (the draw is seeded).
    chunk_of = {}
    name, current = grown_name, grown
    texts = ["Hujan turun sore itu di Jakarta.", "Pasar ikan ramai sejak subuh di Makassar.",
             "Jembatan baru dibuka untuk pejalan kaki di Surabaya.", "Sekolah libur karena banjir di Medan.",
             "Bandara Kualanamu menambah penerbangan ke Aceh.", "Nelayan Bitung pulang membawa tuna besar."]
    for n, text in enumerate(texts):
        add(f"w{n}", text, sample_copy.parent / f"w{n}.jsonl")
        chunk_of[f"w{n}"] = service.snapshot().conn.execute(
            "SELECT c.id FROM chunks c JOIN articles a ON a.row_id = c.article_row WHERE a.id = ?", (f"w{n}",)
        ).fetchone()[0]
        new_name, new = reference()
        if chunk_of[f"w{n}"] in set(new.ids.tolist()):  # it took one member's place
            assert new_name != name and len(new) == len(grown) and len(set(current.ids) - set(new.ids)) == 1
        else:
            assert new_name == name  # not drawn: not rewritten
        name, current = new_name, new
    outside = [a for a, c in chunk_of.items() if c not in set(current.ids.tolist())]
    inside = [a for a, c in chunk_of.items() if c in set(current.ids.tolist())]
    assert outside and inside  # both happened
    assert service.remove(outside, merge=False).removed == outside
    assert reference()[0] == name  # none of them is in it
    grown_name = name
    sample_id = service.snapshot().conn.execute("SELECT id FROM articles WHERE row_id = 1").fetchone()[0]
    assert service.remove([sample_id], merge=False).removed == [sample_id]
    name, after = reference()
    assert name != grown_name and not set(sample_chunks) & set(after.ids.tolist())


def test_an_index_from_before_the_measured_record_keeps_its_measured_size(sample_copy, service_factory, tmp_path):
    """Such an index recorded only the reference's size, which each write now grows: its first write
    records the size it was measured at, so the redraw after doubling still counts from there."""
    import sqlite3

    from index.store.folder import IndexDir

    service = service_factory(sample_copy)
    store = IndexDir(sample_copy).require_current() / "index.sqlite"
    with sqlite3.connect(store) as conn:  # as an older version left it
        size = conn.execute("SELECT value FROM meta WHERE key = 'reference_measured_at'").fetchone()[0]
        conn.execute("DELETE FROM meta WHERE key = 'reference_measured_at'")
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('reference_size', ?)", (size,))
    record = tmp_path / "one.jsonl"
    record.write_text(json.dumps({"id": "one", "text": "Kereta api tiba pukul tujuh di Bandung."}), encoding="utf-8")
    assert service.add(service.load([str(record)]), merge=False).added == ["one"]
    with sqlite3.connect(IndexDir(sample_copy).require_current() / "index.sqlite") as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'reference_measured_at'").fetchone()[0] == size
