"""Shared helpers for store tests: envelopes, a statement counter, lock holders, a TCP proxy, and
the worker run in separate processes (it must be importable, hence here and not in a test file)."""
from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import threading
from pathlib import Path
from datetime import datetime, timedelta, timezone
from typing import Iterator, List

import psycopg
from ask_sdk_core.serialize import DefaultSerializer
from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from skill.config import Settings
from skill.simulator.envelopes import EnvelopeFactory
from skill.store import HISTORY, open_store
from skill.store.schema import history

_serializer = DefaultSerializer()


def envelope(factory: EnvelopeFactory, intent: str = "PreferenceIntent"):
    """A deserialized RequestEnvelope, as the ASK SDK hands it to the persistence adapter."""
    return _serializer.deserialize(json.dumps(factory.intent(intent)), "ask_sdk_model.RequestEnvelope")


def session_entry(minutes_ago: float = 0, kind: str = "mat", minutes: int = 10, **extra) -> dict:
    finished = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    return {"type": kind, "minutes": minutes, "finished_at": finished.isoformat(), **extra}


def remember(store, factory: EnvelopeFactory, *, history=(), **values) -> None:
    """One request's load and save, as a handler makes them: `values` set, `history` entries added."""
    request = envelope(factory)
    attrs = store.adapter.get_attributes(request)
    assert attrs.available
    attrs.update(values)
    attrs[HISTORY].extend(history)
    store.adapter.save_attributes(request, attrs)


def history_ages_days(store) -> List[int]:
    """How many days ago each stored history entry finished, everyone's, youngest first."""
    now = datetime.now(timezone.utc)
    with store.engine.connect() as conn:
        times = conn.execute(select(history.c.finished_at)).scalars().all()
    return sorted(round((now - t).total_seconds() / 86400) for t in times)


@contextlib.contextmanager
def statements(store) -> Iterator[List[str]]:
    """Every SQL statement the store sends while the block runs, counted at the driver: on its
    request pool's connections (a request's load, save and deletes) and on the engine's (health
    checks, migrations).

    SQLite reports everything, BEGIN and COMMIT included; on PostgreSQL we see what goes through a
    cursor (all statements but the BEGIN/COMMIT psycopg sends itself).
    """
    seen: List[str] = []

    class RecordingCursor(psycopg.Cursor):
        def execute(self, query, params=None, **kw):
            seen.append(str(query).strip())
            return super().execute(query, params, **kw)

        def executemany(self, query, params_seq, **kw):
            seen.append(str(query).strip())
            return super().executemany(query, params_seq, **kw)

    class Recording:
        """A request-pool cursor that notes what it sends (psycopg has no statement trace)."""

        def __init__(self, cursor):
            self.cursor, self.connection = cursor, cursor.connection

        def execute(self, query, params=None):
            seen.append(str(query).strip())
            self.cursor.execute(query, params)
            return self

        def fetchall(self):
            return self.cursor.fetchall()

    def record(dbapi_connection, *_):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(lambda sql: seen.append(sql.strip()))
        else:
            dbapi_connection.cursor_factory = RecordingCursor

    def stop(dbapi_connection, *_):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(None)
        elif dbapi_connection is not None:             # None: discarded after a failure
            dbapi_connection.cursor_factory = psycopg.Cursor

    pool = store.connections
    acquire, release, discard = pool.acquire, pool.release, pool.discard

    def recording_acquire():
        cursor = acquire()
        if isinstance(cursor, sqlite3.Cursor):
            record(cursor.connection)
            return cursor
        return Recording(cursor)

    def stopping(give_back):
        def give(cursor):
            if isinstance(cursor, Recording):
                cursor = cursor.cursor
            else:
                stop(cursor.connection)
            give_back(cursor)
        return give

    pool.acquire, pool.release, pool.discard = recording_acquire, stopping(release), stopping(discard)
    event.listen(store.engine, "checkout", record)
    event.listen(store.engine, "checkin", stop)
    try:
        yield seen
    finally:
        del pool.acquire, pool.release, pool.discard
        event.remove(store.engine, "checkout", record)
        event.remove(store.engine, "checkin", stop)


def psycopg_dsn(url: str) -> str:
    """A libpq connection string for a SQLAlchemy or plain PostgreSQL URL."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextlib.contextmanager
def database_locked(url: str, store=None) -> Iterator[None]:
    """Another client holds the whole database until the block ends, so nobody else can read or
    write: SQLite an exclusive lock, PostgreSQL ACCESS EXCLUSIVE locks on our tables.

    SQLite in WAL mode grants an exclusive lock only when no other connection has the file open, so
    the `store`'s idle connections (its request pool's and its engine's) are closed first; its next
    ones then wait.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if store is not None:
            store.close()
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(parsed.database, isolation_level=None)
        try:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
            yield
        finally:
            conn.close()
    else:
        conn = psycopg.connect(psycopg_dsn(url))
        try:
            conn.execute("LOCK TABLE attributes, history IN ACCESS EXCLUSIVE MODE")
            yield
        finally:
            conn.close()


@contextlib.contextmanager
def sqlite_writer_waiting(url: str) -> Iterator[None]:
    """Another process is in the middle of a write: readers go on (WAL), writers wait."""
    conn = sqlite3.connect(make_url(url).database, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield
    finally:
        conn.close()


class TcpProxy:
    """A TCP forwarder we can switch off and on, to take a PostgreSQL server "away" for real."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = 0
        self._listener = None
        self._sockets: List[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
            listener, self._listener = self._listener, None
        for sock in sockets + ([listener] if listener else []):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


def concurrent_request(url: str, user_id: str, person_id, index: int, barrier, timeout_s: float) -> None:
    """One request of the concurrency tests, in its own store (and, under multiprocessing, its own
    process): load, wait until every request has loaded, then append a session and set its own key."""
    store = open_store(Settings(database_url=url, database_timeout_s=timeout_s))
    try:
        factory = EnvelopeFactory(user_id=user_id, person_id=person_id)
        request = envelope(factory, "SessionFinishedIntent")
        attrs = store.adapter.get_attributes(request)
        if not attrs.available:
            raise RuntimeError("load failed")
        barrier.wait(timeout=60)
        attrs[f"pref_{index}"] = {"chosen": index}
        attrs["history"].append(session_entry(minutes_ago=index, index=index))
        store.adapter.save_attributes(request, attrs)
        if store._breaker.is_open:
            raise RuntimeError("save failed")
    finally:
        store.close()
