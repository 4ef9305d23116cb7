"""The user's country's services in a text (spec v3, "Local services"): where to get seen or
advised today when one's own doctor cannot. A text names them with a placeholder; each
language words the sentence (messages.yaml), each country gives its service
(content/numbers/<region>.yaml). A country without one, or a user whose country is not known,
reads the plain sentence: never another country's service. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from tgbot.core.content.locales import ENGLISH
from tgbot.core.content.markup import escape
from tgbot.core.safety.models import LocalService

TODAY = "local_service_today"
"""The placeholder (and message key) for "get help today": urgent outcome, child answer..."""
SOON = "local_service_soon"
"""The placeholder (and message key) for "get an appointment soon": the doctor outcome."""
NONE_SUFFIX = "_none"
"""The message said where the country has no such service, or is not known."""
PLACEHOLDERS = (TODAY, SOON)


def service_name(service: LocalService, or_word: str, language: str = ENGLISH) -> str:
    """ "116 117 or 15", "SNS 24 (808 24 24 24)", "NHS 111" (a name that holds its number),
    "811 (in most provinces and territories)"; a service with no one number is its name in
    `language` ("the on-call doctor service of your canton")."""
    name = service.name_in(language)
    numbers = list(service.numbers)
    if not numbers:
        return name or ""  # the loader refuses a service with neither
    joined = (
        numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} {or_word} {numbers[-1]}"
    )
    if name is None:
        return joined
    if all(number in name for number in numbers):
        return name
    return f"{name} ({joined})"


def fill_local_services(
    text: str,
    messages: Mapping[str, str],
    services: Mapping[str, LocalService],
    region: str | None,
    or_word: str,
    language: str = ENGLISH,
) -> str:
    """`text` with {local_service_today} and {local_service_soon} said for `region`, in
    `language` (the name of a service that is said differently in each)."""
    found = services.get(region) if region is not None else None
    for key in PLACEHOLDERS:
        placeholder = "{" + key + "}"
        if placeholder not in text:
            continue
        service = None if found is None or (key == SOON and not found.soon) else found
        if service is None:
            sentence = messages[key + NONE_SUFFIX]
        else:
            sentence = messages[key].replace(
                "{service}", f"<b>{escape(service_name(service, or_word, language))}</b>"
            )
        text = text.replace(placeholder, sentence)
    return text
