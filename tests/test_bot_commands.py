"""Slash commands through their callbacks, with spec'd Discord mocks and the real service."""

import asyncio
import json
import time

import discord
import pytest
from discord import app_commands

from bot.checks import NotAdmin
from bot.cogs.ask import FeedbackButton
from bot.format import NO_MENTIONS

from .discord_helpers import make_attachment, make_interaction, make_member, sent_kwargs


@pytest.fixture
def bot(discord_bot):
    return discord_bot


def cog(bot, name):
    return bot.get_cog(name)


async def run_checks(command, interaction):
    for check in command.checks:
        await discord.utils.maybe_coroutine(check, interaction)


async def test_ask_defers_first_then_sends_answer_embed(bot):
    ask = cog(bot, "Ask")
    interaction = make_interaction(bot)
    await ask.ask.callback(ask, interaction, question="how many people crossed into Finland?")
    interaction.response.defer.assert_awaited_once_with(ephemeral=False, thinking=True)
    kwargs = sent_kwargs(interaction.followup.send)
    assert kwargs["allowed_mentions"] is NO_MENTIONS
    embeds = kwargs["embeds"]
    assert "17.000 orang Rusia melintasi perbatasan dengan Finlandia" in embeds[0].description
    assert embeds[0].fields[0].name.startswith("[1] Sekutu Rusia")
    assert "27 September 2022" in embeds[0].fields[0].value
    assert isinstance(kwargs["view"], discord.ui.View) and len(kwargs["view"].children) == 2


async def test_private_ask_is_ephemeral(bot):
    ask = cog(bot, "Ask")
    interaction = make_interaction(bot)
    await ask.ask.callback(ask, interaction, question="how many protesters were arrested?", private=True)
    interaction.response.defer.assert_awaited_once_with(ephemeral=True, thinking=True)
    assert sent_kwargs(interaction.followup.send)["ephemeral"] is True


async def test_feedback_button_stores_hashed_vote(bot):
    ask = cog(bot, "Ask")
    interaction = make_interaction(bot, user=make_member(412345678901234567))
    await ask.ask.callback(ask, interaction, question="Where was a recruitment officer shot?")
    view = sent_kwargs(interaction.followup.send)["view"]
    up = next(child for child in view.children if getattr(child, "vote", None) == "up")
    # Rebuild the button from its custom id, as discord.py does for a click after a restart.
    # (load_extension imports the cog module afresh, so take the class from the item.)
    button_class = type(up)
    assert button_class.__name__ == FeedbackButton.__name__
    click = make_interaction(bot, user=make_member(412345678901234567))
    match = button_class.__discord_ui_compiled_template__.fullmatch(up.custom_id)
    button = await button_class.from_custom_id(click, up.item, match)
    await button.callback(click)
    click.response.send_message.assert_awaited_once()
    rows = bot.service.feedback.export()
    assert len(rows) == 1 and rows[0].vote == 1 and rows[0].question == "Where was a recruitment officer shot?"
    assert "412345678901234567" not in rows[0].user_hash and len(rows[0].user_hash) == 32
    assert rows[0].article_ids and all(isinstance(a, str) for a in rows[0].article_ids)


async def test_ask_cooldown_is_configured(bot):
    ask = cog(bot, "Ask")
    interaction = make_interaction(bot)
    await run_checks(ask.ask, interaction)
    await run_checks(ask.ask, interaction)
    await run_checks(ask.ask, interaction)
    with pytest.raises(app_commands.CommandOnCooldown):
        await run_checks(ask.ask, interaction)


async def test_source_and_autocomplete(bot):
    sources = cog(bot, "Sources")
    choices = await sources.source_autocomplete(make_interaction(bot), "kazakh")
    assert len(choices) == 1 and "Kazakhstan" in choices[0].name and len(choices[0].name) <= 100
    interaction = make_interaction(bot)
    await sources.source.callback(sources, interaction, article=choices[0].value)
    embed = interaction.response.send_message.await_args.kwargs["embed"]
    assert embed.title.startswith("Sekutu Rusia")
    assert any(f.name == "Related headlines" and "Spetsnaz" in f.value for f in embed.fields)


async def test_autocomplete_names_an_untitled_article_by_its_address(bot, tmp_path):
    record = tmp_path / "untitled.jsonl"
    page = {"id": "untitled-trams", "text": "Trem kembali beroperasi di pusat kota.", "url": "https://kyivdaily.example/news/trams"}
    record.write_text(json.dumps(page))
    bot.service.add(bot.service.load([str(record)]))
    choices = await cog(bot, "Sources").source_autocomplete(make_interaction(bot), "untitled-trams")
    assert [c.name for c in choices] == ["kyivdaily.example/news/trams"]  # not its internal id


async def test_autocomplete_caps_at_25(bot, tmp_path):
    records = tmp_path / "many.jsonl"
    records.write_text(
        "\n".join(json.dumps({"id": f"m{i}", "title": f"Laporan {i}", "text": f"Isi laporan {i}."}) for i in range(40))
    )
    bot.service.add(bot.service.load([str(records)]))
    choices = await cog(bot, "Sources").source_autocomplete(make_interaction(bot), "laporan")
    assert len(choices) == 25


async def test_sources_paginates(bot, tmp_path):
    records = tmp_path / "many.jsonl"
    records.write_text(
        "\n".join(
            json.dumps(
                {"id": f"p{i:02d}", "title": f"Berita {i}", "text": f"Isi {i}.", "published_at": f"2022-10-{i + 1:02d}"}
            )
            for i in range(15)
        )
    )
    bot.service.add(bot.service.load([str(records)]))
    sources = cog(bot, "Sources")
    interaction = make_interaction(bot)
    await sources.sources.callback(sources, interaction, query="berita")
    kwargs = interaction.response.send_message.await_args.kwargs
    view, first = kwargs["view"], kwargs["embed"]
    assert "Berita 14" in first.description and first.description.count("\n") == 9
    assert view.previous.disabled and not view.next.disabled
    click = make_interaction(bot, user=interaction.user)
    await view.next.callback(click)
    second = click.response.edit_message.await_args.kwargs["embed"]
    assert "Berita 0" in second.description and "Berita 14" not in second.description
    assert view.next.disabled
    stranger = make_interaction(bot, user=make_member(999))
    assert await view.interaction_check(stranger) is False


async def test_sources_rejects_bad_dates(bot):
    from index.errors import FrontlineError

    sources = cog(bot, "Sources")
    with pytest.raises(FrontlineError, match="2022-09-27"):
        await sources.sources.callback(sources, make_interaction(bot), date_from="yesterday")


async def test_admin_commands_are_guild_only_with_manage_guild(bot):
    admin = cog(bot, "Admin")
    for command in (admin.reindex, admin.remove, admin.index_stats):
        assert command.guild_only
        assert command.default_permissions == discord.Permissions(manage_guild=True)


async def test_admin_checks_refuse_non_admins_and_dms(bot):
    admin = cog(bot, "Admin")
    with pytest.raises(NotAdmin):
        await run_checks(admin.reindex, make_interaction(bot, user=make_member(manage_guild=False)))
    with pytest.raises(app_commands.NoPrivateMessage):
        await run_checks(admin.index_stats, make_interaction(bot, in_guild=False))
    await run_checks(admin.reindex, make_interaction(bot, user=make_member(manage_guild=True)))
    await run_checks(admin.reindex, make_interaction(bot, user=make_member(roles=("Editors",))))


async def test_reindex_attachment_in_background_then_switches_index(bot):
    admin = cog(bot, "Admin")
    admin.progress_interval_s = 0.05
    ask = cog(bot, "Ask")
    data = "\n".join([
        json.dumps({"id": "kherson-1", "title": "Kherson", "text": "Pasukan Ukraina memasuki kota Kherson pada hari Jumat setelah Rusia mundur.",
                    "published_at": "2022-11-11", "publisher": "Kyiv Post"}),
        "{broken",
    ]).encode()  # fmt: skip
    interaction = make_interaction(bot, user=make_member(manage_guild=True))
    await admin.reindex.callback(admin, interaction, attachment=make_attachment("feed.jsonl", data))
    interaction.response.defer.assert_awaited_once()
    second = make_interaction(bot, user=make_member(manage_guild=True))
    await admin.reindex.callback(admin, second, url="https://example.org/x")
    assert "already running" in second.response.send_message.await_args.args[0]
    while admin._tasks:  # the re-index, then the background merge it leaves behind
        await asyncio.gather(*list(admin._tasks))
    message = interaction.followup.send.return_value
    final = message.edit.await_args.kwargs["content"]
    assert "added 1" in final and "failed 1" in final and "feed.jsonl:2: malformed JSON" in final
    assert "frontline-upload" not in final
    assert not bot.reindex_lock.locked()
    question = make_interaction(bot)
    await ask.ask.callback(ask, question, question="Kapan pasukan Ukraina memasuki Kherson?")
    assert "Kherson" in sent_kwargs(question.followup.send)["embeds"][0].description


async def test_reindex_merges_segments_in_the_background_after_answering(bot, monkeypatch):
    monkeypatch.setattr("index.store.merge.MERGE_FACTOR", 2)  # the sample's segment and the new one: a tier full
    admin = cog(bot, "Admin")
    data = json.dumps({"id": "odesa-1", "text": "Rudal menghantam pelabuhan Odesa pada malam hari, kata gubernur."})
    interaction = make_interaction(bot, user=make_member(manage_guild=True))
    await admin.reindex.callback(admin, interaction, attachment=make_attachment("feed.jsonl", data.encode()))
    while admin._tasks:  # the re-index, then the merge it leaves behind
        await asyncio.gather(*list(admin._tasks))
    assert "added 1" in interaction.followup.send.return_value.edit.await_args.kwargs["content"]
    stats = bot.service.stats()
    assert stats.segments == 1 and stats.articles == 2
    assert not bot.reindex_lock.locked()


async def test_reindex_needs_exactly_one_input(bot):
    from index.errors import FrontlineError

    admin = cog(bot, "Admin")
    neither = make_interaction(bot, user=make_member(manage_guild=True))
    await admin.reindex.callback(admin, neither)
    assert "either" in neither.response.send_message.await_args.args[0]
    with pytest.raises(FrontlineError, match="photo.png"):
        await admin.reindex.callback(
            admin,
            make_interaction(bot, user=make_member(manage_guild=True)),
            attachment=make_attachment("photo.png", b"x"),
        )


async def test_remove_and_stats(bot):
    admin = cog(bot, "Admin")
    stats = make_interaction(bot, user=make_member(manage_guild=True))
    await admin.index_stats.callback(admin, stats)
    assert "**1** articles" in stats.response.send_message.await_args.args[0]
    article_id = bot.service.sources()[0].article.id
    removal = make_interaction(bot, user=make_member(manage_guild=True))
    await admin.remove.callback(admin, removal, article=article_id)
    assert "Removed" in removal.followup.send.await_args.args[0]
    assert bot.service.stats().articles == 0


async def test_error_handler_gives_one_short_sentence(bot):
    handler = cog(bot, "ErrorHandler")
    interaction = make_interaction(bot)
    error = app_commands.CommandInvokeError(cog(bot, "Ask").ask, RuntimeError("boom\nwith details"))
    await handler.on_app_command_error(interaction, error)
    text = interaction.response.send_message.await_args.args[0]
    assert text == "Something went wrong on my side; it has been logged."
    cooldown = make_interaction(bot)
    await handler.on_app_command_error(cooldown, app_commands.CommandOnCooldown(app_commands.Cooldown(1, 10), 7.2))
    assert "Try again in 7 s" in cooldown.response.send_message.await_args.args[0]


async def test_event_loop_stays_responsive_during_ask_and_reindex(bot, tmp_path):
    admin, ask = cog(bot, "Admin"), cog(bot, "Ask")
    admin.progress_interval_s = 0.05
    records = "\n".join(
        json.dumps({"id": f"r{i}", "text": f"Laporan nomor {i} tentang serangan drone di Kyiv pada malam hari."})
        for i in range(60)
    )
    lags = []

    async def ticker():
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append(time.perf_counter() - start - 0.01)

    tick = asyncio.create_task(ticker())
    reindex = make_interaction(bot, user=make_member(manage_guild=True))
    await admin.reindex.callback(admin, reindex, attachment=make_attachment("r.jsonl", records.encode()))
    question = make_interaction(bot)
    await ask.ask.callback(ask, question, question="how many people crossed into Finland?")
    while admin._tasks:  # the re-index, then the background merge it leaves behind
        await asyncio.gather(*list(admin._tasks))
    tick.cancel()
    assert len(lags) > 20
    assert max(lags) < 0.25, f"event loop stalled for {max(lags):.3f} s"
    assert "added 60" in reindex.followup.send.return_value.edit.await_args.kwargs["content"]
