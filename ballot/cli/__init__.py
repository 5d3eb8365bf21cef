"""The `ballot` command: the same services as the web, one transaction per command."""

from flask.cli import FlaskGroup

from ballot.cli import accounts, count, elections, letters, server, tools
from ballot.cli.common import create_cli_app


def _build() -> FlaskGroup:
    group = FlaskGroup(
        name="ballot",
        create_app=create_cli_app,
        add_default_commands=False,
        add_version_option=True,
        load_dotenv=False,
        help="Secure online elections for Berlin's neighbourhood councils.",
    )
    for module in (accounts, count, elections, letters, server, tools):
        module.register(group)
    return group


cli = _build()


def main() -> None:
    cli.main(prog_name="ballot")
