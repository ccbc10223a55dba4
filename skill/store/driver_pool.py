"""The driver connections that requests' statements run on, kept apart from SQLAlchemy's pool.

A request sends one or two statements, and handing a connection out through SQLAlchemy's pool and
taking it back (checkout, reset on return, checkin) cost more than a statement's own client-side
work (measured: about 40 µs of CPU per statement against a psycopg statement's 45 to 60 µs). Here
handing one out is a counter and a list pop under a lock. What is handed out is a cursor that
lives as long as its connection (`cursor.connection`): psycopg spends 40% of a statement's
instructions making a new cursor for it (callgrind: 136k instructions per load with a fresh
cursor, 79k with a kept one).

Connections are still made by the engine, so they get the same connect-time set-up (database.py:
SQLite's pragmas, PostgreSQL's options) and are then detached from its pool. Each is used by one
thread at a time; one that failed is closed, never handed out again.

Callers are served first come, first served: one that finds every connection in use queues behind
those already waiting, and a connection given back goes straight to the longest-waiting one.
Were it handed to whichever thread took the lock first, a newcomer could overtake those waiting,
and with more request threads than connections one request could wait past its timeout (and be
answered without memory) while later ones got through.
"""
from __future__ import annotations

import os
import threading
import time
import weakref
from collections import deque
from typing import Any, Callable, Deque, Dict, List, Optional

from sqlalchemy.engine import Engine


class PoolExhausted(TimeoutError):
    """Every connection was in use for the whole wait."""


class _Waiter:
    """A caller waiting for a slot; `granted` once one is handed to it (under the pool's lock)."""
    __slots__ = ("granted", "ready")

    def __init__(self, lock: threading.Lock):
        self.granted = False
        self.ready = threading.Condition(lock)


class DriverPool:
    """At most `size` driver connections in use at once, and up to `keep` of them kept open between
    uses; a caller waits up to `timeout_s` for one, in turn: waiting callers are served in the order
    they came. Connections older than `recycle_s` are replaced when next handed out. `acquire`
    hands out a connection's cursor; `release` and `discard` take it back."""

    def __init__(self, engine: Engine, *, size: int, keep: int, timeout_s: float,
                 recycle_s: Optional[float] = None,
                 prepare: Callable[[Any], None] = lambda conn: None):
        self._engine = engine
        self._keep = keep
        self._timeout_s = timeout_s
        self._recycle_s = recycle_s
        self._prepare = prepare
        self._size = size
        self._lock = threading.Lock()
        # Slots in use, a waiter's included from when one is handed to it. Callers wait only while
        # every slot is in use and a freed one goes straight to a waiter, so while anyone waits
        # _in_use == _size: a newcomer's one check sends it to the back of the queue.
        self._in_use = 0
        self._waiters: Deque[_Waiter] = deque()        # longest-waiting first
        self._idle: List[Any] = []                     # idle connections' cursors, last in first out
        self._made_at: Dict[int, float] = {}           # id(cursor) -> when its connection was made
        self._inherited: List[Any] = []                # a forked child's copies of the parent's idle ones
        pool = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: _after_fork(pool))

    def acquire(self) -> Any:
        with self._lock:
            if self._in_use < self._size:
                self._in_use += 1
            else:
                self._wait_for_a_slot()
            cursor = self._idle.pop() if self._idle else None
        try:
            if cursor is not None:
                if not self._too_old(cursor):
                    return cursor
                self._close(cursor)
            return self._connect()
        except BaseException:
            with self._lock:
                self._slot_freed()
            raise

    def release(self, cursor: Any) -> None:
        """Give back a cursor whose connection is idle and healthy (no transaction left open)."""
        with self._lock:
            kept = len(self._idle) < self._keep
            if kept:
                self._idle.append(cursor)
            self._slot_freed()
        if not kept:
            self._close(cursor)

    def discard(self, cursor: Any) -> None:
        """Close the connection of a cursor that failed; closing rolls back whatever it was doing."""
        self._close(cursor)
        with self._lock:
            self._slot_freed()

    def dispose(self) -> None:
        """Close the idle connections (the server restarted, or the store is closing). Ones in use
        are closed when their users discard them, or replaced at their next failure."""
        with self._lock:
            idle, self._idle = self._idle, []
        for cursor in idle:
            self._close(cursor)

    def _wait_for_a_slot(self) -> None:
        """With the lock held: queue behind the callers already waiting until a slot is handed
        over (it is counted in use already), up to the timeout.

        Handing over and giving up both happen under the lock, so they cannot cross: a waiter
        whose time runs out as a slot is handed to it finds `granted` set when it gets the lock
        back, and takes the slot; one that gives up first has left the queue, and the slot goes to
        the next."""
        waiter = _Waiter(self._lock)
        deadline = time.monotonic() + self._timeout_s
        self._waiters.append(waiter)
        try:
            while not waiter.granted:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise PoolExhausted("every database connection is busy")
                waiter.ready.wait(left)
        except BaseException:           # out of time, or interrupted while waiting
            if waiter.granted:          # handed a slot all the same: pass it on
                self._slot_freed()
            else:
                self._waiters.remove(waiter)
            raise

    def _slot_freed(self) -> None:
        """With the lock held: hand a slot given back to the longest-waiting caller, if any."""
        if self._waiters:
            waiter = self._waiters.popleft()
            waiter.granted = True
            waiter.ready.notify()
        else:
            self._in_use -= 1

    def _too_old(self, cursor: Any) -> bool:
        made_at = self._made_at.get(id(cursor), float("-inf"))    # unknown: from before a fork
        return self._recycle_s is not None and time.monotonic() - made_at >= self._recycle_s

    def _connect(self) -> Any:
        pooled = self._engine.raw_connection()
        conn = pooled.driver_connection
        pooled.detach()                     # ours from now on; the engine's pool forgets it
        try:
            self._prepare(conn)
            cursor = conn.cursor()
        except BaseException:
            _close_connection(conn)
            raise
        self._made_at[id(cursor)] = time.monotonic()
        return cursor

    def _close(self, cursor: Any) -> None:
        self._made_at.pop(id(cursor), None)
        _close_connection(cursor.connection)

    def _forget_inherited(self) -> None:
        """In a forked child: the parent's connections are not ours to use, nor to close (that
        would end the parent's sessions on the shared sockets), so they are set aside, unused. The
        parent's other threads do not exist here: their connections and slots are forgotten."""
        self._inherited.extend(self._idle)
        self._idle, self._made_at = [], {}
        self._lock = threading.Lock()
        self._in_use = 0
        self._waiters = deque()


def _after_fork(pool: "weakref.ref[DriverPool]") -> None:
    alive = pool()
    if alive is not None:
        alive._forget_inherited()


def _close_connection(conn: Any) -> None:
    try:
        conn.close()
    except Exception:      # already broken; nothing left to release
        pass
