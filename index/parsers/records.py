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
        raise InputError("not_object", label=label, type=type(record).__name__)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("record_no_text", label=label)
    article = Article(text=text.strip())
    for name in _STRING_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, (int, float)) and name == "id":
            value = str(value)
        if not isinstance(value, str):
            raise InputError("field_not_string", label=label, field=name)
        setattr(article, name, value.strip())
    published = record.get("published_at") or record.get("date")
    if published:
        if not isinstance(published, str):
            raise InputError("field_not_string", label=label, field="published_at")
        article.published_at = parse_date(published)
        if article.published_at is None:
            raise InputError("bad_date", label=label, value=published)
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
            yield InputError("malformed_json_line", label=line_label, reason=exc.msg, column=exc.colno)
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
        raise InputError("malformed_json", label=label, reason=exc.msg, line=exc.lineno) from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records):
        item_label = f"{label}[{number}]" if isinstance(data, list) else label
        try:
            yield article_from_record(record, label=item_label)
        except InputError as exc:
            yield exc
