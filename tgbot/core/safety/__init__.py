"""Typed red flags: emergency signs, thoughts of suicide or self-harm, and out-of-scope
questions, recognised in free text from phrase lists in content/phrases/ (one file per language).

Pure: nothing here imports telegram, storage or handlers.
"""

from tgbot.core.safety.loader import load_safety
from tgbot.core.safety.matching import Match, normalise, scan
from tgbot.core.safety.models import CrisisLine, PhraseGroup, PhraseSet, SafetyData
from tgbot.core.safety.render import (
    in_language,
    render_crisis,
    render_out_of_scope,
    render_typed_emergency,
)

__all__ = [
    "CrisisLine",
    "Match",
    "PhraseGroup",
    "PhraseSet",
    "SafetyData",
    "in_language",
    "load_safety",
    "normalise",
    "render_crisis",
    "render_out_of_scope",
    "render_typed_emergency",
    "scan",
]
