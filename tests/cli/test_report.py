"""``bot.py content report`` and ``content release``: the pages hold every topic, question,
flow and source; links stay on disk; a fixture change shows in the change list and needs a
raised version to be released."""

from __future__ import annotations

import asyncio
import re
import shutil
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tgbot.cli.main import main
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.feedback import Reason, Vote
from tgbot.core.knowledge import Knowledge, load_knowledge
from tgbot.core.report.telegram_view import telegram_to_html
from tgbot.storage import Database, FeedbackRepository
from tgbot.storage.feedback import Voter


class Page(HTMLParser):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []
        self.text: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag in ("script", "link", "img", "iframe") or "src" in values:
            self.resources.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, copy)
    return copy


def build(content: Path, out: Path) -> dict[str, Page]:
    assert main(["content", "report", str(out), "--content", str(content)]) == 0
    return {str(p.relative_to(out)): Page(p) for p in sorted(out.rglob("*.html"))}


@pytest.mark.usefixtures("cmu_dictionary")
def test_the_report_of_the_real_content_has_everything(
    tmp_path: Path, knowledge: Knowledge
) -> None:
    pages = build(DEFAULT_CONTENT_DIR, tmp_path / "site")
    assert knowledge.release.version in pages["index.html"].words
    for topic in knowledge.content.topics.values():
        page = pages[f"topics/{topic.id}.html"]
        assert topic.title in page.words
        assert {f"s-{s}" for s in topic.sections} | {f"tip-{t}" for t in topic.tips} <= page.ids
    for flow in knowledge.triage.flows.values():
        page = pages[f"flows/{flow.id}.html"]
        assert {f"q-{q.id}" for q in flow.questions} <= page.ids
        assert {f"o-{q.id}-{o.id}" for q in flow.questions for o in q.options} <= page.ids
        assert {f"outcome-{level.value}" for level in flow.outcomes} <= page.ids
        assert "diagram" in page.ids
        assert "grade " in page.words
    sources = pages["sources.html"]
    assert {f"src-{s}" for s in knowledge.content.sources} <= sources.ids
    assert all(s.reviewed in sources.words for s in knowledge.content.sources.values())
    assert "nothing changed since" in pages["changes.html"].words
    assert "Built without a database" in pages["feedback.html"].words
    assert_offline(tmp_path / "site", pages)


def assert_offline(root: Path, pages: dict[str, Page]) -> None:
    """No page loads anything; every link but a source's own page stays in the folder."""
    for name, page in pages.items():
        assert page.resources == [], name
        for link in page.links:
            if link.startswith("https://") or link.startswith("http://"):
                continue  # a source's page, opened only when the clinician clicks it
            target = link.split("#")[0]
            assert (root / name).parent.joinpath(target).resolve().is_file(), (name, link)


def test_without_graphviz_the_flow_page_shows_the_mermaid_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    page = build(DEFAULT_CONTENT_DIR, tmp_path / "site")["flows/twitch.html"]
    assert "flowchart" in page.words
    assert "Graphviz's dot program is not installed" in page.words


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def one_doctor_option(knowledge: Knowledge) -> tuple[str, str]:
    flow = knowledge.triage.flows["twitch"]
    for question in flow.questions:
        for option in question.options:
            if option.level is not None and option.level.value == "doctor":
                return question.id, option.id
    raise AssertionError("twitch has no doctor-level answer")


@pytest.mark.usefixtures("cmu_dictionary")
def test_a_changed_text_and_level_are_listed_and_need_a_new_version(
    content_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    knowledge = load_knowledge(content_dir)
    question_id, option_id = one_doctor_option(knowledge)
    # The release content/ is at now, and the one after it.
    now, date = knowledge.release.version, knowledge.release.date
    major, minor = now.split(".")
    after = f"{major}.{int(minor) + 1}"
    edit(
        content_dir / "topics/twitch.yaml",
        "You cannot stop it by trying.",
        "It is not in your control.",
    )
    flow_file = content_dir / "flows/twitch.yaml"
    flow_text = flow_file.read_text(encoding="utf-8")
    at = flow_text.index(f"id: {option_id}", flow_text.index(f"id: {question_id}"))
    level_at = flow_text.index("level: doctor", at)
    flow_file.write_text(
        flow_text[:level_at] + "level: self_care" + flow_text[level_at + len("level: doctor") :]
    )

    pages = build(content_dir, tmp_path / "site")
    changes = pages["changes.html"].words
    assert (
        f"Not yet released: changes since release {now} (0 added, 0 removed, 2 changed)" in changes
    )
    assert "topic twitch · section what_it_is · text" in changes
    assert (
        f"flow twitch · question {question_id} · option {option_id} · level doctor self_care"
        in changes
    )
    assert f"differs from release {now}" in pages["index.html"].words

    assert main(["content", "check", "--content", str(content_dir)]) == 0
    assert f"content changed since release {now}" in capsys.readouterr().out
    assert main(["content", "release", "--content", str(content_dir)]) == 1
    assert "raise the version" in capsys.readouterr().err

    edit(content_dir / "release.yaml", f'version: "{now}"', f'version: "{after}"')
    assert main(["content", "release", "--content", str(content_dir)]) == 0
    assert f"release {after} (from {now}): 0 added, 0 removed, 2 changed" in capsys.readouterr().out
    released = build(content_dir, tmp_path / "site2")["changes.html"]
    assert "nothing changed since" in released.words
    assert (
        f"In release {after} of {date} (from {now}): 0 added, 0 removed, 2 changed"
        in released.words
    )
    assert main(["content", "release", "--content", str(content_dir)]) == 0
    assert "nothing to release" in capsys.readouterr().out


def test_release_yaml_is_checked(content_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    version = load_knowledge(content_dir).release.version
    edit(content_dir / "release.yaml", f'version: "{version}"', f"version: {version}")
    assert main(["content", "check", "--content", str(content_dir)]) == 2
    assert re.search(r"release.yaml: version: expected a quoted version", capsys.readouterr().err)


@pytest.mark.usefixtures("cmu_dictionary")
def test_every_frequent_question_is_on_its_page_and_none_without_the_folder(
    content_dir: Path, tmp_path: Path
) -> None:
    knowledge = load_knowledge(content_dir)
    pages = build(content_dir, tmp_path / "site")
    faq = pages["questions.html"]
    assert "questions.html" in pages["index.html"].links
    asked = [(t, q) for t, entry in knowledge.content.questions.items() for q in entry.questions]
    assert len(asked) > 10
    for topic_id, question in asked:
        assert f"faq-{topic_id}-{question.id}" in faq.ids
        assert question.title in faq.words
    assert "MND (also called ALS)" in faq.words
    assert "reviewed " in faq.words, "each answer's sources, with review dates"

    shutil.rmtree(content_dir / "questions")
    without = build(content_dir, tmp_path / "bare")
    assert "questions.html" not in without
    assert "questions.html" not in without["index.html"].links


@pytest.mark.usefixtures("cmu_dictionary")
async def test_feedback_counts_from_the_database_are_in_the_report(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    db = Database(path)
    await db.connect()
    votes = FeedbackRepository(db)
    now = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    await votes.vote(Voter(1, 10), "outcome", "twitch.doctor", "1.0", Vote.UP, now)
    down = await votes.vote(Voter(2, 11), "outcome", "twitch.doctor", "1.0", Vote.DOWN, now)
    assert down is not None
    assert await votes.add_reason(2, down, Reason.UNCLEAR)
    assert not await votes.add_reason(2, down, Reason.OTHER), "one reason per vote"
    await db.close()

    site = tmp_path / "site"
    command = ["content", "report", str(site), "--database", str(path)]
    assert await asyncio.to_thread(main, command) == 0
    feedback = Page(site / "feedback.html").words
    assert "outcome twitch.doctor 1.0 1 1 1 0 0 0" in feedback
    flow = Page(site / "flows/twitch.html").words
    assert "Feedback by version: 1.0: 👍 1 · 👎 1 · unclear 1" in flow


def test_telegram_html_in_a_page_keeps_only_telegrams_tags() -> None:
    html = telegram_to_html(
        '<b>Bold</b> <script>alert(1)</script> <a href="javascript:x()">link</a> '
        '<a href="https://www.nhs.uk/">NHS</a> &amp; <i>open'
    )
    assert html.startswith("<b>Bold</b> &lt;script&gt;alert(1)&lt;/script&gt; link ")
    assert '<a class="out" href="https://www.nhs.uk/" rel="noreferrer">NHS</a>' in html
    assert html.endswith("&amp; <i>open</i>")


@pytest.mark.usefixtures("cmu_dictionary")
def test_the_report_shows_what_users_see_and_grades_only_sentences(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(DEFAULT_CONTENT_DIR, out)
    twitch = (out / "flows" / "twitch.html").read_text(encoding="utf-8")
    # The emergency question ends at the first tap: users never read "Tick all ... Done".
    emergency = twitch.split('id="q-emergency_signs"', 1)[1].split('id="q-location"', 1)[0]
    assert "Tick all that apply" not in emergency
    symptoms = twitch.split('id="q-symptoms"', 1)[1].split('id="q-triggers"', 1)[0]
    assert "Tick all that apply" in symptoms
    # A condition in words, with the questions as asked, not ids and brackets.
    spasm = Page(out / "flows" / "spasm.html").words
    assert "is neither 🧍 My back nor 🧣 Neck" in spasm
    for page in (Page(out / "flows" / "twitch.html").words, spasm):
        assert "not (" not in page
        assert " is 🚫" not in page
    # Match words and section ids are not sentences: no reading grade, nor a red one.
    faq = (out / "questions.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr><th>([^<]*)</th>(.*?)</tr>", faq, flags=re.S)
    graded = {name.split(".")[0] for name, cells in rows if 'class="grade' in cells}
    assert graded == {"question", "answer"}
    # Emoji come from a colour emoji font where the text font has none.
    assert '"Noto Color Emoji"' in twitch
