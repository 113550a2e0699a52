"""The index on each vector backend: FAISS files, and Milvus (embedded Milvus Lite, a .db file in tmp_path).

Same questions, same answers: retrieval across languages, removal, idempotent re-adds,
merges, the bot's /reindex and `index check`; for Milvus also that the rows of merged-away
segments and of removed chunks are deleted (and a crash before that shows no reader a
removed chunk), that several segments are searched in one request with tombstones
honoured, and that an unreachable Milvus is one line.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3

import numpy as np
import pytest

from index.errors import FrontlineError

from .conftest import DATED, SAMPLE, make_settings
from .discord_helpers import make_attachment, make_interaction, make_member, sent_kwargs

FINLAND = "17.000 orang Rusia melintasi perbatasan dengan Finlandia"


@pytest.fixture(params=["faiss", "milvus"])
def backend(request, tmp_path):
    """(name, settings overrides) of a backend; Milvus Lite in a file of this test's own."""
    if request.param == "faiss":
        yield "faiss", {}
        return
    pytest.importorskip("milvus_lite")
    from index.store.vectors import milvus

    yield "milvus", {"FRONTLINE_BACKEND": "milvus", "FRONTLINE_MILVUS_URI": str(tmp_path / "milvus.db")}
    milvus.close_clients()
    milvus.configure()


@pytest.fixture
def make(service_factory, backend, tmp_path):
    _, overrides = backend
    return lambda name="index": service_factory(tmp_path / name, **overrides)


def _add(service, *paths, merge=True):
    report = service.add(service.load([str(p) for p in paths]), merge=merge)
    assert not report.failed
    return report


def _milvus_rows(service) -> int:
    """Rows of the index's collection in Milvus, every segment's (live or not yet collected)."""
    from index.store.vectors import milvus

    conn = sqlite3.connect(service.index_dir.current() / "index.sqlite")
    name = dict(conn.execute("SELECT key, value FROM meta").fetchall())["vector_space"]
    conn.close()
    assert milvus._configured is not None
    found = milvus.collection(milvus._configured, name).query(name, filter="", output_fields=["count(*)"])
    return int(found[0]["count(*)"])


def _add_then_remove_six(service) -> tuple[list[dict], set[int]]:
    """The dated articles added (one segment, unmerged), then the first six removed: the records and their chunks."""
    _add(service, DATED, merge=False)
    records = _dated_records()
    gone = [r["id"] for r in records[:6]]
    gone_chunks = {c for article in gone for c in _chunks_of(service, article)}
    service.remove(gone, merge=False)
    return records, gone_chunks


def _chunks_of(service, article_id: str) -> list[int]:
    rows = service.snapshot().conn.execute(
        "SELECT c.id FROM chunks c JOIN articles a ON a.row_id = c.article_row WHERE a.id = ?", (article_id,)
    )
    return [r[0] for r in rows]


def _cited(answer) -> list[str]:
    return [c.article_id for c in answer.citations]


def test_the_index_records_its_backend_and_answers_across_languages(make, backend):
    service = make()
    _add(service, SAMPLE, DATED)
    assert service.snapshot().manifest.vector_backend == backend[0]
    answer = service.ask("how many people crossed into Finland?", k=5, mode="dense")
    passages = " ".join(c.passage for c in service.ask("how many people crossed into Finland?", k=5).citations)
    assert FINLAND in passages
    assert answer.citations
    if backend[0] == "milvus":
        assert _milvus_rows(service) == service.stats().chunks
        folder = service.index_dir.current() / "segments"
        assert not list(folder.rglob("vectors.faiss")) and list(folder.rglob("vectors.milvus.json"))


def test_dense_search_is_the_same_on_both_backends(service_factory, backend, tmp_path, embedder):
    """The Milvus store returns what FAISS returns for the same chunks (exact search, inner product)."""
    _, overrides = backend
    service = service_factory(tmp_path / "index", **overrides)
    _add(service, SAMPLE, DATED)
    reference = service_factory(tmp_path / "faiss")
    _add(reference, SAMPLE, DATED)
    query = embedder.encode_queries(["Zaporizhzhia nuclear plant shelling"])[0]
    scores, ids = service.snapshot().vectors.search(query, 8)
    expected_scores, expected_ids = reference.snapshot().vectors.search(query, 8)
    assert ids.tolist() == expected_ids.tolist()
    assert np.allclose(scores, expected_scores, atol=1e-4)
    chosen = ids[:3]
    assert np.allclose(service.snapshot().vectors.vectors_for(chosen), reference.snapshot().vectors.vectors_for(chosen))


def test_removal_and_idempotent_re_add(make, backend):
    service = make()
    _add(service, SAMPLE)
    _add(service, DATED)
    sample_id = service.sources(query="Kazakhstan")[0].article.id
    again = service.add(service.load([str(SAMPLE)]))
    assert again.unchanged and not again.added and not again.updated
    commit = service.stats().generation
    chunks = set(_chunks_of(service, sample_id))
    report = service.remove([sample_id])
    assert report.removed == [sample_id]
    assert service.stats().generation > commit
    answer = service.ask("how many people crossed into Finland?", k=5)
    assert sample_id not in _cited(answer)
    assert FINLAND not in " ".join(c.passage for c in answer.citations)
    query = service.embedder.encode_queries(["Finlandia perbatasan"])[0]
    assert not chunks & set(service.snapshot().vectors.search(query, 50)[1].tolist())
    _add(service, SAMPLE)  # back again: a new chunk id, found again
    assert sample_id in _cited(service.ask("how many people crossed into Finland?", k=5))


def test_tombstones_are_honoured_in_one_search_over_many_segments(make, backend, monkeypatch):
    """Several small writes (a reader's tail of segments) and a removal: the removed chunks never come back."""
    service = make()
    records = [json.loads(line) for line in DATED.read_text().splitlines() if line.strip()]
    for record in records[:6]:  # one segment each
        service.add(service.load([_write_jsonl(service.index_dir.root.parent / f"{record['id']}.jsonl", [record])]))
    assert service.stats().segments >= 2
    gone = records[0]["id"]
    service.remove([gone], merge=False)
    snapshot = service.snapshot()
    calls = []
    if backend[0] == "milvus":
        from index.store.vectors import milvus

        real = milvus.collection

        def counting(conn, name):
            found = real(conn, name)
            calls.append(name)
            return found

        monkeypatch.setattr(milvus, "collection", counting)
    query = service.embedder.encode_queries([records[0]["text"][:200]])[0]
    gone_chunks = set(_chunks_of(service, gone))
    scores, ids = snapshot.vectors.search(query, 10)
    assert gone_chunks and not set(ids.tolist()) & gone_chunks
    assert len(ids) == min(10, len(snapshot.vectors))
    if backend[0] == "milvus":
        assert len(calls) == 1  # every segment in one request


def _write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_optimize_merges_and_collects_the_merged_rows(make, backend):
    service = make()
    _add(service, SAMPLE, merge=False)
    _add(service, DATED, merge=False)
    before = service.ask("how many people crossed into Finland?", k=3)
    assert service.stats().segments == 2
    assert service.optimize() == 2
    assert service.stats().segments == 1
    after = service.ask("how many people crossed into Finland?", k=3)
    assert _cited(after) == _cited(before)
    if backend[0] == "milvus":
        chunks = service.stats().chunks
        assert _milvus_rows(service) == 2 * chunks  # the merged-away segments stay for readers a while
        for number in range(3):  # later commits collect them
            record = {"id": f"small-{number}", "text": f"Laporan singkat nomor {number} dari Kharkiv."}
            _add(service, _write_jsonl(service.index_dir.root.parent / "small.jsonl", [record]), merge=False)
        assert _milvus_rows(service) == service.stats().chunks


def test_index_check_and_stats_from_the_command_line(run, backend, tmp_path):
    name, _ = backend
    options = ["--backend", name]  # Milvus: Lite, milvus.db in the index folder
    index = tmp_path / "cli-index"
    assert run("index", "add", SAMPLE, "--index", index, *options).exit_code == 0
    result = run("index", "check", "--index", index, *options)
    assert result.exit_code == 0 and result.output.startswith("ok ("), result.output
    stats = json.loads(run("index", "stats", "--index", index, "--json", *options).output)
    assert stats["articles"] == 1 and stats["chunks"] > 0
    if name == "milvus":
        from index.store.vectors import milvus

        milvus.close_clients()
        milvus.configure()
        # Read again with no option: the segments say where they were written (a file in the index
        # folder, so it is used unasked); a write goes there too.
        assert (index / "milvus.db").exists()
        assert run("index", "check", "--index", index).output.startswith("ok (")
        assert run("index", "optimize", "--index", index).exit_code == 0
        assert run("index", "check", "--index", index).output.startswith("ok (")
        assert json.loads(run("index", "stats", "--index", index, "--json").output)["segments"] == 1


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
def test_an_unreachable_milvus_is_one_line(run, tmp_path, make, backend):
    service = make()
    _add(service, SAMPLE)
    from index.store.vectors import milvus

    milvus.close_clients()
    result = run("ask", "Finland?", "--index", service.index_dir.root, "--milvus-uri", "http://127.0.0.1:9")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the milvus vector store at http://127.0.0.1:9" in lines[0]
    assert "Traceback" not in result.output


async def test_bot_reindex_on_each_backend(backend, embedder, tmp_path):
    from bot.bot import EXTENSIONS, FrontlineBot
    from index.service import Frontline

    _, overrides = backend
    settings = make_settings(tmp_path / "bot-index", FRONTLINE_ADMIN_ROLE="Editors", **overrides)
    service = Frontline(settings, embedder=embedder)
    _add(service, SAMPLE)
    client = FrontlineBot(settings, service)
    for extension in EXTENSIONS:
        await client.load_extension(extension)
    try:
        admin, ask = client.get_cog("Admin"), client.get_cog("Ask")
        finland = make_interaction(client)
        await ask.ask.callback(ask, finland, question="how many people crossed into Finland?")
        assert FINLAND in sent_kwargs(finland.followup.send)["embeds"][0].description
        data = json.dumps({"id": "kherson-1", "title": "Kherson", "published_at": "2022-11-11",
                           "text": "Pasukan Ukraina memasuki kota Kherson pada hari Jumat setelah Rusia mundur."})  # fmt: skip
        interaction = make_interaction(client, user=make_member(manage_guild=True))
        await admin.reindex.callback(admin, interaction, attachment=make_attachment("feed.jsonl", data.encode()))
        while admin._tasks:
            await asyncio.gather(*list(admin._tasks))
        assert "added 1" in interaction.followup.send.return_value.edit.await_args.kwargs["content"]
        question = make_interaction(client)
        await ask.ask.callback(ask, question, question="Kapan pasukan Ukraina memasuki Kherson?")
        assert "Kherson" in sent_kwargs(question.followup.send)["embeds"][0].description
    finally:
        await client.close()


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
def test_export_and_import_move_an_index_between_backends(run, backend, tmp_path):
    """FAISS -> Milvus -> FAISS through `index export` / `index import --backend`: same articles, same answers."""
    uri = ["--milvus-uri", backend[1]["FRONTLINE_MILVUS_URI"]]
    faiss_index, milvus_index, back = tmp_path / "faiss", tmp_path / "milvus", tmp_path / "back"
    assert run("index", "add", SAMPLE, DATED, "--index", faiss_index).exit_code == 0
    assert run("index", "export", "-o", tmp_path / "a.jsonl", "--index", faiss_index).exit_code == 0
    moved = run("index", "import", tmp_path / "a.jsonl", "--index", milvus_index, "--backend", "milvus", *uri)
    assert moved.exit_code == 0 and "added 14" in moved.output, moved.output
    stats = json.loads(run("index", "stats", "--index", milvus_index, "--json", *uri).output)
    assert stats["articles"] == 14
    assert run("index", "export", "-o", tmp_path / "b.jsonl", "--index", milvus_index, *uri).exit_code == 0
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()
    assert run("index", "import", tmp_path / "b.jsonl", "--index", back, "--backend", "faiss").exit_code == 0
    question = ["ask", "how many people crossed into Finland?", "--json"]
    answers = [json.loads(run(*question, "--index", i, *uri).output) for i in (faiss_index, milvus_index, back)]
    assert [c["article_id"] for c in answers[1]["citations"]] == [c["article_id"] for c in answers[0]["citations"]]
    assert answers[2]["citations"] == answers[0]["citations"]
    # An index keeps its backend: a write that asks for another is refused in one line.
    refused = run("index", "add", SAMPLE, "--index", faiss_index, "--backend", "milvus", *uri)
    assert refused.exit_code == 1 and "keeps its vectors in faiss, not milvus" in refused.output


def test_a_planted_segment_pointer_cannot_aim_a_delete_at_other_rows(make, backend, tmp_path):
    """A pointer's key goes into Milvus filters: a key Frontline never writes is refused, not obeyed."""
    name, _ = backend
    if name != "milvus":
        pytest.skip("pointer files are Milvus's")
    from index.store.vectors import milvus

    service = make()
    _add(service, SAMPLE)
    rows = _milvus_rows(service)
    assert rows > 0
    (real,) = list(service.index_dir.current().rglob(milvus.FILE))
    pointer = json.loads(real.read_text())
    planted = tmp_path / "planted"
    planted.mkdir()
    pointer["key"] = 'x" or chunk_id >= 0 or segment == "'
    (planted / milvus.FILE).write_text(json.dumps(pointer))
    milvus.MilvusStore.release(planted)
    assert _milvus_rows(service) == rows  # nothing deleted
    with pytest.raises(ValueError, match="never writes"):
        milvus.MilvusStore.load(planted)
    assert FINLAND in service.ask("how many people crossed into Finland?").citations[0].passage


def test_milvus_credentials_stay_out_of_pointers_meta_and_reprs():
    pytest.importorskip("pymilvus")
    from index.store.vectors import milvus

    try:
        milvus.configure(uri="http://frontline:s3cret@milvus.internal:19530", token="tok-123", db="news")
        location = milvus.MilvusStore.location()
        assert "s3cret" not in location and "milvus.internal:19530" in location
        assert "tok-123" not in repr(milvus._configured)
    finally:
        milvus.configure()


def _dated_records() -> list[dict]:
    return [json.loads(line) for line in DATED.read_text().splitlines() if line.strip()]


def _small_add(service, number: int) -> None:
    record = {"id": f"small-{number}", "text": f"Laporan singkat nomor {number} dari Kharkiv."}
    _add(service, _write_jsonl(service.index_dir.root.parent / f"small-{number}.jsonl", [record]), merge=False)


def _recorded_searches(monkeypatch) -> list[tuple[int, str]]:
    """(limit, filter) of every Milvus search from now on."""
    from index.store.vectors import milvus

    searches: list[tuple[int, str]] = []
    real = milvus.collection

    def recording(conn, name):
        found = real(conn, name)

        class Recorder:
            def search(self, *args, **kwargs):
                searches.append((kwargs["limit"], kwargs["filter"]))
                return found.search(*args, **kwargs)

            def __getattr__(self, attribute):
                return getattr(found, attribute)

        return Recorder()

    monkeypatch.setattr(milvus, "collection", recording)
    return searches


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
def test_removed_chunks_leave_milvus_and_questions_stop_paying_for_them(make, backend, monkeypatch):
    """Rows of removed chunks are deleted once no reader needs them: a search asks for k plus a bounded few."""
    from index.store.vectors import milvus

    service = make()
    records, gone_chunks = _add_then_remove_six(service)
    assert _milvus_rows(service) == service.stats().chunks + len(gone_chunks)  # readers may still be on them
    for number in range(3):  # KEEP_COMMITS later, the next write deletes them
        _small_add(service, number)
    assert _milvus_rows(service) == service.stats().chunks
    assert not service.check().problems  # a segment whose removed rows were pruned is whole
    monkeypatch.setattr(milvus, "OVERFETCH", 2)
    searches = _recorded_searches(monkeypatch)
    query = service.embedder.encode_queries([records[0]["text"][:200]])[0]
    scores, ids = service.snapshot().vectors.search(query, 5)
    assert len(ids) == 5 and not set(ids.tolist()) & gone_chunks
    assert searches == [(5 + 2, searches[0][1])] and "not in" not in searches[0][1]  # one request, bounded
    assert service.optimize() >= 1 and not service.check().problems


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
def test_a_crash_before_removed_rows_are_deleted_shows_no_reader_a_removed_chunk(make, backend, monkeypatch):
    """Killed between the commit that removes chunks and the Milvus delete: readers drop them by their tombstones."""
    from index.store.vectors import milvus

    class Killed(BaseException):
        pass

    def killed(cls, space, ids):
        raise Killed

    service = make()
    records, gone_chunks = _add_then_remove_six(service)
    with monkeypatch.context() as patch:
        patch.setattr(milvus.MilvusStore, "prune", classmethod(killed))
        _small_add(service, 0)
        _small_add(service, 1)
        with pytest.raises(Killed):
            _small_add(service, 2)
    assert _milvus_rows(service) == service.stats().chunks + len(gone_chunks)
    monkeypatch.setattr(milvus, "OVERFETCH", 1)
    searches = _recorded_searches(monkeypatch)
    query = service.embedder.encode_queries([records[0]["text"][:200]])[0]
    asked = {}
    for k in (1, 5, 50):
        searches.clear()
        scores, ids = service.snapshot().vectors.search(query, k)
        assert len(ids) == min(k, service.stats().chunks) and not set(ids.tolist()) & gone_chunks
        asked[k] = len(searches)
    assert asked[5] > 1  # removed chunks ranked first: it asked again for more
    monkeypatch.undo()
    _small_add(service, 3)  # the next writer deletes them
    assert _milvus_rows(service) == service.stats().chunks


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
def test_a_recorded_milvus_outside_the_index_folder_is_not_used_unasked(run, make, backend, tmp_path):
    """A pointer's URI is text in the folder: with nothing configured, only a Lite file inside the index is used."""
    from index.store.vectors import milvus

    service = make()  # its Milvus Lite file, tmp_path/milvus.db, is outside the index folder
    _add(service, SAMPLE)
    rows = _milvus_rows(service)
    milvus.close_clients()
    milvus.configure()
    for command in (["ask", "Finland?"], ["index", "check"], ["index", "add", DATED]):
        result = run(*command, "--index", service.index_dir.root)
        lines = result.output.strip().splitlines()
        assert result.exit_code == 1 and len(lines) == 1, result.output
        assert "keeps its vectors in milvus: set FRONTLINE_MILVUS_URI" in lines[0]
    (pointer,) = list(service.index_dir.current().rglob(milvus.FILE))
    planted = json.loads(pointer.read_text())
    for uri in ("http://attacker.example:19530", str(tmp_path / "milvus.db"), str(pointer.parent / "x.txt")):
        planted["uri"] = uri
        pointer.write_text(json.dumps(planted))
        with pytest.raises(FrontlineError, match="FRONTLINE_MILVUS_URI"):
            milvus.MilvusStore.load(pointer.parent)
        milvus.MilvusStore.release(pointer.parent)  # nothing configured: not deleted on the file's word
        assert not milvus._clients  # no connection was even opened
    milvus.configure(uri=str(tmp_path / "milvus.db"))
    assert _milvus_rows(service) == rows


def _collections(service) -> list[str]:
    from index.store.vectors import milvus

    assert milvus._configured is not None
    return sorted(milvus.client(milvus._configured).list_collections())


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
def test_a_collected_generation_takes_its_milvus_collection_with_it(make, backend, monkeypatch):
    """Rebuilds write new generations, each with a collection; the one collected drops its collection."""
    service = make()
    _add(service, SAMPLE)
    first = _collections(service)
    assert len(first) == 1
    service.repair()  # gen 2; gen 1 stays for readers still on it
    assert len(_collections(service)) == 2
    service.repair()  # gen 3; gen 1 is collected
    assert len(list(service.index_dir.root.glob("gen-*"))) == 2
    left = _collections(service)
    assert len(left) == 2 and first[0] not in left
    assert _milvus_rows(service) == service.stats().chunks
    assert FINLAND in " ".join(c.passage for c in service.ask("how many people crossed into Finland?").citations)
    from index.store.folder import IndexDir

    def failing(self, work):
        raise OSError("disk full")

    with monkeypatch.context() as patch:  # a rebuild that fails before it is published: its collection goes
        patch.setattr(IndexDir, "_publish", failing)
        with pytest.raises(OSError):
            service.repair()
    assert _collections(service) == left
    # A generation whose meta names a collection Frontline never writes drops no collection.
    old = sorted(service.index_dir.root.glob("gen-*"))[0]
    conn = sqlite3.connect(old / "index.sqlite")
    with conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'vector_space'", (left[0] + '" or true',))
    conn.close()
    from index.store.vectors import milvus

    milvus.MilvusStore.release(old)
    assert _collections(service) == left


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
def test_new_collections_get_the_measured_vector_index_and_older_ones_keep_theirs(make, backend, monkeypatch):
    """IVF_FLAT for a new index (bench/milvus.py chose it); an index made with AUTOINDEX goes on with it."""
    from index.store.vectors import milvus

    def index_type(service) -> str:
        conn = sqlite3.connect(service.index_dir.current() / "index.sqlite")
        name = dict(conn.execute("SELECT key, value FROM meta").fetchall())["vector_space"]
        conn.close()
        return milvus.client(milvus._configured).describe_index(name, "vector")["index_type"], name

    service = make()
    _add(service, SAMPLE)
    kind, name = index_type(service)
    assert kind == milvus.VECTOR_INDEX == "IVF_FLAT"
    assert milvus.search_params(milvus._configured, name, 10) == {"metric_type": "IP", "params": {"nprobe": 128}}
    with monkeypatch.context() as patch:
        patch.setattr(milvus, "VECTOR_INDEX", "AUTOINDEX")
        older = make("older")
        _add(older, SAMPLE, merge=False)
    _add(older, DATED, merge=False)  # written after the change: the collection keeps its type
    kind, name = index_type(older)
    assert kind == "AUTOINDEX" and milvus.search_params(milvus._configured, name, 10) == {"metric_type": "IP"}
    vectors = older.snapshot().vectors
    chosen = vectors.ids()[[0, -1]]  # a chunk of each write
    for chunk_id, vector in zip(chosen, vectors.vectors_for(chosen), strict=True):
        assert vectors.search(vector, 1)[1].tolist() == [chunk_id]
    assert milvus.VECTOR_INDEXES["HNSW"][1]["ef"] == 128  # raised to the limit when a search asks for more


_KILLED_IN_PRUNE = """
import os, signal, sys
from index.config import Settings
from index.service import Frontline
from index.store.vectors import milvus

root, uri, when, article = sys.argv[1:5]
service = Frontline(Settings(_env_file=None, FRONTLINE_INDEX_DIR=root, FRONTLINE_BACKEND="milvus",
                             FRONTLINE_MILVUS_URI=uri))
real = milvus.MilvusStore.prune.__func__


def dying(cls, space, ids):
    if when == "after":
        real(cls, space, ids)
    os.kill(os.getpid(), signal.SIGKILL)


milvus.MilvusStore.prune = classmethod(dying)
service.add(service.load([article]), merge=False)
"""


@pytest.mark.parametrize("backend", ["milvus"], indirect=True)
@pytest.mark.parametrize("when", ["before", "after"])
def test_kill_9_before_or_after_the_delete_of_removed_rows(make, backend, tmp_path, when):
    """SIGKILL in the writer that deletes removed rows (before the delete, or before it records it): consistent."""
    import subprocess
    import sys
    from pathlib import Path

    from index.store.vectors import milvus

    service = make()
    records, gone_chunks = _add_then_remove_six(service)
    _small_add(service, 0)
    _small_add(service, 1)
    milvus.close_clients()  # Milvus Lite: one process at a time on its file
    script = tmp_path / "killed.py"
    script.write_text(_KILLED_IN_PRUNE)
    article = _write_jsonl(tmp_path / "killed.jsonl", [{"id": "killed", "text": "Laporan singkat dari Odesa."}])
    root = Path(__file__).resolve().parents[1]
    uri = backend[1]["FRONTLINE_MILVUS_URI"]
    killed = subprocess.run(
        [sys.executable, str(script), str(service.index_dir.root), uri, when, article], cwd=root, check=False
    )
    assert killed.returncode == -9
    service = make()
    chunks = service.stats().chunks
    assert _milvus_rows(service) == chunks + (len(gone_chunks) if when == "before" else 0)
    query = service.embedder.encode_queries([records[0]["text"][:200]])[0]
    for k in (1, 5, 50):
        ids = service.snapshot().vectors.search(query, k)[1]
        assert len(ids) == min(k, chunks) and not set(ids.tolist()) & gone_chunks
    assert not service.check().problems
    _small_add(service, 2)  # the next writer deletes them (again: nothing changes)
    assert _milvus_rows(service) == service.stats().chunks
