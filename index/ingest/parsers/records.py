"""JSON and JSONL article records: {"id", "title", "text", "published_at", "publisher", "source", "url", "lang"}.

A record that cannot be read (malformed, nested too deeply for the parser, wrong field
types) is reported by its line or position and the rest still parse. A date that is not
a real one ("2022-02-30", "0000-00-00", "yesterday") is not stored: the article keeps no
date and the record is listed in `undated`, for the summary.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from index.errors import InputError
from index.ingest.articles import Article
from index.ingest.dates import parse_date

_STRING_FIELDS = ("id", "title", "publisher", "source", "url", "lang", "editor", "caption")


Undated = list[tuple[Article, str]]  # articles stored without the date their record gave, with that value


def article_from_record(record: object, *, label: str, undated: Undated | None = None) -> Article:
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
        if article.published_at is None and undated is not None:
            undated.append((article, published[:40]))
    related = record.get("related") or []
    if isinstance(related, list):
        # nested values are not headlines (and str() of a deep one recurses without end)
        article.related = [str(r) for r in related if isinstance(r, (str, int, float)) and str(r).strip()]
    return article


def parse_jsonl(
    lines: str | Iterable[str | InputError], *, label: str, undated: Undated | None = None
) -> Iterator[Article | InputError]:
    """One article per line (a text, or lines streamed from a file); a bad line is reported by number."""
    for number, line in enumerate(lines.splitlines() if isinstance(lines, str) else lines, start=1):
        if isinstance(line, InputError):  # a line the reader could not take (too long, not UTF-8)
            yield line
            continue
        if not line.strip():
            continue
        line_label = f"{label}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError("malformed_json_line", label=line_label, reason=exc.msg, column=exc.colno)
            continue
        except RecursionError:
            yield InputError("record_too_deep", label=line_label)
            continue
        try:
            yield article_from_record(record, label=line_label, undated=undated)
        except InputError as exc:
            yield exc
        except RecursionError:
            yield InputError("record_too_deep", label=line_label)


def parse_json(text: str, *, label: str, undated: Undated | None = None) -> Iterator[Article | InputError]:
    """A single record, a list of records, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError("malformed_json", label=label, reason=exc.msg, line=exc.lineno) from exc
    except RecursionError as exc:
        raise InputError("record_too_deep", label=label) from exc
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records):
        item_label = f"{label}[{number}]" if isinstance(data, list) else label
        try:
            yield article_from_record(record, label=item_label, undated=undated)
        except InputError as exc:
            yield exc
        except RecursionError:
            yield InputError("record_too_deep", label=item_label)
