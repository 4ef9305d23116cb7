"""A regional variant's answers to typed messages: content/locales/<variant>/phrases.yaml holds
the texts of its base language's content/phrases/<base>.yaml that it says otherwise (es-419
says usted where Spain's Spanish says tú), laid over that file. What finds a message is the
base language's (a variant reads typed messages as its base does): an out-of-scope group's
phrases and the countries whose crisis lines it names cannot be given here. Pure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tgbot.core.content.overlay import OverlayResult, overlay

VARIANT_PHRASES = "phrases.yaml"
PHRASES_FOLDER = "phrases"
_READ_AS_BASE = frozenset({"phrases", "crisis_countries"})


def base_phrases_path(root: Path, variant: str) -> Path:
    """content/phrases/es.yaml for the variant es-419."""
    return root / PHRASES_FOLDER / f"{variant.split('-')[0]}.yaml"


def overlay_phrases(base: object, own: object) -> OverlayResult:
    """The base language's phrases document with the variant's texts; `problems` as for any
    variant file, and any field that would change how a message is read."""
    result = overlay(base, own, partial=True)
    result.problems.extend(_read_as_base(own, ""))
    return result


def _read_as_base(node: object, path: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else str(key)
            if key in _READ_AS_BASE:
                yield f"{where}: a variant reads typed messages as its base language; texts only"
            else:
                yield from _read_as_base(value, where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            label = item.get("id", index) if isinstance(item, dict) else index
            yield from _read_as_base(item, f"{path}[{label}]")
