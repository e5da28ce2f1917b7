"""Run the app with uvicorn in a background thread (tests, benchmarks) or in the foreground (the CLI)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def config(app: FastAPI, host: str, port: int, access_log: bool = False) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=access_log,
                          lifespan="on", timeout_keep_alive=30, backlog=2048)


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
