"""content/results.yaml: which "See a doctor if" lines fit a result (see that file)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from tgbot.core.content.locales import ENGLISH, Locale
from tgbot.core.content.problems import ContentError
from tgbot.core.content.yaml_reader import read_node
from tgbot.core.triage.models import Answers, Flow, Level


@dataclass(frozen=True)
class LineRule:
    line_has: str
    only_when: Mapping[str, frozenset[str]]
    unless_tips: frozenset[str]

    def keeps(self, line: str, answers: Answers, tips: Collection[str]) -> bool:
        if self.line_has.casefold() not in line.casefold():
            return True
        if self.unless_tips & set(tips):
            return False
        return all(
            question not in answers or bool(options & set(answers[question]))
            for question, options in self.only_when.items()
        )


@dataclass(frozen=True)
class ResultRules:
    by_flow: Mapping[str, tuple[LineRule, ...]]

    def line_filter(
        self, flow_id: str, answers: Answers, tips: Collection[str]
    ) -> Callable[[str], bool]:
        """Whether a "See a doctor if" line fits a result with these answers and tips."""
        rules = self.by_flow.get(flow_id, ())
        return lambda line: all(rule.keeps(line, answers, tips) for rule in rules)


NO_RULES = ResultRules({})


def load_result_rules(
    root: Path, flows: Mapping[str, Flow], language: str = ENGLISH
) -> ResultRules:
    """The rules in `root`/results.yaml (none if the file is absent), checked against the
    flows: a rule must name known answers and tips and find a line of its flow."""
    path = root / "results.yaml"
    if not path.exists():
        return NO_RULES
    document = Locale(root, language).translate(path, read_node(path).value or {})
    if not isinstance(document, dict):
        raise ContentError(["results.yaml: expected a mapping of flow ids"])
    by_flow: dict[str, tuple[LineRule, ...]] = {}
    for flow_id, entries in document.items():
        flow = flows.get(str(flow_id))
        if flow is None or not isinstance(entries, list):
            raise ContentError([f"results.yaml: {flow_id}: not a flow, or not a list"])
        by_flow[flow.id] = tuple(
            _rule(flow, entry, f"results.yaml: {flow.id}[{i}]") for i, entry in enumerate(entries)
        )
    return ResultRules(by_flow)


def _rule(flow: Flow, entry: object, where: str) -> LineRule:
    if not isinstance(entry, dict) or not isinstance(entry.get("line_has"), str):
        raise ContentError([f"{where}: needs line_has (text)"])
    unknown = set(entry) - {"line_has", "only_when", "unless_tips"}
    if unknown:
        raise ContentError([f"{where}: unknown field {sorted(unknown)[0]!r}"])
    rule = LineRule(
        entry["line_has"],
        {
            str(question): frozenset(map(str, options))
            for question, options in (entry.get("only_when") or {}).items()
        },
        frozenset(map(str, entry.get("unless_tips") or ())),
    )
    self_care = flow.outcomes.get(Level.SELF_CARE)
    lines = () if self_care is None else self_care.see_doctor_if
    if not any(rule.line_has.casefold() in line.casefold() for line in lines):
        raise ContentError([f"{where}: no 'See a doctor if' line has {rule.line_has!r}"])
    for question_id, options in rule.only_when.items():
        question = flow.question(question_id)
        missing = [o for o in sorted(options) if question is None or question.option(o) is None]
        if missing:
            raise ContentError([f"{where}: no answer {missing[0]!r} to {question_id!r}"])
    tips = {option.tip for question in flow.questions for option in question.options}
    for tip in sorted(rule.unless_tips - tips):
        raise ContentError([f"{where}: no answer of the flow gives tip {tip!r}"])
    return rule
