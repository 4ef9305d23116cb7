"""Cross-checks between the flows and content written elsewhere (sources, topic tips).

Kept apart from the loader so the flows load on their own (tests, the CLI) and the bot's
content check can run these once every file is there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Set

from tgbot.core.content.problems import ContentError
from tgbot.core.triage.models import Flow


def source_uses(flow: Flow) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(field path in the flow file, source ids) for every place that names sources."""
    for qi, question in enumerate(flow.questions):
        if question.why_source_ids:
            yield f"questions[{qi}].why.sources", question.why_source_ids
        for oi, option in enumerate(question.options):
            if option.source_ids:
                yield f"questions[{qi}].options[{oi}].sources", option.source_ids
    for level, outcome in flow.outcomes.items():
        yield f"outcomes.{level.value}.sources", outcome.source_ids


def check_source_ids(flows: Mapping[str, Flow], known_ids: Set[str]) -> None:
    """Raise ContentError at the first source id that is not in known_ids."""
    for flow in flows.values():
        for path, ids in source_uses(flow):
            for source_id in ids:
                if source_id not in known_ids:
                    raise ContentError.at(
                        f"flows/{flow.id}.yaml",
                        path,
                        f"unknown source id '{source_id}' (not in content/sources.yaml)",
                    )


def missing_tip_ids(flows: Mapping[str, Flow], tips_by_topic: Mapping[str, Set[str]]) -> list[str]:
    """'flow.question.option: tip' for every tip id that has no text in its flow's topic."""
    missing: list[str] = []
    for flow in flows.values():
        known = tips_by_topic.get(flow.topic, set())
        for question in flow.questions:
            for option in question.options:
                if option.tip is not None and option.tip not in known:
                    missing.append(f"{flow.id}.{question.id}.{option.id}: {option.tip}")
    return missing
