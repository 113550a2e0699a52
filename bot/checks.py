"""Checks shared by the cogs: admin rights, per-user rate limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


class NotAdmin(app_commands.CheckFailure):
    """Raised when a non-admin runs an admin command."""


def is_admin(interaction: discord.Interaction) -> bool:
    """Manage Server permission, or the configured admin role, in a guild; never in DMs.

    Checked when the command runs, on top of Discord's default permissions, because a
    guild can change who sees a command.
    """
    member = interaction.user
    if interaction.guild is None or not isinstance(member, discord.Member):
        return False
    if member.guild_permissions.manage_guild or member.guild_permissions.administrator:
        return True
    role_name = getattr(interaction.client, "settings", None) and interaction.client.settings.admin_role  # type: ignore[attr-defined]
    return bool(role_name) and any(role.name == role_name for role in member.roles)


def admin_only() -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        if interaction.guild is None:
            raise app_commands.NoPrivateMessage()
        if not is_admin(interaction):
            raise NotAdmin("admin only")
        return True

    return app_commands.check(predicate)


def ask_cooldown(interaction: discord.Interaction) -> app_commands.Cooldown | None:
    settings = interaction.client.settings  # type: ignore[attr-defined]
    if settings.ask_cooldown_s <= 0:
        return None
    return app_commands.Cooldown(settings.ask_rate, settings.ask_cooldown_s)
