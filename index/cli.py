"""The `frontline` command line: index war coverage, ask it questions, look up sources."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from index.errors import FrontlineError

if TYPE_CHECKING:
    from index.service import Frontline


def _service(index: Path | None, model: str | None = None) -> Frontline:
    from index.config import Settings
    from index.service import Frontline

    overrides: dict[str, Any] = {}
    if index is not None:
        overrides["FRONTLINE_INDEX_DIR"] = index
    if model:
        overrides["FRONTLINE_MODEL"] = model
    return Frontline(Settings(**overrides))


def domain_errors(func: Callable) -> Callable:
    """Domain errors become one line on stderr and exit status 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FrontlineError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def _storage_errors(func: Callable) -> Callable:
    """An unwritable index folder or model cache (PermissionError, a file in the way) is one line too."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OSError as exc:
            error = FrontlineError(
                "path_unusable", path=exc.filename or "?", reason=exc.strerror or exc.__class__.__name__
            )
            raise click.ClickException(str(error)) from exc

    return wrapper


index_option = click.option(
    "--index", "index", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Index folder (default: $FRONTLINE_INDEX_DIR or data/index).",
)  # fmt: skip
model_option = click.option(
    "--model", default=None, help="Embedding model: name, hub id or folder (default: offline multilingual-e5-small)."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=None))


@click.group()
@click.version_option(package_name="frontline")
def main() -> None:
    """Frontline: answers questions about war coverage, citing dated, sourced passages.

    \b
    Quick start:
      frontline index add samples/
      frontline ask "how many people crossed into Finland?"
    """


@main.group("index")
def index_group() -> None:
    """Add, remove and inspect indexed articles."""


@index_group.command("add")
@click.argument("inputs", nargs=-1, required=True)
@index_option
@model_option
@domain_errors
@_storage_errors
def index_add(inputs: tuple[str, ...], index: Path | None, model: str | None) -> None:
    """Index articles from files, folders (recursive) or http(s) URLs.

    Raw scraped text (.txt), HTML pages, JSON and JSONL records are understood. Adding
    an unchanged article changes nothing; a changed one replaces its old passages. Bad
    inputs are reported one line each and the rest are still indexed (exit status 1).

    \b
    Examples:
      frontline index add samples/
      frontline index add articles.jsonl https://example.org/story.html --index data/index
    """
    from tqdm import tqdm

    service = _service(index, model)
    items = service.load(inputs)
    for item in items:
        if isinstance(item, FrontlineError):
            click.echo(f"error: {item}", err=True)
    articles = sum(1 for item in items if not isinstance(item, FrontlineError))
    with tqdm(total=articles, unit="article", disable=None, file=sys.stderr, leave=False) as bar:
        report = service.add(items, progress=bar.update)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@index_group.command("remove")
@click.argument("article_ids", nargs=-1, required=True)
@index_option
@domain_errors
@_storage_errors
def index_remove(article_ids: tuple[str, ...], index: Path | None) -> None:
    """Remove articles (and their passages) by id."""
    report = _service(index).remove(article_ids)
    for article_id in report.missing:
        click.echo(f"error: no article with id {article_id!r}", err=True)
    click.echo(f"removed {len(report.removed)}")
    if report.missing:
        sys.exit(1)


@index_group.command("stats")
@index_option
@json_option
@domain_errors
@_storage_errors
def index_stats(index: Path | None, as_json: bool) -> None:
    """Counts, model and dimension of an index."""
    from dataclasses import asdict

    stats = _service(index).stats()
    if as_json:
        _print_json(asdict(stats))
    else:
        counts = f"{stats.articles} articles, {stats.chunks} chunks"
        click.echo(f"{counts}, model {stats.model} (dim {stats.dim}), generation {stats.generation}")


@index_group.command("check")
@index_option
@model_option
@json_option
@domain_errors
@_storage_errors
def index_check(index: Path | None, model: str | None, as_json: bool) -> None:
    """Look for damage: unreadable files, FAISS and SQLite out of step, wrong model.

    Exit status 1 when anything is wrong; `frontline index repair` fixes it.
    """
    report = _service(index, model).check()
    if as_json:
        _print_json({"generation": report.generation, "ok": report.ok, "problems": report.problems})
    elif report.ok:
        click.echo(f"ok ({report.generation})")
    else:
        for problem in report.problems:
            click.echo(f"problem: {problem}")
    if not report.ok:
        sys.exit(1)


@index_group.command("repair")
@index_option
@model_option
@domain_errors
@_storage_errors
def index_repair(index: Path | None, model: str | None) -> None:
    """Rebuild chunks, vectors and BM25 from the stored article text (also to change --model)."""
    report = _service(index, model).repair()
    click.echo(f"rebuilt: {report.summary()}")


@index_group.command("export")
@click.option(
    "--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True, help="JSONL file to write."
)
@index_option
@domain_errors
@_storage_errors
def index_export(output: Path, index: Path | None) -> None:
    """Write every article with all its metadata as JSONL (read back by `index import`)."""
    count = _service(index).export(output)
    click.echo(f"exported {count} articles to {output}")


@index_group.command("import")
@click.argument("jsonl", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@index_option
@model_option
@domain_errors
@_storage_errors
def index_import(jsonl: Path, index: Path | None, model: str | None) -> None:
    """Index an export made by `index export`, e.g. into a new folder with another --model."""
    service = _service(index, model)
    report = service.add(service.load([str(jsonl)]))
    for failure in report.failed:
        click.echo(f"error: {failure}", err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@main.command("ask")
@click.argument("question", required=False)
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 50), help="Passages to cite.")
@click.option("--batch", type=click.File("r", encoding="utf-8"), help='JSONL file of {"id", "question"} lines.')
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default="hybrid", show_default=True)
@index_option
@model_option
@json_option
@domain_errors
def ask(
    question: str | None, k: int, batch: TextIO | None, mode: str, index: Path | None, model: str | None, as_json: bool
) -> None:
    """Answer a question from the indexed articles, with numbered citations.

    \b
    Examples:
      frontline ask "how many people crossed into Finland?"
      frontline ask "Which Russian ally will not recognize the referendum?" --json
      frontline ask --batch questions.jsonl --json > answers.jsonl
    """
    from index.formatting import format_answer

    service = _service(index, model)
    if batch is not None:
        _ask_batch(service, batch, k, mode)
        return
    if not question:
        raise click.UsageError("give a QUESTION or --batch FILE")
    answer = service.ask(question, k=k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        _print_json(answer.to_json())
    else:
        click.echo(format_answer(answer))


def _ask_batch(service: Frontline, batch: TextIO, k: int, mode: str) -> None:
    failed = False
    for number, line in enumerate(batch, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            question, qid = record["question"], record.get("id", number)
        except (json.JSONDecodeError, KeyError, TypeError):
            click.echo(f"error: {batch.name}:{number}: expected a JSON object with a 'question'", err=True)
            failed = True
            continue
        try:
            result = {"id": qid, **service.ask(question, k=k, mode=mode).to_json()}  # type: ignore[arg-type]
        except FrontlineError as exc:
            result = {"id": qid, "question": question, "error": str(exc)}
            failed = True
        _print_json(result)
    if failed:
        sys.exit(1)


@main.command("eval")
@click.argument("questions", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--compare", default="dense,bm25,hybrid", show_default=True, help="Retrieval modes, comma-separated.")
@click.option("--kind", default="", help="Only questions of this kind (e.g. translation, headline).")
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 50), help="Passages cited per question.")
@index_option
@model_option
@json_option
@domain_errors
def evaluate(
    questions: Path, compare: str, kind: str, k: int, index: Path | None, model: str | None, as_json: bool
) -> None:
    """Measure retrieval and answers on a question set, one line per mode.

    R@1, R@5 and MRR of the expected article (or passage), answer-hit (an expected
    answer string inside the answer), median answer length, and whether the top
    citation has the expected date and source. Question lines: {"id", "question",
    "expected_article_id"?, "expected_passage_contains"?, "expected_answers"?,
    "expected_date"?, "expected_source"?, "kind"?}.

    \b
    Examples:
      frontline eval questions.jsonl --index data/eval/facqa-train
      frontline eval questions.jsonl --kind headline --compare dense,hybrid --json
    """
    from index import evaluate as ev

    modes = ev.parse_modes(compare)
    selected = ev.of_kind(ev.load_questions(questions), kind)
    results = ev.evaluate(_service(index, model), selected, modes, k=k)
    if as_json:
        _print_json(ev.as_json(results))
    else:
        label = questions.stem + (f" ({kind})" if kind else "")
        click.echo(ev.format_table([(label, mode, metrics) for mode, metrics in results.items()]))


@main.command("source")
@click.argument("article_id")
@index_option
@json_option
@domain_errors
def source(article_id: str, index: Path | None, as_json: bool) -> None:
    """Show one article's metadata, related headlines and passage count."""
    from index.formatting import format_source, source_json

    info = _service(index).source(article_id)
    if as_json:
        _print_json(source_json(info))
    else:
        click.echo(format_source(info))


@main.command("sources")
@click.option("--query", default="", help="Match title, id, publisher or source.")
@click.option("--publisher", default="", help="Match publisher or original source.")
@click.option("--from", "date_from", default="", help="Published on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", default="", help="Published on or before (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@index_option
@json_option
@domain_errors
@_storage_errors
def sources(
    query: str, publisher: str, date_from: str, date_to: str, limit: int, index: Path | None, as_json: bool
) -> None:
    """List indexed articles, newest first, optionally filtered."""
    from index.formatting import format_source_line, source_json

    for option, value in (("--from", date_from), ("--to", date_to)):
        _check_date_option(option, value)
    found = _service(index).sources(query=query, publisher=publisher, date_from=date_from, date_to=date_to, limit=limit)
    if as_json:
        _print_json([source_json(info, with_text=False) for info in found])
        return
    if not found:
        click.echo("no matching articles")
    for info in found:
        click.echo(format_source_line(info))


def _check_date_option(option: str, value: str) -> None:
    """`--from` / `--to` must be a real YYYY-MM-DD date ("zzz" would compare as text and match nothing)."""
    from datetime import date

    try:
        valid = not value or (len(value) == 10 and bool(date.fromisoformat(value)))
    except ValueError:
        valid = False
    if not valid:
        raise FrontlineError("bad_date_option", option=option, value=value)


@main.command("feedback")
@index_option
@json_option
def feedback(index: Path | None, as_json: bool) -> None:
    """Export readers' 👍 / 👎 votes on answers (user ids are salted hashes)."""
    from index.config import Settings
    from index.feedback import FeedbackStore, feedback_path

    settings = Settings(FRONTLINE_INDEX_DIR=index) if index else Settings()
    path = feedback_path(settings.index_dir)
    rows = FeedbackStore(path).export() if path.exists() else []
    if as_json:
        _print_json([row.to_json() for row in rows])
        return
    for row in rows:
        mark = "+1" if row.vote > 0 else "-1"
        click.echo(f"{row.voted_at}  {mark}  {row.question}  [{', '.join(row.article_ids)}]")
    if not rows:
        click.echo("no feedback yet")


@main.command("prepare")
@model_option
@domain_errors
def prepare(model: str | None) -> None:
    """Build every model file the configured backend uses into the model cache.

    Run it once as a user who may write $FRONTLINE_MODEL_CACHE (the Docker image does at
    build time), so a bot that runs as another user never has to write there.
    """
    folder = _service(None, model).prepare()
    click.echo(f"models ready in {folder}")


if __name__ == "__main__":  # pragma: no cover
    main()
