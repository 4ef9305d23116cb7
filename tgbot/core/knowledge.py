"""Everything the bot knows, loaded from content/ as one validated unit: topics, sources,
messages and triage flows, cross-checked against each other. Pure: no Telegram, no storage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

from tgbot.core.asking import Asking
from tgbot.core.asking.checks import load_checked_asking
from tgbot.core.content import ContentStore, content_summary, load_content
from tgbot.core.content.language_file import LanguageInfo
from tgbot.core.content.loader import load_sources
from tgbot.core.content.locales import ENGLISH, Locale, base_language, content_languages
from tgbot.core.content.models import DetailRule, DurationRule
from tgbot.core.content.problems import ContentError, Problems
from tgbot.core.content.translations import read_language, translation_problems
from tgbot.core.content.variants import resolve_language
from tgbot.core.popups import popup_problems
from tgbot.core.release import Release, load_release
from tgbot.core.safety import SafetyData, load_safety
from tgbot.core.safety.models import LocalService
from tgbot.core.safety.numbers import RegionNumbers, load_numbers
from tgbot.core.signoff import Coverage, SignoffError, signed_status
from tgbot.core.triage import TriageData, load_triage, missing_tip_ids
from tgbot.core.triage.fitting import (
    NO_RULES,
    ResultRules,
    load_result_rules,
)
from tgbot.core.triage.models import EmergencyNumbers

EXIT_OK = 0
EXIT_INVALID = 2


@dataclass(frozen=True)
class Knowledge:
    content: ContentStore
    triage: TriageData
    release: Release
    safety: SafetyData
    results: ResultRules = field(default=NO_RULES)
    """Which lines of a result fit the answers (content/results.yaml)."""
    language: LanguageInfo | None = None
    """Who wrote these texts and whether a clinician has reviewed them (language.yaml)."""
    asking: Asking | None = None
    """How a typed question is read beyond its topic (content/asking/)."""
    local_services: Mapping[str, LocalService] = field(default_factory=dict)
    """Region code -> where to get help today when one's own doctor cannot (content/numbers)."""

    @property
    def code(self) -> str:
        return ENGLISH if self.language is None else self.language.code

    @property
    def base(self) -> str:
        """The language of a regional variant ("pt" of "pt-PT"); a language is its own."""
        return ENGLISH if self.language is None else self.language.base


@dataclass(frozen=True)
class Library:
    """Everything the bot knows, in each language it speaks; English always among them."""

    by_language: Mapping[str, Knowledge]

    @property
    def english(self) -> Knowledge:
        return self.by_language[ENGLISH]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages, without their regional variants (typed-text detection, menus)."""
        return tuple(code for code in self.by_language if "-" not in code)

    @property
    def offered(self) -> tuple[str, ...]:
        """Every language and regional variant, each language followed by its variants."""
        return tuple(self.by_language)

    def resolve(self, language: str | None) -> str | None:
        """The content language a code or Telegram tag chooses ("pt-pt" -> "pt-PT", "es-mx"
        -> "es-419", "pt-br" -> "pt"), None when the bot lacks it."""
        regions = {
            code: k.language.regions if k.language is not None else ()
            for code, k in self.by_language.items()
        }
        return resolve_language(language, regions)

    def get(self, language: str | None) -> Knowledge:
        """The knowledge in `language` (a code or a tag like "pt-BR"); English if unknown."""
        return self.by_language.get(self.resolve(language) or "", self.english)

    def speaks(self, language: str | None) -> bool:
        return self.resolve(language) is not None


def primary_language(tag: str | None) -> str | None:
    """ "pt" of "pt-BR" (or "pt_br"); None for no tag."""
    if not tag or not tag.strip():
        return None
    return tag.strip().lower().replace("_", "-").split("-")[0]


def load_library(root: Path) -> Library:
    """Every language of content/, each checked against English; all problems at once."""
    errors: list[str] = []
    loaded: dict[str, Knowledge] = {}
    numbers: RegionNumbers | None = None
    # One safety net for every language: it reads every message in all of them.
    safety_errors: list[str] = []
    try:
        safety: SafetyData | None = _load_safety(root)
    except ContentError as error:
        safety_errors = error.errors
        safety = None
    for language in content_languages(root):
        if safety is None:
            # Still say what else is wrong, in every language: all problems at once.
            if language != ENGLISH:
                errors.extend(translation_problems(root, language))
            try:
                load_content(root, language=language)
            except ContentError as error:
                errors.extend(error.errors)
            continue
        try:
            knowledge = load_knowledge(root, language, safety)
        except ContentError as error:
            errors.extend(error.errors)
            continue
        loaded[language] = knowledge
    # The content's own problems first: a missing folder is named before what it holds.
    errors += safety_errors
    if errors:
        raise ContentError(errors)
    numbers = _load_region_numbers(root, loaded[ENGLISH])
    table = _numbers_table(loaded, numbers)
    return Library(
        MappingProxyType({code: _with_numbers(k, table, numbers) for code, k in loaded.items()})
    )


def _load_safety(root: Path) -> SafetyData:
    try:
        known: set[str] | None = set(load_sources(root))
    except ContentError:
        known = None  # the content's own load names what is wrong with its sources
    return load_safety(root, known_source_ids=known)


def load_knowledge(
    root: Path, language: str = ENGLISH, safety: SafetyData | None = None
) -> Knowledge:
    """The knowledge in one language, without the emergency numbers of the other languages
    (load_library joins them; alone, a language knows its own and the countries')."""
    # The shape against English first, then the same checks as English (HTML, lengths,
    # sources) on the texts laid over it: every problem in one report.
    problems = [] if language == ENGLISH else translation_problems(root, language)
    # A broken language.yaml is reported by load_content, with every other problem.
    info = read_language(Locale(root, language), Problems())
    if info is not None and language != ENGLISH:
        try:
            cover, signers = signed_status(root, language)
            # Clinically reviewed only when every safety-critical text is signed and current:
            # language.yaml cannot say so by itself. A variant signs only its own texts; the
            # ones it inherits are as reviewed as its base language's.
            reviewed = (
                _own_texts_signed(cover) and _base_reviewed(root, language)
                if Locale(root, language).is_variant
                else cover.clinically_reviewed
            )
            info = replace(
                info, reviewed=reviewed, reviewed_by=signers if reviewed else (), signoff=cover
            )
        except SignoffError as error:
            problems.append(str(error))
    try:
        knowledge = _load_one(root, language, info, safety)
    except ContentError as error:
        raise ContentError([*problems, *error.errors]) from None
    if problems:
        raise ContentError(problems)
    numbers = _load_region_numbers(root, knowledge)
    return _with_numbers(knowledge, _numbers_table({language: knowledge}, numbers), numbers)


def _own_texts_signed(cover: Coverage) -> bool:
    """A variant's own safety-critical texts all signed and current (it may have none)."""
    return cover.critical.signed == cover.critical.total


def _base_reviewed(root: Path, language: str) -> bool:
    base = Locale(root, language).base
    if base in (language, ENGLISH):
        return True
    return signed_status(root, base)[0].clinically_reviewed


def _load_region_numbers(root: Path, knowledge: Knowledge) -> RegionNumbers:
    return load_numbers(root, set(knowledge.content.sources))


def _numbers_table(loaded: Mapping[str, Knowledge], numbers: RegionNumbers) -> EmergencyNumbers:
    """Regions from content/numbers; each language of the bot its own fallback; English's
    fallback is the default for a language the bot does not speak and the table leaves out."""
    any_knowledge = next(iter(loaded.values()))
    base = any_knowledge.triage.texts.numbers
    own = {
        code: k.language.fallback_numbers
        for code, k in loaded.items()
        if k.language is not None and code != ENGLISH and "-" not in code
    }
    english = loaded.get(ENGLISH)
    default = (
        english.language.fallback_numbers
        if english is not None and english.language is not None
        else next(iter(own.values()), ())
    )
    known = {n for region in numbers.emergency.values() for n in region}
    unsourced = sorted(
        f"{code}: {n}"
        for code, nums in {**own, ENGLISH: default}.items()
        for n in nums
        if n not in known
    )
    if unsourced:
        raise ContentError(
            [
                f"language.yaml: fallback_numbers: {item} is no number of content/numbers/"
                for item in unsourced
            ]
        )
    return EmergencyNumbers(
        default=default,
        regions=numbers.emergency,
        languages=MappingProxyType({**base.languages, **own}),
    )


def _with_numbers(
    knowledge: Knowledge, table: EmergencyNumbers, numbers: RegionNumbers
) -> Knowledge:
    triage = replace(knowledge.triage, texts=replace(knowledge.triage.texts, numbers=table))
    safety = replace(
        knowledge.safety,
        crisis_lines=numbers.crisis_lines,
        second_crisis_lines=numbers.second_crisis_lines,
    )
    return replace(knowledge, triage=triage, safety=safety, local_services=numbers.local_services)


def _load_one(
    root: Path, language: str, info: LanguageInfo | None, safety: SafetyData | None
) -> Knowledge:
    content = load_content(root, language=language)
    release = load_release(root)
    triage = load_triage(root, known_source_ids=set(content.sources), language=language)
    safety = safety or _load_safety(root)
    orphans = [f.id for f in triage.flows.values() if f.topic not in content.topics]
    if orphans:
        raise ContentError(
            [f"flows/{f}.yaml: topic: not a topic in content/topics" for f in orphans]
        )
    missing = missing_tip_ids(
        triage.flows, {topic_id: set(t.tips) for topic_id, t in content.topics.items()}
    )
    if missing:
        raise ContentError([f"flows: tip id has no text in its topic: {m}" for m in missing])
    unknown = _unknown_detail_answers(content, triage)
    if unknown:
        raise ContentError(unknown)
    too_long = popup_problems(content, triage, language)
    if too_long:
        raise ContentError(too_long)
    results = load_result_rules(root, triage.flows, language)
    return Knowledge(
        content=content,
        triage=triage,
        release=release,
        safety=safety,
        results=results,
        language=info,
        # A regional variant reads questions with its base language's words.
        asking=load_checked_asking(root, base_language(language), content),
    )


def _unknown_detail_answers(content: ContentStore, triage: TriageData) -> list[str]:
    """A `details` or `durations` rule of questions/<topic>.yaml must name an answer that the
    topic's check really has, or the offer it makes could never show."""
    errors = []
    for topic_id, entry in content.questions.items():
        flows = [flow for flow in triage.flows.values() if flow.topic == topic_id]
        rules: list[DetailRule | DurationRule] = [*entry.details, *entry.durations]
        for rule in rules:
            known = any(
                (question := flow.question(rule.question)) is not None
                and question.option(rule.option) is not None
                for flow in flows
            )
            if not known:
                errors.append(
                    f"questions/{topic_id}.yaml: no answer {rule.option!r} to question "
                    f"{rule.question!r} in the {topic_id} check"
                )
    return errors


def knowledge_summary(knowledge: Knowledge) -> str:
    release = knowledge.release
    lines = [content_summary(knowledge.content)]
    for flow in knowledge.triage.flows.values():
        options = sum(len(q.options) for q in flow.questions)
        lines.append(f"flow {flow.id}: {len(flow.questions)} questions, {options} options")
    lines.append(
        f"release {release.version} of {release.date}, reviewed by {', '.join(release.reviewed_by)}"
    )
    for phrase_set in knowledge.safety.phrase_sets.values():
        phrases = sum(len(g.patterns) for g in phrase_set.groups)
        lines.append(
            f"phrases {phrase_set.language}: {len(phrase_set.groups)} groups, {phrases} phrases"
        )
    net = knowledge.safety.net
    lines.append(
        f"safety net: {len(net.rules.rules)} rules over {len(net.rules.concepts)} concepts, "
        f"{len(net.rules.asks)} asks; words in {', '.join(net.languages)}"
    )
    return "\n".join(lines)


def library_summary(library: Library) -> str:
    """English in full, then one line per other language: how much it covers, its review."""
    lines = [knowledge_summary(library.english)]
    english_texts = _text_count(library.english)
    for code, knowledge in library.by_language.items():
        info = knowledge.language
        if code == ENGLISH or info is None:
            continue
        review = (
            f"reviewed by {', '.join(info.reviewed_by)}"
            if info.reviewed and info.reviewed_by
            else "reviewed (no safety-critical text of its own)"
            if info.reviewed
            else "NOT reviewed by a clinician"
        )
        count = _text_count(knowledge)
        if info.base != code:
            own = info.signoff.all.total if info.signoff is not None else 0
            lines.append(
                f"language {code}: a variant of {info.base}, {own} texts of its own, the rest"
                f" inherited; {review}"
            )
        else:
            lines.append(f"language {code}: {count} of {english_texts} texts, {review}")
        if info.signoff is not None:
            lines.append(info.signoff.line())
    return "\n".join(lines)


def _text_count(knowledge: Knowledge) -> int:
    content = knowledge.content
    return (
        len(content.messages)
        + sum(len(t.sections) + len(t.tips) for t in content.topics.values())
        + sum(len(e.questions) for e in content.questions.values())
        + sum(1 + len(q.options) for f in knowledge.triage.flows.values() for q in f.questions)
    )


def check_knowledge(root: Path) -> tuple[int, str]:
    """For ``python bot.py content check``: (0, summary) or (2, one error per line), every
    language checked like English."""
    try:
        library = load_library(root)
    except ContentError as error:
        return EXIT_INVALID, "\n".join(error.errors)
    stale = library.english.safety.stale_forms
    if stale:
        return EXIT_INVALID, "\n".join(
            f"safety/forms/{language}.txt: made for other word lists than safety/{language}.yaml:"
            " run python bot.py safety forms"
            for language in stale
        )
    return EXIT_OK, library_summary(library)
