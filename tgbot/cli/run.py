"""``bot.py run`` and ``bot.py health``: the bot itself, and whether it can work."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tgbot.cli.exits import EXIT_USAGE
from tgbot.config import ConfigError, load_settings


def add_commands(commands: Any) -> None:
    """Adds ``run`` and ``health`` to the CLI's subcommands."""
    run = commands.add_parser(
        "run", help="start the bot (long polling; a webhook server with --webhook or WEBHOOK_URL)"
    )
    run.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="take updates on a webhook server (needs WEBHOOK_URL and WEBHOOK_SECRET_TOKEN)",
    )
    run.set_defaults(func=_run)

    health = commands.add_parser(
        "health",
        help="check the bot can work: database and content (polling), or ask the running "
        "bot's /healthz (webhook mode); prints JSON, exit 0 or 1",
    )
    health.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    health.set_defaults(func=_health)


def _run(args: argparse.Namespace) -> int:
    from tgbot.bot.application import build_application
    from tgbot.core.content.problems import ContentError
    from tgbot.logs import setup_logging
    from tgbot.serving.run import run_polling, run_webhook
    from tgbot.serving.serve import StartError
    from tgbot.storage import SchemaTooNewError, StorageError

    try:
        settings = load_settings(env_file=Path(args.env_file), webhook=args.webhook)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    secrets = [settings.token, settings.webhook.secret_token if settings.webhook else ""]
    setup_logging(settings.log_level, secrets=secrets)
    try:
        application = build_application(settings)
        if settings.webhook is not None:
            run_webhook(application)
        else:
            run_polling(application)
    except ContentError as error:
        print(f"error: content is invalid: {error.errors[0]}", file=sys.stderr)
        return EXIT_USAGE
    except (SchemaTooNewError, StorageError, StartError) as error:
        # One line and exit 2: the unit and the container do not restart on 2, as a restart
        # every 5 s cannot mend a corrupt file, a read-only mount or a full disk.
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _health(args: argparse.Namespace) -> int:
    """Exit 0 healthy, 1 not: Docker's HEALTHCHECK reserves 2, so a settings error is 1 here."""
    from tgbot.serving.health import cli_report

    try:
        # Polling's checks (database, content) need no token; webhook mode asks the server.
        settings = load_settings(env_file=Path(args.env_file), require_token=False)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    report = cli_report(settings)
    print(json.dumps(report, indent=2))
    return 0 if report.get("status") == "ok" else 1
