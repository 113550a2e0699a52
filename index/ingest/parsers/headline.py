"""The on-page headline of a raw HTML page, not the SEO or social variant.

- An `<h1>` (else `<h2>`, an itemprop=headline element) that agrees with `og:title` /
  `twitter:title` / JSON-LD `headline` / `<title>`, whole or minus the site's name (also when glued on
  without spaces, "…！-新华网", "NEWS|…"; the site's name is also what a masthead heading says), or
  with a piece of one ("Kicker: Headline", "Headline - Section - Site"); a heading that says the same as
  a meta title beats one that only contains it. An h1 sharing most words with a meta title's main piece
  beats a heading that is only another piece of it ("Run X on Mac - Box 15 Virtual Machine for Mac": the
  h1 "Box 15 for Mac", not the h2 "Run X on Mac").
- A kicker the page marks (class, a "small" one too, line break, hidden or trailing ": ") is left out,
  also when only the whole heading agrees with the meta titles, and so is a piece of the heading when
  only that piece is what the meta titles say ('"Quote" / Headline').
  A date alone before or after the headline ("23.01.2022 - Headline") is not part of it.
- Ruby readings, scripts, soft hyphens and hidden headings are not read; mastheads (logo, link home,
  site-title class) and headings in comments or sidebars are not headlines.
- Else the page's one `<h1>` (or, with none, its one `<h2>` / itemprop=headline element); else the meta
  title; else trafilatura's.
- The site's name is never the headline: not a heading or meta title that is only the site's name
  (og:site_name, a masthead, the domain: its letters, its words in any order, or its initials or its
  name followed by an organisation's legal form), and a meta title that is the site's name and a word or two
  more ("blog | Site"), or only one-word sections besides it ("Diving - News | Site"), is no headline
  either; meta titles with different kickers before the same headline ("Previews: X", "Hot?: X") give
  that headline, and one ending in a masthead's whole text, itself in pieces ("Figures - Salsa - Rueda
  in Kyiv"), gives the rest, however short. Then the article's first substantial `<h2>` (in
  `<article>`/`<main>` or an entry title, else the first outside navigation, sidebars and mastheads; on
  a page without any h1 or h2, its first such h3, else h4), else the meta title minus the site
  ("site.example | Gas prices" -> "Gas prices"), else no title ("", shown as the page's address) — on
  the site's home page, the site's name.
- A headline never starts with a separator left over (", Thema: …").
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlsplit

import lxml.html
from unidecode import unidecode

from index.ingest.parsers.markup import CJK, UNREAD, hidden, json_ld, meta, norm, pieces, text

_SEPARATORS = re.compile(r"\s+(?:[|│–—·•»:]|-|::|/)\s+")
_TIGHT_SEPARATORS = re.compile(rf"\s*[|｜丨│]\s*|(?<=[{CJK}])\s*[-_—–·•]\s*|\s*[-_—–·•]\s*(?=[{CJK}])")
_KICKER_SEPARATORS = re.compile(r"\s*:\s+|\s*：\s*")
_KICKER_TAGS = {"span", "small", "div", "p", "strong", "b", "em", "i", "time", "header"}
_HEADLINE_CLASS = re.compile(r"(?:^|[\s_-])(?:entry|article|post|story|page|news|single-post)[_-]*(?:title|headline)|"
                             r"(?:^|\s)headline(?:$|\s)", re.IGNORECASE)  # fmt: skip
_KICKER_CLASS = re.compile(
    r"kicker|overline|dachzeile|roofline|topline|eyebrow|subheadline|subline|subtitle|topic|label|section|rubri[ck]|"
    r"emphasis|supertitle|small",
    re.IGNORECASE,
)
# A topline or subtitle after the headline: whole class tokens ('text-small' or 'label-link' on its last word is none).
_TRAILING_KICKER_CLASS = re.compile(
    r"(?:^|[\s_-])(?:kicker|overline|dachzeile|roofline|topline|eyebrow|rubri[ck]|sub-?(?:title|headline)|subline)"
    r"(?:$|[\s_-])",
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
    as a kicker (its class, a line break or a hidden separator after it, a colon ending it). A kicker
    the page marks by a whole class token after the headline ("topline", not "text-small") is left out
    too; the headline proper never starts with a separator (', Thema: Forschung').
    """
    children = [c for c in heading if isinstance(c.tag, str) and c.tag.lower() not in UNREAD]
    if (
        len(children) >= 2
        and _TRAILING_KICKER_CLASS.search(children[-1].get("class") or "")
        and not (children[-1].tail or "").strip()
    ):
        shown = [heading.text or ""]  # '<h1><span>Headline</span><small class="topline">Topic</small></h1>'
        for child in children[:-1]:
            if not hidden(child):
                pieces(child, shown)
            shown.append(child.tail or "")
        before = " ".join("".join(shown).replace("\xad", "").split()).strip(" :-–—|·/,")
        if len(before.split()) >= 2:
            return before, True
    if (heading.text or "").strip():
        return "", False
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
    if not kicker or len(rest.split()) < 2 or len(kicker.split()) > 8 or rest[0].islower() or not _opens(rest):
        return "", False
    if len(rest) < len(kicker) and not marked:
        return "", False
    return rest, marked


def _opens(headline: str) -> bool:
    """A headline starts with a word, a number or an opening quote or bracket, never ', Thema: Forschung'."""
    return headline[:1].isalnum() or headline[:1] in "\"'„“”‘’‚«»‹›¿¡([#@$€£+-–…"


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


_META_CHARS = 500  # a meta title's first characters: splitting a huge one into pieces takes quadratic time


def _meta_titles(tree: lxml.html.HtmlElement, sites: list[str]) -> list[str]:
    """og:title, twitter:title, JSON-LD headline and <title>: minus the site's name, then as written.

    Only a meta title's first 500 characters are read (a huge '<title>ab | ab | …' is no headline).
    """
    metas = [meta(tree, "og:title"), meta(tree, "twitter:title")]
    metas += [" ".join(str(i["headline"]).split()) for i in json_ld(tree) if isinstance(i.get("headline"), str)][:1]
    titles = tree.xpath("//title")
    metas.append(text(titles[0]) if titles else "")
    raw = [_without_date(html_lib.unescape(m)[:_META_CHARS]) for m in metas if m]
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
        label = re.sub(r"[^a-z0-9]", "", _label(site)) if domain_like else ""
        letters = re.sub(r"[^a-z0-9]", "", unidecode(p))
        if len(label) >= 5 and label in letters and len(label) >= 0.4 * len(letters) and len(p.split()) <= 5:
            return True  # 'EFC Bayrische Bembel Regensburg' on bayrische-bembel.de
        if domain_like and _named_by_domain(piece, site):
            return True
    return False


def _label(domain: str) -> str:
    """'www.nationalrail.co.uk' -> 'nationalrail', 'wiki.python.org' -> 'wiki.python'."""
    label = unidecode(domain.strip()).lower().removeprefix("www.").rsplit(".", 1)[0]
    return re.sub(r"\.(?:co|com|org|net|ac|gov|or|ne|go)$", "", label)


_LEGAL_FORM = re.compile(r"(?:\be\.\s?v\.|\b(?:g?gmbh|ag|kg|ltd|inc|llc|plc|s\.a)\.?)$", re.IGNORECASE)


def _named_by_domain(words: str, domain: str) -> bool:
    """The name a domain stands for.

    'Python Wiki' on wiki.python.org, 'Deutscher Schwimm-Verband e.V.' on dsv.de (its initials before an
    organisation's legal form: 'Biden Blames China' on bbc.com is a headline), 'DITIB Türkisch-Islamische
    Union … e.V.' on ditib.de (an organisation's name after the domain's).
    """
    labels = [re.sub(r"[^a-z0-9]", "", x) for x in _label(domain).split(".")]
    labels = [x for x in labels if len(x) >= 3]
    split = unidecode(norm(words)).split()
    if not labels or not split:
        return False
    if len(labels) >= 2 and set(labels) <= set(split) and len(split) <= len(labels) + 1:
        return True
    if not _LEGAL_FORM.search(words.strip()):  # 'Biden Blames China' on bbc.com is no site's name
        return False
    initials = "".join(w[0] for w in split)
    if len(labels[-1]) >= 3 and initials.startswith(labels[-1]) and len(split) <= len(labels[-1]) + 2:
        return True
    return len(labels[-1]) >= 4 and split[0] == labels[-1]


def _strip_site(title: str, sites: list[str], splitter: re.Pattern) -> str:
    parts = [p.strip() for p in splitter.split(title) if p.strip()]
    # 'Enchufla Figuren - Salsa-Figuren - Rueda in Berlin' under the masthead 'Salsa-Figuren - Rueda in Berlin':
    # a title ending in the site's whole name is no site's name, however few words it has besides
    names = {norm(s) for s in sites}
    end = next((k for k in range(len(parts) - 1, 0, -1) if norm(" ".join(parts[k:])) in names), 0)
    if end and len(" ".join(parts[:end]).split()) >= 2:
        parts = parts[:end]
    elif len(parts) < 2 or _is_site(title, sites):
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


def _shares_words(h: str, piece: str) -> bool:
    """Most words of three or more shared: 'Desktop 15 for Mac' and 'Desktop 15 Virtual Machine for Mac'."""
    hw, pw = set(h.split()), set(piece.split())
    return len(pw) >= 3 and len(hw) >= 3 and len(hw & pw) >= 0.7 * max(len(hw), len(pw))


EXACT, PIECE, MAIN_WORDS, OTHER_PIECE, WORDS = 30, 20, 19, 18, 10


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
        elif any(_shares_words(h, norm(p)) for p in main[1:]) and not any(norm(p) == h for p in others):
            best = max(best, MAIN_WORDS)
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
    if score == EXACT and proper and norm(full).startswith(norm(proper)):
        return full, score  # the whole heading is what a meta title says: no topline after it to leave out
    if proper_score and (marked or proper_score >= score):
        return proper, max(score, proper_score)
    if proper and marked and score:
        return proper, score
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
    """The site's logo or name: a link home (also archived; '/?p=9' is a post), a logo / site-title class."""
    marks = " ".join(f"{n.get('class', '')} {n.get('id', '')}" for n in heading.iter() if isinstance(n.tag, str))
    if _MASTHEAD_CLASS.search(marks) or heading.xpath(".//a[@rel='home']"):
        return True
    for href in heading.xpath(".//a/@href"):
        address = re.sub(r"^.+(?=https?://)", "", str(href).strip())  # web.archive.org/web/2014/http://site/
        parts = urlsplit(address)
        home = parts.path in ("", "/") and not parts.query  # '/?p=959' is a WordPress post, not the home page
        if address and not address.startswith("#") and (parts.netloc or parts.path == "/") and home:
            return True
    return False


def _site_heading(heading: lxml.html.HtmlElement, site: str, host: str) -> bool:
    """A masthead: the site's name or domain ("Krimiblog-Archiv" on archiv.krimiblog.de), its logo, a link home."""
    words = norm(text(heading))
    letters = re.sub(r"[^a-z0-9]", "", unidecode(words))
    label = re.sub(r"[^a-z0-9]", "", ".".join(host.split(".")[:-1]).lower())
    # a one-word name among other words is a headline naming the site ('Unsere MinusL Joghurts' on minusl.de)
    s = norm(site)
    if site and words and (_is_site(text(heading), [site]) or (" " in s and s in words)):
        return True
    named = [w for w in re.sub(r"[^a-z0-9 ]", "", unidecode(words)).split() if len(w) >= 5 and w in label]
    if label and letters and (len(named) >= 2 or len("".join(named)) >= 0.5 * len(letters)):
        return True
    return _masthead(heading) or bool(heading.xpath(".//img"))


def _visible(heading: lxml.html.HtmlElement) -> bool:
    return not hidden(heading) and not any(hidden(a) for a in heading.iterancestors() if a.tag not in ("body", "html"))


def page_title(
    tree: lxml.html.HtmlElement | None, site: str, fallback: str, host: str = "", *, home: bool = False
) -> str:
    """The page's headline; `home`: the page is the site's home page, titled by the site's name when it has no other."""
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
        if not score or _only_site(headline, sites):
            continue
        h1 = heading.tag == "h1" and not _KICKER_CLASS.search(heading.get("class") or "")  # not an h1 "strapline"
        exact = score == EXACT and heading.tag in ("h1", "h2")  # not a teaser's itemprop=headline
        rank = (int(score >= OTHER_PIECE), int(exact), int(h1), score, int(_scoped(heading)), -order)
        if best is None or rank > best:
            best, chosen = rank, headline
    sole = _sole_heading(headings, site, host, metas, any_h1=any(not _in_chrome(h) for h in tree.xpath("//h1")))
    if sole is not None and not chosen:
        chosen = _without_kicker(sole)[0] or _without_date(text(sole))  # the page's one headline, whatever <title> says
    if chosen:
        return _clean(chosen)
    if not any(metas):
        return fallback
    # No heading agrees with the meta titles. The site's name (or its name and a section) is no headline:
    # then the first meta title that says more, else the article's first substantial heading, else a meta
    # title minus the site, else nothing (on a home page, the site's name).
    names = [site, host]
    said = [m for m in metas if m and not _only_site(m, sites) and not _is_site(m, names)]
    shared = _shared_headline(said)
    if shared:
        return _clean(shared)
    named = next((m for m in said if not _sections(m, sites)), "")
    if named:
        return _clean(named)
    heading = _first_heading(tree, sites, site, host)
    if heading is not None:
        return _clean(_without_kicker(heading)[0] or _without_date(text(heading)))
    if said:  # sections after all ('Advertising on Site | Overview'), when the page has no heading to offer
        return _clean(said[0])
    rest = next((r for r in (_minus_site(m, sites) for m in metas) if r), "")
    return _clean(rest) if rest else next((m for m in metas if m), "") if home else ""


def _shared_headline(metas: list[str]) -> str:
    """'Industriell Revolutioniert?: Anno 1800 Beta' and 'Vorschauen: Anno 1800 Beta' -> 'Anno 1800 Beta'.

    Meta titles with different kickers before a colon and the same words after it; '' when none.
    """
    after: dict[str, set[str]] = {}
    for m in metas:
        split = [p.strip() for p in _KICKER_SEPARATORS.split(m) if p.strip()]
        if len(split) >= 2:
            after.setdefault(split[-1], set()).add(norm(" ".join(split[:-1])))
    for rest, kickers in after.items():  # not 'Site: Kicker: Headline' and 'Kicker: Headline'
        if len(rest.split()) >= 2 and any(a not in b and b not in a for a in kickers for b in kickers):
            return rest
    return ""


def _sections(title: str, sites: list[str]) -> bool:
    """'Synchronschwimmen - Aktuelles - Synchronschwimmen | Site e.V.': one-word pieces besides the site's name."""
    split = [p.strip() for p in _SEPARATORS.split(title) if p.strip()]
    kept = [p for p in split if not _is_site(p, sites) and not _only_site(p, sites)]
    return len(split) >= 2 and bool(kept) and all(len(p.split()) == 1 for p in kept)


def _only_site(piece: str, sites: list[str]) -> bool:
    """Only the site's name.

    What og:site_name, the domain (its letters, 'pix-bavaria' on pix-bavaria.de, or what it stands for)
    or a masthead says.
    """
    p = norm(piece)
    letters = re.sub(r"[^a-z0-9]", "", unidecode(p))
    for name in sites:
        if p and p == norm(name):
            return True
        if "." in name and " " not in name.strip():
            label = re.sub(r"[^a-z0-9]", "", _label(name))
            if letters and (letters == label or _named_by_domain(piece, name)):
                return True
    return False


_LEADING_PUNCTUATION = re.compile(r"^(?:[,;:|/·•]|[-–—](?=\s))+\s*")


def _clean(title: str) -> str:
    """No separator left over before the headline (', Thema: Forschung' is not a headline)."""
    return _LEADING_PUNCTUATION.sub("", title).strip() or title


def _minus_site(title: str, sites: list[str]) -> str:
    """'energie.example | Gaspreise' -> 'Gaspreise': the pieces that are not the site's name; '' when none."""
    for splitter in (_SEPARATORS, _TIGHT_SEPARATORS):
        split = [p.strip() for p in splitter.split(title.strip(" |-–—·•»:/")) if p.strip()]
        if len(split) > 1:
            kept = [p for p in split if not _is_site(p, sites)]
            return " - ".join(kept) if kept and len(kept) < len(split) else ""
    return ""


def _first_heading(tree: lxml.html.HtmlElement, sites: list[str], site: str, host: str) -> lxml.html.HtmlElement | None:
    """The article's first substantial h2 (three words or more).

    One in <article>/<main> or marked as the entry's title, else the first one outside navigation,
    sidebars, comments, footers and mastheads.
    """
    levels = ["h2"] if any(_visible(h) for h in tree.xpath("//h1|//h2")) else ["h3", "h4"]
    for level in levels:
        kept = []
        for heading in tree.xpath(f"//{level}")[:30]:
            words = text(heading)
            size = max(len(words.split()), len(re.findall(f"[{CJK}]", words)) // 2)
            if not _visible(heading) or len(words) > 300 or size < 3:
                continue
            if _in_chrome(heading) or _site_heading(heading, site, host) or _is_site(words, sites):
                continue
            outside = ("nav", "footer", "aside")
            if any(isinstance(a.tag, str) and a.tag.lower() in outside for a in heading.iterancestors()):
                continue
            kept.append(heading)
        if kept:
            return next((h for h in kept if _scoped(h)), kept[0])
    return None


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
