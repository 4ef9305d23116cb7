"""The typed-message safety net: emergency signs, thoughts of suicide or self-harm, and
out-of-scope questions, recognised in free text.

What a message means is read by the net (tgbot/core/safety/net.py) from the concepts and rules
of content/safety/; the answers are the texts of content/phrases/ (one file per language).
Pure: nothing here imports telegram, storage or handlers.
"""

from tgbot.core.safety.loader import load_safety
from tgbot.core.safety.matching import Match, normalise, scan
from tgbot.core.safety.models import AskTexts, CrisisLine, PhraseGroup, PhraseSet, SafetyData
from tgbot.core.safety.net import Reading, SafetyNet
from tgbot.core.safety.render import (
    crisis_group,
    groups_named,
    render_crisis,
    render_crisis_lines,
    render_out_of_scope,
    render_typed_emergency,
    with_safety_line,
)

__all__ = [
    "AskTexts",
    "CrisisLine",
    "Match",
    "PhraseGroup",
    "PhraseSet",
    "Reading",
    "SafetyData",
    "SafetyNet",
    "crisis_group",
    "groups_named",
    "load_safety",
    "normalise",
    "render_crisis",
    "render_crisis_lines",
    "render_out_of_scope",
    "render_typed_emergency",
    "scan",
    "with_safety_line",
]
