"""The lexical channels' scores in [0, 1], over segments with tombstones, equal to bm25s over the live text."""

import bm25s
import numpy as np
import pytest

from index.store.lexical import ANALYZERS, LexicalChannel, Postings

TEXTS = [
    "Pada 2022 pasukan Rusia menyerang Kharkiv.",
    "Panen gandum 2022 melimpah di desa itu.",
    "Pasukan Rusia mundur dari Kherson.",
]


def _by_id(channel, values):
    return dict(zip(channel.chunk_ids.tolist(), values.tolist(), strict=True))


def _coverage(question):
    channel = LexicalChannel.build("words", [10, 11, 12], TEXTS)
    return _by_id(channel, channel.coverage(question))


def test_coverage_is_the_weighted_share_of_question_terms_found():
    found = _coverage("pasukan Rusia Kharkiv")
    assert found[10] == pytest.approx(1.0)
    assert 0 < found[12] < found[10]
    assert found[11] == 0


def test_a_shared_number_alone_is_no_lexical_match():
    # An English question asked of Indonesian text shares only the year with two chunks.
    found = _coverage("what happened to the harvest in 2022")
    assert found[10] == found[11] == 0


def test_a_shared_number_counts_beside_a_shared_word():
    with_number = _coverage("Rusia 2022")
    assert with_number[10] > _coverage("Rusia 2023")[10] > 0
    assert with_number[11] == 0


# Chunk id -> text. Ids are spread over the segments unevenly (merged segments interleave).
CORPUS = {
    1: "Pada 24 Februari 2022 pasukan Rusia menyerang Kharkiv dari utara.",
    2: "Російські війська обстріляли Харків у лютому 2022 року.",
    3: "Russian troops shelled Kharkiv again on Thursday, the governor said.",
    4: "Warga Kharkiv berlindung di stasiun metro selama serangan Rusia, serangan yang terus berlanjut.",
    5: "Mariupol dikepung selama hampir tiga bulan.",
    6: "Зеленський звернувся до народу України вночі.",
    7: "President Zelensky addressed the nation overnight; Zelensky thanked the allies.",
    8: "Presiden Zelensky berpidato di depan parlemen Eropa.",
    9: "— … —",  # nothing to analyse: a chunk of length 0 still counts in N and the average length
    10: "Harga gandum naik 17.000 rupiah setelah pelabuhan Odesa diblokade.",
    11: "Ціни на пшеницю зросли після блокади порту Одеса.",
    12: "Wheat prices rose after the blockade of Odesa port; wheat wheat wheat.",
    13: "Pasukan Ukraina merebut kembali Kherson pada November 2022.",
    14: "Українські сили звільнили Херсон у листопаді 2022 року.",
    15: "Ukrainian forces retook Kherson in November 2022.",
    16: "Sidang PBB membahas gandum dan pelabuhan Laut Hitam.",
}
# Segments as (chunk ids, dead ids). Chunk 5 holds the only "Mariupol": once deleted,
# the term must count as unknown everywhere. `_parts` puts first a segment all dead.
SEGMENTS = [
    ([1, 4, 5, 9, 12, 16], [5]),
    ([2, 3, 6, 10], [3]),
    ([7, 8, 11, 13, 14], []),
    ([15], []),
]
QUESTIONS = [
    "Kapan pasukan Rusia menyerang Kharkiv pada 2022?",
    "Rusia Rusia Kharkiv serangan serangan",  # repeated terms
    "Коли російські війська обстріляли Харків?",
    "When did Russian troops shell Kharkiv in 2022?",
    "Mariupol Kharkiv",  # a term only a deleted chunk held
    "Zelensky Zelensky addressed",
    "wheat prices Odesa 17.000",
    "zzyzx qwrtp",  # unknown everywhere
    "2022",
    "",
]
CHANNELS = list(ANALYZERS)


def _parts(name):
    parts = [(Postings.build(name, [17, 18], ["Mariupol Mariupol", "Kherson"]), np.zeros(2, bool))]
    for ids, dead in SEGMENTS:
        postings = Postings.build(name, ids, [CORPUS[i] for i in ids])
        parts.append((postings, ~np.isin(ids, dead)))
    return parts


def _live_ids():
    return sorted(i for ids, dead in SEGMENTS for i in ids if i not in dead)


def _old_scores(name, texts, question):
    """The previous implementation: a bm25s index over the live chunks, normalised per term's best score."""
    analyze = ANALYZERS[name]
    retriever = bm25s.BM25()
    retriever.index([analyze(t) for t in texts], show_progress=False)
    vocab = retriever.vocab_dict
    all_terms = analyze(question)
    terms = [t for t in all_terms if t in vocab]
    if not terms:
        return np.zeros(len(texts), np.float32)
    data, indptr = retriever.scores["data"], retriever.scores["indptr"]
    ceiling = sum(float(data[indptr[vocab[t]] : indptr[vocab[t] + 1]].max()) for t in terms)
    return retriever.get_scores(terms) * (len(terms) / len(all_terms) / ceiling)


@pytest.mark.parametrize("name", CHANNELS)
@pytest.mark.parametrize("question", QUESTIONS)
def test_segments_with_tombstones_score_as_the_live_text_alone(name, question):
    segmented = LexicalChannel.over(name, _parts(name))
    ids = _live_ids()
    scratch = LexicalChannel.build(name, ids, [CORPUS[i] for i in ids])
    assert segmented.chunk_ids.tolist() == ids
    scores = segmented.scores(question)
    assert scores.dtype == np.float32 and segmented.coverage(question).dtype == np.float32
    np.testing.assert_allclose(scores, scratch.scores(question), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(segmented.coverage(question), scratch.coverage(question), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(scores, _old_scores(name, [CORPUS[i] for i in ids], question), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", CHANNELS)
def test_questions_match_what_they_should(name):
    channel = LexicalChannel.over(name, _parts(name))
    scores = _by_id(channel, channel.scores("Pasukan Rusia menyerang Kharkiv"))
    assert max(scores, key=scores.get) == 1
    assert 0 < max(scores.values()) <= 1
    # "Mariupol" was only in deleted chunks: half of the question is unknown to the corpus.
    assert max(channel.scores("Mariupol Kharkiv")) <= 0.5 + 1e-6


def test_grams_meet_across_scripts():
    channel = LexicalChannel.over("grams", _parts("grams"))
    scores = _by_id(channel, channel.scores("Zelensky"))
    assert scores[6] > 0  # "Зеленський" transliterated
    assert scores[1] == 0


@pytest.mark.parametrize("name", CHANNELS)
def test_merge_keeps_the_live_chunks_as_if_built_from_their_text(name):
    parts = _parts(name)
    merged = Postings.merge(name, parts)
    ids = _live_ids()
    built = Postings.build(name, ids, [CORPUS[i] for i in ids])
    assert merged.chunk_ids.tolist() == ids
    assert merged.terms == built.terms  # "mariupol" gone with its chunk
    for field in ("indptr", "docs", "tf", "doc_len"):
        np.testing.assert_array_equal(getattr(merged, field), getattr(built, field))
    whole = LexicalChannel.over(name, [(merged, np.ones(len(ids), bool))])
    segmented = LexicalChannel.over(name, parts)
    for question in QUESTIONS:
        np.testing.assert_allclose(whole.scores(question), segmented.scores(question), rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(whole.coverage(question), segmented.coverage(question), rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", CHANNELS)
def test_merge_of_parts_whose_chunk_ids_interleave_or_come_in_any_order(name):
    """Tiered merges can join segments whose id ranges interleave (a merge of 1 and 3, later with 2)."""
    ids = sorted(CORPUS)
    odd, even = (Postings.build(name, ids[k::2], [CORPUS[i] for i in ids[k::2]]) for k in (1, 0))
    built = Postings.build(name, ids, [CORPUS[i] for i in ids])
    for parts in ([odd, even], [even, odd]):
        merged = Postings.merge(name, [(p, np.ones(len(p.chunk_ids), bool)) for p in parts])
        assert merged.terms == built.terms
        for field in ("chunk_ids", "indptr", "docs", "tf", "doc_len"):
            np.testing.assert_array_equal(getattr(merged, field), getattr(built, field))


def test_merge_of_merges_and_of_nothing():
    parts = _parts("words")
    halves = [Postings.merge("words", parts[:3]), Postings.merge("words", parts[3:])]
    again = Postings.merge("words", [(p, np.ones(len(p.chunk_ids), bool)) for p in halves])
    assert again.terms == Postings.merge("words", parts).terms
    nothing = Postings.merge("words", [parts[0]])
    assert len(nothing.chunk_ids) == len(nothing.terms) == len(nothing.docs) == 0
    assert nothing.indptr.tolist() == [0]


@pytest.mark.parametrize("name", CHANNELS)
def test_postings_survive_a_save_and_load(tmp_path, name):
    postings = Postings.merge(name, _parts(name))
    path = tmp_path / f"{name}.npz"
    postings.save(path)
    assert [p.name for p in tmp_path.iterdir()] == [f"{name}.npz"]
    loaded = Postings.load(path)
    assert loaded.name == name and loaded.terms == postings.terms
    for field in ("chunk_ids", "indptr", "docs", "tf", "doc_len"):
        np.testing.assert_array_equal(getattr(loaded, field), getattr(postings, field))
        assert getattr(loaded, field).dtype == getattr(postings, field).dtype
    assert loaded.chunk_ids.dtype == np.int64 and loaded.docs.dtype == np.int32 and loaded.tf.dtype == np.uint8
    live = np.ones(len(loaded.chunk_ids), bool)
    question = QUESTIONS[0]
    np.testing.assert_array_equal(
        LexicalChannel.over(name, [(loaded, live)]).scores(question),
        LexicalChannel.over(name, [(postings, live)]).scores(question),
    )


@pytest.mark.parametrize("cached_postings", [0, 5, 10**9])
def test_terms_kept_between_questions_change_no_score(cached_postings):
    parts = _parts("grams")
    fresh = LexicalChannel.over("grams", parts, cached_postings=0)
    kept = LexicalChannel.over("grams", parts, cached_postings=cached_postings)
    for question in QUESTIONS + QUESTIONS[::-1]:
        np.testing.assert_array_equal(kept.scores(question), fresh.scores(question))
        np.testing.assert_array_equal(kept.coverage(question), fresh.coverage(question))
        assert kept.cache.size <= cached_postings


def test_empty_channels_score_nothing():
    for channel in (
        LexicalChannel.over("words", []),
        LexicalChannel.over("words", [(Postings.build("words", [1, 2], ["a", "b"]), np.zeros(2, bool))]),
        LexicalChannel.build("words", [], []),
    ):
        assert len(channel.chunk_ids) == 0
        assert channel.scores("Kharkiv").shape == channel.coverage("Kharkiv").shape == (0,)
    blank = LexicalChannel.build("grams", [3, 4], ["—", "!!"])  # chunks with no terms at all
    assert blank.scores("Kharkiv").tolist() == blank.coverage("Kharkiv").tolist() == [0.0, 0.0]


def test_build_sorts_the_chunk_ids_it_is_given():
    channel = LexicalChannel.build("words", [12, 10, 11], [TEXTS[2], TEXTS[0], TEXTS[1]])
    assert channel.chunk_ids.tolist() == [10, 11, 12]
    np.testing.assert_array_equal(
        channel.scores("Kherson"), LexicalChannel.build("words", [10, 11, 12], TEXTS).scores("Kherson")
    )


def test_inconsistent_segments_are_refused():
    words = Postings.build("words", [1, 2], TEXTS[:2])
    with pytest.raises(ValueError, match="ascending"):
        Postings.build("words", [2, 1], TEXTS[:2])
    with pytest.raises(ValueError, match="live in two segments"):
        LexicalChannel.over("words", [(words, np.ones(2, bool)), (words, np.array([True, False]))])
    with pytest.raises(ValueError, match="given as"):
        Postings.merge("grams", [(words, np.ones(2, bool))])
    with pytest.raises(ValueError, match="live mask"):
        LexicalChannel.over("words", [(words, np.ones(3, bool))])
