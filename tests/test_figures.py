"""Conflicting figures side by side (index/search/figures.py): extraction, and answers on a real index."""

from pathlib import Path

import pytest

from index.text.figures import agree, extract_figures

FEED = Path(__file__).parent / "data" / "differing-figures.jsonl"


def _values(sentence):
    return [(f.text, f.low, f.high) for f in extract_figures(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Some 17,000 Russians crossed into Finland.", [("17,000", 17000, 17000)]),
        ("Sebanyak 17.000 orang Rusia melintasi perbatasan.", [("17.000", 17000, 17000)]),
        ("About 17 000 people crossed the border.", [("17 000", 17000, 17000)]),
        ("About 17 thousand people crossed the border.", [("17 thousand", 17000, 17000)]),
        ("Sekitar 17 ribu orang menyeberang.", [("17 ribu", 17000, 17000)]),
        ("Кордон перетнули 17 тисяч людей.", [("17 тисяч", 17000, 17000)]),
        ("Sebanyak 1,5 juta warga mengungsi.", [("1,5 juta", 1_500_000, 1_500_000)]),
        ("Between 10 and 15 thousand people fled.", [("10 and 15 thousand", 10_000, 15_000)]),
        ("Sekitar 10-15 ribu orang mengungsi.", [("10-15 ribu", 10_000, 15_000)]),
        ("Some 2,000 troops arrived.", [("2,000", 2000, 2000)]),
        ("Boeing 737-200 jets; the score was 3-2; 15 000 to 20 000 people", [("15 000 to 20 000", 15000, 20000)]),
    ],
)
def test_figures_as_written(sentence, expected):
    assert _values(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Serangan terjadi pada 24 Februari 2022 di Kharkiv.",
        "On 14 May, in 2022, the SU-30 was shot down at 17:16 (27/9).",
        "Shelling resumed in the 1990s style, the 3rd time since No. 4 was hit.",
        "Обстріл почався 13 травня 2022 року.",
        "1. Warga diminta tetap di rumah.",
        "In 2000 the army left; since 1999; the 1637-1641 siege.",  # a plain four-digit year is always a year
        "Kurs rupiah pada pukul 10.00 WIB dibuka menguat.",
        "Втрати ворога з 24.02 по 28.02 станом на 6:00; о 4.25 противник обстріляв пункт.",
        "4-та гвардійська дивізія; 48-річна жінка; у контексті статті 8 Статуту; проспект Перемоги 6А.",
        "The Nobel went to Harold Pinter (75), a playwright.",
    ],
)
def test_years_dates_times_list_numbers_and_names_are_not_figures(sentence):
    assert extract_figures(sentence) == []


def test_killed_and_wounded_keep_their_own_words():
    killed, wounded = extract_figures("The strike killed 9 civilians and wounded 20 others in Kharkiv.")
    assert "killed" in killed.context and "wounded" not in killed.context
    assert "wounded" in wounded.context and "killed" not in wounded.context


def test_a_count_per_day_is_a_rate():
    (total,) = extract_figures("Russia's army has killed more than 70 Ukrainian children.")
    (daily,) = extract_figures("Росія вбиває щодня щонайменше 5 українських дітей.")
    (hari,) = extract_figures("Sedikitnya 5 anak tewas setiap hari.")
    assert not total.rate and daily.rate and hari.rate


def test_agreement_is_up_to_rounding():
    (a,) = extract_figures("17.000 orang menyeberang.")
    (b,) = extract_figures("17,000 people crossed.")
    (c,) = extract_figures("16,800 people crossed.")
    (d,) = extract_figures("8,000 people crossed.")
    (e,) = extract_figures("between 15 and 20 thousand people crossed.")
    assert agree(a, b) and agree(a, c) and agree(a, e)
    assert not agree(a, d) and not agree(d, e)


@pytest.fixture(scope="module")
def service(tmp_path_factory, embedder):
    from index.service import Frontline

    from .conftest import make_settings

    service = Frontline(make_settings(tmp_path_factory.mktemp("figures") / "index"), embedder=embedder)
    report = service.add(service.load([str(FEED)]))
    assert len(report.added) == 10
    return service


@pytest.mark.parametrize(
    "question",
    [
        "How many Ukrainians crossed into Moldova?",
        "Berapa warga Ukraina yang menyeberang ke Moldova?",
        "Скільки українців перетнули кордон з Молдовою?",
    ],
)
def test_two_counts_of_one_event_are_shown_side_by_side(service, question):
    answer = service.ask(question, k=5)
    assert answer.confidence == "high"
    shown = {f.article_id: f.value for f in answer.figures}
    assert shown == {"wire-moldova": "12,000", "harian-moldova": "25.000"}
    first = answer.figures[0]
    assert first.value in answer.answer  # the answer's own figure first
    by_n = {c.n: c for c in answer.citations}
    for figure in answer.figures:
        cited = by_n[figure.passage]
        assert cited.article_id == figure.article_id and figure.value in cited.passage
        assert (figure.publisher, figure.published_at) == (cited.publisher, cited.published_at)
    data = answer.to_json()["figures"]
    assert {f["value"] for f in data} == {"12,000", "25.000"}
    assert set(data[0]) == {"value", "passage", "article_id", "publisher", "published_at", "sentence"}


@pytest.mark.parametrize(
    "question",
    [
        "How many drones were shot down over Kyiv overnight?",  # two English reports
        "Berapa drone yang ditembak jatuh di atas Kyiv?",
        "Скільки дронів збили над Києвом уночі?",
    ],
)
def test_two_reports_in_one_language_are_shown_side_by_side(service, question):
    answer = service.ask(question, k=5)
    assert [(f.value, f.article_id) for f in answer.figures] == [("28", "city-kyiv-drones"), ("21", "wire-kyiv-drones")]


@pytest.mark.parametrize(
    "question",
    [
        "How many refugees crossed into Poland at Medyka?",  # "30,000" and "30 ribu": one figure, two forms
        "How many civilians were killed by shelling in Kharkiv's Saltivka district?",  # the same count, other dates
        "How many tanks were destroyed near Izium?",  # 14 tanks and 3.000 evacuated: different things
        "How many people were evacuated from Izium?",
        "Which border checkpoint had queues of cars?",  # no number asked for
    ],
)
def test_no_conflict_is_claimed_where_there_is_none(service, question):
    answer = service.ask(question, k=5)
    assert answer.found
    assert answer.figures == []
    assert answer.to_json()["figures"] == []


def test_the_sample_answer_has_no_conflict(sample_index, service_factory):
    answer = service_factory(sample_index).ask("how many people crossed into Finland?")
    assert "17.000" in answer.answer and answer.figures == []


def test_cli_shows_the_figures_with_their_sources_and_dates(service, run):
    import json

    index = service.settings.index_dir
    result = run("ask", "How many Ukrainians crossed into Moldova?", "--index", index)
    assert result.exit_code == 0, result.output
    block = result.output.split("Reports differ:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [line.split()[0] for line in block] == ["12,000", "25.000"]
    assert "Wire Service, 7 March 2022" in block[0] and "Harian Nusantara, 8 March 2022" in block[1]
    data = json.loads(run("ask", "How many Ukrainians crossed into Moldova?", "--index", index, "--json").output)
    assert [f["value"] for f in data["figures"]] == ["12,000", "25.000"]
    assert data["figures"][1]["published_at"] == "2022-03-08T14:00:00+07:00"
    quiet = json.loads(run("ask", "How many tanks were destroyed near Izium?", "--index", index, "--json").output)
    assert quiet["figures"] == []
    assert "Reports differ" not in run("ask", "How many tanks were destroyed near Izium?", "--index", index).output


@pytest.mark.parametrize(("lang", "label"), [("en", "Reports differ"), ("id", "berbeda"), ("uk", "різні цифри")])
def test_bot_answer_shows_the_figures_side_by_side(service, lang, label):
    from bot.format import EMBED_TOTAL_LIMIT, dated_answer_embeds

    answer = service.ask("How many Ukrainians crossed into Moldova?", k=5)
    embeds = dated_answer_embeds(answer, lang)
    assert sum(len(e) for e in embeds) <= EMBED_TOTAL_LIMIT
    field = embeds[0].fields[0]
    assert label in field.name
    first, second = field.value.splitlines()
    # Each figure's marker names the passage giving it.
    giving = {value: next(c.n for c in answer.citations if value in c.passage) for value in ("12,000", "25.000")}
    assert first.startswith(f"**12,000** [{giving['12,000']}]") and "7 March 2022" in first
    assert "Wire Service" in first
    assert second.startswith(f"**25.000** [{giving['25.000']}]") and "Harian Nusantara" in second
    assert [f.name[:3] for f in embeds[0].fields[1:]] == ["[1]", "[2]", "[3]", "[4]", "[5]"]  # citations stay
    plain = dated_answer_embeds(service.ask("How many tanks were destroyed near Izium?", k=5), lang)
    assert all(f.name.startswith("[") for e in plain for f in e.fields)


def test_a_figure_the_question_states_or_a_report_that_gives_both_is_no_conflict(embedder):
    from index.search.figures import Candidate, conflicting

    def ask(question, *sentences):
        vector = embedder.encode_queries([question])[0]
        return conflicting(question, vector, [Candidate(n, s) for n, s in enumerate(sentences, 1)], embedder)

    # Both reports give 35 and 22 (members, and those in favour): two quantities, not a disagreement.
    assert not ask(
        "How many IAEA board members voted for the resolution?",
        "Of the 35 IAEA board members, 22 voted for the resolution.",
        "All 35 board members of the IAEA met; 22 voted for the resolution.",
    )
    # "25 percent" is given in the question: the other report's 90 percent is not a second answer to it.
    assert not ask(
        "By how many people would unemployment grow if textile production costs rose by 25 percent?",
        "A rise of 25 percent in textile production costs would add 300,000 people to the unemployed.",
        "Wheat makes up 90 percent of production costs in the textile and flour industry.",
    )
    # The same question with reports that disagree.
    assert [f.text for _, f in ask(
        "How many IAEA board members voted for the resolution?",
        "Of the IAEA board members, 22 voted for the resolution.",
        "The IAEA board members who voted for the resolution numbered 27, diplomats said.",
    )] == ["22", "27"]  # fmt: skip
