"""``bot.py content check``, ``content report OUT_DIR``, ``content release`` and ``content
review``: the clinician's commands. The report's pages are made in tgbot/cli/report_site.py,
imported only when a report is asked for (its readability library, with NLTK, takes seconds
to import)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from tgbot.cli.exits import EXIT_BROKEN, EXIT_OK
from tgbot.cli.released import load_with_lock
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.faq_files import read_faq_files, read_rule_files
from tgbot.core.knowledge import Knowledge, load_knowledge
from tgbot.core.release_lock import (
    LOCK_FILE,
    LockError,
    compare,
    content_texts,
    lock_json,
    plan_release,
    read_lock,
)


def unreleased_warning(content_root: Path, knowledge: Knowledge) -> str | None:
    """For ``content check``: one line when content differs from the recorded release."""
    try:
        lock = read_lock(content_root)
    except LockError as error:
        return f"warning: {error}"
    if lock is None:
        return f"warning: no {LOCK_FILE} yet: run .venv/bin/python bot.py content release"
    changes = compare(
        lock.texts,
        content_texts(knowledge, read_faq_files(content_root), read_rule_files(content_root)),
    )
    if changes.empty:
        return None
    return (
        f"warning: content changed since release {lock.version} ({changes.summary()}); "
        "raise the version in release.yaml and run .venv/bin/python bot.py content release"
    )


def run_release_cli(content_root: Path, out: TextIO, err: TextIO) -> int:
    loaded = load_with_lock(content_root, err)
    if loaded is None:
        return EXIT_BROKEN
    knowledge, old = loaded
    texts = content_texts(knowledge, read_faq_files(content_root), read_rule_files(content_root))
    step = plan_release(knowledge.release, texts, old)
    if not step.ok:
        print(f"error: {step.message}", file=err)
        return EXIT_BROKEN
    if step.lock is not None:
        (content_root / LOCK_FILE).write_text(lock_json(step.lock), encoding="utf-8")
        print(f"{step.message}; snapshot written to {content_root / LOCK_FILE}", file=out)
    else:
        print(step.message, file=out)
    return EXIT_OK


def add_commands(commands: Any) -> None:
    """Adds ``content check``, ``content report`` and ``content release``."""
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
    from tgbot.cli import review

    review.add_commands(content_commands)


def _content_check(args: argparse.Namespace) -> int:
    from tgbot.core.knowledge import check_knowledge

    code, report = check_knowledge(Path(args.content))
    print(report, file=sys.stdout if code == 0 else sys.stderr)
    if code == 0:
        warning = unreleased_warning(Path(args.content), load_knowledge(Path(args.content)))
        if warning is not None:
            print(warning)
    return code


def _content_report(args: argparse.Namespace) -> int:
    from tgbot.cli.report_site import run_report_cli

    database = Path(args.database) if args.database else None
    return run_report_cli(Path(args.content), Path(args.out_dir), database, sys.stdout, sys.stderr)


def _content_release(args: argparse.Namespace) -> int:

    return run_release_cli(Path(args.content), sys.stdout, sys.stderr)
