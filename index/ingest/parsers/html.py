"""HTML pages: main text and metadata extracted by trafilatura."""

from __future__ import annotations

import warnings
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import Document

from index.errors import InputError
from index.ingest.articles import Article
from index.ingest.parsers.headline import page_title
from index.ingest.parsers.markup import parse_tree
from index.ingest.parsers.page_meta import domain, page_date, page_publisher
from index.ingest.parsers.raw_text import clean_body


def parse_html(html: str, *, label: str, url: str = "") -> Article:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # trafilatura's FutureWarnings about lxml truthiness
        doc = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
        )
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise InputError("html_no_text", label=label)
    tree = parse_tree(html)  # metadata from the raw page: trafilatura's copy drops comments and parts of <head>
    page_url = (doc.url or url or "").strip()
    address = url or page_url  # the fetched address, else the one the page states
    parts = urlsplit(address)
    publisher = page_publisher(tree, address)
    article = Article(
        text="",
        title=page_title(
            tree,
            publisher or (doc.sitename or ""),
            (doc.title or "").strip(),
            domain(address),
            # the site's home page, not a post addressed by its query ('/?p=123' on WordPress)
            home=bool(address) and parts.path in ("", "/") and not parts.query,
        ),
        url=page_url,
        publisher=publisher,
        published_at=page_date(html, tree),
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
