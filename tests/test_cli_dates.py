"""`frontline ask` with dates: --from/--to/--as-of, the applied range in text and --json; `frontline timeline`."""

import json

import pytest


def test_ask_from_to_filters_and_shows_the_range(run, dated_index):
    result = run("ask", "Zaporizhzhia nuclear plant", "--from", "2022-09-01", "--to", "2022-09-30", "--index", dated_index)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("[published 1 September 2022 – 30 September 2022]")
    assert "March 2022" not in result.output and "August 2022" not in result.output


def test_ask_json_date_range(run, dated_index):
    result = run("ask", "Zaporizhzhia nuclear plant", "--from", "2022-09-01", "--json", "--index", dated_index)
    data = json.loads(result.output)
    assert data["date_range"] == {"from": "2022-09-01", "to": None}
    assert all(c["published_at"][:10] >= "2022-09-01" for c in data["citations"])
    plain = json.loads(run("ask", "Zaporizhzhia nuclear plant", "--json", "--index", dated_index).output)
    assert plain["date_range"] is None and set(plain) == set(data)  # same schema


def test_ask_reads_a_date_in_the_question(run, dated_index):
    asked = "what happened at the Zaporizhzhia plant on 11 September 2022?"
    data = json.loads(run("ask", asked, "--json", "--index", dated_index).output)
    assert data["date_range"] == {"from": "2022-09-11", "to": "2022-09-11"}
    assert data["question"] == asked


def test_ask_as_of_sets_yesterday(run, dated_index):
    result = run("ask", "what happened yesterday?", "--as-of", "2022-08-02", "--json", "--index", dated_index)
    assert json.loads(result.output)["date_range"] == {"from": "2022-08-01", "to": "2022-08-01"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "March"], "'from' must be a date like 2022-09-27, not 'March'"),
        (["--from", "2022-05-01", "--to", "2022-03-01"], "--from 2022-05-01 is after --to 2022-03-01"),
        (["--as-of", "tomorrow"], "'--as-of' must be a date like 2022-09-27"),
    ],
)
def test_ask_bad_dates_are_one_line(run, dated_index, args, message):
    result = run("ask", "Zaporizhzhia", *args, "--index", dated_index)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def test_ask_batch_applies_the_range_to_every_question(run, dated_index, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "grain ship"}\n{"id": "b", "question": "nuclear plant"}\n')
    result = run("ask", "--batch", batch, "--json", "--from", "2022-08-01", "--to", "2022-08-31", "--index", dated_index)
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert all(r["date_range"] == {"from": "2022-08-01", "to": "2022-08-31"} for r in rows)
