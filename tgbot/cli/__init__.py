"""The command line: one argparse parser, one function per subcommand."""

from tgbot.cli.main import main

__all__ = ["main"]
