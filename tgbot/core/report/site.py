"""Every page of the report, built from the loaded content of each language: one module
per page (tgbot/core/report/*_page.py)."""

from __future__ import annotations

from tgbot.core.report.changes_page import changes_page
from tgbot.core.report.common import FlowPicture, Pages, ReportInput
from tgbot.core.report.faq_page import faq_page
from tgbot.core.report.feedback_page import feedback_page
from tgbot.core.report.flow_page import flow_page
from tgbot.core.report.index_page import index_page
from tgbot.core.report.sources_page import sources_page
from tgbot.core.report.topic_page import topic_page


def build_site(report: ReportInput) -> Pages:
    main = next(iter(report.languages.values()))
    pages: Pages = {
        "index.html": index_page(report, main),
        "sources.html": sources_page(main),
        "changes.html": changes_page(report, main),
        "feedback.html": feedback_page(report),
    }
    for topic_id in main.content.topics:
        pages[f"topics/{topic_id}.html"] = topic_page(report, main, topic_id)
    for flow_id in main.triage.flows:
        pages[f"flows/{flow_id}.html"] = flow_page(report, main, flow_id)
    if any(report.faq.values()):
        pages["questions.html"] = faq_page(report)
    return pages


__all__ = ["FlowPicture", "Pages", "ReportInput", "build_site"]
