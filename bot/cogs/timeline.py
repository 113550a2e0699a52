"""/timeline: dated, cited reports about a topic in date order, with the chart attached."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.checks import ask_cooldown
from bot.cogs import DATE_NAMES, DATE_OPTIONS, FrontlineCog
from bot.format import NO_MENTIONS, timeline_embed
from bot.messages import t
from index.search.timeline_plot import timeline_png
from index.service import MAX_QUESTION_CHARS

if TYPE_CHECKING:
    from bot.bot import FrontlineBot

log = logging.getLogger(__name__)
TIMELINE_EVENTS = 12
ATTACHMENT_LIMIT = 8 * 1024 * 1024  # Discord's upload limit for a server without boosts
PICTURE = "timeline.png"


class Timeline(FrontlineCog):
    @app_commands.command(name="timeline", description="Dated reports about a topic in date order, with a chart.")
    @app_commands.describe(
        topic="What to follow, in any language (e.g. Zaporizhzhia nuclear plant)",
        **DATE_OPTIONS,
        private="Only you see the timeline",
    )
    @app_commands.rename(**DATE_NAMES)
    @app_commands.checks.dynamic_cooldown(ask_cooldown, key=lambda i: i.user.id)
    async def timeline(
        self,
        interaction: discord.Interaction,
        topic: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        date_from: app_commands.Range[str, 1, 10] | None = None,
        date_to: app_commands.Range[str, 1, 10] | None = None,
        private: bool = False,
    ) -> None:
        await interaction.response.defer(ephemeral=private, thinking=True)
        found = await asyncio.to_thread(
            self.service.timeline, topic, TIMELINE_EVENTS, date_from=date_from, date_to=date_to
        )
        embed = timeline_embed(found, self.lang)
        files: list[discord.File] = []
        if found.entries:
            picture = await asyncio.to_thread(timeline_png, found)
            if len(picture) <= ATTACHMENT_LIMIT:
                files.append(discord.File(io.BytesIO(picture), filename=PICTURE))
                embed.set_image(url=f"attachment://{PICTURE}")
            else:  # never expected (a chart is ~100 KB); the text still answers
                log.warning("timeline chart of %d bytes is over Discord's limit; sent without it", len(picture))
        try:
            await interaction.followup.send(embed=embed, files=files, ephemeral=private, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:
            log.error("/timeline by %s was refused by Discord: %s", interaction.user.id, exc)
            await interaction.followup.send(t(self.lang, "send_failed"), ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: FrontlineBot) -> None:
    await bot.add_cog(Timeline(bot))
