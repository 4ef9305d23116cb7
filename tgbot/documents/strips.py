"""The doctor's page's diary chart: one strip of days per topic, drawn in vector (ReportLab).

A day is a square: its colour how much (chart.py's colour-blind-safe palette), hatched for a
lot so no reading depends on colour alone, an empty outline where nothing was logged. The
legend sits above, the dates (in the user's language, Babel) below; the type is 7.5 pt on
paper, readable in print.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable

from tgbot.core.diary import Amount
from tgbot.core.doctor_summary import TopicDiary
from tgbot.documents.chart import COLOURS, NOT_LOGGED, ChartTexts, axis_dates
from tgbot.documents.fonts import printable

TYPE_PT = 7.5
LABELS_MM, ROW_MM, SQUARE_MM, LINE_MM = 34.0, 7.0, 5.2, 3.0
LEGEND_MM, DATES_MM = 6.0, 5.0
DATE_EVERY = 5
OUTLINE = colors.HexColor("#333333")


class Strips(Flowable):
    def __init__(self, diaries: Sequence[TopicDiary], texts: ChartTexts, family: str) -> None:
        super().__init__()
        self.diaries = [d for d in diaries if d.summary is not None]
        self.texts, self.family = texts, family
        self.labels: list[list[str]] = []
        self.rows: list[float] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.labels = [
            simpleSplit(printable(d.topic), self.family, TYPE_PT, (LABELS_MM - 2) * mm)
            for d in self.diaries
        ]
        # A row is as tall as its topic's name needs (a long one takes three lines).
        self.rows = [max(ROW_MM, 1.5 + LINE_MM * len(lines)) * mm for lines in self.labels]
        self.height = (LEGEND_MM + DATES_MM) * mm + sum(self.rows)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        days = self.diaries[0].summary.series if self.diaries[0].summary else ()
        step = (self.width - LABELS_MM * mm) / max(len(days), 1)
        side = min(SQUARE_MM * mm, step * 0.86)
        canvas.setFont(self.family, TYPE_PT)
        top = self.height - LEGEND_MM * mm
        bottom = top
        for diary, lines, height in zip(self.diaries, self.labels, self.rows, strict=True):
            bottom -= height
            y = bottom + (height - side) / 2
            self._label(lines, y + side / 2)
            for column, (_, amount) in enumerate(diary.summary.series if diary.summary else ()):
                self._day(LABELS_MM * mm + column * step + (step - side) / 2, y, side, amount)
        shown = list(range(0, len(days), DATE_EVERY))
        names = axis_dates([days[i][0] for i in shown], self.texts.locale)
        canvas.setFillColor(colors.black)
        for column, name in zip(shown, names, strict=True):
            x = LABELS_MM * mm + column * step + step / 2
            canvas.drawCentredString(x, 1.2 * mm, printable(name))
        self._legend(top + 1.5 * mm)

    def _label(self, lines: list[str], middle: float) -> None:
        leading = LINE_MM * mm
        y = middle + (len(lines) - 1) * leading / 2 - TYPE_PT * 0.35
        self.canv.setFillColor(colors.black)
        for line in lines:
            self.canv.drawString(0, y, line)
            y -= leading

    def _day(self, x: float, y: float, side: float, amount: Amount | None) -> None:
        canvas = self.canv
        if amount is None:
            canvas.setStrokeColor(colors.HexColor(NOT_LOGGED))
            canvas.setLineWidth(0.6)
            canvas.rect(x, y, side, side, stroke=1, fill=0)
            return
        canvas.setFillColor(colors.HexColor(COLOURS[amount]))
        canvas.setStrokeColor(OUTLINE)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, side, side, stroke=1, fill=1)
        if amount is Amount.LOT:
            self._hatch(x, y, side)

    def _hatch(self, x: float, y: float, side: float) -> None:
        """Diagonal lines inside the square, clipped to it."""
        canvas = self.canv
        canvas.saveState()
        path = canvas.beginPath()
        path.rect(x, y, side, side)
        canvas.clipPath(path, stroke=0, fill=0)
        canvas.setStrokeColor(OUTLINE)
        canvas.setLineWidth(0.35)
        gap = side / 4
        for i in range(-3, 4):
            canvas.line(x + i * gap, y, x + i * gap + side, y + side)
        canvas.restoreState()

    def _legend(self, y: float) -> None:
        canvas = self.canv
        texts = self.texts
        entries: list[tuple[Amount | None, str]] = [(a, texts.amounts[a]) for a in Amount]
        entries.append((None, texts.not_logged))
        x, side = LABELS_MM * mm, 3.0 * mm
        for amount, label in entries:
            self._day(x, y, side, amount)
            canvas.setFillColor(colors.black)
            canvas.drawString(x + side + 1.2 * mm, y + 0.5 * mm, printable(label))
            x += (
                side
                + 1.2 * mm
                + canvas.stringWidth(printable(label), self.family, TYPE_PT)
                + 5 * mm
            )
