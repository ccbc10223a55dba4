"""Serve an app the way production does, `gunicorn -c gunicorn.conf.py APP`, for tests."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, Optional, Tuple

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, path: str, body: bytes = b"", method: str = "POST",
            timeout: float = 10) -> Tuple[int, bytes]:
    """(status, body) of one request on its own connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body or None, {"Content-Type": "application/json"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextmanager
def gunicorn(app: str, env: Dict[str, Optional[str]], log_path: Path, *, ready_path: str = "/healthz",
             timeout_s: float = 30) -> Iterator[int]:
    """Run gunicorn.conf.py with `app` on a free loopback port (the environment gets SKILL_BIND and
    `env`, where None removes a variable); yields the port once `GET ready_path` answers 200;
    stopped on the way out."""
    port = free_port()
    merged = {**os.environ, **env, "SKILL_BIND": f"127.0.0.1:{port}"}
    server_env = {name: value for name, value in merged.items() if value is not None}
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", app],
                                   cwd=PROJECT_DIR, env=server_env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            assert process.poll() is None, log_path.read_text()
            status: Optional[int] = None
            try:
                status = request(port, ready_path, method="GET")[0]
            except OSError:
                pass
            if status == 200:
                break
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)
