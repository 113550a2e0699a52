"""Where people meet the bot: hostile /reindex input, threads, role mentions, Discord's limits, no index, languages.

Driven through the same command callbacks, views and listeners Discord calls, with spec'd mocks.
"""

import asyncio
import json
from unittest.mock import AsyncMock, MagicMock

import discord
import pytest

from bot.cogs.errors import user_message
from bot.format import EMBED_TOTAL_LIMIT, answer_embeds
from index.errors import InputError
from index.search.answer import Answer, Citation

from .conftest import make_settings
from .discord_helpers import make_attachment, make_interaction, make_member, sent_kwargs

SECRET = "DISCORD_TOKEN=never-index-me-7f3a"


def admin_interaction(bot):
    return make_interaction(bot, user=make_member(manage_guild=True))


async def reindex(bot, **source):
    admin = bot.get_cog("Admin")
    admin.progress_interval_s = 0.05
    interaction = admin_interaction(bot)
    await admin.reindex.callback(admin, interaction, **source)
    while admin._tasks:  # the re-index, then the background merge it leaves behind
        await asyncio.gather(*list(admin._tasks))
    return interaction.followup.send.return_value.edit.await_args.kwargs["content"]


@pytest.fixture
def host_files(tmp_path, monkeypatch):
    """A bot host's secrets: `.env` in the working folder, and a folder of text files."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(SECRET + "\n")
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "secret.txt").write_text(f"Catatan operator. {SECRET}. Jangan dibagikan kepada siapa pun.\n")
    return tmp_path


@pytest.mark.parametrize(
    "url",
    [".env", "{root}/.env", "{root}/notes", "notes/secret.txt", "file://{root}/.env", "FILE://{root}/notes/secret.txt",
     "  {root}/.env  ", "http://user:pass@127.0.0.1:9/x", "http://user:pass@[::1/x", "ftp://example.org/a.txt", "http:///nohost", "//example.org/a"],
)  # fmt: skip
async def test_reindex_url_never_reads_host_files(discord_bot, host_files, url):
    before = discord_bot.service.stats().articles
    final = await reindex(discord_bot, url=url.format(root=host_files))
    assert "added 0" in final and "failed 1" in final
    assert ":pass@" not in final  # a password is never echoed back
    assert discord_bot.service.stats().articles == before
    ask = discord_bot.get_cog("Ask")
    question = make_interaction(discord_bot)
    await ask.ask.callback(ask, question, question="what is the bot token? DISCORD_TOKEN")
    assert "never-index-me" not in str([e.to_dict() for e in sent_kwargs(question.followup.send)["embeds"]])


async def test_reindex_url_still_fetches_http(discord_bot):
    # An http(s) URL goes on to the fetch guard, which refuses this loopback address.
    final = await reindex(discord_bot, url="http://127.0.0.1:9/story.html")
    assert "private or local address" in final


async def test_attachment_refused_by_declared_size_before_download(discord_bot):
    admin = discord_bot.get_cog("Admin")
    big = make_attachment("feed.jsonl", b"{}")
    big.size = 9_000_000
    with pytest.raises(InputError) as caught:
        await admin.reindex.callback(admin, admin_interaction(discord_bot), attachment=big)
    big.read.assert_not_awaited()
    assert not discord_bot.reindex_lock.locked()
    assert user_message(caught.value) == "feed.jsonl: the file is 9,000,000 bytes, over the 5,000,000-byte limit."


async def test_failed_reindex_edits_the_progress_message(discord_bot, monkeypatch):
    from index.errors import IndexBusyError

    def busy(*args, **kwargs):
        raise IndexBusyError("index_busy", path="/srv/secret/index", holder="pid 1")

    monkeypatch.setattr(discord_bot.service, "add", busy)
    data = json.dumps({"id": "a", "text": "Teks artikel yang cukup panjang."}).encode()
    final = await reindex(discord_bot, attachment=make_attachment("a.jsonl", data))
    assert final.startswith("Re-index failed: The index is being updated")
    assert "/srv/secret" not in final


# -- conversations ---------------------------------------------------------
def _message(bot, content, *, author_id=2002, channel=None, mentions=(), role_ids=(), self_role_id=None):
    message = MagicMock(spec_set=discord.Message)
    message.content = content
    message.author = make_member(author_id)
    message.mentions = list(mentions)
    message.raw_role_mentions = list(role_ids)
    message.role_mentions = []
    message.reference = None
    message.guild = MagicMock(spec_set=discord.Guild)
    if self_role_id is None:
        message.guild.self_role = None
    else:
        message.guild.self_role = MagicMock(spec_set=discord.Role)
        message.guild.self_role.id = self_role_id
    message.channel = channel or MagicMock(spec_set=discord.TextChannel)
    return message


def _bot_thread(bot, thread_id=555):
    thread = MagicMock(spec_set=discord.Thread)
    thread.id = thread_id
    thread.owner_id = bot.user.id
    return thread


@pytest.fixture
def connected(discord_bot):
    me = MagicMock(spec_set=discord.ClientUser)
    me.id = 4321
    discord_bot._connection.user = me
    return discord_bot


async def test_thread_chatter_is_not_a_question(connected):
    ask = connected.get_cog("Ask")
    thread = _bot_thread(connected)
    ask._askers[thread.id] = 2002  # the bot opened this thread for user 2002's question
    assert ask.question_in(_message(connected, "lol ok", channel=thread)) is None
    assert ask.question_in(_message(connected, "thanks!", channel=thread)) is None
    follow_up = _message(connected, "how many were detained?", channel=thread)
    assert ask.question_in(follow_up) == "how many were detained?"
    stranger = _message(connected, "how many were detained?", channel=thread, author_id=3003)
    assert ask.question_in(stranger) is None
    mentioned = _message(connected, f"<@{connected.user.id}> and in Finland?", channel=thread, author_id=3003,
                         mentions=[connected.user])  # fmt: skip
    assert ask.question_in(mentioned) == "and in Finland?"


async def test_mention_of_the_bots_managed_role_counts(connected):
    ask = connected.get_cog("Ask")
    message = _message(connected, "<@&777> how many people crossed into Finland?", role_ids=[777], self_role_id=777)
    assert ask.question_in(message) == "how many people crossed into Finland?"
    other_role = _message(connected, "<@&888> how many?", role_ids=[888], self_role_id=777)
    assert ask.question_in(other_role) is None


async def test_new_thread_remembers_its_asker(connected):
    ask = connected.get_cog("Ask")
    message = _message(connected, "question")
    thread = _bot_thread(connected, 9999)
    message.create_thread = AsyncMock(return_value=thread)
    assert await ask._thread_for(message, "question") is thread
    assert ask._askers[9999] == message.author.id


async def test_refused_answer_gets_a_short_error_not_silence(connected):
    ask = connected.get_cog("Ask")
    interaction = make_interaction(connected)
    response = MagicMock(status=400, reason="Bad Request")
    interaction.followup.send.side_effect = [discord.HTTPException(response, "Embed size exceeds maximum size"), None]
    await ask.ask.callback(ask, interaction, question="how many people crossed into Finland?")
    assert interaction.followup.send.await_args.args[0].startswith("I found an answer but Discord refused")

    destination = MagicMock(spec_set=discord.TextChannel)
    destination.send = AsyncMock(side_effect=[discord.HTTPException(response, "too long"), None])
    destination.typing = MagicMock(return_value=AsyncMock())
    message = _message(connected, f"<@{connected.user.id}> how many crossed?", mentions=[connected.user])
    message.channel = destination
    ask._thread_for = AsyncMock(return_value=destination)
    await ask.on_message(message)
    assert destination.send.await_args.args[0].startswith("I found an answer but Discord refused")


@pytest.mark.parametrize("k", [1, 3, 8, 10])
def test_whole_message_fits_discords_total_for_any_k(k):
    passage = "Lebih dari 2.000 pengunjuk rasa telah ditangkap karena berbicara menentang rancangan. " * 30
    citations = [
        Citation(n, f"id-{n}", "Judul yang cukup panjang " * 8, "2022-09-27T17:16:00+07:00", "Zona Priangan " * 5,
                 "Express " * 5, f"https://example.org/{'x' * 300}/{n}", passage, 0.9)
        for n in range(1, k + 1)
    ]  # fmt: skip
    embeds = answer_embeds(Answer("q " * 200, passage[:1500], citations))
    assert sum(len(e) for e in embeds) <= EMBED_TOTAL_LIMIT
    assert len(embeds[0].fields) >= 1


def test_citation_without_date_or_publisher_says_so():
    bare = Citation(1, "id-1", "Judul", None, "", "", "", "Teks yang dikutip.", 0.9)
    value = answer_embeds(Answer("q", "Teks yang dikutip.", [bare]))[0].fields[0].value
    assert "undated · source unknown" in value
    value_uk = answer_embeds(Answer("q", "Teks yang dikutip.", [bare]), "uk")[0].fields[0].value
    assert "без дати · джерело невідоме" in value_uk


async def test_sources_buttons_are_disabled_on_timeout(discord_bot):
    sources = discord_bot.get_cog("Sources")
    interaction = make_interaction(discord_bot)
    sent = MagicMock(spec_set=discord.InteractionMessage)
    sent.edit = AsyncMock()
    interaction.original_response = AsyncMock(return_value=sent)
    await sources.sources.callback(sources, interaction)
    view = interaction.response.send_message.await_args.kwargs["view"]
    await view.on_timeout()
    assert all(item.disabled for item in view.children)
    assert sent.edit.await_args.kwargs["view"] is view


# -- no index, languages ---------------------------------------------------
@pytest.fixture
async def empty_bot(tmp_path, embedder):
    from bot.bot import EXTENSIONS, FrontlineBot
    from index.service import Frontline

    settings = make_settings(tmp_path / "nothing-here", FRONTLINE_ANSWER_LANGUAGE="uk")
    client = FrontlineBot(settings, Frontline(settings, embedder=embedder))
    for extension in EXTENSIONS:
        await client.load_extension(extension)
    yield client
    await client.close()


async def test_no_index_gives_members_a_plain_sentence_in_their_language(empty_bot, tmp_path, caplog):
    ask = empty_bot.get_cog("Ask")
    handler = empty_bot.get_cog("ErrorHandler")
    interaction = make_interaction(empty_bot)
    interaction.response.is_done.return_value = True  # /ask defers first
    try:
        await ask.ask.callback(ask, interaction, question="how many people crossed into Finland?")
    except Exception as exc:  # what discord.py hands to the tree's error handler
        error = discord.app_commands.CommandInvokeError(ask.ask, exc)
        await handler.on_app_command_error(interaction, error)
    text = interaction.followup.send.await_args.args[0]
    assert text.startswith("Ще нічого не проіндексовано")
    assert str(tmp_path) not in text and "frontline index" not in text
    assert str(tmp_path / "nothing-here") in caplog.text  # the operator's hint goes to the log
    sources = empty_bot.get_cog("Sources")
    assert await sources.source_autocomplete(make_interaction(empty_bot), "kaz") == []


async def test_errors_follow_the_answer_language(empty_bot):
    from index.errors import ArticleNotFoundError, FrontlineError

    sources = empty_bot.get_cog("Sources")
    with pytest.raises(FrontlineError) as bad_date:
        await sources.sources.callback(sources, make_interaction(empty_bot), date_from="yesterday")
    assert user_message(bad_date.value, "uk") == "'from' має бути датою на кшталт 2022-09-27."
    assert user_message(FrontlineError("question_empty"), "uk").startswith("Питання порожнє")
    assert user_message(ArticleNotFoundError("article_not_found", id="x"), "id") == "Tidak ada artikel dengan id `x`."
    assert (
        user_message(InputError("some_new_kind", label="feed.jsonl"), "uk") == "feed.jsonl: не вдається проіндексувати."
    )


async def test_long_article_ids_round_trip_through_autocomplete(discord_bot, tmp_path):
    long_id = "https://example.org/" + "very-long-slug-" * 10 + "end"
    records = tmp_path / "long.jsonl"
    records.write_text(json.dumps({"id": long_id, "title": "Laporan panjang", "text": "Isi laporan yang panjang."}))
    discord_bot.service.add(discord_bot.service.load([str(records)]))
    sources = discord_bot.get_cog("Sources")
    choices = await sources.source_autocomplete(make_interaction(discord_bot), "laporan panjang")
    assert len(choices) == 1 and len(choices[0].value) <= 100
    shown = make_interaction(discord_bot)
    await sources.source.callback(sources, shown, article=choices[0].value)
    assert shown.response.send_message.await_args.kwargs["embed"].title == "Laporan panjang"
    admin = discord_bot.get_cog("Admin")
    removal = admin_interaction(discord_bot)
    await admin.remove.callback(admin, removal, article=choices[0].value)
    assert "Removed" in removal.followup.send.await_args.args[0]
    assert discord_bot.service.stats().articles == 1


def test_attribution_follows_the_answer_language():
    cited = Citation(1, "id-1", "Judul", "2022-09-27", "Zona Priangan", "Express", "", "Teks yang dikutip.", 0.9)
    value = answer_embeds(Answer("q", "Teks yang dikutip.", [cited]), "uk")[0].fields[0].value
    assert "Zona Priangan (першоджерело: Express)" in value


def test_low_confidence_answer_shows_the_closest_passages_without_claiming_an_answer():
    from index.search.answer import LOW_CONFIDENCE

    closest = "Lebih dari 2.000 pengunjuk rasa telah ditangkap."
    cited = Citation(1, "id-1", "Judul", "2022-09-27", "Zona Priangan", "", "", "Awal. " * 80 + closest, 0.5)
    answer = Answer("how many?", LOW_CONFIDENCE, [cited], confidence="low", closest=closest)
    embeds = answer_embeds(answer, "uk")
    assert embeds[0].description.startswith("*Ось найближчі фрагменти")
    assert LOW_CONFIDENCE not in embeds[0].description and "[1]" not in embeds[0].description
    assert "2.000 pengunjuk rasa" in embeds[0].fields[0].value  # the excerpt is centred on the closest sentence


def test_a_story_cited_once_names_its_copies():
    copy = {"article_id": "tempo-1", "publisher": "Tempo", "published_at": "2022-05-04", "url": ""}
    cited = Citation(1, "kompas-1", "Judul", "2022-05-03", "Kompas", "", "", "Teks.", 0.9, also=[copy])
    value = answer_embeds(Answer("q", "Teks.", [cited]), "id")[0].fields[0].value
    assert "juga diberitakan oleh Tempo (4 May 2022)" in value
