"""The Discord client: loads the model and index once in setup_hook, then the feature cogs."""

from __future__ import annotations

import asyncio
import gc
import logging

import discord
from discord.ext import commands

from index.config import Settings
from index.service import Frontline

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.cogs.errors", "bot.cogs.ask", "bot.cogs.timeline", "bot.cogs.sources", "bot.cogs.admin")


def make_intents(message_content: bool) -> discord.Intents:
    intents = discord.Intents.default()
    # Privileged: needed to read questions that mention the bot. Without it the bot
    # still answers slash commands.
    intents.message_content = message_content
    return intents


def freeze_startup_objects() -> None:
    """Exempt what start-up loaded (model, index, libraries) from garbage collection.

    A full collection walks every tracked object; with the model and index loaded that
    stalls the event loop for 150 ms or more (measured in tests/test_load.py). The
    start-up objects live as long as the process, so scanning them is wasted.
    """
    gc.collect()
    gc.freeze()


class FrontlineBot(commands.Bot):
    def __init__(self, settings: Settings, service: Frontline | None = None, *, message_content: bool = True) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=make_intents(message_content),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            shard_id=settings.shard_id,  # None (the default): one process gets every guild
            shard_count=settings.shard_count,
        )
        self.settings = settings
        self.service = service
        self.reindex_lock = asyncio.Lock()

    @property
    def lang(self) -> str:
        """Language of the bot's own words (labels, errors); quoted passages keep theirs."""
        return self.settings.answer_language

    @property
    def reads_messages(self) -> bool:
        return self.intents.message_content and self.settings.message_questions

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.service is not None:
            # Load the model and open the index once, off the event loop (service.warm_up).
            await asyncio.to_thread(self._warm_up, self.service)
        freeze_startup_objects()

    @staticmethod
    def _warm_up(service: Frontline) -> None:
        service.warm_up()
        try:
            stats = service.stats()
            log.info("index ready: %d articles, %d chunks (%s)", stats.articles, stats.chunks, stats.model)
        except Exception as exc:  # no index yet is fine: /reindex creates one
            log.warning("index not ready: %s", exc)

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: questions in channels are handled by the Ask cog's listener.
        return

    async def on_ready(self) -> None:
        # Fires again on every reconnect: log only, never sync or load here.
        log.info("connected as %s (message questions: %s)", self.user, "on" if self.reads_messages else "off")
