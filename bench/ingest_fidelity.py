"""Ingest fidelity on peers' evaluation pages: Frontline's HTML ingest against htmldate.

The pages are not in this repository (licences, ~300 MB). Point the script at the `tests/`
folders of checkouts of https://github.com/adbar/htmldate and https://github.com/adbar/trafilatura
(their PyPI source distributions do not include the pages):

    .venv/bin/python bench/ingest_fidelity.py --htmldate ~/src/htmldate/tests --trafilatura ~/src/trafilatura/tests

Sets: htmldate's MediaCloud 2020 news pages (`eval_mediacloud_2020.json`, `test_set/`), htmldate's
default set (`eval_default.json`, `eval/`, `cache/`), trafilatura's `evaldata.json` (gold date and
title, `eval/`, `cache/`). Each page goes through Frontline as a fetched URL would (bytes →
`index.ingest.loader` decoding → HTML parser → finalize, the page's address known) and through
htmldate's `find_date(html, original_date=True, extensive_search=True)` on the same bytes.

Prints per set: date = gold day (Frontline, htmldate), pages refused (by kind), titles matching
the gold headline, dates with a stated offset, day-only dates, and publishers that look like a
URL, a copyright line, a @handle or an address (should be 0). `--json PATH` writes every page's row.

Titles get two figures. "title = gold" counts every page with a gold title. Some gold titles are
not on their page at all (a newer or older wording, a typo), and no reading of the page can give
them; "title = gold, among pages whose gold title is on the page" counts only those pages: a gold
title is on the page when its normalised words (`_norm`; a gold title cut short, as `title_matches`
allows, may end mid-word) equal, or are contained in, the normalised text of the page's <title>, og:title /
twitter:title, a JSON-LD headline, or any element's text (its text content, read both with and
without a space between its text pieces; scripts and styles left out). The page is decoded as it is
fed to Frontline (`index.ingest.loader` decoding, not lxml's own guess). Rows say `gold_on_page`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
import warnings
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_OFFSET = re.compile(r"[+-]\d\d:\d\d$")
_JUNK = re.compile(r"://|^@|©|&copy;|copyright|\(c\)|\b\d{4,5}\s+\w", re.IGNORECASE)


def _pages(htmldate: Path | None, trafilatura: Path | None) -> list[tuple[str, Path, str, str | None, str | None]]:
    """(set, file, url, gold date, gold title) for every page present."""
    rows: list[tuple[str, Path, str, str | None, str | None]] = []

    def add(name: str, gold_file: Path, folders: list[str]) -> None:
        for url, entry in json.loads(gold_file.read_text(encoding="utf-8")).items():
            path = next(
                (
                    gold_file.parent / f / entry["file"]
                    for f in folders
                    if (gold_file.parent / f / entry["file"]).exists()
                ),
                None,
            )
            if path is None:
                continue
            date = entry.get("date")
            date = date[:10] if isinstance(date, str) and re.match(r"(19|20)\d\d-\d\d-\d\d", date) else None
            title = entry.get("title") if isinstance(entry.get("title"), str) else None
            rows.append((name, path, url, date, title))

    if htmldate:
        add("htmldate-mediacloud", htmldate / "eval_mediacloud_2020.json", ["test_set"])
        add("htmldate-default", htmldate / "eval_default.json", ["eval", "cache"])
    if trafilatura:
        add("trafilatura", trafilatura / "evaldata.json", ["eval", "cache"])
    return rows


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.replace("\xad", "")).casefold()  # soft hyphens are invisible
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def title_matches(found: str, gold: str) -> bool:
    """Same words (soft hyphens ignored); gold titles cut short (some end mid-word) match their beginning."""
    f, g = _norm(found), _norm(gold)
    return bool(g) and (f == g or (len(g) >= 20 and f.startswith(g)))


def _on_page(html: str, gold: str) -> bool:
    """The gold title's words are those of, or within, a meta title or any element's text on the page."""
    import lxml.etree
    import lxml.html

    g = _norm(gold)
    if not g:
        return False
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8", "replace"), lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError):
        return False
    texts = [str(v) for v in tree.xpath("//title//text()")]
    for key in ("og:title", "twitter:title"):
        texts += [str(v) for v in tree.xpath(f"//meta[@property='{key}' or @name='{key}']/@content")]
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            stack = [json.loads(str(script))]
        except (ValueError, RecursionError):
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack += item
            elif isinstance(item, dict):
                texts += [item["headline"]] if isinstance(item.get("headline"), str) else []
                stack += [v for v in item.values() if isinstance(v, (list, dict))]
    for node in tree.xpath("//script | //style | //noscript | //template"):
        node.drop_tree()
    for node in tree.iter():
        if isinstance(node.tag, str):
            texts += [node.text_content(), " ".join(node.itertext())]
    cut = len(g) >= 20  # gold titles cut short match their beginning (title_matches)
    return any(f" {g} " in f" {n} " or (cut and f" {g}" in f" {n}") for n in map(_norm, texts))


def _run(row: tuple[str, Path, str, str | None, str | None]) -> dict:
    from htmldate import find_date

    from index.errors import InputError
    from index.ingest.loader import Loaded, LoadOptions, _decode, _parse

    name, path, url, gold_date, gold_title = row
    data = path.read_bytes()
    out: dict = {"set": name, "file": path.name, "url": url, "gold_date": gold_date, "gold_title": gold_title}
    warnings.simplefilter("ignore")
    try:
        found = find_date(data, original_date=True, extensive_search=True)
    except Exception as exc:  # noqa: BLE001 - a peer's failure is a row, not a crash
        found = f"error: {exc.__class__.__name__}"
    out["htmldate"] = found
    text = ""
    try:
        try:
            text, replaced = _decode(data, url, kind="html")
            items = list(_parse(text, "html", url, LoadOptions(), url=url, replaced=replaced))
        except TypeError:  # the loader before issue 14 (for before/after figures): UTF-8 only
            text, replaced = _decode(data, url), ""
            items = list(_parse(text, "html", url, LoadOptions(), url=url))
    except InputError as exc:
        items = [exc]
    out["gold_on_page"] = bool(gold_title and text and _on_page(text, gold_title))
    item = items[0] if items else None
    if isinstance(item, Loaded):
        a = item.article
        out.update(date=a.published_at, title=a.title, publisher=a.publisher, replaced=replaced)
    else:
        out["refused"] = item.kind if isinstance(item, InputError) else "nothing"
    return out


def _report(rows: list[dict]) -> None:
    for name in sorted({r["set"] for r in rows}) + ["all"]:
        rs = [r for r in rows if name in ("all", r["set"])]
        dated = [r for r in rs if r["gold_date"]]
        ours = sum((r.get("date") or "")[:10] == r["gold_date"] for r in dated)
        theirs = sum((r.get("htmldate") or "")[:10] == r["gold_date"] for r in dated)
        titled = [r for r in rs if r["gold_title"]]
        titles = sum(title_matches(r.get("title") or "", r["gold_title"]) for r in titled)
        on_page = [r for r in titled if r.get("gold_on_page")]
        titles_on_page = sum(title_matches(r.get("title") or "", r["gold_title"]) for r in on_page)
        refused = Counter(r["refused"] for r in rs if "refused" in r)
        stored = [r["date"] for r in rs if r.get("date")]
        offsets = sum(bool(_OFFSET.search(d)) for d in stored)
        junk = [r["publisher"] for r in rs if r.get("publisher") and _JUNK.search(r["publisher"])]
        jan1 = sum(1 for r in dated if (r.get("date") or "")[5:10] == "01-01" and r["date"][:10] != r["gold_date"])
        print(f"\n== {name}: {len(rs)} pages")
        if dated:
            print(f"date = gold day     Frontline {ours}/{len(dated)} = {ours / len(dated):.3f}   "
                  f"htmldate {theirs}/{len(dated)} = {theirs / len(dated):.3f}")  # fmt: skip
            print(f"wrong 1 January     {jan1}")
        if titled:
            print(f"title = gold        {titles}/{len(titled)} = {titles / len(titled):.3f}")
            if on_page:
                print(f"title = gold, among pages whose gold title is on the page   "
                      f"{titles_on_page}/{len(on_page)} = {titles_on_page / len(on_page):.3f}")  # fmt: skip
        print(f"refused             {sum(refused.values())} {dict(refused)}")
        print(f"dates stored        {len(stored)}: day only {sum(len(d) == 10 for d in stored)}, "
              f"with offset {offsets}")  # fmt: skip
        print(f"bytes replaced      {sum(1 for r in rs if r.get('replaced'))} pages")
        print(f"junk publishers     {len(junk)} {junk[:5]}")
        print(f"no publisher        {sum(1 for r in rs if 'refused' not in r and not r.get('publisher'))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--htmldate", type=Path, help="htmldate checkout's tests/ folder")
    parser.add_argument("--trafilatura", type=Path, help="trafilatura checkout's tests/ folder")
    parser.add_argument("--limit", type=int, default=0, help="at most this many pages per set (0: all)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--json", type=Path, help="write every page's row here")
    args = parser.parse_args()
    if not args.htmldate and not args.trafilatura:
        parser.error("give --htmldate and/or --trafilatura")
    pages = _pages(args.htmldate, args.trafilatura)
    if args.limit:
        seen: Counter[str] = Counter()
        pages = [p for p in pages if (seen.update([p[0]]) or seen[p[0]] <= args.limit)]
    with Pool(args.jobs) as pool:
        rows = pool.map(_run, pages, chunksize=4)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    _report(rows)


if __name__ == "__main__":
    main()
