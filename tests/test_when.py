"""Dates in questions (index/search/when.py) and date ranges in retrieval, on the real model and a small dated index."""

from datetime import date

import pytest

from index.errors import FrontlineError
from index.search.when import DateRange, explicit_range, find_date, label

AS_OF = date(2022, 9, 30)


@pytest.mark.parametrize(
    ("question", "start", "end", "rest"),
    [
        ("What happened on 13 May 2022?", "2022-05-13", "2022-05-13", "What happened?"),
        ("Apa yang terjadi pada 13 Mei 2022?", "2022-05-13", "2022-05-13", "Apa yang terjadi?"),
        ("Що сталося 13 травня 2022?", "2022-05-13", "2022-05-13", "Що сталося?"),
        ("Що сталося у травні 2022 року?", "2022-05-01", "2022-05-31", "Що сталося?"),
        ("May 13, 2022 shelling", "2022-05-13", "2022-05-13", "shelling"),
        ("what happened in September 2022", "2022-09-01", "2022-09-30", "what happened"),
        ("protests in spring 2022", "2022-03-01", "2022-05-31", "protests"),
        ("fighting between March and May", "2022-03-01", "2022-05-31", "fighting"),
        ("shelling between 1 and 5 March 2022", "2022-03-01", "2022-03-05", "shelling"),
        ("обстріли з 1 по 5 березня 2022", "2022-03-01", "2022-03-05", "обстріли"),
        ("serangan antara Maret dan Mei 2022", "2022-03-01", "2022-05-31", "serangan"),
        ("what happened last week", "2022-09-19", "2022-09-25", "what happened"),
        ("what happened yesterday?", "2022-09-29", "2022-09-29", "what happened?"),
        ("apa yang terjadi kemarin?", "2022-09-29", "2022-09-29", "apa yang terjadi?"),
        ("що сталося вчора?", "2022-09-29", "2022-09-29", "що сталося?"),
        ("attacks 3 days ago", "2022-09-27", "2022-09-27", "attacks"),
        ("reports from 2022-03-01", "2022-03-01", "2022-03-01", "reports"),
        ("exports since July 2022", "2022-07-01", "2022-09-30", "exports"),
    ],
)
def test_dates_in_questions(question, start, end, rest):
    found = find_date(question, AS_OF)
    assert found is not None and found.strength == "filter"
    assert found.range.as_strings() == (start, end)
    assert found.text == rest


def test_a_date_without_a_year_is_the_latest_one_so_far():
    assert find_date("what happened on 13 May?", AS_OF).range.as_strings() == ("2022-05-13", "2022-05-13")
    assert find_date("what happened on 13 October?", AS_OF).range.as_strings() == ("2021-10-13", "2021-10-13")
    assert not find_date("what happened on 13 May?", AS_OF).year_given


@pytest.mark.parametrize(
    "question",
    ["What did Biden say after the 24 February invasion?", "реакція на вторгнення 24 лютого"],
)
def test_a_date_in_a_name_is_not_a_constraint(question):
    found = find_date(question, AS_OF)
    assert found is not None and found.strength == "name"


@pytest.mark.parametrize(
    "question",
    [
        "which country may join NATO?",
        "did they march on Kyiv?",
        "Lebih dari 2.000 pengunjuk rasa ditangkap",
        "Ukraine 2022: the year in review",
        "how many people crossed into Finland?",
    ],
)
def test_no_date(question):
    assert find_date(question, AS_OF) is None


def test_explicit_range_checks_its_dates():
    assert explicit_range(None, None) is None
    assert explicit_range("2022-03-01", None) == DateRange(date(2022, 3, 1), None)
    with pytest.raises(FrontlineError) as bad:
        explicit_range("March", None)
    assert bad.value.kind == "bad_date_option"
    with pytest.raises(FrontlineError) as reversed_:
        explicit_range("2022-05-01", "2022-03-01")
    assert reversed_.value.kind == "date_range_reversed"
    assert label(DateRange(date(2022, 3, 1), date(2022, 5, 31))) == "1 March 2022 – 31 May 2022"


# -- retrieval ------------------------------------------------------------------


@pytest.fixture(scope="module")
def dated(dated_index, embedder):
    from index.config import Settings
    from index.service import Frontline

    return Frontline(Settings(_env_file=None, FRONTLINE_INDEX_DIR=dated_index), embedder=embedder)


def days(answer):
    return [c.published_at[:10] for c in answer.citations]


def test_options_keep_only_their_range(dated):
    answer = dated.ask("Zaporizhzhia nuclear plant", k=5, date_from="2022-09-01", date_to="2022-09-30")
    assert answer.date_range == ("2022-09-01", "2022-09-30")
    assert days(answer) and all("2022-09-01" <= d <= "2022-09-30" for d in days(answer))
    assert answer.to_json()["date_range"] == {"from": "2022-09-01", "to": "2022-09-30"}
    open_end = dated.ask("Zaporizhzhia nuclear plant", date_from="2022-09-05")
    assert open_end.to_json()["date_range"] == {"from": "2022-09-05", "to": None}
    assert all(d >= "2022-09-05" for d in days(open_end))


def test_options_with_nothing_published_find_nothing(dated):
    answer = dated.ask("Zaporizhzhia nuclear plant", date_from="2023-01-01")
    assert not answer.found and answer.date_range == ("2023-01-01", "")


def test_a_date_in_the_question_prefers_that_day(dated):
    plain = dated.ask("What happened at the Zaporizhzhia nuclear plant?", k=3)
    assert plain.date_range is None
    dated_answer = dated.ask("What happened at the Zaporizhzhia nuclear plant on 11 September 2022?", k=3)
    assert dated_answer.date_range == ("2022-09-11", "2022-09-11")
    assert dated_answer.citations[0].article_id == "znpp-shutdown-uk"  # Ukrainian, asked in English
    assert dated_answer.question.endswith("on 11 September 2022?")  # shown as asked


def test_relative_dates_count_from_as_of(dated):
    answer = dated.ask("what happened at the nuclear plant yesterday?", as_of=date(2022, 9, 2))
    assert answer.date_range == ("2022-09-01", "2022-09-01")
    assert answer.citations[0].article_id.startswith("znpp-iaea-visit")


def test_a_date_nothing_was_published_on_is_dropped(dated):
    answer = dated.ask("Finland closes its border to Russian tourists on 3 January 2021")
    assert answer.date_range is None
    assert answer.citations[0].article_id == "finland-border-en"


def test_a_date_without_a_year_moves_to_a_year_with_reports(dated):
    answer = dated.ask("first grain ship leaves Odesa on 1 August", as_of=date(2024, 6, 1))
    assert answer.date_range == ("2022-08-01", "2022-08-01")


def test_a_date_in_a_name_does_not_empty_the_answer(dated):
    answer = dated.ask("Which city did Ukraine retake after the 24 February invasion?")
    assert answer.citations and answer.citations[0].article_id == "kharkiv-counteroffensive-en"
