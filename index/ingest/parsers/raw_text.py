"""Articles as scraped to plain text from Indonesian news sites (and plain text in general).

The usual layout, top to bottom: title; a date line ("- 27 September 2022, 17:16 WIB");
the photo caption, often twice, the second time with its credit appended; the body, whose
first paragraph starts with a dateline ("ZONA PRIANGAN - ..."); "Baca Juga: ..." lines that
link other stories; "Editor:" / "Sumber:" lines; then the site's tags and navigation.
"""

from __future__ import annotations

import re

from index.ingest.articles import Article
from index.ingest.dates import looks_like_date_line, parse_date

_RELATED = re.compile(r"^\s*(baca juga|simak juga|lihat juga|baca pula)\s*[:：]\s*(?P<headline>.+)$", re.IGNORECASE)
_META = re.compile(r"^\s*(?P<key>editor|penulis|reporter|sumber|source)\s*[:：]\s*(?P<value>.+)$", re.IGNORECASE)
_FOOTER_START = re.compile(r"^\s*(tags?|topik|artikel pilihan|terkait|terkini|terpopuler)\s*:?\s*$", re.IGNORECASE)
# "ZONA PRIANGAN - ...", "JAKARTA, KOMPAS.com - ...", "KYIV (Reuters) - ..."
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z0-9 .,()'&/]{2,60}?)\s*[-–—]\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?\"”'…)*。！？｡」』）】”]$")
# Scripts written without spaces between words: their length is counted in characters.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f\u1000-\u109f\u1780-\u17ff]")
_CHARS_PER_WORD = 2  # a CJK word is about two characters


def parse_raw_text(text: str) -> Article:
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    article = Article(text="")
    if not lines:
        return article

    head = 0
    if len(lines) > 1 and len(lines[0]) <= 250 and not looks_like_date_line(lines[0]):
        article.title = lines[0]
        head = 1
    if head < len(lines) and looks_like_date_line(lines[head]):
        article.published_at = parse_date(lines[head])
        head += 1

    head = _take_caption(lines, head, article)
    article.text = clean_body(lines[head:], article)
    return article


def clean_body(lines: list[str], article: Article) -> str:
    """Body paragraphs without links to other stories, bylines and site chrome.

    Related headlines, editor and original source are recorded on `article`; the
    dateline ("ZONA PRIANGAN - ") names the publisher when none is known yet.
    """
    body: list[str] = []
    in_footer = False
    for line in lines:
        related = _RELATED.match(line)
        meta = _META.match(line)
        if related:
            article.related.append(related.group("headline").strip())
        elif meta:
            _set_meta(article, meta.group("key").lower(), meta.group("value").strip())
            in_footer = True  # bylines close the story; what follows is the site's chrome
        elif _FOOTER_START.match(line):
            in_footer = True
        elif not in_footer:
            body.append(line)

    if body:
        dateline = _DATELINE.match(body[0])
        if dateline:
            place = dateline.group("place").strip(" ,")
            if not article.publisher:
                article.publisher = _publisher_name(place)
            body[0] = body[0][dateline.end() :]
    _drop_trailing_chrome(body)
    if body:
        body[-1] = re.sub(r"\*+$", "", body[-1]).rstrip()
    return "\n\n".join(line for line in body if line)


def _take_caption(lines: list[str], head: int, article: Article) -> int:
    """Photo captions come before the dateline lead, the second copy carrying the credit."""
    if head + 1 < len(lines) and lines[head + 1].startswith(lines[head]) and lines[head + 1] != lines[head]:
        credit = lines[head + 1][len(lines[head]) :].strip(" /")
        article.caption = lines[head].rstrip("*").strip() + (f" ({credit})" if credit else "")
        return head + 2
    if head + 1 < len(lines) and lines[head + 1] == lines[head]:
        article.caption = lines[head].rstrip("*").strip()
        return head + 2
    # A single caption line sits right before the dateline lead.
    if head + 1 < len(lines) and _DATELINE.match(lines[head + 1]) and not _DATELINE.match(lines[head]):
        if lines[head].endswith("*"):
            article.caption = lines[head].rstrip("*").strip()
            return head + 1
    return head


def _set_meta(article: Article, key: str, value: str) -> None:
    if key == "editor":
        article.editor = value
    elif key in ("sumber", "source"):
        article.source = value
    elif not article.editor:
        article.editor = value


def _publisher_name(place: str) -> str:
    """'ZONA PRIANGAN' -> 'Zona Priangan'; 'JAKARTA, KOMPAS.com' -> 'KOMPAS.com'."""
    if "," in place:
        place = place.split(",")[-1].strip()
    if place.isupper():
        return place.title()
    return place


def word_count(line: str) -> int:
    """Words in `line`; characters of scripts written without spaces (Chinese, Japanese, Thai) count by two."""
    unspaced = len(_UNSPACED.findall(line))
    if not unspaced:
        return len(line.split())
    return len(_UNSPACED.sub(" ", line).split()) + unspaced // _CHARS_PER_WORD


def _drop_trailing_chrome(body: list[str]) -> None:
    """Navigation left at the end: short lines that are not sentences ("Kabar Daerah", "x", "首页")."""
    while body and word_count(body[-1]) <= 4 and not _SENTENCE_END.search(body[-1]):
        body.pop()
