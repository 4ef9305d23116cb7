"""The local review page of ``python bot.py content review`` (issue 28, part 6).

A clinician picks a language and reads every text beside its English one, safety-critical
first, each with its sources; per text: approve, or flag with a comment. Their name and
registration are asked once. Each choice is written at once to content/locales/<code>/
signoff.yaml (tgbot/core/signoff/), which is then reviewed in git like any content change.

Bound to 127.0.0.1 by default. Bound to any other address, every page needs a random token in
its URL (printed at start). Every form also carries a per-run secret, so another web page open
in the same browser cannot post a sign-off. Nothing is logged but the address.
"""

from __future__ import annotations

import asyncio
import secrets
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import yaml
from aiohttp import web

from tgbot.core.content.locales import ENGLISH, content_languages
from tgbot.core.languages import language_name
from tgbot.core.signoff import (
    CATEGORY_ORDER,
    ReviewText,
    SignoffError,
    coverage,
    read_signatures,
    record,
    review_texts,
    status_of,
)
from tgbot.core.signoff.variants import inherited_note

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORT = 8765


@dataclass
class Reviewer:
    name: str
    registration: str


@dataclass
class ReviewState:
    root: Path
    token: str | None
    """Needed in every URL when the page is bound to an address other than the loopback."""
    form_secret: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    reviewer: Reviewer | None = None


STATE = web.AppKey("review_state", ReviewState)


def review_app(root: Path, token: str | None) -> web.Application:
    app = web.Application(middlewares=[_token_guard])
    app[STATE] = ReviewState(root=root, token=token)
    app.router.add_get("/", _index)
    app.router.add_post("/reviewer", _set_reviewer)
    app.router.add_get("/language/{code}", _language_page)
    app.router.add_post("/language/{code}/sign", _sign)
    return app


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def _token_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = request.app[STATE]
    if state.token is not None and not secrets.compare_digest(
        request.query.get("token", ""), state.token
    ):
        raise web.HTTPForbidden(text="This review page needs the link printed at its start.")
    response = await handler(request)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "no-store"
    return response


def _link(state: ReviewState, path: str, anchor: str = "") -> str:
    query = f"?{urlencode({'token': state.token})}" if state.token else ""
    return f"{path}{query}{anchor}"


STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f5f5f7}
header{background:#263238;color:#fff;padding:.6em 1.2em}header a{color:#fff}
main{padding:1em 1.5em;max-width:1500px}
h2{margin-top:1.6em;border-bottom:1px solid #ccc}
.text{background:#fff;border:1px solid #d5d5d8;border-radius:6px;margin:.8em 0;padding:.6em}
.text.critical{border-left:5px solid #c62828}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.pair div{white-space:pre-wrap}
.id{font:12px ui-monospace,monospace;color:#555}
.status{font-weight:bold;padding:.1em .5em;border-radius:4px}
.status-signed{background:#c8e6c9}.status-stale{background:#ffe0b2}
.status-flagged{background:#ffcdd2}.status-unsigned{background:#eceff1}
.sources{font-size:.85em;color:#444}
form.sign{display:flex;gap:.5em;align-items:flex-start;margin-top:.4em}
textarea{width:28em;height:2.6em}
"""


def _page(title: str, state: ReviewState, body: str) -> web.Response:
    who = (
        f" · reviewer: {escape(state.reviewer.name)} ({escape(state.reviewer.registration)})"
        if state.reviewer
        else ""
    )
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{STYLE}</style></head><body><header>"
        f'<a href="{_link(state, "/")}">Languages</a>{who}</header><main>{body}</main>'
        "</body></html>"
    )
    return web.Response(text=html, content_type="text/html")


async def _index(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    if state.reviewer is None:
        form = (
            f'<form method="post" action="{_link(state, "/reviewer")}">'
            f'<input type="hidden" name="secret" value="{state.form_secret}">'
            '<p><label>Your name <input name="name" id="reviewer-name" required></label></p>'
            "<p><label>Your registration (body and number, e.g. GMC 1234567) "
            '<input name="registration" id="reviewer-registration" required></label></p>'
            '<p><button type="submit" id="reviewer-save">Start reviewing</button></p></form>'
        )
        return _page(
            "Translation sign-off",
            state,
            "<h1>Translation sign-off</h1><p>Every approval and flag is written with your"
            " name and registration to the language's signoff.yaml.</p>" + form,
        )
    rows = []
    for code in content_languages(state.root):
        if code == ENGLISH:
            continue
        cover = await asyncio.to_thread(_coverage_of, state.root, code)
        rows.append(
            f'<li><a id="language-{code}" href="{_link(state, f"/language/{code}")}">'
            f"{escape(language_name(code))} ({code})</a>: {escape(cover)}</li>"
        )
    return _page(
        "Translation sign-off",
        state,
        "<h1>Pick a language</h1><ul>" + "".join(rows) + "</ul>",
    )


def _coverage_of(root: Path, code: str) -> str:
    return coverage(code, review_texts(root, code), read_signatures(root, code)).line()


async def _set_reviewer(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    form = await request.post()
    _check_secret(state, form.get("secret"))
    name, registration = str(form.get("name", "")).strip(), str(form.get("registration", ""))
    if not name or not registration.strip():
        raise web.HTTPBadRequest(text="Give your name and your registration.")
    state.reviewer = Reviewer(name, registration.strip())
    raise web.HTTPSeeOther(_link(state, "/"))


def _check_secret(state: ReviewState, given: object) -> None:
    if not isinstance(given, str) or not secrets.compare_digest(given, state.form_secret):
        raise web.HTTPForbidden(text="This form is not from this review page.")


def _language(request: web.Request) -> str:
    code = request.match_info["code"]
    state = request.app[STATE]
    if code == ENGLISH or code not in content_languages(state.root):
        raise web.HTTPNotFound(text=f"No translation {code!r} in content/.")
    return code


async def _language_page(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    code = _language(request)
    if state.reviewer is None:
        raise web.HTTPSeeOther(_link(state, "/"))
    texts, signatures, sources = await asyncio.to_thread(_read, state.root, code)
    cover = coverage(code, texts, signatures)
    parts = [
        f"<h1>{escape(language_name(code))} ({code}) beside English</h1>",
        f'<p id="coverage">{escape(cover.line())}</p>',
        *(
            [f'<p id="inherited">{escape(note)}</p>']
            if (note := inherited_note(code, len(texts)))
            else []
        ),
        "<p>Safety-critical texts come first (red edge). Approve a text when the translation"
        " says what the English says, as a native speaker would; flag it with a comment when"
        " not. A text changed after its sign-off shows as stale and counts as unsigned.</p>",
    ]
    for category in CATEGORY_ORDER:
        chosen = [(i, t) for i, t in enumerate(texts) if t.category is category]
        if not chosen:
            continue
        parts.append(f'<h2 id="category-{category.name.lower()}">{escape(category.value)}</h2>')
        for index, text in chosen:
            signature = signatures.get(text.id)
            parts.append(_text_block(state, code, index, text, signature, sources))
    return _page(f"Sign-off: {language_name(code)}", state, "\n".join(parts))


def _read(root: Path, code: str) -> tuple[list[ReviewText], dict[str, Any], dict[str, Any]]:
    return review_texts(root, code), read_signatures(root, code), _sources(root, code)


def _sources(root: Path, code: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in (root / "sources.yaml", root / "locales" / code / "sources.yaml"):
        if path.is_file():
            document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for source in document.get("sources") or []:
                found[str(source["id"])] = source
    return found


def _shown(text: str) -> str:
    """A text as written, tags and placeholders included (what the translator wrote is what
    is signed), escaped."""
    return escape(text) if text else '<i class="missing">(no English text)</i>'


def _text_block(
    state: ReviewState,
    code: str,
    index: int,
    text: ReviewText,
    signature: Any,
    sources: dict[str, dict[str, Any]],
) -> str:
    status = status_of(text, signature)
    note = ""
    if signature is not None:
        verb = "approved" if signature.approved else "flagged"
        note = f" ({verb} by {escape(signature.reviewer)} on {escape(signature.date)})"
        if signature.comment:
            note += f': <span class="comment">{escape(signature.comment)}</span>'
    cited = []
    for source_id in text.source_ids:
        source = sources.get(source_id)
        if source is None:
            cited.append(escape(source_id))
            continue
        cited.append(
            f'{escape(str(source["publisher"]))}: <a href="{escape(str(source["url"]))}"'
            f' rel="noreferrer">{escape(str(source["title"]))}</a>'
        )
    action = _link(state, f"/language/{code}/sign")
    critical = " critical" if text.safety_critical else ""
    return (
        f'<div class="text{critical}" id="t-{index}" data-id="{escape(text.id)}"'
        f' data-status="{status.value}">'
        f'<div class="id">{escape(text.id)} · <span class="status status-{status.value}">'
        f"{status.value}</span>{note}</div>"
        f'<div class="pair"><div class="english" lang="en">{_shown(text.english)}'
        f'</div><div class="translated" lang="{code}">{_shown(text.translated)}'
        "</div></div>"
        f'<div class="sources">Sources: {"; ".join(cited) or "none named"}</div>'
        f'<form class="sign" method="post" action="{action}">'
        f'<input type="hidden" name="secret" value="{state.form_secret}">'
        f'<input type="hidden" name="text_id" value="{escape(text.id)}">'
        f'<input type="hidden" name="anchor" value="t-{index}">'
        '<button type="submit" name="action" value="approve" class="approve">Approve</button>'
        '<textarea name="comment" placeholder="What is wrong (needed to flag)"></textarea>'
        '<button type="submit" name="action" value="flag" class="flag">Flag</button>'
        "</form></div>"
    )


async def _sign(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    code = _language(request)
    form = await request.post()
    _check_secret(state, form.get("secret"))
    reviewer = state.reviewer
    if reviewer is None:
        raise web.HTTPSeeOther(_link(state, "/"))
    text_id, action = str(form.get("text_id", "")), str(form.get("action", ""))
    if action not in ("approve", "flag"):
        raise web.HTTPBadRequest(text="Approve or flag.")
    texts = await asyncio.to_thread(review_texts, state.root, code)
    text = next((t for t in texts if t.id == text_id), None)
    if text is None:
        raise web.HTTPNotFound(text="No such text (has it just changed?).")
    try:
        await asyncio.to_thread(
            record,
            state.root,
            text,
            approved=action == "approve",
            reviewer=reviewer.name,
            registration=reviewer.registration,
            comment=str(form.get("comment", "")),
            today=datetime.now(UTC).date(),
            language=code,
        )
    except SignoffError as error:
        raise web.HTTPBadRequest(text=str(error)) from None
    anchor = str(form.get("anchor", ""))
    anchor = f"#{quote(anchor)}" if anchor.startswith("t-") else ""
    raise web.HTTPSeeOther(_link(state, f"/language/{code}", anchor))


async def serve_review(root: Path, host: str, port: int, say: Callable[[str], None]) -> None:
    """Runs the page until SIGINT or SIGTERM; says its address (with the token if any)."""
    token = None if host in LOOPBACK else secrets.token_urlsafe(24)
    runner = web.AppRunner(review_app(root, token), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound_port = runner.addresses[0][1]
    shown_host = f"[{host}]" if ":" in host else host
    query = f"/?{urlencode({'token': token})}" if token else "/"
    say(f"Review page: http://{shown_host}:{bound_port}{query}  (Ctrl-C to stop)")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
