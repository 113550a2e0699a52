"""How often an answer cites one story twice, with and without grouping near-duplicate articles.

    python -m bench.stories INDEX QUESTIONS.jsonl [--k 5] [--json OUT]

Runs every question through `Frontline.ask` twice in one process: citing each story
once (the default) and citing articles as they rank. An answer "cites a story twice"
when two of its citations come from different articles whose passages are at least 90 %
the same text (difflib's ratio): a measure independent of the MinHash grouping itself.
Also reports R@1 / R@5 by article id (a copy of the expected article counts as found when
the story is cited once, through the citation's `also` list).
"""

from __future__ import annotations

import argparse
import difflib
import json
from dataclasses import replace
from itertools import combinations
from pathlib import Path

from bench.common import read_jsonl
from index.config import Settings
from index.service import Frontline

SAME_TEXT = 0.9


def cites_a_story_twice(citations: list) -> bool:
    for a, b in combinations(citations, 2):
        if a.article_id != b.article_id and difflib.SequenceMatcher(None, a.passage, b.passage).ratio() >= SAME_TEXT:
            return True
    return False


def run(service: Frontline, questions: list[dict], k: int) -> dict:
    twice = r1 = r5 = 0
    for q in questions:
        answer = service.ask(q["question"], k=k)
        twice += cites_a_story_twice(answer.citations)
        ranked = [{c.article_id, *(a["article_id"] for a in c.also)} for c in answer.citations]
        expected = q.get("expected_article_id")
        r1 += bool(ranked) and expected in ranked[0]
        r5 += any(expected in ids for ids in ranked[:5])
    n = len(questions)
    return {"questions": n, "cites_a_story_twice": round(twice / n, 4), "r1": round(r1 / n, 4), "r5": round(r5 / n, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    questions = read_jsonl(args.questions)
    service = Frontline(Settings(FRONTLINE_INDEX_DIR=args.index))
    grouped = run(service, questions, args.k)
    service.answering = replace(service.answering, one_per_story=False)
    ungrouped = run(service, questions, args.k)
    result = {"one_citation_per_story": grouped, "articles_as_ranked": ungrouped}
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
