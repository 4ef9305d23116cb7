"""Regional variants as overlays (issue 28): which content language a Telegram tag chooses,
a variant holding only the texts that differ, `content check` refusing what its base lacks,
and a new variant added with content alone."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from tgbot.cli.main import main
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.variants import resolve_language
from tgbot.core.knowledge import Knowledge, Library, load_knowledge
from tgbot.core.safety.models import Kind
from tgbot.core.signoff import Category, review_texts
from tgbot.core.signoff.variants import inherited_note
from tgbot.core.triage import Level

REGIONS = {
    "en": (),
    "en-US": ("us",),
    "es": (),
    "es-419": ("mx", "ar", "co"),
    "pt": (),
    "pt-PT": ("pt",),
    "de": (),
    "de-AT": ("at",),
}


@pytest.mark.parametrize(
    ("tag", "chosen"),
    [
        ("pt-pt", "pt-PT"),  # Telegram writes tags in lower case
        ("pt-PT", "pt-PT"),  # a stored choice
        ("pt_PT", "pt-PT"),
        ("pt-br", "pt"),  # Brazilian Portuguese is the default
        ("pt", "pt"),
        ("es-mx", "es-419"),
        ("es-419", "es-419"),
        ("es-es", "es"),
        ("en-us", "en-US"),
        ("en-gb", "en"),
        ("de-at", "de-AT"),
        ("de-ch", "de"),  # no de-CH in this table
        ("it-it", None),
        (None, None),
        ("", None),
    ],
)
def test_a_tag_chooses_the_variant_of_its_country(tag: str | None, chosen: str | None) -> None:
    assert resolve_language(tag, REGIONS) == chosen


def test_every_variant_is_offered_and_chosen_by_its_countries(library: Library) -> None:
    offered = library.offered
    for variant in ("en-US", "pt-PT", "es-419", "de-AT", "de-CH", "fr-BE", "fr-CA"):
        assert variant in offered
        assert variant not in library.languages  # menus and detection use the languages
        info = library.by_language[variant].language
        assert info is not None
        for region in info.regions:
            assert library.resolve(f"{variant.split('-')[0]}-{region}") == variant
    assert offered.index("pt") < offered.index("pt-PT")


def test_a_variant_inherits_every_text_it_does_not_change(library: Library) -> None:
    english, american = library.english, library.by_language["en-US"]
    assert american.content.messages["welcome"] == english.content.messages["welcome"]
    assert american.content.topics["twitch"].sections["als"].title == "Is it ALS?"
    assert "MND" in english.content.topics["twitch"].sections["als"].html
    brazilian, european = library.by_language["pt"], library.by_language["pt-PT"]
    assert european.triage.texts.emergency.dont_drive.startswith("Não conduza")
    assert brazilian.triage.texts.emergency.dont_drive.startswith("Não dirija")
    assert european.triage.texts.emergency.footer == brazilian.triage.texts.emergency.footer
    # Dates as the variant writes them; typed messages read as its language reads them.
    assert european.language is not None
    assert european.language.date_locale == "pt_PT"
    assert european.language.wording.language == "pt"


def test_a_variant_is_signed_off_as_a_language_of_its_own() -> None:
    texts = review_texts(DEFAULT_CONTENT_DIR, "pt-PT")
    ids = {t.id for t in texts}
    assert "triage.yaml#emergency.dont_drive" in ids
    assert "numbers/pt.yaml" in ids  # the numbers of its country
    assert not any(i.startswith(("phrases/", "safety/")) for i in ids)  # its language's
    dont_drive = next(t for t in texts if t.id == "triage.yaml#emergency.dont_drive")
    assert dont_drive.english.startswith("Do not drive")  # read against English
    assert dont_drive.category is Category.EMERGENCY_OUTCOMES
    note = inherited_note("pt-PT", len(texts))
    assert note is not None
    assert f"the {len(texts)} texts it changes" in note
    assert "inherited unchanged from pt" in note
    assert inherited_note("pt", 10) is None


def copy_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    return content


def test_a_new_variant_is_content_only(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    folder = content / "locales" / "fr-LU"
    folder.mkdir()
    (folder / "language.yaml").write_text(
        "language: fr-LU\ntranslated_by: Test\nregions: [lu]\n", encoding="utf-8"
    )
    (folder / "messages.yaml").write_text(
        "local_service_soon_none: Sans médecin à vous, une maison médicale vous reçoit.\n",
        encoding="utf-8",
    )
    knowledge = load_knowledge(content, "fr-LU")
    assert knowledge.code == "fr-LU"
    assert knowledge.content.messages["local_service_soon_none"].startswith("Sans médecin")
    french = load_knowledge(content, "fr")
    assert knowledge.content.messages["welcome"] == french.content.messages["welcome"]
    regions = {"fr": (), "fr-LU": knowledge.language.regions if knowledge.language else ()}
    assert resolve_language("fr-lu", regions) == "fr-LU"


def test_content_check_refuses_an_overlay_key_its_base_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path)
    folder = content / "locales" / "pt-PT"
    with (folder / "messages.yaml").open("a", encoding="utf-8") as file:
        file.write("no_such_text: Isto não existe em português.\n")
    (folder / "flows" / "spasm.yaml").write_text(
        "questions:\n  - id: location\n    kind: multi\n", encoding="utf-8"
    )
    with (folder / "language.yaml").open("a", encoding="utf-8") as file:
        file.write("small_words: [o]\n")
    assert main(["content", "check", "--content", str(content)]) == 2
    out = capsys.readouterr()
    report = out.out + out.err
    assert "locales/pt-PT/messages.yaml: no_such_text: not in the English file" in report
    assert "locales/pt-PT/flows/spasm.yaml: questions[location].kind: a clinical field" in report
    assert "locales/pt-PT/language.yaml" in report
    assert "small_words" in report


# Forms a reader in Portugal takes for Brazilian, each with a Brazilian text of the base
# language that has it: European Portuguese must have none of them anywhere the user reads.
BRAZILIAN_ONLY = {
    "você": r"\bvocês?\b",
    "gerund after estar": r"\b(?:está|estão|estou|estava|estiver)\s+\w+ndo\b",
    "panturrilha": r"\bpanturrilhas?\b",
    "remédio": r"\bremédios?\b",
    "equipe": r"\bequipe\b",
    "registro/registrar": r"\bregistr\w*",
    "arquivo": r"\barquivo\b",
    "usuário": r"\busuário\b",
    "dirigir (to drive)": r"\bnão dirija\b",  # "dirija-se ao centro de saúde" is European
    "pronto atendimento": r"\bpronto[ -](?:atendimento|socorro)\b",
    "posto de saúde": r"\bposto\b",
    "estresse": r"\bestresse\b",
    "fala enrolada": r"\bfala enrolada\b",
    "formigamento": r"\bformigamento\b",
    "tireoide": r"\btireoide\b",
    "vômito": r"\bvômitos?\b",
    "estrogênio/neurônio": r"\b(?:estrogênio|neurônio)\b",
}
# Lists of matching words are the base language's own (typed messages are read as it reads them).
_MATCHING_WORDS = {"synonyms", "asked", "said", "phrases", "sources", "wording", "warnings"}


def _texts(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every text of a loaded language, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif is_dataclass(value) and not isinstance(value, type):
        for item in fields(value):
            if item.init and item.name not in _MATCHING_WORDS:
                yield from _texts(getattr(value, item.name), f"{path}.{item.name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not str(key).endswith("_phrases"):
                yield from _texts(item, f"{path}[{key}]")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


def _brazilian_forms(knowledge: Knowledge) -> dict[str, list[str]]:
    read = [*_texts(knowledge.content, "content"), *_texts(knowledge.triage, "triage")]
    return {
        name: [where for where, text in read if re.search(pattern, text, re.IGNORECASE)]
        for name, pattern in BRAZILIAN_ONLY.items()
    }


def test_european_portuguese_has_none_of_the_brazilian_forms_its_base_has(
    library: Library,
) -> None:
    brazilian = _brazilian_forms(library.by_language["pt"])
    assert [name for name, found in brazilian.items() if not found] == []  # each is in pt
    european = _brazilian_forms(library.by_language["pt-PT"])
    assert {name: found for name, found in european.items() if found} == {}


def test_european_portuguese_uses_portugals_words_and_services(library: Library) -> None:
    european, brazilian = library.by_language["pt-PT"], library.by_language["pt"]
    twitch = european.triage.flows["twitch"]
    spasm = european.triage.flows["spasm"]
    labels = {o.id: o.label for q in spasm.questions for o in q.options if q.id == "location"}
    assert "Barriga da perna" in labels["calf_foot"]
    assert "Panturrilha" in next(
        o.label for q in brazilian.triage.flows["spasm"].questions for o in q.options
        if o.id == "calf_foot"
    )  # fmt: skip
    emergency_question = next(q for q in twitch.questions if q.id == "emergency_signs")
    assert "está a acontecer" in emergency_question.text
    assert "boca ao lado" in emergency_question.text
    assert "centro de saúde" in twitch.outcomes[Level.URGENT].text
    assert "médico de família" in twitch.outcomes[Level.DOCTOR].text
    messages = european.content.messages
    assert "ficheiro" in messages["mydata_file_caption"]
    assert "utilizador" in messages["privacy"]
    assert "Registar" in messages["button_log_today"]
    # Trombose means a stroke to many in Portugal: the clot in the leg is named in full.
    swollen = next(o for q in spasm.questions for o in q.options if o.id == "swollen_one_leg")
    assert "trombose venosa profunda" in (swollen.reason or "")


def test_a_variant_may_answer_typed_messages_in_its_own_words(library: Library) -> None:
    """es-419 says usted where Spain's Spanish says tú, in the crisis answer too; what finds a
    typed message stays Spanish's, and each of its own answers is signed on its own page."""
    safety = library.get("es-419").safety
    latin_american, spanish = safety.variant_sets["es-419"], safety.phrase_sets["es"]
    crisis = next(g for g in latin_american.groups if g.kind is Kind.CRISIS)
    assert "No tiene que pasar por esto sin ayuda." in crisis.text
    assert "No tienes que pasar" in next(g for g in spanish.groups if g.kind is Kind.CRISIS).text
    assert latin_american.talk_to_line.startswith("Puede hablar")
    assert [g.patterns for g in latin_american.groups] == [g.patterns for g in spanish.groups]
    assert latin_american.crisis_countries == spanish.crisis_countries
    assert "es-419" not in safety.phrase_sets  # a typed message is read once, as Spanish
    assert "de-AT" not in safety.variant_sets  # a variant without its own answers: the base's
    texts = {t.id: t for t in review_texts(DEFAULT_CONTENT_DIR, "es-419")}
    own_crisis = texts["phrases.yaml#groups[suicide_self_harm].text"]
    assert own_crisis.category is Category.CRISIS
    assert own_crisis.english.startswith("💙")
    assert texts["phrases.yaml#groups[stroke].text"].category is Category.EMERGENCY_OUTCOMES
    # The asks after an unclear typed message are emergency questions, signed like the checks'.
    ask = texts["phrases.yaml#asks.seizure.question"]
    assert ask.category is Category.EMERGENCY_QUESTIONS
    assert "llame ya" in ask.translated


def test_content_check_refuses_a_variant_changing_how_typed_messages_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path)
    with (content / "locales" / "es-419" / "phrases.yaml").open("a", encoding="utf-8") as file:
        file.write("crisis_countries: [mx]\nno_such_text: Esto no existe en español.\n")
    assert main(["content", "check", "--content", str(content)]) == 2
    out = capsys.readouterr()
    report = out.out + out.err
    assert "locales/es-419/phrases.yaml: crisis_countries: a variant reads typed messages" in report
    assert "locales/es-419/phrases.yaml: no_such_text: not in the English file" in report
