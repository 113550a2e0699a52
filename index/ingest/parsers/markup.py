"""Reading a raw HTML page as a reader sees it: the parsed tree, visible text, meta tags, JSON-LD.

Shared by the headline (`headline.py`) and the date and publisher (`page_meta.py`) readers.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings

import lxml.html
from lxml.etree import ParserError

CJK = "\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef"
UNREAD = {"script", "style", "noscript", "template", "rt", "rp", "button", "svg", "select"}  # not read aloud
_HIDDEN = re.compile(
    r"(?:^|\s)(?:(?:is|u|a11y|element)-)?(?:hidden|\S*visually-?hidden|sr-only|screen-reader-text|aural|invisible|"
    r"hiddenelement)(?:$|\s)",
    re.IGNORECASE,
)
_PARSER = lxml.html.HTMLParser(encoding="utf-8")  # the text is already decoded: never re-read a <meta charset>


def parse_tree(html: str) -> lxml.html.HtmlElement | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (ParserError, ValueError):
        return None


def norm(text: str) -> str:
    """Words only, case-folded: 'Kyiv – "Shelling" ' -> 'kyiv shelling'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def pieces(node: lxml.html.HtmlElement, out: list[str]) -> None:
    if node.text:
        out.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and child.tag.lower() not in UNREAD:
            pieces(child, out)
        if child.tail:
            out.append(child.tail)


def text(node: lxml.html.HtmlElement) -> str:
    """The text a reader sees: no scripts, styles or ruby readings ("子こども" -> "子ども")."""
    out: list[str] = []
    pieces(node, out)
    return " ".join("".join(out).replace("\xad", "").split())  # soft hyphens: "Mes\xadsen\xadger" -> "Messenger"


def hidden(node: lxml.html.HtmlElement) -> bool:
    style = (node.get("style") or "").replace(" ", "").lower()
    return bool(_HIDDEN.search(node.get("class") or "")) or "display:none" in style or node.get("hidden") is not None


def meta(tree: lxml.html.HtmlElement, *keys: str) -> str:
    for key in keys:
        for value in tree.xpath(f"//meta[@property='{key}' or @name='{key}']/@content"):
            if str(value).strip():
                return " ".join(str(value).split())
    return ""


def json_ld(tree: lxml.html.HtmlElement) -> list[dict]:
    items: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()")[:10]:
        try:
            data = json.loads(str(script))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(items) < 50:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                items.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return items
