"""Admin commands: /reindex (URL or attachment) in the background, /remove, /index-stats."""

from __future__ import annotations

import asyncio
import functools
import logging
import tempfile
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.checks import admin_only
from bot.cogs import FrontlineCog
from bot.cogs.errors import error_text, user_message
from bot.cogs.sources import article_choices
from bot.format import CONTENT_LIMIT, NO_MENTIONS, clean, shorten
from bot.messages import t
from index.errors import FrontlineError, InputError
from index.ingest.fetch import redact_url
from index.ingest.indexer import AddReport
from index.ingest.loader import Loaded

if TYPE_CHECKING:
    from bot.bot import FrontlineBot

log = logging.getLogger(__name__)
ATTACHMENT_TYPES = (".txt", ".html", ".htm", ".json", ".jsonl")


class Admin(FrontlineCog):
    progress_interval_s = 2.0  # how often the progress message is edited

    def __init__(self, bot: FrontlineBot) -> None:
        super().__init__(bot)
        self._tasks: set[asyncio.Task] = set()

    @property
    def lock(self) -> asyncio.Lock:
        return self.bot.reindex_lock

    @app_commands.command(name="reindex", description="Add or update articles from a URL or an attached file (admins).")
    @app_commands.describe(url="http(s) link to an article page or a JSON/JSONL feed",
                           attachment="A .txt, .html, .json or .jsonl file")  # fmt: skip
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @admin_only()
    async def reindex(
        self, interaction: discord.Interaction, url: str | None = None, attachment: discord.Attachment | None = None
    ) -> None:
        if (url is None) == (attachment is None):
            await interaction.response.send_message(t(self.lang, "one_input"), ephemeral=True)
            return
        if attachment is not None:
            self._check_attachment(attachment)
        if self.lock.locked():
            await interaction.response.send_message(t(self.lang, "busy"), ephemeral=True)
            return
        await self.lock.acquire()  # no await since the check: nobody can slip in between
        try:
            await interaction.response.defer(thinking=True)
            data = await attachment.read() if attachment is not None else None
        except BaseException:
            self.lock.release()
            raise
        name = attachment.filename if attachment is not None else redact_url(url or "")
        task = asyncio.create_task(self._reindex(interaction, name, url, data))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _check_attachment(self, attachment: discord.Attachment) -> None:
        """Refuse by name and declared size before downloading anything."""
        if PurePath(attachment.filename).suffix.lower() not in ATTACHMENT_TYPES:
            raise InputError("upload_type", label=attachment.filename, types=", ".join(ATTACHMENT_TYPES))
        cap = self.bot.settings.fetch_max_bytes  # an upload is held to the cap of a fetched page
        if attachment.size > cap:
            raise InputError("upload_too_large", label=attachment.filename, size=attachment.size, cap=cap)

    async def _reindex(self, interaction: discord.Interaction, name: str, url: str | None, data: bytes | None) -> None:
        message: discord.WebhookMessage | None = None
        try:
            message = await interaction.followup.send(
                t(self.lang, "reindexing", name=clean(shorten(name, 200))), wait=True, allowed_mentions=NO_MENTIONS
            )
            items = await asyncio.to_thread(self._load, name, url, data)
            total = sum(isinstance(i, Loaded) for i in items)
            done = 0
            loop = asyncio.get_running_loop()

            def advance(n: int) -> None:
                nonlocal done
                done += n

            def report_progress(n: int) -> None:  # called from the worker thread
                loop.call_soon_threadsafe(advance, n)

            add = functools.partial(self.service.add, items, report_progress, merge=False)
            work = asyncio.ensure_future(asyncio.to_thread(add))
            while not work.done():
                await asyncio.wait({work}, timeout=self.progress_interval_s)
                if not work.done():
                    progress = t(self.lang, "reindex_progress", name=clean(shorten(name, 200)), done=done, total=total)
                    await message.edit(content=progress)
            report = work.result()
            for failure in report.failed:
                log.info("re-index of %s: %s", name, failure)
            outcome = self._outcome(name, report)
        except Exception as exc:
            if not isinstance(exc, FrontlineError):
                log.exception("re-index of %s failed", name)
            else:
                log.warning("re-index of %s failed: %s", name, exc)
            outcome = t(self.lang, "reindex_failed", reason=user_message(exc, self.lang))
        finally:
            self.lock.release()
        await self._show_outcome(interaction, message, outcome)
        self._merge_in_background()

    def _merge_in_background(self) -> None:
        """Merge segments as the policy asks, after the admin has the outcome; answers keep coming meanwhile."""
        task = asyncio.create_task(self._merge())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _merge(self) -> None:
        async with self.lock:  # a /reindex meanwhile is told to wait, as during any write
            try:
                merged = await asyncio.to_thread(self.service.merge)
            except Exception as exc:  # the commit before it stands; the next write merges again
                log.warning("background merge failed: %s", exc)
                return
        if merged:
            log.info("merged segments %d time(s) in the background", merged)

    def _outcome(self, name: str, report: AddReport) -> str:
        summary = t(self.lang, "summary", added=len(report.added), updated=len(report.updated),
                    unchanged=len(report.unchanged), failed=len(report.failed), chunks=report.chunks)  # fmt: skip
        lines = [t(self.lang, "reindexed", name=clean(shorten(name, 200)), summary=summary)]
        lines += [f"• {error_text(failure, self.lang)}" for failure in report.failed[:10]]
        if len(report.failed) > 10:
            lines.append(t(self.lang, "more_failures", count=len(report.failed) - 10))
        return shorten("\n".join(lines), CONTENT_LIMIT)

    @staticmethod
    async def _show_outcome(
        interaction: discord.Interaction, message: discord.WebhookMessage | None, outcome: str
    ) -> None:
        """Replace the progress message with the outcome (a new message only when it is gone)."""
        try:
            if message is not None:
                await message.edit(content=outcome, allowed_mentions=NO_MENTIONS)
                return
        except discord.HTTPException:
            log.info("progress message gone; sending the outcome anew")
        try:
            await interaction.followup.send(outcome, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not report a re-index outcome")

    def _load(self, name: str, url: str | None, data: bytes | None) -> list:
        if url is not None:
            return self.service.load_url(url)
        with tempfile.TemporaryDirectory(prefix="frontline-upload-") as tmp:
            path = Path(tmp) / PurePath(name).name
            path.write_bytes(data or b"")
            items = self.service.load([str(path)])
        # Report errors under the file's own name, not the temporary path.
        return [i.relabelled(i.label.replace(f"{tmp}/", "")) if isinstance(i, InputError) else i for i in items]

    @app_commands.command(name="remove", description="Remove an article from the index (admins).")
    @app_commands.describe(article="Start typing a title")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @admin_only()
    async def remove(self, interaction: discord.Interaction, article: str) -> None:
        if self.lock.locked():
            await interaction.response.send_message(t(self.lang, "busy"), ephemeral=True)
            return
        async with self.lock:
            await interaction.response.defer(ephemeral=True, thinking=True)
            report = await asyncio.to_thread(
                lambda: self.service.remove([self.service.resolve_article(article)], merge=False)
            )
        shown = discord.utils.escape_markdown(report.removed[0] if report.removed else article)
        text = t(self.lang, "removed", id=shown) if report.removed else t(self.lang, "no_such_article", id=shown)
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        if report.removed:
            self._merge_in_background()

    @remove.autocomplete("article")
    async def remove_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await article_choices(self.service, current)

    @app_commands.command(name="index-stats", description="Articles, passages and model of the index (admins).")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    @admin_only()
    async def index_stats(self, interaction: discord.Interaction) -> None:
        stats = await asyncio.to_thread(self.service.stats)
        text = t(self.lang, "stats", articles=stats.articles, chunks=stats.chunks, model=stats.model,
                 dim=stats.dim, generation=stats.generation)  # fmt: skip
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: FrontlineBot) -> None:
    await bot.add_cog(Admin(bot))
