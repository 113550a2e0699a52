"""Looking sources up: /source with title autocomplete, /sources paginated with buttons."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.cogs import DATE_NAMES, FrontlineCog
from bot.format import NO_MENTIONS, shorten, source_embed, sources_page_embed
from bot.messages import t
from index.errors import FrontlineError
from index.formatting import article_label
from index.service import Frontline

if TYPE_CHECKING:
    from bot.bot import FrontlineBot

log = logging.getLogger(__name__)
PAGE_SIZE = 10
AUTOCOMPLETE_CHOICES = 25  # Discord's maximum
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


async def article_choices(service: Frontline, current: str) -> list[app_commands.Choice[str]]:
    """Titles matching what was typed; each value a key the commands resolve back (ids can exceed 100 chars)."""
    try:
        infos = await asyncio.to_thread(service.sources, current.strip(), "", "", "", AUTOCOMPLETE_CHOICES)
    except FrontlineError as exc:  # no index yet: no choices, and no traceback on every keystroke
        log.debug("no autocomplete choices: %s", exc)
        return []
    choices = []
    for info in infos[:AUTOCOMPLETE_CHOICES]:
        a = info.article
        label = f"{(a.published_at or '')[:10]} {article_label(a)}".strip()
        choices.append(app_commands.Choice(name=shorten(label, 100), value=service.article_key(info)))
    return choices


def check_date(value: str | None, name: str) -> str:
    if not value:
        return ""
    if not _DATE.fullmatch(value.strip()):
        raise FrontlineError("bad_date_option", option=name, value=value)
    return value.strip()


class SourcesView(discord.ui.View):
    """Previous / next buttons over a filtered article list; only the asker can turn pages."""

    def __init__(self, service: Frontline, owner_id: int, filters: dict[str, str], lang: str = "en") -> None:
        super().__init__(timeout=300)
        self.lang = lang
        self.service = service
        self.owner_id = owner_id
        self.filters = filters
        self.page = 0
        self.message: discord.InteractionMessage | None = None  # set once sent, to grey the buttons out

    async def on_timeout(self) -> None:
        """Disable the buttons: after the timeout nobody listens to them, and a click would fail."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException:
                log.debug("could not disable the buttons of an old /sources message")

    async def render(self) -> tuple[discord.Embed, bool]:
        infos = await asyncio.to_thread(
            self.service.sources, **self.filters, limit=PAGE_SIZE + 1, offset=self.page * PAGE_SIZE
        )
        has_next = len(infos) > PAGE_SIZE
        self.previous.disabled = self.page == 0
        self.next.disabled = not has_next
        return sources_page_embed(infos[:PAGE_SIZE], self.page, has_next, self.lang), has_next

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message(t(self.lang, "not_your_pages"), ephemeral=True)
            return False
        return True

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        self.page = max(0, self.page + step)
        embed, _ = await self.render()
        await interaction.response.edit_message(embed=embed, view=self)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, 1)


class Sources(FrontlineCog):
    @app_commands.command(name="source", description="Show an indexed article's metadata, link and related headlines.")
    @app_commands.describe(article="Start typing a title")
    async def source(self, interaction: discord.Interaction, article: str) -> None:
        info = await asyncio.to_thread(lambda: self.service.source(self.service.resolve_article(article)))
        await interaction.response.send_message(embed=source_embed(info, self.lang), allowed_mentions=NO_MENTIONS)

    @source.autocomplete("article")
    async def source_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await article_choices(self.service, current)

    @app_commands.command(name="sources", description="List indexed articles, newest first.")
    @app_commands.describe(query="Words in the title", publisher="Publisher or original source",
                           date_from="From date (YYYY-MM-DD)", date_to="To date (YYYY-MM-DD)")  # fmt: skip
    @app_commands.rename(**DATE_NAMES)
    async def sources(
        self,
        interaction: discord.Interaction,
        query: str | None = None,
        publisher: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
    ) -> None:
        filters = {
            "query": (query or "").strip(),
            "publisher": (publisher or "").strip(),
            "date_from": check_date(date_from, "from"),
            "date_to": check_date(date_to, "to"),
        }
        view = SourcesView(self.service, interaction.user.id, filters, self.lang)
        embed, _ = await view.render()
        await interaction.response.send_message(embed=embed, view=view, allowed_mentions=NO_MENTIONS)
        view.message = await interaction.original_response()


async def setup(bot: FrontlineBot) -> None:
    await bot.add_cog(Sources(bot))
