"""Fake Discord objects built from the real discord.py types (spec_set: a wrong attribute fails)."""

from __future__ import annotations

from unittest.mock import AsyncMock, MagicMock

import discord


def make_member(user_id: int = 1001, *, manage_guild: bool = False, roles: tuple[str, ...] = ()) -> MagicMock:
    member = MagicMock(spec_set=discord.Member)
    member.id = user_id
    member.bot = False
    member.guild_permissions = discord.Permissions(manage_guild=manage_guild)
    role_mocks = []
    for name in roles:
        role = MagicMock(spec_set=discord.Role)
        role.name = name
        role_mocks.append(role)
    member.roles = role_mocks
    return member


def make_interaction(client, *, user=None, in_guild: bool = True) -> MagicMock:
    interaction = MagicMock(spec_set=discord.Interaction)
    interaction.client = client
    interaction.created_at = discord.utils.utcnow()
    interaction.user = user or make_member()
    if in_guild:
        guild = MagicMock(spec_set=discord.Guild)
        guild.id = 4242
        interaction.guild = guild
        interaction.guild_id = guild.id
    else:
        interaction.guild = None
        interaction.guild_id = None
    response = MagicMock(spec_set=discord.InteractionResponse)
    response.is_done.return_value = False
    for name in ("defer", "send_message", "edit_message"):
        setattr(response, name, AsyncMock())
    interaction.response = response
    followup = MagicMock(spec_set=discord.Webhook)
    sent = MagicMock(spec_set=discord.WebhookMessage)
    sent.edit = AsyncMock()
    followup.send = AsyncMock(return_value=sent)
    interaction.followup = followup
    return interaction


def make_attachment(filename: str, data: bytes) -> MagicMock:
    attachment = MagicMock(spec_set=discord.Attachment)
    attachment.filename = filename
    attachment.size = len(data)
    attachment.read = AsyncMock(return_value=data)
    return attachment


def sent_kwargs(mock: AsyncMock) -> dict:
    assert mock.await_count >= 1, "nothing was sent"
    return mock.await_args.kwargs
