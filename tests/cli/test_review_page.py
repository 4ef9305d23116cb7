"""The review page's guards: bound to another address than 127.0.0.1 it needs its random token
in every URL; a sign-off posted without the page's own form secret (another site open in the
same browser) is refused; a flag needs a comment. Nothing is written when refused."""

from __future__ import annotations

import shutil
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.signoff import review_texts, signoff_path
from tgbot.serving.review import STATE, review_app


async def test_the_page_needs_its_token_and_its_form_secret(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    app = review_app(root, token="s3cret-token")
    async with TestClient(TestServer(app)) as client:
        assert (await client.get("/")).status == 403
        assert (await client.get("/?token=wrong")).status == 403
        page = await client.get("/?token=s3cret-token")
        assert page.status == 200
        assert "Your registration" in await page.text()
        secret = app[STATE].form_secret
        refused = await client.post(
            "/reviewer?token=s3cret-token",
            data={"name": "Dr A", "registration": "GMC 1", "secret": "guess"},
            allow_redirects=False,
        )
        assert refused.status == 403
        saved = await client.post(
            "/reviewer?token=s3cret-token",
            data={"name": "Dr A", "registration": "GMC 1", "secret": secret},
            allow_redirects=False,
        )
        assert saved.status == 303
        assert saved.headers["Location"] == "/?token=s3cret-token"
        listing = await (await client.get("/?token=s3cret-token")).text()
        assert 'href="/language/es?token=s3cret-token"' in listing
        first = review_texts(root, "es")[0]
        forged = await client.post(
            "/language/es/sign?token=s3cret-token",
            data={"text_id": first.id, "action": "approve", "secret": "guess"},
            allow_redirects=False,
        )
        assert forged.status == 403
        no_comment = await client.post(
            "/language/es/sign?token=s3cret-token",
            data={"text_id": first.id, "action": "flag", "comment": " ", "secret": secret},
            allow_redirects=False,
        )
        assert no_comment.status == 400
        assert not signoff_path(root, "es").exists()
        approved = await client.post(
            "/language/es/sign?token=s3cret-token",
            data={"text_id": first.id, "action": "approve", "secret": secret, "anchor": "t-0"},
            allow_redirects=False,
        )
        assert approved.status == 303
        assert approved.headers["Location"] == "/language/es?token=s3cret-token#t-0"
        assert first.id in signoff_path(root, "es").read_text(encoding="utf-8")
        assert (await client.get("/language/en?token=s3cret-token")).status == 404


async def test_on_the_loopback_no_token_is_needed(tmp_path: Path) -> None:
    app = review_app(DEFAULT_CONTENT_DIR, token=None)
    async with TestClient(TestServer(app)) as client:
        page = await client.get("/")
        assert page.status == 200
        assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
        # Before the reviewer has given a name, a language page sends them to the form.
        asked = await client.get("/language/es", allow_redirects=False)
        assert (asked.status, asked.headers["Location"]) == (303, "/")


async def test_a_variant_is_reviewed_as_a_language_of_its_own(tmp_path: Path) -> None:
    """pt-PT is listed and signed like a translation: its own texts beside the English, the
    page saying the rest is inherited from pt; its sign-off goes to its own signoff.yaml."""
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    app = review_app(root, token=None)
    async with TestClient(TestServer(app)) as client:
        secret = app[STATE].form_secret
        await client.post(
            "/reviewer", data={"name": "Dra C", "registration": "OM 2", "secret": secret}
        )
        listing = await (await client.get("/")).text()
        assert 'href="/language/pt-PT"' in listing
        page = await (await client.get("/language/pt-PT")).text()
        assert "inherited unchanged from pt" in page
        assert "Não conduza" in page
        assert "Do not drive" in page
        texts = review_texts(root, "pt-PT")
        signed = await client.post(
            "/language/pt-PT/sign",
            data={"text_id": texts[0].id, "action": "approve", "secret": secret},
            allow_redirects=False,
        )
        assert signed.status == 303
        assert texts[0].id in signoff_path(root, "pt-PT").read_text(encoding="utf-8")
        assert not signoff_path(root, "pt").exists()
