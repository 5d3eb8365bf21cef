"""The `ballot` command: the same services as the web, one transaction per command.

Commands are imported when they are called: `ballot verify` and `ballot allocate`, which an
observer runs, load neither the web app nor the print shop.
"""

import importlib

import click
from flask.cli import FlaskGroup

COMMANDS = {
    "officer": ("ballot.cli.accounts", "officer_group"),
    "area": ("ballot.cli.accounts", "area_group"),
    "trustees": ("ballot.cli.count", "trustees_group"),
    "tally": ("ballot.cli.count", "tally_command"),
    "election": ("ballot.cli.elections", "election_group"),
    "roll": ("ballot.cli.elections", "roll_group"),
    "codes": ("ballot.cli.letters", "codes_group"),
    "db": ("ballot.cli.server", "db_group"),
    "demo": ("ballot.cli.server", "demo"),
    "serve": ("ballot.cli.server", "serve"),
    "backup": ("ballot.cli.server", "backup_command"),
    "restore": ("ballot.cli.server", "restore_command"),
    "verify": ("ballot.cli.tools", "verify"),
    "allocate": ("ballot.cli.tools", "allocate"),
}


def _create_cli_app():
    # Imported here, not at the top: the app (and what it imports) is only built for the
    # commands that need it.
    from ballot.cli.common import create_cli_app  # noqa: PLC0415 - see above

    return create_cli_app()


class _LazyGroup(FlaskGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        if name not in self.commands:
            module, attribute = COMMANDS[name]
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return self.commands[name]


cli = _LazyGroup(
    name="ballot",
    create_app=_create_cli_app,
    add_default_commands=False,
    add_version_option=True,
    load_dotenv=False,
    help="Secure online elections for Berlin's neighbourhood councils.",
)


def main() -> None:
    cli.main(prog_name="ballot")
