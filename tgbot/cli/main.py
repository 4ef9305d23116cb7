"""Subcommands: run, health, content check/report/release, triage, chat, diagram. Exit code 2
for a usage or
settings error."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from tgbot import __version__
from tgbot.config import DEFAULT_CONTENT_DIR, REPO_ROOT, ConfigError, Settings, load_settings

EXIT_USAGE = 2


def _run(args: argparse.Namespace) -> int:
    from tgbot.bot.application import build_application
    from tgbot.core.knowledge import KnowledgeError
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
    except KnowledgeError as error:
        print(f"error: content is invalid: {error.errors[0]}", file=sys.stderr)
        return EXIT_USAGE
    except (SchemaTooNewError, StorageError, StartError) as error:
        # One line and exit 2: the unit and the container do not restart on 2, as a restart
        # every 5 s cannot mend a corrupt file, a read-only mount, a full disk or a setting.
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _settings_or_exit(args: argparse.Namespace) -> Settings | None:
    try:
        return load_settings(env_file=Path(args.env_file), require_token=False)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def _migrate(args: argparse.Namespace) -> int:
    import asyncio

    from tgbot.cli.database import migrate
    from tgbot.storage import SchemaTooNewError, StorageError, open_store

    settings = _settings_or_exit(args)
    if settings is None:
        return EXIT_USAGE
    store = open_store(settings.database_path, settings.database_url)
    try:
        version = asyncio.run(migrate(store))
    except (SchemaTooNewError, StorageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{store.location}: schema version {version}")
    return 0


def _copy_to_postgres(args: argparse.Namespace) -> int:
    import asyncio

    from tgbot.cli.database import CopyError, copy_sqlite_to_postgres
    from tgbot.storage import SchemaTooNewError, StorageError
    from tgbot.storage.postgres import safe_location

    settings = _settings_or_exit(args)
    if settings is None:
        return EXIT_USAGE
    if not settings.database_url:
        print(
            "error: DATABASE_URL: set it to the PostgreSQL database to copy into", file=sys.stderr
        )
        return EXIT_USAGE
    source = Path(args.source) if args.source else settings.database_path
    try:
        copied = asyncio.run(copy_sqlite_to_postgres(source, settings.database_url))
    except (CopyError, SchemaTooNewError, StorageError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for table, rows in copied.items():
        print(f"{table}: {rows} rows")
    print(f"copied {source} into {safe_location(settings.database_url)}")
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


def _content_check(args: argparse.Namespace) -> int:
    from tgbot.core.knowledge import check_knowledge

    code, report = check_knowledge(Path(args.content))
    print(report, file=sys.stdout if code == 0 else sys.stderr)
    if code == 0:
        from tgbot.cli.report import unreleased_warning
        from tgbot.core.knowledge import load_knowledge

        warning = unreleased_warning(Path(args.content), load_knowledge(Path(args.content)))
        if warning is not None:
            print(warning)
    return code


def _content_report(args: argparse.Namespace) -> int:
    from tgbot.cli.report import run_report_cli

    database = Path(args.database) if args.database else None
    return run_report_cli(Path(args.content), Path(args.out_dir), database, sys.stdout, sys.stderr)


def _content_release(args: argparse.Namespace) -> int:
    from tgbot.cli.report import run_release_cli

    return run_release_cli(Path(args.content), sys.stdout, sys.stderr)


def _triage(args: argparse.Namespace) -> int:
    from tgbot.cli.triage import run_triage_cli

    return run_triage_cli(
        Path(args.content), args.flow, args.answer or [], args.json, sys.stdout, sys.stderr
    )


def _chat(args: argparse.Namespace) -> int:
    from tgbot.terminal import run_chat

    return run_chat(Path(args.content), args.language or None)


def _diagram(args: argparse.Namespace) -> int:
    from tgbot.cli.diagram import run_diagram_cli

    readme = Path(args.readme) if args.update_readme else None
    return run_diagram_cli(
        Path(args.content), args.flow, args.format, readme, sys.stdout, sys.stderr, args.language
    )


def _triage_epilog() -> str:
    from tgbot.cli.triage import flows_help

    return flows_help(DEFAULT_CONTENT_DIR)


def build_parser(help_for: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="Telegram bot with sourced information and emergency-first triage for "
        "muscle twitches and cramps. Information, not a diagnosis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    migrate = commands.add_parser(
        "migrate",
        help="bring the database (DATABASE_URL, else DATABASE_PATH) to this version's schema",
    )
    migrate.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    migrate.set_defaults(func=_migrate)

    copy = commands.add_parser(
        "copy-to-postgres",
        help="copy a SQLite database (DATABASE_PATH, or SOURCE) into the empty PostgreSQL "
        "database at DATABASE_URL; stop the bot first",
    )
    copy.add_argument("source", nargs="?", help="the SQLite file (default: DATABASE_PATH)")
    copy.add_argument("--env-file", default=".env", help="settings file (default: .env)")
    copy.set_defaults(func=_copy_to_postgres)

    content = commands.add_parser("content", help="work with the content store")
    content_commands = content.add_subparsers(dest="content_command", required=True)
    check = content_commands.add_parser("check", help="validate content/ and print a summary")
    check.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    check.set_defaults(func=_content_check)
    report = content_commands.add_parser(
        "report",
        help="write a static HTML site of everything the bot says, for clinicians: open "
        "OUT_DIR/index.html from disk, no network needed",
    )
    report.add_argument("out_dir", metavar="OUT_DIR", help="folder for the pages")
    report.add_argument(
        "--database", help="the bot's SQLite file, to include the 'Was this helpful?' counts"
    )
    report.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    report.set_defaults(func=_content_report)
    release = content_commands.add_parser(
        "release",
        help="record a release of content/: refuses changed content whose version in "
        "release.yaml was not raised; writes the snapshot content/release.lock",
    )
    release.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    release.set_defaults(func=_content_release)

    triage = commands.add_parser(
        "triage",
        help="run a triage flow on given answers and print the outcome",
        # Read from content/ only when this help is asked for: every other command stays fast.
        epilog=_triage_epilog() if help_for == "triage" else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    triage.add_argument("flow", help="flow id: twitch or spasm")
    triage.add_argument(
        "--answer",
        action="append",
        metavar="QID=OPT[,OPT]",
        help="an answer; repeat for each question",
    )
    triage.add_argument("--json", action="store_true", help="print one JSON object")
    triage.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    triage.set_defaults(func=_triage)

    chat = commands.add_parser(
        "chat",
        help="talk to the bot in this terminal: the real bot on a local stand-in of the Bot "
        "API, a temporary database, no token, no network",
    )
    chat.add_argument(
        "--language",
        default="en",
        metavar="TAG",
        help="the Telegram user's language tag, e.g. en-GB, es-MX, de, fr-BE, pt-BR, ru: the "
        "bot answers in it (en, es, de, fr, pt, ru) and names that country's emergency number "
        "first (default: en)",
    )
    chat.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    chat.set_defaults(func=_chat)

    diagram = commands.add_parser(
        "diagram",
        help="draw a triage flow from content/ (Mermaid, DOT or SVG), coloured by level",
    )
    diagram.add_argument("flow", nargs="?", help="flow id: twitch or spasm")
    diagram.add_argument(
        "--format",
        choices=("mermaid", "dot", "svg"),
        default="mermaid",
        help="mermaid (default), dot for Graphviz, or svg (needs Graphviz's dot program)",
    )
    diagram.add_argument(
        "--update-readme",
        action="store_true",
        help="rewrite every <!-- diagram:FLOW --> block of the README instead of printing",
    )
    diagram.add_argument(
        "--readme", default=str(REPO_ROOT / "README.md"), help="README to update (default: ours)"
    )
    diagram.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help="draw the flow's texts in this language (en, es, de, fr, pt, ru; default: en)",
    )
    diagram.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    diagram.set_defaults(func=_diagram)

    from tgbot.cli import safety

    safety.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    asks_help = "-h" in words or "--help" in words
    parser = build_parser(help_for=words[0] if asks_help and words else None)
    args = parser.parse_args(words)
    if args.command == "diagram" and (args.flow is None) == (not args.update_readme):
        parser.error("diagram: give a FLOW to print, or --update-readme (not both)")
    code: int = args.func(args)
    return code
