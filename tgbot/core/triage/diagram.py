"""A triage flow drawn as a graph, from content/ alone: Mermaid for the README, DOT for Graphviz.

The picture follows the engine's rules rather than listing every path (they multiply): questions
in order, an `ask_when` condition as a yes/no diamond in front of its question, and each answer
that sets a level as a box in that level's colour (behind a diamond of its own when its level
holds only on earlier answers: `level_when`). An emergency answer ends the questions at
once, and so does an urgent one when no later question can reach emergency; any other level is
noted and the highest one noted decides the outcome at the end. An answer that clears earlier
questions says which ones it drops.
Pure: text in, text out.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from tgbot.core.content.markup import strip_tags
from tgbot.core.triage.conditions import AllOf, AnswerIn, AnyOf, Condition, Not
from tgbot.core.triage.emergency import join_numbers
from tgbot.core.triage.models import Flow, Level, Option, Question, TriageTexts

Shape = Literal["start", "question", "condition", "answers", "result", "outcome"]
DOT_WRAP = 38
"""Characters per line in a Graphviz box, which does not wrap by itself (Mermaid does)."""

# (fill, border, text) per level; answers get a pale fill so the outcomes stand out.
LEVEL_COLOURS: dict[Level, tuple[str, str, str]] = {
    Level.EMERGENCY: ("#d32f2f", "#8e0000", "#ffffff"),
    Level.URGENT: ("#f57c00", "#a84300", "#000000"),
    Level.DOCTOR: ("#fbc02d", "#a67c00", "#000000"),
    Level.SELF_CARE: ("#388e3c", "#1b5e20", "#ffffff"),
}
ANSWER_FILLS: dict[Level, str] = {
    Level.EMERGENCY: "#ffcdd2",
    Level.URGENT: "#ffe0b2",
    Level.DOCTOR: "#fff3c4",
    Level.SELF_CARE: "#c8e6c9",
}


@dataclass(frozen=True)
class Node:
    id: str
    lines: tuple[str, ...]
    shape: Shape
    level: Level | None = None


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class FlowGraph:
    flow_id: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]


def flow_graph(flow: Flow, texts: TriageTexts) -> FlowGraph:
    nodes: list[Node] = [Node("start", (strip_tags(flow.title),), "start")]
    edges: list[Edge] = [Edge("start", _entry(flow, 0))]
    for index, question in enumerate(flow.questions):
        after = _entry(flow, index + 1)
        if question.ask_when is not None:
            node_id = f"c_{question.id}"
            lines = (f"{_describe(question.ask_when, flow)}?",)
            nodes.append(Node(node_id, lines, "condition"))
            edges += [Edge(node_id, f"q_{question.id}", ("yes",)), Edge(node_id, after, ("no",))]
        nodes.append(Node(f"q_{question.id}", _question_lines(question), "question"))
        plain = [o.label for o in question.options if o.level is None]
        if plain:
            edges.append(Edge(f"q_{question.id}", after, tuple(plain)))
        # An answer whose level holds only on some earlier answers (level_when) goes through a
        # diamond of its own: yes to its level, no straight on.
        for option in question.options:
            if option.level is None or option.level_when is None:
                continue
            diamond = f"w_{question.id}__{option.id}"
            nodes.append(Node(diamond, (f"{_describe(option.level_when, flow)}?",), "condition"))
            edges.append(Edge(f"q_{question.id}", diamond, (option.label,)))
            edges.append(Edge(diamond, after, ("no",)))
            node_id = f"a_{question.id}__{option.id}"
            nodes.append(Node(node_id, (option.label,), "answers", option.level))
            edges.append(Edge(diamond, node_id, ("yes",)))
            edges.append(_level_exit(flow, question, option.level, node_id, after, texts, [option]))
        levelled = [o for o in question.options if o.level and o.level_when is None]
        for level in sorted({o.level for o in levelled if o.level}, key=_highest_first):
            node_id = f"a_{question.id}_{level.value}"
            same = [o for o in levelled if o.level is level]
            nodes.append(Node(node_id, tuple(o.label for o in same), "answers", level))
            edges.append(Edge(f"q_{question.id}", node_id))
            edges.append(_level_exit(flow, question, level, node_id, after, texts, same))
    nodes.append(Node("result", ("highest level noted",), "result"))
    ends_at_once = {Level.EMERGENCY} | {
        Level.URGENT
        for q in flow.questions
        if any(o.level is Level.URGENT for o in q.options)
        and not flow.can_reach(Level.EMERGENCY, after=q)
    }
    for level in sorted(flow.outcomes, key=_highest_first):
        name = texts.levels[level].name
        headline = texts.levels[level].headline.format(
            numbers=join_numbers(texts, texts.numbers.default)
        )
        nodes.append(Node(f"out_{level.value}", (name, strip_tags(headline)), "outcome", level))
        if level not in ends_at_once:
            label = "none noted" if level is Level.SELF_CARE else name
            edges.append(Edge("result", f"out_{level.value}", (label,)))
    return FlowGraph(flow.id, tuple(nodes), tuple(edges))


def _level_exit(
    flow: Flow,
    question: Question,
    level: Level,
    node_id: str,
    after: str,
    texts: TriageTexts,
    options: list[Option],
) -> Edge:
    """Where an answer's level box leads: the outcome at once, or on, with its level noted."""
    if level is Level.EMERGENCY:
        return Edge(node_id, "out_emergency", ("ends at once",))
    if level is Level.URGENT and not flow.can_reach(Level.EMERGENCY, after=question):
        return Edge(node_id, "out_urgent", ("ends at once",))
    note = f"noted: {texts.levels[level].name}"
    cleared = [q for o in options for q in o.clears]
    if cleared:
        note += f"; drops what {', '.join(cleared)} noted"
    return Edge(node_id, after, (note,))


def _entry(flow: Flow, index: int) -> str:
    """Where the path goes to reach question ``index``: its condition if it has one."""
    if index >= len(flow.questions):
        return "result"
    question = flow.questions[index]
    return f"{'c' if question.ask_when is not None else 'q'}_{question.id}"


def _highest_first(level: Level) -> int:
    return -level.rank


def _question_lines(question: Question) -> tuple[str, ...]:
    # The first paragraph is the question; bullet lists below it repeat the answer buttons.
    first = strip_tags(question.text.split("\n\n")[0])
    if question.ends_on_any_tap:
        hint = "the first sign tapped ends it"
    else:
        hint = "tick all that apply" if question.kind == "multi" else "pick one"
    return (first, f"[{question.id} · {hint}]")


def _describe(condition: Condition, flow: Flow) -> str:
    """A condition in words a clinician reads, with the questions and answers as the user sees
    them: no question ids, brackets or "not (...)"."""
    match condition:
        case AnswerIn(question_id, option_ids):
            return _answered(flow, question_id, option_ids, negated=False)
        case Not(AnswerIn(question_id, option_ids)):
            return _answered(flow, question_id, option_ids, negated=True)
        case AllOf(conditions):
            return "; and ".join(_either(c, flow) for c in conditions)
        case AnyOf(conditions):
            return "; or ".join(_describe(c, flow) for c in conditions)
        case Not(inner):
            return f"it is not so that {_either(inner, flow)}"


def _either(condition: Condition, flow: Flow) -> str:
    """A part of an "and": a choice inside it says where it starts ("either ... or ...")."""
    if isinstance(condition, AnyOf):
        return "either " + ", or ".join(_describe(c, flow) for c in condition.conditions)
    return _describe(condition, flow)


def _answered(flow: Flow, question_id: str, option_ids: tuple[str, ...], *, negated: bool) -> str:
    """ "the answer to “Where is the cramp?” is 🔙 Back or 🦒 Neck", "... is neither ... nor
    ...", or for a tick-all question "the answers to “...” include ..." / "do not include"."""
    question = flow.question(question_id)
    if question is None:
        return f"the answer to {question_id} is {' or '.join(option_ids)}"
    labels = [o.label for i in option_ids if (o := question.option(i)) is not None]
    asked = f"“{_headline(question)}”"
    if question.kind == "multi":
        verb = "do not include" if negated else "include"
        return f"the answers to {asked} {verb} {' or '.join(labels)}"
    if not negated:
        return f"the answer to {asked} is {' or '.join(labels)}"
    if len(labels) == 1:
        return f"the answer to {asked} is not {labels[0]}"
    return f"the answer to {asked} is neither {', '.join(labels[:-1])} nor {labels[-1]}"


def _headline(question: Question) -> str:
    """The question's first sentence that asks ("Where is the cramp?")."""
    first = " ".join(strip_tags(question.text.split("\n\n")[0]).split())
    head, mark, _ = first.partition("?")
    return head + mark if mark else first


# ----------------------------------------------------------------- Mermaid

_MERMAID_SHAPES: dict[Shape, tuple[str, str]] = {
    "start": ('(["', '"])'),
    "question": ('["', '"]'),
    "condition": ('{"', '"}'),
    "answers": ('("', '")'),
    "result": ('{{"', '"}}'),
    "outcome": ('(["', '"])'),
}


def to_mermaid(graph: FlowGraph) -> str:
    lines = [
        "flowchart TD",
        f"    %% Generated by: .venv/bin/python bot.py diagram {graph.flow_id} --format mermaid",
    ]
    for node in graph.nodes:
        opening, closing = _MERMAID_SHAPES[node.shape]
        lines.append(f"    {node.id}{opening}{_mermaid_text(node.lines)}{closing}")
    for edge in graph.edges:
        label = f'|"{_mermaid_text(edge.lines)}"|' if edge.lines else ""
        lines.append(f"    {edge.source} -->{label} {edge.target}")
    for level, (fill, border, text) in LEVEL_COLOURS.items():
        lines.append(f"    classDef {level.value} fill:{fill},stroke:{border},color:{text}")
        lines.append(
            f"    classDef {level.value}_answer "
            f"fill:{ANSWER_FILLS[level]},stroke:{border},color:#000000"
        )
    for node in graph.nodes:
        if node.level is not None:
            suffix = "_answer" if node.shape == "answers" else ""
            lines.append(f"    class {node.id} {node.level.value}{suffix}")
    return "\n".join(lines) + "\n"


def _mermaid_text(lines: Iterable[str]) -> str:
    # Mermaid's own entity codes: a bare quote ends the label, and < or > would be read as HTML.
    escaped = (
        line.replace("#", "#35;").replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
        for line in lines
    )
    return "<br/>".join(escaped)


# ----------------------------------------------------------------- Graphviz DOT

_DOT_SHAPES: dict[Shape, str] = {
    "start": 'shape=box, style="rounded,bold"',
    "question": "shape=box",
    "condition": "shape=diamond",
    "answers": 'shape=box, style="rounded,filled"',
    "result": "shape=hexagon",
    "outcome": 'shape=box, style="rounded,filled,bold"',
}


def to_dot(graph: FlowGraph) -> str:
    lines = [
        f"// Generated by: .venv/bin/python bot.py diagram {graph.flow_id} --format dot",
        f"digraph {_dot_string(graph.flow_id)} {{",
        '    node [fontname="sans-serif", fontsize=11];',
        '    edge [fontname="sans-serif", fontsize=10];',
    ]
    for node in graph.nodes:
        label = _dot_lines(node.lines, left=node.shape == "answers")
        attributes = [f"label={label}", _DOT_SHAPES[node.shape]]
        if node.level is not None:
            fill, border, text = LEVEL_COLOURS[node.level]
            if node.shape == "answers":
                fill, text = ANSWER_FILLS[node.level], "#000000"
            attributes.append(
                f"fillcolor={_dot_string(fill)}, color={_dot_string(border)}, "
                f"fontcolor={_dot_string(text)}"
            )
        lines.append(f"    {node.id} [{', '.join(attributes)}];")
    for edge in graph.edges:
        label = f" [label={_dot_lines(edge.lines, left=True)}]" if edge.lines else ""
        lines.append(f"    {edge.source} -> {edge.target}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dot_lines(lines: Iterable[str], *, left: bool = False) -> str:
    """Lines of a label: centred, or flush left (a list of answers reads better so): in DOT,
    "\\n" ends a centred line and "\\l" a left-aligned one."""
    wrapped = [
        part
        for line in lines
        for part in textwrap.wrap(line, DOT_WRAP, break_long_words=False) or [""]
    ]
    quoted = [_dot_string(line)[1:-1] for line in wrapped]
    text = "".join(f"{line}\\l" for line in quoted) if left else "\\n".join(quoted)
    return f'"{text}"'


def describe_condition(condition: Condition, flow: Flow) -> str:
    """An ``ask_when`` in words, as the diagram shows it: for the report and the snapshot."""
    return _describe(condition, flow)
