"""tgbot's aiohttp request class against misbehaving servers, through PTB's Bot.

Each server is a few lines of asyncio streams, so a test decides byte by byte what the bot
gets: nothing (a timeout), half an answer, a 5xx, or an answer through a proxy.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from telegram import Bot, InputFile
from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from tgbot.bot.request import AiohttpRequest

TOKEN = "123:test"
ME = {"id": 123, "is_bot": True, "first_name": "Test", "username": "test_bot"}

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def raw_server(handler: Handler) -> AsyncIterator[str]:
    tasks: set[asyncio.Task[None]] = set()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            await handler(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()


async def read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode()
    request_line, *lines = head.strip().split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return request_line, headers, body


def response(status: int, payload: object) -> bytes:
    body = json.dumps(payload).encode()
    return (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


@asynccontextmanager
async def bot_on(base_url: str, request: AiohttpRequest) -> AsyncIterator[Bot]:
    bot = Bot(TOKEN, base_url=f"{base_url}/bot", request=request, get_updates_request=request)
    async with request:
        yield bot


async def test_a_call_is_one_json_body_and_its_answer_parsed() -> None:
    seen: list[tuple[str, dict[str, str], bytes]] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await read_request(reader))
        writer.write(
            response(
                200,
                {
                    "ok": True,
                    "result": {
                        "message_id": 5,
                        "date": 0,
                        "chat": {"id": 7, "type": "private"},
                        "text": "hi",
                    },
                },
            )
        )
        await writer.drain()

    async with raw_server(handler) as url, bot_on(url, AiohttpRequest()) as bot:
        message = await bot.send_message(7, "hi <b>there</b>", parse_mode="HTML")
    assert message.message_id == 5
    request_line, headers, body = seen[0]
    assert request_line.startswith(f"POST /bot{TOKEN}/sendMessage ")
    assert headers["content-type"] == "application/json"
    assert json.loads(body) == {"chat_id": 7, "text": "hi <b>there</b>", "parse_mode": "HTML"}


async def test_no_answer_within_the_read_timeout_is_timed_out() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(5)

    async with raw_server(handler) as url, bot_on(url, AiohttpRequest()) as bot:
        with pytest.raises(TimedOut):
            await bot.get_me(read_timeout=0.2)


async def test_a_full_pool_is_timed_out_after_the_pool_timeout() -> None:
    release = asyncio.Event()

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await release.wait()
        writer.write(response(200, {"ok": True, "result": ME}))
        await writer.drain()

    request = AiohttpRequest(1, pool_timeout=0.2, connect_timeout=0.2)
    async with raw_server(handler) as url, bot_on(url, request) as bot:
        first = asyncio.create_task(bot.get_me(read_timeout=5))
        await asyncio.sleep(0.1)
        with pytest.raises(TimedOut):
            await bot.get_me(read_timeout=5)
        release.set()
        assert (await first).username == "test_bot"


def test_ptbs_timeouts_map_to_aiohttps() -> None:
    request = AiohttpRequest(read_timeout=5, write_timeout=4, connect_timeout=3, pool_timeout=1)
    default = AiohttpRequest.DEFAULT_NONE
    timeout = request.timeout(
        read=default, write=default, connect=default, pool=default, uploads=False
    )
    assert (timeout.sock_read, timeout.sock_connect, timeout.connect, timeout.total) == (
        5,
        3,
        4,
        13,
    )
    upload = request.timeout(read=default, write=default, connect=2, pool=None, uploads=True)
    assert (upload.sock_connect, upload.connect, upload.total) == (2, None, None)
    long_poll = request.timeout(
        read=40, write=default, connect=default, pool=default, uploads=False
    )
    assert (long_poll.sock_read, long_poll.total) == (40, 48)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_refused_connection_is_a_network_error() -> None:
    async with bot_on(f"http://127.0.0.1:{_free_port()}", AiohttpRequest()) as bot:
        with pytest.raises(NetworkError) as caught:
            await bot.get_me()
    assert not isinstance(caught.value, TimedOut)
    assert "ClientConnectorError" in str(caught.value)


async def test_a_server_closing_mid_answer_is_a_network_error() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(response(200, {"ok": True, "result": ME})[:-10])
        await writer.drain()
        writer.close()

    async with raw_server(handler) as url, bot_on(url, AiohttpRequest()) as bot:
        with pytest.raises(NetworkError) as caught:
            await bot.get_me()
    assert not isinstance(caught.value, TimedOut)


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_a_5xx_is_a_network_error_with_telegrams_description(status: int) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(
            response(
                status,
                {
                    "ok": False,
                    "error_code": status,
                    "description": "Internal Server Error: restart",
                },
            )
        )
        await writer.drain()

    async with raw_server(handler) as url, bot_on(url, AiohttpRequest()) as bot:
        with pytest.raises(NetworkError, match="restart"):
            await bot.get_me()


async def test_a_400_is_bad_request() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(
            response(
                400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
            )
        )
        await writer.drain()

    async with raw_server(handler) as url, bot_on(url, AiohttpRequest()) as bot:
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(1, "x")


async def test_a_file_goes_as_multipart_with_its_name_and_the_other_fields() -> None:
    request = AiohttpRequest()
    document = InputFile(b'{"user": 7}', filename="my-data.json")
    data = RequestData(
        [
            RequestParameter.from_input("chat_id", 7),
            RequestParameter.from_input("caption", "Your data"),
            RequestParameter.from_input("document", document),
        ]
    )
    seen: list[tuple[str, dict[str, str], bytes]] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        seen.append(await read_request(reader))
        writer.write(response(200, {"ok": True, "result": True}))
        await writer.drain()

    async with raw_server(handler) as url, request:
        status, _ = await request.do_request(f"{url}/bot{TOKEN}/sendDocument", "POST", data)
    assert status == 200
    _, headers, body = seen[0]
    assert headers["content-type"].startswith("multipart/form-data")
    assert b'name="chat_id"' in body
    assert b'filename="my-data.json"' in body
    assert b'{"user": 7}' in body
    assert b"Your data" in body


async def test_a_proxy_setting_carries_every_call() -> None:
    seen: list[str] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line, _, _ = await read_request(reader)
        seen.append(request_line)
        writer.write(response(200, {"ok": True, "result": ME}))
        await writer.drain()

    target = f"http://127.0.0.1:{_free_port()}"
    async with (
        raw_server(proxy) as proxy_url,
        bot_on(target, AiohttpRequest(proxy=proxy_url)) as bot,
    ):
        assert (await bot.get_me()).username == "test_bot"
    # A forward proxy gets the absolute URL of the request.
    assert seen == [f"POST {target}/bot{TOKEN}/getMe HTTP/1.1"]


async def test_the_proxy_environment_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line, _, _ = await read_request(reader)
        seen.append(request_line)
        writer.write(response(200, {"ok": True, "result": ME}))
        await writer.drain()

    target = f"http://127.0.0.1:{_free_port()}"
    async with raw_server(proxy) as proxy_url:
        monkeypatch.setenv("HTTP_PROXY", proxy_url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        async with bot_on(target, AiohttpRequest()) as bot:
            assert (await bot.get_me()).username == "test_bot"
    assert seen == [f"POST {target}/bot{TOKEN}/getMe HTTP/1.1"]


async def test_no_proxy_in_the_environment_goes_direct(monkeypatch: pytest.MonkeyPatch) -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(response(200, {"ok": True, "result": ME}))
        await writer.drain()

    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_free_port()}")  # refuses
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    async with raw_server(handler) as url, bot_on(url, AiohttpRequest()) as bot:
        assert (await bot.get_me()).username == "test_bot"


async def test_a_request_before_initialize_or_after_shutdown_is_refused() -> None:
    request = AiohttpRequest()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:1/x", "POST")
    await request.initialize()
    await request.shutdown()
    with pytest.raises(RuntimeError, match="not initialized"):
        await request.do_request("http://127.0.0.1:1/x", "POST")
