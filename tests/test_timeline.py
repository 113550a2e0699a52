"""Timelines (index/search/timeline.py, index/search/timeline_plot.py) and `frontline timeline`, on the real model."""

import json

import pytest

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def dated(dated_index, embedder):
    from index.config import Settings
    from index.service import Frontline

    return Frontline(Settings(_env_file=None, FRONTLINE_INDEX_DIR=dated_index), embedder=embedder)


def test_timeline_is_chronological_cross_lingual_and_merges_copies(dated):
    found = dated.timeline("Zaporizhzhia nuclear plant")
    ids = [e.article_id for e in found.entries]
    days = [e.day for e in found.entries]
    assert days == sorted(days)
    assert {"znpp-seized-en", "znpp-seized-uk", "znpp-shelling-id", "znpp-shutdown-uk"} <= set(ids)  # uk and id too
    assert not any(i.startswith(("grain", "finland")) for i in ids)  # off-topic reports are left out
    assert "undated-note" not in ids  # an undated article cannot be placed
    visit = next(e for e in found.entries if e.article_id.startswith("znpp-iaea-visit"))
    assert visit.article_id == "znpp-iaea-visit-en"  # the first report of the event...
    assert [r.article_id for r in visit.also] == ["znpp-iaea-visit-en-copy"]  # ...lists the near-identical one
    assert "znpp-iaea-visit-en-copy" not in ids
    assert sum(n for _, n in found.counts) >= len(found.entries) + 1


def test_timeline_embeds_its_entries_sentences_in_one_call(dated, embedder, monkeypatch):
    import weakref

    from index.store import reader

    monkeypatch.setattr(reader, "_RECENT", weakref.WeakKeyDictionary())  # nothing embedded yet in this process
    calls: list[int] = []
    encode = embedder.encode_passages
    monkeypatch.setattr(
        embedder, "encode_passages", lambda texts, **kw: calls.append(len(texts)) or encode(texts, **kw)
    )
    found = dated.timeline("Zaporizhzhia nuclear plant")
    assert len(found.entries) >= 4
    # The topic's own passage vector (retrieval), then every entry's candidate sentences at once: the
    # dated index stores no sentence vectors (lazy), and one call an entry cost ~6 ms of overhead each.
    assert len(calls) <= 2 and max(calls) >= len(found.entries)


def test_timeline_range_and_k(dated):
    found = dated.timeline("Zaporizhzhia nuclear plant", k=2, date_from="2022-08-01", date_to="2022-09-30")
    assert found.date_range == ("2022-08-01", "2022-09-30")
    assert len(found.entries) == 2 and all("2022-08-01" <= e.day <= "2022-09-30" for e in found.entries)
    assert dated.timeline("Zaporizhzhia nuclear plant", date_from="2030-01-01").entries == []


def test_timeline_png_is_a_readable_picture(dated):
    from index.search.timeline_plot import timeline_png

    picture = timeline_png(dated.timeline("Zaporizhzhia nuclear plant"))
    assert picture.startswith(PNG_MAGIC) and 20_000 < len(picture) < 1_000_000
    empty = timeline_png(dated.timeline("Zaporizhzhia nuclear plant", date_from="2030-01-01"))
    assert empty.startswith(PNG_MAGIC)


def test_cli_timeline_text(run, dated_index):
    result = run("timeline", "Zaporizhzhia nuclear plant", "--index", dated_index)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("2022-03-04  ")
    assert "4 March 2022, 09:30 UTC+00:00 · Reuters" in result.output
    assert "also: 1 September 2022, 18:45 UTC+00:00 · The Independent (original source: AP)" in result.output


def test_cli_timeline_json_lines_and_png(run, dated_index, tmp_path):
    picture = tmp_path / "chart.png"
    result = run(
        "timeline", "grain exports", "--from", "2022-07-01", "--json", "--png", picture, "--k", "3",
        "--index", dated_index,
    )  # fmt: skip
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert 1 <= len(rows) <= 3
    for row in rows:
        assert {"published_at", "article_id", "title", "passage", "publisher", "source", "url"} <= set(row)
    assert [r["published_at"][:10] for r in rows] == sorted(r["published_at"][:10] for r in rows)
    assert rows[0]["article_id"] == "grain-deal-en"
    assert picture.read_bytes().startswith(PNG_MAGIC)


def test_cli_timeline_errors_are_one_line(run, dated_index):
    bad = run("timeline", "grain", "--to", "soon", "--index", dated_index)
    assert bad.exit_code == 1 and "'to' must be a date like 2022-09-27" in bad.output
    empty = run("timeline", "?!", "--index", dated_index)
    assert empty.exit_code == 1 and "the question is empty" in empty.output
    none = run("timeline", "grain", "--from", "2030-01-01", "--index", dated_index)
    assert none.exit_code == 0 and "no dated reports found" in none.output


def test_cli_timeline_names_an_untitled_report_by_its_address():
    from types import SimpleNamespace

    from index.cli import _format_timeline

    entry = SimpleNamespace(
        day="2022-03-04", title="", article_id="a1b2c3", url="https://kyivdaily.example/news/trams",
        published_at="2022-03-04", publisher="Kyiv Daily", source="", fact="Trams run again.", passage="", also=[],
    )
    found = SimpleNamespace(date_range=None, entries=[entry], topic="trams")
    first = _format_timeline(found).splitlines()[0]
    assert first == "2022-03-04  kyivdaily.example/news/trams" and "a1b2c3" not in first
