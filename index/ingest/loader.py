"""Turn what a user names (files, folders, URLs) into articles ready to index.

Every problem becomes an `InputError` naming its input, yielded in place of an article,
so one bad file (or record) never stops the rest of a batch. Inside a folder, links that
lead out of it are not followed (each is reported). JSONL files are read a line at a
time (each line capped like an article); a `.json` file is read whole, so it has a cap of
its own (`max_json_bytes`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from index.errors import InputError
from index.ingest.articles import Article, stable_id
from index.ingest.decoding import decode, has_bom
from index.ingest.fetch import FetchPolicy, fetch, redact_url
from index.ingest.language import detect_language
from index.ingest.parsers.raw_text import parse_raw_text
from index.ingest.parsers.records import Undated, parse_json, parse_jsonl

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
    max_json_bytes: int = 64_000_000  # a .json file is parsed whole; larger collections belong in .jsonl


@dataclass(frozen=True)
class Loaded:
    label: str  # where the article came from, for messages
    article: Article
    date_dropped: str = ""  # the date its source gave that is not a real one (stored without a date)
    replaced_bytes: str = ""  # e.g. "3 bytes not windows-1252": unreadable bytes kept as U+FFFD


def load_inputs(inputs: Iterable[str], options: LoadOptions) -> Iterator[Loaded | InputError]:
    for raw in inputs:
        if raw.startswith(("http://", "https://")) or "://" in raw:
            yield from _load_url(raw, options)
            continue
        path = Path(raw)
        if path.is_dir():
            files, outside = _folder_files(path)
            for link in outside:
                yield InputError("link_outside_folder", label=str(link), folder=raw)
            if not files and not outside:
                yield InputError("folder_empty", label=raw)
            for file in files:
                yield from _load_file(file, options)
        elif path.exists():
            yield from _load_file(path, options)
        else:
            yield InputError("input_missing", label=raw)


def _folder_files(root: Path) -> tuple[list[Path], list[Path]]:
    """Files under `root` (hidden ones skipped), and the links among them that lead out of it.

    Links to folders are never descended into; a link to a file inside `root` is read.
    """
    base = root.resolve()
    files: list[Path] = []
    outside: list[Path] = []
    for folder, dirs, names in os.walk(root):  # does not follow links to folders
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [d for d in dirs if (here / d).is_symlink()]:
            dirs.remove(name)
            if not (here / name).resolve().is_relative_to(base):
                outside.append(here / name)
        for name in sorted(names):
            path = here / name
            if name.startswith("."):
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(base):
                outside.append(path)
            elif path.is_file():
                files.append(path)
    return sorted(files), sorted(outside)


def _load_file(path: Path, options: LoadOptions) -> Iterator[Loaded | InputError]:
    label = str(path)
    kind = _EXTENSIONS.get(path.suffix.lower())
    try:
        size = path.stat().st_size
        if size == 0:
            raise InputError("file_empty", label=label)
        if kind == "jsonl":
            yield from _parse_lines(path, label, options)
            return
        cap = options.max_json_bytes if kind == "json" else options.max_article_bytes * 4
        if size > cap:
            raise InputError("json_too_large" if kind == "json" else "file_too_large", label=label, size=size, cap=cap)
        text, replaced = _decode(path.read_bytes(), label, kind=kind or "")
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError("unreadable", label=label, reason=exc.strerror or exc.__class__.__name__)
        return
    yield from _parse(text, kind or _sniff(text), label, options, url="", replaced=replaced)


def _parse_lines(path: Path, label: str, options: LoadOptions) -> Iterator[Loaded | InputError]:
    """A JSONL file read a line at a time, never whole; a line over the article cap is skipped unread."""
    undated: Undated = []
    line_cap = options.max_article_bytes * 4  # the text plus its metadata and JSON escapes
    with open(path, "rb") as fh:
        head = fh.read(8192)
        if b"\x00" in head:
            raise InputError("binary", label=label)
        fh.seek(0)
        lines = _capped_lines(fh, label, line_cap)
        for number, item in enumerate(parse_jsonl(lines, label=label, undated=undated), start=1):
            yield _finish(item, f"{label}#{item.id or number}" if isinstance(item, Article) else "", options, undated)


def _capped_lines(fh: BinaryIO, label: str, cap: int) -> Iterator[str | InputError]:
    number = 0
    while True:
        raw = fh.readline(cap + 1)
        if not raw:
            return
        number += 1
        if len(raw) > cap and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # drop the rest of the line, a block at a time
                raw = fh.readline(1 << 20)
            yield InputError("line_too_large", label=f"{label}:{number}", cap=cap)
            continue
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield InputError("not_utf8", label=f"{label}:{number}", offset=exc.start)


def _load_url(url: str, options: LoadOptions) -> Iterator[Loaded | InputError]:
    url = redact_url(url)  # a password in the URL is never sent, stored or printed
    try:
        fetched = fetch(url, options.fetch)
        content_type = fetched.content_type.lower()
        if "html" in content_type:
            kind = "html"
        elif "ndjson" in content_type or "jsonl" in content_type or url.endswith(".jsonl"):
            kind = "jsonl"
        elif "json" in content_type:
            kind = "json"
        else:
            kind = ""
        text, replaced = _decode(fetched.body, url, kind=kind, content_type=fetched.content_type)
    except InputError as exc:
        yield exc
        return
    yield from _parse(text, kind or _sniff(text), url, options, url=fetched.url, replaced=replaced)


def _decode(data: bytes, label: str, *, kind: str, content_type: str = "") -> tuple[str, str]:
    """The text, and a note on bytes that could not be read ("" when none).

    JSON is UTF-8 by definition and stays strict; HTML and plain text are decoded as a
    browser would (`index/ingest/decoding.py`), never refused for their encoding.
    """
    if b"\x00" in data[:8192] and not has_bom(data):
        raise InputError("binary", label=label)
    if kind in ("json", "jsonl"):
        try:
            text, note = data.decode("utf-8-sig"), ""
        except UnicodeDecodeError as exc:
            raise InputError("not_utf8", label=label, offset=exc.start) from exc
    else:
        html = kind == "html" or (not kind and _sniff(data[:5000].decode("latin-1")) == "html")
        decoded = decode(data, html=html, content_type=content_type)
        text, n = decoded.text, decoded.replaced
        note = f"{n} {'byte' if n == 1 else 'bytes'} not {decoded.encoding}" if n else ""
    if not text.strip():
        raise InputError("file_empty", label=label)
    return text, note


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in text[:5000].lower():
        return "html"
    if head.startswith("{") and "\n{" in text.strip():
        return "jsonl"
    if head.startswith(("{", "[")):
        return "json"
    return "text"


def _parse(
    text: str, kind: str, label: str, options: LoadOptions, *, url: str, replaced: str = ""
) -> Iterator[Loaded | InputError]:
    items: list[Article | InputError]
    undated: Undated = []
    try:
        if kind == "jsonl":
            items = list(parse_jsonl(text, label=label, undated=undated))
        elif kind == "json":
            items = list(parse_json(text, label=label, undated=undated))
        elif kind == "html":
            from index.ingest.parsers.html import parse_html  # trafilatura: ~0.2 s of imports a JSONL add never needs

            items = [parse_html(text, label=label, url=url)]
        else:
            article = parse_raw_text(text)
            article.url = article.url or url
            items = [article]
    except InputError as exc:
        yield exc
        return
    except RecursionError:  # markup or JSON nested beyond what the parsers can walk
        yield InputError("record_too_deep", label=label)
        return
    for index, item in enumerate(items):
        item_label = label if len(items) == 1 else f"{label}#{getattr(item, 'id', '') or index + 1}"
        yield _finish(item, item_label, options, undated, replaced)


def _finish(
    item: Article | InputError, label: str, options: LoadOptions, undated: Undated, replaced: str = ""
) -> Loaded | InputError:
    if isinstance(item, InputError):
        return item
    try:
        article = finalize(item, label, options.max_article_bytes)
    except InputError as exc:
        return exc
    dropped = ""
    if undated and undated[0][0] is item:  # records are finished in the order they were parsed
        dropped = undated.pop(0)[1]
    return Loaded(label, article, date_dropped=dropped, replaced_bytes=replaced)


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
