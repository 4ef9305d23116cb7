"""The diary chart: 30 days as bars, readable on a phone, safe for colour-blind eyes.

Colours are Okabe and Ito's palette (made to be told apart with any colour vision) and "a lot"
is also hatched, so no reading depends on colour alone. matplotlib's object API with the Agg
canvas: no pyplot state, no display, safe in a worker thread.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from tgbot.core.diary import Amount, DiarySummary

COLOURS = {Amount.NONE: "#009E73", Amount.LITTLE: "#E69F00", Amount.LOT: "#D55E00"}
NOT_LOGGED = "#BBBBBB"
WIDTH_PX, HEIGHT_PX, DPI = 1200, 800, 150


@dataclass(frozen=True)
class ChartTexts:
    title: str
    amounts: Mapping[Amount, str]
    not_logged: str


def diary_chart(summary: DiarySummary, texts: ChartTexts) -> bytes:
    """A PNG of the period: one bar a day, its height how much (none shows as a low bar)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(summary.series))
    for x, (_, amount) in zip(positions, summary.series, strict=True):
        if amount is None:
            axes.plot(x, 0.05, marker="o", markersize=3, color=NOT_LOGGED)
            continue
        height = 0.25 + amount.score
        axes.bar(
            x,
            height,
            width=0.8,
            color=COLOURS[amount],
            hatch="//" if amount is Amount.LOT else None,
            edgecolor="#333333",
            linewidth=0.4,
        )
    axes.set_yticks([0.25 + a.score for a in Amount], [texts.amounts[a] for a in Amount])
    axes.set_ylim(0, 2.6)
    step = max(len(summary.series) // 6, 1)
    ticks = list(positions)[::step]
    axes.set_xticks(ticks, [summary.series[i][0].strftime("%d %b") for i in ticks])
    axes.tick_params(labelsize=11)
    axes.set_title(texts.title, fontsize=14)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    legend = [Patch(facecolor=COLOURS[a], label=texts.amounts[a]) for a in Amount]
    legend[Amount.LOT.score].set_hatch("//")
    legend.append(Patch(facecolor=NOT_LOGGED, label=texts.not_logged))
    axes.legend(handles=legend, loc="upper left", fontsize=10, frameon=False, ncols=4)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
