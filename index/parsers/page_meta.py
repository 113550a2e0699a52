"""Date, headline and publisher read from the raw page, not from trafilatura's cleaned copy.

- **Date**: htmldate's `find_date(html, original_date=True, extensive_search=True)` on the
  raw HTML (comments and `<head>` included), which `bench/ingest_fidelity.py` measures as the
  most accurate of the choices; a 1 January found only by the extensive search (a "© 2016"
  line) is dropped: no date rather than a wrong one. The time and UTC offset are the page's
  own (`2020-12-25T01:59:50+02:00` stays so); a date without a stated time is kept as a day.
- **Title**: the on-page headline, an `<h1>` that agrees with `og:title` / `<title>` minus the
  site's suffix; else that meta title; else trafilatura's.
- **Publisher**: `og:site_name`, JSON-LD `publisher.name`, else the site's domain; never a URL,
  a copyright line, a postal address or a @handle ("" rather than junk).
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import lxml.html
from htmldate import find_date
from lxml.etree import ParserError
from unidecode import unidecode

_FULL = "%Y-%m-%dT%H:%M:%S%z"
_SEPARATORS = re.compile(r"\s+(?:[|–—·•»:]|-|::|/)\s+")
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


_PARSER = lxml.html.HTMLParser(encoding="utf-8")  # the text is already decoded: never re-read a <meta charset>


def parse_tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (ParserError, ValueError):
        return None


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
    stamps = [str(s) for s in tree.xpath(_STAMP_XPATH)] if tree is not None else []
    stamps += _JSON_DATE.findall(html[:500_000])
    best: str | None = None
    for stamp in stamps:
        moment = _moment(stamp.strip())
        if moment is None:
            continue
        if moment.date().isoformat() != day or len(stamp.strip()) <= 10:
            continue
        if moment.utcoffset() is not None:
            return moment.isoformat()
        best = best or moment.isoformat()
    return best


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


# --- title --------------------------------------------------------------------------------


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _text(node: lxml.html.HtmlElement) -> str:
    return " ".join(node.text_content().split())


def _meta(tree: lxml.html.HtmlElement, *keys: str) -> str:
    for key in keys:
        for value in tree.xpath(f"//meta[@property='{key}' or @name='{key}']/@content"):
            if str(value).strip():
                return " ".join(str(value).split())
    return ""


def _json_ld(tree: lxml.html.HtmlElement) -> list[dict]:
    items: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()")[:10]:
        try:
            data = json.loads(str(script))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(items) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return items


def _without_site(title: str, site: str) -> str:
    """'Shelling hits Kharkiv | Kyiv Daily' -> 'Shelling hits Kharkiv'."""
    parts = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    site_n = _norm(site)
    while len(parts) > 1:
        last, first = _norm(parts[-1]), _norm(parts[0])
        rest_words = len(" ".join(parts[:-1]).split())
        if (site_n and (last == site_n or site_n in last or last in site_n)) or (
            len(last.split()) <= 3 and rest_words >= 2 * len(last.split())
        ):
            parts.pop()
        elif (site_n and (first == site_n or site_n in first)) or (
            len(first.split()) <= 2 and len(" ".join(parts[1:]).split()) >= 2 * len(first.split()) + 1
        ):
            parts.pop(0)
        else:
            break
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def _agrees(headline: str, meta_title: str) -> bool:
    h, m = _norm(headline), _norm(meta_title)
    if not h or not m:
        return False
    if h == m or (len(h) >= 0.5 * len(m) and (h in m or m in h)):
        return True
    hw, mw = set(h.split()), set(m.split())
    return len(hw & mw) >= 0.7 * max(len(hw), len(mw))


def page_title(tree: lxml.html.HtmlElement | None, site: str, fallback: str) -> str:
    if tree is None:
        return fallback
    metas = [_meta(tree, "og:title"), _meta(tree, "twitter:title")]
    metas += [str(i["headline"]) for i in _json_ld(tree) if isinstance(i.get("headline"), str)][:1]
    titles = tree.xpath("//title")
    metas.append(_text(titles[0]) if titles else "")
    metas = [_without_site(m, site) for m in metas if m]
    for heading in tree.xpath("//h1")[:5] + tree.xpath("//h2")[:10]:
        headline = _text(heading)
        if 3 <= len(headline) <= 300 and any(_agrees(headline, m) for m in metas):
            return headline
    return next((m for m in metas if m), fallback)


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
    return bool(title) and _norm(name) in _norm(title)


def page_publisher(tree: lxml.html.HtmlElement | None, url: str) -> str:
    host = domain(url)
    if tree is not None:
        titles = tree.xpath("//title")
        title = _text(titles[0]) if titles else ""
        candidates = [_meta(tree, "og:site_name", "application-name")]
        for item in _json_ld(tree):
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
