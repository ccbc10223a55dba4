"""How a request envelope reaches the skill: in-process through Flask, or over HTTP to a server.

A transport is anything with `send(envelope) -> response dict`; it raises TransportError when the
skill does not answer with HTTP 200 and a JSON body (Alexa would then say "There was a problem
with the requested skill's response").
"""
from __future__ import annotations

import json
import shutil
import ssl
import tempfile
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Protocol

ALEXA_PATH = "/alexa"


class TransportError(RuntimeError):
    def __init__(self, message: str, status: Optional[int] = None, body: str = ""):
        super().__init__(message)
        self.status = status
        self.body = body


class Transport(Protocol):
    def send(self, envelope: Mapping[str, Any]) -> Dict[str, Any]: ...


def _parse(status: int, body: bytes) -> Dict[str, Any]:
    text = body.decode("utf-8", errors="replace")
    if status != 200:
        raise TransportError(f"HTTP {status}: {text[:300]}", status, text)
    try:
        data = json.loads(text)
    except ValueError:
        raise TransportError(f"the skill's answer is not JSON: {text[:300]!r}", status, text) from None
    if not isinstance(data, dict):
        raise TransportError("the skill's answer is not a JSON object", status, text)
    return data


class FlaskTransport:
    """POSTs to a Flask app through its test client: no server, no network, no signature."""

    def __init__(self, app: Any, path: str = ALEXA_PATH, cleanup: Optional[Path] = None,
                 owns_app: bool = False):
        self.app = app
        self.path = path
        self.client = app.test_client()
        self._cleanup = cleanup
        self._owns_app = owns_app
        self.alexa_api: Any = None              # a SimulatedAlexaApi the app calls, if any
        # What time it is for the in-process app's store (its 90 days of memory): the simulator
        # sets it to its own clock, so simulated time is the store's time as well as the skill's.
        self.clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)

    def send(self, envelope: Mapping[str, Any]) -> Dict[str, Any]:
        reply = self.client.post(self.path, data=json.dumps(envelope),
                                 headers={"Content-Type": "application/json"})
        return _parse(reply.status_code, reply.get_data())

    def close(self) -> None:
        if self._owns_app:              # the real app keeps a database connection open
            store = (getattr(self.app, "extensions", {}).get("back_relief") or {}).get("store")
            if store is not None and hasattr(store, "close"):
                store.close()
            self._owns_app = False
        if self._cleanup is not None:
            shutil.rmtree(self._cleanup, ignore_errors=True)
            self._cleanup = None


class HttpTransport:
    """POSTs to a running skill server. Requests are unsigned, so the server must run with
    request verification off (`python -m skill serve --no-verify`)."""

    def __init__(self, url: str, timeout: float = 10.0, insecure: bool = False):
        self.url = url
        self.timeout = timeout
        self.context = ssl._create_unverified_context() if insecure else None  # noqa: S323

    def send(self, envelope: Mapping[str, Any]) -> Dict[str, Any]:
        request = urllib.request.Request(self.url, data=json.dumps(envelope).encode("utf-8"),
                                         headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as reply:
                return _parse(reply.status, reply.read())
        except urllib.error.HTTPError as exc:
            return _parse(exc.code, exc.read())
        except (urllib.error.URLError, OSError) as exc:
            raise TransportError(f"cannot reach {self.url}: {getattr(exc, 'reason', exc)}") from None

    def close(self) -> None:
        pass


def in_process_transport(settings: Any = None, alexa_api: Any = None) -> FlaskTransport:
    """The real skill, in this process: `skill.app.create_app(settings)` with verification off, a
    throw-away database (removed by `close()`) and Alexa's APIs simulated (no network). The
    store keeps time by `transport.clock` (the simulator's, once a Simulator uses the transport)."""
    from skill.app import create_app          # imported late: the simulator works without it
    from skill.config import Settings
    from skill.simulator.alexa_api import SimulatedAlexaApi
    from skill.store import open_store

    workdir = None
    if settings is None:
        workdir = Path(tempfile.mkdtemp(prefix="back-relief-sim-"))
        settings = Settings(verify_requests=False, log_level="WARNING",
                            database_url=f"sqlite:///{workdir / 'simulator.sqlite3'}")
    alexa_api = alexa_api if alexa_api is not None else SimulatedAlexaApi()
    clock: List[Callable[[], datetime]] = []              # the transport's, once there is one
    store = open_store(settings, clock=lambda: clock[0]() if clock else datetime.now(timezone.utc))
    try:
        app = create_app(settings, api_client=alexa_api, store=store)
    except TypeError:                         # an app factory without the api_client hook
        store.close()
        app, alexa_api = create_app(settings), None
    transport = FlaskTransport(app, cleanup=workdir, owns_app=True)
    transport.alexa_api = alexa_api
    clock.append(lambda: transport.clock())
    return transport
