"""Differing figures: when the cited passages count the asked thing differently, show each count.

A step of the answer stage (index/search/answer.py) for questions that ask how many or how
much ("how many", "berapa", "скільки"; not "which year"). Figures are read as written
(index/text/figures.py). Compared are the answer sentence and, from each other cited passage,
its sentence with a figure closest to the question, if that is about as close as the answer's
(SENTENCE_MARGIN, plus CROSS_LINGUAL_GAP for a sentence in another language than the question).

    relate   each passage's figure for what was asked: the one whose words hold most of the
             question's words (the same stem, or the same name in another language or script:
             "Moldova" / "Молдовою", "Finland" / "Finlandia"), then the closest to the question
             (the words around it embedded: one model call, made only when two passages'
             figures could disagree at all); a figure the question itself states is left out
    same     two figures count the same thing when the other passage holds the names the
             answer's sentence matched, the words after the figures agree (same language), the
             reports are at most SAME_EVENT_DAYS apart, and the two sentences share most of
             the question's other words, or (across languages) the words around the figures
             embed close together; not when either sentence also gives the other's figure
    differ   by more than the rounding of the rounder one ("17.000" and "16,800" agree)

Nothing is returned unless two of them differ; then every passage's figure for that thing is
returned, the answer's first, so the reader sees who reported what and when. On FacQA, where
each fact is in one article, few how-many answers show any (README, "Differing figures").
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import numpy as np
from unidecode import unidecode

from index.search.abstain import language
from index.text.analysis import word_terms
from index.text.figures import Figure, agree, extract_figures, is_month, words
from index.text.sentences import answer_type, is_answer_sentence, split_sentences

# Thresholds on e5 cosines (passage-prompted context windows), set on tests/data/differing-figures.jsonl.
RELEVANT = 0.80  # a figure's context this close to the question is about what it asks
SAME_THING = 0.85  # two figures' contexts this close count the same thing
SENTENCE_MARGIN = 0.05  # another passage's figure sentence at most this much less close to the question than the answer
CROSS_LINGUAL_GAP = 0.07  # how much lower a sentence in another language than the question sits, about
SAME_EVENT_DAYS = 7  # reports further apart count at different times

_PERCENT_ASKED = re.compile(
    r"(what|which) (share|percentage|proportion)|how many (percent|per cent)|percentage of|berapa (persen|%)"
    r"|persentase|скільки відсот|який відсоток|яка частка",
    re.IGNORECASE,
)
# Words that say nothing about what is counted (question words, auxiliaries, articles).
_STOP = frozenset(
    "how many much number amount of the a an were was did do does is are be been have has had in on at to into "
    "by for from with that this those these there what which who people berapa jumlah banyak yang ada di ke "
    "dari pada dan itu ini telah sudah akan скільки кількість було були був була є в у на до з із та і що "
    "людей осіб".split()
)


@dataclass
class Reported:
    """One passage's figure for the thing asked about: shown side by side with the others."""

    value: str
    passage: int  # the citation number
    article_id: str
    publisher: str
    published_at: str | None
    sentence: str

    def to_json(self) -> dict:
        return {"value": self.value, "passage": self.passage, "article_id": self.article_id,
                "publisher": self.publisher, "published_at": self.published_at, "sentence": self.sentence}  # fmt: skip


class Encoder(Protocol):
    """What the figures step needs of the model: passage vectors (index/search/answer.py's PassageEncoder)."""

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class Cited(Protocol):
    """What the figures step reads of a citation (index/search/answer.py's Citation)."""

    n: int
    article_id: str
    publisher: str
    published_at: str | None
    passage: str


def side_by_side(
    question: str, question_vector: np.ndarray, answer: str, answered_from: int, citations: Sequence[Cited],
    encoder: Encoder, answer_similarity: float = 1.0,
) -> list[Reported]:  # fmt: skip
    """The cited passages' differing figures for what the question counts, the answer's first; [] when they agree.

    `answer` is the answer text, taken from citation number `answered_from`, whose sentence
    has cosine `answer_similarity` to the question; each other citation contributes the
    sentence of its passage with a figure closest to the question, when it is about as
    close as the answer (within SENTENCE_MARGIN): a passage that answers something else
    is not a second report of the figure.
    """
    by_n = {c.n: c for c in citations}
    if answered_from not in by_n or not counts_asked(question) or not extract_figures(answer):
        return []
    first = by_n[answered_from]
    candidates = [Candidate(answered_from, answer, first.passage, first.published_at)]
    asked_in = language(question)
    for c in citations:
        if c.n != answered_from:
            sentence, similarity = figure_sentence(c.passage, question_vector, encoder)
            # A sentence in another language than the question sits lower (e5's cross-lingual gap): allow for it.
            gap = CROSS_LINGUAL_GAP * (_crosses(asked_in, sentence) - _crosses(asked_in, answer))
            if sentence and similarity >= answer_similarity - SENTENCE_MARGIN - max(gap, 0.0):
                candidates.append(Candidate(c.n, sentence, c.passage, c.published_at))
    return [
        Reported(
            f.text,
            c.passage,
            by_n[c.passage].article_id,
            by_n[c.passage].publisher,
            by_n[c.passage].published_at,
            c.sentence,
        )  # fmt: skip
        for c, f in conflicting(question, question_vector, candidates, encoder)
    ]


@dataclass(frozen=True)
class Candidate:
    passage: int  # citation number
    sentence: str
    text: str = ""  # the whole passage (the names it holds)
    published_at: str | None = None


def figure_sentence(passage: str, question_vector: np.ndarray, encoder: Encoder) -> tuple[str, float]:
    """The passage's sentence with a figure that is closest to the question, and its cosine ("", 0 when none)."""
    sentences = [s.text for s in split_sentences(passage) if is_answer_sentence(s.text) and extract_figures(s.text)]
    if not sentences:
        return "", 0.0
    similarity = encoder.encode_passages(sentences) @ question_vector
    best = int(np.argmax(similarity))
    return sentences[best], float(similarity[best])


def _crosses(asked_in: str, sentence: str) -> int:
    written_in = language(sentence)
    return int(bool(asked_in and written_in and asked_in != written_in))


def counts_asked(question: str) -> bool:
    """Whether the question asks how many or how much (not which year or date, which also say "berapa")."""
    return answer_type(question) == "number"


def conflicting(
    question: str, question_vector: np.ndarray, candidates: Sequence[Candidate], encoder: Encoder
) -> list[tuple[Candidate, Figure]]:
    """Each candidate's figure for what the question counts, the first candidate's first, when two disagree; else []."""
    asked = _asked_words(question)
    names = {w for w, name in asked.items() if name}
    given = extract_figures(question)  # "if costs rose by 25 percent": a figure the question states is not the answer
    found = [(c, f) for c in candidates for f in extract_figures(c.sentence) if not any(agree(f, g) for g in given)]
    pairs = ((a, b) for n, (c, a) in enumerate(found) for d, b in found[n + 1 :] if c.passage != d.passage)
    if all(agree(a, b) for a, b in pairs):
        return []  # no two passages could disagree: no model call
    vectors = encoder.encode_passages([f.context for _, f in found])
    closeness = vectors @ question_vector
    matched = [_matched(asked, f.context) for _, f in found]
    best: dict[int, int] = {}  # passage -> its figure closest to the question (index into found)
    for i, (candidate, _) in enumerate(found):
        current = best.get(candidate.passage)
        key = (len(matched[i]), float(closeness[i]))
        if current is None or key > (len(matched[current]), float(closeness[current])):
            best[candidate.passage] = i
    order = [best[c.passage] for c in candidates if c.passage in best]  # one candidate a citation
    if found[order[0]][0].passage != candidates[0].passage:
        return []  # the answer gives no figure
    anchor, others = order[0], order[1:]
    if not matched[anchor] and closeness[anchor] < RELEVANT:
        return []  # the answer's own figure is not about what was asked

    if _PERCENT_ASKED.search(question) and not found[anchor][1].percent:
        return []  # a share was asked for, and the answer gives a count

    asked_in = language(question)
    answer_names = _matched(asked, candidates[0].text or candidates[0].sentence) & names
    if names and not answer_names and not _crosses(asked_in, candidates[0].sentence):
        return []  # the answer's passage names none of what the question names: no claim about its figure
    required = _matched(asked, candidates[0].sentence) & names  # the names the answer's sentence is about

    def same_thing(i: int) -> bool:
        candidate, figure = found[i]
        kind, answer_kind = (figure.percent, figure.rate), (found[anchor][1].percent, found[anchor][1].rate)
        if kind != answer_kind or not _same_unit(found[i], found[anchor]):
            return False
        if required - _matched(asked, candidate.text or candidate.sentence):
            return False  # its passage is about another place or party ("Poland" for a question on Moldova)
        if not matched[i] and closeness[i] < RELEVANT:
            return False
        if _days_apart(candidate, found[anchor][0]) > SAME_EVENT_DAYS:
            return False  # a later report of a count is an update, not a disagreement
        # The question's words both reports' sentences hold besides names (a figure's own words may be few).
        shared_words = (_matched(asked, candidate.sentence) & _matched(asked, found[anchor][0].sentence)) - names
        other_words = len(set(asked) - names)
        if shared_words and len(shared_words) >= min(other_words, max(2, math.ceil(0.6 * other_words))):
            return True
        # Across languages the question's words are not there to share: the words around the two
        # figures, embedded, say whether they count the same thing.
        crossing = _languages_differ(candidate, found[anchor][0]) or bool(_crosses(asked_in, candidate.sentence))
        return crossing and float(vectors[i] @ vectors[anchor]) >= SAME_THING

    def states_both(i: int) -> bool:
        """Whether one of the two sentences also gives the other's figure: then they tell of two quantities."""
        here, there = found[i], found[anchor]
        return any(agree(f, there[1]) for f in extract_figures(here[0].sentence)) or any(
            agree(f, here[1]) for f in extract_figures(there[0].sentence)
        )

    same = [anchor] + [i for i in others if same_thing(i) and not states_both(i)]
    figures = [found[i][1] for i in same]
    if all(agree(a, b) for a in figures for b in figures):
        return []
    return [found[i] for i in same]


def _days_apart(a: Candidate, b: Candidate) -> float:
    """Days between the two reports' publication (0 when either is undated)."""
    try:
        first, second = datetime.fromisoformat(a.published_at or ""), datetime.fromisoformat(b.published_at or "")
    except ValueError:
        return 0.0
    if (first.tzinfo is None) != (second.tzinfo is None):
        first, second = first.replace(tzinfo=None), second.replace(tzinfo=None)
    return abs((first - second).total_seconds()) / 86400


def _languages_differ(a: Candidate, b: Candidate) -> bool:
    first, second = language(a.sentence), language(b.sentence)
    return bool(first and second and first != second)


def _same_unit(a: tuple[Candidate, Figure], b: tuple[Candidate, Figure]) -> bool:
    """False when both figures are in one language and the words after them differ ("2.000 mil" / "4.000 ekor")."""
    (ca, fa), (cb, fb) = a, b
    written_in = language(ca.sentence)
    if not written_in or written_in != language(cb.sentence):
        return True  # another language: the words cannot be compared, the other tests decide
    if not fa.counted or not fb.counted:
        return True  # one says nothing after its figure: the other tests decide
    return any(_same_word(x, y) for x in fa.counted for y in fb.counted)


def _asked_words(question: str) -> dict[str, bool]:
    """The question's content words (folded), each marked True when it is a name (capitalised, not first)."""
    asked: dict[str, bool] = {}
    for n, word in enumerate(words(question)):
        folded = word.casefold()
        if folded in _STOP or word[:1].isdigit() or len(word) < 3 or answer_cue(folded):
            continue
        name = n > 0 and word[:1].isupper() and not is_month(word)
        asked[folded] = asked.get(folded, False) or name
    return asked


def _matched(asked: dict[str, bool], context: str) -> set[str]:
    """The asked words that `context` holds: the same stem, or the same name in another language or script."""
    held = {w.casefold() for w in words(context) if w != "N"}
    return {a for a in asked if any(_same_word(a, w) for w in held)}


def _same_word(a: str, b: str) -> bool:
    if a == b or word_terms(a) == word_terms(b):
        return True
    a, b = unidecode(a).lower(), unidecode(b).lower()
    if min(len(a), len(b)) < 4:
        return a == b
    prefix = len(os.path.commonprefix([a, b]))
    if prefix >= min(5, len(a), len(b)):
        return True
    ga, gb = _grams(a), _grams(b)
    return 2 * len(ga & gb) / (len(ga) + len(gb)) >= 0.5


def _grams(word: str) -> set[str]:
    padded = f"#{word}#"
    return {padded[i : i + 4] for i in range(max(1, len(padded) - 3))}


def answer_cue(word: str) -> bool:
    return word in _CUE_WORDS


_CUE_WORDS = frozenset("how many much berapa jumlah banyaknya скільки сколько number amount total".split())
