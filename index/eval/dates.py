"""Dates in questions, measured: headline questions asked with their date, a wrong date, a date in a name.

From a set's `kind=headline` questions and their `expected_date`, builds variants and
reports hybrid R@1 / R@5 / MRR for each, with dates read (index/search/when.py) and, for
comparison, with the date left as words (`FusionParams.read_dates` off):

- plain: the headline as it is;
- dated: " on 13 May 2022" appended (the expected article's day);
- wrong month: the date moved 4 months later (a day the set has no report from);
- wrong week: the date moved 7 days later (a reported day, but the wrong one);
- named: " after the 24 February invasion" appended, a date that names an event,
  for the questions whose article is from another day; and its Ukrainian form
  (" після вторгнення 24 лютого").

    python -m index.eval.dates ../shared/eval/warline-dev data/eval/warline-dev [--boost 0.1] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from index.config import Settings
from index.eval.evaluate import Question, evaluate, format_table, load_questions, of_kind
from index.service import Frontline

NAMED_DAY = "2022-02-24"
NAMED = {"named": " after the 24 February invasion", "named (uk)": " після вторгнення 24 лютого"}


def spoken(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def variants(questions: list[Question]) -> dict[str, list[Question]]:
    dated = [q for q in questions if q.expected_date]

    def shifted(days: int) -> list[Question]:
        out = []
        for q in dated:
            day = date.fromisoformat(q.expected_date) + timedelta(days=days)
            out.append(replace(q, question=f"{q.question} on {spoken(day)}"))
        return out

    sets = {"plain": dated, "dated": shifted(0), "wrong month": shifted(122), "wrong week": shifted(7)}
    others = [q for q in dated if q.expected_date != NAMED_DAY]
    for name, phrase in NAMED.items():
        sets[f"{name} (plain)"] = others
        sets[name] = [replace(q, question=q.question + phrase) for q in others]
    return sets


def run(eval_dir: Path, index: Path, boost: float | None, name_boost: float | None) -> list[tuple[str, str, dict]]:
    service = Frontline(Settings(FRONTLINE_INDEX_DIR=index))
    if boost is not None:
        service.fusion = replace(service.fusion, date_boost=boost)
    if name_boost is not None:
        service.fusion = replace(service.fusion, name_date_boost=name_boost)
    reading, words = service.fusion, replace(service.fusion, read_dates=False)
    headlines = of_kind(load_questions(eval_dir / "questions.jsonl"), "headline")
    rows = []
    for label, asked in variants(headlines).items():
        for how, params in (("dates read", reading), ("as words", words)):
            if label.endswith("(plain)") and how == "as words":
                continue
            service.fusion = params
            metrics = evaluate(service, asked, ("hybrid",), answers=False)["hybrid"]
            rows.append((label, how, metrics))
            print(f"{label:>20} {how:>10}: R@5 {metrics['r@5']:.3f}", file=sys.stderr, flush=True)
    service.fusion = reading
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.eval.dates", description=__doc__.splitlines()[0])
    parser.add_argument("eval_dir", type=Path, help="a set folder with questions.jsonl (e.g. warline-dev)")
    parser.add_argument("index", type=Path, help="its index (make eval builds data/eval/<set>)")
    parser.add_argument("--boost", type=float, default=None, help="FusionParams.date_boost to try")
    parser.add_argument("--name-boost", type=float, default=None, help="FusionParams.name_date_boost to try")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.eval_dir, args.index, args.boost, args.name_boost)
    if args.json:
        for label, how, metrics in rows:
            print(json.dumps({"variant": label, "dates": how, **metrics}))
    else:
        print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
