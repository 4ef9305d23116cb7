"""Frequent questions: every asked phrasing finds its own question, a topic never answers
with another topic's question, details of a message are read, and bad files are refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tgbot.core.asking.reading import load_rules
from tgbot.core.content import (
    ContentError,
    ContentStore,
    content_summary,
    details_in,
    load_content,
    match_topic,
    plain_text,
)
from tgbot.core.content import match_question as match_question_in
from tgbot.core.content.questions_file import MAX_ANSWER_CHARS
from tgbot.core.content.store import frequent_questions, render_answer

from .conftest import Edit

TWITCH_QUESTIONS = "questions/twitch.yaml"
SPASM_QUESTIONS = "questions/spasm.yaml"


def match_question(store: ContentStore, text: str) -> str | None:
    question = match_question_in(store, text, match_topic(store, text))
    return None if question is None else question.id


def load_errors() -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_content(Path("content"))
    return caught.value.errors


def test_there_are_at_least_25_questions_across_both_topics(store: ContentStore) -> None:
    questions = frequent_questions(store)
    assert len(questions) >= 25
    assert {q.topic for q in questions} == {"twitch", "spasm"}


def test_every_asked_phrasing_finds_its_own_question(store: ContentStore) -> None:
    # A question of content/asking/rules.yaml's any_topic answers whatever topic is named
    # ("spasms all over" is a twitch question): it may be found among all topics' questions.
    any_topic = load_rules(Path("content/asking/rules.yaml"), {"see_doctor", "causes", "self_care"})

    def found(asked: str, question_id: str) -> str | None:
        own = match_question(store, asked)
        if own is None and question_id in any_topic.any_topic:
            anywhere = match_question_in(store, asked, None)
            return None if anywhere is None else anywhere.id
        return own

    wrong = {
        asked: found(asked, question.id)
        for question in frequent_questions(store)
        for asked in question.asked
        if found(asked, question.id) != question.id
    }
    assert wrong == {}


@pytest.mark.parametrize(
    ("text", "question_id"),
    [
        ("ALS?? is it", "is_it_als"),  # word order
        ("cramps magnesium can help", "magnesium"),
        ("twiching caffiene", "caffeine"),  # typos
        ("QUININE in pregnancy", "quinine"),
    ],
)
def test_word_order_and_typos(store: ContentStore, text: str, question_id: str) -> None:
    assert match_question(store, text) == question_id


@pytest.mark.parametrize(
    "text",
    [
        "can magnesium help my twitching",  # magnesium is a cramp question
        "does caffeine give you cramps",  # caffeine is a twitch question
        "my eyelid keeps twitching",  # a topic, but no question
        "hello",
        "she is a witch",
    ],
)
def test_no_question_of_another_topic_and_none_for_plain_text(
    store: ContentStore, text: str
) -> None:
    assert match_question(store, text) is None


def test_each_answer_fits_a_phone_screen_and_names_its_sources(store: ContentStore) -> None:
    for question in frequent_questions(store):
        assert len(question.html) <= MAX_ANSWER_CHARS
        page = render_answer(store, question.id)
        assert page.startswith(f"<b>{question.title}</b>")
        for source_id in question.source_ids:
            assert store.sources[source_id].publisher in plain_text(page.splitlines()[-1])


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("twitching for 3 days", 3),
        ("for two weeks now", 14),
        ("a few weeks", 21),
        ("since a month or so", 30),
        ("all day long", None),
    ],
)
def test_days_said(store: ContentStore, text: str, days: int | None) -> None:
    assert store.wording.days_said(text) == days


EYELID, CALF = ("eyelid",), ("calf",)
NIGHTLY_CALF = {"location": ("calf_foot",), "frequency": ("often",), "context": ("night",)}


@pytest.mark.parametrize(
    ("topic", "text", "said"),
    [
        ("twitch", "eyelid twitching for 3 days", {"location": EYELID, "duration": ("days",)}),
        ("twitch", "calf twitch for 3 weeks", {"location": CALF, "duration": ("over_two_weeks",)}),
        ("twitch", "it comes and goes for months", {"duration": ("months_on_off",)}),
        ("twitch", "twitch after too much coffee", {"triggers": ("caffeine",)}),
        ("spasm", "calf cramps every night", NIGHTLY_CALF),
        ("spasm", "cramp", {}),
    ],
)
def test_details_said(
    store: ContentStore, topic: str, text: str, said: dict[str, tuple[str, ...]]
) -> None:
    assert details_in(store, topic, text) == said


def test_duplicate_question_id_across_topics(edit: Edit) -> None:
    edit(SPASM_QUESTIONS, "  - id: magnesium\n", "  - id: caffeine\n")
    assert load_errors() == [
        "content/questions/twitch.yaml: questions[4].id: question id 'caffeine' is used twice "
        "(also in spasm)"
    ]


def test_unknown_source_and_section(edit: Edit) -> None:
    edit(
        SPASM_QUESTIONS,
        "[cochrane_magnesium_2020, cochrane_pregnancy_cramps]\n    section: causes",
        "[cochrane_magnesium_2021, cochrane_pregnancy_cramps]\n    section: minerals",
    )
    assert load_errors() == [
        "content/questions/spasm.yaml: questions[1].sources[0]: unknown source id "
        "'cochrane_magnesium_2021'",
        "content/questions/spasm.yaml: questions[1].section: no section 'minerals' in topic "
        "'spasm'",
    ]


def test_bad_html_and_an_answer_too_long(edit: Edit) -> None:
    edit(SPASM_QUESTIONS, "Probably not for most people.", "Probably <blink>not</blink>.")
    edit(TWITCH_QUESTIONS, "Yes. Too much caffeine", "Yes. " + "Long. " * 200 + "Too much caffeine")
    spasm_error, _closing_tag, twitch_error = load_errors()
    assert spasm_error == (
        "content/questions/spasm.yaml: questions[1].answer: invalid Telegram HTML: "
        "tag <blink> is not allowed by Telegram"
    )
    assert twitch_error.startswith("content/questions/twitch.yaml: questions[4].answer: 1")
    assert twitch_error.endswith(f"an answer must fit a phone screen ({MAX_ANSWER_CHARS})")


def test_a_detail_names_a_phrase_list(edit: Edit) -> None:
    edit(TWITCH_QUESTIONS, "said: [numb, numbness]", "said: numb")
    assert load_errors() == [
        "content/questions/twitch.yaml: details[10].said: expected a list, got text"
    ]


def test_questions_for_a_topic_that_does_not_exist(content_copy: Path) -> None:
    (content_copy / "questions" / "tremor.yaml").write_text("questions: []\n", encoding="utf-8")
    assert load_errors() == [
        "content/questions/tremor.yaml: no topic 'tremor' in topics/ for these questions"
    ]


def test_a_source_not_reviewed_for_12_months_is_a_warning(content_root: Path) -> None:
    store = load_content(content_root, today=date(2027, 12, 31))
    stale = [w for w in store.warnings if "over 12 months ago" in w]
    assert len(stale) == len(store.sources)
    assert stale[0] == (
        "content/sources.yaml: sources[0]: source 'nhs_twitching' was last reviewed on "
        "2026-11-24, over 12 months ago: check the page and our wording again, then update "
        "`reviewed`"
    )
    # `content check` prints each as one "warning:" line and still exits 0.
    assert sum(line.startswith("warning: ") for line in content_summary(store).splitlines()) == len(
        stale
    )
    fresh = load_content(content_root, today=date(2027, 11, 24))
    assert not [w for w in fresh.warnings if "over 12 months ago" in w]
