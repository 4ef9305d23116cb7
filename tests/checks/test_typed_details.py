"""What a typed message said is offered in the next check of that topic only, never on the
emergency question, and /forget drops it."""

from __future__ import annotations

from tgbot.checks.typed_details import TypedDetails
from tgbot.core.knowledge import Knowledge


def test_offered_only_in_the_next_check_of_the_same_topic(knowledge: Knowledge) -> None:
    flow = knowledge.triage.flows["twitch"]
    location = flow.question("location")
    assert location is not None
    details = TypedDetails()
    details.remember(7, "twitch", {"location": ("eyelid",)})
    details.attach(7, "spasm", 1)  # another topic: dropped
    assert details.offered(1, location) == ()
    details.remember(7, "twitch", {"location": ("eyelid",)})
    details.attach(7, "twitch", 2)
    assert details.offered(2, location) == ("eyelid",)
    details.attach(7, "twitch", 3)  # a later check without a new message
    assert details.offered(3, location) == ()


def test_never_on_the_emergency_question(knowledge: Knowledge) -> None:
    flow = knowledge.triage.flows["twitch"]
    emergency = flow.question("emergency_signs")
    assert emergency is not None
    details = TypedDetails()
    details.remember(7, "twitch", {"emergency_signs": ("face_droop",)})
    details.attach(7, "twitch", 1)
    assert details.offered(1, emergency) == ()


def test_forget_drops_held_and_attached_details(knowledge: Knowledge) -> None:
    location = knowledge.triage.flows["twitch"].question("location")
    assert location is not None
    details = TypedDetails()
    details.remember(7, "twitch", {"location": ("calf",)})
    details.attach(7, "twitch", 1)
    details.remember(7, "twitch", {"location": ("arm",)})
    details.forget(7)
    assert details.offered(1, location) == ()
    details.attach(7, "twitch", 2)
    assert details.offered(2, location) == ()


def test_a_message_without_details_clears_the_last(knowledge: Knowledge) -> None:
    location = knowledge.triage.flows["twitch"].question("location")
    assert location is not None
    details = TypedDetails()
    details.remember(7, "twitch", {"location": ("calf",)})
    details.remember(7, "twitch", {})
    details.attach(7, "twitch", 1)
    assert details.offered(1, location) == ()
