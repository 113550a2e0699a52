"""Feature cogs; each one is an extension loaded by `FrontlineBot.setup_hook`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

if TYPE_CHECKING:
    from bot.bot import FrontlineBot
    from index.service import Frontline


# The publication-day options /ask and /timeline share (shown as `from` / `to` in Discord).
DATE_OPTIONS = {
    "date_from": "Only articles published on or after this day (YYYY-MM-DD)",
    "date_to": "Only articles published on or before this day (YYYY-MM-DD)",
}
DATE_NAMES = {"date_from": "from", "date_to": "to"}


class FrontlineCog(commands.Cog):
    """A cog of the Frontline bot: typed access to its service and answer language."""

    def __init__(self, bot: FrontlineBot) -> None:
        self.bot = bot

    @property
    def service(self) -> Frontline:
        if self.bot.service is None:  # only `--print-commands` / `--sync` build a bot without one
            raise RuntimeError("the bot was started without its service")
        return self.bot.service

    @property
    def lang(self) -> str:
        return self.bot.lang
