"""Hubness across writes: an index written in one add against the same articles added in two.

    .venv/bin/python -m bench.hubness_growth [--cap 1000] [--work DIR]

The index holds the sample article and every dev set's articles (as `make eval`'s combined
index). "one write" adds them all at once; "two writes" adds the sample and FacQA's Indonesian
articles first and Warline's Ukrainian ones after. With the hubness reference capped at `--cap`
chunks (16,384 in the product; the cap lets a small corpus fill it), the first write fills the
reference with Indonesian chunks, and the Ukrainian ones come in when it is full: they join it
by reservoir sampling (index/store/hubness.py) or, before it, not at all. Prints R@1 / R@5 of
the sample's cross-lingual questions, FacQA's cross-lingual ones and Warline's, and how many
Ukrainian chunks the reference holds, for both ways of writing. Equal lines mean the reference
follows what was written, whatever the order.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from bench.common import ROOT, eval_root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=int, default=1000, help="hubness reference size (the product's: 16384)")
    parser.add_argument("--work", type=Path, help="where the two indexes go (default: a temporary folder)")
    opts = parser.parse_args()

    import index.store.folder as folder
    import index.store.merge as merge
    from index.config import Settings
    from index.eval.evaluate import evaluate, format_table, load_questions
    from index.service import Frontline
    from index.store.hubness import Reference

    folder.SAMPLE = merge.SAMPLE = opts.cap  # the modules read it at each write
    root = eval_root()
    indonesian = [str(ROOT / "samples"), str(root / "facqa-train" / "articles.jsonl")]
    ukrainian = [str(root / "warline-dev" / "articles.jsonl")]
    sets = {
        "sample cross-lingual": ROOT / "tests" / "data" / "sample-crosslingual.jsonl",
        "facqa cross-lingual": ROOT / "tests" / "data" / "facqa-crosslingual.jsonl",
        "warline": root / "warline-dev" / "questions.jsonl",
    }
    work = opts.work or Path(tempfile.mkdtemp(prefix="hubness-growth-"))
    rows = []
    for label, writes in (("one write", [indonesian + ukrainian]), ("two writes", [indonesian, ukrainian])):
        path = work / label.replace(" ", "-")
        shutil.rmtree(path, ignore_errors=True)
        service = Frontline(Settings(FRONTLINE_INDEX_DIR=path))
        for inputs in writes:
            service.add(service.load(inputs))
        current = folder.IndexDir(path).require_current()
        reference = Reference.load(next(current.glob("reference-*.npz")))
        uk = {
            row[0]
            for row in service.snapshot().conn.execute(
                "SELECT c.id FROM chunks c JOIN articles a ON a.row_id = c.article_row WHERE a.lang = 'uk'"
            )
        }
        held = sum(int(i) in uk for i in reference.ids)
        print(f"{label}: reference {len(reference)} chunks, {held} of them Ukrainian")
        for name, questions in sets.items():
            results = evaluate(service, load_questions(questions), ("hybrid",))
            rows += [(f"{label}: {name}", mode, result) for mode, result in results.items()]
    print(format_table(rows))
    if opts.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
