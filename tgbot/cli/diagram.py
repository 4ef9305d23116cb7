"""``bot.py diagram FLOW [--format mermaid|dot|svg]`` and ``bot.py diagram --update-readme``.

The README holds each flow's Mermaid diagram between ``<!-- diagram:FLOW -->`` and
``<!-- /diagram:FLOW -->``; a test fails when they drift from content/.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, TextIO

from tgbot.cli.exits import EXIT_BROKEN, EXIT_OK, EXIT_USAGE
from tgbot.cli.triage import load_flows
from tgbot.config import DEFAULT_CONTENT_DIR, REPO_ROOT
from tgbot.core.content.locales import ENGLISH
from tgbot.core.content.problems import ContentError
from tgbot.core.triage import TriageData
from tgbot.core.triage.diagram import flow_graph, to_dot, to_mermaid

FORMATS = ("mermaid", "dot", "svg")
REFRESH_COMMAND = ".venv/bin/python bot.py diagram --update-readme"
_BLOCK = re.compile(
    r"(?P<open><!-- diagram:(?P<flow>[a-z0-9_]+) -->\n).*?(?P<close><!-- /diagram:(?P=flow) -->)",
    re.DOTALL,
)


class DiagramError(Exception):
    """One line for the user; ``code`` is the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def readme_block(data: TriageData, flow_id: str) -> str:
    """What goes between a flow's markers: a fenced Mermaid block, which code hosts draw."""
    mermaid = to_mermaid(flow_graph(data.flows[flow_id], data.texts))
    return f"```mermaid\n{mermaid}```\n"


def readme_flow_ids(readme: str) -> list[str]:
    return [match.group("flow") for match in _BLOCK.finditer(readme)]


def with_fresh_diagrams(readme: str, data: TriageData) -> str:
    """The README with every marked diagram regenerated; everything else untouched."""

    def fresh(match: re.Match[str]) -> str:
        flow_id = match.group("flow")
        if flow_id not in data.flows:
            raise DiagramError(
                f"README marks a diagram for '{flow_id}', which is not a flow "
                f"({', '.join(sorted(data.flows))})",
                EXIT_USAGE,
            )
        return match.group("open") + readme_block(data, flow_id) + match.group("close")

    return _BLOCK.sub(fresh, readme)


def draw(data: TriageData, flow_id: str, form: str) -> str:
    flow = data.flows.get(flow_id)
    if flow is None:
        raise DiagramError(
            f"unknown flow '{flow_id}'; flows are: {', '.join(sorted(data.flows))}", EXIT_USAGE
        )
    graph = flow_graph(flow, data.texts)
    if form == "mermaid":
        return to_mermaid(graph)
    if form == "dot":
        return to_dot(graph)
    return svg_from_dot(to_dot(graph))


def svg_from_dot(dot_text: str) -> str:
    """Graphviz does the layout; without its ``dot`` program there is no SVG, said in one line."""
    dot = shutil.which("dot")
    if dot is None:
        raise DiagramError(
            "--format svg needs Graphviz's dot program, which is not installed "
            "(Debian/Ubuntu: apt-get install graphviz); --format mermaid or dot work without it",
            EXIT_USAGE,
        )
    result = subprocess.run(
        [dot, "-Tsvg"], input=dot_text, capture_output=True, text=True, timeout=60, check=False
    )
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["no message"])[0]
        raise DiagramError(f"dot failed (exit {result.returncode}): {first}", EXIT_BROKEN)
    return result.stdout


def update_readme(readme_path: Path, data: TriageData) -> tuple[bool, list[str]]:
    """Rewrite the README's diagrams in place: (whether it changed, flows without a block)."""
    readme = readme_path.read_text(encoding="utf-8")
    fresh = with_fresh_diagrams(readme, data)
    if fresh != readme:
        readme_path.write_text(fresh, encoding="utf-8")
    return fresh != readme, sorted(set(data.flows) - set(readme_flow_ids(fresh)))


def run_diagram_cli(
    content_root: Path,
    flow_id: str | None,
    form: str,
    readme_path: Path | None,
    out: TextIO,
    err: TextIO,
    language: str = ENGLISH,
) -> int:
    """Print one flow's diagram, or with ``readme_path`` refresh the README's diagrams."""
    try:
        data = load_flows(content_root, language)
        if readme_path is not None:
            changed, missing = update_readme(readme_path, data)
            state = "diagrams updated" if changed else "diagrams were already up to date"
            print(f"{readme_path}: {state}", file=out)
            for flow in missing:
                print(
                    f"error: {readme_path} has no block for flow '{flow}': add "
                    f"<!-- diagram:{flow} --> and <!-- /diagram:{flow} --> where it belongs",
                    file=err,
                )
            return EXIT_BROKEN if missing else EXIT_OK
        assert flow_id is not None, "the parser asks for a flow without --update-readme"
        out.write(draw(data, flow_id, form))
    except ContentError as error:
        print(f"error: broken content: {error}", file=err)
        return EXIT_BROKEN
    except DiagramError as error:
        print(f"error: {error}", file=err)
        return error.code
    return EXIT_OK


def add_commands(commands: Any) -> None:
    """Adds ``diagram`` to the CLI's subcommands."""
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


def _diagram(args: argparse.Namespace) -> int:

    readme = Path(args.readme) if args.update_readme else None
    return run_diagram_cli(
        Path(args.content), args.flow, args.format, readme, sys.stdout, sys.stderr, args.language
    )
