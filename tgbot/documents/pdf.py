"""The doctor's summary as a one-page PDF (fpdf2), with its fonts embedded.

The fonts are the DejaVu faces that matplotlib ships, cut down to the bot's scripts (fonts.py):
they cover Latin with accents, Greek and Cyrillic, so every language of the bot renders, with
no font to install. Emoji are dropped (no PDF font has them all) rather than shown as empty
boxes.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

from tgbot.documents.fonts import fonts_for


@dataclass(frozen=True)
class Block:
    heading: str
    lines: tuple[str, ...]
    image: bytes | None = None
    """A PNG shown under the lines (the diary chart)."""


def printable(text: str) -> str:
    """Text without emoji, variation selectors and joiners, with spaces tidied."""
    kept = "".join(
        c
        for c in text
        if unicodedata.category(c) not in ("So", "Sk", "Cs", "Co") and c not in "\ufe0f\u200d\u20e3"
    )
    return " ".join(kept.split())


def summary_pdf(title: str, subtitle: str, blocks: list[Block]) -> bytes:
    from fpdf import FPDF

    title, subtitle = printable(title), printable(subtitle)
    blocks = [
        Block(printable(b.heading), tuple(printable(line) for line in b.lines), b.image)
        for b in blocks
    ]
    fonts = fonts_for([title, subtitle, *(t for b in blocks for t in (b.heading, *b.lines))])
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(14, 12, 14)
    for style, path in fonts.items():
        pdf.add_font("DejaVu", style, str(path))
    pdf.set_title(title)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, subtitle, new_x="LMARGIN", new_y="NEXT")
    for block in blocks:
        pdf.ln(1.5)
        pdf.set_font("DejaVu", "B", 10.5)
        pdf.multi_cell(0, 5.5, block.heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 8.8)
        for line in block.lines:
            pdf.multi_cell(0, 4.3, line, new_x="LMARGIN", new_y="NEXT")
        if block.image is not None:
            pdf.image(io.BytesIO(block.image), w=105)
    return bytes(pdf.output())
