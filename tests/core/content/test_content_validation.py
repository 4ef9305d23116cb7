"""Broken content is refused with every problem named by file and field.

Most cases break one thing in a copy of the real content (the `edit` fixture), so each test
shows exactly which error that one change produces."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tgbot.core.content import check_content, load_content
from tgbot.core.content.problems import ContentError

Edit = Callable[[str, str, str], None]
TWITCH = "topics/twitch.yaml"
SPASM = "topics/spasm.yaml"
CONTENT = Path("content")


def load_errors(root: Path = CONTENT) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(root)
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value.errors


def test_unknown_source_id(edit: Edit) -> None:
    edit(
        TWITCH,
        "[nhs_twitching, medlineplus_twitching, mayo_eye_twitching_causes, niddk",
        "[nhs_twitching, nhs_twich, mayo_eye_twitching_causes, niddk",
    )
    assert load_errors() == [
        "content/topics/twitch.yaml: sections.causes.sources[1]: unknown source id 'nhs_twich'"
    ]


def test_missing_required_section(edit: Edit) -> None:
    edit(SPASM, "  emergency:\n    title: 🚨 Get help now\n", "  emergency_signs:\n    title: x\n")
    assert load_errors() == [
        "content/topics/spasm.yaml: sections.emergency_signs: unknown section; expected one of "
        "what_it_is, causes, self_care, see_doctor, emergency",
        "content/topics/spasm.yaml: sections.emergency: missing required section",
    ]


def test_sections_out_of_order(content_copy: Path) -> None:
    path = content_copy / TWITCH
    topic = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = topic["sections"]
    topic["sections"] = {"causes": sections["causes"]} | sections
    path.write_text(yaml.safe_dump(topic, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert load_errors() == [
        "content/topics/twitch.yaml: sections: sections must come in this order: "
        "what_it_is, causes, self_care, see_doctor, emergency"
    ]


def test_duplicate_tip_key(edit: Edit) -> None:
    edit(
        TWITCH,
        "  stress:\n",
        "  caffeine:\n    text: Again.\n    sources: [nhs_twitching]\n  stress:\n",
    )
    [error] = load_errors()
    assert error.startswith("content/topics/twitch.yaml: tips.caffeine: duplicate key (lines ")


def test_duplicate_source_id(edit: Edit) -> None:
    edit("sources.yaml", "  - id: medlineplus_twitching\n", "  - id: nhs_twitching\n")
    errors = load_errors()
    assert errors[0] == (
        "content/sources.yaml: sources[1].id: duplicate source id 'nhs_twitching' "
        "(first at sources[0])"
    )
    # The lost id is then unknown where the topics cite it.
    assert "unknown source id 'medlineplus_twitching'" in errors[1]


def test_empty_text(edit: Edit) -> None:
    edit(
        TWITCH,
        "    text: >-\n      Alcohol is a common trigger of twitches. Drinking less may "
        "help the twitch settle.\n",
        '    text: "  "\n',
    )
    assert load_errors() == ["content/topics/twitch.yaml: tips.alcohol.text: text is empty"]


def test_page_over_telegram_limit(edit: Edit) -> None:
    edit(TWITCH, "You cannot stop it by trying.", "You cannot stop it by trying." + " Rest." * 800)
    [error] = load_errors()
    assert error.startswith(
        "content/topics/twitch.yaml: sections.what_it_is.text: rendered page is "
    )
    assert error.endswith(" characters; Telegram allows 4096")


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("<b>Common causes</b>", "<b>Common causes", "<b> is never closed"),
        ("<b>Rare causes</b>", "<h2>Rare causes</h2>", "tag <h2> is not allowed by Telegram"),
        ("• Stress, worry and anxiety.", "• Stress & worry.", "write &amp; instead of a bare '&'"),
        ("<b>Rare causes</b>", "<b><i>Rare causes</b></i>", "</b> does not match: expected </i>"),
    ],
)
def test_invalid_telegram_html(edit: Edit, old: str, new: str, problem: str) -> None:
    edit(TWITCH, old, new)
    assert (
        f"content/topics/twitch.yaml: sections.causes.text: invalid Telegram HTML: {problem}"
        in load_errors()
    )


def test_unknown_top_level_field(edit: Edit) -> None:
    edit(TWITCH, "id: twitch\n", "id: twitch\ncolour: red\n")
    assert load_errors() == ["content/topics/twitch.yaml: colour: unknown field"]


def test_wrong_type(edit: Edit) -> None:
    edit(SPASM, "title: Muscle spasms and cramps\n", "title: 42\n")
    assert load_errors() == ["content/topics/spasm.yaml: title: expected text, got a number"]


def test_wrong_type_for_a_list(edit: Edit) -> None:
    edit(TWITCH, "sources: [nhs_stroke, nhs_call_999]", "sources: nhs_stroke")
    assert load_errors() == [
        "content/topics/twitch.yaml: sections.emergency.sources: expected a list, got text"
    ]


def test_missing_messages_key(edit: Edit) -> None:
    edit("messages.yaml", 'button_spasm: "💢 Spasms and cramps"\n', "")
    assert load_errors() == ["content/messages.yaml: button_spasm: missing required message"]


def test_source_without_url(edit: Edit) -> None:
    edit("sources.yaml", "    url: https://www.nhs.uk/conditions/leg-cramps/\n", "")
    errors = load_errors()
    assert errors[0] == "content/sources.yaml: sources[5].url: missing required field"


def test_missing_required_tip(edit: Edit) -> None:
    edit(SPASM, "  walking:\n", "  walking_far:\n")
    assert load_errors() == [
        "content/topics/spasm.yaml: tips.walking: missing required tip (a triage flow refers to it)"
    ]


def test_synonym_claimed_by_two_topics(edit: Edit) -> None:
    edit(SPASM, "synonyms:\n  - spasm\n", "synonyms:\n  - Eyelid\n  - spasm\n")
    assert load_errors() == [
        "content/topics/spasm.yaml: synonyms[0]: 'Eyelid' is also a synonym of 'twitch'"
    ]


def test_topic_id_must_match_its_file(edit: Edit) -> None:
    edit(SPASM, "id: spasm\n", "id: cramp\n")
    assert load_errors() == [
        "content/topics/spasm.yaml: id: 'cramp' must match the file name 'spasm'"
    ]


def test_yaml_syntax_error(edit: Edit) -> None:
    edit(TWITCH, "id: twitch\n", "id: [twitch\n")
    [error] = load_errors()
    assert error.startswith("content/topics/twitch.yaml: invalid YAML: line ")


@pytest.mark.parametrize(
    ("file", "error"),
    [
        ("sources.yaml", "content/sources.yaml: sources: missing required field"),
        ("messages.yaml", "content/messages.yaml: disclaimer: missing required message"),
        (TWITCH, "content/topics/twitch.yaml: id: missing required field"),
    ],
)
def test_file_holding_an_empty_mapping(content_copy: Path, file: str, error: str) -> None:
    (content_copy / file).write_text("{}\n", encoding="utf-8")
    assert error in load_errors()


def test_missing_topic_file(content_copy: Path) -> None:
    (content_copy / SPASM).unlink()
    assert load_errors() == ["content/topics/spasm.yaml: missing required topic file"]


def test_uncited_source_is_a_warning_not_an_error(edit: Edit) -> None:
    edit(
        "sources.yaml",
        "sources:\n",
        "sources:\n  - id: spare\n    publisher: NHS\n"
        "    title: Spare\n    url: https://www.nhs.uk/\n    reviewed: 2026-11-24\n",
    )
    warning = "content/sources.yaml: sources: source 'spare' is never cited"
    assert load_content(CONTENT).warnings == (warning,)
    code, report = check_content(CONTENT)
    assert code == 0
    assert report.endswith(f"\nwarning: {warning}")


def test_every_problem_of_a_broken_folder_is_reported_in_one_run(
    fixtures_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(fixtures_dir)
    code, report = check_content(Path("broken"))
    assert code == 2
    lines = report.splitlines()
    expected = [
        "broken/sources.yaml: sources[1].id: duplicate source id 'nhs_twitching' "
        "(first at sources[0])",
        "broken/sources.yaml: sources[2].url: missing required field",
        "broken/sources.yaml: sources[3].url: 'http://example.org/page' is not an https:// address",
        "broken/sources.yaml: sources[3].reviewed: '24/11/2026' is not a date like 2026-11-24",
        "broken/messages.yaml: emergency_note: missing required message",
        "broken/messages.yaml: disclaimer: invalid Telegram HTML: <i> is never closed",
        "broken/messages.yaml: welcome: invalid Telegram HTML: write &amp; instead of a bare '&'",
        "broken/messages.yaml: help: placeholder {0} must be a snake_case name",
        "broken/topics/spasm.yaml: missing required topic file",
        "broken/topics/twitch.yaml: colour: unknown field",
        "broken/topics/twitch.yaml: sections.what_it_is.text: invalid Telegram HTML: "
        "tag <div> is not allowed by Telegram",
        "broken/topics/twitch.yaml: sections.causes.sources[0]: unknown source id 'nhs_twich'",
        "broken/topics/twitch.yaml: sections.self_care: missing required section",
        "broken/topics/twitch.yaml: tips.stress: missing required tip (a triage flow refers to it)",
        "broken/topics/twitch.yaml: tips.caffeine.text: text is empty",
        "broken/topics/twitch.yaml: synonyms[1]: 'Twitch!' repeats synonyms[0]",
    ]
    assert [line for line in expected if line not in lines] == []
