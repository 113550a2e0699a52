"""HTML pages: main text and metadata extracted by trafilatura."""

from __future__ import annotations

import warnings

import trafilatura
from trafilatura.settings import Document

from index.articles import Article
from index.dates import parse_date
from index.errors import InputError
from index.parsers.raw_text import clean_body

_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": True}


def parse_html(html: str, *, label: str, url: str = "") -> Article:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # trafilatura's FutureWarnings about lxml truthiness
        doc = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise InputError("html_no_text", label=label)
    article = Article(
        text="",
        title=(doc.title or "").strip(),
        url=(doc.url or url or "").strip(),
        publisher=(doc.sitename or doc.hostname or "").strip(),
        published_at=parse_date(doc.date) if doc.date else None,
        lang=(doc.language or "").strip(),
    )
    lines = [line.strip() for line in (doc.text or "").split("\n") if line.strip()]
    if lines and article.title and lines[0] == article.title:
        lines = lines[1:]
    article.text = clean_body(lines, article)
    if not article.text:
        raise InputError("html_no_text", label=label)
    if doc.author and not article.editor:
        article.editor = doc.author.strip()
    return article
