"""One place that turns command errors into a short reply for the user and a full log line."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.checks import NotAdmin
from bot.cogs import FrontlineCog
from bot.format import NO_MENTIONS
from bot.messages import t
from index.errors import FrontlineError

if TYPE_CHECKING:
    from bot.bot import FrontlineBot

log = logging.getLogger(__name__)


def user_message(error: Exception, lang: str = "en") -> str:
    """The one sentence a user sees for `error`."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, app_commands.CommandOnCooldown):
        return t(lang, "cooldown", seconds=error.retry_after)
    if isinstance(error, app_commands.NoPrivateMessage):
        return t(lang, "guild_only")
    if isinstance(error, NotAdmin | app_commands.MissingPermissions):
        return t(lang, "admin_only")
    if isinstance(error, FrontlineError):
        return str(error)[:300]
    return t(lang, "failed")


class ErrorHandler(FrontlineCog):
    def __init__(self, bot: FrontlineBot) -> None:
        super().__init__(bot)
        self._previous = bot.tree.on_error

    async def cog_load(self) -> None:
        self.bot.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def cog_unload(self) -> None:
        self.bot.tree.on_error = self._previous  # type: ignore[method-assign]

    async def on_app_command_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        message = user_message(error, self.lang)
        expected = not isinstance(error, app_commands.CommandInvokeError) or isinstance(error.original, FrontlineError)
        command = interaction.command.qualified_name if interaction.command else "?"
        if expected:
            log.info("/%s by %s: %s", command, interaction.user.id, error)
        else:
            log.error("/%s by %s failed", command, interaction.user.id, exc_info=error)
        await reply_privately(interaction, message)


async def reply_privately(interaction: discord.Interaction, message: str) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException:
        log.warning("could not deliver an error message to %s", interaction.user.id)


async def setup(bot: FrontlineBot) -> None:
    await bot.add_cog(ErrorHandler(bot))
