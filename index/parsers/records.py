"""JSON and JSONL article records: {"id", "title", "text", "published_at", "publisher", "source", "url", "lang"}."""

from __future__ import annotations

import json
from collections.abc import Iterator

from index.articles import Article
from index.dates import parse_date
from index.errors import InputError

_STRING_FIELDS = ("id", "title", "publisher", "source", "url", "lang", "editor", "caption")


def article_from_record(record: object, *, label: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{label}: expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{label}: record has no 'text'")
    article = Article(text=text.strip())
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, (int, float)) and name == "id":
            value = str(value)
        if not isinstance(value, str):
            raise InputError(f"{label}: field '{name}' must be a string")
        setattr(article, name, value.strip())
    published = record.get("published_at") or record.get("date")
    if published:
        if not isinstance(published, str):
            raise InputError(f"{label}: field 'published_at' must be a string")
        article.published_at = parse_date(published)
        if article.published_at is None:
            raise InputError(f"{label}: cannot read the date {published!r}")
    related = record.get("related") or []
    if isinstance(related, list):
        article.related = [str(r) for r in related if str(r).strip()]
    return article


def parse_jsonl(text: str, *, label: str) -> Iterator[Article | InputError]:
    """One article per line; a bad line is reported by number and the rest still parse."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        line_label = f"{label}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{line_label}: malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield article_from_record(record, label=line_label)
        except InputError as exc:
            yield exc


def parse_json(text: str, *, label: str) -> Iterator[Article | InputError]:
    """A single record, a list of records, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}: malformed JSON ({exc.msg} at line {exc.lineno})") from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records):
        item_label = f"{label}[{number}]" if isinstance(data, list) else label
        try:
            yield article_from_record(record, label=item_label)
        except InputError as exc:
            yield exc
