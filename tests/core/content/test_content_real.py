"""The shipped content/ folder: complete, sourced, and fit to send to Telegram."""

from __future__ import annotations

from pathlib import Path

import pytest

from tgbot.core.content import (
    MAX_MESSAGE_LENGTH,
    ContentStore,
    Section,
    Tip,
    check_content,
    html_problems,
    load_content,
    plain_text,
    render_section,
    render_sources,
    render_tip,
)
from tgbot.core.content.contract import REQUIRED_MESSAGES

SECTIONS = ("what_it_is", "causes", "self_care", "see_doctor", "emergency")
# Option ids of the triage flows in the clinical spec; the engine looks tips up by these keys.
TWITCH_TRIGGERS = {
    "caffeine",
    "stress",
    "sleep",
    "exercise",
    "alcohol",
    "nicotine",
    "medicine",
    "dehydration",
}
SPASM_CONTEXTS = {
    "exercise",
    "night",
    "heat_dehydration",
    "pregnancy",
    "new_medicine",
    "alcohol",
    "walking",
}


def test_loads_with_both_topics_in_menu_order_and_no_warnings(store: ContentStore) -> None:
    assert list(store.topics) == ["twitch", "spasm"]
    assert store.warnings == ()


@pytest.mark.parametrize("topic_id", ["twitch", "spasm"])
def test_topic_has_the_five_sections_in_order(store: ContentStore, topic_id: str) -> None:
    required = [s for s in store.topics[topic_id].sections if s in SECTIONS]
    assert tuple(required) == SECTIONS


def test_twitch_has_its_own_als_page(store: ContentStore) -> None:
    assert tuple(store.topics["twitch"].sections)[1] == "als"


@pytest.mark.parametrize(
    ("topic_id", "required"),
    [
        ("twitch", TWITCH_TRIGGERS | {"general", "eyelid"}),
        ("spasm", SPASM_CONTEXTS | {"general", "stretching"}),
    ],
)
def test_topic_has_a_tip_for_every_flow_option(
    store: ContentStore, topic_id: str, required: set[str]
) -> None:
    assert required <= set(store.topics[topic_id].tips)


def test_every_section_and_tip_cites_known_sources(store: ContentStore) -> None:
    for topic in store.topics.values():
        parts: list[Section | Tip] = [*topic.sections.values(), *topic.tips.values()]
        for part in parts:
            assert part.source_ids, f"{topic.id}.{part.id} cites nothing"
            assert set(part.source_ids) <= set(store.sources), f"{topic.id}.{part.id}"


def test_every_source_is_cited_and_has_a_real_looking_address(store: ContentStore) -> None:
    # Cited by a topic, a flow or a phrase list: an uncited one would be a warning.
    assert not [w for w in store.warnings if "never cited" in w]
    for source in store.sources.values():
        assert source.url.startswith("https://"), source.id
        assert source.reviewed >= "2026-11-24", source.id


def _pages(store: ContentStore) -> dict[str, str]:
    pages = {}
    for topic in store.topics.values():
        pages[f"{topic.id} overview"] = topic.overview_html
        pages[f"{topic.id} sources"] = render_sources(store, topic.id)
        for section_id in topic.sections:
            pages[f"{topic.id}.{section_id}"] = render_section(store, topic.id, section_id)
        for tip_id in topic.tips:
            pages[f"{topic.id} tip {tip_id}"] = render_tip(store, topic.id, tip_id)
    pages.update({f"message {key}": text for key, text in store.messages.items()})
    return pages


def test_every_page_fits_one_message_and_is_valid_telegram_html(store: ContentStore) -> None:
    for name, page in _pages(store).items():
        assert len(page) <= MAX_MESSAGE_LENGTH, name
        assert html_problems(page) == [], name


def test_section_page_has_title_text_and_source_line(store: ContentStore) -> None:
    page = render_section(store, "twitch", "what_it_is")
    section = store.topics["twitch"].sections["what_it_is"]
    assert page.startswith("<b>What is a twitch?</b>\n<i>Eye and muscle twitches</i>\n\n")
    assert section.html in page
    assert page.endswith("\n\n<i>Sources: NHS, MedlinePlus</i>")


@pytest.mark.parametrize("topic_id", ["twitch", "spasm"])
def test_emergency_section_gives_numbers_and_says_do_not_wait(
    store: ContentStore, topic_id: str
) -> None:
    text = plain_text(render_section(store, topic_id, "emergency"))
    # The handler fills in the user's own number: no fixed list on the page.
    assert "Call {numbers} now." in text
    for number in ("112", "999", "911"):
        assert number not in text
    assert "Do not wait" in text
    assert "emergency number now" in text


@pytest.mark.parametrize("topic_id", ["twitch", "spasm"])
def test_overview_points_at_emergency_signs(store: ContentStore, topic_id: str) -> None:
    assert "call your emergency number" in store.topics[topic_id].overview_html.lower()


def test_twitch_doctor_advice_follows_the_nhs_two_week_rule(store: ContentStore) -> None:
    text = plain_text(render_section(store, "twitch", "see_doctor"))
    assert "more than 2 weeks" in text
    assert "more than one place" in text
    assert "weak or stiff" in text


def test_spasm_doctor_advice_separates_today_from_the_next_days(store: ContentStore) -> None:
    text = plain_text(render_section(store, "spasm", "see_doctor"))
    assert "Get help today" in text
    assert "more than 10 minutes" in text
    assert "blood clot (DVT)" in text


def test_medicine_tips_warn_against_stopping_a_prescribed_medicine(store: ContentStore) -> None:
    for topic_id, tip_id in [("twitch", "medicine"), ("spasm", "new_medicine")]:
        assert "Do not stop a prescribed medicine" in store.topics[topic_id].tips[tip_id].html


def test_sources_page_links_each_cited_source_once(store: ContentStore) -> None:
    page = render_sources(store, "spasm")
    for source_id in store.topics["spasm"].cited_source_ids():
        assert page.count(f'href="{store.sources[source_id].url}"') == 1
    assert "(reviewed 24 November 2026)" in page


def test_owner_message_keys_are_all_there(store: ContentStore) -> None:
    assert set(REQUIRED_MESSAGES) <= set(store.messages)


def test_check_content_reports_a_summary_for_the_real_content(content_root: Path) -> None:
    code, report = check_content(content_root)
    assert code == 0, report
    lines = report.splitlines()
    assert lines[0].startswith("twitch: 6 sections, 10 tips, ")
    assert lines[0].endswith(", 20 frequent questions")
    assert lines[1].startswith("spasm: 5 sections, 10 tips, ")
    assert lines[1].endswith(", 17 frequent questions")
    assert lines[2] == f"sources: {len(load_content(content_root).sources)} in total, 36 cited"
    assert lines[3] == f"messages: {len(load_content(content_root).messages)}"
