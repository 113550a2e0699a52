"""One place that turns command errors into a short reply for the user and a full log line."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.checks import NotAdmin
from bot.cogs import FrontlineCog
from bot.format import NO_MENTIONS, clean, shorten
from bot.messages import CATALOG, t
from index.errors import (
    FrontlineError,
    IndexCorruptError,
    IndexNotFoundError,
    InputError,
    ModelError,
    ModelMismatchError,
)

if TYPE_CHECKING:
    from bot.bot import FrontlineBot

log = logging.getLogger(__name__)
# What only the operator can fix: logged as warnings, with the paths and commands members never see.
OPERATOR_ERRORS = (IndexNotFoundError, IndexCorruptError, ModelError, ModelMismatchError)
OPERATOR_KINDS = {"index_unwritable", "path_unusable", "index_old_format"}


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
        return error_text(error, lang)
    return t(lang, "failed")


def error_text(error: FrontlineError, lang: str = "en") -> str:
    """A domain error in the bot's words (`error.<kind>` in bot/messages.py), never the operator's.

    The English line of `str(error)` names host paths and command lines; it goes to the log.
    """
    key = f"error.{error.kind}"
    if key not in CATALOG["en"]:
        key = "error.input" if isinstance(error, InputError) else "failed"
    details = {k: clean(shorten(v, 200)) if isinstance(v, str) else v for k, v in error.details.items()}
    try:
        return t(lang, key, **details)
    except (KeyError, IndexError, ValueError):  # a catalogue line and a raise site disagree
        log.warning("catalogue line %s does not fit %r", key, error.details)
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
        original = getattr(error, "original", error)
        # Members get a plain sentence; the operator's hint (paths, commands) goes to the log.
        if isinstance(original, OPERATOR_ERRORS) or getattr(original, "kind", None) in OPERATOR_KINDS:
            log.warning("/%s by %s: %s", command, interaction.user.id, original)
        elif expected:
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
