"""Several bot processes on one Discord application: each runs one shard (FRONTLINE_SHARD_ID of FRONTLINE_SHARD_COUNT)."""

from __future__ import annotations

from bot.bot import FrontlineBot
from bot.runner import check

from .conftest import make_settings


def test_a_bot_runs_the_shard_it_is_given(tmp_path):
    bot = FrontlineBot(make_settings(tmp_path / "index", FRONTLINE_SHARD_ID="1", FRONTLINE_SHARD_COUNT="3"))
    assert (bot.shard_id, bot.shard_count) == (1, 3)
    alone = FrontlineBot(make_settings(tmp_path / "index"))
    assert (alone.shard_id, alone.shard_count) == (None, None)  # one process gets every guild


def test_a_shard_without_its_count_is_one_line_from_check(tmp_path, monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "x" * 59)
    for shard, count in (("1", None), ("3", "3")):
        monkeypatch.setenv("FRONTLINE_SHARD_ID", shard)
        if count is None:
            monkeypatch.delenv("FRONTLINE_SHARD_COUNT", raising=False)
        else:
            monkeypatch.setenv("FRONTLINE_SHARD_COUNT", count)
        findings = check(tmp_path / "index")
        assert findings[0].startswith("problem:") and "FRONTLINE_SHARD" in findings[0]
        assert "\n" not in findings[0] and "Traceback" not in findings[0]
