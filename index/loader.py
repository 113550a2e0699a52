"""Turn what a user names (files, folders, URLs) into articles ready to index.

Every problem becomes an `InputError` naming its input, yielded in place of an article,
so one bad file never stops the rest of a batch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.articles import Article, stable_id
from index.errors import InputError
from index.fetch import FetchPolicy, fetch, redact_url
from index.language import detect_language
from index.parsers.html import parse_html
from index.parsers.raw_text import parse_raw_text
from index.parsers.records import parse_json, parse_jsonl

_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
}  # fmt: skip


_CREDENTIALS = re.compile(r"^[^@\s/]+:[^@\s/]*@(?=\S)")


@dataclass(frozen=True)
class LoadOptions:
    max_article_bytes: int = 2_000_000
    fetch: FetchPolicy = FetchPolicy()


@dataclass(frozen=True)
class Loaded:
    label: str  # where the article came from, for messages
    article: Article


def load_inputs(inputs: Iterable[str], options: LoadOptions) -> Iterator[Loaded | InputError]:
    for raw in inputs:
        if raw.startswith(("http://", "https://")) or "://" in raw:
            yield from _load_url(raw, options)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            if not files:
                yield InputError("folder_empty", label=raw)
            for file in files:
                yield from _load_file(file, options)
        elif path.exists():
            yield from _load_file(path, options)
        else:
            yield InputError("input_missing", label=raw)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _load_file(path: Path, options: LoadOptions) -> Iterator[Loaded | InputError]:
    label = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError("file_empty", label=label)
        kind = _EXTENSIONS.get(path.suffix.lower())
        # Record files hold many articles, so the per-article cap applies per record.
        cap = None if kind in ("json", "jsonl") else options.max_article_bytes * 4
        if cap is not None and size > cap:
            raise InputError("file_too_large", label=label, size=size, cap=cap)
        text = _decode(path.read_bytes(), label)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError("unreadable", label=label, reason=exc.strerror or exc.__class__.__name__)
        return
    yield from _parse(text, kind or _sniff(text), label, options, url="")


def _load_url(url: str, options: LoadOptions) -> Iterator[Loaded | InputError]:
    url = redact_url(url)  # a password in the URL is never sent, stored or printed
    try:
        fetched = fetch(url, options.fetch)
        text = _decode(fetched.body, url)
    except InputError as exc:
        yield exc
        return
    content_type = fetched.content_type.lower()
    if "html" in content_type:
        kind = "html"
    elif "ndjson" in content_type or "jsonl" in content_type or url.endswith(".jsonl"):
        kind = "jsonl"
    elif "json" in content_type:
        kind = "json"
    else:
        kind = _sniff(text)
    yield from _parse(text, kind, url, options, url=fetched.url)


def _decode(data: bytes, label: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError("binary", label=label)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("not_utf8", label=label, offset=exc.start) from exc
    if not text.strip():
        raise InputError("file_empty", label=label)
    return text


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in text[:5000].lower():
        return "html"
    if head.startswith("{") and "\n{" in text.strip():
        return "jsonl"
    if head.startswith(("{", "[")):
        return "json"
    return "text"


def _parse(text: str, kind: str, label: str, options: LoadOptions, *, url: str) -> Iterator[Loaded | InputError]:
    items: list[Article | InputError]
    try:
        if kind == "jsonl":
            items = list(parse_jsonl(text, label=label))
        elif kind == "json":
            items = list(parse_json(text, label=label))
        elif kind == "html":
            items = [parse_html(text, label=label, url=url)]
        else:
            article = parse_raw_text(text)
            article.url = article.url or url
            items = [article]
    except InputError as exc:
        yield exc
        return
    for index, item in enumerate(items):
        if isinstance(item, InputError):
            yield item
            continue
        item_label = label if len(items) == 1 else f"{label}#{item.id or index + 1}"
        try:
            yield Loaded(item_label, finalize(item, item_label, options.max_article_bytes))
        except InputError as exc:
            yield exc


def finalize(article: Article, label: str, max_bytes: int) -> Article:
    """Check the size, then fill in the id and language."""
    size = len(article.text.encode("utf-8"))
    if not article.text.strip():
        raise InputError("no_text", label=label)
    if size > max_bytes:
        raise InputError("article_too_large", label=label, size=size, cap=max_bytes)
    article.url = redact_url(article.url)
    article.publisher = _CREDENTIALS.sub("", article.publisher)  # a host name taken from a URL with them
    article.id = stable_id(article)
    if not article.lang:
        article.lang = detect_language(article.text)
    return article
