"""The bot's /ask with from/to, and the range it shows; /timeline."""

import pytest

from bot.cogs.errors import user_message
from bot.format import dated_answer_embeds
from index.errors import FrontlineError
from index.search.answer import Answer, Citation

from .discord_helpers import make_interaction, sent_kwargs


async def test_ask_from_to_shows_the_range(discord_bot):
    ask = discord_bot.get_cog("Ask")
    interaction = make_interaction(discord_bot)
    await ask.ask.callback(
        ask, interaction, question="how many people crossed into Finland?", date_from="2022-09-01", date_to="2022-09-30"
    )
    head = sent_kwargs(interaction.followup.send)["embeds"][0]
    assert "17.000 orang Rusia" in head.description
    assert "Articles published 2022-09-01 – 2022-09-30" in head.description


async def test_ask_range_with_nothing_published_says_nothing_found(discord_bot):
    ask = discord_bot.get_cog("Ask")
    interaction = make_interaction(discord_bot)
    await ask.ask.callback(ask, interaction, question="how many people crossed into Finland?", date_from="2023-01-01")
    head = sent_kwargs(interaction.followup.send)["embeds"][0]
    assert "I found nothing" in head.description and "from 2023-01-01" in head.description


async def test_ask_date_in_question_is_shown(discord_bot):
    ask = discord_bot.get_cog("Ask")
    interaction = make_interaction(discord_bot)
    await ask.ask.callback(ask, interaction, question="how many people crossed into Finland on 27 September 2022?")
    head = sent_kwargs(interaction.followup.send)["embeds"][0]
    assert "Articles published 2022-09-27" in head.description


async def test_ask_bad_dates_are_member_errors(discord_bot):
    ask = discord_bot.get_cog("Ask")
    with pytest.raises(FrontlineError) as bad:
        await ask.ask.callback(ask, make_interaction(discord_bot), question="Finland?", date_from="kemarin")
    assert user_message(bad.value, "id") == "'from' harus berupa tanggal seperti 2022-09-27."
    with pytest.raises(FrontlineError) as reversed_:
        await ask.ask.callback(
            ask, make_interaction(discord_bot), question="Finland?", date_from="2022-10-01", date_to="2022-09-01"
        )
    assert user_message(reversed_.value, "uk") == "'from' (2022-10-01) пізніше за 'to' (2022-09-01)."


def test_ask_options_are_named_from_and_to(discord_bot):
    payload = discord_bot.tree.get_command("ask").to_dict(discord_bot.tree)
    names = [option["name"] for option in payload["options"]]
    assert names == ["question", "private", "from", "to"]


def test_range_note_keeps_the_whole_message_within_limits():
    long = "x" * 1000
    citations = [
        Citation(n, f"a{n}", long[:250], "2022-09-27", "P", "", "https://x.org", long * 2, 0.5) for n in range(1, 11)
    ]
    answer = Answer("q", "a", citations, date_range=("2022-09-01", ""))
    embeds = dated_answer_embeds(answer, "uk")
    assert sum(len(e) for e in embeds) <= 6000
    assert "від 2022-09-01" in embeds[0].description


# -- /timeline ----------------------------------------------------------------


@pytest.fixture
async def dated_bot(dated_index, embedder, tmp_path):
    import shutil

    from bot.bot import EXTENSIONS, FrontlineBot
    from index.service import Frontline

    from .conftest import make_settings

    copy = tmp_path / "index"
    shutil.copytree(dated_index, copy)
    settings = make_settings(copy)
    client = FrontlineBot(settings, Frontline(settings, embedder=embedder))
    for extension in EXTENSIONS:
        await client.load_extension(extension)
    yield client
    await client.close()


async def test_timeline_sends_entries_and_the_chart(dated_bot):
    cog = dated_bot.get_cog("Timeline")
    interaction = make_interaction(dated_bot)
    await cog.timeline.callback(cog, interaction, topic="Zaporizhzhia nuclear plant")
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    kwargs = sent_kwargs(interaction.followup.send)
    embed, files = kwargs["embed"], kwargs["files"]
    assert kwargs["allowed_mentions"] is not None and kwargs["allowed_mentions"].everyone is False
    assert embed.title == "Timeline: Zaporizhzhia nuclear plant"
    assert embed.description.index("`2022-03-04`") < embed.description.index("`2022-09-11`")
    assert "also reported by The Independent (original source: AP)" in embed.description
    assert len(files) == 1 and files[0].filename == "timeline.png"
    data = files[0].fp.read()
    assert data.startswith(b"\x89PNG") and len(data) <= 8 * 1024 * 1024
    assert embed.image.url == "attachment://timeline.png"
    assert len(embed) <= 6000 and len(embed.description) <= 4096


async def test_timeline_range_and_nothing_found(dated_bot):
    cog = dated_bot.get_cog("Timeline")
    interaction = make_interaction(dated_bot)
    await cog.timeline.callback(cog, interaction, topic="grain", date_from="2030-01-01", private=True)
    kwargs = sent_kwargs(interaction.followup.send)
    assert kwargs["ephemeral"] is True and kwargs["files"] == []
    assert "from 2030-01-01" in kwargs["embed"].description and "no dated reports" in kwargs["embed"].description


async def test_timeline_bad_date_is_a_member_error(dated_bot):
    cog = dated_bot.get_cog("Timeline")
    with pytest.raises(FrontlineError) as bad:
        await cog.timeline.callback(cog, make_interaction(dated_bot), topic="grain", date_to="besok")
    assert user_message(bad.value, "uk") == "'to' має бути датою на кшталт 2022-09-27."


def test_timeline_embed_fits_discord_with_long_entries():
    from bot.format import timeline_embed
    from index.search.timeline import Entry, Report, Timeline

    long = "y" * 2000
    entries = [
        Entry(f"2022-03-{n:02d}", f"a{n}", long[:300], long, long, "P" * 100, "S" * 100, "https://x.org/" + "z" * 200,
              0.5, [Report("2022-03-02", "b", "t", "Q" * 100, "", "")] * 5)
        for n in range(1, 29)
    ]  # fmt: skip
    embed = timeline_embed(Timeline("t" * 1500, entries, [("2022-03-01", 40)], ("2022-03-01", "2022-03-31")), "id")
    assert len(embed) <= 6000 and len(embed.description) <= 4096 and len(embed.title) <= 256
    assert embed.description.startswith("📅 *Artikel terbit 2022-03-01 – 2022-03-31*")
