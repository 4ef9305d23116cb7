"""The command line's exit codes, the same for every command."""

EXIT_OK = 0
EXIT_BROKEN = 1
"""The command ran and found something wrong (invalid content, a failed check)."""
EXIT_USAGE = 2
"""A usage or settings error: argparse's own code for a bad command line."""
