"""Ingest, update, remove and bad input against a real index folder."""

import json
import sqlite3

import numpy as np
import pytest

from index.errors import IndexBusyError, InputError, ModelMismatchError
from index.store import db
from index.store.folder import IndexDir
from index.store.reader import Snapshot
from index.store.vectors.faiss import FaissStore

from .conftest import SAMPLE
from .httpserver import Routes, serve


def _consistent(folder):
    """The ids a reader searches and SQLite's live chunk ids agree, and the last commit's counts match."""
    generation = IndexDir(folder).require_current()
    conn = sqlite3.connect(generation / "index.sqlite")
    chunk_ids = sorted(r[0] for r in conn.execute("SELECT id FROM chunks WHERE removed_in IS NULL"))
    articles = conn.execute("SELECT COUNT(*) FROM articles WHERE removed_in IS NULL").fetchone()[0]
    committed = conn.execute("SELECT articles, chunks FROM commits ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    snapshot = Snapshot.open(IndexDir(folder))
    assert snapshot.vectors.ids().tolist() == chunk_ids
    assert snapshot.channels["words"].chunk_ids.tolist() == chunk_ids
    snapshot.close()
    assert committed == (articles, len(chunk_ids))
    return articles, len(chunk_ids)


def test_readding_is_a_no_op(sample_copy, service_factory):
    service = service_factory(sample_copy)
    before = IndexDir(sample_copy).current()
    report = service.add(service.load([str(SAMPLE)]))
    assert report.unchanged and not report.added and not report.updated
    assert IndexDir(sample_copy).current() == before  # nothing committed


def test_changed_article_replaces_its_chunks(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy)
    articles, chunks = _consistent(sample_copy)
    edited = tmp_path / "edited.txt"
    edited.write_text(SAMPLE.read_text(encoding="utf-8").replace("17.000 orang", "18.500 orang"), encoding="utf-8")
    report = service.add(service.load([str(edited)]))
    assert len(report.updated) == 1
    assert _consistent(sample_copy) == (articles, chunks)
    assert "18.500" in service.ask("how many people crossed into Finland?").answer


def test_remove_and_stats(sample_copy, service_factory):
    service = service_factory(sample_copy)
    article_id = service.sources()[0].article.id
    assert service.stats().articles == 1
    report = service.remove([article_id, "nope"])
    assert report.removed == [article_id] and report.missing == ["nope"]
    assert service.stats().articles == 0
    assert _consistent(sample_copy) == (0, 0)


def test_sources_and_lookup(sample_copy, service_factory, tmp_path):
    records = tmp_path / "more.jsonl"
    records.write_text(
        json.dumps({"id": "kyiv-1", "title": "Drone attack on Kyiv", "text": "Drones hit Kyiv at night.",
                    "published_at": "2022-10-17T08:00:00+03:00", "publisher": "Kyiv Independent", "url": "https://kyiv.example/1"}),
        encoding="utf-8",
    )  # fmt: skip
    service = service_factory(sample_copy)
    service.add(service.load([str(records)]))
    assert [i.article.id for i in service.sources()][0] == "kyiv-1"  # newest first
    assert [i.article.id for i in service.sources(query="kazakhstan")] != ["kyiv-1"]
    assert [i.article.id for i in service.sources(publisher="kyiv")] == ["kyiv-1"]
    assert [i.article.id for i in service.sources(date_to="2022-09-30")] == [
        service.sources(query="Kazakhstan")[0].article.id
    ]
    info = service.source("kyiv-1")
    assert info.chunk_count == 1 and info.article.url == "https://kyiv.example/1"


def test_bad_inputs_are_reported_and_the_rest_indexed(sample_copy, service_factory, tmp_path):
    service = service_factory(sample_copy, FRONTLINE_MAX_ARTICLE_BYTES=5000)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.txt").write_bytes(
        "Un caf\xe9 cr\xe8me co\xfbte deux euros.".encode("latin-1")
    )  # read, not refused
    (tmp_path / "huge.txt").write_text("Serangan. " * 1000)
    (tmp_path / "mixed.jsonl").write_text(
        json.dumps({"id": "good-1", "text": "Pasukan Ukraina merebut kembali Kherson."}) + "\n{broken\n",
        encoding="utf-8",
    )
    items = service.load(
        [str(tmp_path / n) for n in ("empty.txt", "binary.txt", "latin1.txt", "huge.txt", "mixed.jsonl")]
        + ["missing.txt"]
    )
    report = service.add(items)
    assert len(report.added) == 2 and "good-1" in report.added
    messages = "\n".join(map(str, report.failed))
    assert len(report.failed) == 5
    for expected in (
        "empty.txt: file is empty",
        "binary.txt: binary",
        "huge.txt",
        "over the 5,000-byte cap",
        "mixed.jsonl:2: malformed JSON",
        "missing.txt: no such file",
    ):
        assert expected in messages
    assert all("\n" not in str(m) for m in report.failed)
    assert service.stats().articles == 3  # the sample is still there


def test_a_streamed_add_reads_each_input_once_as_it_indexes(sample_copy, service_factory, tmp_path):
    """`index add` hands the loader's stream to the indexer: nothing holds every parsed article first."""
    service = service_factory(sample_copy)
    (tmp_path / "a.jsonl").write_text(
        "".join(
            json.dumps({"id": f"s-{n}", "text": f"Laporan nomor {n} dari garis depan timur."}) + "\n" for n in range(5)
        )
        + "{broken\n",
        encoding="utf-8",
    )
    read: list[str] = []

    def watched():
        for item in service.stream([str(tmp_path / "a.jsonl"), "missing.txt"]):
            read.append(getattr(item, "label", str(item)))
            yield item

    stream = watched()
    report = service.add(stream)
    assert sorted(report.added) == [f"s-{n}" for n in range(5)]
    assert len(report.failed) == 2 and len(read) == 7  # five articles, the broken line, the missing file
    assert next(stream, None) is None  # consumed once, to its end
    assert service.stats().articles == 6


def test_failed_write_leaves_previous_index(sample_copy, service_factory, monkeypatch):
    service = service_factory(sample_copy)
    before = IndexDir(sample_copy).current()
    records = [json.dumps({"id": f"x{i}", "text": f"Berita nomor {i}."}) for i in range(3)]
    path = sample_copy.parent / "x.jsonl"
    path.write_text("\n".join(records))

    def crash(*args, **kwargs):
        raise RuntimeError("disk on fire")

    commit = service.stats().generation
    monkeypatch.setattr("index.store.segment.Postings.build", crash)
    with pytest.raises(RuntimeError):
        service.add(service.load([str(path)]))
    assert IndexDir(sample_copy).current() == before and service.stats().generation == commit
    assert not list(sample_copy.glob(".tmp-*"))
    assert service.stats().articles == 1
    assert "17.000" in service.ask("how many people crossed into Finland?").answer


def test_second_writer_is_refused(sample_copy, service_factory):
    index_dir = IndexDir(sample_copy)
    with index_dir.lock():
        service = service_factory(sample_copy)
        with pytest.raises(IndexBusyError, match="being written"):
            service.remove(["anything"])


def test_model_mismatch_is_refused(sample_copy, embedder):
    index_dir = IndexDir(sample_copy)
    with pytest.raises(ModelMismatchError, match="multilingual-e5-small"):
        with index_dir.write("some-other-model", embedder.dim):
            pass


def test_url_ingest_from_local_server(sample_copy, service_factory):
    html = (b"<html><head><title>Kherson liberated</title><meta property='og:site_name' content='Frontline Test'>"
            b"<meta property='article:published_time' content='2022-11-11T10:00:00+02:00'></head><body><article>"
            b"<p>Ukrainian troops entered the city of Kherson on Friday after Russian forces withdrew across the Dnipro river.</p>"
            b"<p>Residents greeted soldiers in the central square with flags and flowers.</p></article></body></html>")  # fmt: skip
    routes = Routes({
        "/story": (200, {"Content-Type": "text/html; charset=utf-8"}, html),
        "/moved": (301, {"Location": "/story"}, b""),
        "/loop": (302, {"Location": "/loop"}, b""),
        "/big": (200, {"Content-Type": "text/plain"}, b"x" * 50_000),
    })  # fmt: skip
    server, base = serve(routes)
    try:
        service = service_factory(
            sample_copy, FRONTLINE_FETCH_ALLOW_HOSTS="127.0.0.1", FRONTLINE_FETCH_MAX_BYTES=20_000
        )
        items = service.load([f"{base}/moved", f"{base}/missing", f"{base}/loop", f"{base}/big", "ftp://example.org/x"])
        report = service.add(items)
    finally:
        server.shutdown()
    assert len(report.added) == 1
    info = service.source(report.added[0])
    assert info.article.title == "Kherson liberated" and info.article.url.endswith("/story")
    assert info.article.published_at == "2022-11-11T10:00:00+02:00"
    failed = "\n".join(map(str, report.failed))
    assert "/missing: HTTP 404" in failed
    assert f"{base}/loop (redirected to {base}/loop): more than 3 redirects" in failed
    assert "/big: response is" in failed
    assert "ftp://example.org/x: only http and https" in failed


def test_private_addresses_are_refused_by_default(sample_copy, service_factory):
    service = service_factory(sample_copy)
    (error,) = service.load(["http://127.0.0.1:9/x"])
    assert isinstance(error, InputError) and "non-public address" in str(error)


def test_vector_index_round_trip(tmp_path):
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((50, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = FaissStore.from_arrays(16, np.arange(100, 150), vectors)
    index.remove([100, 101])
    index.save(tmp_path)
    loaded = FaissStore.load(tmp_path)
    assert len(loaded) == 48
    scores, ids = loaded.search(vectors[10], 3)
    assert ids[0] == 110 and abs(scores[0] - 1.0) < 1e-5
    assert 100 not in loaded.search(vectors[0], 48)[1]


@pytest.mark.parametrize(
    "url",
    ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/x", "http://[::1]/x", "http://192.168.1.1/",
     "http://localhost/x", "http://0.0.0.0/x"],
)  # fmt: skip
def test_private_link_local_and_loopback_hosts_are_refused(url):
    from index.ingest.fetch import FetchPolicy, fetch

    with pytest.raises(InputError, match="non-public address"):
        fetch(url, FetchPolicy(timeout_s=2))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/a", "gopher://x/", "javascript:alert(1)"])
def test_non_http_schemes_are_refused(url):
    from index.ingest.fetch import FetchPolicy, fetch

    with pytest.raises(InputError, match="only http and https"):
        fetch(url, FetchPolicy(timeout_s=2))


def test_redirect_to_a_private_host_is_refused():
    from index.ingest.fetch import FetchPolicy, fetch

    server, base = serve(Routes({"/jump": (302, {"Location": "http://localhost:9/secret"}, b"")}))
    try:
        # 127.0.0.1 itself is allowed (the test server), the host it redirects to is not.
        with pytest.raises(InputError, match="non-public address"):
            fetch(f"{base}/jump", FetchPolicy(timeout_s=2, allowed_private_hosts=frozenset({"127.0.0.1"})))
    finally:
        server.shutdown()


def test_slow_server_times_out():
    import socket

    from index.ingest.fetch import FetchPolicy, fetch

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        with pytest.raises(InputError, match="timed out after 0.5 s"):
            fetch(
                f"http://127.0.0.1:{listener.getsockname()[1]}/",
                FetchPolicy(timeout_s=0.5, allowed_private_hosts=frozenset({"127.0.0.1"})),
            )
    finally:
        listener.close()


def test_connected_address_is_checked_too(monkeypatch):
    """With the URL check skipped, the address resolved for the connection is still checked."""
    from index.ingest import fetch as fetch_module

    server, base = serve(Routes({"/x": (200, {"Content-Type": "text/plain"}, b"secret")}))
    monkeypatch.setattr(fetch_module, "_check_url", lambda url, policy: None)
    try:
        with pytest.raises(InputError, match="non-public address 127.0.0.1"):
            fetch_module.fetch(f"{base}/x", fetch_module.FetchPolicy(timeout_s=2))
    finally:
        server.shutdown()


def _sentence_keys(index):
    conn = sqlite3.connect(IndexDir(index).require_current() / "index.sqlite")
    try:
        return {row[0] for row in conn.execute("SELECT key FROM sentence_vectors")}
    finally:
        conn.close()


def test_removed_and_replaced_articles_leave_no_sentence_vectors(sample_copy, service_factory, tmp_path):
    from index.text.sentences import split_sentences

    service = service_factory(sample_copy, FRONTLINE_SENTENCE_VECTORS="direct")  # sentence vectors at write time
    service.repair()  # the sample index is lazy, and an index keeps its mode: rebuilt as a direct one
    sample_only = _sentence_keys(sample_copy)
    assert sample_only
    extra = tmp_path / "extra.jsonl"
    extra.write_text(json.dumps({"id": "x", "text": "Kereta api tiba pukul tujuh. Penumpang turun di Bandung."}))
    service.add(service.load([str(extra)]))
    first = {
        db.sentence_key(s.text) for s in split_sentences("Kereta api tiba pukul tujuh. Penumpang turun di Bandung.")
    }
    assert _sentence_keys(sample_copy) == sample_only | first

    extra.write_text(json.dumps({"id": "x", "text": "Kereta api tiba pukul tujuh. Hujan turun sore itu."}))
    service.add(service.load([str(extra)]))
    service.optimize()  # orphaned sentence vectors go when everything is merged
    after_edit = _sentence_keys(sample_copy)
    assert db.sentence_key("Penumpang turun di Bandung.") not in after_edit  # the edited-out sentence
    assert db.sentence_key("Kereta api tiba pukul tujuh.") in after_edit  # the one it kept

    service.remove(["x"])
    service.optimize()
    assert _sentence_keys(sample_copy) == sample_only
    assert "17.000" in service_factory(sample_copy).ask("how many people crossed into Finland?").answer


def _loaded(article_id: str, text: str):
    from index.ingest.articles import Article
    from index.ingest.loader import Loaded

    return Loaded(article_id, Article(text=text, id=article_id, title=f"About {article_id}", publisher="Test"))


def test_the_model_embeds_a_group_while_the_next_is_read(embedder, tmp_path, monkeypatch):
    import threading

    from index.ingest import indexer

    monkeypatch.setattr(indexer, "_EMBED_GROUP", 2)
    log: list[str] = []
    threads: set[str] = set()
    encode = embedder.encode_passages

    def recording(texts, **kwargs):
        threads.add(threading.current_thread().name)
        return encode(texts, **kwargs)

    monkeypatch.setattr(embedder, "encode_passages", recording)

    def items():
        for n in range(5):
            log.append(f"read {n}")
            yield _loaded(f"a{n}", f"Article number {n} reports that {n * 7} buses left the city on Monday.")

    report = indexer.add_articles(
        IndexDir(tmp_path / "index"), embedder, items(), progress=lambda n: log.append("stored")
    )
    assert len(report.added) == 5 and not report.failed
    assert threads and threading.main_thread().name not in threads  # the model ran on its own thread
    # The first group (a0, a1) is written only once the second (a2, a3) was read and handed to the model.
    assert log.index("read 3") < log.index("stored")
    assert log.count("stored") == 5


def test_an_article_again_in_the_next_group_is_compared_with_the_copy_being_embedded(embedder, tmp_path, monkeypatch):
    from index.ingest import indexer

    monkeypatch.setattr(indexer, "_EMBED_GROUP", 2)
    first, edited = "Ten trucks crossed the bridge at dawn.", "Twelve trucks crossed the bridge at dawn."
    items = [
        _loaded("a", first),
        _loaded("b", "The mayor opened a shelter for 300 people."),
        _loaded("a", first),  # while a is embedded: the same text, unchanged
        _loaded("a", edited),  # a newer copy: replaces it
    ]
    index = IndexDir(tmp_path / "index")
    report = indexer.add_articles(index, embedder, items)
    assert report.added == ["a", "b"] and report.unchanged == ["a"] and report.updated == ["a"]
    snapshot = Snapshot.open(index)
    try:
        stored = db.articles_by_id(snapshot.conn, ["a"])["a"].text
        live = snapshot.manifest.articles
    finally:
        snapshot.close()
    assert live == 2 and stored == edited
