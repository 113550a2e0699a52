"""A reader with no index folder answers from what the writer published in Milvus (issue 16).

Milvus Lite serves one process per file, so writer and reader are two services in this
process (two snapshots, one client): what a reader on another machine does against a
Milvus server. The writer's answers come from its own folder (segments, SQLite).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from index.errors import ArticleNotFoundError, FrontlineError
from tests.conftest import DATED, SAMPLE

pytest.importorskip("milvus_lite")

QUESTIONS = [
    json.loads(line)["question"] for line in (DATED.parent / "sample-questions.jsonl").read_text().splitlines()
]
DATED_QUESTIONS = [
    "What happened at the Zaporizhzhia nuclear plant?",
    "Apa yang terjadi di PLTN Zaporizhzhia?",
    "How many people crossed the border?",
]


@pytest.fixture
def pair(service_factory, tmp_path):
    """A writer (index folder, milvus backend, publishing as "war") and a reader of "war" with no index folder."""
    from index.store.vectors import milvus

    uri = str(tmp_path / "milvus.db")
    writer = service_factory(
        tmp_path / "index", FRONTLINE_BACKEND="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war"
    )
    reader = service_factory(
        tmp_path / "elsewhere", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war"
    )
    yield writer, reader
    milvus.close_clients()
    milvus.configure()


def _same_answers(writer, reader, questions, **options):
    for mode in ("hybrid", "dense", "bm25"):
        for question in questions:
            mine, theirs = writer.ask(question, mode=mode, **options), reader.ask(question, mode=mode, **options)
            assert asdict(theirs) == asdict(mine), (mode, question)


def test_a_reader_without_the_folder_answers_as_the_writer(pair, tmp_path):
    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    answer = reader.ask("how many people crossed into Finland?")
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in answer.answer
    assert asdict(answer) == asdict(writer.ask("how many people crossed into Finland?"))
    _same_answers(writer, reader, QUESTIONS)
    article = answer.citations[0].article_id
    assert reader.source(article) == writer.source(article)
    key = f"#{reader.source(article).row_id}"  # the bot's autocomplete key for a long id
    assert reader.resolve_article(key) == writer.resolve_article(key) == article
    assert not reader.preflight().problems  # `frontline bot --check` on a reader
    assert reader.sources() == writer.sources() and reader.stats() == writer.stats()
    assert reader.snapshot().generation.startswith("frontline_")
    assert not (tmp_path / "elsewhere").exists()  # nothing local was read or written
    with pytest.raises(FrontlineError) as refused:
        reader.add(reader.load([str(SAMPLE)]))
    assert refused.value.kind == "index_read_only"


def test_a_running_reader_sees_new_articles_and_removals(pair):
    from index.store.vectors import milvus

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    before = reader.snapshot()
    assert reader.sources(query="Zaporizhzhia") == []
    writer.add(writer.load([str(DATED)]))  # the reader keeps running: its next question sees the new commit
    assert reader.snapshot() is not before
    _same_answers(writer, reader, DATED_QUESTIONS + QUESTIONS[:3])
    _same_answers(writer, reader, DATED_QUESTIONS[:1], date_from="2022-03-01", date_to="2022-03-31")
    assert reader.sources(query="zaporizhzhia") == writer.sources(query="zaporizhzhia") != []
    assert reader.sources(date_from="2022-08-01") == writer.sources(date_from="2022-08-01") != []
    assert asdict(reader.timeline("Zaporizhzhia nuclear plant")) == asdict(
        writer.timeline("Zaporizhzhia nuclear plant")
    )
    cited = reader.ask(DATED_QUESTIONS[0]).citations[0].article_id
    assert reader.source(cited).article.id == cited

    removed_chunks = [int(i) for i in _chunk_ids(writer, cited)]
    writer.remove([cited])
    assert cited not in [c.article_id for c in reader.ask(DATED_QUESTIONS[0], k=10).citations]
    with pytest.raises(ArticleNotFoundError):
        reader.source(cited)
    _same_answers(writer, reader, DATED_QUESTIONS)

    writer.optimize()  # one segment: the removed chunks leave it; rows follow KEEP_COMMITS commits later
    _same_answers(writer, reader, DATED_QUESTIONS)
    writer.add(writer.load([str(DATED)]))  # the removed one comes back (two commits later)
    writer.add(writer.load([str(SAMPLE)]))
    assert reader.source(cited).article.id == cited
    _same_answers(writer, reader, DATED_QUESTIONS)
    assert reader.stats() == writer.stats()
    # Two commits after the merge, the merged-away segments and the removed chunks' rows have left Milvus.
    space = reader.snapshot().space
    client = milvus.client(milvus.configured())
    assert client.query(space + "_chunks", filter=f"chunk_id in {removed_chunks}", output_fields=["chunk_id"]) == []
    segments = client.query(space + "_segments", filter="chunks >= 0", output_fields=["name"])
    assert len(segments) <= writer.stats().segments + 2


def _chunk_ids(service, article_id):
    snapshot = service.snapshot()
    return [i for i, c in snapshot.chunks_by_id(snapshot.vectors.ids().tolist()).items() if c.article_id == article_id]


@pytest.mark.parametrize(
    "failure",
    [
        FrontlineError("vector_store_unreachable", backend="milvus", uri="test", reason="down"),
        OSError(28, "No space left on device"),  # a segment file unreadable: still the one line, no traceback
    ],
)
def test_a_write_that_cannot_publish_is_kept_and_caught_up(pair, monkeypatch, failure):
    from index.store import published

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    real = published.publish

    def unreachable(*args, **kwargs):
        raise failure

    monkeypatch.setattr(published, "publish", unreachable)
    with pytest.raises(FrontlineError) as failed:
        writer.add(writer.load([str(DATED)]))
    assert failed.value.kind == "publish_failed" and "frontline index publish" in str(failed.value)
    assert writer.stats().articles == 14 and reader.stats().articles == 1  # readers keep the last published commit
    monkeypatch.setattr(published, "publish", real)
    assert writer.publish() == writer.stats().generation
    assert reader.stats() == writer.stats()
    _same_answers(writer, reader, DATED_QUESTIONS[:2])


def test_publishing_catches_up_and_names_what_is_missing(service_factory, tmp_path, run):
    from index.store.vectors import milvus

    uri = str(tmp_path / "milvus.db")
    writer = service_factory(tmp_path / "index", FRONTLINE_BACKEND="milvus", FRONTLINE_MILVUS_URI=uri)
    reader = service_factory(
        tmp_path / "elsewhere", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war"
    )
    try:
        writer.add(writer.load([str(SAMPLE)]))  # written before it had a name: nothing published
        with pytest.raises(FrontlineError) as missing:
            reader.ask("how many people crossed into Finland?")
        assert missing.value.kind == "remote_index_missing" and "war" in str(missing.value)
        named = service_factory(
            tmp_path / "index", FRONTLINE_BACKEND="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war"
        )
        assert named.publish() == writer.stats().generation
        assert asdict(reader.ask("how many people crossed into Finland?")) == asdict(
            writer.ask("how many people crossed into Finland?")
        )
        faiss = service_factory(tmp_path / "faiss", FRONTLINE_MILVUS_INDEX="other", FRONTLINE_MILVUS_URI=uri)
        with pytest.raises(FrontlineError) as refused:
            faiss.add(faiss.load([str(SAMPLE)]))
        assert refused.value.kind == "publish_needs_milvus"
    finally:
        milvus.close_clients()
        milvus.configure()


def test_a_rebuild_is_published_whole_and_readers_follow_it(pair):
    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    first = reader.snapshot().space
    writer.repair()  # a new generation: new collections
    assert reader.snapshot().space != first
    _same_answers(writer, reader, QUESTIONS[:4])
    writer.repair()  # the collections two generations back go
    from index.store.milvus_layout import SUFFIXES
    from index.store.vectors import milvus

    client = milvus.client(milvus.configured())
    assert not any(client.has_collection(first + suffix) for suffix in SUFFIXES)
    assert client.has_collection(reader.snapshot().space + "_chunks")


def test_the_command_line_reads_from_milvus_and_refuses_writes(pair, run, monkeypatch, tmp_path):
    writer, _ = pair
    writer.add(writer.load([str(SAMPLE)]))
    settings = {"FRONTLINE_READ_FROM": "milvus", "FRONTLINE_MILVUS_URI": str(tmp_path / "milvus.db")}
    for name, value in {**settings, "FRONTLINE_MILVUS_INDEX": "war"}.items():
        monkeypatch.setenv(name, value)
    asked = run("ask", "how many people crossed into Finland?", "--json", "--index", tmp_path / "nowhere")
    assert asked.exit_code == 0, asked.output
    expected = writer.ask("how many people crossed into Finland?")
    found = json.loads(asked.output)
    assert found["answer"] == expected.answer
    assert [c["article_id"] for c in found["citations"]] == [c.article_id for c in expected.citations]
    stats = run("index", "stats", "--json", "--index", tmp_path / "nowhere")
    assert json.loads(stats.output)["articles"] == 1
    refused = run("index", "add", SAMPLE, "--index", tmp_path / "nowhere")
    assert refused.exit_code == 1 and "write on the writer's machine" in refused.output
    monkeypatch.setenv("FRONTLINE_MILVUS_INDEX", "nope")
    missing = run("ask", "how many people crossed into Finland?", "--index", tmp_path / "nowhere")
    assert missing.exit_code == 1 and "no index is published as 'nope'" in missing.output
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("mode", ["pooled", "direct"])
def test_stored_sentence_vectors_are_published_and_used(service_factory, tmp_path, embedder, monkeypatch, mode):
    """An index that stores its answer-sentence vectors answers remotely with them, embedding none."""
    from index.store.vectors import milvus

    uri = str(tmp_path / "milvus.db")
    writer = service_factory(
        tmp_path / "index",
        FRONTLINE_BACKEND="milvus",
        FRONTLINE_MILVUS_URI=uri,
        FRONTLINE_MILVUS_INDEX="war",
        FRONTLINE_SENTENCE_VECTORS=mode,
    )
    reader = service_factory(
        tmp_path / "elsewhere", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war"
    )
    try:
        writer.add(writer.load([str(SAMPLE)]))
        reader.snapshot()
        calls = []
        real = embedder.encode_passages
        monkeypatch.setattr(embedder, "encode_passages", lambda texts: calls.append(len(texts)) or real(texts))
        for question in QUESTIONS[:4]:
            assert asdict(reader.ask(question)) == asdict(writer.ask(question))
        assert not any(calls)  # neither reader embedded a sentence: both used the stored vectors
        assert reader.snapshot().sentence_mode() == mode
    finally:
        milvus.close_clients()
        milvus.configure()


def test_writer_and_reader_as_separate_processes(tmp_path):
    """Each command its own process with only its settings (Milvus Lite: one process at a time, so in turn)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    base = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    base["FRONTLINE_MODEL_CACHE"] = os.environ.get("FRONTLINE_MODEL_CACHE", str(root / ".cache" / "models"))
    uri = str(tmp_path / "milvus.db")
    writer = {**base, "FRONTLINE_BACKEND": "milvus", "FRONTLINE_MILVUS_URI": uri, "FRONTLINE_MILVUS_INDEX": "war"}
    reader = {**base, "FRONTLINE_READ_FROM": "milvus", "FRONTLINE_MILVUS_URI": uri, "FRONTLINE_MILVUS_INDEX": "war"}

    def frontline(env, *args):
        done = subprocess.run(
            [sys.executable, "-m", "index.cli", *map(str, args)],
            env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    question = "how many people crossed into Finland?"
    frontline(writer, "index", "add", SAMPLE, "--index", tmp_path / "index")
    remote = json.loads(frontline(reader, "ask", question, "--json", "--index", tmp_path / "none"))
    local = json.loads(frontline(writer, "ask", question, "--json", "--index", tmp_path / "index"))
    assert remote == local and "17.000 orang Rusia" in remote["answer"]
    assert not (tmp_path / "none").exists()


def test_a_planted_segment_key_is_refused(pair, service_factory, tmp_path):
    """Keys go into Milvus expressions: one Frontline never writes is refused, never searched with."""
    from index.errors import IndexCorruptError
    from index.store.vectors import milvus

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    space = reader.snapshot().space
    client = milvus.client(milvus.configured())
    real = client.query(space + "_segments", filter="chunks >= 0", output_fields=["name", "files", "chunks"])[0]
    planted = {**real, "key": 'x" or segment != "', "created_in": 0, "dropped_in": 0, "mark": [1.0, 0.0]}
    client.upsert(space + "_segments", [planted])  # its files read back: only the key is foreign
    fresh = service_factory(
        tmp_path / "other", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=str(tmp_path / "milvus.db"),
        FRONTLINE_MILVUS_INDEX="war",
    )  # fmt: skip
    with pytest.raises(IndexCorruptError):
        fresh.ask("how many people crossed into Finland?")


async def test_a_bot_on_a_reader_answers_and_refuses_reindex(pair):
    """The bot's commands on a service with no folder: /ask answers from Milvus, /reindex says where writes go."""
    import asyncio

    from bot.bot import EXTENSIONS, FrontlineBot
    from tests.discord_helpers import make_attachment, make_interaction, make_member, sent_kwargs

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    client = FrontlineBot(reader.settings, reader)
    for extension in EXTENSIONS:
        await client.load_extension(extension)
    try:
        ask = client.get_cog("Ask")
        question = make_interaction(client)
        await ask.ask.callback(ask, question, question="how many people crossed into Finland?")
        assert "17.000 orang Rusia melintasi perbatasan" in sent_kwargs(question.followup.send)["embeds"][0].description
        admin = client.get_cog("Admin")
        data = json.dumps({"id": "odesa-1", "text": "Rudal menghantam pelabuhan Odesa pada malam hari, kata gubernur."})
        interaction = make_interaction(client, user=make_member(manage_guild=True))
        await admin.reindex.callback(admin, interaction, attachment=make_attachment("feed.jsonl", data.encode()))
        while admin._tasks:
            await asyncio.gather(*list(admin._tasks))
        outcome = interaction.followup.send.return_value.edit.await_args.kwargs["content"]
        assert "only reads the index" in outcome
        assert writer.stats().articles == reader.stats().articles == 1
    finally:
        await client.close()


def test_a_half_published_commit_is_never_seen(pair, service_factory, tmp_path, monkeypatch):
    """Rows of a commit whose catalog row was never written (a writer killed there) change no reader's answers."""
    from index.store.milvus_layout import CATALOG
    from index.store.vectors import milvus

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    question = "how many people crossed into Finland?"
    before = [asdict(reader.ask(q)) for q in (question, *DATED_QUESTIONS)]
    client = milvus.client(milvus.configured())
    real = client.upsert

    def killed_before_the_catalog(collection, rows, **options):
        if collection == CATALOG:
            raise OSError("killed")
        return real(collection, rows, **options)

    monkeypatch.setattr(client, "upsert", killed_before_the_catalog)
    with pytest.raises(FrontlineError):
        writer.add(writer.load([str(DATED)]))  # its articles, chunks and segment rows are in Milvus
    with pytest.raises(FrontlineError):
        writer.remove([before[0]["citations"][0]["article_id"]])  # the sample's tombstones too
    fresh = service_factory(
        tmp_path / "other", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=str(tmp_path / "milvus.db"),
        FRONTLINE_MILVUS_INDEX="war",
    )  # fmt: skip
    assert [asdict(fresh.ask(q)) for q in (question, *DATED_QUESTIONS)] == before
    assert fresh.stats().articles == 1 and fresh.sources(query="zaporizhzhia") == []
    monkeypatch.setattr(client, "upsert", real)
    writer.publish()
    _same_answers(writer, fresh, [question, *DATED_QUESTIONS])
    assert fresh.stats() == writer.stats()


def test_a_reader_that_reads_postings_per_question_scores_the_same(pair, service_factory, tmp_path, monkeypatch):
    """FRONTLINE_MILVUS_LEXICAL=query: no segment's postings in memory, each question's terms read from Milvus."""
    import base64

    from index.store import remote_lexical

    monkeypatch.setattr(remote_lexical, "PER_ROW", 3)  # common terms' postings in several rows, rare ones in one
    monkeypatch.setattr(remote_lexical, "_FULL", len(base64.b64encode(bytes(4 * 3))))
    writer, _ = pair
    reader = service_factory(
        tmp_path / "elsewhere", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=str(tmp_path / "milvus.db"),
        FRONTLINE_MILVUS_INDEX="war", FRONTLINE_MILVUS_LEXICAL="query",
    )  # fmt: skip
    writer.add(writer.load([str(SAMPLE)]))
    for start in range(0, 13, 5):  # several segments: small ones searched as one tail
        lines = DATED.read_text().splitlines()[start : start + 5]
        (tmp_path / f"part{start}.jsonl").write_text("\n".join(lines) + "\n")
        writer.add(writer.load([str(tmp_path / f"part{start}.jsonl")]), merge=False)
    _same_answers(writer, reader, QUESTIONS[:4] + DATED_QUESTIONS)
    channel = reader.snapshot().channels["grams"]
    assert all(not postings.terms for postings, _ in channel.parts)  # skeletons: chunk ids and lengths only
    writer.remove(["znpp-seized-en"])
    _same_answers(writer, reader, DATED_QUESTIONS)
    writer.optimize()
    _same_answers(writer, reader, DATED_QUESTIONS)


@pytest.mark.parametrize("missing", ["FRONTLINE_MILVUS_URI", "FRONTLINE_MILVUS_INDEX"])
def test_a_reader_that_does_not_name_where_the_index_is_says_so(tmp_path, service_factory, monkeypatch, missing):
    """Without a URI it used to open (and create) a Milvus Lite file in its unused folder and report
    "no index published there"; the reader says which setting is missing and makes nothing."""
    from index.errors import FrontlineError

    for name in ("FRONTLINE_MILVUS_URI", "FRONTLINE_MILVUS_INDEX"):
        monkeypatch.delenv(name, raising=False)
    settings = {
        "FRONTLINE_READ_FROM": "milvus",
        "FRONTLINE_MILVUS_URI": "http://127.0.0.1:9",
        "FRONTLINE_MILVUS_INDEX": "war",
    }
    del settings[missing]
    reader = service_factory(tmp_path / "folder", **settings)
    with pytest.raises(FrontlineError) as caught:
        reader.ask("how many people crossed into Finland?")
    assert caught.value.kind == "remote_index_unconfigured"
    assert "FRONTLINE_MILVUS_URI" in str(caught.value)
    assert not (tmp_path / "folder").exists()


def test_publishing_finds_a_commits_changes_without_reading_every_row(tmp_path):
    """Each commit asks the store what changed since the last one published: indexed searches, no full scan."""
    from index.store import db
    from index.store.published import _changed

    conn = db.connect(tmp_path / "index.sqlite")
    db.migrate(conn)
    for query in (
        "SELECT x.row_id FROM articles x" + _changed(3),
        "SELECT x.id FROM chunks x JOIN articles a ON a.row_id = x.article_row" + _changed(3),
        "SELECT text FROM chunks WHERE added_in > 3",
    ):
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + query)]
        assert not any(step.startswith("SCAN") for step in plan), plan


def test_a_damaged_catalog_is_named_damage_in_one_line(pair, monkeypatch):
    """A catalog row whose manifest lacks its fields (hand-edited, or another program's) is index damage, not a
    traceback; the reader reads again once the row is whole."""
    from index.errors import IndexCorruptError
    from index.store import remote

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    real = remote.read_catalog

    def damaged(conn, name):
        row = real(conn, name)
        return {**row, "manifest": {"chunks": "many"}}

    monkeypatch.setattr(remote, "read_catalog", damaged)
    with pytest.raises(IndexCorruptError) as caught:
        reader.ask("how many people crossed into Finland?")
    assert "TypeError" in str(caught.value) and "\n" not in str(caught.value)
    monkeypatch.setattr(remote, "read_catalog", real)
    assert reader.ask("how many people crossed into Finland?").found


def test_a_folder_behind_what_readers_see_refuses_to_publish_until_rebuilt(pair, service_factory, tmp_path):
    """A writer's folder restored from an older backup: Milvus shows readers a commit the folder did not
    make. Publishing says so in one line (before, it published nothing while behind, then only the changes
    since a commit number it reused: readers answered from a history the folder does not have). Readers
    keep what they had; `repair` rebuilds the folder's index, publishes it whole and readers follow."""
    import shutil

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    shutil.copytree(tmp_path / "index", tmp_path / "backup")
    writer.add(writer.load([str(DATED)]))  # published: 14 articles
    shutil.move(tmp_path / "index", tmp_path / "lost")
    shutil.move(tmp_path / "backup", tmp_path / "index")
    uri = str(tmp_path / "milvus.db")
    restored = service_factory(
        tmp_path / "index", FRONTLINE_BACKEND="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war"
    )
    assert restored.stats().articles == 1
    with pytest.raises(FrontlineError) as behind:
        restored.publish()
    assert behind.value.kind == "publish_diverged" and "frontline index repair" in str(behind.value)
    assert len(str(behind.value).splitlines()) == 1
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "extra", "text": "Kereta api tiba pukul tujuh di Bandung."}), encoding="utf-8")
    with pytest.raises(FrontlineError) as reused:  # its next commit takes the number readers see
        restored.add(restored.load([str(extra)]))
    assert reused.value.kind == "publish_diverged"
    assert restored.stats().articles == 2 and reader.stats().articles == 14  # each keeps its own
    restored.repair()
    assert reader.stats() == restored.stats()
    _same_answers(restored, reader, QUESTIONS[:2])


def test_a_new_commit_finds_the_chunk_rows_a_reader_looked_up_before(pair, monkeypatch):
    """A chunk's row never changes, so a reader keeps the rows it read across commits: after the
    writer's next commit it asks Milvus only for chunks it has not seen (before, every commit's
    snapshot started cold and read the same rows again)."""
    from index.store import remote

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    real = remote.query_keys
    asked: list[set[int]] = [set()]

    def counting(conn, collection, key, values, fields):
        if collection.endswith("_chunks"):
            asked[-1].update(int(v) for v in values)
        return real(conn, collection, key, values, fields)

    monkeypatch.setattr(remote, "query_keys", counting)
    question = "how many people crossed into Finland?"
    first = reader.ask(question)
    assert asked[-1] and first.citations  # read from Milvus
    writer.add(writer.load([str(DATED)]))
    asked.append(set())
    second = reader.ask(question)
    assert reader.snapshot().commit == writer.stats().generation  # the new commit
    assert not asked[1] & asked[0]  # none read again
    assert asdict(second) == asdict(writer.ask(question))


def _record(tmp_path, name, **fields):
    path = tmp_path / f"{name}.jsonl"
    path.write_text(json.dumps(fields, ensure_ascii=False) + "\n", encoding="utf-8")
    return str(path)


def test_a_long_non_ascii_article_text_reaches_readers_whole(pair, tmp_path):
    """Text past an article row's 60,000 bytes is published in parts of at most 60,000 UTF-8 bytes. They were
    60,000 characters, each then cut to 65,535 bytes: Cyrillic text lost each part's tail on readers."""
    writer, reader = pair
    text = "Україна " * 20_000  # 160,000 characters, 300,000 bytes
    writer.add(writer.load([_record(tmp_path, "long", id="long-uk", title="Довгий текст", text=text)]))
    assert writer.source("long-uk").article.text.startswith("Україна")
    assert reader.source("long-uk").article.text == writer.source("long-uk").article.text
    assert reader.source("long-uk") == writer.source("long-uk")


def test_an_article_with_a_very_long_word_is_published_and_found_in_both_lexical_modes(
    pair, service_factory, tmp_path, monkeypatch
):
    """A term longer than Milvus holds in `<space>_terms` (1,024 of term, 1,200 of key) failed the publish,
    and every later one (each resends what changed since the last published commit): readers stayed
    frozen. A term over 500 bytes is stored under its digest, written and looked up through one key."""
    from index.store import milvus_layout

    # Milvus Lite counts a VARCHAR's length in characters, and a chunk here holds at most 510 tokens: a
    # collection holding 256 characters of term refuses this word (600 characters, 2,400 bytes) as Milvus
    # refuses a word over 1,024 in a longer chunk.
    key, fields, indexed = milvus_layout._SCHEMAS["_terms"]
    narrow = [(name, kind, 256 if name == "term" else length) for name, kind, length in fields]
    monkeypatch.setitem(milvus_layout._SCHEMAS, "_terms", (key, narrow, indexed))
    _, loading = pair
    uri = str(tmp_path / "milvus.db")
    writer = service_factory(  # long chunks: a word of a few hundred tokens stays whole in one
        tmp_path / "index", FRONTLINE_BACKEND="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war",
        FRONTLINE_CHUNK_TOKENS="510",
    )  # fmt: skip
    querying = service_factory(
        tmp_path / "elsewhere2", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=uri,
        FRONTLINE_MILVUS_INDEX="war", FRONTLINE_MILVUS_LEXICAL="query",
    )  # fmt: skip
    longest = "\U00010330\U00010331\U00010332\U00010333" * 150  # Gothic letters, 4 bytes each: 2,400 bytes
    asked = "\U00010334\U00010335" * 100  # 800 bytes (a question keeps 1,000 characters)
    text = f"Pasukan menembaki {longest} dan {asked} pada malam hari, kata gubernur wilayah itu kepada wartawan."
    writer.add(writer.load([str(SAMPLE), _record(tmp_path, "word", id="long-word", text=text)]))
    questions = [asked, "how many people crossed into Finland?"]
    assert writer.ask(questions[0], mode="bm25").citations[0].article_id == "long-word"
    for reader in (loading, querying):
        _same_answers(writer, reader, questions)
        assert reader.source("long-word") == writer.source("long-word")


def test_an_article_with_a_long_related_list_is_shown_by_readers(pair, tmp_path):
    """Related headlines past a row's 65,535 bytes: the JSON text was cut, and readers failed to parse it
    for every question citing the article. The list is shortened to the first headlines that fit."""
    writer, reader = pair
    related = [f"Berita terkait nomor {n}: pasukan Rusia mundur dari Kherson" for n in range(2_000)]  # ~110 KB
    text = "Pasukan Rusia mundur dari Kherson pada hari Jumat, kata pejabat Ukraina kepada wartawan."
    writer.add(writer.load([_record(tmp_path, "related", id="many-related", text=text, related=related)]))
    assert writer.source("many-related").article.related == related
    shown = reader.source("many-related")
    assert 0 < len(shown.article.related) < len(related)
    assert shown.article.related == related[: len(shown.article.related)]
    assert len(json.dumps(shown.article.related, ensure_ascii=False).encode("utf-8")) <= 65_535
    cited = reader.ask("Kapan pasukan Rusia mundur dari Kherson?")
    assert cited.citations[0].article_id == "many-related"


def test_an_article_whose_id_milvus_cannot_hold_is_refused_until_removed(pair, tmp_path):
    """An id over the 8,192 bytes of its field was published cut: readers knew the article by an id no one
    asks for. Publishing refuses it in one line that says what to do; once removed, publishing catches up."""
    writer, reader = pair
    writer.add(writer.load([str(SAMPLE)]))
    long_id = "https://example.com/" + "berita/" * 1_300  # 9,120 bytes
    text = "Pasukan Rusia mundur dari Kherson pada hari Jumat, kata pejabat Ukraina kepada wartawan."
    with pytest.raises(FrontlineError) as refused:
        writer.add(writer.load([_record(tmp_path, "long-id", id=long_id, text=text)]))
    assert refused.value.kind == "publish_failed" and "id of 9,120 bytes" in str(refused.value)
    assert "frontline index remove" in str(refused.value) and len(str(refused.value).splitlines()) == 1
    assert writer.stats().articles == 2 and reader.stats().articles == 1  # readers keep the last published commit
    writer.remove([long_id])
    assert reader.stats() == writer.stats()
    _same_answers(writer, reader, QUESTIONS[:2])


def test_a_new_commit_reads_only_its_own_tombstones(pair, monkeypatch):
    """A commit's tombstones never change once published, so a running reader keeps the last commit's and
    reads only the ones the next commit added (before, each commit read every tombstone of the index)."""
    from index.store import remote

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE), str(DATED)]))
    first = reader.ask(DATED_QUESTIONS[0]).citations[0].article_id
    writer.remove([first])
    reader.snapshot()
    real = remote.query_all
    asked: list[tuple[str, list[int]]] = []

    def counting(conn, collection, expression, fields, *rest):
        rows = list(real(conn, collection, expression, fields, *rest))
        if collection.endswith("_chunks"):
            asked.append((expression, [int(r["chunk_id"]) for r in rows]))
        return iter(rows)

    monkeypatch.setattr(remote, "query_all", counting)
    second = reader.ask(DATED_QUESTIONS[0]).citations[0].article_id
    assert second != first and asked == []  # the same commit: nothing read again
    removed = sorted(int(i) for i in _chunk_ids(writer, second))
    before = writer.stats().generation
    writer.remove([second])
    _same_answers(writer, reader, DATED_QUESTIONS)  # neither removed article is cited
    assert [e for e, _ in asked] == [f"removed_in > {before} and removed_in <= {before + 1}"]
    assert sorted(asked[0][1]) == removed  # that commit's tombstones only
    assert {first, second}.isdisjoint(c.article_id for c in reader.ask(DATED_QUESTIONS[0], k=10).citations)


def test_published_sentence_vectors_are_read_once_per_reader(service_factory, tmp_path, embedder, monkeypatch):
    """A sentence's published vector is keyed by its content and never changes: a reader keeps those it read
    (bounded) instead of asking Milvus for the same vectors at every question, and the keys its commit has
    none of. Those it embedded it keeps as the folder's reader does (reader.StoredSentences): before, a
    direct index's reader embedded the same unpublished sentences at every question."""
    from index.store import remote
    from index.store.vectors import milvus

    uri = str(tmp_path / "milvus.db")
    writer = service_factory(
        tmp_path / "index", FRONTLINE_BACKEND="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war",
        FRONTLINE_SENTENCE_VECTORS="direct",
    )  # fmt: skip
    reader = service_factory(
        tmp_path / "elsewhere", FRONTLINE_READ_FROM="milvus", FRONTLINE_MILVUS_URI=uri, FRONTLINE_MILVUS_INDEX="war"
    )
    try:
        writer.add(writer.load([str(SAMPLE)]))
        real = remote.query_keys
        asked: list[int] = []

        def counting(conn, collection, key, values, fields):
            if collection.endswith("_sentences"):
                asked.append(len(values))
            return real(conn, collection, key, values, fields)

        monkeypatch.setattr(remote, "query_keys", counting)
        question = "how many people crossed into Finland?"
        first = reader.ask(question)
        read = len(asked)
        assert read and sum(asked) > 0
        embedded: list[int] = []
        encode = embedder.encode_passages
        monkeypatch.setattr(embedder, "encode_passages", lambda texts: embedded.append(len(texts)) or encode(texts))
        assert asdict(reader.ask(question)) == asdict(first)
        assert len(asked) == read and not any(embedded)  # the second question read and embedded no sentence again
        assert asdict(first) == asdict(writer.ask(question))
    finally:
        milvus.close_clients()
        milvus.configure()


def test_source_autocomplete_lists_a_commits_articles_once(pair, monkeypatch):
    """`/source` autocomplete asks at each keystroke: a reader lists the commit's articles once (brief fields),
    filters them in memory and reads whole rows only for the page shown (before, every call scanned every
    live article row in Milvus)."""
    from index.store import remote

    writer, reader = pair
    writer.add(writer.load([str(SAMPLE), str(DATED)]))
    real = remote.query_all
    scans: list[str] = []

    def counting(conn, collection, expression, fields, *rest):
        if collection.endswith("_articles"):
            scans.append(expression)
        return real(conn, collection, expression, fields, *rest)

    monkeypatch.setattr(remote, "query_all", counting)
    assert reader.sources("z") == writer.sources("z") != []
    assert reader.sources("za") == writer.sources("za") != []
    assert reader.sources("x") == writer.sources("x")
    assert len(scans) == 1  # one listing for the commit
    for filters in ({"publisher": "a"}, {"date_from": "2022-08-01"}, {"date_to": "2022-03-31", "query": "e"}):
        assert reader.sources(**filters, limit=3, offset=1) == writer.sources(**filters, limit=3, offset=1) != []
    assert reader.sources() == writer.sources() and len(scans) == 1
    writer.remove([writer.sources("za")[0].article.id])
    assert reader.sources("za") == writer.sources("za")  # a new commit lists again
    assert len(scans) == 2
