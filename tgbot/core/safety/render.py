"""The replies to a typed red flag, as Telegram HTML."""

from __future__ import annotations

from tgbot.core.safety.models import CrisisLine, PhraseGroup, PhraseSet
from tgbot.core.triage.models import Level, TriageTexts


def in_language(groups: tuple[PhraseGroup, ...], phrase_set: PhraseSet) -> tuple[PhraseGroup, ...]:
    """The same groups in another language's phrase set (a message may match the phrases of
    any language; the answer is in the user's). A group the set lacks stays as it is."""
    by_id = {group.id: group for group in phrase_set.groups}
    return tuple(by_id.get(group.id, group) for group in groups)


def render_typed_emergency(
    texts: TriageTexts, groups: tuple[PhraseGroup, ...], numbers: str
) -> str:
    """Call now, do not wait, what to say, why: the same words as the check's emergency."""
    reasons = list(dict.fromkeys(group.text for group in groups))
    parts = [
        f"{texts.levels[Level.EMERGENCY].headline.format(numbers=numbers)} "
        f"{texts.emergency.do_not_wait}",
        _section(texts, texts.emergency.say_heading, texts.emergency.say),
        texts.emergency.dont_drive,
        _section(texts, texts.emergency.reasons_heading, reasons),
        texts.emergency.footer,
    ]
    return "\n\n".join(parts)


def render_crisis(
    phrase_set: PhraseSet, group: PhraseGroup, line: CrisisLine | None, numbers: str
) -> str:
    if line is None:
        named = phrase_set.no_crisis_line.format(numbers=numbers)
    else:
        named = phrase_set.crisis_line.format(name=line.name, number=line.number)
    return group.text.format(line=named, numbers=numbers)


def render_out_of_scope(group: PhraseGroup, numbers: str) -> str:
    return group.text.format(numbers=numbers)


def _section(texts: TriageTexts, heading: str, items: list[str] | tuple[str, ...]) -> str:
    return "\n".join([heading, *(f"{texts.bullet} {item}" for item in items)])
