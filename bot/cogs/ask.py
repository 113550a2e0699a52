"""Questions: the /ask command, questions that mention the bot, and 👍 / 👎 feedback."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import ask_cooldown
from bot.cogs import DATE_NAMES, DATE_OPTIONS, FrontlineCog
from bot.cogs.errors import user_message
from bot.format import NO_MENTIONS, dated_answer_embeds, shorten
from bot.messages import t
from index.errors import FrontlineError
from index.search.answer import Answer
from index.service import MAX_QUESTION_CHARS, Frontline
from index.text.analysis import is_question

if TYPE_CHECKING:
    from bot.bot import FrontlineBot

log = logging.getLogger(__name__)
THREAD_NAME_LIMIT = 90
THREADS_REMEMBERED = 10_000


class LRU(OrderedDict[int, int]):
    """A dict that forgets its oldest entries beyond `size`."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key: int, value: int) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"frontline:fb:(?P<vote>up|down):(?P<answer>[0-9a-f]{1,32})"
):
    """A vote button that keeps working after a restart (its state lives in the custom id)."""

    def __init__(self, vote: str, answer_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                emoji="👍" if vote == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"frontline:fb:{vote}:{answer_id}",
            )
        )
        self.vote = vote
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["vote"], match["answer"])

    async def callback(self, interaction: discord.Interaction) -> None:
        service: Frontline = interaction.client.service  # type: ignore[attr-defined]
        stored = await asyncio.to_thread(
            service.feedback.vote, self.answer_id, interaction.user.id, 1 if self.vote == "up" else -1
        )
        lang = interaction.client.lang  # type: ignore[attr-defined]
        text = t(lang, "vote_thanks") if stored else t(lang, "vote_expired")
        await interaction.response.send_message(text, ephemeral=True)


def feedback_view(answer_id: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", answer_id))
    view.add_item(FeedbackButton("down", answer_id))
    return view


async def answer_question(
    service: Frontline, question: str, k: int, date_from: str | None = None, date_to: str | None = None
) -> tuple[Answer, discord.ui.View]:
    """Answer off the event loop; record answers that cite something so they can be rated."""
    answer = await asyncio.to_thread(service.ask, question, k, date_from=date_from, date_to=date_to)
    if not answer.found:
        return answer, discord.utils.MISSING  # nothing to rate
    article_ids = list(dict.fromkeys(c.article_id for c in answer.citations))
    answer_id = await asyncio.to_thread(service.feedback.record_answer, answer.question, article_ids)
    return answer, feedback_view(answer_id)


class Ask(FrontlineCog):
    def __init__(self, bot: FrontlineBot) -> None:
        super().__init__(bot)
        settings = bot.settings
        self._message_cooldown = commands.CooldownMapping.from_cooldown(
            settings.ask_rate, max(settings.ask_cooldown_s, 0.001), commands.BucketType.user
        )
        # Who asked in each thread the bot opened (a thread shares its id with the asking
        # message); newest kept, so memory stays bounded. After a restart, mention the bot.
        self._askers: dict[int, int] = LRU(THREADS_REMEMBERED)

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(FeedbackButton)

    @app_commands.command(name="ask", description="Ask a question about the indexed war coverage.")
    @app_commands.describe(
        question="Your question, in any language",
        private="Only you see the answer",
        **DATE_OPTIONS,
    )
    @app_commands.rename(**DATE_NAMES)
    @app_commands.checks.dynamic_cooldown(ask_cooldown, key=lambda i: i.user.id)
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        private: bool = False,
        date_from: app_commands.Range[str, 1, 10] | None = None,
        date_to: app_commands.Range[str, 1, 10] | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=private, thinking=True)
        answer, view = await answer_question(
            self.service, question, self.bot.settings.answer_k, date_from=date_from, date_to=date_to
        )
        try:
            await interaction.followup.send(
                embeds=dated_answer_embeds(answer, self.lang),
                ephemeral=private,
                allowed_mentions=NO_MENTIONS,
                view=view,
            )
        except discord.HTTPException as exc:  # the error handler would only say "something went wrong"
            log.error("answer to /ask by %s was refused by Discord: %s", interaction.user.id, exc)
            await interaction.followup.send(t(self.lang, "send_failed"), ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- questions in channels ----------------------------------------------
    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot, or None when it isn't addressed to it.

        Addressed means: the bot is mentioned (as a user, or through its managed role, which
        is what Discord inserts when people pick the bot from the role list), or the message
        replies to the bot. In a thread the bot opened, the person who asked may also just
        ask a follow-up question; the rest of the chatter there is left alone.
        """
        me = self.bot.user
        if me is None:
            return None
        own_roles = self._own_role_ids(message)
        addressed = me in message.mentions or bool(own_roles & set(message.raw_role_mentions))
        reference = message.reference.resolved if message.reference else None
        addressed |= isinstance(reference, discord.Message) and reference.author.id == me.id
        text = re.sub(rf"<@!?{me.id}>", " ", message.content)
        for role_id in own_roles:
            text = text.replace(f"<@&{role_id}>", " ")
        text = " ".join(text.split())
        if not addressed and self._follow_up(message, text):
            return text
        return text if addressed else None

    def _own_role_ids(self, message: discord.Message) -> set[int]:
        me = self.bot.user
        roles = {r.id for r in message.role_mentions if r.tags is not None and me and r.tags.bot_id == me.id}
        own = message.guild.self_role if message.guild is not None else None
        return roles | ({own.id} if own is not None else set())

    def _follow_up(self, message: discord.Message, text: str) -> bool:
        """A plain question from the asker, in a thread the bot opened for them."""
        channel = message.channel
        me = self.bot.user
        if not isinstance(channel, discord.Thread) or me is None or channel.owner_id != me.id:
            return False
        return self._askers.get(channel.id) == message.author.id and is_question(text)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or not self.bot.reads_messages:
            return
        question = self.question_in(message)
        if question is None:
            return
        if not question.strip(" ?!.,"):
            await message.reply(t(self.lang, "hint"),
                                allowed_mentions=NO_MENTIONS, mention_author=False)  # fmt: skip
            return
        retry_after = self._message_cooldown.update_rate_limit(message)
        if retry_after:
            await message.reply(t(self.lang, "cooldown", seconds=retry_after),
                                allowed_mentions=NO_MENTIONS, mention_author=False)  # fmt: skip
            return
        destination = await self._thread_for(message, question)
        try:
            async with destination.typing():
                answer, view = await answer_question(self.service, question, self.bot.settings.answer_k)
            await destination.send(
                embeds=dated_answer_embeds(answer, self.lang), allowed_mentions=NO_MENTIONS, view=view
            )
        except Exception as exc:
            await self._report_failure(destination, message, exc)

    async def _report_failure(
        self, destination: discord.abc.Messageable, message: discord.Message, exc: Exception
    ) -> None:
        """A short sentence in place of the answer, never silence (nor an empty thread)."""
        if isinstance(exc, discord.HTTPException):
            log.error("answer to %s was refused by Discord: %s", message.author.id, exc)
            text = t(self.lang, "send_failed")
        else:
            if isinstance(exc, FrontlineError):
                log.info("question from %s: %s", message.author.id, exc)
            else:
                log.exception("question from %s failed", message.author.id)
            text = user_message(exc, self.lang)
        try:
            await destination.send(text, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException:
            log.warning("could not tell %s that their question failed", message.author.id)

    async def _thread_for(self, message: discord.Message, question: str) -> discord.abc.Messageable:
        """Answer in a thread of its own, unless we're in one already or can't open one."""
        if isinstance(message.channel, discord.Thread) or message.guild is None:
            return message.channel
        try:
            thread = await message.create_thread(name=shorten(question, THREAD_NAME_LIMIT) or "Question")
            self._askers[thread.id] = message.author.id
            return thread
        except (discord.HTTPException, ValueError, TypeError, AttributeError) as exc:
            log.info("answering in channel, no thread: %s", exc)
            return message.channel


async def setup(bot: FrontlineBot) -> None:
    await bot.add_cog(Ask(bot))
