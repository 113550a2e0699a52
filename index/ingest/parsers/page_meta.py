"""Date and publisher read from the raw page, not from trafilatura's cleaned copy.

- **Date**: htmldate's `find_date(html, original_date=True, extensive_search=True)` on the
  raw HTML (comments and `<head>` included), which `bench/ingest_fidelity.py` measures as the
  most accurate of the choices; a 1 January found only by the extensive search (a "© 2016"
  line) is dropped: no date rather than a wrong one. The time and UTC offset are the page's
  own (`2020-12-25T01:59:50+02:00` stays so); a date without a stated time is kept as a day.
- **Title**: `headline.py`.
- **Publisher**: `og:site_name`, JSON-LD `publisher.name`, else the site's domain; never a URL,
  a copyright line, a postal address or a @handle ("" rather than junk).
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import lxml.html
from htmldate import find_date
from lxml.etree import ParserError
from unidecode import unidecode

from index.ingest.parsers.markup import json_ld, meta, norm, text

_FULL = "%Y-%m-%dT%H:%M:%S%z"
_STAMP_XPATH = (
    "//meta[@content][contains(translate(@property,'PUBLISHED','published'),'published')"
    " or contains(translate(@name,'PUBLISHED','published'),'published')"
    " or contains(translate(@itemprop,'PUBLISHED','published'),'published')"
    " or translate(@name,'DATE','date')='date' or @name='dc.date' or @name='DC.date.issued']/@content"
    " | //time[@datetime]/@datetime"
)
_JSON_DATE = re.compile(r'"date(?:Published|Created)"\s*:\s*"([^"]{10,40})"')
_JUNK_PUBLISHER = re.compile(
    r"://|^www\.|^@|©|&copy;|\(c\)|copyright|all rights reserved|\b\d{4,5}\s+\w|\b(?:street|str\.|straße|road|avenue|"
    r"suite|p\.?\s?o\.? box|postfach)\b",
    re.IGNORECASE,
)


# --- date ---------------------------------------------------------------------------------


def page_date(html: str, tree: lxml.html.HtmlElement | None) -> str | None:
    """ISO 8601: a day ("2020-07-08"), or a moment with the page's own offset; None when unsure."""
    found = _find(html, extensive=True)
    if not found:
        return None
    day = found[:10]
    if day[5:] == "01-01" and (_find(html, extensive=False) or "")[:10] != day:
        return None  # a copyright year, or a year alone: no date rather than 1 January
    stated = _stated_moment(html, tree, day)
    if stated:
        return stated
    moment = datetime.strptime(found, _FULL) if found[-5:-4] in "+-" and len(found) > 19 else None
    if moment is not None:
        return moment.isoformat()
    if found[10:] in ("", "T00:00:00"):
        return day
    return found


def _find(html: str, *, extensive: bool) -> str | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return find_date(html, original_date=True, extensive_search=extensive, outputformat=_FULL)
    except (ValueError, TypeError, ParserError):  # htmldate on markup lxml cannot read
        return None


def _stated_moment(html: str, tree: lxml.html.HtmlElement | None, day: str) -> str | None:
    """A machine-readable timestamp on `day` with a time, as the page states it (offset kept)."""
    stamps = [str(s).strip() for s in tree.xpath(_STAMP_XPATH)] if tree is not None else []
    stamps += [s.strip() for s in _JSON_DATE.findall(html[:500_000])]
    moments = [m for m in (_moment(s) for s in stamps if len(s) > 10) if m is not None]
    local = _local_twin(moments, day)
    if local is not None:
        return local.isoformat()
    best: str | None = None
    for moment in moments:
        if moment.date().isoformat() != day:
            continue
        if moment.utcoffset() is not None:
            return moment.isoformat()
        best = best or moment.isoformat()
    return best


def _local_twin(moments: list[datetime], day: str) -> datetime | None:
    """The publisher's local time for a UTC stamp on `day` that the page also states with its own offset.

    '2023-11-09T02:11:03+00:00' and '2023-11-08T21:11:03-05:00' on one page: the same moment, and the
    publisher's day is 8 November.
    """
    utc = [m for m in moments if m.utcoffset() == timedelta(0) and m.date().isoformat() == day]
    return next((m for m in moments if m.utcoffset() not in (None, timedelta(0)) and m in utc), None)


def _moment(stamp: str) -> datetime | None:
    """An ISO 8601 or RFC 2822 ("Fri, 25 Dec 2020 01:59:50 +0200") timestamp."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(stamp)
    except (TypeError, ValueError, IndexError):
        return None


# --- publisher ----------------------------------------------------------------------------


def domain(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url.startswith(("http://", "https://")) else ""
    return host.removeprefix("www.")


def good_publisher(name: str) -> bool:
    name = name.strip()
    return 2 <= len(name) <= 60 and len(name.split()) <= 8 and not _JUNK_PUBLISHER.search(name)


def _fits_site(name: str, host: str, title: str) -> bool:
    """Whether a site name belongs to the site (not a section such as 'Economia'): its domain or its <title>."""
    if not host:
        return True
    letters = re.sub(r"[^a-z0-9]", "", unidecode(name).lower())
    label = re.sub(r"[^a-z0-9]", "", ".".join(host.split(".")[:-1]).lower()) or host
    if any(letters[i : i + 4] in label for i in range(max(len(letters) - 3, 0))) or (letters and letters in label):
        return True
    return bool(title) and norm(name) in norm(title)


def page_publisher(tree: lxml.html.HtmlElement | None, url: str) -> str:
    host = domain(url)
    if tree is not None:
        titles = tree.xpath("//title")
        title = text(titles[0]) if titles else ""
        candidates = [meta(tree, "og:site_name", "application-name")]
        for item in json_ld(tree):
            publisher = item.get("publisher")
            if isinstance(publisher, list) and publisher:
                publisher = publisher[0]
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                candidates.append(publisher["name"])
        for name in candidates:
            name = " ".join(name.split())
            if name and good_publisher(name) and _fits_site(name, host, title):
                return name
    return host  # "" when the page names no site and its address is unknown: "source unknown", never a guess
