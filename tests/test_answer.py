"""Answer sentences (what may be an answer, what a question asks for) and the three-way decision."""

import pytest

from index.formatting import format_answer
from index.search.abstain import CALIBRATION, SIGNALS, Signals, language
from index.search.answer import LOW_CONFIDENCE, NOTHING_FOUND, Answer, Citation
from index.text.sentences import answer_type, is_answer_sentence, type_evidence


@pytest.mark.parametrize(
    "text",
    [
        "(AFP / AP / REUTERS / MON)",
        "3.",
        "12)",
        "Baca Juga: Rudal Stinger Amerika Serikat Tembak Jatuh Jet Tempur SU-30",
        "Editor: Parama Ghaly",
        "Oleh: Budi Santoso",
        "Tempat pemungutan suara di Alchevsk diserang oleh rudal HIMARS.* /Twitter /@bayraktar_1cinta",
        "Читайте також: Зеленський звернувся до українців",
        "Tags",
        "KABAR DAERAH TERPOPULER",
    ],
)
def test_page_furniture_is_never_an_answer(text):
    assert not is_answer_sentence(text)


@pytest.mark.parametrize(
    "text",
    [
        "Penembak dilaporkan kesal karena seorang teman tanpa pengalaman militer dipilih untuk wajib militer.",
        "Ada laporan protes di lebih dari 30 kota, kemungkinan jauh lebih banyak, di sekitar Rusia.",
        "Російські війська розпочали масштабний наступ на Україну.",
        "ZONA PRIANGAN - Amerika Serikat dan Inggris mengutuk manuver Vladimir Putin.",
    ],
)
def test_story_sentences_may_be_answers(text):
    assert is_answer_sentence(text)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many protesters have been detained?", "number"),
        ("Berapa orang Rusia yang menyeberang?", "number"),
        ("Скільки ракет передали?", "number"),
        ("Where was a recruitment officer shot?", "place"),
        ("Di mana PT Mutiara berlokasi?", "place"),
        ("Де поранили працівника військкомату?", "place"),
        ("Who will not recognise the referendum?", "person"),
        ("Siapakah ketua KIPI?", "person"),
        ("Хто очолив заколот?", "person"),
        ("When did the airport reopen?", "date"),
        ("Kapan PIN putaran kedua diadakan?", "date"),
        ("Коли було зруйновано ГЕС?", "date"),
        ("What made the shooter angry?", "reason"),
        ("Mengapa harga naik?", "reason"),
        ("Чому угода припинила дію?", "reason"),
        ("Tanggal berapakah pameran itu dibuka?", "date"),
        ("Pada tahun berapakah bursa naik 16 persen?", "date"),
        ("Berapa jumlah korban pada tahun 2005?", "number"),
        ("Bulan berapa pemilu digelar?", "date"),
        ("Tahun  berapa jembatan itu dibangun?", "date"),
        ("Pukul berapa sirene berbunyi?", "date"),
        ("Якого року збудували міст?", "date"),
        ("Kazakhstan referendum", ""),
    ],
)
def test_question_types(question, kind):
    assert answer_type(question) == kind


def test_type_evidence():
    assert type_evidence("number", "Lebih dari 2.000 pengunjuk rasa telah ditangkap.")
    assert not type_evidence("number", "Para pengunjuk rasa ditangkap polisi.")
    assert type_evidence("reason", "Penembak dilaporkan kesal karena temannya dipilih.")
    assert type_evidence("place", "Seorang petugas di Irkutsk terluka parah.")
    assert type_evidence("date", "Serangan terjadi pada 24 Februari 2022.")
    assert type_evidence("person", "Penasihat Keamanan Nasional AS Jake Sullivan mengatakan itu.")
    assert type_evidence("person", "Rolf Soiron kini memimpin perusahaan itu.")  # a sentence's first words too


def test_type_evidence_takes_time_linear_in_the_sentence():
    """A long capitalised token (base64, an all-caps run) is tried once, not from each of its letters."""
    import time

    started = time.perf_counter()
    assert not type_evidence("person", "A" * 20_000)
    assert time.perf_counter() - started < 0.2  # about 1 ms; 8 s when every letter began a match


def test_type_evidence_is_what_the_question_does_not_say():
    """A sentence whose only number (name, place) is the question's own does not answer it."""
    question = "Tanggal berapakah pameran digelar untuk ulang tahun ke-60 Republik Indonesia?"
    assert not type_evidence("number", "Pameran kedua digelar untuk ulang tahun ke-60 Republik Indonesia.", question)
    assert type_evidence("number", "Pameran kedua digelar untuk ulang tahun ke-60, pada 3 September.", question)
    assert type_evidence("number", "Pameran kedua digelar untuk ulang tahun ke-60 Republik Indonesia.")
    who = "Siapakah anak tertua Moussa Arafat?"
    assert not type_evidence("person", "Moussa Arafat adalah pendiri gerakan Fatah.", who)
    assert type_evidence("person", "Anak tertua Moussa Arafat, Manhal Arafat, juga ditembak.", who)
    where = "Di mana Bandar Udara Sultan Syarif Kasim?"
    assert not type_evidence("place", "Pesawat mendarat di Bandar Udara Sultan Syarif Kasim.", where)
    assert type_evidence("place", "Bandar udara itu terletak di Pekanbaru.", where)


def test_language_guess_for_short_questions():
    assert language("how many protesters were arrested?") == "en"
    assert language("Berapa orang yang ditangkap?") == "id"
    assert language("Скільки людей затримали?") == "cyrillic"


def _signals(**values: float) -> Signals:
    base = dict(zip(SIGNALS, CALIBRATION.mean, strict=True))
    return Signals(**{**base, **values})


def test_three_outcomes_from_one_calibrated_probability():
    strong = _signals(dense=0.92, sentence=0.92, words=0.9, grams=0.8, agree=1.0, dense_lead=0.08)
    weak = _signals(dense=0.74, sentence=0.74, words=0.0, grams=0.0, agree=0.0, dense_lead=0.0, sentence_lead=0.0)
    assert CALIBRATION.decide(strong) == "high"
    assert CALIBRATION.decide(weak) == "none"
    assert CALIBRATION.cite_at < CALIBRATION.answer_at
    probabilities = [CALIBRATION.probability(_signals(dense=d, sentence=d)) for d in (0.75, 0.8, 0.85, 0.9)]
    assert probabilities == sorted(probabilities)  # a closer passage never lowers the confidence


def _citation() -> Citation:
    return Citation(1, "a1", "Title", "2022-09-27T17:16:00+07:00", "Zona Priangan", "Express", "", "Passage text.", 0.8)


def test_json_carries_the_confidence():
    high = Answer("q", "Passage text.", [_citation()])
    low = Answer("q", LOW_CONFIDENCE, [_citation()], confidence="low", closest="Passage text.")
    nothing = Answer("q", NOTHING_FOUND, [], found=False, confidence="low")
    assert high.to_json()["confidence"] == "high"
    assert low.to_json()["confidence"] == nothing.to_json()["confidence"] == "low"
    assert set(low.to_json()) == {"question", "answer", "confidence", "citations", "date_range", "figures", "generated"}


def test_cli_marks_low_confidence_and_still_cites():
    text = format_answer(Answer("q", LOW_CONFIDENCE, [_citation()], confidence="low", closest="Passage text."))
    assert text.startswith("(low confidence)")
    assert "[1] Title" in text and "[1]" not in text.splitlines()[0]


def test_calibration_background_is_stored_for_every_language():
    from index.search import abstain_background

    vectors = abstain_background.vectors()
    assert vectors.shape == (len(abstain_background.TEXTS), abstain_background.DIM)
    assert abs(float((vectors * vectors).sum(axis=1).min()) - 1.0) < 0.01  # normalised, as the model gives them
    languages = [lang for lang, _ in abstain_background.TEXTS]
    assert all(languages.count(lang) >= 10 for lang in ("en", "id", "uk"))


def test_baseline_is_the_questions_cosine_to_text_in_the_passages_language():
    from index.search import abstain_background
    from index.search.abstain import baseline

    vectors = abstain_background.vectors()
    indonesian = vectors[[lang for lang, _ in abstain_background.TEXTS].index("id")]
    assert baseline(None, "id") == 0.0  # no question vector (or another model's size): no baseline
    assert baseline(indonesian[:10], "id") == 0.0
    assert baseline(indonesian, "id") > baseline(indonesian, "cyrillic")
    assert 0.0 < baseline(indonesian, "") <= 1.0


def test_the_answer_marker_names_the_passage_its_sentence_comes_from():
    """The extracted sentence may come from any cited passage: its marker must say which, CLI and bot alike."""
    from dataclasses import replace

    from bot.format import answer_embeds

    second = replace(_citation(), n=2, article_id="a2", passage="Other text.")
    answer = Answer("q", "Other text.", [_citation(), second], answered_from=2)
    assert format_answer(answer).splitlines()[0] == "Other text. [2]"
    assert answer_embeds(answer)[0].description.startswith("**Other text.** [2]")


def test_asked_answers_cite_the_passage_that_holds_them(dated_index, service_factory):
    service = service_factory(dated_index)
    checked = 0
    questions = ("Who seized the Zaporizhzhia nuclear plant?", "When did IAEA inspectors reach Zaporizhzhia?",
                 "Who stopped the last reactor?")  # fmt: skip
    sources = []
    for question in questions:
        answer = service.ask(question)
        if answer.confidence != "high":
            continue
        source = answer.citations[answer.answered_from - 1]
        assert source.n == answer.answered_from and answer.answer.strip(" .…")[:40] in source.passage
        assert f"{answer.answer} [{answer.answered_from}]" == format_answer(answer).splitlines()[0]
        checked += 1
        sources.append(answer.answered_from)
    assert checked >= 2 and max(sources) > 1  # one answer at least comes from a passage other than the first


def _answer_from(question, passage, embedder, pair_for_type=True):
    """The answer step's pick from one passage, cited first."""
    from dataclasses import replace

    from index.search.answer import AnswerParams, best_sentences
    from index.search.retrieval import Hit
    from index.store.db import StoredChunk

    hit = Hit(StoredChunk(1, "story", 0, 0, len(passage), passage), 1.0, 0.8)
    vector = embedder.encode_queries([question])[0]
    return best_sentences(question, vector, [hit], embedder, replace(AnswerParams(), pair_for_type=pair_for_type)).text


def test_an_answer_that_spans_two_sentences_takes_the_one_with_what_was_asked(embedder):
    """The sentence closest to "how many" names no number; its neighbour does, and comes along."""
    question = "How many people were evacuated from the flooded town?"
    passage = (
        "Officials ordered everyone to be evacuated from the flooded town on Monday and opened shelters in "
        "the schools. By the evening, 4,300 residents had left."
    )
    assert "4,300" not in _answer_from(question, passage, embedder, pair_for_type=False)  # the closest alone
    assert _answer_from(question, passage, embedder) == passage


def test_a_sentence_that_only_repeats_the_questions_number_takes_its_neighbour(embedder):
    """The closest sentence's one number is the question's own (the 60th anniversary), so it says no date:
    the neighbour with the date comes along (before, any number counted and "tanggal berapa" asked for one)."""
    question = "Tanggal berapakah konser itu digelar untuk merayakan ulang tahun ke-60 Republik Indonesia?"
    passage = (
        "Konser itu digelar untuk merayakan ulang tahun ke-60 Republik Indonesia di Jakarta. "
        "Pertunjukan dimulai Sabtu 3 September dan dihadiri ribuan penonton."
    )
    assert "3 September" in _answer_from(question, passage, embedder)
