"""Every clinical vignette reaches its expected advice level (one test case per vignette id).

Vignettes come from the copies in tests/core/triage/vignettes/ (versions 2 and 3 of the
clinical spec) and, when the project's shared folder sits beside the repository (as in CI),
from ../shared/vignettes/v2/ and v3/ too, so new ones are picked up. The version-1 files
directly in ../shared/vignettes/ are not loaded: version 2 changes several of their levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tgbot.core.triage import Answers, Level, Outcome, TriageData, evaluate, next_step

from .helpers import REPO_ROOT

LOCAL_VIGNETTES = Path(__file__).parent / "vignettes"
SHARED_VIGNETTES = [REPO_ROOT.parent / "shared" / "vignettes" / v for v in ("v2", "v3")]


@dataclass(frozen=True)
class Vignette:
    id: str
    flow: str
    answers: Answers
    expected: Level


def _vignette_files() -> list[Path]:
    files = sorted(LOCAL_VIGNETTES.glob("*.yaml"))
    for folder in SHARED_VIGNETTES:
        files += sorted(folder.glob("*.yaml"))
    return files


def _parse(entry: dict[str, object]) -> Vignette:
    raw_answers = entry["answers"]
    assert isinstance(raw_answers, dict)
    answers = {
        str(q): tuple(str(o) for o in (a if isinstance(a, list) else [a]))
        for q, a in raw_answers.items()
    }
    return Vignette(str(entry["id"]), str(entry["flow"]), answers, Level(str(entry["expected"])))


def load_vignettes() -> list[Vignette]:
    """All vignettes; the same id in two files counts once if the two agree."""
    by_id: dict[str, Vignette] = {}
    for file in _vignette_files():
        for entry in yaml.safe_load(file.read_text(encoding="utf-8")):
            vignette = _parse(entry)
            known = by_id.get(vignette.id)
            if known is None:
                by_id[vignette.id] = vignette
            elif known != vignette:
                # Keep both: a changed copy must not hide the other version.
                key = f"{file.parent.parent.name}/{file.name}:{vignette.id}"
                by_id[key] = vignette
    return list(by_id.values())


VIGNETTES = load_vignettes()


def test_the_local_copy_has_vignettes_of_both_flows() -> None:
    assert {v.flow for v in VIGNETTES} >= {"twitch", "spasm"}
    assert len(VIGNETTES) >= 21


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v.id for v in VIGNETTES])
def test_vignette_reaches_expected_level(triage_data: TriageData, vignette: Vignette) -> None:
    flow = triage_data.flows[vignette.flow]
    outcome = evaluate(flow, vignette.answers)
    assert outcome.level is vignette.expected, [r.text for r in outcome.reasons]
    # Walking the flow one step at a time, as the bot does, ends in the same place.
    step = next_step(flow, vignette.answers)
    assert isinstance(step, Outcome)
    assert step.level is vignette.expected
    assert step.asked == outcome.asked
