"""Run the app with uvicorn in a background thread (tests, benchmarks) or in the foreground (the CLI).

uvicorn closes an idle kept-alive connection, but it waits for a request's headers for ever: a client that sends
half a request line and then nothing (or a byte now and then) holds its connection and a file descriptor for as
long as it likes, and a few thousand of them stop the server from accepting anyone. :class:`HeaderDeadline`
closes a connection whose request headers are not complete :data:`HEADER_TIMEOUT` seconds after it opened or
after its last response.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEADER_TIMEOUT = 30.0  # seconds a client has to send a request's headers (uvicorn's keep-alive is as long)


class HeaderDeadline(HttpToolsProtocol):
    """uvicorn's HTTP protocol with a deadline for each request's headers (see the module)."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request on this connection has the same time for its headers

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(HEADER_TIMEOUT, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.cycle is None or self.cycle.response_complete:  # no request is being answered: close
            self.transport.close()


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def config(app: FastAPI, host: str, port: int, access_log: bool = False) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=access_log,
                          lifespan="on", timeout_keep_alive=30, backlog=2048, http=HeaderDeadline)


@contextmanager
def running(app: FastAPI, host: str = "127.0.0.1", port: int | None = None,
            timeout: float = 20.0) -> Iterator[str]:
    """Serve ``app`` on ``host`` (a free port unless given) in a daemon thread; yields the base URL."""
    port = port or free_port(host)
    server = uvicorn.Server(config(app, host, port))
    # uvicorn (0.29 on) installs its signal handlers only when it runs in the main thread
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError(f"the server on {host}:{port} did not start")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the server on {host}:{port} did not start within {timeout} s")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
