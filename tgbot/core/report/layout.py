"""The report's page frame and small pieces: inline CSS (nothing is fetched), relative links
(it works opened from disk), message bubbles, source links, reading grades, level badges."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from tgbot.core.content import Source
from tgbot.core.readability import MAX_GRADE, reading_grade
from tgbot.core.report.telegram_view import telegram_to_html
from tgbot.core.triage import Level
from tgbot.core.triage.diagram import LEVEL_COLOURS

# Emoji (answer buttons, levels) come from a colour emoji font where the text font has none:
# Debian's fonts-noto-color-emoji (.ci/system-packages), or the reader's system's own. The
# diagrams' SVG keeps Graphviz's own font: the system's fallback finds the emoji there, and a
# stack set on the SVG's text would change the widths Graphviz measured.
CSS = """
body{font:15px/1.45 system-ui,sans-serif,"Noto Color Emoji","Apple Color Emoji","Segoe UI Emoji";
 margin:0;color:#1d1d1f;background:#f5f5f7}
header{background:#263238;color:#fff;padding:.6em 1.2em}
header a{color:#fff;margin-right:1.1em}
main{padding:1em 1.5em;max-width:1400px}
h1{font-size:1.6em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5em 0 1.2em}
th,td{border:1px solid #d5d5d8;padding:.4em .6em;vertical-align:top;text-align:left}
th{background:#eceff1}
.msg{white-space:pre-wrap;background:#effdde;border-radius:10px;padding:.5em .8em;
 max-width:46em;box-shadow:0 1px 1px #0002}
.meta{font-size:.85em;color:#555}
.grade{font-size:.8em;padding:0 .4em;border-radius:4px;background:#e0f2f1}
.grade.hard{background:#ffcdd2}
.level{padding:.1em .5em;border-radius:4px;font-size:.85em;white-space:nowrap}
.missing{color:#999;font-style:italic}
.note{background:#fff8e1;border-left:4px solid #ffb300;padding:.5em .8em}
.spoiler{background:#ccc}
.raw{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.85em}
figure.diagram{background:#fff;padding:1em;overflow:auto;margin:0}
figure.diagram svg{max-width:100%;height:auto}
"""


def page(title: str, body: str, depth: int) -> str:
    up = "../" * depth
    links = [
        ("index.html", "Overview"),
        ("sources.html", "Sources"),
        ("changes.html", "Changes"),
        ("feedback.html", "Feedback"),
        ("languages.html", "Languages"),
    ]
    nav = "".join(f'<a href="{up}{href}">{label}</a>' for href, label in links)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body><header>{nav}</header><main><h1>{escape(title)}</h1>\n{body}\n</main></body></html>\n"
    )


def bubble(text: str | None) -> str:
    if text is None:
        return '<span class="missing">not in this language</span>'
    return f'<div class="msg">{telegram_to_html(text)}</div>'


def grade(text: str) -> str:
    value = reading_grade(text)
    hard = " hard" if value > MAX_GRADE else ""
    return f'<span class="grade{hard}" title="Flesch-Kincaid grade">grade {value}</span>'


def bubble_with_grade(text: str | None) -> str:
    return bubble(text) if text is None else f"{bubble(text)}{grade(text)}"


def source_links(ids: Iterable[str], sources: Mapping[str, Source], depth: int) -> str:
    up = "../" * depth
    items = []
    for source_id in ids:
        source = sources.get(source_id)
        if source is None:
            items.append(f'<li class="missing">{escape(source_id)} (unknown source)</li>')
            continue
        items.append(
            f'<li><a href="{up}sources.html#src-{escape(source_id)}">'
            f"{escape(source.publisher)}: {escape(source.title)}</a> "
            f'<span class="meta">reviewed {escape(source.reviewed)}</span></li>'
        )
    return f'<ul class="sources">{"".join(items)}</ul>' if items else ""


def level_badge(level: Level | None) -> str:
    if level is None:
        return ""
    fill, _, ink = LEVEL_COLOURS[level]
    return f'<span class="level" style="background:{fill};color:{ink}">{escape(level.value)}</span>'


def language_header(languages: Iterable[str], first: str = "", last: str = "") -> str:
    cells = "".join(f"<th>{escape(language)}</th>" for language in languages)
    head = f"<th>{escape(first)}</th>"
    tail = f"<th>{escape(last)}</th>" if last else ""
    return f"<tr>{head}{cells}{tail}</tr>"
