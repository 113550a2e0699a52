"""Questions asked by mentioning the bot, driven through dpytest; the bot's entry points."""

import asyncio
import json
from unittest.mock import AsyncMock, MagicMock

import discord
import discord.ext.test as dpytest
import pytest_asyncio
from click.testing import CliRunner

from bot.bot import EXTENSIONS, FrontlineBot
from bot.cli import main

from .conftest import make_settings


@pytest_asyncio.fixture
async def bot(sample_index, embedder, monkeypatch):
    from index.service import Frontline

    settings = make_settings(sample_index, FRONTLINE_ASK_RATE=2, FRONTLINE_ASK_COOLDOWN_S=60)
    client = FrontlineBot(settings, Frontline(settings, embedder=embedder))
    await client._async_setup_hook()
    for extension in EXTENSIONS:
        await client.load_extension(extension)
    # dpytest resolves mentions through the member cache, which needs the members intent;
    # the real bot does not ask for it (mentions arrive with the message).
    client._connection._intents.members = True
    client._connection.member_cache_flags = discord.MemberCacheFlags.all()
    dpytest.configure(client)
    client._connection.loop = asyncio.get_running_loop()  # dpytest's state predates discord.py 2.7's lazy loop
    # dpytest has no thread endpoint; a channel where the bot may not open threads
    # behaves the same way, so answers arrive in the channel.
    monkeypatch.setattr(discord.Message, "create_thread", _forbidden)
    yield client
    await dpytest.empty_queue()


async def next_reply(timeout: float = 30.0) -> discord.Message:
    """The bot's next message; answers are computed in a worker thread, so wait for them."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            return dpytest.get_message()
        except asyncio.QueueEmpty:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.05)


async def _forbidden(self, **kwargs):
    response = MagicMock(status=403, reason="Forbidden")
    raise discord.Forbidden(response, "Missing Permissions")


async def test_mention_gets_a_cited_answer(bot):
    await dpytest.message(f"<@{bot.user.id}> how many people crossed into Finland?")
    reply = await next_reply()
    embed = reply.embeds[0]
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in embed.description
    assert embed.fields[0].name.startswith("[1] ")


async def test_messages_not_addressed_to_the_bot_are_ignored(bot):
    await dpytest.message("how many people crossed into Finland?")
    await asyncio.sleep(0.5)
    assert dpytest.verify().message().nothing()


async def test_mention_without_question_gets_a_hint(bot):
    await dpytest.message(f"<@{bot.user.id}>")
    assert "Ask me a question" in (await next_reply()).content


async def test_everyone_in_a_question_never_pings(bot):
    await dpytest.message(f"<@{bot.user.id}> @everyone how many protesters were arrested?")
    reply = await next_reply()
    assert "@everyone" not in (reply.embeds[0].description or "").replace("@\u200beveryone", "")
    assert not reply.mention_everyone


async def test_message_rate_limit(bot):
    for _ in range(2):
        await dpytest.message(f"<@{bot.user.id}> how many protesters were arrested?")
        await next_reply()
    await dpytest.message(f"<@{bot.user.id}> how many protesters were arrested?")
    assert "Try again in" in (await next_reply()).content


async def test_without_message_content_intent_only_slash_commands(sample_index, embedder):
    from index.service import Frontline

    settings = make_settings(sample_index)
    client = FrontlineBot(settings, Frontline(settings, embedder=embedder), message_content=False)
    assert not client.reads_messages
    assert client.intents.message_content is False


def test_print_commands_payload(embedder):
    result = CliRunner().invoke(main, ["bot", "--print-commands"])
    assert result.exit_code == 0, result.output
    payload = {c["name"]: c for c in json.loads(result.output)}
    assert set(payload) == {"ask", "timeline", "source", "sources", "reindex", "remove", "index-stats"}
    manage_guild = discord.Permissions(manage_guild=True).value
    for admin in ("reindex", "remove", "index-stats"):
        assert int(payload[admin]["default_member_permissions"]) == manage_guild
        assert payload[admin]["dm_permission"] is False
    assert payload["source"]["options"][0]["autocomplete"] is True
    assert [o["name"] for o in payload["sources"]["options"]] == ["query", "publisher", "from", "to"]
    assert [o["name"] for o in payload["timeline"]["options"]] == ["topic", "from", "to", "private"]


def test_missing_token_is_one_line(monkeypatch, tmp_path):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env here
    result = CliRunner().invoke(main, ["bot"])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == "Error: DISCORD_TOKEN is not set: put the bot token in the environment or .env (see .env.example)"
    )


def test_check_names_each_problem_in_one_line(monkeypatch, tmp_path, sample_index, model_dir):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setenv("FRONTLINE_ANSWER_K", "50")
    bad = CliRunner().invoke(main, ["bot", "--check"])
    assert bad.exit_code == 1
    assert bad.output.strip() == "problem: setting FRONTLINE_ANSWER_K: Input should be less than or equal to 10"
    monkeypatch.delenv("FRONTLINE_ANSWER_K")
    no_token = CliRunner().invoke(main, ["bot", "--check", "--index", str(sample_index)])
    assert no_token.exit_code == 1
    assert no_token.output.splitlines() == [
        "problem: DISCORD_TOKEN is not set: put the bot token in the environment or .env (see .env.example)"
    ]
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    ready = CliRunner().invoke(main, ["bot", "--check", "--index", str(sample_index)])
    assert ready.exit_code == 0 and ready.output.strip() == "ok: ready to start"


async def test_answers_go_to_a_new_thread_when_possible(sample_index, embedder):
    from bot.cogs.ask import Ask

    settings = make_settings(sample_index)
    client = FrontlineBot(settings, None)
    cog = Ask(client)
    message = MagicMock(spec_set=discord.Message)
    message.channel = MagicMock(spec_set=discord.TextChannel)
    message.guild = MagicMock(spec_set=discord.Guild)
    thread = MagicMock(spec_set=discord.Thread)
    message.create_thread = AsyncMock(return_value=thread)
    assert await cog._thread_for(message, "how many people crossed into Finland? " * 5) is thread
    assert len(message.create_thread.await_args.kwargs["name"]) <= 90
