"""The `frontline` command: output, JSON shapes, exit codes, one-line errors."""

import json

from .conftest import SAMPLE


def test_ask_prints_answer_and_citations(run, sample_copy):
    result = run("ask", "how many people crossed into Finland?", "--index", sample_copy)
    assert result.exit_code == 0
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in result.output
    assert "[1] Sekutu Rusia" in result.output
    assert "27 September 2022, 17:16 UTC+07:00" in result.output
    assert "Zona Priangan (original source: Express)" in result.output


def test_ask_json(run, sample_copy):
    result = run("ask", "how many protesters were arrested?", "--json", "--k", "2", "--index", sample_copy)
    data = json.loads(result.output)
    assert data["confidence"] in ("high", "low")  # "low": the closest passages, no answer text
    assert "2.000" in (data["answer"] if data["confidence"] == "high" else data["citations"][0]["passage"])
    assert data["citations"][0]["published_at"] == "2022-09-27T17:16:00+07:00"


def test_ask_batch_keeps_order_and_ids(run, sample_copy, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(q) for q in [
        {"id": "b", "question": "Where was a recruitment officer shot?"},
        {"id": "a", "question": "how many people crossed into Finland?"},
    ]))  # fmt: skip
    result = run("ask", "--batch", batch, "--json", "--index", sample_copy)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["id"] for line in lines] == ["b", "a"]
    assert "Irkutsk" in lines[0]["citations"][0]["passage"] and "17.000" in lines[1]["answer"]


def test_index_add_summary_and_failures(run, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "ok", "text": "Kyiv was attacked by drones."}\n{oops\n')
    result = run("index", "add", SAMPLE, bad, "--index", tmp_path / "idx")
    assert result.exit_code == 1
    assert "added 2, updated 0, unchanged 0, failed 1" in result.output
    assert "error: " in result.output and "bad.jsonl:2: malformed JSON" in result.output
    stats = run("index", "stats", "--json", "--index", tmp_path / "idx")
    assert json.loads(stats.output) == {
        **json.loads(stats.output),
        "articles": 2,
        "model": "multilingual-e5-small",
        "dim": 384,
    }


def test_missing_index_is_one_line(run, tmp_path):
    result = run("ask", "anything?", "--index", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no index at")
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_source_and_sources(run, sample_copy):
    listing = json.loads(run("sources", "--json", "--index", sample_copy).output)
    article_id = listing[0]["id"]
    detail = json.loads(run("source", article_id, "--json", "--index", sample_copy).output)
    assert detail["publisher"] == "Zona Priangan" and detail["chunks"] >= 1 and len(detail["related"]) == 4
    text = run("source", article_id, "--index", sample_copy).output
    assert "related headlines:" in text and "original source: Express" in text
    missing = run("source", "nope", "--index", sample_copy)
    assert missing.exit_code == 1 and "no article with id 'nope'" in missing.output


def test_remove_unknown_id_fails(run, sample_copy):
    result = run("index", "remove", "nope", "--index", sample_copy)
    assert result.exit_code == 1 and "no article with id 'nope'" in result.output


def test_feedback_export(run, sample_copy, service_factory):
    service = service_factory(sample_copy)
    answer_id = service.feedback.record_answer("how many people crossed into Finland?", ["a1"])
    assert service.feedback.vote(answer_id, 1234, 1)
    assert service.feedback.vote(answer_id, 1234, -1)  # a changed mind replaces the vote
    assert not service.feedback.vote("0000", 1234, 1)
    rows = json.loads(run("feedback", "--json", "--index", sample_copy).output)
    assert len(rows) == 1
    assert rows[0]["vote"] == -1 and rows[0]["article_ids"] == ["a1"] and "1234" not in rows[0]["user_hash"]
