"""The article record every parser produces and the store keeps."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit, urlunsplit


@dataclass
class Article:
    """One news article. Only `text` is required; the rest is metadata for citations."""

    text: str
    id: str = ""
    title: str = ""
    published_at: str | None = None  # ISO 8601, with offset when the source gives one
    publisher: str = ""  # who published this copy (site, account)
    source: str = ""  # original source credited by the publisher
    url: str = ""
    lang: str = ""
    editor: str = ""
    caption: str = ""  # photo caption with its credit
    related: list[str] = field(default_factory=list)  # "Baca Juga" headlines

    def content_hash(self) -> str:
        """Hash of everything we store, so re-adding an unchanged article is a no-op."""
        payload = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def to_record(self) -> dict:
        return asdict(self)


def normalize_for_id(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\W+", " ", text).strip()


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def stable_id(article: Article) -> str:
    """The given id, else one derived from the URL, else from title and date, else the text.

    Title + date identifies a story across re-scrapes that fix its body, so an edited
    article replaces its old version instead of being indexed twice.
    """
    if article.id.strip():
        return article.id.strip()
    if article.url:
        return "url-" + _digest(canonical_url(article.url))
    if article.title.strip() and article.published_at:
        return "doc-" + _digest(normalize_for_id(article.title) + "|" + article.published_at)
    return "txt-" + _digest(normalize_for_id(article.text))
