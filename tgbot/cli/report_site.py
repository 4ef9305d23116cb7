"""``bot.py content report OUT_DIR``: a folder of static pages for clinicians that works opened
from disk, with no network: CSS inline, SVG diagrams drawn here by Graphviz (when installed),
links relative."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import TextIO

from tgbot.cli.diagram import DiagramError, svg_from_dot
from tgbot.cli.exits import EXIT_BROKEN, EXIT_OK, EXIT_USAGE
from tgbot.cli.released import load_with_lock
from tgbot.core.content.loader import load_sources
from tgbot.core.faq_files import read_faq_files, read_rule_files
from tgbot.core.feedback import FeedbackCount
from tgbot.core.knowledge import Knowledge
from tgbot.core.release_lock import content_texts
from tgbot.core.report import FlowPicture, ReportInput, build_site
from tgbot.core.report.languages import language_pages
from tgbot.core.triage.diagram import flow_graph, to_dot, to_mermaid

LANGUAGE = "en"
"""content/ holds one language today; a second one becomes a second column of every page."""


def pictures(knowledge: Knowledge) -> dict[str, FlowPicture]:
    drawn: dict[str, FlowPicture] = {}
    for flow in knowledge.triage.flows.values():
        graph = flow_graph(flow, knowledge.triage.texts)
        mermaid = to_mermaid(graph)
        if shutil.which("dot") is None:
            note = "Graphviz's dot program is not installed (apt-get install graphviz)."
            drawn[flow.id] = FlowPicture(None, mermaid, note)
            continue
        try:
            svg = svg_from_dot(to_dot(graph))
        except DiagramError as error:
            drawn[flow.id] = FlowPicture(None, mermaid, f"Graphviz failed: {error}.")
            continue
        # Inline: drop the XML prolog and doctype, which belong to a file, not a page.
        drawn[flow.id] = FlowPicture(svg[svg.index("<svg") :], mermaid)
    return drawn


def read_feedback(database: Path) -> tuple[FeedbackCount, ...]:
    from tgbot.storage import Database
    from tgbot.storage.feedback import FeedbackRepository

    async def collect() -> tuple[FeedbackCount, ...]:
        db = Database(database)
        # No migration: a report must never change the bot's database.
        await db.connect(migrate=False)
        try:
            return await FeedbackRepository(db).counts()
        finally:
            await db.close()

    return asyncio.run(collect())


def run_report_cli(
    content_root: Path, out_dir: Path, database: Path | None, out: TextIO, err: TextIO
) -> int:
    loaded = load_with_lock(content_root, err)
    if loaded is None:
        return EXIT_BROKEN
    knowledge, lock = loaded
    if database is not None and not database.is_file():
        print(f"error: no database at {database}", file=err)
        return EXIT_USAGE
    faq = read_faq_files(content_root)
    report = ReportInput(
        languages={LANGUAGE: knowledge},
        pictures=pictures(knowledge),
        texts=content_texts(knowledge, faq, read_rule_files(content_root)),
        lock=lock,
        faq={LANGUAGE: faq},
        feedback=read_feedback(database) if database is not None else None,
    )
    pages = build_site(report)
    pages.update(language_pages(content_root, load_sources(content_root)))
    for name, html in pages.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    drawn = sum(1 for picture in report.pictures.values() if picture.svg is not None)
    print(
        f"{out_dir / 'index.html'}: {len(pages)} pages, release {knowledge.release.version}, "
        f"{drawn} of {len(report.pictures)} diagrams drawn as SVG",
        file=out,
    )
    return EXIT_OK
