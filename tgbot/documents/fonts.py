"""The PDF's fonts: DejaVu Sans (the faces matplotlib ships) cut down to the scripts the bot's
languages use, shipped in tgbot/documents/fonts/.

The subsets (Latin with every accent, Greek and Cyrillic, ~1,250 glyphs, no glyph names, no
layout tables) parse several times faster than the full DejaVu Sans (6,000 glyphs), which
ReportLab does once per process (``registered``). A text with a character outside them gets
the full faces, so nothing ever prints as a blank box.

``python -m tgbot.documents.fonts`` makes the subsets again from the installed matplotlib.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

FOLDER = Path(__file__).parent / "fonts"
FACES = {"": "DejaVuSans", "B": "DejaVuSans-Bold"}
"""style ("" or "B" for bold) -> file name (without .ttf), the same in matplotlib and here."""
SUBSET_SUFFIX = "-Subset"
# Unicode blocks kept: Basic Latin to Latin Extended-B (every European accent, Romanian and
# Turkish letters included), Greek, Cyrillic and its supplement, general punctuation,
# currency and letterlike symbols (the numero sign). Anything else takes the full faces.
RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x024F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x214F),
)
# The Bitstream Vera licence (LICENSE_DEJAVU) asks that changed fonts be renamed.
SUBSET_FAMILY = "BotSans"


KEYCAP = re.compile("[0-9#*]\ufe0f?\u20e3")
"""An emoji digit ("1️⃣"): dropped whole, or its digit would be left standing."""


def printable(text: str) -> str:
    """Text without emoji, variation selectors and joiners, with spaces tidied (the PDF: no
    font has every emoji, and a missing one would print as an empty box)."""
    kept = "".join(
        c
        for c in KEYCAP.sub("", text)
        if unicodedata.category(c) not in ("So", "Sk", "Cs", "Co") and c not in "\ufe0f\u200d\u20e3"
    )
    return " ".join(kept.split())


def full_fonts() -> dict[str, Path]:
    """matplotlib's own DejaVu Sans files, by style."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {style: folder / f"{name}.ttf" for style, name in FACES.items()}


def subset_fonts() -> dict[str, Path]:
    return {style: FOLDER / f"{name}{SUBSET_SUFFIX}.ttf" for style, name in FACES.items()}


@functools.cache
def subset_coverage() -> frozenset[int]:
    """Code points every subset face has (read once per process)."""
    from fontTools.ttLib import TTFont

    covered: set[int] | None = None
    for path in subset_fonts().values():
        with TTFont(path, lazy=True) as font:
            points = set(font.getBestCmap())
        covered = points if covered is None else covered & points
    return frozenset(covered or ())


def fonts_for(texts: Iterable[str]) -> dict[str, Path]:
    """The subsets if they cover every character of ``texts``, else the full faces."""
    covered = subset_coverage()
    needed = {ord(c) for text in texts for c in text if not c.isspace()}
    return subset_fonts() if needed <= covered else full_fonts()


@functools.cache
def _register(regular: Path, bold: Path) -> str:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    family = f"{SUBSET_FAMILY}{len(_families)}"
    _families.append(family)
    pdfmetrics.registerFont(TTFont(family, str(regular)))
    pdfmetrics.registerFont(TTFont(f"{family}-Bold", str(bold)))
    for italic in (0, 1):
        addMapping(family, 0, italic, family)
        addMapping(family, 1, italic, f"{family}-Bold")
    return family


_families: list[str] = []


def registered(faces: dict[str, Path]) -> str:
    """The ReportLab family name of these faces (regular and "-Bold"), registered once per
    process: parsing a face is most of a small document's cost."""
    return _register(faces[""], faces["B"])


def make_subsets() -> None:
    """Write the subset faces from matplotlib's DejaVu Sans (run when matplotlib updates it)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    FOLDER.mkdir(exist_ok=True)
    unicodes = [c for low, high in RANGES for c in range(low, high + 1)]
    for style, source in full_fonts().items():
        options = subset.Options()
        options.glyph_names = False
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "FFTM", "MATH"]
        options.hinting = False
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = TTFont(source)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        _rename(font, style)
        font.save(subset_fonts()[style])
    licence = Path(source).parent / "LICENSE_DEJAVU"
    (FOLDER / "LICENSE_DEJAVU").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")


def _rename(font: object, style: str) -> None:
    from fontTools.ttLib import TTFont

    assert isinstance(font, TTFont)
    weight = "Bold" if style == "B" else "Book"
    names = {
        1: SUBSET_FAMILY,
        3: f"{SUBSET_FAMILY}-{weight}",
        4: f"{SUBSET_FAMILY} {weight}",
        6: f"{SUBSET_FAMILY}-{weight}",
        16: SUBSET_FAMILY,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in names:
            table.setName(
                names[record.nameID],
                record.nameID,
                record.platformID,
                record.platEncID,
                record.langID,
            )


if __name__ == "__main__":
    make_subsets()
