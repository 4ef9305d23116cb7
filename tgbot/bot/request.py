"""PTB's ``BaseRequest`` on aiohttp: the bot's HTTP client (``HTTP_BACKEND=aiohttp``, default).

Why: at full speed about 64% of the bot's main thread was httpx, httpcore, h11 and anyio, about
0.65 ms a request (docs/performance.md). aiohttp (a dependency already, for the webhook) parses
HTTP in C, and a JSON body costs one ``json.dumps`` where a form costs one per parameter and
then URL-encoding.

PTB's contract: ``do_request`` returns (status, body bytes) and PTB turns statuses into its
errors (400 BadRequest, 403 Forbidden, 429 RetryAfter, ...); this class raises only for the
network: :class:`telegram.error.TimedOut` for every timeout, :class:`telegram.error.NetworkError`
for the rest (refused, reset, closed mid-response, proxy errors).

PTB's four timeouts, and what they become in aiohttp:

* ``connect``: ``ClientTimeout.sock_connect``, the TCP (and TLS) connect of a new connection.
* ``pool``: waiting for a free connection when all ``connection_pool_size`` (the connector's
  ``limit``) are busy. aiohttp has no knob for the wait alone; its ``ClientTimeout.connect``
  covers the wait and the connect, so it is set to ``pool + connect``.
* ``read``: ``ClientTimeout.sock_read``, the longest gap between two reads of the response,
  the first of them being the wait for the server to answer (PTB adds the long-poll timeout to
  it for ``getUpdates``).
* ``write``: aiohttp has no timeout per socket write. It bounds the whole request instead:
  ``ClientTimeout.total = pool + connect + write + read`` (no total when any of them is None),
  so a request stuck sending still ends. As PTB does, uploads get ``media_write_timeout``.

Proxies: ``proxy`` (the ``TELEGRAM_PROXY_URL`` setting) for every request, else the
``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY`` environment, read once per host. Not aiohttp's
``trust_env``: it also looks for a ``.netrc`` on every request, on a thread (3.5% of the bot's
CPU at full speed, and a thread round trip per call). aiohttp speaks to http:// proxies
(CONNECT for https targets); SOCKS needs ``HTTP_BACKEND=httpx``.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any, Final
from urllib.parse import urlsplit

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON_HEADERS: Final = {"Content-Type": "application/json"}


def _chosen(value: ODVInput[float], default: float | None) -> float | None:
    """PTB passes DEFAULT_NONE when a call sets no timeout of its own."""
    return default if isinstance(value, DefaultValue) else value


def proxy_from_environment(url: str) -> str | None:
    """The proxy the environment gives ``url`` (HTTPS_PROXY for https://, ...), or None when
    there is none or NO_PROXY names the host."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    host = parts.hostname or ""
    if host and urllib.request.proxy_bypass(host):
        return None
    return proxies.get(parts.scheme)


def _sum(*parts: float | None) -> float | None:
    return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)


class AiohttpRequest(BaseRequest):
    """One ``aiohttp.ClientSession`` per instance, opened in :meth:`initialize` and closed in
    :meth:`shutdown`. Defaults are PTB's (``HTTPXRequest``): 5 s read, write and connect, 1 s
    pool, 20 s to write an upload."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_proxy",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = 8,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
        proxy: str | None = None,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._proxy = proxy
        self._proxies: dict[str, str | None] = {}
        """Per scheme and host: the proxy from the environment."""
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                # Telegram's answers are JSON; PTB parses them from the bytes.
                auto_decompress=True,
            )

    async def shutdown(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def timeout(
        self,
        *,
        read: ODVInput[float],
        write: ODVInput[float],
        connect: ODVInput[float],
        pool: ODVInput[float],
        uploads: bool,
    ) -> aiohttp.ClientTimeout:
        """PTB's four timeouts as one ``ClientTimeout`` (the mapping is in the module's doc)."""
        read_s = _chosen(read, self._read_timeout)
        write_default = self._media_write_timeout if uploads else self._write_timeout
        write_s = _chosen(write, write_default)
        connect_s = _chosen(connect, self._connect_timeout)
        pool_s = _chosen(pool, self._pool_timeout)
        return aiohttp.ClientTimeout(
            total=_sum(pool_s, connect_s, write_s, read_s),
            connect=_sum(pool_s, connect_s),
            sock_connect=connect_s,
            sock_read=read_s,
        )

    def _proxy_for(self, url: str) -> str | None:
        if self._proxy is not None:
            return self._proxy
        origin = url[: url.find("/", url.find("//") + 2)]
        if origin not in self._proxies:
            self._proxies[origin] = proxy_from_environment(url)
        return self._proxies[origin]

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized")
        uploads = request_data is not None and request_data.contains_files
        timeout = self.timeout(
            read=read_timeout,
            write=write_timeout,
            connect=connect_timeout,
            pool=pool_timeout,
            uploads=uploads,
        )
        body: Any = None
        headers: dict[str, str] | None = None
        if request_data is not None:
            if uploads:
                body = _multipart(request_data)
            else:
                body = json.dumps(request_data.parameters).encode()
                headers = JSON_HEADERS
        try:
            async with session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=self._proxy_for(url)
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            # aiohttp's own timeouts (ServerTimeoutError, ConnectionTimeoutError) are
            # TimeoutErrors too.
            raise TimedOut(f"aiohttp.{type(error).__name__}") from error
        except aiohttp.ClientError as error:
            # The class name says what went wrong even when the message is empty.
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _multipart(request_data: RequestData) -> aiohttp.FormData:
    """Files as parts of their own, every other parameter a field with PTB's JSON value."""
    form = aiohttp.FormData(quote_fields=False)
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, mimetype = part
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form
