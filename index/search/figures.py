"""Conflicting figures: when the cited passages count the same thing differently, show each count.

A step of the answer stage (index/search/answer.py), for questions that ask for a number
("how many", "berapa", "скільки"). From the answer sentence and the best sentence of each
other cited passage that holds a figure:

    extract  numbers as written ("17.000", "17,000", "17 000", "17 thousand", "17 ribu",
             "17 тисяч", "10-15", "between 10 and 15"), with the words around them; years,
             dates, times, list numbers and numbers inside names ("SU-30") are not figures
    relate   each passage's figure for what was asked: the one whose words hold most of the
             question's content words (the same stem, or the same name in another language or
             script: "Moldova" / "Молдовою", "Finland" / "Finlandia"), then the closest to the
             question's vector (the words around it embedded, one model call, made only when
             two passages' figures could disagree at all)
    compare  two figures count the same thing when they hold the same question names and share
             another question word, or hold two names, or their words embed close together
             (another language); they conflict when they differ by more than the rounding of
             the rounder one ("17.000" and "16,800" agree; "17.000" and "8,000" do not)

Nothing is returned unless two of them conflict; then every passage's figure for that thing
is returned, the answer's first, so the reader sees who reported what and when.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from unidecode import unidecode

from index.text.analysis import word_terms
from index.text.sentences import is_answer_sentence, split_sentences

# Thresholds on e5 cosines (passage-prompted context windows), set on tests/data/differing-figures.jsonl.
RELEVANT = 0.80  # a figure's context this close to the question is about what it asks
SAME_THING = 0.85  # two figures' contexts this close count the same thing
WINDOW_WORDS = 6  # words either side of a figure that describe what it counts

_SEP = r"[.,\u00a0\u202f ]"
_NUMBER = re.compile(rf"(?<![\w.,/:])(\d{{1,3}}(?:{_SEP}\d{{3}})+(?![\d])|\d+(?:[.,]\d+)?)(?![\d]|[.,]\d)")
_SCALE = {
    "hundred": 100, "ratus": 100, "сотні": 100,
    "thousand": 1e3, "thousands": 1e3, "ribu": 1e3, "rb": 1e3, "тис": 1e3, "тисяча": 1e3, "тисячі": 1e3,
    "тисяч": 1e3, "million": 1e6, "millions": 1e6, "juta": 1e6, "млн": 1e6, "мільйон": 1e6, "мільйона": 1e6,
    "мільйони": 1e6, "мільйонів": 1e6, "billion": 1e9, "miliar": 1e9, "milyar": 1e9, "млрд": 1e9,
    "мільярд": 1e9, "мільярди": 1e9, "мільярдів": 1e9,
}  # fmt: skip
_MONTH = re.compile(
    r"^(jan(uary|uari)?|feb(ruary|ruari)?|mar(ch|et)?|apr(il)?|ma[yi]|jun[ei]?|jul[iy]?|aug(ust)?|agu(stus)?"
    r"|sep(tember)?|o[ck]t(ober)?|nov(ember)?|de[cs](ember)?|січ\w*|лют\w*|берез\w*|квіт\w*|трав\w*|черв\w*"
    r"|лип\w*|серп\w*|верес\w*|жовт\w*|листопад\w*|груд\w*)$",
    re.IGNORECASE,
)
_YEAR_WORD = re.compile(r"^(in|since|of|year|tahun|sejak|pada|hingga|until|by|року|рік|році|р|у|в|з|до)$", re.I)
_LIST_WORD = re.compile(r"^(no|nomor|number|nr|pasal|article|page|halaman|№|ke|part|bagian)$", re.IGNORECASE)
_RANGE_GAP = re.compile(r"^\s*(-|–|—|to|hingga|sampai|s/d|до|-\s*до)\s*$", re.IGNORECASE)
_AND_GAP = re.compile(r"^\s*(and|dan|і|й|та)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"(between|antara|від|між|from|dari)\s*$", re.IGNORECASE)
_SUFFIX = re.compile(r"^(st|nd|rd|th|s\b|-?an\b|-?й\b|-?го\b|-?ї\b)", re.IGNORECASE)  # "3rd", "1990s", "1990-an"
_CLAUSE = re.compile(r"[,;]|\s(and|dan|serta|while|sementara|і|й|та|а)\s", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(%|percent|per cent|persen|відсот\w*)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|%|№", re.UNICODE)
# Words that say nothing about what is counted (question words, auxiliaries, articles).
_STOP = frozenset(
    "how many much number amount of the a an were was did do does is are be been have has had in on at to into "
    "by for from with that this those these there what which who people berapa jumlah banyak yang ada di ke "
    "dari pada dan itu ini telah sudah akan скільки кількість було були був була є в у на до з із та і що "
    "людей осіб".split()
)


@dataclass(frozen=True)
class Figure:
    """A number as a passage writes it: its value (a range's ends), its precision, the words around it."""

    text: str  # as written, scale and range included: "17.000", "17 тисяч", "10-15 thousand"
    low: float
    high: float
    precision: float  # the rounding it is written to: 1000 for "17.000" and "17 thousand", 1 for "16,812"
    percent: bool
    context: str  # the words around it: what it counts
    start: int  # offset in its sentence
    end: int


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


def _value(token: str) -> tuple[float, float]:
    """'17.000' -> (17000, 1000); '2,5' -> (2.5, 0.1); '16 812' -> (16812, 1)."""
    compact = re.sub(r"[\u00a0\u202f ]", "", token)
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", compact):
        compact = re.sub(r"[.,]", "", compact)
    else:
        compact = compact.replace(",", ".")
    value = float(compact)
    if "." in compact:
        return value, 10.0 ** -len(compact.split(".")[1])
    digits = compact.lstrip("0") or "0"
    zeros = len(digits) - len(digits.rstrip("0")) if value else 0
    return value, 10.0**zeros


def _words(text: str) -> list[re.Match]:
    return list(_TOKEN.finditer(text))


def extract_figures(sentence: str) -> list[Figure]:
    """The figures in `sentence`: counts and amounts, not years, dates, times, list numbers or names."""
    raw: list[list] = []  # [start, end, low, high, precision, scale]
    for match in _NUMBER.finditer(sentence):
        start, end = match.span(1)
        low, precision = _value(match.group(1))
        before, after = sentence[:start], sentence[end:]
        prev_words, next_words = _TOKEN.findall(before)[-2:], _TOKEN.findall(after)[:1]
        prev_word = prev_words[-1] if prev_words else ""
        next_word = next_words[0] if next_words else ""
        if _skipped(match.group(1), before, after, prev_word, next_word):
            continue
        scale = _SCALE.get(next_word.casefold(), 0) if re.match(r"^\s+\S", after) else 0
        if scale:
            end += after.index(next_word) + len(next_word)
            low, precision = low * scale, min(precision * scale, scale)
        raw.append([start, end, low, low, precision, scale])
    merged: list[list] = []
    for item in raw:  # "10-15", "between 10 and 15", "10 to 15 thousand" (the scale shared)
        if merged:
            last = merged[-1]
            gap = sentence[last[1] : item[0]]
            if _RANGE_GAP.match(gap) or (_AND_GAP.match(gap) and _BETWEEN.search(sentence[: last[0]])):
                if item[5] and not last[5]:
                    last[2], last[4] = last[2] * item[5], min(last[4] * item[5], item[5])
                last[1], last[3], last[4] = item[1], item[3], max(last[4], item[4])
                continue
        merged.append(item)
    figures = []
    words = [w for w in _words(sentence) if not w.group()[:1].isdigit()]
    for n, (start, end, low, high, precision, _) in enumerate(merged):
        # The words around it, not reaching past the figures beside it ("killed 9 and wounded 20").
        left = _cut(sentence, merged[n - 1][1], start) if n else 0
        right = _cut(sentence, end, merged[n + 1][0]) if n + 1 < len(merged) else len(sentence)
        left_words = [w.group() for w in words if left <= w.start() and w.end() <= start][-WINDOW_WORDS:]
        right_words = [w.group() for w in words if w.start() >= end and w.end() <= right][:WINDOW_WORDS]
        context = " ".join([*left_words, "N", *right_words])
        percent = bool(_PERCENT.match(sentence[end:]))
        figures.append(Figure(sentence[start:end], low, high, precision, percent, context, start, end))
    return figures


def _cut(sentence: str, start: int, end: int) -> int:
    """Where the words between two figures part: at the first comma or "and" ("killed 9 | and wounded 20")."""
    found = _CLAUSE.search(sentence, start, end)
    return found.start() if found else end


def _skipped(token: str, before: str, after: str, prev_word: str, next_word: str) -> bool:
    """Whether a number is a year, a date, a time, a list number or part of a name, not a figure."""
    if _SUFFIX.match(after) or re.search(r"[^\W\d_]-?$", before):
        return True  # "3rd", "1990-an", "SU-30", "ke-3"
    if (prev_word and _MONTH.match(prev_word)) or (next_word and _MONTH.match(next_word)):
        return True  # a day of a month, or a month's year
    if re.match(r"^[:/]\d", after) or re.search(r"\d[:/]$", before):
        return True  # a time, a day/month
    if (prev_word and _LIST_WORD.match(prev_word)) or (not before.strip() and re.match(r"^\s*[.)]", after)):
        return True  # "No. 3", a list marker
    if re.fullmatch(r"(1[89]|20)\d\d", token):  # a plain year unless it plainly counts something ("2000 troops")
        counts = next_word.isalpha() and not _MONTH.match(next_word) and not _YEAR_WORD.match(next_word)
        return not counts or bool(prev_word and _YEAR_WORD.match(prev_word))
    return False


def agree(a: Figure, b: Figure) -> bool:
    """Whether two figures give the same count: overlapping ranges, or equal to the rounder one's rounding."""
    if a.low <= b.high and b.low <= a.high:
        return True
    rounding = max(a.precision, b.precision)
    gap = min(abs(a.low - b.high), abs(b.low - a.high))
    return gap <= rounding / 2 or gap <= 0.01 * max(abs(a.high), abs(b.high))


def content_terms(text: str) -> set[str]:
    return {t for t in word_terms(text) if t not in _STOP and not t[:1].isdigit() and len(t) > 1}


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
    encoder: Encoder,
) -> list[Reported]:  # fmt: skip
    """The cited passages' differing figures for what the question counts, the answer's first; [] when they agree.

    `answer` is the answer text, taken from citation number `answered_from`; each other
    citation contributes the sentence of its passage with a figure closest to the question.
    """
    by_n = {c.n: c for c in citations}
    if answered_from not in by_n or not extract_figures(answer):
        return []
    candidates = [Candidate(answered_from, answer)]
    for c in citations:
        if c.n != answered_from:
            sentence = figure_sentence(c.passage, question_vector, encoder)
            if sentence:
                candidates.append(Candidate(c.n, sentence))
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


def figure_sentence(passage: str, question_vector: np.ndarray, encoder: Encoder) -> str:
    """The passage's sentence with a figure that is closest to the question ("" when it has none)."""
    sentences = [s.text for s in split_sentences(passage) if is_answer_sentence(s.text) and extract_figures(s.text)]
    if not sentences:
        return ""
    similarity = encoder.encode_passages(sentences) @ question_vector
    return sentences[int(np.argmax(similarity))]


def conflicting(
    question: str, question_vector: np.ndarray, candidates: Sequence[Candidate], encoder: Encoder
) -> list[tuple[Candidate, Figure]]:
    """Each candidate's figure for what the question counts, the first candidate's first, when two disagree; else []."""
    asked = _asked_words(question)
    names = {w for w, name in asked.items() if name}
    found = [(c, f) for c in candidates for f in extract_figures(c.sentence)]
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
    order = [best[c.passage] for c in _unique(candidates) if c.passage in best]
    anchor, others = order[0], order[1:]
    if not matched[anchor] and closeness[anchor] < RELEVANT:
        return []  # the answer's own figure is not about what was asked

    def same_thing(i: int) -> bool:
        if found[i][1].percent != found[anchor][1].percent or (matched[i] & names) != (matched[anchor] & names):
            return False
        if not matched[i] and closeness[i] < RELEVANT:
            return False
        shared_words = (matched[i] & matched[anchor]) - names
        return bool(shared_words) or len(matched[i] & names) >= 2 or float(vectors[i] @ vectors[anchor]) >= SAME_THING

    same = [anchor] + [i for i in others if same_thing(i)]
    figures = [found[i][1] for i in same]
    if all(agree(a, b) for a in figures for b in figures):
        return []
    return [found[i] for i in same]


def _asked_words(question: str) -> dict[str, bool]:
    """The question's content words (folded), each marked True when it is a name (capitalised, not first)."""
    words = _TOKEN.findall(question)
    asked: dict[str, bool] = {}
    for n, word in enumerate(words):
        folded = word.casefold()
        if folded in _STOP or word[:1].isdigit() or len(word) < 3 or answer_cue(folded):
            continue
        asked[folded] = asked.get(folded, False) or (n > 0 and word[:1].isupper())
    return asked


def _matched(asked: dict[str, bool], context: str) -> set[str]:
    """The asked words that `context` holds: the same stem, or the same name in another language or script."""
    words = {w.casefold() for w in _TOKEN.findall(context) if w != "N"}
    return {a for a in asked if any(_same_word(a, w) for w in words)}


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


def _unique(candidates: Sequence[Candidate]) -> list[Candidate]:
    seen: set[int] = set()
    out = []
    for c in candidates:
        if c.passage not in seen:
            seen.add(c.passage)
            out.append(c)
    return out
