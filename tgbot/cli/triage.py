"""`bot.py triage FLOW --answer QID=OPT[,OPT] ...`: run a flow from the terminal.

For clinicians and tests: check what a set of answers leads to without Telegram.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.locales import ENGLISH
from tgbot.core.content.markup import strip_tags
from tgbot.core.content.problems import ContentError
from tgbot.core.knowledge import load_knowledge
from tgbot.core.triage.engine import evaluate
from tgbot.core.triage.errors import AnswerError, MissingAnswer
from tgbot.core.triage.models import Flow, Outcome, TriageData


class _UsageError(ValueError):
    pass


def run_triage_cli(
    content_root: Path,
    flow_id: str,
    answer_args: list[str],
    as_json: bool,
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    """Print the outcome of the answers; 0 on success, 2 on a bad argument, 1 on broken content.

    Answers to questions the flow does not ask for these answers are ignored, as in evaluate(),
    and listed as ignored; an unknown question or option, or a question asked but not answered,
    is a bad argument.
    """
    errors = err if err is not None else sys.stderr
    try:
        data = load_flows(content_root)
    except ContentError as exc:
        print(f"error: broken content: {exc}", file=errors)
        return 1
    try:
        flow = data.flows.get(flow_id)
        if flow is None:
            raise _UsageError(f"unknown flow '{flow_id}' (flows: {', '.join(sorted(data.flows))})")
        outcome = evaluate(flow, _parse_answers(flow, answer_args))
    except (_UsageError, AnswerError) as exc:
        missing = exc.question_id if isinstance(exc, MissingAnswer) else None
        question = flow.question(missing) if flow is not None and missing else None
        hint = f" (options: {', '.join(o.id for o in question.options)})" if question else ""
        print(f"error: {exc}{hint}", file=errors)
        return 2
    if as_json:
        json.dump(_as_json(outcome), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(_as_text(data, flow, outcome))
    return 0


def load_flows(content_root: Path, language: str = ENGLISH) -> TriageData:
    """The flows in one language, with every country's emergency numbers."""
    try:
        return load_knowledge(content_root, language).triage
    except ContentError as error:
        raise ContentError.at(str(content_root), "", "; ".join(error.errors)) from None


def flows_help(content_root: Path) -> str:
    """Every flow's questions and option ids, for `bot.py triage --help` (empty when the
    content cannot be read: the command itself then says what is wrong)."""
    try:
        data = load_flows(content_root)
    except ContentError:
        return ""
    lines = ["questions and options (QID=OPT; tick questions take OPT,OPT,...):"]
    for flow in data.flows.values():
        lines.append(f"  flow {flow.id}:")
        for question in flow.questions:
            kind = "pick one" if question.kind == "single" else "tick"
            asked = "" if question.ask_when is None else ", asked only for some answers"
            options = ", ".join(o.id for o in question.options)
            lines.append(f"    {question.id} ({kind}{asked}): {options}")
    return "\n".join(lines)


def _parse_answers(flow: Flow, args: list[str]) -> dict[str, tuple[str, ...]]:
    answers: dict[str, tuple[str, ...]] = {}
    for arg in args:
        question_id, sep, options = arg.partition("=")
        option_ids = tuple(o.strip() for o in options.split(","))
        if not sep or not question_id.strip() or not all(option_ids):
            raise _UsageError(f"malformed answer '{arg}' (use QUESTION=OPTION[,OPTION...])")
        question = flow.question(question_id.strip())
        if question is None:
            known = ", ".join(q.id for q in flow.questions)
            raise _UsageError(f"unknown question '{question_id}' in flow '{flow.id}' ({known})")
        if question.id in answers:
            raise _UsageError(f"'{question.id}' is answered twice")
        for option_id in option_ids:
            # Checked here too, because evaluate() skips answers to questions it does not ask.
            if question.option(option_id) is None:
                known = ", ".join(o.id for o in question.options)
                raise _UsageError(f"unknown option '{option_id}' of '{question.id}' ({known})")
        answers[question.id] = option_ids
    return answers


def _as_json(outcome: Outcome) -> dict[str, object]:
    return {
        "flow": outcome.flow_id,
        "level": outcome.level.value,
        "reasons": [strip_tags(r.text) for r in outcome.reasons],
        "reason_details": [
            {
                "level": r.level.value,
                "question": r.question_id,
                "option": r.option_id,
                "text": strip_tags(r.text),
                "sources": list(r.source_ids),
            }
            for r in outcome.reasons
        ],
        "decided_by": [
            {
                "question": r.question_id,
                "option": r.option_id,
                "answer": r.answer,
                "level": r.level.value,
                "sources": list(r.source_ids),
            }
            for r in outcome.decided_by
        ],
        "asked": list(outcome.asked),
        "ignored": list(outcome.ignored),
        "answers": {q: list(o) for q, o in outcome.answers.items()},
        "tips": list(outcome.tip_ids),
        "tell_doctor": [strip_tags(t) for t in outcome.tell_doctor],
        "sources": list(outcome.source_ids),
    }


def _as_text(data: TriageData, flow: Flow, outcome: Outcome) -> str:
    lines = [
        f"Flow: {flow.id} ({strip_tags(flow.title)})",
        f"Level: {outcome.level.value} ({data.texts.levels[outcome.level].name})",
        f"Asked: {', '.join(outcome.asked)}",
        "Decided by: "
        + (", ".join(f"{r.question_id}={r.option_id}" for r in outcome.decided_by) or "none"),
        f"Ignored (not asked): {', '.join(outcome.ignored) or 'none'}",
        "Reasons:" if outcome.reasons else "Reasons: none",
        *(
            f"  - [{r.level.value}] {strip_tags(r.text)} (sources: {', '.join(r.source_ids)})"
            for r in outcome.reasons
        ),
        f"Tips: {', '.join(outcome.tip_ids) or 'none'}",
        "Tell the doctor:",
        *(f"  - {strip_tags(t)}" for t in outcome.tell_doctor),
        f"Sources: {', '.join(outcome.source_ids)}",
    ]
    return "\n".join(lines) + "\n"


def add_commands(commands: Any, help_for: str | None = None) -> None:
    """Adds ``triage``; its help lists the flows' questions, read from content/ only
    when that help is asked for (`help_for`)."""
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


def _triage(args: argparse.Namespace) -> int:

    return run_triage_cli(
        Path(args.content), args.flow, args.answer or [], args.json, sys.stdout, sys.stderr
    )


def _triage_epilog() -> str:

    return flows_help(DEFAULT_CONTENT_DIR)
