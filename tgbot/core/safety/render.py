"""The replies to a typed message the safety net alarmed on, as Telegram HTML."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tgbot.core.safety.models import CrisisLine, Kind, PhraseGroup, PhraseSet
from tgbot.core.triage.models import Level, TriageTexts

CountryName = Callable[[str], str]
"""A region code ("de") -> the country's name in the reader's language ("Deutschland")."""


def groups_named(
    phrase_set: PhraseSet, fallback: PhraseSet, ids: tuple[str, ...]
) -> tuple[PhraseGroup, ...]:
    """The groups of these ids in a language's phrase set (English's where it lacks one)."""
    own = {group.id: group for group in phrase_set.groups}
    english = {group.id: group for group in fallback.groups}
    return tuple(own.get(group_id) or english[group_id] for group_id in ids)


def crisis_group(phrase_set: PhraseSet) -> PhraseGroup:
    return next(group for group in phrase_set.groups if group.kind is Kind.CRISIS)


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


def render_crisis_lines(
    phrase_set: PhraseSet,
    region: str | None,
    lines: Mapping[str, CrisisLine],
    numbers: str,
    country_name: CountryName,
    bullet: str,
    second_lines: Mapping[str, CrisisLine] | None = None,
) -> str:
    """The crisis answer's {lines}: the line of the user's country, or, when Telegram gives
    only a language, the lines of the countries where it is most spoken; said plainly where a
    country has no national line (an emergency dispatcher is not a line to talk to)."""
    countries = (region,) if region else phrase_set.crisis_countries
    with_line = [c for c in countries if c in lines]
    if not with_line:
        return phrase_set.no_national_line.format(
            country=country_name(countries[0]), numbers=numbers
        )
    second = second_lines or {}

    def lines_of(country: str) -> list[tuple[str, str]]:
        """(name, number) of the country's line, its name in the reader's language where we
        have one, then of its second established line, if any (Argentina: CAS)."""
        first = lines[country]
        found = [(phrase_set.line_names.get(country, first.name), first.number)]
        if country in second:
            found.append((second[country].name, second[country].number))
        return found

    if len(countries) == 1:
        named = "; ".join(
            phrase_set.crisis_line.format(name=name, number=number)
            for name, number in lines_of(countries[0])
        )
        return phrase_set.talk_to_line.format(line=named)
    items = [
        f"{bullet} "
        + phrase_set.crisis_line_abroad.format(
            country=country_name(country), name=name, number=number
        )
        for country in with_line
        for name, number in lines_of(country)
    ]
    return "\n".join([phrase_set.talk_to_lines, *items])


def render_crisis(group: PhraseGroup, lines_text: str, numbers: str, about_someone: bool) -> str:
    template = group.about_someone if about_someone and group.about_someone else group.text
    return template.format(lines=lines_text, numbers=numbers)


def render_out_of_scope(group: PhraseGroup, numbers: str) -> str:
    """The answer with the user's numbers; {local_service_today} is left for the caller,
    who knows the country (tgbot/core/local_services.py)."""
    return group.text.replace("{numbers}", numbers)


def with_safety_line(phrase_set: PhraseSet, text: str, numbers: str) -> str:
    """An answer to a typed message, with the one line that says what to do in an emergency."""
    return f"{text}\n\n{phrase_set.safety_line.format(numbers=numbers)}"


def _section(texts: TriageTexts, heading: str, items: list[str] | tuple[str, ...]) -> str:
    return "\n".join([heading, *(f"{texts.bullet} {item}" for item in items)])
