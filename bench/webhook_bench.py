"""Webhook benchmark: requests/s and latency of POST /alexa under gunicorn, against a bare Flask floor.

    python -m bench webhook [--duration 10] [--no-postgres] [--threads N] [--repeat 3] [--profile N]

One run serves, in turn and all with gunicorn.conf.py's settings (skill.serving's threaded
worker, 2 workers x 2 threads unless SKILL_WORKERS/SKILL_THREADS or --workers/--threads say
otherwise), a bare Flask JSON endpoint and the skill with request verification on (a local test
CA) and off, each on SQLite and on PostgreSQL. Separate load-generator processes keep 16 keep-alive connections busy on 127.0.0.1 with
pre-built, pre-signed requests of a realistic mix from many users: a warm-up, then a fixed duration.
`--repeat N` runs N rounds of all rows, so that every row, bare Flask included, meets the same
stretches of a shared host's speed, and keeps each row's best run.

It prints requests/s, p50, p99, errors, the ratio to bare Flask with PASS/FAIL against the targets
(>= 0.5 x bare Flask requests/s, p99 < 25 ms, start-up < 1 s), the server's CPU per request (steady
even when other work shares the host) and a local PostgreSQL server's, p50/p99 per request kind,
and the SDK DefaultSerializer vs FastSerializer cost. Start-up is timed as each row's server starts:
from launching gunicorn to the first POST /alexa answered (a new user's signed LaunchRequest; one
worker up is enough); the headline is the skill with verification on and a fresh SQLite file, the
embedded defaults.
`--profile N` instead breaks a request's CPU down in-process and lists cProfile's top functions.
"""
from __future__ import annotations

import argparse
import cProfile
import http.client
import io
import json
import logging
import multiprocessing
import os
import pstats
import random
import re
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

from bench.apps import CA_DIR_ENV, CERT_URL, save_test_ca
from tests.support.gunicorn_process import free_port

PROJECT_DIR = Path(__file__).resolve().parent.parent
GUNICORN_CONF = PROJECT_DIR / "gunicorn.conf.py"
POSTGRES_ENV = "SKILL_BENCH_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
BARE_APP, SKILL_APP = "bench.apps:create_bare_app()", "bench.apps:create_skill_app()"
BENCH_DATABASE = "back_relief_bench"       # created on the PostgreSQL server, emptied per run

TARGET_RATIO = 0.5                          # skill requests/s vs bare Flask
TARGET_P99_MS = 25.0
TARGET_STARTUP_S = 1.0                      # gunicorn launched -> first answered POST /alexa

# What Alexa sends a skill like this one, roughly: mostly one-shots and "next", some sessions,
# and the AudioPlayer events every session produces.
MIX = (("remedy", 0.35), ("next", 0.30), ("start_session", 0.10),
       ("playback_started", 0.125), ("playback_stopped", 0.125))
REMEDY_SLOTS = (("lower back", "spasm"), ("glutes", "tight"), ("upper back", "knot"),
                ("hips", "tight"), ("lower back", "sore"), ("back", "spasm"), ("legs", "overdid it"))
SESSION_SLOTS = (("mat", "PT10M"), ("meditation", "PT5M"), ("heat", "PT15M"), ("release", "PT2M"))


# -- the workload ---------------------------------------------------------------------------------
@dataclass
class Workload:
    """Many users; the first `event_users` have a running timed session (AudioPlayer events)."""

    users: list
    event_users: int
    rng: random.Random
    _slots: Dict[Tuple[str, str, str], object] = field(default_factory=dict)

    @classmethod
    def create(cls, n_users: int, seed: int = 7) -> "Workload":
        from skill.simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeFactory

        users = [EnvelopeFactory(skill_id=DEFAULT_SKILL_ID, device="speaker") for _ in range(n_users)]
        return cls(users, max(1, n_users // 4), random.Random(seed))

    def slot(self, intent: str, name: str, words: str):
        from tests.support.skill_client import resolve, slot_type_of

        key = (intent, name, words)
        if key not in self._slots:
            self._slots[key] = resolve(slot_type_of(intent, name), words)
        return self._slots[key]

    def start_session(self, user) -> dict:
        kind, duration = self.rng.choice(SESSION_SLOTS)
        return user.intent("StartSessionIntent", {
            "session_type": self.slot("StartSessionIntent", "session_type", kind),
            "duration": self.slot("StartSessionIntent", "duration", duration)}, new_session=True)

    def envelope(self, kind: str) -> dict:
        from skill.content import content_for

        rng = self.rng
        if kind in ("playback_started", "playback_stopped"):
            user = self.users[rng.randrange(self.event_users)]
            if user.audio.token is None:          # not seeded (bare Flask): a token of the right shape
                user.audio.token = f"backrelief:mat:10:{uuid.uuid4().hex[:12]}"
            event = "AudioPlayer.PlaybackStarted" if kind == "playback_started" else "AudioPlayer.PlaybackStopped"
            return user.audio_event(event, offset_ms=rng.randrange(0, 600_000, 250))
        if kind == "start_session":
            return self.start_session(self.users[rng.randrange(self.event_users, len(self.users))])
        user = rng.choice(self.users)
        if kind == "remedy":
            area, symptom = rng.choice(REMEDY_SLOTS)
            return user.intent("RemedyIntent", {"area": self.slot("RemedyIntent", "area", area),
                                                "symptom": self.slot("RemedyIntent", "symptom", symptom)},
                               new_session=True)
        conditions = content_for("en-US").conditions
        condition = rng.choice(sorted(conditions))
        user.new_session()
        user.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        user.session_new = False
        user.session_attributes = {"condition": condition,
                                   "step": rng.randrange(len(conditions[condition].steps) - 1)}
        return user.intent("AMAZON.NextIntent")

    def envelopes(self, count: int) -> Tuple[List[str], List[dict]]:
        """`count` requests drawn from MIX: (their kinds, their envelopes)."""
        names, weights = zip(*MIX)
        kinds = self.rng.choices(names, weights, k=count)
        return kinds, [self.envelope(kind) for kind in kinds]


def http_request(port: int, body: bytes, headers: Dict[str, str]) -> bytes:
    """The exact bytes of one keep-alive POST /alexa, so the load generator only writes them."""
    lines = [b"POST /alexa HTTP/1.1", f"Host: 127.0.0.1:{port}".encode(),
             b"Content-Type: application/json", f"Content-Length: {len(body)}".encode()]
    lines += [f"{name}: {value}".encode() for name, value in headers.items()]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def signed_requests(ca, port: int, envelopes: Sequence[dict]) -> List[bytes]:
    out = []
    for envelope in envelopes:
        body = json.dumps(envelope).encode()
        out.append(http_request(port, body, ca.headers_for(body, url=CERT_URL)))
    return out


def seed_sessions(ca, port: int, workload: Workload) -> int:
    """Start a timed session for every event user (ask permission, then play), as Alexa would, so
    PlaybackStarted/Stopped find their session and write its position. Returns failures."""
    failures = 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        for user in workload.users[:workload.event_users]:
            for _ in range(2):
                body = json.dumps(workload.start_session(user)).encode()
                connection.request("POST", "/alexa", body, {"Content-Type": "application/json",
                                                            **ca.headers_for(body, url=CERT_URL)})
                response = connection.getresponse()
                payload = response.read()
                if response.status != 200:
                    failures += 1
                    continue
                user.remember(json.loads(payload))
    finally:
        connection.close()
    return failures


# -- the load generator (runs in its own processes) -----------------------------------------------
_HEADER_END = b"\r\n\r\n"
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
_CLOSE = re.compile(rb"\r\nconnection:\s*close", re.IGNORECASE)


class _Connection:
    """One keep-alive connection with at most one request in flight (a closed loop, like Alexa's
    per-device traffic), cycling through its share of the pre-built requests."""

    def __init__(self, port: int, requests: Sequence[bytes], first: int, stride: int,
                 selector: selectors.BaseSelector):
        self.port, self.requests, self.next, self.stride = port, requests, first, stride
        self.selector = selector
        self.sock: Optional[socket.socket] = None
        self.buffer = b""
        self.sent_at = 0.0
        self.current = 0                          # index of the request in flight

    def connect(self) -> None:
        self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.selector.register(self.sock, selectors.EVENT_READ, self)

    def close(self) -> None:
        if self.sock is not None:
            self.selector.unregister(self.sock)
            self.sock.close()
            self.sock = None

    def send(self) -> None:
        if self.sock is None:
            self.connect()
        self.buffer = b""
        self.sent_at = time.monotonic()
        self.current = self.next % len(self.requests)
        self.sock.sendall(self.requests[self.current])
        self.next += self.stride

    def receive(self) -> Optional[Tuple[int, float, bytes]]:
        """(status, latency s, body) of the request in flight once its whole response is here."""
        data = self.sock.recv(262144)
        if not data:
            raise ConnectionError("server closed the connection")
        self.buffer += data
        end = self.buffer.find(_HEADER_END)
        if end < 0:
            return None
        head = self.buffer[:end]
        length = _CONTENT_LENGTH.search(head)
        if length is None:
            raise ConnectionError("response without Content-Length")
        if len(self.buffer) < end + 4 + int(length.group(1)):
            return None
        latency = time.monotonic() - self.sent_at
        if _CLOSE.search(head):
            self.close()
        return int(head[9:12]), latency, self.buffer[end + 4:]


def load_process(port: int, requests: Sequence[bytes], first: int, total: int, connections: int,
                 warmup_s: float, duration_s: float, max_requests: int, barrier, results) -> None:
    """Keep `connections` connections busy (numbers first.. of `total`, so together they walk every
    request); latencies of responses finishing in the measured window go back through `results`.
    Bounded by time and by `max_requests`."""
    selector = selectors.DefaultSelector()
    pool = [_Connection(port, requests, first + i, total, selector) for i in range(connections)]
    latencies: List[float] = []
    indexes: List[int] = []                       # which request each latency belongs to
    statuses: Counter = Counter()
    socket_errors, error_sample = 0, ""
    measure_from = stop_at = time.monotonic()
    try:
        for connection in pool:
            connection.connect()
        barrier.wait(timeout=120)
        measure_from = time.monotonic() + warmup_s
        stop_at = measure_from + duration_s
        for connection in pool:
            connection.send()
        while time.monotonic() < stop_at and len(latencies) < max_requests:
            for key, _ in selector.select(timeout=0.5):
                connection = key.data
                try:
                    done = connection.receive()
                except OSError as failure:     # ConnectionError included: count it, reconnect
                    socket_errors += 1
                    error_sample = error_sample or f"{type(failure).__name__}: {failure}"
                    connection.close()
                    connection.send()
                    continue
                if done is None:
                    continue
                status, latency, body = done
                if time.monotonic() >= measure_from:
                    latencies.append(latency)
                    indexes.append(connection.current)
                    statuses[status] += 1
                    if status != 200 and not error_sample:
                        error_sample = f"HTTP {status}: {body[:120].decode(errors='replace')}"
                connection.send()
    except Exception as failure:  # noqa: BLE001 - report it instead of hanging the driver
        error_sample = error_sample or f"{type(failure).__name__}: {failure}"
        socket_errors += 1
    finally:
        for connection in pool:
            connection.close()
        measured_s = max(0.0, min(time.monotonic(), stop_at) - measure_from)  # short if capped
        results.put({"latencies": latencies, "indexes": indexes, "statuses": dict(statuses),
                     "measured_s": measured_s,
                     "socket_errors": socket_errors, "error_sample": error_sample})


@dataclass
class LoadResult:
    requests: int
    duration_s: float
    latencies_ms: List[float]
    errors: int
    error_sample: str
    server_cpu_s: Optional[float] = None
    indexes: List[int] = field(default_factory=list)   # request index of each latency
    database_cpu_s: Optional[float] = None    # a PostgreSQL server on this host, same window

    def by_kind(self, kinds: Sequence[str]) -> Dict[str, "LoadResult"]:
        """The same run split by request kind (kinds[i] is the kind of request i)."""
        split: Dict[str, List[float]] = {}
        for index, latency in zip(self.indexes, self.latencies_ms):
            split.setdefault(kinds[index], []).append(latency)
        return {kind: LoadResult(len(values), self.duration_s, values, 0, "")
                for kind, values in split.items()}

    @property
    def cpu_ms_per_request(self) -> Optional[float]:
        """Server CPU per answer: unlike requests/s, hardly moved by other load on the host."""
        if self.server_cpu_s is None or not self.requests:
            return None
        return self.server_cpu_s / self.requests * 1000

    @property
    def database_cpu_ms_per_request(self) -> Optional[float]:
        if self.database_cpu_s is None or not self.requests:
            return None
        return self.database_cpu_s / self.requests * 1000

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_load(port: int, requests: Sequence[bytes], *, connections: int, processes: int,
             warmup_s: float, duration_s: float, max_requests: int,
             server_pid: Optional[int] = None, local_postgres: bool = False) -> LoadResult:
    context = multiprocessing.get_context("spawn")
    processes = max(1, min(processes, connections))
    barrier, results = context.Barrier(processes + 1), context.Queue()
    shares = [connections // processes + (1 if i < connections % processes else 0)
              for i in range(processes)]
    workers = [context.Process(target=load_process, daemon=True, args=(
        port, requests, sum(shares[:index]), connections, share, warmup_s, duration_s,
        max(1, max_requests // processes), barrier, results)) for index, share in enumerate(shares)]
    for worker in workers:
        worker.start()
    cpu_s: Optional[float] = None
    database_s: Optional[float] = None
    try:
        barrier.wait(timeout=120)
        if server_pid:                            # CPU the server burns in the measured window
            time.sleep(warmup_s)
            before = server_cpu_seconds(server_pid)
            database_before = postgres_cpu_seconds() if local_postgres else None
            time.sleep(duration_s)
            after = server_cpu_seconds(server_pid)
            cpu_s = after - before if before is not None and after is not None else None
            if database_before is not None:
                database_s = postgres_cpu_seconds() - database_before
        reports = [results.get(timeout=warmup_s + duration_s + 60) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.terminate()
                worker.join(timeout=5)
    latencies = [s * 1000 for report in reports for s in report["latencies"]]
    indexes = [index for report in reports for index in report["indexes"]]
    errors = sum(report["socket_errors"] for report in reports) + sum(
        count for report in reports for status, count in report["statuses"].items() if status != 200)
    sample = next((report["error_sample"] for report in reports if report["error_sample"]), "")
    measured_s = max(report["measured_s"] for report in reports) or duration_s
    return LoadResult(len(latencies), measured_s, latencies, errors, sample, cpu_s, indexes, database_s)


def precompile_bytecode() -> str:
    """Write skill/'s bytecode first, as a deployment's build step does (README, Deploying): where
    Python writes none at run time (PYTHONDONTWRITEBYTECODE, a read-only image), every worker would
    otherwise compile the whole package from source before its first answer, and start-up would
    measure the compiler (about 0.35 s of this 2-core host's 0.8 s)."""
    import compileall

    compiled = compileall.compile_dir(str(PROJECT_DIR / "skill"), quiet=1)
    return ("skill/ precompiled, as the deployment's build step does" if compiled
            else "skill/ could not be precompiled; start-up includes compiling it")


# -- servers --------------------------------------------------------------------------------------
def gunicorn_settings() -> Dict[str, object]:
    """workers, threads and worker_class as gunicorn.conf.py sets them (it only reads the
    environment), so every row is served the way production is unless told otherwise."""
    import runpy

    return runpy.run_path(str(GUNICORN_CONF))


@contextmanager
def gunicorn(app: str, env: Dict[str, str], log_path: Path, *, workers: int, threads: int,
             probe: Tuple[bytes, Dict[str, str]]) -> Iterator[Tuple[int, int, float]]:
    """Serve `app` with gunicorn.conf.py on a free loopback port; yields (port, master pid, seconds
    from launch to the first answer to `probe`, a POST /alexa body and headers); always stopped
    on the way out."""
    port = free_port()
    server_env = {**os.environ, **env, "SKILL_BIND": f"127.0.0.1:{port}",
                  "SKILL_WORKERS": str(workers), "SKILL_THREADS": str(threads)}
    with open(log_path, "ab") as log:
        launched = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), app],
            cwd=PROJECT_DIR, env=server_env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)                 # its own process group: workers stop with it
    try:
        startup_s = _first_answer(port, process, log_path, probe) - launched
        _wait_until_healthy(port, process, log_path)
        yield port, process.pid, startup_s
    finally:
        _stop(process)


def _first_answer(port: int, process: subprocess.Popen, log_path: Path,
                  probe: Tuple[bytes, Dict[str, str]], timeout_s: float = 60) -> float:
    """time.monotonic() when `probe` first got a 200 answer. Retries every 10 ms while the port
    refuses connections; once the master has bound it, the request waits in the listen backlog
    until a worker has loaded the app, so the retry interval hardly shows in the figure."""
    body, headers = probe
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{_tail(log_path)}")
        connection = http.client.HTTPConnection("127.0.0.1", port,
                                                timeout=max(0.1, deadline - time.monotonic()))
        try:
            connection.request("POST", "/alexa", body, {"Content-Type": "application/json", **headers})
            response = connection.getresponse()
            payload = response.read()
        except OSError:                           # refused until the master binds the port
            time.sleep(0.01)
            continue
        finally:
            connection.close()
        answered = time.monotonic()
        if response.status != 200 or b'"response"' not in payload:
            raise RuntimeError(f"the first POST /alexa got HTTP {response.status}: {payload[:200]!r}")
        return answered
    raise RuntimeError(f"gunicorn answered nothing within {timeout_s:.0f} s:\n{_tail(log_path)}")


def _wait_until_healthy(port: int, process: subprocess.Popen, log_path: Path,
                        timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    healthy = 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{_tail(log_path)}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                healthy += 1
                if healthy >= 4:        # both workers up, most likely; the warm-up covers the rest
                    return
            connection.close()
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not become healthy within {timeout_s:.0f} s:\n{_tail(log_path)}")


def _tail(path: Path, lines: int = 15) -> str:
    """The end of a server log (it lives in a temporary directory that is about to go)."""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)           # graceful: the master stops its workers
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)     # the group we created for this server only
        process.wait(timeout=5)


def _cpu_ticks(pid: str) -> Tuple[str, int]:
    """(command name, user + system CPU in clock ticks) of a process, from Linux /proc."""
    head, _, rest = Path(f"/proc/{pid}/stat").read_text().rpartition(")")
    fields = rest.split()
    return head.partition("(")[2], int(fields[11]) + int(fields[12])      # utime, stime


def server_cpu_seconds(master_pid: int) -> Optional[float]:
    """User + system CPU of a gunicorn master's workers (Linux /proc), or None elsewhere."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        return sum(_cpu_ticks(pid)[1] for pid in children) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def postgres_cpu_seconds() -> float:
    """User + system CPU of every PostgreSQL server process on this host (Linux /proc): when the
    database shares the host, its CPU comes out of the same cores as the skill's."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command, ticks = _cpu_ticks(entry.name)
        except OSError:                           # gone in the meantime
            continue
        if command == "postgres":
            total += ticks
    return total / os.sysconf("SC_CLK_TCK")


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


# -- databases ------------------------------------------------------------------------------------
def prepare_postgres(base_url: str) -> Tuple[Optional[str], str]:
    """(URL of an empty benchmark database, "") or (None, why PostgreSQL rows are skipped)."""
    try:
        import psycopg
        from sqlalchemy.engine import make_url

        from skill.store.database import normalize_url
    except ImportError as missing:
        return None, f"{missing.name} is not installed"
    try:
        url, _backend = normalize_url(base_url)
    except ValueError as bad:
        return None, str(bad)
    dsn = lambda u: u.set(drivername="postgresql").render_as_string(hide_password=False)  # noqa: E731
    try:
        with psycopg.connect(dsn(url), autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                (BENCH_DATABASE,)).fetchone():
                conn.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
        url = url.set(database=BENCH_DATABASE)
        with psycopg.connect(dsn(url), autocommit=True, connect_timeout=3) as conn:
            conn.execute("DROP TABLE IF EXISTS history, attributes, store_meta, schema_version")
    except psycopg.Error as failure:
        return None, f"PostgreSQL at {make_url(base_url).render_as_string()} unreachable: " \
                     f"{type(failure).__name__}: {str(failure).strip().splitlines()[0][:100]}"
    return url.render_as_string(hide_password=False), ""


# -- the serializer microbenchmark ----------------------------------------------------------------
def serializer_costs(bodies: Sequence[bytes], responses: Sequence[bytes], rounds: int = 3
                     ) -> Tuple[float, float, bool]:
    """(SDK DefaultSerializer µs, FastSerializer µs, same JSON out) per request: parse + build the
    RequestEnvelope, then turn a ResponseEnvelope into JSON bytes, as the webhook does."""
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope, ResponseEnvelope

    from skill.serialization import FastSerializer

    sdk, fast = DefaultSerializer(), FastSerializer()
    texts = [body.decode() for body in bodies]
    objects = [fast.deserialize(response, ResponseEnvelope) for response in responses]
    pairs = [(texts[i], objects[i % len(objects)]) for i in range(len(texts))]

    def with_sdk(text, response):
        sdk.deserialize(text, RequestEnvelope)
        return json.dumps(sdk.serialize(response)).encode()

    def with_fast(text, response):
        fast.deserialize_request(json.loads(text))
        return fast.serialize_response(response)

    same = all(json.loads(with_sdk(*pair)) == json.loads(with_fast(*pair)) for pair in pairs[:50])
    best = {}
    for name, run in (("sdk", with_sdk), ("fast", with_fast)):
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            for pair in pairs:
                run(*pair)
            timings.append((time.perf_counter() - started) / len(pairs) * 1e6)
        best[name] = min(timings)
    return best["sdk"], best["fast"], same


# -- in-process app (serializer samples, profiling) -------------------------------------------------
def _log_to_file(tmp: Path) -> None:
    """Log as configure_logging() does under gunicorn (one formatted line per record), to a file."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.FileHandler(tmp / "in-process.log")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)


def in_process_app(tmp: Path, ca, *, verify: bool = True, database_url: Optional[str] = None):
    """The skill app in this process, logging to a file the way gunicorn's stderr would."""
    from skill.app import create_app
    from skill.config import Settings
    from skill.simulator.envelopes import DEFAULT_SKILL_ID
    from skill.verification import ApplicationIdVerifier, TimestampVerifier

    _log_to_file(tmp)
    settings = Settings(skill_id=DEFAULT_SKILL_ID, verify_requests=verify,
                        database_url=database_url or f"sqlite:///{tmp / 'in-process.sqlite3'}",
                        audio_cache_dir=tmp / "audio")
    verifiers = ([ca.make_verifier(url=CERT_URL), TimestampVerifier(), ApplicationIdVerifier(DEFAULT_SKILL_ID)]
                 if verify else None)
    return create_app(settings, verifiers=verifiers)


def _split(raw: bytes) -> Tuple[Dict[str, str], bytes]:
    """Headers and body of a pre-built request (for the Flask test client)."""
    head, _, body = raw.partition(b"\r\n\r\n")
    headers = dict(line.decode().split(": ", 1) for line in head.split(b"\r\n")[1:])
    return headers, body


def in_process_responses(app, requests: Sequence[bytes]) -> List[bytes]:
    client = app.test_client()
    out = []
    for raw in requests:
        headers, body = _split(raw)
        response = client.post("/alexa", data=body, headers=headers)
        if response.status_code == 200:
            out.append(response.get_data())
    return out


class _MemoryStore:
    """Stands in for the database behind the real persistence adapter (same load/apply contract),
    so "without database" removes the database and its driver layer and nothing else."""

    notes_with_load = False

    def __init__(self) -> None:
        self.values: Dict[str, Dict[str, str]] = {}

    def load(self, ids, note=None):
        return dict(self.values.get(ids.owner, {})), [], None

    def apply(self, ids, changes):
        stored = self.values.setdefault(ids.owner, {})
        stored.update(changes.upserts)
        for key in changes.deletes:
            stored.pop(key, None)
        return list(changes.appends)


def _webhook(tmp: Path, ca, variant: str, database_url: Optional[str] = None):
    """AlexaWebhook wired as create_app() wires it, minus what `variant` leaves out; on a fresh
    SQLite file unless `database_url` names another database."""
    from ask_sdk_core.api_client import DefaultApiClient

    from skill.audio.library import AudioLibrary
    from skill.config import Settings
    from skill.simulator.envelopes import DEFAULT_SKILL_ID
    from skill.skill import build_skill
    from skill.store import SqlPersistenceAdapter, open_store
    from skill.verification import ApplicationIdVerifier, TimestampVerifier
    from skill.webhook import AlexaWebhook

    settings = Settings(skill_id=DEFAULT_SKILL_ID, audio_cache_dir=tmp / "audio",
                        database_url=database_url
                        or f"sqlite:///{tmp / f'breakdown-{uuid.uuid4().hex}.sqlite3'}")
    store = open_store(settings)
    adapter = SqlPersistenceAdapter(_MemoryStore()) if variant == "no database" else store.adapter
    skill = build_skill(persistence_adapter=adapter, api_client=DefaultApiClient(), store=store,
                        audio=AudioLibrary(settings.audio_cache_dir, settings.media_base_url))
    verifiers = [ApplicationIdVerifier(DEFAULT_SKILL_ID)]
    if variant != "no verification":
        verifiers[:0] = [ca.make_verifier(url=CERT_URL), TimestampVerifier()]
    return AlexaWebhook(skill, verifiers), store


def _prepared(args, ca, post) -> Tuple[List[str], List[Tuple[Dict[str, str], bytes]]]:
    """Seed sessions through `post(body, headers) -> response JSON`, then the mix, signed."""
    workload = Workload.create(args.users)
    for user in workload.users[:workload.event_users]:
        for _ in range(2):
            body = json.dumps(workload.start_session(user)).encode()
            user.remember(post(body, ca.headers_for(body, url=CERT_URL)))
    kinds, envelopes = workload.envelopes(args.profile)
    return kinds, [_split(raw) for raw in signed_requests(ca, 0, envelopes)]


BREAKDOWN = ("as served", "no verification", "no database")


def _warmed_webhook(args, ca, tmp: Path, variant: str, database_url: Optional[str]):
    """(webhook, store, kinds, signed requests of the mix) on an empty database, after 200
    requests that warm pools, caches and compiled statements."""
    if database_url:
        prepare_postgres(database_url)              # every run starts from an empty database
    webhook, store = _webhook(tmp, ca, variant, database_url)
    kinds, requests = _prepared(args, ca, lambda body, headers: json.loads(
        webhook.handle(body, headers).body))
    for headers, body in requests[:200]:
        webhook.handle(body, headers)
    return webhook, store, kinds, requests


def cost_breakdown(args, ca, tmp: Path, database: str = "SQLite",
                   database_url: Optional[str] = None) -> None:
    """CPU per request in AlexaWebhook.handle (no profiler, best of 3), as served and with one
    part left out at a time: what each part costs, by request kind. CPU time of this thread, so a
    PostgreSQL server's own share is not in it."""
    print(f"CPU µs per request in AlexaWebhook.handle, in-process, {database}, {args.profile} "
          f"requests of the mix, best of 3:")
    names = [name for name, _ in MIX]
    print(f"  {'':22} {'mix':>6}  " + " ".join(f"{name:>16}" for name in names))
    served = None
    for variant in BREAKDOWN:
        best: Optional[Dict[str, float]] = None
        for _ in range(3):
            webhook, store, kinds, requests = _warmed_webhook(args, ca, tmp, variant, database_url)
            spent: Dict[str, List[float]] = {}
            for kind, (headers, body) in zip(kinds, requests):
                started = time.thread_time()
                webhook.handle(body, headers)
                spent.setdefault(kind, []).append(time.thread_time() - started)
            store.close()
            run = {kind: sum(values) / len(values) * 1e6 for kind, values in spent.items()}
            run["mix"] = sum(sum(values) for values in spent.values()) / len(requests) * 1e6
            if best is None or run["mix"] < best["mix"]:
                best = run
        served = served or best
        delta = "" if variant == "as served" else f"  ({best['mix'] - served['mix']:+.0f})"
        print(f"  {variant:22} {best['mix']:6.0f}  "
              + " ".join(f"{best.get(name, float('nan')):16.0f}" for name in names) + delta)
    statements_per_request(args, ca, tmp, database_url)


def statements_per_request(args, ca, tmp: Path, database_url: Optional[str] = None) -> None:
    """SQL statements the store sends per request, counted at the driver in an untimed pass over
    the same mix (on PostgreSQL each is a round trip; SQLite's BEGIN and COMMIT count too)."""
    from tests.store.helpers import statements

    webhook, store, kinds, requests = _warmed_webhook(args, ca, tmp, "as served", database_url)
    sent: Dict[str, List[int]] = {}
    for kind, (headers, body) in zip(kinds, requests):
        with statements(store) as seen:
            webhook.handle(body, headers)
        sent.setdefault(kind, []).append(len(seen))
    store.close()
    mix = sum(sum(counts) for counts in sent.values()) / len(requests)
    print(f"  {'statements':22} {mix:6.2f}  " + " ".join(
        f"{sum(sent[name]) / len(sent[name]) if name in sent else float('nan'):16.2f}"
        for name, _ in MIX))


def profile(args, ca, tmp: Path) -> int:
    """The cost breakdown (SQLite, and PostgreSQL when it is there), then cProfile over the mix
    through app.test_client() (verification on, SQLite): where a request's time goes, without HTTP
    or gunicorn in the way."""
    _log_to_file(tmp)
    cost_breakdown(args, ca, tmp)
    if args.postgres:
        postgres_url, skip_reason = prepare_postgres(os.environ.get(POSTGRES_ENV) or DEFAULT_POSTGRES_URL)
        if postgres_url:
            cost_breakdown(args, ca, tmp, "PostgreSQL", postgres_url)
        else:
            print(f"PostgreSQL breakdown skipped ({skip_reason})")
    app = in_process_app(tmp, ca, verify=not args.no_verify)
    client = app.test_client()
    _kinds, requests = _prepared(args, ca, lambda body, headers: client.post(
        "/alexa", data=body, headers=headers).get_json())
    for headers, body in requests[:200]:
        client.post("/alexa", data=body, headers=headers)
    profiler = cProfile.Profile()
    statuses: Counter = Counter()
    started = time.perf_counter()
    profiler.enable()
    for headers, body in requests:
        statuses[client.post("/alexa", data=body, headers=headers).status_code] += 1
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"\ncProfile, {len(requests)} requests through app.test_client(): "
          f"{elapsed / len(requests) * 1e6:.0f} µs each under the profiler (statuses {dict(statuses)})")
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(args.top)
        print(f"\n== top {args.top} by {order} ==")
        print("\n".join(line for line in out.getvalue().splitlines()
                        if line.strip() and not line.startswith(("   Ordered by", "   List reduced"))))
    app.extensions["back_relief"]["store"].close()
    return 0


# -- the run --------------------------------------------------------------------------------------
@dataclass
class Row:
    name: str
    result: Optional[LoadResult] = None
    skipped: str = ""
    log_lines_per_request: Optional[float] = None
    startup_s: Optional[float] = None            # gunicorn launched -> first answered request
    requests: Optional[List[bytes]] = None       # what was sent (for the serializer samples)
    kinds: Optional[List[str]] = None            # the kind of each of those requests


def run_row(args, ca, name: str, app: str, env: Dict[str, str], log_path: Path) -> Row:
    """One configuration: start its server (timing its first answer, a new user's LaunchRequest),
    seed sessions, sign fresh requests, measure, stop."""
    from skill.simulator.envelopes import DEFAULT_SKILL_ID, EnvelopeFactory

    launch = json.dumps(EnvelopeFactory(skill_id=DEFAULT_SKILL_ID).launch()).encode()
    probe = (launch, ca.headers_for(launch, url=CERT_URL))
    with gunicorn(app, env, log_path, workers=args.workers, threads=args.threads,
                  probe=probe) as (port, pid, startup_s):
        print(f"up in {startup_s:.2f} s, ", end="", flush=True)
        workload = Workload.create(args.users)
        if app == SKILL_APP:
            failures = seed_sessions(ca, port, workload)
            if failures:
                print(f"[{failures} seed requests failed] ", end="")
        # Signed just before use: the skill rejects timestamps more than 150 s old.
        kinds, envelopes = workload.envelopes(args.requests)
        requests = signed_requests(ca, port, envelopes)
        lines_before = _count_lines(log_path)
        result = run_load(port, requests, connections=args.connections, processes=args.processes,
                          warmup_s=args.warmup, duration_s=args.duration,
                          max_requests=args.max_requests, server_pid=pid,
                          local_postgres=_is_local_postgres(env.get("SKILL_DATABASE_URL", "")))
        time.sleep(0.2)                           # let the last log lines land
        lines = _count_lines(log_path) - lines_before
    # Requests answered during the warm-up logged too: divide by all of them (estimated).
    answered = result.requests * (args.warmup + args.duration) / args.duration
    return Row(name, result, log_lines_per_request=lines / answered if answered else None,
               startup_s=startup_s, requests=requests, kinds=kinds)


def _is_local_postgres(url: str) -> bool:
    from sqlalchemy.engine import make_url

    if not url.startswith("postgres"):
        return False
    return (make_url(url).host or "localhost") in ("localhost", "127.0.0.1", "::1")


def configurations(args, postgres_url: Optional[str], skip_reason: str):
    """(name, app, env, skip reason) per row, in the order they run. SQLite rows get a fresh file
    per run (main), PostgreSQL rows an emptied database."""
    yield "bare Flask", BARE_APP, {}, ""
    databases = [("SQLite", "sqlite", "")]
    if args.postgres:
        databases.append(("PostgreSQL", postgres_url or "", skip_reason))
    for database, url, reason in databases:
        for verify in (True, False):
            name = f"skill, verify {'on' if verify else 'off'}, {database}"
            yield name, SKILL_APP, {"SKILL_DATABASE_URL": url,
                                    "SKILL_VERIFY_REQUESTS": str(verify).lower()}, reason


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench webhook", description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per row (max 60)")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first (max 30)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent keep-alive connections")
    parser.add_argument("--processes", type=int, default=2, help="load-generator processes")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap per row")
    parser.add_argument("--requests", type=int, default=2400, help="distinct pre-signed requests per row")
    parser.add_argument("--users", type=int, default=512, help="distinct Alexa users")
    served = gunicorn_settings()
    parser.add_argument("--workers", type=int, default=served["workers"],
                        help=f"gunicorn workers (default from {GUNICORN_CONF.name}: %(default)s)")
    parser.add_argument("--threads", type=int, default=served["threads"],
                        help=f"threads per worker (default from {GUNICORN_CONF.name}: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs per row, best kept (for a busy host; max 5)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the skill servers, e.g. SKILL_LOG_LEVEL=WARNING")
    parser.add_argument("--no-postgres", dest="postgres", action="store_false")
    parser.add_argument("--only", default="", help="run rows whose name contains this text (and bare)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile N requests in-process instead of the HTTP run")
    parser.add_argument("--no-verify", action="store_true", help="with --profile: verification off")
    parser.add_argument("--top", type=int, default=25, help="with --profile: functions listed")
    args = parser.parse_args(argv)
    # A plain SIGTERM would skip the finally blocks that stop the servers this run started.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    args.duration = min(max(args.duration, 1.0), 60.0)
    args.warmup = min(max(args.warmup, 0.0), 30.0)
    args.connections = min(max(args.connections, 1), 256)
    args.requests = min(max(args.requests, 100), 20_000)
    args.users = min(max(args.users, 8), 100_000)
    args.profile = min(max(args.profile, 0), 50_000)
    args.repeat = min(max(args.repeat, 1), 5)
    try:
        extra_env = dict(item.split("=", 1) for item in args.set)
    except ValueError:
        parser.error("--set takes NAME=VALUE")

    from tests.support.alexa_ca import AlexaTestCA

    with tempfile.TemporaryDirectory(prefix="webhook-bench-") as tmp_name:
        tmp = Path(tmp_name)
        ca = AlexaTestCA()                      # one CA for the run; servers read it from disk
        save_test_ca(ca, tmp / "ca")
        if args.profile:
            return profile(args, ca, tmp)
        rows = http_run(args, ca, tmp, extra_env)
        print_table(rows)
        print_serializer_costs(rows, ca, tmp)
    return 0


def http_run(args, ca, tmp: Path, extra_env: Dict[str, str]) -> List[Row]:
    """Every configuration, each served by its own gunicorn; with `--repeat N`, N rounds of all of
    them, and each row keeps its best run."""
    from skill.simulator.envelopes import DEFAULT_SKILL_ID

    postgres_url, skip_reason = (prepare_postgres(os.environ.get(POSTGRES_ENV) or DEFAULT_POSTGRES_URL)
                                 if args.postgres else (None, ""))
    common_env = {CA_DIR_ENV: str(tmp / "ca"), "SKILL_ID": DEFAULT_SKILL_ID,
                  "SKILL_AUDIO_CACHE_DIR": str(tmp / "audio"),
                  "SKILL_PUBLIC_URL": "https://skill.example.test"}
    precompiled = precompile_bytecode()
    load1 = os.getloadavg()[0]
    print(f"webhook benchmark: gunicorn {gunicorn_settings()['worker_class']} {args.workers} workers "
          f"x {args.threads} threads ({GUNICORN_CONF.name}), {args.connections} keep-alive connections "
          f"from {args.processes} processes, {args.warmup:g} s warm-up + {args.duration:g} s measured "
          f"per row; {os.cpu_count()} CPUs, host load average {load1:.1f} at start"
          + (f"; skill servers also get {' '.join(args.set)}" if args.set else ""))
    print(f"bytecode: {precompiled}")
    if load1 > 0.5 * (os.cpu_count() or 1):
        print("note: the host is busy; requests/s will move with that load, cpu ms much less")
    print("mix: " + ", ".join(f"{name} {share:.0%}" for name, share in MIX) +
          f"; {args.users} users, {args.requests} distinct signed requests per row"
          + (f"; best of {args.repeat} runs per row" if args.repeat > 1 else ""))

    # Rounds: every row once per round, so each row's runs sample the same stretches of a shared
    # host's speed as bare Flask's (it drifts over minutes); each row keeps its best run.
    plan = [(name, app, env, reason) for name, app, env, reason
            in configurations(args, postgres_url, skip_reason)
            if not args.only or name == "bare Flask" or args.only.lower() in name.lower()]
    runs: Dict[str, List[Row]] = {name: [] for name, *_ in plan}
    for name, _app, _env, reason in plan:
        if reason:
            print(f"  {name}: skipped ({reason})")
    for attempt in range(args.repeat):
        for index, (name, app, env, reason) in enumerate(plan):
            if reason:
                continue
            round_ = f"[{attempt + 1}/{args.repeat}] " if args.repeat > 1 else ""
            print(f"  {round_}{name}: ", end="", flush=True)
            run_env = {**common_env, **env, **(extra_env if app == SKILL_APP else {})}
            if env.get("SKILL_DATABASE_URL") == "sqlite":     # a fresh file for every run
                run_env["SKILL_DATABASE_URL"] = f"sqlite:///{tmp / f'skill-{index}-{attempt}.sqlite3'}"
            elif "PostgreSQL" in name:
                prepare_postgres(postgres_url)                # every run starts from an empty database
            run = run_row(args, ca, name, app, run_env, tmp / f"server-{index}-{attempt}.log")
            runs[name].append(run)
            print(f"{run.result.rps:.0f} req/s, p99 {run.result.percentile(0.99):.1f} ms"
                  + (f", {run.result.errors} errors ({run.result.error_sample})"
                     if run.result.errors else ""), flush=True)

    rows: List[Row] = []
    for name, _app, _env, reason in plan:
        if reason:
            rows.append(Row(name, skipped=reason))
            continue
        best = max(runs[name], key=lambda run: run.result.rps)   # the least disturbed run
        best.startup_s = min(run.startup_s for run in runs[name])
        rows.append(best)
    return rows


def print_serializer_costs(rows: Sequence[Row], ca, tmp: Path) -> None:
    """The SDK's DefaultSerializer vs FastSerializer on requests the skill was just sent, and on
    the answers it gives them."""
    sent = next((row.requests for row in reversed(rows) if row.requests and row.name != "bare Flask"),
                None)
    if not sent:
        return
    app = in_process_app(tmp, ca, verify=False)
    responses = in_process_responses(app, sent[:600])
    app.extensions["back_relief"]["store"].close()
    sample = [_split(raw)[1] for raw in sent[:600]]
    sdk_us, fast_us, same = serializer_costs(sample, responses)
    print(f"\nserializer, per request (parse + RequestEnvelope + ResponseEnvelope -> JSON bytes, "
          f"{len(sample)} requests of the mix, in-process):")
    print(f"  ask_sdk_core DefaultSerializer {sdk_us:8.0f} µs")
    print(f"  skill FastSerializer           {fast_us:8.0f} µs   ({sdk_us / fast_us:.1f}x faster, "
          f"same JSON: {'yes' if same else 'NO'})")


def print_table(rows: Sequence[Row]) -> None:
    bare = next((row.result for row in rows if row.name == "bare Flask" and row.result), None)
    print(f"\ntargets: skill >= {TARGET_RATIO} x bare Flask requests/s and p99 < {TARGET_P99_MS:g} ms "
          f"at 16 connections; start-up to first answered request < {TARGET_STARTUP_S:g} s")
    header = (f"{'configuration':34} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} "
              f"{'x bare':>6} {'cpu ms':>6} {'db cpu':>6} {'log/req':>7} {'start s':>7}  verdict")
    print(header)
    print("-" * len(header))
    for row in rows:
        if row.result is None:
            print(f"{row.name:34} skipped: {row.skipped}")
            continue
        result = row.result
        ratio = result.rps / bare.rps if bare and bare.rps else float("nan")
        if row.name == "bare Flask":
            verdict = "(floor)"
        else:
            verdict = " ".join(filter(None, [
                f"rps {'PASS' if ratio >= TARGET_RATIO else 'FAIL'}",
                f"p99 {'PASS' if result.percentile(0.99) < TARGET_P99_MS else 'FAIL'}",
                f"start {'PASS' if row.startup_s < TARGET_STARTUP_S else 'FAIL'}",
                "ERRORS" if result.errors else ""]))
        cpu, database_cpu = result.cpu_ms_per_request, result.database_cpu_ms_per_request
        log_rate = row.log_lines_per_request
        print(f"{row.name:34} {result.rps:7.0f} {result.percentile(0.5):7.2f} "
              f"{result.percentile(0.99):7.2f} {result.errors:6d} {ratio:6.2f} "
              f"{'-' if cpu is None else f'{cpu:.2f}':>6} "
              f"{'-' if database_cpu is None else f'{database_cpu:.2f}':>6} "
              f"{'-' if log_rate is None else f'{log_rate:.1f}':>7}"
              f" {row.startup_s:7.2f}  {verdict}")
    print("cpu ms = server (gunicorn workers) CPU per answered request; db cpu = the same for a "
          "PostgreSQL server on this host (its CPU comes from the same cores); log/req = server log "
          "lines per request; start s = gunicorn launched -> first POST /alexa answered (one worker up)")
    starts = {row.name: row.startup_s for row in rows if row.result}
    skill_start = starts.get("skill, verify on, SQLite")    # production defaults: embedded SQLite
    if skill_start is not None:
        print(f"start-up to first answered request: skill {skill_start:.2f} s (target < "
              f"{TARGET_STARTUP_S:g} s: {'PASS' if skill_start < TARGET_STARTUP_S else 'FAIL'})"
              + (f", bare Flask {starts['bare Flask']:.2f} s" if "bare Flask" in starts else ""))
    print("\np50 / p99 ms by request kind (where the tail comes from):")
    names = [name for name, _ in MIX]
    print(f"{'':34} " + " ".join(f"{name:>17}" for name in names))
    for row in rows:
        if row.result is None or not row.kinds:
            continue
        split = row.result.by_kind(row.kinds)
        cells = [f"{split[name].percentile(0.5):7.1f} / {split[name].percentile(0.99):6.1f}"
                 if name in split else f"{'-':>17}" for name in names]
        print(f"{row.name:34} " + " ".join(f"{cell:>17}" for cell in cells))

if __name__ == "__main__":
    raise SystemExit(main())
