"""The `frontline` command: the engine's commands (`index/cli.py`) and `frontline bot`.

It sits above both packages, so the engine never imports the Discord layer: the console
script points here, and `python -m index.cli` still runs every engine command.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from index.cli import domain_errors, index_option, main


@main.command("bot")
@click.option("--print-commands", is_flag=True, help="Print the application-command payload as JSON and exit.")
@click.option("--sync", is_flag=True, help="Register the application commands with Discord and exit.")
@click.option(
    "--guild",
    "guild_id",
    type=int,
    default=None,
    help="With --sync: register in this guild (default: $FRONTLINE_GUILD_IDS, else globally).",
)
@click.option(
    "--check",
    "preflight",
    is_flag=True,
    help="Check settings, token, model, index and writable folders without connecting; exit 1 on a problem.",
)
@index_option
@domain_errors
def bot(print_commands: bool, sync: bool, guild_id: int | None, preflight: bool, index: Path | None) -> None:
    """Run the Discord bot (configuration from the environment / .env).

    \b
    Examples:
      frontline bot --check
      frontline bot --print-commands
      frontline bot --sync --guild 123456789012345678
      frontline bot
    """
    if preflight:
        from bot.runner import check

        lines = check(index)
        for line in lines:
            click.echo(line, err=line.startswith("problem"))
        if any(line.startswith("problem") for line in lines):
            sys.exit(1)
        click.echo("ok: ready to start")
        return
    from bot.runner import run_bot

    run_bot(index=index, print_commands=print_commands, sync=sync, guild_id=guild_id)


if __name__ == "__main__":  # pragma: no cover
    main()
