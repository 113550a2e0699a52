"""Date, headline and publisher read from the raw page, not from trafilatura's cleaned copy.

- **Date**: htmldate's `find_date(html, original_date=True, extensive_search=True)` on the
  raw HTML (comments and `<head>` included), which `bench/ingest_fidelity.py` measures as the
  most accurate of the choices; a 1 January found only by the extensive search (a "© 2016"
  line) is dropped: no date rather than a wrong one. The time and UTC offset are the page's
  own (`2020-12-25T01:59:50+02:00` stays so); a date without a stated time is kept as a day.
- **Title**: the on-page headline: an `<h1>` (else `<h2>`, an itemprop=headline element) that agrees
  with `og:title` / `twitter:title` / JSON-LD `headline` / `<title>` minus the site's name (also when
  glued on without spaces, "…！-新华网", "NEWS|…"), or with the main piece of one ("Kicker: Headline");
  a kicker the page marks (class, line break, hidden ": ") is left out; ruby readings, scripts,
  soft hyphens and hidden headings are not read; else the page's one `<h1>` when it is not the
  masthead or in the comments; else the meta title; else trafilatura's.
- **Publisher**: `og:site_name`, JSON-LD `publisher.name`, else the site's domain; never a URL,
  a copyright line, a postal address or a @handle ("" rather than junk).
"""

from __future__ import annotations

import html as html_lib
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


_UNREAD = {"script", "style", "noscript", "template", "rt", "rp", "button", "svg", "select"}  # not read aloud
_HIDDEN = re.compile(
    r"(?:^|\s)(?:hidden|\S*visually-?hidden|sr-only|screen-reader-text|aural|invisible|hiddenelement)(?:$|\s)", re.I
)
_KICKER_TAGS = {"span", "small", "div", "p", "strong", "b", "time", "header"}
_HEADLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:entry|article|post|story|page|news|single-post)[_-]*(?:title|headline)|"
                             r"(?:^|\s)headline(?:$|\s)", re.IGNORECASE)  # fmt: skip
_KICKER_CLASS = re.compile(
    r"kicker|overline|dachzeile|roofline|topline|eyebrow|subheadline|topic|label|section|rubri[ck]|emphasis|supertitle",
    re.IGNORECASE,
)
_CHROME = re.compile(r"comment|repl[yi]|respond|sidebar|widget|related|footer|newsletter", re.IGNORECASE)
_CJK = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
_TIGHT_SEPARATORS = re.compile(rf"\s*[|｜丨]\s*|(?<=[{_CJK}])\s*[-_—–·•]\s*|\s*[-_—–·•]\s*(?=[{_CJK}])")
_KICKER_SEPARATORS = re.compile(r"\s*:\s+|\s*：\s*")


def _pieces(node: lxml.html.HtmlElement, out: list[str]) -> None:
    if node.text:
        out.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and child.tag.lower() not in _UNREAD:
            _pieces(child, out)
        if child.tail:
            out.append(child.tail)


def _text(node: lxml.html.HtmlElement) -> str:
    """The text a reader sees: no scripts, styles or ruby readings ("子こども" -> "子ども")."""
    out: list[str] = []
    _pieces(node, out)
    return " ".join("".join(out).replace("\xad", "").split())  # soft hyphens: "Mes\xadsen\xadger" -> "Messenger"


def _hidden(node: lxml.html.HtmlElement) -> bool:
    style = (node.get("style") or "").replace(" ", "").lower()
    return bool(_HIDDEN.search(node.get("class") or "")) or "display:none" in style or node.get("hidden") is not None


def _without_kicker(heading: lxml.html.HtmlElement) -> tuple[str, bool]:
    """'<h1><span class="kicker">Klimaschutz</span>: Bohren, bis es heiß wird</h1>' -> 'Bohren, bis es heiß wird'.

    The kicker (Dachzeile, overline, roofline) is the heading's first child element, followed by the
    headline proper; a link, emphasis or ruby first is part of the headline. Also says whether the
    page marks it as a kicker (its class, a line break or a hidden separator after it).
    """
    if (heading.text or "").strip():
        return "", False
    children = [c for c in heading if isinstance(c.tag, str) and c.tag.lower() not in _UNREAD]
    if not children or children[0].tag.lower() not in _KICKER_TAGS:
        return "", False
    first = children[0]
    if len(children) == 1 and not (first.tail or "").strip():
        return _without_kicker(first)  # <h1><span itemprop="headline"><small>kicker</small><br>title</span></h1>
    kicker = _text(first)
    out: list[str] = [first.tail or ""]
    for child in children[1:]:
        if not _hidden(child):
            _pieces(child, out)
        out.append(child.tail or "")
    rest = " ".join("".join(out).replace("\xad", "").split()).lstrip(":-–—|·/ ").strip()
    if not kicker or len(rest.split()) < 2 or len(kicker.split()) > 8 or len(rest) < len(kicker) or rest[0].islower():
        return "", False
    second = children[1] if len(children) > 1 and not (first.tail or "").strip() else None
    marked = bool(_KICKER_CLASS.search(" ".join(n.get("class") or "" for n in first.iter() if isinstance(n.tag, str))))
    marked = marked or (second is not None and (second.tag.lower() == "br" or _hidden(second)))
    return rest, marked


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


def _meta_titles(tree: lxml.html.HtmlElement, site: str) -> list[str]:
    metas = [_meta(tree, "og:title"), _meta(tree, "twitter:title")]
    metas += [" ".join(str(i["headline"]).split()) for i in _json_ld(tree) if isinstance(i.get("headline"), str)][:1]
    titles = tree.xpath("//title")
    metas.append(_text(titles[0]) if titles else "")
    return [_without_site(html_lib.unescape(m), site) for m in metas if m]


def _parts(title: str) -> list[str]:
    """A meta title's main pieces: the longest between separators, the headline after a kicker's colon.

    'Kicker: Headline - Site' -> 'Kicker: Headline', 'Headline'.
    """
    pieces = [title]
    for splitter in (_SEPARATORS, _TIGHT_SEPARATORS):
        split = [p.strip() for p in splitter.split(pieces[-1]) if p.strip()]
        if len(split) > 1:
            pieces.append(max(split, key=len))
    for piece in list(pieces):
        split = [p.strip() for p in _KICKER_SEPARATORS.split(piece) if p.strip()]
        if len(split) > 1:
            pieces.append(split[-1])
    return list(dict.fromkeys(pieces))


def _agreement(headline: str, metas: list[str]) -> int:
    """3: a meta title says the same; 2: a piece of one does, or one contains the other; 1: most words shared."""
    h = _norm(headline)
    if not h:
        return 0
    best = 0
    for meta in metas:
        if _norm(meta) == h:
            return 3
        if any(_norm(p) == h for p in _parts(meta)):
            best = max(best, 2)
        elif _agrees(headline, meta):
            best = max(best, 2 if h in _norm(meta) or _norm(meta) in h else 1)
    return best


def _without_site(title: str, site: str) -> str:
    """'Shelling hits Kharkiv | Kyiv Daily' -> 'Shelling hits Kharkiv'; '武汉的声音-新华网' -> '武汉的声音'."""
    title = title.strip()
    for splitter in (_SEPARATORS, _TIGHT_SEPARATORS):
        title = _strip_site(title, site, splitter)
    return title


def _strip_site(title: str, site: str, splitter: re.Pattern) -> str:
    parts = [p.strip() for p in splitter.split(title) if p.strip()]
    if len(parts) < 2:
        return title.strip()

    def size(text: str) -> int:  # words, or characters / 2 for Chinese and Japanese
        return max(len(text.split()), len(re.findall(f"[{_CJK}]", text)) // 2)

    site_n = _norm(site)
    while len(parts) > 1:
        last, first = _norm(parts[-1]), _norm(parts[0])
        rest_words = size(" ".join(parts[:-1]))
        if (site_n and (last == site_n or site_n in last or last in site_n)) or (
            size(parts[-1]) <= 3 and rest_words >= 2 * size(parts[-1])
        ):
            parts.pop()
        elif (site_n and (first == site_n or site_n in first)) or (
            size(parts[0]) <= 2 and size(" ".join(parts[1:])) >= 2 * size(parts[0]) + 1
        ):
            parts.pop(0)
        else:
            break
    if len(parts) == len([p for p in splitter.split(title) if p.strip()]):
        return title.strip()
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def _agrees(headline: str, meta_title: str) -> bool:
    h, m = _norm(headline), _norm(meta_title)
    if not h or not m:
        return False
    if h == m or (len(h) >= 0.5 * len(m) and (h in m or m in h)):
        return True
    hw, mw = set(h.split()), set(m.split())
    return len(hw & mw) >= 0.7 * max(len(hw), len(mw))


def _scoped(node: lxml.html.HtmlElement) -> bool:
    """A heading marked as the article's own: itemprop=headline, an entry-title class, inside <article>/<main>."""
    if (node.get("itemprop") or "").lower() == "headline" or _HEADLINE_CLASS.search(node.get("class") or ""):
        return True
    for parent in node.iterancestors():
        if not isinstance(parent.tag, str):
            continue
        if parent.tag.lower() in ("nav", "footer", "aside", "header") and parent.tag.lower() != "header":
            return False
        if parent.tag.lower() in ("article", "main"):
            return True
    return False


def page_title(tree: lxml.html.HtmlElement | None, site: str, fallback: str, host: str = "") -> str:
    if tree is None:
        return fallback
    metas = _meta_titles(tree, site)
    headings = tree.xpath("//h1")[:8] + tree.xpath("//h2")[:10]
    headings += [n for n in tree.xpath("//body//*[@itemprop='headline']")[:3] if n.tag not in ("h1", "h2")]
    best: tuple[int, ...] | None = None
    chosen = ""
    for order, heading in enumerate(headings):
        if _hidden(heading) or any(_hidden(a) for a in heading.iterancestors() if a.tag not in ("body", "html")):
            continue
        full = _text(heading)
        if not 3 <= len(full) <= 300:
            continue
        proper, marked = _without_kicker(heading)
        score = _agreement(full, metas)
        proper_score = _agreement(proper, metas) if proper else 0
        if proper_score and (marked or proper_score >= score):
            score, full = max(score, proper_score), proper
        if not score:
            continue
        rank = (int(score >= 2), int(heading.tag == "h1"), score, int(_scoped(heading)), -order)
        if best is None or rank > best:
            best, chosen = rank, full
    if chosen:
        return chosen
    sole = [h for h in tree.xpath("//h1") if _text(h) and not _hidden(h)]
    sole = [
        h
        for h in sole
        if not any(
            _CHROME.search(f"{a.get('class', '')} {a.get('id', '')}")
            for a in h.iterancestors()
            if a.tag not in ("body", "html")
        )
    ]
    if len(sole) == 1 and 3 <= len(_text(sole[0])) <= 300 and not _site_heading(sole[0], site, host):
        return _without_kicker(sole[0])[0] or _text(sole[0])  # the page's one headline, whatever its <title> says
    return next((m for m in metas if m), fallback)


def _site_heading(heading: lxml.html.HtmlElement, site: str, host: str) -> bool:
    """A masthead: the site's name or domain ("Krimiblog-Archiv" on archiv.krimiblog.de), its logo, a link home."""
    text = _norm(_text(heading))
    letters = re.sub(r"[^a-z0-9]", "", unidecode(text))
    label = re.sub(r"[^a-z0-9]", "", ".".join(host.split(".")[:-1]).lower())
    if site and (text in _norm(site) or _norm(site) in text):
        return True
    if label and letters and any(w in label for w in re.sub(r"[^a-z0-9 ]", "", unidecode(text)).split() if len(w) >= 5):
        return True
    return bool(heading.xpath(".//img | .//a[@href='/' or @rel='home']"))


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
