"""Engines for the two supported databases, configured so a slow database cannot hold a request.

SQLite (the default, a file) and PostgreSQL (by URL) get the same promises: every wait is bounded
by `Settings.database_timeout_s` (lock waits, pool checkout, connecting, statements), and a write
transaction takes its lock at BEGIN so two writers queue instead of failing half-way.
"""
from __future__ import annotations

import math
import sqlite3
import time
from pathlib import Path
from typing import Callable, Tuple

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url

# Execution options of a unit of work. WRITE: SQLite takes the write lock at BEGIN (IMMEDIATE).
# READ: one statement that needs no transaction around it (no BEGIN/ROLLBACK round trips).
WRITE = "back_relief_write"
READ = "back_relief_read"

# Requests' statements run on the store's own pool (driver_pool.py): (in use at most, kept open).
# 16 covers 16 request threads per process, which each hold a connection only while their
# statements run. Several workers x (16 + ENGINE_POOL's) must fit PostgreSQL's max_connections.
POSTGRES_REQUEST_POOL = (16, 4)
SQLITE_REQUEST_POOL = (16, 8)
# SQLAlchemy's own pool (kept open, extra): health checks, migrations and the prune sweep only.
ENGINE_POOL = (1, 3)
# PostgreSQL connections are replaced after half an hour (server-side memory of long sessions).
POSTGRES_RECYCLE_S = 1800

_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg3"}


def normalize_url(raw: str) -> Tuple[URL, str]:
    """The URL SQLAlchemy should use and the backend name ("sqlite" or "postgresql").

    Hosting platforms hand out `postgres://` and `postgresql://` URLs; both mean psycopg 3 here,
    the only PostgreSQL driver we install.
    """
    text = raw.strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        raise ValueError("SKILL_DATABASE_URL must look like sqlite:///path or postgresql://host/db")
    scheme = scheme.lower()
    if scheme in _POSTGRES_SCHEMES:
        return make_url(f"postgresql+psycopg://{rest}"), "postgresql"
    if scheme in {"sqlite", "sqlite+pysqlite"}:
        url = make_url(f"sqlite://{rest}")
        if not url.database or url.database == ":memory:" or "memory" in str(url.query.get("mode", "")):
            # Each pooled connection would get its own empty database.
            raise ValueError("SKILL_DATABASE_URL: in-memory SQLite is not supported; name a file")
        return url, "sqlite"
    raise ValueError(f"SKILL_DATABASE_URL: unsupported database {scheme!r} (use sqlite or postgresql)")


def create_store_engine(raw_url: str, timeout_s: float) -> Tuple[Engine, str]:
    url, backend = normalize_url(raw_url)
    if backend == "sqlite":
        return _sqlite_engine(url, timeout_s), backend
    return _postgres_engine(url, timeout_s), backend


def _sqlite_engine(url: URL, timeout_s: float) -> Engine:
    """WAL so readers never wait for the writer; busy_timeout bounds waits for the write lock.

    pysqlite's own transaction handling is switched off (isolation_level=None) and we emit BEGIN
    ourselves, the recipe from SQLAlchemy's SQLite notes: it makes DDL transactional and lets write
    transactions say BEGIN IMMEDIATE (a deferred read-then-write transaction can fail with
    SQLITE_BUSY without waiting at all).
    """
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    busy_ms = max(1, int(timeout_s * 1000))
    engine = create_engine(
        url,
        connect_args={"timeout": timeout_s, "check_same_thread": False},
        pool_size=ENGINE_POOL[0],
        max_overflow=ENGINE_POOL[1],
        pool_timeout=timeout_s,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {busy_ms}")
            use_wal(cursor, timeout_s)
            # NORMAL is durable against crashes of the process, and in WAL mode cannot corrupt the
            # file on power loss (the last commits may be lost) - the usual trade-off for WAL.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        options = connection.get_execution_options()
        if options.get(READ):
            return                      # a single SELECT is its own consistent snapshot
        # Straight to the driver: BEGIN needs none of SQLAlchemy's execution machinery.
        connection.connection.driver_connection.execute("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")

    return engine


def use_wal(cursor, timeout_s: float, *, sleep: Callable[[float], None] = time.sleep) -> None:
    """Put the file in WAL mode (it stays so). On a new file, several processes starting at once all
    ask for it, and SQLite then answers some of them "database is locked" at once, without waiting
    for busy_timeout (its way out of a deadlock between two lock upgrades): try again, up to the
    timeout, instead of starting that worker without memory."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
        sleep(0.005)


def _postgres_engine(url: URL, timeout_s: float) -> Engine:
    """Server-side timeouts through libpq `options`, client-side connect and TCP timeouts.

    libpq (and psycopg) treat connect_timeout below 2 s as 2 s, so an unreachable host costs up to
    2 s once per breaker cool-down; statements and lock waits are cut at `timeout_s`.
    """
    timeout_ms = max(1, int(timeout_s * 1000))
    # Commits do not wait for the WAL to reach disk: a crash of the database server may lose the
    # last fraction of a second of preferences and positions (never half a transaction), and each
    # write returns without waiting for an fsync. Deletes still wait (memory_sql.py). The URL's
    # own options come after this one and win: ?options=-c%20synchronous_commit%3Don
    options = ["-c synchronous_commit=off"]
    existing = url.query.get("options")
    if existing:
        options.append(existing if isinstance(existing, str) else " ".join(existing))
        url = url.difference_update_query(["options"])
    options += [
        f"-c statement_timeout={timeout_ms}",
        f"-c lock_timeout={timeout_ms}",
        "-c TimeZone=UTC",              # timestamps come back in UTC, as the store writes them
        # A request that died mid-transaction must not keep locks for long.
        f"-c idle_in_transaction_session_timeout={max(timeout_ms * 4, 5000)}",
    ]
    connect_args = {
        "connect_timeout": max(2, math.ceil(timeout_s)),
        "options": " ".join(options),
        "application_name": "back-relief",
        # Notice a dead peer: unacknowledged data is given up after the timeout.
        "tcp_user_timeout": timeout_ms,
        "keepalives": 1,
        "keepalives_idle": max(1, math.ceil(timeout_s)),
        "keepalives_interval": 1,
        "keepalives_count": 3,
    }
    return create_engine(
        url,
        connect_args=connect_args,
        pool_size=ENGINE_POOL[0],
        max_overflow=ENGINE_POOL[1],
        pool_timeout=timeout_s,
        # No ping before each use (a round trip per request, 0.1 ms here): the store replaces a
        # connection the server dropped and retries, once (Store._guarded).
        pool_pre_ping=False,
        pool_recycle=POSTGRES_RECYCLE_S,
    )
