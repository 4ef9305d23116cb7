"""The doctor's page as one A4 PDF page (ReportLab), laid out for a half-minute read.

From the top: what this is and the period; the checks as a table (newest first, positive
findings in bold, the pertinent negatives in one line); the diary as one strip of days per
topic (strips.py, drawn in vector: sharp in print); what came before the symptoms, per topic;
what the user wants to ask, numbered; the sources as a short numbered list in small type.
Every paragraph is ragged right (justified lines opened wide gaps). A page that would run
over is shrunk to fit (KeepInFrame).

ReportLab, not fpdf2: it registers a font once per process where fpdf2 parsed it again for
every document, and its line breaking is several times faster; the page took 1 s with fpdf2
and matplotlib, and takes a few hundredths of a second here (docs/performance.md).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from tgbot.core.doctor_summary import SEPARATOR, CheckRow, DoctorPage
from tgbot.documents.chart import ChartTexts
from tgbot.documents.fonts import fonts_for, printable, registered
from tgbot.documents.strips import Strips

MARGIN_MM = 12
COLUMNS_MM = (23, 27, 36, 100)
GREY = "#555555"


def _x(text: str) -> str:
    """Plain text for a ReportLab paragraph: no emoji, markup characters escaped."""
    return escape(printable(text))


def _texts(page: DoctorPage) -> Iterable[str]:
    yield from (page.title, page.made, page.disclaimer, *page.sources, *page.questions)
    yield from vars(page.labels).values()
    for row in page.checks:
        yield from (row.day, row.topic, row.advice, *row.because, *row.positives, *row.negatives)
    for diary in page.diaries:
        yield from (diary.topic, diary.caption, *diary.before)


def page_pdf(page: DoctorPage, texts: ChartTexts) -> bytes:
    family = registered(fonts_for([*_texts(page), *texts.amounts.values(), texts.not_logged]))
    styles = _styles(family)
    story = _story(page, texts, styles, family)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_MM * mm,
        rightMargin=MARGIN_MM * mm,
        topMargin=MARGIN_MM * mm,
        bottomMargin=MARGIN_MM * mm,
        title=printable(page.title),
        invariant=True,
    )
    frame = (document.width, document.height)
    document.build([KeepInFrame(*frame, content=story, mode="shrink")])
    return buffer.getvalue()


Styles = dict[str, ParagraphStyle]


def _styles(family: str) -> Styles:
    def style(name: str, size: float, **more: Any) -> ParagraphStyle:
        settings: dict[str, Any] = {"fontName": family, "leading": size * 1.25, **more}
        return ParagraphStyle(name, fontSize=size, **settings)

    return {
        "title": style("title", 15, fontName=family + "-Bold", spaceAfter=1),
        "made": style("made", 8, textColor=GREY),
        "heading": style("heading", 10.5, fontName=family + "-Bold", spaceBefore=7, spaceAfter=3),
        "cell": style("cell", 7.6),
        "cell_head": style("cell_head", 7.6, fontName=family + "-Bold"),
        "body": style("body", 8),
        "source": style("source", 6.5, textColor=GREY, leading=8),
        "disclaimer": style("disclaimer", 8, fontName=family + "-Bold", spaceBefore=6),
    }


def _row_cells(row: CheckRow, page: DoctorPage) -> list[str]:
    labels = page.labels
    advice = f"<b>{_x(row.advice)}</b>"
    if row.because:
        advice += "<br/>" + _x(labels.because.format(items=SEPARATOR.join(row.because)))
    if row.version:
        advice += f'<br/><font color="{GREY}" size="6.5">'
        advice += _x(labels.check_version.format(version=row.version)) + "</font>"
    findings = [f"<b>{_x(SEPARATOR.join(row.positives))}</b>"] if row.positives else []
    if row.negatives:
        no = _x(labels.no.format(items=SEPARATOR.join(row.negatives)))
        findings.append(f'<font color="{GREY}">{no}</font>')
    return [_x(row.day), _x(row.topic), advice, "<br/>".join(findings)]


def _checks(page: DoctorPage, styles: Styles) -> Table:
    labels = page.labels
    head = [labels.date, labels.topic, labels.advice, labels.findings]
    rows = [[Paragraph(_x(t), styles["cell_head"]) for t in head]]
    rows += [[Paragraph(c, styles["cell"]) for c in _row_cells(r, page)] for r in page.checks]
    table = Table(rows, colWidths=[w * mm for w in COLUMNS_MM], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _story(page: DoctorPage, texts: ChartTexts, styles: Styles, family: str) -> list[Flowable]:
    labels = page.labels
    story: list[Flowable] = [
        Paragraph(_x(page.title), styles["title"]),
        Paragraph(_x(page.made), styles["made"]),
    ]
    if page.checks:
        story += [Paragraph(_x(labels.checks), styles["heading"]), _checks(page, styles)]
    with_days = [d for d in page.diaries if d.summary is not None]
    if with_days:
        story.append(Paragraph(_x(labels.diary), styles["heading"]))
        story.append(Strips(with_days, texts, family))
        story += [Paragraph(_x(d.caption), styles["body"]) for d in with_days if d.caption]
    story.append(Paragraph(_x(labels.before), styles["heading"]))
    befores = [d for d in page.diaries if d.before]
    for diary in befores:
        line = f"<b>{_x(diary.topic)}:</b> {_x(SEPARATOR.join(diary.before))}"
        story.append(Paragraph(line, styles["body"]))
    if not befores:
        story.append(Paragraph(_x(labels.nothing_before), styles["body"]))
    if page.questions:
        # The user's own words, for the doctor to answer: before the sources, in full size.
        story.append(Paragraph(_x(labels.questions), styles["heading"]))
        for number, question in enumerate(page.questions, 1):
            story.append(Paragraph(f"{number}. {_x(question)}", styles["body"]))
    if page.sources:
        story.append(Paragraph(_x(labels.sources), styles["heading"]))
        for number, source in enumerate(page.sources, 1):
            story.append(Paragraph(f"{number}. {_x(source)}", styles["source"]))
    story.append(Paragraph(_x(page.disclaimer), styles["disclaimer"]))
    return story
