"""A pop-up is measured as Telegram gets it: the "Why this question?" text with its sources,
in every language, against Telegram's 200 characters; one too long fails the content check."""

from __future__ import annotations

import shutil
from pathlib import Path

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.render import SourceLabels
from tgbot.core.knowledge import EXIT_INVALID, Library, check_knowledge
from tgbot.core.popups import MAX_POPUP_LENGTH, popup_length, why_popup

SPANISH_SPASM = Path("locales") / "es" / "flows" / "spasm.yaml"
# 149 characters: under the 150 a why text may have alone, 204 with its two sources.
TOO_LONG_WITH_SOURCES = (
    "La debilidad, las contracciones o el hormigueo en los labios con calambres pueden indicar"
    " un problema de nervios o de minerales. Necesitan un médico."
)


def test_the_pop_up_is_the_why_text_then_its_publishers_in_the_language(
    library: Library,
) -> None:
    spanish = library.get("es")
    question = spanish.triage.flows["spasm"].question("other_symptoms")
    assert question is not None
    labels = SourceLabels.from_messages(spanish.content.messages, "es")
    sent = why_popup(question, spanish.content.sources, labels)
    assert sent == (
        "Calambres con debilidad, contracciones u hormigueo en los labios pueden indicar un"
        " problema de nervios o minerales. Consulta a un médico.\n\n"
        "Fuentes: Merck Manual (consumer version), NIH / NICHD"
    )
    assert popup_length(sent) == 192 <= MAX_POPUP_LENGTH
    english = library.english.triage.flows["twitch"].question("duration")
    assert english is not None
    one = why_popup(english, library.english.content.sources, SourceLabels())
    assert one.endswith("\n\nSource: NHS")


def test_a_pop_up_too_long_with_its_sources_fails_the_check(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    spasm = content / SPANISH_SPASM
    text = spasm.read_text(encoding="utf-8")
    shown = (
        "Calambres con debilidad, contracciones u hormigueo en los labios pueden indicar un"
        " problema de nervios o minerales. Consulta a un médico."
    )
    assert text.count(shown) == 1
    assert len(TOO_LONG_WITH_SOURCES) <= 150
    spasm.write_text(text.replace(shown, TOO_LONG_WITH_SOURCES), encoding="utf-8")
    code, report = check_knowledge(content)
    assert code == EXIT_INVALID
    # Latin American Spanish says it in its own words (usted), so only Spain's is too long.
    assert report.splitlines() == [
        "locales/es/flows/spasm.yaml: other_symptoms.why: the pop-up as sent (text and"
        " sources) is 204 characters; Telegram shows at most 200"
    ]
