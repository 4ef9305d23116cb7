"""What a typed message already said ("eyelid", "for 3 days"), offered first when that user
starts a check: marked on the buttons, never taken as an answer.

Held in memory only (a restart loses a hint, never an answer), a few thousand users at most,
and dropped by /forget. Never logged: these are health answers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tgbot.core.triage import Level, Question

Said = Mapping[str, tuple[str, ...]]  # question id -> option ids the message gave
MAX_HELD = 5_000


@dataclass
class TypedDetails:
    _by_user: OrderedDict[int, tuple[str, Said]] = field(default_factory=OrderedDict)
    _by_session: OrderedDict[int, tuple[int, Said]] = field(default_factory=OrderedDict)

    def remember(self, user_id: int, topic_id: str, said: Said) -> None:
        """The user's latest message about `topic_id`; one without details clears the last."""
        self._by_user.pop(user_id, None)
        if said:
            self._by_user[user_id] = (topic_id, dict(said))
            _trim(self._by_user)

    def attach(self, user_id: int, topic_id: str, session_id: int) -> None:
        """A check of `topic_id` started: its questions offer what the message said."""
        held = self._by_user.pop(user_id, None)
        if held is not None and held[0] == topic_id:
            self._by_session[session_id] = (user_id, held[1])
            _trim(self._by_session)

    def offered(self, session_id: int, question: Question) -> tuple[str, ...]:
        """Options of `question` to offer first. None for the emergency question: its order
        and wording are the safety check and stay as written."""
        if any(option.level is Level.EMERGENCY for option in question.options):
            return ()
        held = self._by_session.get(session_id)
        said = () if held is None else held[1].get(question.id, ())
        return tuple(option.id for option in question.options if option.id in said)

    def forget(self, user_id: int) -> None:
        self._by_user.pop(user_id, None)
        for session_id in [s for s, (owner, _) in self._by_session.items() if owner == user_id]:
            del self._by_session[session_id]


def _trim(held: OrderedDict[int, Any]) -> None:
    while len(held) > MAX_HELD:
        held.popitem(last=False)
