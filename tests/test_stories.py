"""Near-duplicate stories found at ingest (MinHash + LSH bands in SQLite), on the real index."""

import json
import sqlite3
from dataclasses import replace

import numpy as np

from index.ingest.articles import Article
from index.store import db, stories
from index.text.chunking import Chunk

REPORT = ("Pasukan Rusia menembaki kota Kharkiv pada Selasa pagi, menewaskan tujuh warga sipil dan melukai "
          "dua puluh orang lainnya, kata gubernur setempat kepada wartawan di lokasi serangan.")  # fmt: skip
COPY = REPORT + " Laporan tambahan oleh AFP."
OTHER_FIGURES = REPORT.replace("tujuh", "sembilan").replace("dua puluh", "tiga puluh")
OTHER_STORY = ("Ukraina menerima bantuan senjata baru dari Jerman, termasuk sistem pertahanan udara IRIS-T, "
               "kata kementerian pertahanan pada Rabu setelah pertemuan di Ramstein.")  # fmt: skip


def _feed(tmp_path, records):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    return str(path)


def test_copies_are_one_story_and_other_reports_are_not(tmp_path, service_factory):
    service = service_factory(tmp_path / "index")
    report = service.add(service.load([_feed(tmp_path, [
        {"id": "kompas-1", "text": REPORT, "publisher": "Kompas", "published_at": "2022-05-03"},
        {"id": "tempo-1", "text": COPY, "publisher": "Tempo", "published_at": "2022-05-04"},
        {"id": "detik-1", "text": OTHER_FIGURES, "publisher": "Detik", "published_at": "2022-05-03"},
        {"id": "antara-1", "text": OTHER_STORY, "publisher": "Antara", "published_at": "2022-05-04"},
    ])]))  # fmt: skip
    assert len(report.added) == 4
    assert [a.id for a in service.source("kompas-1").same_story] == ["tempo-1"]
    assert [a.id for a in service.source("tempo-1").same_story] == ["kompas-1"]
    assert service.source("detik-1").same_story == ()
    assert service.source("antara-1").same_story == ()
    # The first copy removed, the others stay together; a later copy joins them.
    service.remove(["kompas-1"])
    service.add(service.load([_feed(tmp_path, [{"id": "cnn-1", "text": REPORT, "publisher": "CNN Indonesia"}])]))
    assert [a.id for a in service.source("cnn-1").same_story] == ["tempo-1"]


def test_an_index_from_before_stories_is_grouped_when_next_written(tmp_path):
    conn = db.connect(tmp_path / "store.sqlite")
    for number, script in enumerate(db.MIGRATIONS[: db.STORIES_SINCE - 1], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version={number}")
    for i, text in enumerate([REPORT, COPY, OTHER_STORY]):  # inserted as the old schema did
        conn.execute("INSERT INTO articles (id, text, content_hash, indexed_at) VALUES (?, ?, '', '')", (f"a{i}", text))
    conn.commit()
    db.migrate(conn)
    assert db.schema_version(conn) == len(db.MIGRATIONS)
    assert stories.stories_of(conn, ["a0", "a1", "a2"]) == {"a0": 1, "a1": 1, "a2": 3}
    db.insert_article(conn, Article(text=COPY, id="a3"), [Chunk(COPY, 0, len(COPY))], np.zeros((1, 4), np.float32), 1)
    assert stories.stories_of(conn, ["a3"]) == {"a3": 1}


def test_a_lookup_reads_only_the_rows_sharing_a_band(tmp_path):
    conn = db.connect(tmp_path / "store.sqlite")
    db.migrate(conn)
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT article_row FROM minhash_bands WHERE key IN (1, 2, 3)"
    ))  # fmt: skip
    assert "USING INDEX minhash_bands_by_key" in plan or "USING COVERING INDEX" in plan
    assert stories.signature("too short to compare") is None
    assert isinstance(conn, sqlite3.Connection)


async def test_source_shows_the_other_copies_in_cli_and_bot(tmp_path, service_factory, discord_bot):
    from click.testing import CliRunner

    from index.cli import main

    from .discord_helpers import make_interaction

    service = discord_bot.service
    service.add(service.load([_feed(tmp_path, [
        {"id": "kompas-1", "text": REPORT, "publisher": "Kompas", "published_at": "2022-05-03"},
        {"id": "tempo-1", "text": COPY, "publisher": "Tempo", "published_at": "2022-05-04"},
    ])]))  # fmt: skip
    result = CliRunner().invoke(main, ["source", "kompas-1", "--index", str(service.index_dir.root)])
    assert "also reported by (copies of this story):\n  - Tempo, 4 May 2022 (tempo-1)" in result.output
    as_json = CliRunner().invoke(main, ["source", "tempo-1", "--json", "--index", str(service.index_dir.root)])
    assert json.loads(as_json.output)["same_story"][0]["id"] == "kompas-1"
    sources = discord_bot.get_cog("Sources")
    interaction = make_interaction(discord_bot)
    await sources.source.callback(sources, interaction, article="kompas-1")
    embed = interaction.response.send_message.await_args.kwargs["embed"]
    field = next(f for f in embed.fields if f.name == "Also reported by")
    assert "Tempo" in field.value and "tempo-1" in field.value


def test_an_answer_cites_a_story_once_and_lists_its_copies(tmp_path, service_factory):
    from click.testing import CliRunner

    from index.cli import main

    service = service_factory(tmp_path / "index")
    service.add(service.load([_feed(tmp_path, [
        {"id": "kompas-1", "text": REPORT, "publisher": "Kompas", "published_at": "2022-05-03"},
        {"id": "tempo-1", "text": COPY, "publisher": "Tempo", "published_at": "2022-05-04"},
        {"id": "detik-1", "text": OTHER_FIGURES, "publisher": "Detik", "published_at": "2022-05-03"},
        {"id": "antara-1", "text": OTHER_STORY, "publisher": "Antara", "published_at": "2022-05-04"},
    ])]))  # fmt: skip
    question = "Berapa warga sipil tewas dalam serangan di Kharkiv?"
    answer = service.ask(question, k=3)
    cited = [c.article_id for c in answer.citations]
    assert len(cited) == 3 and len({"kompas-1", "tempo-1"} & set(cited)) == 1
    copy_of = next(c for c in answer.citations if c.article_id in ("kompas-1", "tempo-1"))
    assert [a["article_id"] for a in copy_of.also] == list({"kompas-1", "tempo-1"} - {copy_of.article_id})
    assert "detik-1" in cited  # other figures: another report, cited on its own
    printed = CliRunner().invoke(main, ["ask", question, "--k", "3", "--index", str(tmp_path / "index")]).output
    assert "also reported by Tempo (4 May 2022)" in printed or "also reported by Kompas (3 May 2022)" in printed
    as_ranked = service_factory(tmp_path / "index")
    as_ranked.answering = replace(as_ranked.answering, one_per_story=False)
    assert {"kompas-1", "tempo-1"} <= {c.article_id for c in as_ranked.ask(question, k=3).citations}


def test_an_add_compares_a_bounded_number_of_candidates(tmp_path, monkeypatch):
    conn = db.connect(tmp_path / "store.sqlite")
    db.migrate(conn)
    boilerplate = " Berita ini disiarkan oleh kantor berita nasional dan boleh dikutip dengan menyebut sumbernya."
    conn.execute("BEGIN")  # one transaction, as a write is: not a commit (and fsync) per row
    for i in range(stories.MAX_CANDIDATES * 4):  # many articles sharing one band-sized phrase
        text = f"Laporan {i} tentang peristiwa nomor {i} di kota {i} pada hari {i}." + boilerplate * 3
        db.insert_article(
            conn, Article(text=text, id=f"b{i}"), [Chunk(text, 0, len(text))], np.zeros((1, 4), np.float32), 1
        )
    compared = []
    real = stories.similarity
    monkeypatch.setattr(stories, "similarity", lambda a, b: compared.append(1) or real(a, b))
    text = REPORT + boilerplate * 3
    db.insert_article(conn, Article(text=text, id="new"), [Chunk(text, 0, len(text))], np.zeros((1, 4), np.float32), 1)
    assert 0 < len(compared) <= stories.MAX_CANDIDATES


def test_signatures_are_datasketchs(tmp_path):
    """Signatures stored by earlier versions (datasketch's MinHash) stay comparable with new ones."""
    from datasketch import MinHash

    for text in (REPORT, COPY, OTHER_STORY):
        sketch = MinHash(num_perm=stories.NUM_PERM, seed=1)
        sketch.update_batch(stories.shingles(text))
        assert np.array_equal(stories.signature(text), sketch.hashvalues.astype(np.uint32))
