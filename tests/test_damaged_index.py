"""A damaged index is never written over: writes refuse in one line and delete nothing; repair starts over."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.cli import main
from index.errors import IndexCorruptError
from index.store.folder import IndexDir
from index.store.vectors.faiss import FaissStore

QUESTION = "how many people crossed into Finland?"


def _tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (but the lock) with a hash of its content: 'nothing changed' in one value.

    An intact SQLite store counts by its rows (a reader's checkpoint moves pages between
    the database and its WAL without changing a row); its -wal and -shm files not at all.
    """
    tree = {}
    for p in sorted(folder.rglob("*")):
        if not p.is_file() or p.name == ".lock" or p.name.endswith(("-wal", "-shm")):
            continue
        tree[str(p.relative_to(folder))] = _content(p)
    return tree


def _content(path: Path) -> str:
    if path.name == "index.sqlite" and path.stat().st_size:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            rows = "\n".join(conn.iterdump())
            conn.close()
            return hashlib.sha1(rows.encode()).hexdigest()
        except sqlite3.Error:
            pass
    return hashlib.sha1(path.read_bytes()).hexdigest()


@pytest.fixture
def two_generations(sample_copy, service_factory, tmp_path) -> Path:
    """The sample index plus a second article: commit 1 (1 article, seg-00000001) and commit 2 (seg-00000002)."""
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "extra-1", "text": "Kyiv diserang drone pada malam hari, kata wali kota."}))
    service = service_factory(sample_copy)
    assert service.add(service.load([str(extra)]), merge=False).added == ["extra-1"]
    assert (IndexDir(sample_copy).require_current() / "segments" / "seg-00000002").is_dir()
    return sample_copy


@pytest.fixture
def cli(embedder, monkeypatch):
    monkeypatch.delenv("FRONTLINE_INDEX_DIR", raising=False)

    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def _outside_copy(index: Path, tmp_path: Path) -> Path:
    """A healthy-looking generation outside the index folder, for CURRENT values that climb out."""
    import shutil

    elsewhere = tmp_path / "elsewhere" / "gen-000001"
    shutil.copytree(index / "gen-000001", elsewhere)
    return elsewhere


def _foreign_sqlite(path: Path) -> None:
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('someone else''s database')")
    conn.commit()
    conn.close()


DAMAGE = {
    "CURRENT missing": lambda index, tmp: (index / "CURRENT").unlink(),
    "CURRENT empty": lambda index, tmp: (index / "CURRENT").write_text(""),
    "CURRENT outside": lambda index, tmp: (index / "CURRENT").write_text("../../etc"),
    "CURRENT traversing": lambda index, tmp: (
        _outside_copy(index, tmp),
        (index / "CURRENT").write_text("gen-000001/../../elsewhere/gen-000001"),
    ),
    "CURRENT dangling": lambda index, tmp: (index / "CURRENT").write_text("gen-000009"),
    "store zero bytes": lambda index, tmp: _zero_store(index / "gen-000001" / "index.sqlite"),
    "store foreign": lambda index, tmp: _foreign_sqlite(index / "gen-000001" / "index.sqlite"),
    "segment manifest truncated": lambda index, tmp: (SEGMENT(index, 2) / "segment.json").write_text('{"backend": "fa'),
    "faiss garbage": lambda index, tmp: (SEGMENT(index, 2) / "vectors.faiss").write_bytes(os.urandom(4096)),
    "postings truncated": lambda index, tmp: _truncate(SEGMENT(index, 1) / "words.npz"),
    "segment missing": lambda index, tmp: shutil.rmtree(SEGMENT(index, 1)),
}


def SEGMENT(index: Path, commit: int) -> Path:  # noqa: N802 - reads as a path in the table above
    return index / "gen-000001" / "segments" / f"seg-{commit:08d}"


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def _zero_store(path: Path) -> None:
    _foreign_sqlite(path)
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_write_on_damaged_index_refuses_and_deletes_nothing(two_generations, cli, tmp_path, damage):
    index = two_generations
    DAMAGE[damage](index, tmp_path)
    before = _tree(index)
    new = tmp_path / "new.jsonl"
    new.write_text(json.dumps({"id": "new-1", "text": "Serangan rudal di Odesa merusak pelabuhan."}))
    for command in (["index", "add", new], ["index", "remove", "extra-1"]):
        result = cli(*command, "--index", index)
        assert result.exit_code == 1, result.output
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert len(lines) == 1 and "Traceback" not in result.output, result.output
        assert "cannot be read" in lines[0] and "repair" in lines[0], lines[0]
        assert _tree(index) == before  # nothing deleted, nothing committed


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_index_checks_as_damaged_in_one_line_each(two_generations, cli, tmp_path, damage):
    DAMAGE[damage](two_generations, tmp_path)
    result = cli("index", "check", "--index", two_generations)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("problem: "), result.output


@pytest.mark.parametrize("damage", ["CURRENT outside", "CURRENT traversing"])
def test_current_climbing_out_of_the_folder_is_never_served(two_generations, service_factory, tmp_path, damage):
    DAMAGE[damage](two_generations, tmp_path)
    with pytest.raises(IndexCorruptError, match="not a generation name|does not hold a generation name"):
        service_factory(two_generations).ask(QUESTION)


@pytest.mark.parametrize("damage", ["CURRENT missing", "CURRENT empty", "CURRENT traversing", "store zero bytes"])
def test_only_repair_starts_over_and_keeps_the_articles(two_generations, service_factory, tmp_path, damage):
    DAMAGE[damage](two_generations, tmp_path)
    report = service_factory(two_generations).repair()
    expected = 2  # a zero-byte store: the articles kept in the segments
    assert len(report.added) == expected
    fresh = service_factory(two_generations)
    assert fresh.check().ok and fresh.stats().articles == expected
    assert "17.000" in fresh.ask(QUESTION).answer


def test_a_new_generation_that_does_not_read_back_is_never_committed(two_generations, service_factory, monkeypatch):
    index = two_generations
    before = _tree(index)
    real_save = FaissStore.save

    def lossy_save(self, folder):  # a write that loses data (full disk, bad hardware) without raising
        real_save(self, folder)
        path = folder / "vectors.faiss"
        path.write_bytes(path.read_bytes()[:200])

    monkeypatch.setattr(FaissStore, "save", lossy_save)
    service = service_factory(index)
    extra = index.parent / "third.jsonl"
    extra.write_text(json.dumps({"id": "third", "text": "Jembatan Krimea rusak akibat ledakan."}))
    items = service.load([str(extra)])
    with pytest.raises(IndexCorruptError, match="vectors.faiss"):
        service.add(items)
    assert _tree(index) == before  # no commit, no segment left behind
    monkeypatch.undo()
    assert service_factory(index).stats().articles == 2


def test_generation_folders_follow_the_umask(sample_copy, service_factory, tmp_path):
    extra = tmp_path / "u.jsonl"
    extra.write_text(json.dumps({"id": "u1", "text": "Pasukan Ukraina maju di dekat Bakhmut."}))
    old = os.umask(0o022)
    try:
        service = service_factory(sample_copy)
        service.add(service.load([str(extra)]))
    finally:
        os.umask(old)
    current = IndexDir(sample_copy).require_current()
    assert current.stat().st_mode & 0o777 == 0o755
    assert (current / "index.sqlite").stat().st_mode & 0o044 == 0o044  # readable by the bot's user too
    for segment in (current / "segments").iterdir():
        assert segment.stat().st_mode & 0o777 == 0o755


def test_unwritable_index_folder_is_one_line(cli, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    source = tmp_path / "s.jsonl"
    source.write_text(json.dumps({"id": "s1", "text": "Serangan drone di Kharkiv."}))
    result = cli("index", "add", source, "--index", blocker / "index")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot write index" in result.output and len(result.output.strip().splitlines()) == 1


def test_unwritable_model_cache_is_one_line(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("FRONTLINE_MODEL_CACHE", str(blocker / "models"))
    source = tmp_path / "s.jsonl"
    source.write_text(json.dumps({"id": "s1", "text": "Serangan drone di Kharkiv."}))
    result = cli("index", "add", source, "--index", tmp_path / "index")  # a failed load is not cached
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert str(blocker) in result.output and len(result.output.strip().splitlines()) == 1
