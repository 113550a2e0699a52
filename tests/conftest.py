"""Shared fixtures: the real offline model (built once per session), real indexes on disk."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import pytest_asyncio

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "zonapriangan-2022-09-27-kazakhstan-referendum.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Reuse the model between runs; CI and fresh clones build it here once.
os.environ.setdefault("FRONTLINE_MODEL_CACHE", str(ROOT / ".cache" / "models"))


@pytest.fixture(scope="session")
def model_dir() -> Path:
    from index.embed.offline_model import ensure_offline_model

    return ensure_offline_model()


@pytest.fixture(scope="session")
def embedder(model_dir):
    from index.embed.embedder import shared_embedder

    return shared_embedder()


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
