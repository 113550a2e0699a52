"""Publication dates as ISO 8601, from the many ways news sites write them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

import dateparser

# Indonesian time zones, which dateparser does not know.
_ZONE_OFFSETS = {"WIB": 7, "WITA": 8, "WIT": 9}
_ZONE_RE = re.compile(r"\b(WITA|WIB|WIT)\b\.?", re.IGNORECASE)
_LANGUAGES = ["id", "en", "uk", "ru", "ms"]
# Absolute dates only: "yesterday" or "2 hours ago" would become the day the index was built.
_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
_FIRST_YEAR = 1900  # news dates before this (0000-…, 0001-…) are typing or scraping errors


def _plausible(moment: date) -> bool:
    return _FIRST_YEAR <= moment.year <= datetime.now(UTC).year + 1


def parse_date(text: str) -> str | None:
    """Return an ISO 8601 timestamp for `text`, or None when it holds no date.

    "27 September 2022, 17:16 WIB" -> "2022-09-27T17:16:00+07:00". A bare date keeps no
    time ("2022-09-27"). Only real calendar dates from 1900 to next year are returned:
    "2022-02-30", "0000-00-00", "9999-99-99" and relative words ("yesterday") give None.
    """
    text = text.strip().strip("-–|•· ").strip()
    if not text:
        return None
    cjk = _CJK_DATE.search(text)
    if cjk:
        text = _from_cjk(cjk)
    if len(text) == 10 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return text if _plausible(date.fromisoformat(text)) else None
        except ValueError:
            return None
    offset: timezone | None = None
    zone = _ZONE_RE.search(text)
    if zone:
        offset = timezone(timedelta(hours=_ZONE_OFFSETS[zone.group(1).upper()]))
        text = _ZONE_RE.sub(" ", text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        if re.match(r"\d{4}-\d{2}-\d{2}", text):  # ISO-shaped but not a real date: not for dateparser to guess
            return None
    else:
        if not _plausible(moment):
            return None
        if moment.utcoffset() is None and moment.time() == time() and offset is None:
            return moment.date().isoformat()  # midnight with no zone: a day, not a moment
        return moment.isoformat()
    text = text.replace("|", " ")
    parsed = dateparser.parse(text, languages=_LANGUAGES, settings=_SETTINGS)  # type: ignore[arg-type]
    if parsed is None or not _plausible(parsed):
        return None
    if offset is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=offset)
    if _has_time(text) or parsed.tzinfo is not None:
        return parsed.isoformat()
    return parsed.date().isoformat()


_CJK_DATE = re.compile(
    r"(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]?"
    r"(?:[^\d]{0,6}?(?P<H>\d{1,2})\s*[:：時时시]\s*(?P<M>\d{2}))?"
)


def _from_cjk(found: re.Match[str]) -> str:
    """'2020年7月8日 10:30' -> '2020-07-08 10:30' (ISO-shaped, for the steps below)."""
    text = f"{found['y']}-{int(found['m']):02d}-{int(found['d']):02d}"
    if found["H"]:
        text += f"T{int(found['H']):02d}:{found['M']}:00"
    return text


def _has_time(text: str) -> bool:
    return bool(re.search(r"\d{1,2}[:.]\d{2}", text))


def looks_like_date_line(line: str) -> bool:
    """A short line that is mostly a date: digits, a year and a month name or time."""
    stripped = line.strip().strip("-–|•· ")
    if not stripped or len(stripped) > 60 or not re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", stripped):
        return False
    return parse_date(stripped) is not None


def is_day(iso: str) -> bool:
    """A date without a time: "2020-07-08", or "2020-07-08T00:00:00" without a zone as older indexes stored days."""
    return len(iso) == 10 or iso[10:] in ("T00:00:00", "T00:00", " 00:00:00")


def display_date(iso: str | None) -> str:
    """Format an ISO timestamp for people, e.g. 27 September 2022, 17:16 UTC+07:00 ("" when unknown).

    A day is shown as a day ("8 July 2020"), also one stored as zone-less midnight by older indexes.
    The offset is the publisher's own: the moment is never converted to another zone.
    """
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    text = f"{moment.day} {moment:%B %Y}"
    if not is_day(iso):
        text += f", {moment:%H:%M}"
        if moment.utcoffset() is not None:
            offset = moment.strftime("%z")
            text += f" UTC{offset[:3]}:{offset[3:]}"
    return text
