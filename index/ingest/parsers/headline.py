"""The on-page headline of a raw HTML page, not the SEO or social variant.

- An `<h1>` (else `<h2>`, an itemprop=headline element) that agrees with `og:title` /
  `twitter:title` / JSON-LD `headline` / `<title>`, whole or minus the site's name (also when glued on
  without spaces, "…！-新华网", "NEWS|…"; the site's name is also what a masthead heading says), or
  with a piece of one ("Kicker: Headline", "Headline - Section - Site"); a heading that says the same as
  a meta title beats one that only contains it.
- A kicker the page marks (class, line break, hidden or trailing ": ") is left out, and so is a
  piece of the heading when only that piece is what the meta titles say ('"Quote" / Headline').
  A date alone before or after the headline ("23.01.2022 - Headline") is not part of it.
- Ruby readings, scripts, soft hyphens and hidden headings are not read; mastheads (logo, link home,
  site-title class) and headings in comments or sidebars are not headlines.
- Else the page's one `<h1>` (or, with none, its one `<h2>` / itemprop=headline element); else the meta
  title; else trafilatura's.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import lxml.html
from unidecode import unidecode

from index.ingest.parsers.markup import CJK, UNREAD, hidden, json_ld, meta, norm, pieces, text

_SEPARATORS = re.compile(r"\s+(?:[|–—·•»:]|-|::|/)\s+")
_TIGHT_SEPARATORS = re.compile(rf"\s*[|｜丨]\s*|(?<=[{CJK}])\s*[-_—–·•]\s*|\s*[-_—–·•]\s*(?=[{CJK}])")
_KICKER_SEPARATORS = re.compile(r"\s*:\s+|\s*：\s*")
_KICKER_TAGS = {"span", "small", "div", "p", "strong", "b", "em", "i", "time", "header"}
_HEADLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:entry|article|post|story|page|news|single-post)[_-]*(?:title|headline)|"
                             r"(?:^|\s)headline(?:$|\s)", re.IGNORECASE)  # fmt: skip
_KICKER_CLASS = re.compile(
    r"kicker|overline|dachzeile|roofline|topline|eyebrow|subheadline|subline|subtitle|topic|label|section|rubri[ck]|"
    r"emphasis|supertitle",
    re.IGNORECASE,
)
# Page parts that are not the article: the words as a class or id token or a token's first/last part
# ("comment-list", "site-footer"); layout tokens such as "content-sidebar-wrap" or "no-sidebar" are not.
_CHROME = re.compile(
    r"(?:^|\s)(?:[\w-]*[-_])?(?:comments?|repl(?:y|ies)|respond|related|footer|newsletter)(?:[-_][\w-]*)?(?:$|\s)|"
    r"(?:^|\s)(?:sidebar|widget|widget-area|secondary)(?:[-_]?\d+)?(?:$|\s)",
    re.IGNORECASE,
)
_MASTHEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:logo|site-?title|site-?name|blog-?title|brand(?:ing)?|masthead)(?:$|[\s_-])", re.IGNORECASE
)
_DATE_PIECE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\.?(?:,?\s+\d{1,2}[:.]\d{2}(?:\s*(?:uhr|h))?)?", re.I)


# --- kickers ------------------------------------------------------------------------------


def _marked_separator(node: lxml.html.HtmlElement) -> bool:
    """A break or a separator only for screen readers or only for the eye after a kicker."""
    if node.tag.lower() == "br" or hidden(node):
        return True
    return (node.get("aria-hidden") or "").lower() == "true" or (node.get("role") or "").lower() == "presentation"


def _without_kicker(heading: lxml.html.HtmlElement) -> tuple[str, bool]:
    """'<h1><span class="kicker">Klimaschutz</span>: Bohren, bis es heiß wird</h1>' -> 'Bohren, bis es heiß wird'.

    The kicker (Dachzeile, overline, roofline) is the heading's first child element, followed by the
    headline proper; a link or ruby first is part of the headline. Also says whether the page marks it
    as a kicker (its class, a line break or a hidden separator after it, a colon ending it).
    """
    if (heading.text or "").strip():
        return "", False
    children = [c for c in heading if isinstance(c.tag, str) and c.tag.lower() not in UNREAD]
    if len(children) == 1 and not (children[0].tail or "").strip():
        return _without_kicker(children[0])  # <h1><a><span class="label">kicker</span> title</a></h1>
    if not children or children[0].tag.lower() not in _KICKER_TAGS:
        return "", False
    first = children[0]
    kicker = text(first)
    out: list[str] = [first.tail or ""]
    for child in children[1:]:
        if not _marked_separator(child) or child.tag.lower() == "br":
            pieces(child, out)
        out.append(child.tail or "")
    rest = " ".join("".join(out).replace("\xad", "").split()).lstrip(":-–—|·/ ").strip()
    second = children[1] if len(children) > 1 and not (first.tail or "").strip() else None
    marked = bool(_KICKER_CLASS.search(" ".join(n.get("class") or "" for n in first.iter() if isinstance(n.tag, str))))
    marked = marked or (second is not None and _marked_separator(second)) or kicker.endswith((":", "：", "|"))
    if not kicker or len(rest.split()) < 2 or len(kicker.split()) > 8 or rest[0].islower():
        return "", False
    if len(rest) < len(kicker) and not marked:
        return "", False
    return rest, marked


def _heading_pieces(headline: str) -> list[str]:
    """'"Reformstau lösen" / Irme Stetter-Karp ist neue ZdK-Präsidentin' -> both pieces (two words or more)."""
    split = [p.strip() for p in _SEPARATORS.split(headline) if p.strip()]
    return [p for p in split if len(p.split()) >= 2] if len(split) > 1 else []


def _without_date(title: str) -> str:
    """'23.01.2022 - Wierer jubelt' -> 'Wierer jubelt': a date alone before or after the headline."""
    split = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    if len(split) < 2:
        return title
    kept = [p for i, p in enumerate(split) if not (i in (0, len(split) - 1) and _DATE_PIECE.fullmatch(p))]
    if len(kept) == len(split):
        return title
    return _SEPARATORS.search(title).group(0).strip().join(f" {p} " for p in kept).strip()  # type: ignore[union-attr]


# --- meta titles and site names -------------------------------------------------------------


def _meta_titles(tree: lxml.html.HtmlElement, sites: list[str]) -> list[str]:
    """og:title, twitter:title, JSON-LD headline and <title>: minus the site's name, then as written."""
    metas = [meta(tree, "og:title"), meta(tree, "twitter:title")]
    metas += [" ".join(str(i["headline"]).split()) for i in json_ld(tree) if isinstance(i.get("headline"), str)][:1]
    titles = tree.xpath("//title")
    metas.append(text(titles[0]) if titles else "")
    raw = [_without_date(html_lib.unescape(m)) for m in metas if m]
    stripped = [_without_site(m, sites) for m in raw]
    return list(dict.fromkeys(stripped + raw))


def _parts(title: str) -> tuple[list[str], list[str]]:
    """A meta title's main pieces and its other pieces of two words or more.

    Main: the whole, the longest piece between separators, the headline after a kicker's colon.

    'Kicker: Headline - Section name - Site' -> ['Kicker: Headline', 'Headline'], ['Section name'].
    """
    main, others = [title], []
    for splitter in (_SEPARATORS, _TIGHT_SEPARATORS):
        split = [p.strip() for p in splitter.split(main[-1]) if p.strip()]
        if len(split) > 1:
            main.append(max(split, key=len))
            others += [p for p in split if len(p.split()) >= 2]
    for piece in list(main):
        split = [p.strip() for p in _KICKER_SEPARATORS.split(piece) if p.strip()]
        if len(split) > 1:
            main.append(split[-1])
    return main, [p for p in others if p not in main]


def _without_site(title: str, sites: list[str]) -> str:
    """'Shelling hits Kharkiv | Kyiv Daily' -> 'Shelling hits Kharkiv'; '武汉的声音-新华网' -> '武汉的声音'."""
    title = title.strip()
    for splitter in (_SEPARATORS, _TIGHT_SEPARATORS):
        title = _strip_site(title, sites, splitter)
    return title


def _is_site(piece: str, sites: list[str]) -> bool:
    """The site's name, or its name with a word or two more ('Kyiv Daily Online'), or its domain's name."""
    p = norm(piece)
    for site in sites:
        s = norm(site)
        if s and (p == s or p in s or (s in p and len(p.split()) <= len(s.split()) + 2)):
            return True
        domain_like = "." in site and " " not in site.strip()
        label = re.sub(r"[^a-z0-9]", "", unidecode(site).lower().rsplit(".", 1)[0]) if domain_like else ""
        letters = re.sub(r"[^a-z0-9]", "", unidecode(p))
        if len(label) >= 5 and label in letters and len(label) >= 0.4 * len(letters) and len(p.split()) <= 5:
            return True  # 'EFC Bayrische Bembel Regensburg' on bayrische-bembel.de
    return False


def _strip_site(title: str, sites: list[str], splitter: re.Pattern) -> str:
    parts = [p.strip() for p in splitter.split(title) if p.strip()]
    if len(parts) < 2 or _is_site(title, sites):
        return title.strip()

    def size(words: str) -> int:  # words, or characters / 2 for Chinese and Japanese
        return max(len(words.split()), len(re.findall(f"[{CJK}]", words)) // 2)

    while len(parts) > 1:
        if _is_site(parts[-1], sites) or (size(parts[-1]) <= 3 and size(" ".join(parts[:-1])) >= 2 * size(parts[-1])):
            parts.pop()
        elif _is_site(parts[0], sites) or (size(parts[0]) <= 2 and size(" ".join(parts[1:])) >= 2 * size(parts[0]) + 1):
            parts.pop(0)
        else:
            break
    if len(parts) == len([p for p in splitter.split(title) if p.strip()]):
        return title.strip()
    return " - ".join(parts) if len(parts) > 1 else parts[0]


# --- agreement ------------------------------------------------------------------------------


def _agrees(headline: str, meta_title: str) -> bool:
    h, m = norm(headline), norm(meta_title)
    if not h or not m:
        return False
    if h == m or (len(h) >= 0.5 * len(m) and (m in h or (h in m and " " in h))):
        return True
    hw, mw = set(h.split()), set(m.split())
    return len(hw & mw) >= 0.7 * max(len(hw), len(mw))


EXACT, PIECE, OTHER_PIECE, WORDS = 30, 20, 18, 10


def _agreement(headline: str, metas: list[str]) -> int:
    """How well a headline agrees with the meta titles.

    EXACT: a meta title says the same; PIECE: its main piece does, or one contains the other;
    OTHER_PIECE: another piece of one does ("Headline - Section - Site"); WORDS: most words shared.
    """
    h = norm(headline)
    if not h:
        return 0
    best = 0
    for meta_title in metas:
        if norm(meta_title) == h:
            return EXACT
        main, others = _parts(meta_title)
        if any(norm(p) == h for p in main):
            best = max(best, PIECE)
        elif any(norm(p) == h for p in others):
            best = max(best, OTHER_PIECE)
        elif _agrees(headline, meta_title):
            best = max(best, PIECE if h in norm(meta_title) or norm(meta_title) in h else WORDS)
    return best


def _reading(heading: lxml.html.HtmlElement, metas: list[str]) -> tuple[str, int]:
    """The heading's headline (kicker, date or extra piece left out where the page says so) and its agreement."""
    full = _without_date(text(heading))
    score = _agreement(full, metas)
    proper, marked = _without_kicker(heading)
    proper_score = _agreement(proper, metas) if proper else 0
    if proper_score and (marked or proper_score >= score):
        return proper, max(score, proper_score)
    if score < EXACT:
        split = _heading_pieces(full)
        exact = [p for p in split if _agreement(p, metas) == EXACT]
        said = " ".join(norm(m) for m in metas)
        if len(exact) == 1 and not any(norm(p) in said for p in _SEPARATORS.split(full) if p not in exact):
            return exact[0], EXACT
    return full, score


# --- headings -------------------------------------------------------------------------------


def _scoped(node: lxml.html.HtmlElement) -> bool:
    """A heading marked as the article's own: itemprop=headline, an entry-title class, inside <article>/<main>."""
    if (node.get("itemprop") or "").lower() == "headline" or _HEADLINE_CLASS.search(node.get("class") or ""):
        return True
    for parent in node.iterancestors():
        if not isinstance(parent.tag, str):
            continue
        if parent.tag.lower() in ("nav", "footer", "aside"):
            return False
        if parent.tag.lower() in ("article", "main"):
            return True
    return False


def _in_chrome(heading: lxml.html.HtmlElement) -> bool:
    return any(
        _CHROME.search(f"{a.get('class', '')} {a.get('id', '')}")
        for a in heading.iterancestors()
        if isinstance(a.tag, str) and a.tag not in ("body", "html")
    )


def _masthead(heading: lxml.html.HtmlElement) -> bool:
    """The site's logo or name: a link to the site's home (also an archived one), a logo / site-title class."""
    marks = " ".join(f"{n.get('class', '')} {n.get('id', '')}" for n in heading.iter() if isinstance(n.tag, str))
    if _MASTHEAD_CLASS.search(marks) or heading.xpath(".//a[@rel='home']"):
        return True
    for href in heading.xpath(".//a/@href"):
        address = re.sub(r"^.+(?=https?://)", "", str(href).strip())  # web.archive.org/web/2014/http://site/
        parts = urlsplit(address)
        if address and not address.startswith("#") and (parts.netloc or parts.path == "/") and parts.path in ("", "/"):
            return True
    return False


def _site_heading(heading: lxml.html.HtmlElement, site: str, host: str) -> bool:
    """A masthead: the site's name or domain ("Krimiblog-Archiv" on archiv.krimiblog.de), its logo, a link home."""
    words = norm(text(heading))
    letters = re.sub(r"[^a-z0-9]", "", unidecode(words))
    label = re.sub(r"[^a-z0-9]", "", ".".join(host.split(".")[:-1]).lower())
    if site and (words in norm(site) or norm(site) in words):
        return True
    if (
        label
        and letters
        and any(w in label for w in re.sub(r"[^a-z0-9 ]", "", unidecode(words)).split() if len(w) >= 5)
    ):
        return True
    return _masthead(heading) or bool(heading.xpath(".//img"))


def _visible(heading: lxml.html.HtmlElement) -> bool:
    return not hidden(heading) and not any(hidden(a) for a in heading.iterancestors() if a.tag not in ("body", "html"))


def page_title(tree: lxml.html.HtmlElement | None, site: str, fallback: str, host: str = "") -> str:
    if tree is None:
        return fallback
    headings = tree.xpath("//h1")[:8] + tree.xpath("//h2")[:10]
    headings += [n for n in tree.xpath("//body//*[@itemprop='headline']")[:3] if n.tag not in ("h1", "h2")]
    headings = [h for h in headings if _visible(h) and 3 <= len(text(h)) <= 300]
    mastheads = [h for h in headings if _masthead(h)]
    sites = [s for s in [site, host] + [text(h) for h in mastheads] if s]
    metas = _meta_titles(tree, sites)
    best: tuple[int, ...] | None = None
    chosen = ""
    for order, heading in enumerate(headings):
        if heading in mastheads:
            continue
        headline, score = _reading(heading, metas)
        if not score:
            continue
        h1 = heading.tag == "h1" and not _KICKER_CLASS.search(heading.get("class") or "")  # not an h1 "strapline"
        exact = score == EXACT and heading.tag in ("h1", "h2")  # not a teaser's itemprop=headline
        rank = (int(score >= OTHER_PIECE), int(exact), int(h1), score, int(_scoped(heading)), -order)
        if best is None or rank > best:
            best, chosen = rank, headline
    sole = _sole_heading(headings, site, host, metas, any_h1=bool(tree.xpath("//h1")))
    if sole is not None and not chosen:
        return _without_kicker(sole)[0] or _without_date(text(sole))  # the page's one headline, whatever <title> says
    return chosen or next((m for m in metas if m), fallback)


def _sole_heading(
    headings: list[lxml.html.HtmlElement], site: str, host: str, metas: list[str], *, any_h1: bool
) -> lxml.html.HtmlElement | None:
    """The page's one h1 that is no masthead, comment or sidebar.

    On a page without any h1: its one itemprop=headline element, or its one h2 of two words or more
    that shares a word with the meta title.
    """
    kept = [h for h in headings if not _in_chrome(h) and not _site_heading(h, site, host)]
    h1s = {norm(text(h)): h for h in kept if h.tag == "h1"}
    if h1s or any_h1:
        return next(iter(h1s.values())) if len(h1s) == 1 else None
    marked = [h for h in kept if (h.get("itemprop") or "").lower() == "headline"]
    if len(marked) == 1:
        return marked[0]
    said = {w for m in metas for w in norm(m).split() if len(w) >= 4}
    h2s = {norm(text(h)): h for h in kept if h.tag == "h2" and len(text(h).split()) >= 2}
    if len(h2s) == 1 and (not said or said & set(next(iter(h2s)).split())):
        return next(iter(h2s.values()))
    return None
