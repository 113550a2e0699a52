"""The `frontline` command line: index war coverage, ask it questions, look up sources."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
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
    context = click.get_current_context(silent=True)
    for option, variable in (("backend", "FRONTLINE_BACKEND"), ("milvus_uri", "FRONTLINE_MILVUS_URI")):
        value = context.meta.get(f"frontline.{option}") if context is not None else None
        if value:
            overrides[variable] = value
    if index is not None:
        overrides["FRONTLINE_INDEX_DIR"] = index
    if model:
        overrides["FRONTLINE_MODEL"] = model
    return Frontline(Settings(**overrides))


def domain_errors(func: Callable) -> Callable:
    """Domain errors become one line on stderr and exit status 1, never a traceback.

    So does an unusable path (an unwritable index folder or model cache, a file in the way).
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FrontlineError as exc:
            raise click.ClickException(str(exc)) from exc
        except OSError as exc:
            error = FrontlineError(
                "path_unusable", path=exc.filename or "?", reason=exc.strerror or exc.__class__.__name__
            )
            raise click.ClickException(str(error)) from exc

    return wrapper


_index_folder_option = click.option(
    "--index", "index", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Index folder (default: $FRONTLINE_INDEX_DIR or data/index).",
)  # fmt: skip


def _remember(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Keep a vector-store option for `_service` (the commands' own signatures stay as they are)."""
    if value:
        ctx.meta[f"frontline.{param.name}"] = value
    return value


_backend_option = click.option(
    "--backend", type=click.Choice(["faiss", "milvus"]), default=None, expose_value=False, callback=_remember,
    help=(
        "Vector store of a new index (default: $FRONTLINE_BACKEND or faiss); "
        "an existing index keeps its own (naming another is refused)."
    ),
)  # fmt: skip
_milvus_uri_option = click.option(
    "--milvus-uri", "milvus_uri", default=None, expose_value=False, callback=_remember,
    help="Milvus: a .db file (Milvus Lite) or http(s)://host:19530 (default: $FRONTLINE_MILVUS_URI).",
)  # fmt: skip


def index_option(func: Callable) -> Callable:
    """--index, with the vector-store options beside it (--backend, --milvus-uri)."""
    return _index_folder_option(_backend_option(_milvus_uri_option(func)))


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
    service.load_model_in_background()

    def shown(items: Iterable) -> Iterator:
        for item in items:
            if isinstance(item, FrontlineError):
                click.echo(f"error: {item}", err=True)
            yield item

    # Inputs are read as they are indexed, never held all at once (an archive can be large).
    with tqdm(unit="article", disable=None, file=sys.stderr, leave=False) as bar:
        report = service.add(shown(service.stream(inputs)), progress=bar.update)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


@index_group.command("remove")
@click.argument("article_ids", nargs=-1, required=True)
@index_option
@domain_errors
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
def index_stats(index: Path | None, as_json: bool) -> None:
    """Counts, model and dimension of an index."""
    from dataclasses import asdict

    stats = _service(index).stats()
    if as_json:
        _print_json(asdict(stats))
    else:
        counts = f"{stats.articles} articles, {stats.chunks} chunks in {stats.segments} segments"
        click.echo(f"{counts}, model {stats.model} (dim {stats.dim}), commit {stats.generation}")


@index_group.command("optimize")
@index_option
@domain_errors
def index_optimize(index: Path | None) -> None:
    """Merge every segment into one and drop removed passages for good.

    Not needed for correctness: each write adds a segment and a tiered policy merges
    them as they accumulate. Optimizing makes questions as fast as they can be.
    """
    merged = _service(index).optimize()
    click.echo(f"optimized: {merged} segments merged into 1")


@index_group.command("publish")
@index_option
@domain_errors
def index_publish(index: Path | None) -> None:
    """Publish the index's latest commit in Milvus for readers without the folder (FRONTLINE_READ_FROM=milvus).

    Needs FRONTLINE_MILVUS_INDEX (the name readers ask for) and an index on the milvus
    backend. Every write publishes by itself once the name is set; run this once for an
    index written before, or after a write that could not reach Milvus.

    \b
    FRONTLINE_MILVUS_INDEX=war frontline index publish --index data/index
    """
    commit = _service(index).publish()
    click.echo(f"published commit {commit}")


@index_group.command("upgrade")
@index_option
@domain_errors
def index_upgrade(index: Path | None) -> None:
    """Bring an index written by an older Frontline to the current format (nothing is embedded again)."""
    upgraded = _service(index).upgrade()
    click.echo("upgraded to the current format" if upgraded else "already in the current format")


@index_group.command("check")
@index_option
@model_option
@json_option
@domain_errors
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
def index_export(output: Path, index: Path | None) -> None:
    """Write every article with all its metadata as JSONL (read back by `index import`)."""
    count = _service(index).export(output)
    click.echo(f"exported {count} articles to {output}")


@index_group.command("import")
@click.argument("jsonl", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@index_option
@model_option
@domain_errors
def index_import(jsonl: Path, index: Path | None, model: str | None) -> None:
    """Index an export made by `index export`, e.g. into a new folder with another --model or --backend.

    \b
    With FRONTLINE_RAY_ADDRESS set, the passages are embedded on that Ray cluster, one model
    per worker (Ray Data); everything else runs here.

    \b
    Examples (a FAISS index moved to Milvus, and back):
      frontline index export -o corpus.jsonl --index data/index
      frontline index import corpus.jsonl --index data/milvus-index --backend milvus --milvus-uri data/milvus.db
      frontline index import corpus.jsonl --index data/faiss-index --backend faiss
    """
    service = _service(index, model)
    report = service.add(service.load([str(jsonl)]), distributed=True)
    for failure in report.failed:
        click.echo(f"error: {failure}", err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


from_option = click.option("--from", "date_from", default="", help="Published on or after (YYYY-MM-DD).")
to_option = click.option("--to", "date_to", default="", help="Published on or before (YYYY-MM-DD).")


@main.command("ask")
@click.argument("question", required=False)
@click.option("--k", default=5, show_default=True, type=click.IntRange(1, 50), help="Passages to cite.")
@click.option("--batch", type=click.File("r", encoding="utf-8"), help='JSONL file of {"id", "question"} lines.')
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default="hybrid", show_default=True)
@from_option
@to_option
@click.option("--as-of", "as_of", default="", help="'Yesterday', 'last week' count from this day (default today).")
@index_option
@model_option
@json_option
@domain_errors
def ask(
    question: str | None,
    k: int,
    batch: TextIO | None,
    mode: str,
    date_from: str,
    date_to: str,
    as_of: str,
    index: Path | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Answer a question from the indexed articles, with numbered citations.

    A date in the question ("on 13 May 2022", "pada 13 Mei 2022", "у травні 2022", "last
    week") prefers passages published then; --from / --to keep only those. The range
    applied is shown ("date_range" in --json; null when none).

    \b
    Examples:
      frontline ask "how many people crossed into Finland?"
      frontline ask "Which Russian ally will not recognize the referendum?" --json
      frontline ask "what happened in Kharkiv?" --from 2022-03-01 --to 2022-03-31
      frontline ask "what happened yesterday?" --as-of 2022-09-28
      frontline ask --batch questions.jsonl --json > answers.jsonl
    """
    from index.formatting import format_answer
    from index.search.when import parse_day

    as_of_day = parse_day(as_of, "--as-of") if as_of else None
    dates: dict[str, Any] = {"date_from": date_from or None, "date_to": date_to or None, "as_of": as_of_day}
    service = _service(index, model)
    if batch is not None:
        _ask_batch(service, batch, k, mode, dates)
        return
    if not question:
        raise click.UsageError("give a QUESTION or --batch FILE")
    answer = service.ask(question, k=k, mode=mode, **dates)  # type: ignore[arg-type]
    if as_json:
        _print_json(answer.to_json())
    else:
        if answer.date_range:
            click.echo(f"[published {_range_label(answer.date_range)}]\n")
        click.echo(format_answer(answer))


def _range_label(date_range: tuple[str, str]) -> str:
    """'13 May 2022', '1 March 2022 – 31 May 2022', 'from 1 March 2022', 'until 31 May 2022'."""
    from datetime import date

    from index.search.when import DateRange, label

    start, end = (date.fromisoformat(d) if d else None for d in date_range)
    return label(DateRange(start, end))


@main.command("timeline")
@click.argument("topic")
@from_option
@to_option
@click.option("--k", default=12, show_default=True, type=click.IntRange(1, 50), help="Events to show.")
@click.option("--png", type=click.Path(path_type=Path, dir_okay=False), help="Also draw the timeline into this PNG.")
@index_option
@model_option
@json_option
@domain_errors
def timeline(
    topic: str,
    date_from: str,
    date_to: str,
    k: int,
    png: Path | None,
    index: Path | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Dated, cited reports about TOPIC in date order, one entry per event.

    Reports in any language are found (an English topic finds Ukrainian and Indonesian
    ones); near-identical reports become one entry that lists their sources. --json
    prints one JSON object per entry (published_at, article_id, title, passage,
    publisher, source, url, fact, also).

    \b
    Examples:
      frontline timeline "Zaporizhzhia nuclear plant"
      frontline timeline "grain exports" --from 2022-07-01 --to 2022-12-31 --png grain.png
    """
    from index.search.timeline_plot import timeline_png

    found = _service(index, model).timeline(topic, k, date_from=date_from or None, date_to=date_to or None)
    if png is not None:
        png.write_bytes(timeline_png(found))
    if as_json:
        for entry in found.entries:
            _print_json(entry.to_json())
    else:
        click.echo(_format_timeline(found))
    if png is not None and not as_json:
        click.echo(f"\nchart: {png}")


def _format_timeline(found: Any) -> str:
    from index.formatting import attribution, shown_title
    from index.ingest.dates import display_date

    lines = []
    if found.date_range:
        lines.append(f"[published {_range_label(found.date_range)}]\n")
    if not found.entries:
        lines.append(f"no dated reports found about {found.topic!r}")
    for entry in found.entries:
        lines.append(f"{entry.day}  {shown_title(entry.title, entry.url)}")
        lines.append(f"    {display_date(entry.published_at)} · {attribution(entry.publisher, entry.source)}")
        if entry.url:
            lines.append(f"    {entry.url}")
        lines.append(f'    "{entry.fact or entry.passage[:300]}"')
        for other in entry.also:
            who = attribution(other.publisher, other.source) or other.article_id
            link = f" {other.url}" if other.url else ""
            lines.append(f"    also: {display_date(other.published_at)} · {who}{link}")
    return "\n".join(lines)


def _ask_batch(service: Frontline, batch: TextIO, k: int, mode: str, dates: dict[str, Any]) -> None:
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
            result = {"id": qid, **service.ask(question, k=k, mode=mode, **dates).to_json()}  # type: ignore[arg-type]
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
    from index.eval import evaluate as ev

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
@from_option
@to_option
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 1000))
@index_option
@json_option
@domain_errors
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
