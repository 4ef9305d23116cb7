"""The triage drawn as a graph: it agrees with the engine on every path, loses no answer, and
comes out as valid-looking Mermaid and DOT with the level colours."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgbot.core.triage import Flow, Level, TriageData, evaluate
from tgbot.core.triage.conditions import holds
from tgbot.core.triage.diagram import (
    ANSWER_FILLS,
    DOT_WRAP,
    LEVEL_COLOURS,
    Edge,
    FlowGraph,
    Node,
    flow_graph,
    to_dot,
    to_mermaid,
)

from .helpers import complete_answers

FLOWS = ["twitch", "spasm"]


def walk(graph: FlowGraph, flow: Flow, answers: dict[str, tuple[str, ...]]) -> Level:
    """Follow the picture as a reader would, for these answers, to the outcome it shows.

    Conditions are decided by what the engine asked, so a misplaced diamond shows up as a
    question the picture asks but the engine does not (or the other way round)."""
    nodes = {node.id: node for node in graph.nodes}
    asked = evaluate(flow, answers).asked
    noted: dict[str, Level] = {}
    node_id = _only(graph, "start").target
    while node_id != "result":
        node = nodes[node_id]
        question_id = node_id[2:]
        if node.shape == "condition":
            node_id = _only(graph, node_id, "yes" if question_id in asked else "no").target
            continue
        assert question_id in asked, f"the picture asks {question_id}, the engine does not"
        question = flow.question(question_id)
        assert question is not None
        targets = set()
        for option_id in answers[question_id]:
            option = question.option(option_id)
            assert option is not None
            edge = _edge_for(graph, node_id, option.label, nodes)
            if edge.target.startswith("w_"):
                # The answer's level holds only on earlier answers: its own diamond decides.
                assert option.level_when is not None
                verdict = "yes" if holds(option.level_when, answers) else "no"
                edge = _only(graph, edge.target, verdict)
            if nodes[edge.target].shape == "answers":
                answer_node = nodes[edge.target]
                assert answer_node.level is not None
                assert answer_node.level is option.level
                if noted.get(question_id, Level.SELF_CARE).rank <= answer_node.level.rank:
                    noted[question_id] = answer_node.level
                edge = _only(graph, answer_node.id)
                for cleared in option.clears:
                    assert cleared in edge.lines[0], "the picture must say what an answer drops"
                    noted.pop(cleared, None)
                if edge.target in ("out_emergency", "out_urgent"):
                    assert edge.lines == ("ends at once",)
                    return answer_node.level
            targets.add(edge.target)
        (node_id,) = targets
    level = max(noted.values(), key=lambda lv: lv.rank, default=Level.SELF_CARE)
    assert any(e.source == "result" and e.target == f"out_{level.value}" for e in graph.edges)
    return level


def _only(graph: FlowGraph, source: str, label: str | None = None) -> Edge:
    (edge,) = [
        e for e in graph.edges if e.source == source and (label is None or e.lines == (label,))
    ]
    return edge


def _edge_for(graph: FlowGraph, source: str, label: str, nodes: dict[str, Node]) -> Edge:
    (edge,) = [
        e
        for e in graph.edges
        if e.source == source and (label in e.lines or label in nodes[e.target].lines)
    ]
    return edge


@pytest.mark.parametrize("flow_id", FLOWS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_path_in_the_picture_ends_where_the_engine_does(
    triage_data: TriageData, flow_id: str, data: st.DataObject
) -> None:
    flow = triage_data.flows[flow_id]
    answers = complete_answers(data, flow)
    graph = flow_graph(flow, triage_data.texts)
    assert walk(graph, flow, answers) is evaluate(flow, answers).level


@pytest.mark.parametrize("flow_id", FLOWS)
def test_every_answer_appears_once_and_every_level_once_as_an_outcome(
    triage_data: TriageData, flow_id: str
) -> None:
    flow = triage_data.flows[flow_id]
    graph = flow_graph(flow, triage_data.texts)
    nodes = {node.id: node for node in graph.nodes}
    for question in flow.questions:
        edges = [e for e in graph.edges if e.source == f"q_{question.id}"]
        shown = [line for e in edges for line in e.lines]
        shown += [
            line
            for e in edges
            if nodes[e.target].shape == "answers"
            for line in nodes[e.target].lines
        ]
        assert sorted(shown) == sorted(option.label for option in question.options)
    outcomes = [node for node in graph.nodes if node.shape == "outcome"]
    assert {node.level for node in outcomes} == set(flow.outcomes)
    for node in outcomes:
        assert node.level is not None
        assert node.lines[0] == triage_data.texts.levels[node.level].name


def test_conditions_are_diamonds_with_yes_and_no(triage_data: TriageData) -> None:
    graph = flow_graph(triage_data.flows["spasm"], triage_data.texts)
    condition = next(node for node in graph.nodes if node.id == "c_leg_signs")
    assert condition.shape == "condition"
    # In words, with the question as the user reads it: no ids, no brackets.
    assert condition.lines == (
        "the answer to “Where is the cramp or spasm?” is 🦶 Calf or foot or 🦵 Thigh?",
    )
    assert Edge("c_leg_signs", "q_leg_signs", ("yes",)) in graph.edges
    assert Edge("c_leg_signs", "q_episode_length", ("no",)) in graph.edges
    # The question before it leads into the diamond, not around it.
    assert all(e.target != "q_leg_signs" for e in graph.edges if e.source == "q_location")


def test_mermaid_declares_every_node_and_colours_it_by_level(triage_data: TriageData) -> None:
    graph = flow_graph(triage_data.flows["twitch"], triage_data.texts)
    mermaid = to_mermaid(graph)
    lines = mermaid.splitlines()
    assert lines[0] == "flowchart TD"
    for node in graph.nodes:
        assert any(line.startswith(f"    {node.id}") for line in lines), node.id
    assert '    out_emergency(["Emergency<br/>🚨 Call 112, 999 or 911 now."])' in lines
    assert "    class out_emergency emergency" in lines
    assert "    class a_emergency_signs_emergency emergency_answer" in lines
    assert "    class out_self_care self_care" in lines
    assert "    classDef emergency fill:#d32f2f,stroke:#8e0000,color:#ffffff" in lines
    assert "    classDef doctor fill:#fbc02d,stroke:#a67c00,color:#000000" in lines
    assert '    q_emergency_signs -->|"🚫 None of these"| q_location' in lines


def test_mermaid_escapes_what_would_end_or_break_a_label() -> None:
    graph = FlowGraph(
        "x",
        (Node("a", ('Say "stop" <now> & #1',), "question"), Node("b", ("ok",), "question")),
        (Edge("a", "b", ('a "quoted" answer',)),),
    )
    mermaid = to_mermaid(graph)
    assert '    a["Say #quot;stop#quot; #lt;now#gt; & #35;1"]' in mermaid
    assert '    a -->|"a #quot;quoted#quot; answer"| b' in mermaid


def test_dot_is_balanced_escaped_and_coloured(triage_data: TriageData) -> None:
    dot = to_dot(flow_graph(triage_data.flows["spasm"], triage_data.texts))
    assert dot.count("{") == dot.count("}") == 1
    fill, border, text = LEVEL_COLOURS[Level.URGENT]
    assert re.search(
        rf'out_urgent \[label="Get seen today\\n[^"]*", .*fillcolor="{fill}", '
        rf'color="{border}", fontcolor="{text}"\];',
        dot,
    )
    assert f'fillcolor="{ANSWER_FILLS[Level.URGENT]}"' in dot
    # Lists of answers are flush left ("\l"); node text is wrapped to fit a box.
    assert '[label="🦶 Calf or foot\\l🦵 Thigh\\l' in dot
    label = re.search(r'q_emergency_signs \[label="([^"]*)"', dot)
    assert label is not None
    assert all(0 < len(line) <= DOT_WRAP for line in label.group(1).split("\\n"))
    escaped = to_dot(FlowGraph("x", (Node("a", ('say "hi" \\ bye',), "question"),), ()))
    assert 'a [label="say \\"hi\\" \\\\ bye", shape=box];' in escaped
