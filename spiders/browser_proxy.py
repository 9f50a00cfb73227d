"""The rendering browser's only way out: a small HTTP proxy that keeps the network boundary.

Chromium resolves names and follows redirects by itself, out of reach of Scrapy and of
Playwright's request routing (which never sees a redirect's next hop). So the browser is
launched with this proxy as its ``--proxy-server`` (loopback included): every connection it
makes, each redirect hop and each script's request alike, is asked of the proxy, which
resolves the host, refuses it unless `AddressPolicy` permits every address, and connects to
the address it checked (no second lookup to be rebound). A refusal answers 403 and is
remembered by host, so `NetworkBoundaryMiddleware` can record the page as ``blocked_address``.

It speaks just what Chromium sends a proxy: ``CONNECT host:port`` (https, websockets) and
absolute-form plain-http requests, one per connection (``Connection: close`` is forced).
"""

from __future__ import annotations

import asyncio
import logging
import socket
from urllib.parse import urlsplit

from monitor.network import AddressPolicy, as_address

log = logging.getLogger("termswatch.capture")

MAX_HEAD = 64 * 1024


class BrowserProxy:
    def __init__(self, policy: AddressPolicy):
        self.policy = policy
        self.refusals: dict[str, str] = {}     # host -> why it was refused
        self.refusal_log: list[str] = []        # every refusal's reason, in order
        # bound now, so the browser's launch options can name the port before the loop runs
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.server: asyncio.AbstractServer | None = None

    def __deepcopy__(self, memo):
        return self  # one running service, shared: Scrapy deep-copies the settings that hold it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def ensure_started(self) -> None:
        if self.server is None:
            self.server = await asyncio.start_server(self._serve, sock=self.socket)

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
        self.socket.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        if len(head) > MAX_HEAD:
            return await self._answer(writer, 431, "Request Header Fields Too Large")
        request_line, _, rest = head.partition(b"\r\n")
        method, target, version = (request_line.decode("latin-1").split(" ") + ["", "", ""])[:3]
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            forward = None
        else:
            parts = urlsplit(target)
            if parts.scheme != "http" or not parts.hostname:
                return await self._answer(writer, 400, "Bad Request")
            host, port = parts.hostname, str(parts.port or 80)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            headers = [line for line in rest.split(b"\r\n") if line and not line.lower().startswith(
                (b"proxy-connection:", b"connection:", b"keep-alive:"))]
            forward = b"\r\n".join([f"{method} {path} {version}".encode("latin-1"), *headers,
                                    b"Connection: close", b"", b""])
        host = host.strip("[]")
        address = await self._permitted_address(host)
        if address is None:
            # empty, so a refused navigation fails at once (net::ERR_HTTP_RESPONSE_CODE_FAILURE)
            return await self._answer(writer, 403, "Forbidden")
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(address, int(port))
        except (OSError, ValueError):
            return await self._answer(writer, 502, "Bad Gateway")
        if forward is None:
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            upstream_writer.write(forward)
        await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))

    async def _permitted_address(self, host: str) -> str | None:
        """The address to connect to for ``host``, or None (and the refusal noted) when the
        host does not resolve or any of its addresses is refused."""
        try:
            addresses = [str(as_address(host))]
        except ValueError:
            try:
                infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError):
                return None
            addresses = list(dict.fromkeys(info[4][0] for info in infos))
        for address in addresses:
            reason = self.policy.refusal(address, host)
            if reason:
                self.refusals[host.lower()] = reason
                self.refusal_log.append(reason)
                log.warning("the browser was kept from connecting to %s: %s", host[:100], reason)
                return None
        return addresses[0] if addresses else None

    @staticmethod
    async def _answer(writer: asyncio.StreamWriter, status: int, phrase: str) -> None:
        writer.write(f"HTTP/1.1 {status} {phrase}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
        try:
            await writer.drain()
        finally:
            writer.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        writer.close()
