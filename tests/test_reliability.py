"""Damage detection, repair from stored text, export/import, and leftovers of crashed writers."""

import json
import shutil
import sqlite3
import threading

import pytest

from index.errors import IndexCorruptError
from index.store.folder import IndexDir
from index.store.vectors.faiss import FaissStore

from .conftest import SAMPLE


def _current(folder):
    return IndexDir(folder).require_current()


def _segment(folder, commit=1):
    return _current(folder) / "segments" / f"seg-{commit:08d}"


def test_healthy_index_checks_ok(sample_copy, service_factory):
    report = service_factory(sample_copy).check()
    assert report.ok, report.problems


def test_truncated_faiss_is_found_and_repaired(sample_copy, service_factory):
    service = service_factory(sample_copy)
    faiss_file = _segment(sample_copy) / "vectors.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])
    report = service_factory(sample_copy).check()
    assert any("vectors.faiss unreadable" in p for p in report.problems)
    with pytest.raises(IndexCorruptError, match="index check"):
        service_factory(sample_copy).ask("how many people crossed into Finland?")
    rebuilt = service.repair()
    assert rebuilt.added and not rebuilt.failed
    fresh = service_factory(sample_copy)
    assert fresh.check().ok
    assert "17.000" in fresh.ask("how many people crossed into Finland?").answer


def test_faiss_and_sqlite_out_of_step(sample_copy, service_factory):
    vectors = FaissStore.load(_segment(sample_copy))
    vectors.remove([int(vectors.ids()[0])])
    vectors.save(_segment(sample_copy))
    report = service_factory(sample_copy).check()
    assert any("seg-00000001" in p and "different chunk counts" in p for p in report.problems), report.problems
    service_factory(sample_copy).repair()
    assert service_factory(sample_copy).check().ok


def test_damaged_hubness_is_found_and_repaired(sample_copy, service_factory):
    hubness_file = _segment(sample_copy) / "hubness.npy"
    hubness_file.write_bytes(hubness_file.read_bytes()[:50])
    assert any("hubness.npy unreadable" in p for p in service_factory(sample_copy).check().problems)
    with pytest.raises(IndexCorruptError, match="index check"):
        service_factory(sample_copy).ask("how many people crossed into Finland?")
    service_factory(sample_copy).repair()
    fresh = service_factory(sample_copy)
    assert fresh.check().ok and "17.000" in fresh.ask("how many people crossed into Finland?").answer


def test_wrong_model_and_counts_are_named(sample_copy, service_factory):
    conn = sqlite3.connect(_current(sample_copy) / "index.sqlite")
    conn.execute("UPDATE commits SET chunks = chunks + 3")
    conn.commit()
    conn.close()
    problems = service_factory(sample_copy, FRONTLINE_MODEL="intfloat/other-model").check().problems
    assert any("configured model is 'intfloat/other-model'" in p for p in problems)
    assert any("the last commit counts" in p for p in problems)


def test_a_lost_sqlite_store_is_repaired_from_the_articles_kept_in_segments(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "extra-1", "text": "Kyiv diserang drone pada malam hari.", "publisher": "X"}))
    service.add(service.load([str(extra)]))
    store_file = _current(sample_copy) / "index.sqlite"
    for stale in _current(sample_copy).glob("index.sqlite-*"):
        stale.unlink()
    store_file.write_bytes(b"this is not sqlite" * 100)
    assert any("index.sqlite" in p for p in service_factory(sample_copy).check().problems)
    report = service_factory(sample_copy).repair()
    assert len(report.added) == 2 and "extra-1" in report.added
    fresh = service_factory(sample_copy)
    assert fresh.check().ok and fresh.stats().articles == 2
    assert fresh.source("extra-1").article.publisher == "X"  # every field, from the segment's records


def test_export_import_round_trip_keeps_all_metadata(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    out = tmp_path / "export.jsonl"
    assert service.export(out) == 1
    record = json.loads(out.read_text())
    assert record["publisher"] == "Zona Priangan" and record["source"] == "Express" and len(record["related"]) == 4
    target = service_factory(tmp_path / "moved")
    report = target.add(target.load([str(out)]))
    assert report.added == [record["id"]]
    assert target.source(record["id"]).article.to_record() == record


def test_crashed_writer_leftovers_are_ignored_then_cleaned(sample_copy, service_factory):
    index_dir = IndexDir(sample_copy)
    committed = index_dir.require_current()
    # A writer killed after renaming its generation but before moving CURRENT, and one
    # killed while still writing its temporary folder.
    orphan = sample_copy / "gen-000099"
    shutil.copytree(committed, orphan)
    (orphan / "index.sqlite").write_bytes(b"")
    (sample_copy / ".tmp-dead").mkdir()
    service = service_factory(sample_copy)
    assert "17.000" in service.ask("how many people crossed into Finland?").answer
    assert service.check().ok
    report = service.add(service.load([str(SAMPLE)]))  # unchanged: no commit, but leftovers go
    assert report.unchanged
    assert not (sample_copy / ".tmp-dead").exists()
    service.remove(["not-there"])
    extra = sample_copy.parent / "e.jsonl"
    extra.write_text(json.dumps({"id": "e1", "text": "Serangan di Odesa."}))
    service.add(service.load([str(extra)]))
    assert not orphan.exists()
    assert index_dir.require_current().name == "gen-000001"  # writes commit inside the live generation
    assert service_factory(sample_copy).check().ok


def test_readers_see_the_committed_index_while_a_writer_runs(sample_copy, service_factory, tmp_path):
    from index.errors import IndexBusyError

    writer = service_factory(sample_copy)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "w1", "text": "Pasukan Ukraina membebaskan Kherson pada 11 November."}))
    inside, release = threading.Event(), threading.Event()

    def stall(_n: int) -> None:  # called mid-write, with the lock held
        inside.set()
        release.wait(60)

    thread = threading.Thread(target=writer.add, args=(writer.load([str(feed)]), stall))
    thread.start()
    try:
        assert inside.wait(60)
        reader = service_factory(sample_copy)
        assert reader.stats().articles == 1
        assert "17.000" in reader.ask("how many people crossed into Finland?").answer
        with pytest.raises(IndexBusyError, match="being written by pid"):
            reader.remove(["anything"])
    finally:
        release.set()
        thread.join(60)
    assert reader.stats().articles == 2  # the same reader moves to the new generation, no restart
