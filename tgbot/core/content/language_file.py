"""content/language.yaml (English) and content/locales/<code>/language.yaml: who made a
language's texts, whether a clinician has reviewed them, and how its typed messages are read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError

from tgbot.core.content import fields
from tgbot.core.content.problems import Where
from tgbot.core.content.wording import TIME_UNITS, Wording, fold

if TYPE_CHECKING:
    from tgbot.core.signoff import Coverage

REQUIRED = (
    "language", "translated_by", "clinical_review", "fallback_numbers", "small_words",
    "lookalike_words", "number_words", "time_units",
)  # fmt: skip
OPTIONAL = ("date_locale", "regions")
REVIEW_FIELDS = ("reviewed", "by", "date")


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    translated_by: str
    reviewed: bool
    """Whether a clinician has checked this language's texts against the English: every
    safety-critical text signed and current in signoff.yaml (tgbot/core/signoff/)."""
    reviewed_by: tuple[str, ...]
    review_date: str | None
    fallback_numbers: tuple[str, ...]
    """The numbers to name when Telegram gives this language without a country."""
    wording: Wording
    date_locale: str
    """How dates are written when Telegram gives no country (a CLDR locale, e.g. en_GB)."""
    signoff: Coverage | None = None
    """The clinician's sign-off, text by text (None for English, the source)."""
    regions: tuple[str, ...] = ()
    """A regional variant's countries (region codes as Telegram reports them: "pt" of pt-PT);
    empty for a language."""

    @property
    def base(self) -> str:
        """The language a variant is of ("pt" of "pt-PT"); a language is its own base."""
        return self.code.split("-")[0]


def parse_language(document: object, where: Where, code: str) -> LanguageInfo | None:
    values = fields.mapping(document, where, required=REQUIRED, optional=OPTIONAL)
    if values is None:
        return None
    if values["language"] != code:
        where.child("language").error(f"must be {code!r}, the name of its folder")
    translated_by = fields.text(values["translated_by"], where.child("translated_by"))
    review = fields.mapping(
        values["clinical_review"], where.child("clinical_review"), required=REVIEW_FIELDS
    )
    numbers = _texts(values["fallback_numbers"], where.child("fallback_numbers"))
    small = _texts(values["small_words"], where.child("small_words"), allow_empty=True)
    lookalikes = _texts(values["lookalike_words"], where.child("lookalike_words"), True)
    number_words = _number_words(values["number_words"], where.child("number_words"))
    units = _time_units(values["time_units"], where.child("time_units"))
    if (
        translated_by is None
        or review is None
        or numbers is None
        or small is None
        or lookalikes is None
        or number_words is None
        or units is None
    ):
        return None
    reviewed = review["reviewed"]
    if not isinstance(reviewed, bool):
        where.child("clinical_review").child("reviewed").error("expected true or false")
        return None
    reviewers = _texts(review["by"] or [], where.child("clinical_review").child("by"), True)
    if reviewed and not reviewers:
        where.child("clinical_review").child("by").error("name who reviewed it")
    date = review["date"]
    base = code.split("-")[0]
    regions = _regions(values.get("regions"), where.child("regions"), is_variant=base != code)
    date_locale = values.get("date_locale") or code
    if not isinstance(date_locale, str) or not _is_cldr_locale(date_locale, base):
        where.child("date_locale" if "date_locale" in values else "language").error(
            f"expected a CLDR locale of {code!r} that Babel knows, like {code} or {code}_XX"
        )
        return None
    return LanguageInfo(
        code=code,
        translated_by=translated_by,
        reviewed=reviewed,
        reviewed_by=tuple(reviewers or ()),
        review_date=None if date is None else str(date),
        fallback_numbers=tuple(numbers),
        date_locale=date_locale,
        regions=regions,
        wording=Wording(
            language=base,
            small_words=frozenset(fold(w) for w in small),
            lookalike_words=frozenset(fold(w) for w in lookalikes),
            number_words=number_words,
            time_units=units,
        ),
    )


def _is_cldr_locale(name: str, code: str) -> bool:
    try:
        return Locale.parse(name).language == code
    except (ValueError, UnknownLocaleError):
        return False


def _regions(value: object, where: Where, is_variant: bool) -> tuple[str, ...]:
    """A variant's countries: lower-case region codes, at least one."""
    if not is_variant:
        if value is not None:
            where.error("only a regional variant (a folder like pt-PT) names its countries")
        return ()
    codes = _texts(value, where) or []
    bad = [c for c in codes if not (len(c) == 2 and c.isalpha() and c.islower())]
    for code in bad:
        where.error(f"{code!r} is not a lower-case region code like 'pt' or 'mx'")
    return tuple(c for c in codes if c not in bad)


def _texts(value: object, where: Where, allow_empty: bool = False) -> list[str] | None:
    if not isinstance(value, list) or (not value and not allow_empty):
        where.error("expected a list of texts")
        return None
    texts = [fields.text(item, where.item(index)) for index, item in enumerate(value)]
    return None if None in texts else [t for t in texts if t is not None]


def _number_words(value: object, where: Where) -> dict[str, int] | None:
    entries = fields.string_keyed(value, where)
    if entries is None:
        return None
    words: dict[str, int] = {}
    for word, amount in entries.items():
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
            where.child(word).error("expected a whole number of 1 or more")
            return None
        words[" ".join(fold(word).split())] = amount
    return words


def _time_units(value: object, where: Where) -> dict[str, tuple[str, ...]] | None:
    entries = fields.mapping(value, where, required=TIME_UNITS)
    if entries is None:
        return None
    units: dict[str, tuple[str, ...]] = {}
    for unit in TIME_UNITS:
        forms = _texts(entries[unit], where.child(unit))
        if forms is None:
            return None
        units[unit] = tuple(fold(form) for form in forms)
    return units
