"""Segments: a write adds what it indexes and nothing else; readers combine segments exactly."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from index.errors import FrontlineError
from index.store import db
from index.store.folder import STORE, IndexDir
from index.store.lexical import ANALYZERS, LexicalChannel
from index.store.merge import MERGE_FACTOR
from index.store.reader import Snapshot
from index.store.segment import Segment
from index.text.chunking import passage_text

QUESTIONS = [
    "how many people crossed into Finland?",
    "Berapa orang Rusia melintasi perbatasan dengan Finlandia?",
    "serangan drone di Kyiv",
    "Зеленський Київ",
]
ARTICLES = [
    ("kyiv-1", "Drone menyerang Kyiv pada malam hari; tiga orang terluka, kata wali kota Vitali Klitschko."),
    ("kyiv-2", "Зеленський заявив, що Київ відновить електропостачання до ранку після атаки дронів."),
    ("grain-1", "Kapal gandum pertama meninggalkan pelabuhan Odesa di bawah kesepakatan yang ditengahi PBB."),
    ("grain-2", "The first grain ship left Odesa under the UN-brokered deal, carrying 26,000 tonnes of corn."),
    ("border-1", "Antrean panjang kendaraan terlihat di perbatasan Rusia dengan Georgia setelah mobilisasi."),
]


def _jsonl(path: Path, articles: list[tuple[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps({"id": i, "title": i, "text": t}) for i, t in articles), encoding="utf-8")
    return path


def _segment_files(index: Path) -> dict[str, str]:
    folder = IndexDir(index).require_current() / "segments"
    return {
        str(p.relative_to(folder)): hashlib.sha1(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def _add(service, tmp_path: Path, name: str, articles: list[tuple[str, str]], merge: bool = False):
    return service.add(service.load([str(_jsonl(tmp_path / f"{name}.jsonl", articles))]), merge=merge)


def test_a_write_adds_one_segment_and_leaves_the_others_untouched(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    before = _segment_files(sample_copy)
    report = _add(service, tmp_path, "one", ARTICLES[:1])
    assert report.added == ["kyiv-1"]
    after = _segment_files(sample_copy)
    assert {k: v for k, v in after.items() if k in before} == before  # no byte of an old segment changed
    new = {k.split("/")[0] for k in after} - {k.split("/")[0] for k in before}
    assert len(new) == 1
    assert service.stats().segments == 2


def test_bm25_over_segments_equals_one_index_over_the_live_chunks(sample_copy, service_factory, tmp_path):
    """Several writes, an update and a removal: each channel scores as one index built over what is live."""
    service = service_factory(sample_copy)
    _add(service, tmp_path, "a", ARTICLES[:2])
    _add(service, tmp_path, "b", ARTICLES[2:])
    _add(service, tmp_path, "c", [("kyiv-1", ARTICLES[0][1] + " Listrik padam di tiga distrik.")])
    assert service.remove(["grain-1"], merge=False).removed == ["grain-1"]
    snapshot = service.snapshot()
    assert snapshot.manifest.segments >= 3
    conn = db.connect(IndexDir(sample_copy).require_current() / STORE, readonly=True)
    live = list(db.iter_chunk_texts(conn))
    conn.close()
    ids = [chunk_id for chunk_id, _, _ in live]
    texts = [passage_text(title, text) for _, text, title in live]
    for name in ANALYZERS:
        whole = LexicalChannel.build(name, ids, texts)
        channel = snapshot.channels[name]
        assert channel.chunk_ids.tolist() == ids
        for question in QUESTIONS:
            np.testing.assert_allclose(channel.scores(question), whole.scores(question), rtol=1e-5, atol=1e-7)
            np.testing.assert_allclose(channel.coverage(question), whole.coverage(question), rtol=1e-5, atol=1e-7)
    # Dense search sees exactly the live chunks.
    assert np.array_equal(snapshot.vectors.ids(), np.asarray(ids))


def test_optimize_merges_into_one_segment_with_the_same_answers(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    for n, article in enumerate(ARTICLES):
        _add(service, tmp_path, f"a{n}", [article])
    service.remove(["grain-2"], merge=False)
    before = {q: [(c.article_id, c.passage) for c in service.ask(q).citations] for q in QUESTIONS}
    assert service.stats().segments == len(ARTICLES) + 1
    assert service.optimize() == len(ARTICLES) + 1
    assert service.stats().segments == 1
    after = {q: [(c.article_id, c.passage) for c in service.ask(q).citations] for q in QUESTIONS}
    assert after == before
    assert service.check().ok
    conn = sqlite3.connect(IndexDir(sample_copy).require_current() / STORE)
    assert conn.execute("SELECT COUNT(*) FROM chunks WHERE removed_in IS NOT NULL").fetchone()[0] == 0  # purged
    conn.close()


def test_the_merge_policy_keeps_the_segment_count_bounded(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    for n in range(MERGE_FACTOR + 2):
        _add(service, tmp_path, f"s{n}", [(f"short-{n}", f"Laporan singkat nomor {n} dari garis depan.")], merge=True)
    assert service.stats().segments < MERGE_FACTOR
    assert service.stats().articles == MERGE_FACTOR + 3
    assert service.check().ok


def test_the_merge_policy_never_builds_a_segment_over_the_cap(sample_copy, service_factory, tmp_path, monkeypatch):
    """Merges hold their segments in memory: past the cap, segments are left as they are (optimize still merges)."""
    service = service_factory(sample_copy)
    monkeypatch.setattr("index.store.merge.MERGE_FACTOR", 3)
    monkeypatch.setattr("index.store.merge.SAMPLE", 1)  # no redraw of the hubness reference (a merge of all)
    for n in range(8):
        _add(service, tmp_path, f"c{n}", [(f"cap-{n}", f"Laporan singkat nomor {n} dari garis depan.")], merge=False)
    cap = 3  # each short article is one chunk: at most three of them may become one segment
    monkeypatch.setattr("index.store.merge.MAX_MERGED_CHUNKS", cap)
    service.merge()
    conn = sqlite3.connect(IndexDir(sample_copy).require_current() / STORE)
    created = conn.execute(
        "SELECT chunks FROM segments WHERE dropped_in IS NULL AND name != ?",
        (conn.execute("SELECT name FROM segments ORDER BY created_in LIMIT 1").fetchone()[0],),
    ).fetchall()
    conn.close()
    assert max(c for (c,) in created) <= cap
    assert service.stats().segments < 9  # some merges did run
    assert service.optimize() and service.stats().segments == 1 and service.check().ok


def test_a_reader_lets_go_of_segments_merged_away(sample_copy, service_factory, tmp_path, monkeypatch):
    """After optimize, the small segments and their in-memory tail leave the reader's cache."""
    service = service_factory(sample_copy)
    for n in range(3):
        _add(service, tmp_path, f"t{n}", [(f"tail-{n}", f"Laporan singkat nomor {n} dari garis depan.")])
    service.snapshot()
    assert service._segments._tail is not None and len(service._segments._segments) == 4
    service.optimize()
    monkeypatch.setattr("index.store.reader.TAIL_SEGMENT", 1)  # the merged segment counts as a big one
    snapshot = service.snapshot()
    assert service._segments._tail is None
    assert len(service._segments._segments) == snapshot.manifest.segments == 1


def test_a_reader_hands_memory_back_after_a_merge_not_after_an_add(sample_copy, service_factory, tmp_path, monkeypatch):
    from index import service as service_module

    trims: list[int] = []
    monkeypatch.setattr(service_module, "return_freed_memory", lambda: trims.append(1))
    service = service_factory(sample_copy)
    service.snapshot()
    for n in range(2):
        _add(service, tmp_path, f"t{n}", [(f"tail-{n}", f"Laporan singkat nomor {n} dari garis depan.")])
        service.snapshot()
    assert trims == []  # adds only load their own segment: nothing was freed
    service.optimize()
    assert service.snapshot().merged_away == 3 and trims == [1]


def test_a_new_commit_loads_only_its_own_segment(sample_copy, service_factory, tmp_path, monkeypatch):
    reader = service_factory(sample_copy)
    first = reader.snapshot()
    held = dict(reader._segments._segments)  # the segments this process has loaded
    writer = service_factory(sample_copy)
    _add(writer, tmp_path, "w", ARTICLES[:1])
    loads = []
    real_load = Segment.load
    monkeypatch.setattr(
        Segment, "load", classmethod(lambda cls, folder: loads.append(folder.name) or real_load(folder))
    )
    second = reader.snapshot()
    assert second is not first and second.commit == first.commit + 1
    assert loads == [f"seg-{second.commit:08d}"]  # the new segment only
    assert all(reader._segments._segments[key] is segment for key, segment in held.items())
    assert "kyiv-1" in {c.article_id for c in reader.ask("drone Kyiv wali kota").citations}


def test_a_reader_keeps_its_commit_while_a_writer_removes(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    _add(service, tmp_path, "a", ARTICLES[:2])
    held = Snapshot.open(IndexDir(sample_copy))
    service.remove(["kyiv-1"], merge=False)
    service.optimize()  # merged and purged: the rows of kyiv-1 are gone from SQLite
    assert "kyiv-1" not in {c.article_id for c in service.ask("drone Kyiv wali kota").citations}
    # The held snapshot still searches its own segments (their folders stay a while).
    ids = held.channels["words"].chunk_ids
    assert len(ids) == held.manifest.chunks
    held.close()


def test_a_format_1_index_is_refused_for_reading_and_upgraded_without_embedding(tmp_path, run, embedder):
    legacy = _legacy_index(tmp_path / "old", embedder)
    result = run("ask", "how many people crossed into Finland?", "--index", str(legacy))
    assert result.exit_code == 1 and "frontline index upgrade" in result.output and "Traceback" not in result.output
    result = run("index", "upgrade", "--index", str(legacy))
    assert result.exit_code == 0, result.output
    assert run("index", "check", "--index", str(legacy)).exit_code == 0
    result = run("ask", "how many people crossed into Finland?", "--index", str(legacy), "--json")
    assert "17.000" in json.loads(result.output)["citations"][0]["passage"]
    assert not (IndexDir(legacy).require_current() / "store.sqlite").exists()


def test_a_write_to_a_format_1_index_upgrades_it_first(tmp_path, run, embedder):
    legacy = _legacy_index(tmp_path / "old", embedder)
    extra = _jsonl(tmp_path / "extra.jsonl", ARTICLES[:1])
    result = run("index", "add", str(extra), "--index", str(legacy))
    assert result.exit_code == 0, result.output
    stats = json.loads(run("index", "stats", "--json", "--index", str(legacy)).output)
    assert stats["articles"] == 2


def _legacy_index(root: Path, embedder) -> Path:
    """An index as format 1 wrote it: one generation folder, SQLite at schema 3, a manifest."""
    text = Path(__file__).resolve().parent.parent.joinpath("samples").glob("*.txt").__next__().read_text()
    from index.ingest.articles import Article
    from index.text.chunking import chunk_text, make_splitter

    folder = root / "gen-000001"
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / "store.sqlite")
    for script in db.MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version=3")
    chunks = chunk_text(text, make_splitter(embedder.token_length, 120, 24))
    vectors = embedder.encode_passages([c.text for c in chunks])
    conn.execute(
        "INSERT INTO articles (row_id, id, title, text, content_hash, indexed_at, story) VALUES (1, 'sample', '', ?, ?, '', 1)",
        (text, Article(text=text, id="sample").content_hash()),
    )
    for n, (chunk, vector) in enumerate(zip(chunks, vectors, strict=True)):
        conn.execute(
            "INSERT INTO chunks (article_row, ord, start, end, text, embedding) VALUES (1, ?, ?, ?, ?, ?)",
            (n, chunk.start, chunk.end, chunk.text, np.asarray(vector, np.float32).tobytes()),
        )
    conn.commit()
    conn.close()
    manifest = {"model": embedder.name, "dim": embedder.dim, "articles": 1, "chunks": len(chunks), "format": 1}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (root / "CURRENT").write_text("gen-000001")
    return root


def test_a_segment_named_by_no_commit_is_removed_by_the_next_write(sample_copy, service_factory, tmp_path):
    orphan = IndexDir(sample_copy).require_current() / "segments" / "seg-00000099"
    orphan.mkdir()
    (orphan / "segment.json").write_text("{}")
    service = service_factory(sample_copy)
    _add(service, tmp_path, "a", ARTICLES[:1])
    assert not orphan.exists()
    assert service.check().ok


def test_a_damaged_segment_is_named_by_check_and_refuses_writes(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    segment = IndexDir(sample_copy).require_current() / "segments" / "seg-00000001"
    (segment / "segment.json").write_text("{not json")
    with pytest.raises(FrontlineError) as caught:
        _add(service, tmp_path, "a", ARTICLES[:1])
    assert caught.value.kind == "index_corrupt"
    assert any("seg-00000001" in p for p in service.check().problems)
