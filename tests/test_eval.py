"""`frontline eval` and the evaluation suite on a small question file about the sample article."""

import json
import math

import pytest

from index.eval.evaluate import format_table
from index.eval.suite import discover

FINLAND = {
    "id": "finland", "question": "how many people crossed into Finland?", "expected_answers": ["17.000"],
    "expected_passage_contains": "Finlandia", "expected_date": "2022-09-27", "expected_source": "Express",
    "kind": "easy",
}  # fmt: skip
# Right passage, but the expected answer, date and source are deliberately wrong: each
# metric must count it as a miss.
WRONG = {
    "id": "wrong", "question": "Which Russian ally will not recognize the referendum?",
    "expected_answers": ["Belarus"], "expected_passage_contains": "Kazakhstan",
    "expected_date": "2022-09-28", "expected_source": "Reuters", "kind": "tricky",
}  # fmt: skip
# No passage of the sample contains this: retrieval misses.
MISSING = {
    "id": "missing",
    "question": "Where was a recruitment officer shot?",
    "expected_passage_contains": "Vladivostok",
    "kind": "tricky",
}


@pytest.fixture
def questions(tmp_path):
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q) for q in [FINLAND, WRONG, MISSING]) + "\n", encoding="utf-8")
    return path


def test_json_metrics_per_mode(run, sample_index, questions):
    result = run("eval", questions, "--index", sample_index, "--json", "--compare", "hybrid,dense")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["hybrid", "dense"]
    hybrid = data["hybrid"]
    assert hybrid["questions"] == 3
    assert hybrid["r@1"] == hybrid["r@5"] == pytest.approx(2 / 3, abs=1e-3)
    assert hybrid["mrr"] == pytest.approx(2 / 3, abs=1e-3)
    assert hybrid["answer_hit"] == 0.5  # 17.000 found, Belarus not
    assert hybrid["date_ok"] == 0.5 and hybrid["source_ok"] == 0.5
    assert 0 < hybrid["median_answer_chars"] <= 300


def test_kind_selects_questions(run, sample_index, questions):
    result = run("eval", questions, "--index", sample_index, "--json", "--compare", "hybrid", "--kind", "easy")
    hybrid = json.loads(result.output)["hybrid"]
    assert hybrid["questions"] == 1
    assert hybrid["r@1"] == hybrid["answer_hit"] == hybrid["date_ok"] == hybrid["source_ok"] == 1.0


def test_not_applicable_metrics_are_null(run, sample_index, tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(MISSING))
    hybrid = json.loads(run("eval", path, "--index", sample_index, "--json", "--compare", "hybrid").output)["hybrid"]
    assert hybrid["r@1"] == 0.0
    assert hybrid["answer_hit"] is None and hybrid["date_ok"] is None


def test_table_has_a_line_per_mode(run, sample_index, questions):
    result = run("eval", questions, "--index", sample_index, "--kind", "easy")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["set", "mode", "n", "R@1"]
    assert [line.split()[2] for line in lines[1:]] == ["dense", "bm25", "hybrid"]  # after "questions (easy)"
    assert lines[3].split()[3:5] == ["1", "1.000"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare", "hybrid,psychic"], "unknown mode psychic"),
        (["--kind", "nonexistent"], "no questions of kind 'nonexistent'"),
    ],
)
def test_bad_options_are_one_line_errors(run, sample_index, questions, args, message):
    result = run("eval", questions, "--index", sample_index, *args)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("content", ["{not json}\n", json.dumps({"id": "x"}) + "\n", "\n"])
def test_bad_question_files_are_one_line_errors(run, sample_index, tmp_path, content):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    result = run("eval", path, "--index", sample_index)
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1


def test_missing_question_file(run, sample_index, tmp_path):
    result = run("eval", tmp_path / "absent.jsonl", "--index", sample_index)
    assert result.exit_code == 1
    assert "cannot read questions" in result.output


def test_table_marks_metrics_that_do_not_apply():
    metrics = {"questions": 2, "r@1": 0.5, "r@5": 1.0, "mrr": 0.75, "answer_hit": math.nan,
               "median_answer_chars": 120.5, "date_ok": 1.0, "source_ok": math.nan,
               "declined": 0.0, "low": 0.5, "ooc_abstained": math.nan}  # fmt: skip
    row = format_table([("set", "hybrid", metrics)]).splitlines()[1].split()
    assert row == ["set", "hybrid", "2", "0.500", "1.000", "0.750", "-", "120.5", "1.000", "-", "0.000", "0.500", "-"]


def test_suite_discovers_sets_and_their_indexes(tmp_path):
    (tmp_path / "seed.jsonl").write_text("")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "questions.jsonl").write_text("")
    (tmp_path / "notes").mkdir()  # no questions: not a set
    sets = discover(tmp_path, tmp_path / "data")
    assert [(s.name, s.index.name) for s in sets] == [("seed", "samples"), ("news", "news")]


def test_out_of_corpus_questions_count_as_abstentions(run, sample_index, tmp_path):
    path = tmp_path / "q.jsonl"
    banana = {"id": "x", "question": "What is a good recipe for banana pancakes?", "kind": "out-of-corpus"}
    path.write_text("\n".join(json.dumps(q) for q in [FINLAND, banana]))
    hybrid = json.loads(run("eval", path, "--index", sample_index, "--json", "--compare", "hybrid").output)["hybrid"]
    assert hybrid["r@1"] == 1.0  # retrieval metrics count the answerable question only
    assert hybrid["declined"] == 0.0 and hybrid["ooc_abstained"] == 1.0


def test_the_suite_and_the_fitting_find_the_held_out_question_files():
    """They sit in tests/data of the repository; a wrong path once dropped the suite's extra lines silently."""
    from index.eval import suite
    from index.search import abstain_fit

    assert suite.OUT_OF_CORPUS.is_file()
    assert all(path.is_file() for pair in suite.CROSS_LINGUAL.values() for path in pair)
    assert abstain_fit.OUT_OF_CORPUS.is_file() and abstain_fit.SAMPLE_CROSSLINGUAL.is_file()


def test_the_suite_asks_the_sample_questions_of_the_combined_index(sample_index, tmp_path):
    """DATA/combined (the sample among every set's articles) gets the seed, held-out cross-lingual and
    out-of-corpus questions, each on its own line; a DATA without it adds no line."""
    from index.eval import suite

    eval_dir = tmp_path / "eval"
    eval_dir.mkdir()
    seed = {"id": "s1", "question": "how many people crossed into Finland?", "expected_passage_contains": "Finlandia"}
    (eval_dir / "seed-questions.jsonl").write_text(json.dumps(seed) + "\n", encoding="utf-8")
    rows = suite._combined(eval_dir, sample_index)
    labels = [label for label, _, _ in rows]
    assert labels == ["combined (seed-questions)", "combined (sample, cross-lingual)", "combined (out-of-corpus)"]
    assert rows[0][2]["questions"] == 1 and rows[0][2]["r@1"] == 1.0
    assert rows[1][2]["questions"] == 32 and rows[2][2]["questions"] > 50
