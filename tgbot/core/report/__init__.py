"""The clinician's report: a static HTML site of everything the bot can say (pure: pages as
strings; tgbot.cli.report draws the diagrams and writes the files)."""

from tgbot.core.report.site import FlowPicture, ReportInput, build_site

__all__ = ["FlowPicture", "ReportInput", "build_site"]
