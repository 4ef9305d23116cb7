"""What the document process is asked to make: plain data in, PNG or PDF bytes out.

A job carries everything the document shows, already in the user's language (the bot's
content never loads in the child), so the child needs only matplotlib, ReportLab and Babel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tgbot.core.diary import Amount, DiaryEntry, DiarySummary, summarize
from tgbot.core.doctor_summary import DoctorPage, PageLabels, TopicDiary
from tgbot.documents.chart import ChartTexts


@dataclass(frozen=True)
class ChartJob:
    """/diary's chart: the phone picture (PNG)."""

    summary: DiarySummary
    texts: ChartTexts


@dataclass(frozen=True)
class PageJob:
    """/summary's doctor's page (PDF), with the diary as a print chart."""

    page: DoctorPage
    texts: ChartTexts


Job = ChartJob | PageJob


def make(job: Job) -> bytes:
    if isinstance(job, ChartJob):
        from tgbot.documents.chart import diary_chart

        return diary_chart(job.summary, job.texts)
    from tgbot.documents.pdf import page_pdf

    return page_pdf(job.page, job.texts)


def sample_jobs() -> list[Job]:
    """A chart and a page thrown away at the start, so the first user's costs the imports
    nothing."""
    day = date(2026, 1, 1)
    entries = [DiaryEntry(day - timedelta(days=i), "twitch", Amount.LOT, None, ()) for i in (0, 2)]
    diary = TopicDiary("-", summarize(entries, day - timedelta(days=29), day), "-", ())
    texts = ChartTexts("-", {a: a.value for a in Amount}, "-")
    labels = PageLabels(*("-" for _ in PageLabels.__dataclass_fields__))
    page = DoctorPage("-", "-", labels, (), (diary,), (), (), "-")
    return [ChartJob(diary.summary or summarize([], day, day), texts), PageJob(page, texts)]
