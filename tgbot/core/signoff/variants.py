"""A regional variant on the review page and in the report: a language of its own, whose
page lists only the texts it changes (each read against English); every other text is its
base language's, inherited unchanged and signed there. Pure."""

from __future__ import annotations

from tgbot.core.signoff.model import ENGLISH


def variant_base(code: str) -> str | None:
    """ "pt" of the variant "pt-PT"; None for a language."""
    base = code.split("-")[0]
    return None if base == code else base


def inherited_note(code: str, own_texts: int) -> str | None:
    """What a variant's page says about the texts it does not list (plain text)."""
    base = variant_base(code)
    if base is None:
        return None
    where = "the English source" if base == ENGLISH else f"{base}, and are signed on its page"
    return (
        f"{code} is a regional variant of {base}: the {own_texts} texts it changes are listed"
        f" here, each beside the English one. Every other text is inherited unchanged from"
        f" {where}."
    )
