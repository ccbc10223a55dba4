"""A circuit breaker: after a database failure, skip the database for a short cool-down.

Without it, every request during an outage would wait out the full timeout before answering. With
it, one request per cool-down pays (the probe) and the rest answer at once without memory. The
outage is logged once when it starts and once when it ends, never per request.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Optional


def describe(exc: BaseException) -> str:
    """Exception class names only: messages can carry hosts, SQL or parameters."""
    name = type(exc).__name__
    orig = getattr(exc, "orig", None)           # SQLAlchemy wraps the driver's exception
    if orig is not None:
        return f"{name} ({type(orig).__module__.split('.')[0]}.{type(orig).__name__})"
    return name


class CircuitBreaker:
    def __init__(self, cooldown_s: float, logger: logging.Logger,
                 clock: Callable[[], float] = time.monotonic):
        self.cooldown_s = cooldown_s
        self._log = logger
        self._clock = clock
        self._lock = threading.Lock()
        self._open_until: Optional[float] = None   # None: closed (database in use)
        self._opened_at = 0.0

    @property
    def is_open(self) -> bool:
        return self._open_until is not None

    def allow(self) -> bool:
        """True when the caller may use the database. While open, one caller per cool-down is let
        through as a probe; the others are told to skip."""
        if self._open_until is None:             # fast path, no lock
            return True
        with self._lock:
            if self._open_until is None:
                return True
            now = self._clock()
            if now >= self._open_until:
                self._open_until = now + self.cooldown_s
                return True
            return False

    def succeeded(self) -> None:
        if self._open_until is None:
            return
        with self._lock:
            if self._open_until is None:
                return
            self._open_until = None
            down_for = self._clock() - self._opened_at
        self._log.info("database available again after %.1f s; memory restored", down_for)

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            now = self._clock()
            newly_open = self._open_until is None
            self._open_until = now + self.cooldown_s
            if newly_open:
                self._opened_at = now
        if newly_open:
            self._log.warning("database unavailable (%s); answering without memory, retrying every "
                              "%g s", describe(exc), self.cooldown_s)


class StoreUnavailable(Exception):
    """The database could not be used for this call (down, locked, slow, or in cool-down).
    The message is an exception class name at most; the cause is chained."""
