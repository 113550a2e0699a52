"""Dates in questions and date options: "on 13 May 2022", "pada 13 Mei 2022", "13 травня 2022", "last week".

`find_date` reads the date expression of a question (English, Indonesian, Ukrainian)
and returns the day range it names, the question without it, and whether it reads as a
constraint: "on 13 May 2022" (a preposition or a year, in a question, a short query or
at the end) asks for that day; "the 24 February invasion", or a date inside a pasted
statement, is part of what is said and stays in the text.
`explicit_range` checks `--from` / `--to`. Relative words ("yesterday", "last week")
count from `as_of` (default today). A date without a year is placed in the latest year
not after `as_of`; retrieval moves it to an earlier year when nothing was published then.

A hand-written grammar rather than dateparser's `search_dates`, which reads "may" in
"may not" and "2.000" as dates, and takes ~50 ms a question.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from index.errors import FrontlineError
from index.text.analysis import is_question

Strength = Literal["filter", "name"]
SHORT_QUERY_WORDS = 12  # a query this short is a search, and a date in it a constraint

_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januari", "січень", "січня", "січні", "січнем"),
    2: ("february", "feb", "februari", "лютий", "лютого", "лютому", "лютим"),
    3: ("march", "mar", "maret", "березень", "березня", "березні", "березнем"),
    4: ("april", "apr", "квітень", "квітня", "квітні", "квітнем"),
    5: ("may", "mei", "травень", "травня", "травні", "травнем"),
    6: ("june", "jun", "juni", "червень", "червня", "червні", "червнем"),
    7: ("july", "jul", "juli", "липень", "липня", "липні", "липнем"),
    8: ("august", "aug", "agustus", "agu", "agt", "серпень", "серпня", "серпні", "серпнем"),
    9: ("september", "sep", "sept", "вересень", "вересня", "вересні", "вереснем"),
    10: ("october", "oct", "oktober", "okt", "жовтень", "жовтня", "жовтні", "жовтнем"),
    11: ("november", "nov", "листопад", "листопада", "листопаді", "листопадом"),
    12: ("december", "dec", "desember", "des", "грудень", "грудня", "грудні", "груднем"),
}
MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words}
# Seasons (meteorological, northern hemisphere): first month and length. Winter YEAR is the one its January is in.
_SEASON_WORDS: dict[str, tuple[str, ...]] = {
    "spring": ("spring", "musim semi", "весна", "весни", "навесні", "весною", "весні"),
    "summer": ("summer", "musim panas", "літо", "літа", "влітку", "літом"),
    "autumn": ("autumn", "fall", "musim gugur", "осінь", "осені", "восени", "осінню"),
    "winter": ("winter", "musim dingin", "зима", "зими", "взимку", "зимою", "зимі"),
}
_SEASON_START = {"spring": (0, 3), "summer": (0, 6), "autumn": (0, 9), "winter": (-1, 12)}
SEASONS = {word: name for name, words in _SEASON_WORDS.items() for word in words}

# Words before a date that make it a constraint on when ("on 13 May", "pada 13 Mei", "у травні").
_PREPOSITIONS = (
    "on in during since from between after before until till by around at of as "
    "pada tanggal tgl di sejak dari antara sebelum sesudah setelah hingga sampai selama bulan tahun "
    "на у в з із від між до після перед протягом упродовж станом"
)
_DETERMINERS = "the this that these those a an"
_JOINERS = r"and|to|until|till|through|dan|sampai|hingga|s/d|і|й|та|до|по|[-–—]"

_MONTH = r"(?P<{0}>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_SEASON = r"(?P<{0}>" + "|".join(sorted(map(re.escape, SEASONS), key=len, reverse=True)) + r")"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th|-?го)?"
_YEAR = r"(?P<{0}>(?:19|20)\d\d)(?:\s*(?:р\.|року|рік|році))?"


def _g(pattern: str, *names: str) -> str:
    return pattern.format(*names)


def _point(prefix: str) -> str:
    """One date expression: a day, a month, a season or a year, in any of the shapes people write."""
    p = prefix
    return "|".join(
        [
            rf"(?P<{p}iso>(?:19|20)\d\d-[01]\d-[0-3]\d)",
            rf"(?P<{p}dotted>[0-3]?\d\.[01]?\d\.(?:19|20)\d\d)",
            _g(_DAY, p + "d1") + r"\s+(?:of\s+)?" + _g(_MONTH, p + "m1") + r"(?:,?\s+" + _g(_YEAR, p + "y1") + ")?",
            _g(_MONTH, p + "m2") + r"\s+" + _g(_DAY, p + "d2") + r"(?!\d)(?:,?\s+" + _g(_YEAR, p + "y2") + ")?",
            _g(_SEASON, p + "s3") + r"(?:\s+(?:of\s+)?" + _g(_YEAR, p + "y3") + ")?",
            _g(_MONTH, p + "m4") + r"(?:,?\s+(?:of\s+)?" + _g(_YEAR, p + "y4") + ")?",
            _g(_YEAR, p + "y5"),
        ]
    )


_WORD_START = r"(?<![\w.,-])"
_WORD_END = r"(?![\w-])"
_RANGE_RE = re.compile(
    _WORD_START
    + r"(?P<lead>between|from|antara|dari|sejak|між|від|з|із)\s+"
    + r"(?:(?P<aday>[0-3]?\d)(?:st|nd|rd|th)?|"
    + _point("a")
    + r")\s+(?:"
    + _JOINERS
    + r")\s+(?:"
    + _point("b")
    + r")"
    + _WORD_END,
    re.IGNORECASE,
)
_POINT_RE = re.compile(_WORD_START + r"(?:" + _point("a") + r")" + _WORD_END, re.IGNORECASE)
_RELATIVE: dict[str, tuple[str, ...]] = {
    "today": ("today", "hari ini", "сьогодні"),
    "yesterday": ("yesterday", "kemarin", "вчора", "учора"),
    "this_week": ("this week", "minggu ini", "pekan ini", "цього тижня", "на цьому тижні"),
    "last_week": ("last week", "minggu lalu", "pekan lalu", "minggu kemarin", "минулого тижня", "на минулому тижні"),
    "this_month": ("this month", "bulan ini", "цього місяця"),
    "last_month": ("last month", "bulan lalu", "минулого місяця"),
    "this_year": ("this year", "tahun ini", "цього року"),
    "last_year": ("last year", "tahun lalu", "минулого року"),
}
_RELATIVE_WORDS = {word: name for name, words in _RELATIVE.items() for word in words}
_RELATIVE_RE = re.compile(
    _WORD_START
    + r"(?:(?P<n>\d{1,3})\s+(?P<unit>days?|weeks?|hari|minggu|днів|дні|день|тижнів|тижні|тиждень)"
    + r"\s+(?P<ago>ago|(?:yang\s+)?lalu|тому)"
    + r"|(?:in\s+the\s+)?(?:past|last)\s+(?P<pn>\d{1,3})\s+(?P<punit>days?|weeks?)"
    + r"|(?P<word>"
    + "|".join(sorted(map(re.escape, _RELATIVE_WORDS), key=len, reverse=True))
    + r"))"
    + _WORD_END,
    re.IGNORECASE,
)
# What a preposition does to the date after it: "since" runs to today, "before" ends the day before.
_OPEN_AFTER = {"since", "sejak", "after", "setelah", "sesudah", "після"}
_AFTER_END = {"after", "setelah", "sesudah", "після"}
_OPEN_BEFORE = {"before", "sebelum", "перед", "until", "till", "by", "hingga", "sampai", "до"}
_BEFORE_START = {"before", "sebelum", "перед"}


@dataclass(frozen=True)
class DateRange:
    """Days from `start` to `end`, both included; None for an open side."""

    start: date | None
    end: date | None

    def contains(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def as_strings(self) -> tuple[str, str]:
        """("2022-05-13", "2022-05-13"); "" for an open side."""
        return (self.start.isoformat() if self.start else "", self.end.isoformat() if self.end else "")

    def shifted_years(self, years: int) -> DateRange:
        return DateRange(_add_years(self.start, years), _add_years(self.end, years))


@dataclass(frozen=True)
class QuestionDate:
    """A date expression found in a question."""

    range: DateRange
    expression: str  # the words as written, preposition included
    text: str  # the question without the expression (what retrieval reads when `strength` is "filter")
    strength: Strength  # "filter": asks for that time; "name": part of what is said ("the 24 February invasion")
    year_given: bool  # False: the year was inferred from `as_of`


def parse_day(value: str, option: str) -> date:
    """A YYYY-MM-DD option value as a date, or FrontlineError("bad_date_option")."""
    text = (value or "").strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise FrontlineError("bad_date_option", option=option, value=value) from None


def explicit_range(date_from: str | None, date_to: str | None) -> DateRange | None:
    """The range `--from` / `--to` (or the bot's options) ask for; None when neither is given."""
    start = parse_day(date_from, "from") if date_from else None
    end = parse_day(date_to, "to") if date_to else None
    if start is None and end is None:
        return None
    if start and end and start > end:
        raise FrontlineError("date_range_reversed", date_from=start.isoformat(), date_to=end.isoformat())
    return DateRange(start, end)


def find_date(question: str, as_of: date | None = None) -> QuestionDate | None:
    """The date expression in `question` that most reads as a constraint.

    A date with its year after a preposition ("on 13 May 2022") before one with a year,
    before one after a preposition, before the rest; among equals, the first (a range
    before relative words before a single date).
    """
    today = as_of or date.today()
    candidates = [*_find_range(question, today), *_find_relative(question, today), *_find_point(question, today)]
    if not candidates:
        return None
    cut, end, span, year_given, lead = max(
        enumerate(candidates), key=lambda c: (c[1][3] and bool(c[1][4]), c[1][3], bool(c[1][4]), -c[0])
    )[1]
    span = _open_by(lead.casefold(), span, today)
    expression = question[cut:end].strip()
    strength: Strength = "filter" if (lead or year_given) and _asks_when(question, end) else "name"
    text = re.sub(r"\s+([?!.,;:])", r"\1", " ".join(f"{question[:cut]} {question[end:]}".split())).strip(" ,;")
    return QuestionDate(span, expression, text or question, strength, year_given)


def _asks_when(question: str, end: int) -> bool:
    """Whether a date reads as a constraint on the answer rather than part of what is said.

    A question ("what happened on 13 May 2022?"), a short query, or a date at the end
    ("Kyiv shelling on 13 May 2022") asks for that time; "On February 24, the Joint Forces
    Command said …" in a pasted statement is its content, and the articles that answer may
    be from days later (and mention the date: its numbers are kept for the lexical channels).
    """
    trailing = not question[end:].strip(" ?!.,;:…\"'»”)")
    return trailing or is_question(question) or len(question.split()) <= SHORT_QUERY_WORDS


def _open_by(lead: str, span: DateRange, today: date) -> DateRange:
    """"since March 2022" runs from March to today; "before 24 February" ends on the 23rd."""
    if lead in _OPEN_AFTER and span.start and span.end:
        start = span.end + timedelta(days=1) if lead in _AFTER_END else span.start
        return DateRange(start, max(today, start))
    if lead in _OPEN_BEFORE and span.start and span.end:
        return DateRange(None, span.start - timedelta(days=1) if lead in _BEFORE_START else span.end)
    return span


_Found = tuple[int, int, DateRange, bool, str]  # cut from, end, range, year written, preposition ("" none)


def _find_range(question: str, today: date) -> Iterator[_Found]:
    for m in _RANGE_RE.finditer(question):
        second = _point_range(m, "b", today, require_lead=False)
        if second is None:
            continue
        end_range, year_b = second
        begin: date | None
        if m.group("aday"):  # "between 1 and 5 March 2022": the first day takes the second's month and year
            first_day = end_range.start
            if first_day is None:
                continue
            try:
                begin = first_day.replace(day=int(m.group("aday")))
            except ValueError:
                continue
            year_a = year_b
        else:
            first = _point_range(m, "a", today, require_lead=False)
            if first is None:
                continue
            begin_range, year_a = first
            begin = begin_range.start
            if not year_a and year_b and begin is not None and end_range.end is not None:
                begin = begin.replace(year=end_range.end.year)  # "from March to May 2022"
                if begin > end_range.end:
                    begin = begin.replace(year=begin.year - 1)
        if begin is None or end_range.end is None or begin > end_range.end:
            continue
        yield m.start(), m.end(), DateRange(begin, end_range.end), bool(year_a or year_b), "between"


def _find_relative(question: str, today: date) -> Iterator[_Found]:
    for m in _RELATIVE_RE.finditer(question):
        yield _relative(m, today)


def _relative(m: re.Match[str], today: date) -> _Found:
    if m.group("n") or m.group("pn"):
        count = int(m.group("n") or m.group("pn"))
        unit = (m.group("unit") or m.group("punit")).casefold()
        days = count * (7 if unit.startswith(("week", "minggu", "тиж")) else 1)
        if m.group("n"):  # "3 days ago": that day; "3 weeks ago": that week
            day = today - timedelta(days=days)
            span = DateRange(day, day) if days == count else DateRange(day - timedelta(days=6), day)
        else:  # "the past 3 days": up to today
            span = DateRange(today - timedelta(days=days - 1), today)
        return m.start(), m.end(), span, True, "ago"
    name = _RELATIVE_WORDS[" ".join(m.group("word").casefold().split())]
    monday = today - timedelta(days=today.weekday())
    first_of_month = today.replace(day=1)
    last_month_end = first_of_month - timedelta(days=1)
    spans = {
        "today": (today, today),
        "yesterday": (today - timedelta(days=1), today - timedelta(days=1)),
        "this_week": (monday, today),
        "last_week": (monday - timedelta(days=7), monday - timedelta(days=1)),
        "this_month": (first_of_month, today),
        "last_month": (last_month_end.replace(day=1), last_month_end),
        "this_year": (date(today.year, 1, 1), today),
        "last_year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    begin, end = spans[name]
    return m.start(), m.end(), DateRange(begin, end), True, "now"


def _find_point(question: str, today: date) -> Iterator[_Found]:
    for m in _POINT_RE.finditer(question):
        lead = _lead_word(question, m.start())
        found = _point_range(m, "a", today, require_lead=lead is None)
        if found is not None:
            span, year_given = found
            cut, word = (lead[0], question[lead[0] : lead[1]]) if lead else (m.start(), "")
            yield cut, m.end(), span, year_given, word


def _point_range(m: re.Match[str], p: str, today: date, *, require_lead: bool) -> tuple[DateRange, bool] | None:
    """The range one `_point(p)` alternative matched, and whether its year was written."""
    g = m.groupdict()
    try:
        if g.get(p + "iso"):
            day = date.fromisoformat(g[p + "iso"])
            return DateRange(day, day), True
        if g.get(p + "dotted"):
            d, mo, y = (int(x) for x in g[p + "dotted"].split("."))
            return DateRange(date(y, mo, d), date(y, mo, d)), True
        for d_key, m_key, y_key in ((p + "d1", p + "m1", p + "y1"), (p + "d2", p + "m2", p + "y2")):
            if g.get(d_key) and g.get(m_key):
                month, day_number = MONTHS[g[m_key].casefold()], int(g[d_key])
                year = int(g[y_key]) if g.get(y_key) else _latest_year(today, month, day_number)
                day = date(year, month, day_number)
                return DateRange(day, day), bool(g.get(y_key))
        if g.get(p + "s3"):
            if require_lead and not g.get(p + "y3"):
                return None
            season = SEASONS[" ".join(g[p + "s3"].casefold().split())]
            year = int(g[p + "y3"]) if g.get(p + "y3") else _latest_season_year(today, season)
            return _season(season, year), bool(g.get(p + "y3"))
        if g.get(p + "m4"):
            if require_lead and not g.get(p + "y4"):
                return None
            month = MONTHS[g[p + "m4"].casefold()]
            year = int(g[p + "y4"]) if g.get(p + "y4") else _latest_year(today, month, 1)
            return _month(year, month), bool(g.get(p + "y4"))
        if g.get(p + "y5"):
            if require_lead:  # a bare "2022" is usually part of a headline, not a constraint
                return None
            year = int(g[p + "y5"])
            return DateRange(date(year, 1, 1), date(year, 12, 31)), True
    except ValueError:  # 31 February
        return None
    return None


def _lead_word(question: str, start: int) -> tuple[int, int] | None:
    """The preposition right before `start` ("on", "pada", "у"), as (start, end) offsets."""
    m = re.search(r"(\w+)\s+$", question[:start])
    if m and m.group(1).casefold() in _PREPOSITIONS.split():
        return m.start(1), m.end(1)
    return None


def _latest_year(today: date, month: int, day: int) -> int:
    """The latest year in which month/day is not after `today`."""
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


def _latest_season_year(today: date, season: str) -> int:
    offset, first = _SEASON_START[season]
    year = today.year
    while date(year + offset, first, 1) > today:
        year -= 1
    return year


def _month(year: int, month: int) -> DateRange:
    return DateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _season(season: str, year: int) -> DateRange:
    offset, first = _SEASON_START[season]
    start = date(year + offset, first, 1)
    end_month = (first + 1) % 12 + 1
    end_year = start.year + (1 if end_month < first else 0)
    return DateRange(start, _month(end_year, end_month).end)


def _add_years(day: date | None, years: int) -> date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def label(span: DateRange) -> str:
    """'13 May 2022', '1 March 2022 – 31 May 2022', 'from 1 March 2022', 'until 31 May 2022'."""
    def show(day: date) -> str:
        return f"{day.day} {day:%B %Y}"

    if span.start and span.end:
        return show(span.start) if span.start == span.end else f"{show(span.start)} – {show(span.end)}"
    if span.start:
        return f"from {show(span.start)}"
    return f"until {show(span.end)}" if span.end else ""


__all__ = ["DateRange", "QuestionDate", "explicit_range", "find_date", "label", "parse_day"]
