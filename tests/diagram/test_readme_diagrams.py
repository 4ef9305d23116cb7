"""The README's triage diagrams are what content/ draws today."""

from __future__ import annotations

from tgbot.cli.diagram import REFRESH_COMMAND, readme_flow_ids, with_fresh_diagrams
from tgbot.cli.triage import load_flows
from tgbot.config import DEFAULT_CONTENT_DIR, REPO_ROOT

README = REPO_ROOT / "README.md"


def test_the_readme_shows_every_flow_once() -> None:
    data = load_flows(DEFAULT_CONTENT_DIR)
    flow_ids = readme_flow_ids(README.read_text(encoding="utf-8"))
    assert sorted(flow_ids) == sorted(data.flows), (
        f"README.md needs one <!-- diagram:FLOW --> ... <!-- /diagram:FLOW --> block per flow; "
        f"then run: {REFRESH_COMMAND}"
    )


def test_the_readme_diagrams_are_up_to_date() -> None:
    readme = README.read_text(encoding="utf-8")
    fresh = with_fresh_diagrams(readme, load_flows(DEFAULT_CONTENT_DIR))
    assert fresh == readme, f"README.md's triage diagrams are stale: run {REFRESH_COMMAND}"
