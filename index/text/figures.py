"""Figures as news text writes them: "17.000", "17,000", "17 000", "17 thousand", "17 ribu", "17 тисяч", ranges.

`extract_figures` finds the counts and amounts in a sentence, each with its value (a range's
two ends), the rounding it is written to and the words around it; years, dates, times, list
numbers, ages after names and numbers inside names ("SU-30", "Boeing 737-200") are left out.
`agree` says whether two figures give the same count, up to the rounder one's rounding.
index/search/figures.py compares them across the cited passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
_LIST_WORD = re.compile(
    r"^(no|nomor|number|nr|pasal|article|page|halaman|№|ke|part|bagian|стат\w*|пункт\w*|розділ\w*|част\w*)$",
    re.IGNORECASE,
)
_RANGE_GAP = re.compile(r"^\s*(-|–|—|to|hingga|sampai|s/d|до|-\s*до)\s*$", re.IGNORECASE)
_AND_GAP = re.compile(r"^\s*(and|dan|і|й|та)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"(between|antara|від|між|from|dari)\s*$", re.IGNORECASE)
_CLOCK = re.compile(r"^\s*(wib|wita|wit|utc|gmt|cet|eet|msk|a\.?m\.?|p\.?m\.?|o'clock)\b", re.IGNORECASE)
_CLOCK_WORD = re.compile(r"^(pukul|jam)$", re.IGNORECASE)
_AT_WORD = re.compile(r"^(at|о|об|o)$", re.IGNORECASE)  # "о 4.25": at a time
# "3rd", "1990s", "4-та", "48-річна", "1990-an", "3-year-old"; "6А" (a house number)
_SUFFIX = re.compile(r"^(st\b|nd\b|rd\b|th\b|s\b|-[^\W\d_]|[A-ZА-ЯІЇЄҐ]\b)")
_DAY_MONTH = re.compile(r"(0?[1-9]|[12]\d|3[01])\.(0[1-9]|1[0-2])")  # "24.02": a day and month, as dates are written
_HOUR_MINUTE = re.compile(r"([01]?\d|2[0-3])[.:][0-5]\d")
_RATE = re.compile(
    r"(?<!\w)((per|a|each|every) (day|week|month|year|hour)|daily|weekly|monthly|annually|щодня|щотижня|щомісяця"
    r"|щороку|щогодини|щоденно|на (добу|день|тиждень|місяць|рік)|за добу|(setiap|per) (hari|minggu|bulan|tahun|jam)"
    r"|sehari|seminggu|sebulan|setahun)(?!\w)",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"[,;]|\s(and|dan|serta|while|sementara|і|й|та|а)\s", re.IGNORECASE)
_PERCENT = re.compile(r"^\s*(%|percent|per cent|persen|відсот\w*)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|%|№", re.UNICODE)


def is_month(word: str) -> bool:
    """Whether `word` names a month (English, Indonesian, Ukrainian; abbreviations too)."""
    return bool(_MONTH.match(word))


def words(text: str) -> list[str]:
    """The words of `text` as figures see them (numbers, "%" and hyphenated words whole)."""
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class Figure:
    """A number as a passage writes it: its value (a range's ends), its precision, the words around it."""

    text: str  # as written, scale and range included: "17.000", "17 тисяч", "10-15 thousand"
    low: float
    high: float
    precision: float  # the rounding it is written to: 1000 for "17.000" and "17 thousand", 1 for "16,812"
    percent: bool
    context: str  # the words around it: what it counts
    counted: tuple[str, ...]  # the first words after it ("orang Rusia" in "17.000 orang Rusia melintasi")
    start: int  # offset in its sentence
    end: int
    rate: bool = False  # a count per day, week, month or year ("5 children a day"), not a total


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
            joined = _RANGE_GAP.match(gap) or (_AND_GAP.match(gap) and _BETWEEN.search(sentence[: last[0]]))
            if joined and "-" in gap and item[2] <= last[2] and not item[5]:
                merged.pop()  # "737-200", "3-2": a model number or a score, not a range
                continue
            if joined:
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
        # What it counts, when the words follow it directly ("17.000 orang Rusia"; not "numbered 27, diplomats").
        counted = () if re.match(r"^\s*[,.;:)]", sentence[end:]) else tuple(w.casefold() for w in right_words[:2])
        rate = bool(_RATE.search(context))
        figures.append(Figure(sentence[start:end], low, high, precision, percent, context, counted, start, end, rate))
    return figures


def _cut(sentence: str, start: int, end: int) -> int:
    """Where the words between two figures part: at the first comma or "and" ("killed 9 | and wounded 20")."""
    found = _CLAUSE.search(sentence, start, end)
    return found.start() if found else end


def _skipped(token: str, before: str, after: str, prev_word: str, next_word: str) -> bool:
    """Whether a number is a year, a date, a time, a list number or part of a name, not a figure."""
    if _SUFFIX.match(after) or re.search(r"[^\W\d_]-?$", before):
        return True  # "3rd", "1990-an", "4-та", "SU-30", "ke-3"
    if _DAY_MONTH.fullmatch(token) or (prev_word and _AT_WORD.match(prev_word) and _HOUR_MINUTE.fullmatch(token)):
        return True  # "з 24.02 по 28.02", "о 4.25"
    if (prev_word and _MONTH.match(prev_word)) or (next_word and _MONTH.match(next_word)):
        return True  # a day of a month, or a month's year
    if re.search(r"[^\W\d_]\w*\s*\($", before) and after.startswith(")"):
        return True  # "Harold Pinter (75)": an age after a name
    if re.match(r"^[:/]\d", after) or re.search(r"\d[:/]$", before):
        return True  # a time, a day/month
    if (prev_word and _LIST_WORD.match(prev_word)) or (not before.strip() and re.match(r"^\s*[.)]", after)):
        return True  # "No. 3", a list marker
    if re.fullmatch(r"(1[5-9]|20)\d\d", token) or re.fullmatch(r"0\d+", token):
        return True  # a year ("2000 troops" is rare; "2,000 troops" is how counts are written), a "000" fragment
    return bool(_CLOCK.match(after) or (prev_word and _CLOCK_WORD.match(prev_word)))


def agree(a: Figure, b: Figure) -> bool:
    """Whether two figures give the same count: overlapping ranges, or equal to the rounder one's rounding."""
    if a.low <= b.high and b.low <= a.high:
        return True
    rounding = max(a.precision, b.precision)
    gap = min(abs(a.low - b.high), abs(b.low - a.high))
    return gap <= rounding / 2 or gap <= 0.01 * max(abs(a.high), abs(b.high))
