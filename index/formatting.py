"""Plain-text renderings of answers and sources for the command line."""

from __future__ import annotations

from textwrap import indent, shorten
from urllib.parse import unquote, urlsplit

from index.ingest.articles import Article
from index.ingest.dates import display_date
from index.search.answer import Answer, Citation
from index.search.figures import Reported
from index.store.db import ArticleInfo


def shown_title(title: str, url: str = "", untitled: str = "untitled") -> str:
    """An article's title as members see it: without one, its page's address ('site.example/news/trams').

    Else 'untitled'; never the article's internal id (a page whose title came out empty, its headline
    being only the site's name, is named by where it is).
    """
    if title.strip():
        return title
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")  # as page_meta.domain (not imported: it loads htmldate)
    if host:
        query = f"?{unquote(parts.query)}" if parts.query else ""  # '?p=123' tells one CMS page from another
        return (host + unquote(parts.path)).rstrip("/") + query
    return untitled


def article_label(article: Article) -> str:
    """How a list names an article: its title, else its address, else its opening words."""
    return shown_title(article.title, article.url, shorten(article.text, 60, placeholder="…") or "untitled")


def attribution(publisher: str, source: str) -> str:
    """Who published the story, e.g. Zona Priangan (original source: Express)."""
    if publisher and source and source.casefold() != publisher.casefold():
        return f"{publisher} (original source: {source})"
    return publisher or source


def excerpt(passage: str, focus: str, limit: int) -> str:
    """Up to `limit` characters of `passage`, centred on `focus` (the answer) when it is there."""
    passage = " ".join(passage.split())
    if len(passage) <= limit:
        return passage
    anchor = " ".join(focus.rstrip("…").split())[:80]
    at = passage.find(anchor) if anchor else -1
    if at < 0:
        return shorten(passage, limit, placeholder=" …")
    start = max(0, min(at - limit // 4, len(passage) - limit))
    start = passage.rfind(" ", 0, start) + 1 if start > 0 else 0
    window = shorten(passage[start:], limit - (2 if start else 0), placeholder=" …")
    return ("… " if start else "") + window


def format_citation(c: Citation, focus: str = "", passage_chars: int = 400) -> str:
    head = f"[{c.n}] {shown_title(c.title, c.url)}"
    details = " · ".join(p for p in (display_date(c.published_at), attribution(c.publisher, c.source)) if p)
    lines = [head]
    if details:
        lines.append(f"    {details}")
    if c.url:
        lines.append(f"    {c.url}")
    lines.append(indent(f'"{excerpt(c.passage, focus, passage_chars)}"', "    "))
    if c.also:
        lines.append(f"    also reported by {also_reported(c.also)}")
    return "\n".join(lines)


def also_reported(copies: list[dict]) -> str:
    """'Tempo (4 May 2022), Detik' for the other copies of a cited story."""
    named = []
    for copy in copies:
        when = display_date(copy.get("published_at"))
        who = copy.get("publisher") or copy.get("article_id", "")
        named.append(f"{who} ({when})" if when else who)
    return ", ".join(named)


def format_answer(answer: Answer) -> str:
    """The answer and its citations; a low-confidence answer shows only the closest passages, marked so."""
    if not answer.found:
        return answer.answer
    if answer.confidence == "low":
        low = f"(low confidence) {answer.answer}"
        return "\n\n".join([low, *(format_citation(c, answer.closest) for c in answer.citations)])
    if answer.generated:  # the model's text carries its own markers
        head = [answer.answer, "(written by a language model from the passages below; check them)"]
    else:
        cited = f" [{answer.answered_from}]" if answer.citations else ""
        head = [answer.answer + cited]
    if answer.figures:
        head.append(format_figures(answer.figures))
    focus = answer.closest or answer.answer
    return "\n\n".join([*head, *(format_citation(c, focus) for c in answer.citations)])


def format_figures(figures: list[Reported]) -> str:
    """The passages' differing figures, one a line with who reported it and when."""
    width = max(len(f.value) for f in figures)
    lines = ["Reports differ:"]
    for f in figures:
        when = display_date(f.published_at) or "undated"
        lines.append(f"  {f.value:<{width}}  [{f.passage}] {f.publisher or 'source unknown'}, {when}")
    return "\n".join(lines)


def source_json(info: ArticleInfo, *, with_text: bool = True) -> dict:
    a = info.article
    data: dict[str, object] = {
        "id": a.id, "title": a.title, "published_at": a.published_at, "publisher": a.publisher,
        "source": a.source, "url": a.url, "lang": a.lang, "editor": a.editor, "caption": a.caption,
        "related": a.related, "chunks": info.chunk_count, "indexed_at": info.indexed_at,
    }  # fmt: skip
    if with_text:
        data["text"] = a.text
    data["same_story"] = [
        {"id": c.id, "publisher": c.publisher, "published_at": c.published_at, "url": c.url} for c in info.same_story
    ]
    return data


def format_source(info: ArticleInfo) -> str:
    a = info.article
    rows = [
        ("id", a.id), ("title", a.title or "untitled"), ("published", display_date(a.published_at) or "undated"),
        ("publisher", a.publisher or ("" if a.source else "source unknown")), ("original source", a.source),
        ("url", a.url), ("language", a.lang),
        ("editor", a.editor), ("photo", a.caption), ("passages", str(info.chunk_count)), ("indexed", info.indexed_at),
    ]  # fmt: skip
    lines = [f"{name + ':':<17}{value}" for name, value in rows if value]
    if a.related:
        lines.append("related headlines:")
        lines.extend(f"  - {headline}" for headline in a.related)
    if info.same_story:
        lines.append("also reported by (copies of this story):")
        lines.extend(
            f"  - {c.publisher or 'source unknown'}, {display_date(c.published_at) or 'undated'} ({c.id})"
            for c in info.same_story
        )
    return "\n".join(lines)


def format_source_line(info: ArticleInfo) -> str:
    a = info.article
    date = (a.published_at or "")[:10] or "----------"
    who = attribution(a.publisher, a.source)
    return f"{date}  {a.id}  {article_label(a)}" + (f"  ({who})" if who else "")
