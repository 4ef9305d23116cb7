"""The safety net reads meaning from parts: concepts found near each other, in any form, in any
script, however the words were disguised; negations and idioms may silence an emergency,
never a crisis; a message that may or may not be an emergency gets one question."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgbot.core.knowledge import Library
from tgbot.core.safety.net import Reading, SafetyNet
from tgbot.core.safety.text import read_words


@pytest.fixture(scope="module")
def net(library: Library) -> SafetyNet:
    """The net of the run's library (tests/conftest.py): compiled once per test process."""
    return library.english.safety.net


def words_of(text: str) -> list[str]:
    return [word.text for word in read_words(text)]


def test_invisible_characters_and_soft_hyphens_are_removed() -> None:
    assert words_of("str\u200boke and sei\u00adzure\u2060") == ["stroke", "and", "seizure"]


def test_a_lookalike_letter_of_another_script_is_read_in_the_words_script() -> None:
    # A Cyrillic а in a Latin word, a Latin o in a Cyrillic word.
    assert words_of("my f\u0430ce is drooping") == ["my", "face", "is", "drooping"]
    assert words_of("инсульт ин\u0441ульт инсуoльт")[0] == "инсульт"
    assert words_of("инсo") == ["инсо"]


def test_spaced_out_letters_are_joined_and_repeats_read_once_and_twice() -> None:
    assert words_of("s t r o k e now") == ["stroke", "now"]
    assert words_of("s.t.r.o.k.e") == ["stroke"]
    keys = read_words("heeelp sleeeep")
    assert "help" in keys[0].keys
    assert "sleep" in keys[1].keys


def test_digits_inside_a_word_read_as_letters() -> None:
    assert "stroke" in read_words("str0ke")[0].keys
    assert read_words("112")[0].keys == frozenset({"112"})


def test_apostrophes_read_joined_and_split() -> None:
    (word,) = read_words("l'épilepsie")
    assert {"lepilepsie", "epilepsie", "l"} <= word.keys


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("my husband's face has gone droopy", "stroke_face"),
        ("her arm went weak out of nowhere", "stroke_weakness"),
        ("he is slurring", "stroke_speech"),
        ("crushing feeling in the middle of my chest", "chest"),
        ("cant catch my breath at all", "breathing"),
        ("my dad fainted and he isnt responding", "collapse"),
        ("throat is closing up after the peanuts", "anaphylaxis"),
        ("pee the colour of coke after the marathon", "dark_urine"),
        ("32 weeks pregnant and bleeding", "labour"),
        ("fever and my neck is so stiff", "meningitis"),
        ("stood on a rusty nail last week, now my jaw is stiff", "tetanus"),
        ("I can't feel my groin", "cauda_equina"),
    ],
)
def test_concepts_near_each_other_make_an_emergency(net: SafetyNet, text: str, group: str) -> None:
    assert group in net.read(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "honestly thinking about ending it all",
        "everyone would be happier without me",
        "I have been cutting myself again",
        "been saving up my tablets",
        "i wish i could sleep and never wake up",
    ],
)
def test_thoughts_of_suicide_and_self_harm_are_a_crisis(net: SafetyNet, text: str) -> None:
    assert net.read(text).crisis == "suicide_self_harm"


def test_a_crisis_about_someone_else_is_answered_for_them(net: SafetyNet) -> None:
    reading = net.read("my daughter told me she does not want to be alive")
    assert reading.crisis is not None
    assert reading.crisis_about_someone
    assert not net.read("i dont want to be alive").crisis_about_someone


def test_a_negation_silences_an_emergency_up_to_the_end_of_its_clause(net: SafetyNet) -> None:
    assert not net.read("no chest pain at all, just cramp in my calf").alarmed
    assert net.read("no fever, but crushing chest pain").emergency == ("chest",)


def test_a_negation_inside_a_longer_entry_is_no_negation(net: SafetyNet) -> None:
    assert "collapse" in net.read("she collapsed and is not responding").emergency


def test_an_idiom_silences_an_emergency_but_never_a_crisis(net: SafetyNet) -> None:
    assert not net.read("a real stroke of luck, the twitch is gone").alarmed
    assert net.read("the bill nearly gave me a heart attack, I want to kill myself").crisis


def test_asking_about_a_condition_or_a_past_one_is_calm(net: SafetyNet) -> None:
    assert not net.read("is a twitchy eyelid a stroke symptom?").alarmed
    assert not net.read("years ago as a teenager I had one seizure, none since").alarmed
    assert net.read("I think I am having a stroke").emergency == ("stroke",)


@pytest.mark.parametrize(
    ("long_standing", "sudden"),
    [
        (
            "cramps across my whole body, on and off for the last 3 years",
            "cramps across my whole body since an hour ago",
        ),
        (
            "seit vielen Monaten immer wieder Krämpfe am ganzen Körper",
            "auf einmal Krämpfe am ganzen Körper",
        ),
        (
            "calambres por todo el cuerpo desde hace varios meses",
            "calambres por todo el cuerpo desde anoche",
        ),
        (
            "des crampes dans tout le corps depuis plusieurs années",
            "des crampes dans tout le corps d'un coup",
        ),
        ("cãibras no corpo todo há vários meses", "cãibras no corpo todo agora à tarde"),
        ("судороги по всему телу годами", "судороги по всему телу прямо сейчас"),
    ],
)
def test_body_wide_cramps_for_months_or_years_are_not_tetanus(
    net: SafetyNet, long_standing: str, sudden: str
) -> None:
    # Tetanus comes on over days after a wound; spasms that have come and gone for months or
    # years are a question for a doctor, not an ambulance (content/safety/rules.yaml).
    assert "tetanus" not in net.read(long_standing).emergency
    assert "tetanus" in net.read(sudden).emergency


def test_a_message_that_may_be_an_emergency_gets_the_one_question(net: SafetyNet) -> None:
    assert net.read("my wife has collapsed in the kitchen") == Reading(ask="collapse")
    assert net.read("grandad is shaking all over and it won't settle").ask == "seizure"
    assert net.read("my husband is shaking all over and not responding").emergency == ("seizure",)


def test_one_word_fills_one_part_of_a_rule(net: SafetyNet) -> None:
    # "attack" is a cramp-or-seizure word: alone it does not make "someone" and "shaking".
    assert not net.read("had an attack of cramp in my foot").alarmed


def test_the_whole_message_is_read(net: SafetyNet) -> None:
    filler = "my calf twitches a lot after running and I drink coffee " * 70
    assert len(filler.split()) > 600
    assert net.read(filler + "now I suddenly cannot breathe").emergency == ("breathing",)


@settings(deadline=None, max_examples=60)
@given(
    before=st.text(alphabet="abcdefghij ,.!?", max_size=40),
    after=st.text(alphabet="abcdefghij ,.!?", max_size=40),
    shout=st.booleans(),
)
def test_an_emergency_inside_any_message_is_found(
    net: SafetyNet, before: str, after: str, shout: bool
) -> None:
    core = "I can't breathe" if not shout else "I CAN'T BREATHE!!!"
    assert net.read(f"{before} {core} {after}").emergency
