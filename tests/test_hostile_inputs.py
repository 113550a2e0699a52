"""Hostile or unlucky files and records: links out of a folder, huge and deep JSON, bad dates, LIKE wildcards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.cli import main
from index.errors import InputError
from index.ingest.loader import Loaded, LoadOptions, load_inputs

STORY = "Pasukan Ukraina memasuki Kherson pada hari Jumat setelah pasukan Rusia mundur menyeberangi sungai Dnipro."


def _kinds(items) -> list[str]:
    return [item.kind for item in items if isinstance(item, InputError)]


def test_links_out_of_the_folder_are_skipped_and_named(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secrets.txt").write_text("DISCORD_TOKEN=abc.def.ghi and other private text")
    (outside / "more").mkdir()
    (outside / "more" / "notes.txt").write_text("private notes that must not be indexed")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "story.txt").write_text(STORY)
    (folder / "env.txt").symlink_to(outside / "secrets.txt")
    (folder / "linked-dir").symlink_to(outside / "more", target_is_directory=True)
    (folder / "same.txt").symlink_to(folder / "story.txt")  # inside the folder: fine

    items = list(load_inputs([str(folder)], LoadOptions()))
    texts = [item.article.text for item in items if isinstance(item, Loaded)]
    assert texts and all("private" not in text and "DISCORD_TOKEN" not in text for text in texts)
    skipped = sorted(item.label for item in items if isinstance(item, InputError))
    assert skipped == [str(folder / "env.txt"), str(folder / "linked-dir")]
    assert all(item.kind == "link_outside_folder" for item in items if isinstance(item, InputError))
    assert "a link to outside the folder" in str(next(i for i in items if isinstance(i, InputError)))


def test_jsonl_is_streamed_line_by_line_and_an_oversized_line_is_skipped(tmp_path, monkeypatch):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a", "text": STORY}),
        json.dumps({"id": "huge", "text": "x" * 50_000}),
        json.dumps({"id": "b", "text": STORY + " Warga menyambut tentara."}),
    ]
    path.write_text("\n".join(lines))

    def never(self):
        raise AssertionError(f"{self} read whole")

    monkeypatch.setattr(Path, "read_bytes", never)
    monkeypatch.setattr(Path, "read_text", never)
    items = list(load_inputs([str(path)], LoadOptions(max_article_bytes=5_000)))
    assert [item.article.id for item in items if isinstance(item, Loaded)] == ["a", "b"]
    (error,) = [item for item in items if isinstance(item, InputError)]
    assert error.kind == "line_too_large" and error.label == f"{path}:2"


def test_a_json_file_has_a_size_cap(tmp_path):
    path = tmp_path / "all.json"
    path.write_text(json.dumps([{"id": str(i), "text": STORY} for i in range(40)]))
    (error,) = list(load_inputs([str(path)], LoadOptions(max_json_bytes=1_000)))
    assert isinstance(error, InputError) and error.kind == "json_too_large"
    assert "over the 1,000-byte cap" in str(error) and ".jsonl" in str(error)


def test_a_deeply_nested_record_is_reported_and_the_batch_goes_on(sample_copy, service_factory, tmp_path):
    deep = "[" * 1_000_000 + "]" * 1_000_000
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [json.dumps({"id": "ok-1", "text": STORY}), deep, '{"id": "deep-2", "text": "x", "related": ' + deep + "}"]
        )
    )
    whole = tmp_path / "deep.json"
    whole.write_text(deep)
    other = tmp_path / "other.txt"
    other.write_text(STORY + " Warga menyambut tentara di alun-alun.")
    service = service_factory(sample_copy)
    items = service.load([str(feed), str(whole), str(other)])
    assert _kinds(items) == ["record_too_deep", "record_too_deep", "record_too_deep"]
    assert [e.label for e in items if isinstance(e, InputError)] == [f"{feed}:2", f"{feed}:3", str(whole)]
    report = service.add(items)
    assert len(report.added) == 2 and len(report.failed) == 3
    assert "nested too deeply" in str(report.failed[0])


@pytest.mark.parametrize("value", ["0000-00-00", "2022-02-30", "9999-99-99", "yesterday", "kemarin", "2 hours ago"])
def test_invalid_and_relative_dates_are_stored_as_no_date(sample_copy, service_factory, tmp_path, value):
    feed = tmp_path / "dated.jsonl"
    feed.write_text(
        "\n".join([
            json.dumps({"id": "bad-date", "text": STORY, "published_at": value}),
            json.dumps({"id": "good-date", "text": STORY + " Lagi.", "published_at": "2022-11-11"}),
        ])
    )  # fmt: skip
    service = service_factory(sample_copy)
    report = service.add(service.load([str(feed)]))
    assert sorted(report.added) == ["bad-date", "good-date"] and not report.failed
    assert service.source("bad-date").article.published_at is None
    assert service.source("good-date").article.published_at == "2022-11-11"
    assert f"1 stored without a date (not a valid date: {feed}#bad-date ({value!r}))" in report.summary()
    assert service.sources()[0].article.id != "bad-date"  # an undated article never sorts first as "newest"


@pytest.fixture
def cli(embedder, monkeypatch):
    monkeypatch.delenv("FRONTLINE_INDEX_DIR", raising=False)
    return lambda *args: CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("pattern", ["%", "_", "%%", "\\"])
def test_sources_query_matches_like_wildcards_literally(cli, sample_copy, pattern):
    result = cli("sources", "--query", pattern, "--json", "--index", sample_copy)
    assert result.exit_code == 0 and json.loads(result.output) == []
    result = cli("sources", "--publisher", pattern, "--json", "--index", sample_copy)
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_sources_query_still_matches_text(cli, sample_copy):
    result = cli("sources", "--query", "kazakhstan", "--json", "--index", sample_copy)
    assert len(json.loads(result.output)) == 1


@pytest.mark.parametrize("option,value", [("--from", "zzz"), ("--to", "2022-13-01"), ("--from", "2022-9-1")])
def test_sources_date_options_must_be_dates(cli, sample_copy, option, value):
    result = cli("sources", option, value, "--index", sample_copy)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: '{option}' must be a date like 2022-09-27, not {value!r}"
