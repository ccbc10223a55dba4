"""The driver connections that requests' statements run on, kept apart from SQLAlchemy's pool.

A request sends one or two statements, and handing a connection out through SQLAlchemy's pool and
taking it back (checkout, reset on return, checkin) cost more than a statement's own client-side
work (measured: about 40 µs of CPU per statement against a psycopg statement's 45 to 60 µs). Here
handing one out is a semaphore and a list pop.

Connections are still made by the engine, so they get the same connect-time set-up (database.py:
SQLite's pragmas, PostgreSQL's options) and are then detached from its pool. Each is used by one
thread at a time; one that failed is closed, never handed out again.
"""
from __future__ import annotations

import os
import threading
import time
import weakref
from typing import Any, Callable, Dict, List, Optional, Tuple

from sqlalchemy.engine import Engine


class PoolExhausted(TimeoutError):
    """Every connection was in use for the whole wait."""


class DriverPool:
    """At most `size` driver connections in use at once, and up to `keep` of them kept open between
    uses; a caller waits up to `timeout_s` for one. Connections older than `recycle_s` are replaced
    when next handed out."""

    def __init__(self, engine: Engine, *, size: int, keep: int, timeout_s: float,
                 recycle_s: Optional[float] = None,
                 prepare: Callable[[Any], None] = lambda conn: None):
        self._engine = engine
        self._keep = keep
        self._timeout_s = timeout_s
        self._recycle_s = recycle_s
        self._prepare = prepare
        self._size = size
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._idle: List[Tuple[Any, float]] = []      # (driver connection, made at), last in first out
        self._made_at: Dict[int, float] = {}           # id(connection in use) -> when it was made
        self._inherited: List[Any] = []                # a forked child's copies of the parent's idle ones
        pool = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _after_fork(pool))

    def acquire(self) -> Any:
        if not self._slots.acquire(timeout=self._timeout_s):
            raise PoolExhausted("every database connection is busy")
        try:
            with self._lock:
                idle = self._idle.pop() if self._idle else None
            if idle is not None:
                conn, made_at = idle
                if self._recycle_s is None or time.monotonic() - made_at < self._recycle_s:
                    self._made_at[id(conn)] = made_at
                    return conn
                _close(conn)
            return self._connect()
        except BaseException:
            self._slots.release()
            raise

    def release(self, conn: Any) -> None:
        """Give back a connection that is idle and healthy (no transaction left open)."""
        made_at = self._made_at.pop(id(conn), time.monotonic())
        with self._lock:
            kept = len(self._idle) < self._keep
            if kept:
                self._idle.append((conn, made_at))
        if not kept:
            _close(conn)
        self._slots.release()

    def discard(self, conn: Any) -> None:
        """Close a connection that failed; closing rolls back whatever it was doing."""
        self._made_at.pop(id(conn), None)
        _close(conn)
        self._slots.release()

    def dispose(self) -> None:
        """Close the idle connections (the server restarted, or the store is closing). Ones in use
        are closed when their users discard them, or replaced at their next failure."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn, _made_at in idle:
            _close(conn)

    def _connect(self) -> Any:
        pooled = self._engine.raw_connection()
        conn = pooled.driver_connection
        pooled.detach()                     # ours from now on; the engine's pool forgets it
        try:
            self._prepare(conn)
        except BaseException:
            _close(conn)
            raise
        self._made_at[id(conn)] = time.monotonic()
        return conn

    def _forget_inherited(self) -> None:
        """In a forked child: the parent's connections are not ours to use, nor to close (that
        would end the parent's sessions on the shared sockets), so they are set aside, unused. The
        parent's other threads do not exist here: their connections and slots are forgotten."""
        self._inherited.extend(conn for conn, _made_at in self._idle)
        self._idle, self._made_at = [], {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(self._size)


def _after_fork(pool: "weakref.ref[DriverPool]") -> None:
    alive = pool()
    if alive is not None:
        alive._forget_inherited()


def _close(conn: Any) -> None:
    try:
        conn.close()
    except Exception:      # already broken; nothing left to release
        pass
