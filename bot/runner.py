"""Start the bot, print its command payload, or sync its commands: `frontline bot ...`."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import aiohttp
import discord
from pydantic import ValidationError

from bot.bot import FrontlineBot
from index.config import Settings
from index.errors import FrontlineError
from index.service import Frontline

log = logging.getLogger("frontline.bot")


def _settings(index: Path | None) -> Settings:
    try:
        return Settings(FRONTLINE_INDEX_DIR=index) if index else Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        # A check across fields (the shard settings) has no field of its own: its message names them.
        name = ".".join(str(part) for part in first["loc"]) or "combination"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise FrontlineError("settings_invalid", name=name, reason=reason) from exc


def check(index: Path | None) -> list[str]:
    """`frontline bot --check`: settings, token, model, index and writable folders, without connecting.

    Returns one line per finding, "problem: …" or "note: …"; any problem means the bot would not serve.
    """
    try:
        settings = _settings(index)
    except FrontlineError as exc:
        return [f"problem: {exc}"]
    lines = []
    try:
        _token(settings)
    except FrontlineError as exc:
        lines.append(f"problem: {exc}")
    report = Frontline(settings).preflight()
    lines += [f"problem: {p}" for p in report.problems]
    lines += [f"note: {n}" for n in report.notes]
    return lines


def _token(settings: Settings) -> str:
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        raise FrontlineError("token_missing")
    return token


async def command_payload(settings: Settings) -> list[dict[str, Any]]:
    """What `--sync` would register, built without connecting."""
    bot = FrontlineBot(settings, service=None)
    for extension in bot_extensions():
        await bot.load_extension(extension)
    return [command.to_dict(bot.tree) for command in bot.tree.get_commands()]


def bot_extensions() -> tuple[str, ...]:
    from bot.bot import EXTENSIONS

    return EXTENSIONS


async def _sync(settings: Settings, token: str, guild_ids: list[int]) -> list[str]:
    """Register the commands in each guild given (instant), or globally when none is."""
    bot = FrontlineBot(settings, service=None, message_content=False)
    reports = []
    async with bot:
        await bot.login(token)
        targets: list[discord.Object | None] = [discord.Object(id=g) for g in guild_ids] or [None]
        for guild in targets:
            if guild is not None:
                bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
            where = f"guild {guild.id}" if guild is not None else "globally"
            reports.append(f"registered {len(synced)} commands {where}: {', '.join(c.name for c in synced)}")
    return reports


async def _run(settings: Settings, token: str) -> None:
    service = Frontline(settings)
    wants_messages = settings.message_questions
    bot = FrontlineBot(settings, service, message_content=wants_messages)
    try:
        async with bot:
            await bot.start(token)
    except discord.PrivilegedIntentsRequired:
        log.warning("the message-content intent is off in the developer portal: answering slash commands only")
        bot = FrontlineBot(settings, service, message_content=False)
        async with bot:
            await bot.start(token)


class _NoVoiceWarnings(logging.Filter):
    """The bot never joins voice; discord.py's missing-voice-library warnings are noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def run_bot(*, index: Path | None, print_commands: bool, sync: bool, guild_id: int | None) -> None:
    settings = _settings(index)
    logging.basicConfig(level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("discord.client").addFilter(_NoVoiceWarnings())
    if print_commands:
        print(json.dumps(asyncio.run(command_payload(settings)), indent=2, ensure_ascii=False))
        return
    token = _token(settings)
    try:
        if sync:
            for line in asyncio.run(_sync(settings, token, [guild_id] if guild_id else settings.guild_id_list())):
                print(line)
            return
        asyncio.run(_run(settings, token))
    except discord.LoginFailure as exc:
        raise FrontlineError("token_rejected") from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise FrontlineError("discord_unreachable", reason=f"{exc.__class__.__name__}: {exc}") from exc
    except KeyboardInterrupt:
        log.info("stopped")
