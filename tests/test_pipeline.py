"""The question pipeline (index/search/pipeline.py): `ask`, the evaluation and timelines run its stages, on the real model."""

from dataclasses import replace

import numpy as np
import pytest

from index.eval.evaluate import Question, as_json, evaluate, evaluation_runs, outcome, summarize
from index.search.pipeline import STAGES, STORY_SPARE, QuestionPipeline
from index.search.retrieval import MODES

# English and Indonesian asked of the Indonesian sample article, and one with a date, which is read off the question.
QUESTIONS = [
    ("how many people crossed into Finland?", "17.000", None),
    ("Berapa orang Rusia melintasi perbatasan dengan Finlandia?", "17.000", None),
    ("how many people crossed into Finland on 27 September 2022?", "17.000", ("2022-09-27", "2022-09-27")),
]


@pytest.fixture
def service(sample_index, service_factory):
    return service_factory(sample_index)


def pipeline_of(service, **answering) -> QuestionPipeline:
    return QuestionPipeline(
        service.snapshot(), service.embedder, service.fusion, replace(service.answering, **answering)
    )


@pytest.mark.parametrize(("question", "expected", "dates"), QUESTIONS)
def test_ask_evaluation_and_pipeline_give_the_same_passage_and_answer(service, question, expected, dates):
    answer = service.ask(question)
    asked = pipeline_of(service).ask(question)
    [(_, _, evaluated)] = evaluation_runs(service, [Question("q", question)], ["hybrid"])

    assert asked.answer == answer  # citations, scores, date range and all
    assert answer.confidence == "high" and expected in answer.answer
    assert evaluated.answer is not None and evaluated.answer.answer == answer.answer
    assert evaluated.hits[0].chunk.text == asked.hits[0].chunk.text == answer.citations[0].passage
    assert np.array_equal(evaluated.vector, asked.vector)
    assert answer.date_range == dates
    if dates:  # the date filters, and is not encoded with the rest of the question
        assert asked.query.dates is not None and asked.query.dates.range.as_strings() == dates
        assert "September" not in asked.query.text


def test_evaluation_encodes_each_question_once_for_every_mode(service, monkeypatch):
    encoded = []
    encode = QuestionPipeline.encode

    def spy(self, query):
        encoded.append(encode(self, query))
        return encoded[-1]

    monkeypatch.setattr(QuestionPipeline, "encode", spy)
    questions = [Question(str(n), text, expected_answers=[want]) for n, (text, want, _) in enumerate(QUESTIONS)]
    questions = [replace(q, expected_passage_contains="Finlandia") for q in questions]
    runs = list(evaluation_runs(service, questions, MODES))
    assert len(encoded) == len(questions) and len(runs) == len(questions) * len(MODES)

    vectors = service.snapshot().vectors
    for mode, q, asked in runs:
        vector = encoded[int(q.id)]
        assert asked.vector is vector and asked.mode == mode
        # Every mode scored its passages against that one vector (bm25's hits carry their cosine too).
        ids = np.array([h.chunk.id for h in asked.hits], dtype=np.int64)
        np.testing.assert_allclose([h.dense for h in asked.hits], vectors.vectors_for(ids) @ vector, atol=1e-5)
    for q, vector in zip(questions, encoded, strict=True):  # the vector `ask` encodes
        assert np.array_equal(vector, pipeline_of(service).ask(q.question, answer=False).vector)
    assert all(outcome(q, asked).rank == 1 for mode, q, asked in runs if mode != "bm25")

    # The figures are those of these runs.
    expected = {mode: summarize([outcome(q, a) for m, q, a in runs if m == mode]) for mode in MODES}
    assert as_json(evaluate(service, questions, MODES)) == as_json(expected)


def test_stages_are_timed_and_the_answer_step_can_be_left_out(service):
    pipeline = pipeline_of(service)
    asked = pipeline.ask(QUESTIONS[0][0])
    assert list(asked.seconds)[0] == "read" and set(asked.seconds) == set(STAGES)
    assert all(seconds >= 0 for seconds in asked.seconds.values())

    bare = pipeline.ask(QUESTIONS[0][0], answer=False, overlap=False)  # each stage alone, as the benchmark times them
    assert bare.answer is None and set(bare.seconds) == set(STAGES) - {"answer"}
    assert [h.chunk.id for h in bare.hits] == [h.chunk.id for h in asked.hits]
    assert np.array_equal(bare.vector, asked.vector)

    again = pipeline.search(asked.query, vector=asked.vector)  # a vector given: nothing encoded
    assert "encode" not in again.seconds and again.answer == asked.answer


def test_copies_are_cited_once_from_spare_passages_but_evaluation_ranks_them_all(dated_index, service_factory):
    service = service_factory(dated_index)
    question = "Who led the IAEA inspectors who reached the Zaporizhzhia plant?"
    grouped = pipeline_of(service).ask(question, k=2)
    plain = pipeline_of(service, one_per_story=False).ask(question, k=2)

    assert len(grouped.hits) == 2 + STORY_SPARE and grouped.stories
    assert grouped.answer == service.ask(question, k=2)
    assert grouped.answer is not None
    cited = [c.article_id for c in grouped.answer.citations]
    assert cited[0] == "znpp-iaea-visit-en" and "znpp-iaea-visit-en-copy" not in cited
    assert grouped.answer.citations[0].also[0]["article_id"] == "znpp-iaea-visit-en-copy"

    # The evaluation ranks the k passages retrieved, copies included (index/eval/evaluate.py).
    assert plain.stories is None
    assert [h.chunk.article_id for h in plain.hits] == ["znpp-iaea-visit-en", "znpp-iaea-visit-en-copy"]
    [(_, _, evaluated)] = evaluation_runs(service, [Question("q", question)], ["hybrid"], k=2)
    assert [h.chunk.article_id for h in evaluated.hits] == [h.chunk.article_id for h in plain.hits]
