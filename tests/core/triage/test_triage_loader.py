"""The loader accepts the real content and rejects broken content with file and field named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tgbot.core.content.problems import ContentError
from tgbot.core.triage import load_triage

Edit = Callable[[dict[str, Any]], None]


def _edit(root: Path, name: str, change: Edit) -> None:
    file = root / name
    document = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(document)
    file.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def _twitch_option(qi: int, oi: int, key: str, value: object) -> Edit:
    def change(doc: dict[str, Any]) -> None:
        doc["questions"][qi]["options"][oi][key] = value

    return change


def _set_leg_signs_condition(condition: object) -> Edit:
    def change(doc: dict[str, Any]) -> None:
        doc["questions"][2]["ask_when"] = condition

    return change


def _drop_first_question(doc: dict[str, Any]) -> None:
    del doc["questions"][0]


def _duplicate_question(doc: dict[str, Any]) -> None:
    doc["questions"][2]["id"] = "location"


def _no_exclusive(doc: dict[str, Any]) -> None:
    options = doc["questions"][3]["options"]
    options[-1] = {"id": "nothing", "label": "Nothing"}


def _two_exclusive(doc: dict[str, Any]) -> None:
    doc["questions"][3]["options"].append({"id": "none_at_all", "exclusive": True})


def _drop_doctor_outcome(doc: dict[str, Any]) -> None:
    del doc["outcomes"]["doctor"]


def _emergency_option_as_doctor(doc: dict[str, Any]) -> None:
    doc["questions"][0]["options"][4]["level"] = "doctor"


def _drop_ui_done(doc: dict[str, Any]) -> None:
    del doc["ui"]["done"]


def _progress_without_total(doc: dict[str, Any]) -> None:
    doc["ui"]["progress"] = "Question {n}"


def _unquoted_number(doc: dict[str, Any]) -> None:
    doc["emergency_numbers"]["languages"]["it"] = [112]


def _headline_without_numbers(doc: dict[str, Any]) -> None:
    doc["levels"]["emergency"]["headline"] = "Call now."


@pytest.mark.parametrize(
    ("file", "change", "where", "problem"),
    [
        (
            "flows/twitch.yaml",
            _twitch_option(1, 6, "level", "soon"),
            "questions[1].options[6].level",
            "unknown level 'soon'",
        ),
        (
            "flows/spasm.yaml",
            _set_leg_signs_condition({"question": "place", "any_of": ["x"]}),
            "questions[2].ask_when.question",
            "'place' is not a question asked before this one",
        ),
        (
            "flows/spasm.yaml",
            _set_leg_signs_condition({"question": "frequency", "any_of": ["often"]}),
            "questions[2].ask_when.question",
            "'frequency' is not a question asked before",
        ),
        (
            "flows/spasm.yaml",
            _set_leg_signs_condition({"not": {"question": "location", "any_of": ["calf"]}}),
            "questions[2].ask_when.not.any_of",
            "'calf' is not an option of 'location'",
        ),
        (
            "flows/spasm.yaml",
            _set_leg_signs_condition({"question": "location", "anyof": ["thigh"]}),
            "questions[2].ask_when.anyof",
            "unknown field",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 1, "id", "eyelid"),
            "questions[1].options[1].id",
            "option id 'eyelid' is used twice",
        ),
        (
            "flows/spasm.yaml",
            _duplicate_question,
            "questions[2].id",
            "question id 'location' is used twice",
        ),
        (
            "flows/twitch.yaml",
            _drop_first_question,
            "questions[0]",
            "the first question must be 'emergency_signs', not 'location'",
        ),
        (
            "flows/twitch.yaml",
            _emergency_option_as_doctor,
            "questions[0]",
            "option 'breathing' of 'emergency_signs' must be level emergency",
        ),
        (
            "flows/twitch.yaml",
            _no_exclusive,
            "questions[3].options",
            'exactly one "exclusive: true" option',
        ),
        (
            "flows/twitch.yaml",
            _two_exclusive,
            "questions[3].options",
            'exactly one "exclusive: true" option',
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 6, "levle", "doctor"),
            "questions[1].options[6].levle",
            "unknown field",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 6, "reason", "Twitches <u>here</u>"),
            "questions[1].options[6].reason",
            "tag <u> is not allowed",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 6, "reason", "Stress & worry"),
            "questions[1].options[6].reason",
            "write &amp; instead of a bare '&'",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 6, "sources", None),
            "questions[1].options[6]",
            "every reason needs sources",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 0, "level", "doctor"),
            "questions[1].options[0]",
            "level and reason go together",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 0, "label", "A label far too long " * 3),
            "questions[1].options[0].label",
            "at most 40 characters",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(1, 0, "label", "Eye <lid>"),
            "questions[1].options[0].label",
            "plain text: one line",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(0, 6, "level", "doctor"),
            "questions[0].options[6]",
            "an exclusive (none of these) option cannot have a level",
        ),
        (
            "flows/twitch.yaml",
            _drop_doctor_outcome,
            "outcomes.doctor",
            "missing: an answer of this flow can reach this level",
        ),
        (
            "flows/twitch.yaml",
            _twitch_option(2, 0, "tip", "Not An Id"),
            "questions[2].options[0].tip",
            "expected an id",
        ),
        ("triage.yaml", _drop_ui_done, "ui.done", "missing field"),
        ("triage.yaml", _progress_without_total, "ui.progress", "must contain {total}"),
        (
            "triage.yaml",
            _unquoted_number,
            "emergency_numbers.languages.it[0]",
            "expected non-empty text",
        ),
        (
            "triage.yaml",
            _headline_without_numbers,
            "levels.emergency.headline",
            "must contain {numbers}",
        ),
    ],
)
def test_loader_rejects_broken_content(
    content_copy: Path, file: str, change: Edit, where: str, problem: str
) -> None:
    _edit(content_copy, file, change)
    with pytest.raises(ContentError) as caught:
        load_triage(content_copy)
    error = caught.value
    assert error.file == str(content_copy / file)
    assert error.path == where
    assert problem in error.problem
    assert str(error).startswith(f"{content_copy / file}: {where}: ")


def test_loader_rejects_a_key_written_twice(content_copy: Path) -> None:
    file = content_copy / "flows" / "twitch.yaml"
    file.write_text(file.read_text(encoding="utf-8") + "\ntopic: spasm\n", encoding="utf-8")
    with pytest.raises(ContentError, match="key 'topic' appears twice"):
        load_triage(content_copy)


def test_loader_rejects_invalid_yaml(content_copy: Path) -> None:
    (content_copy / "flows" / "twitch.yaml").write_text("id: [twitch\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"twitch\.yaml: invalid YAML"):
        load_triage(content_copy)


def test_loader_needs_the_flow_id_to_match_the_file(content_copy: Path) -> None:
    flows = content_copy / "flows"
    (flows / "twitch.yaml").rename(flows / "twitches.yaml")
    with pytest.raises(ContentError, match="id: flow id must match the file name"):
        load_triage(content_copy)


def test_loader_needs_flow_files(content_copy: Path) -> None:
    for file in (content_copy / "flows").glob("*.yaml"):
        file.unlink()
    with pytest.raises(ContentError, match="no flow files"):
        load_triage(content_copy)


def test_loader_fills_the_none_label_from_the_shared_texts(content_copy: Path) -> None:
    data = load_triage(content_copy)
    question = data.flows["twitch"].question("symptoms")
    assert question is not None
    none = question.option("none")
    assert none is not None
    assert none.exclusive
    assert none.label == data.texts.ui.none_of_these


def test_loader_checks_source_ids_when_given(content_copy: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_triage(content_copy, known_source_ids={"nhs_twitching"})
    assert caught.value.file == "flows/spasm.yaml"
    assert caught.value.path == "questions[0].why.sources"
    assert "unknown source id 'nhs_heart_attack'" in caught.value.problem
