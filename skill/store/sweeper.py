"""The daily history sweep, run by the server itself: nothing older than the retention is kept even
where nobody set up `python -m skill prune-history` in cron.

Each gunicorn worker (gunicorn.conf.py starts one sweeper per worker) looks once an hour whether
the database is due a sweep; the first to claim it sweeps (Store.prune_history_if_due), in the
background, never in a request. A claim is a lease: a sweep that fails, or dies with its worker,
is due again when the lease ends, not a day later. A database that is away is simply tried again
an hour later (the store's breaker logs the outage).
"""
from __future__ import annotations

import logging
import random
import threading
from datetime import datetime, timedelta, timezone
from typing import Optional

from sqlalchemy import text
from sqlalchemy.engine import Connection

from .breaker import StoreUnavailable

log = logging.getLogger("skill.store")

CHECK_EVERY_S = 3600.0
FIRST_CHECK_WITHIN_S = 300.0    # spread over the first minutes, not at every worker's start at once
SWEEP_EVERY = timedelta(days=1)
SWEEP_LEASE = timedelta(minutes=10)     # far longer than a sweep takes, shorter than CHECK_EVERY_S

# store_meta: when the next sweep is due (UTC text that sorts as time). Claiming a sweep moves it a
# lease ahead; finishing one moves it a day ahead.
SWEEP_DUE_AT = "history_sweep_due_at"
_CLAIM = text("UPDATE store_meta SET value = :claim WHERE name = :name AND value <= :now")
_FIRST_CLAIM = text("INSERT INTO store_meta (name, value) VALUES (:name, :claim) "
                    "ON CONFLICT (name) DO NOTHING")
_FINISH = text("UPDATE store_meta SET value = :next WHERE name = :name AND value = :claim")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def claim_sweep(conn: Connection, now: datetime, lease: timedelta = SWEEP_LEASE) -> Optional[str]:
    """The claim (the end of its lease, as stored) when this call won the sweep that is due, else
    None. Each statement is atomic on its own, so of several racing callers exactly one wins."""
    params = {"name": SWEEP_DUE_AT, "now": _stamp(now), "claim": _stamp(now + lease)}
    won = (conn.execute(_CLAIM, params).rowcount == 1
           or conn.execute(_FIRST_CLAIM, params).rowcount == 1)
    return params["claim"] if won else None


def finish_sweep(conn: Connection, claim: str, next_due: datetime) -> None:
    """Record a finished sweep: the next is due at `next_due`, unless our lease ran out mid-sweep
    and another process claimed since (its claim stands)."""
    conn.execute(_FINISH, {"name": SWEEP_DUE_AT, "claim": claim, "next": _stamp(next_due)})


class HistorySweeper:
    """A daemon thread that asks `store` to sweep whenever one is due."""

    def __init__(self, store, *, check_every_s: float = CHECK_EVERY_S,
                 first_check_within_s: float = FIRST_CHECK_WITHIN_S):
        self.store = store
        self._check_every_s = check_every_s
        self._first_check_s = random.uniform(0, first_check_within_s)
        self._stopped = threading.Event()
        self._thread: Optional[threading.Thread] = None

    def start(self) -> "HistorySweeper":
        self._thread = threading.Thread(target=self._run, name="history-sweeper", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    def check_now(self) -> Optional[int]:
        """One look: entries deleted if this process swept, None if no sweep was due (or possible)."""
        try:
            deleted = self.store.prune_history_if_due()
        except StoreUnavailable:
            return None
        if deleted:                     # an empty sweep is not news
            log.info("history sweep: %d entries older than %d days deleted", deleted,
                     self.store.history_days)
        return deleted

    def _run(self) -> None:
        wait_s = self._first_check_s
        while not self._stopped.wait(wait_s):
            try:
                self.check_now()
            except Exception:           # never let the thread die; the next hour tries again
                log.exception("history sweep failed")
            wait_s = self._check_every_s


def start_sweeper_for(app) -> Optional[HistorySweeper]:
    """Start a sweeper for the store of an app made by skill.app.create_app (gunicorn.conf.py's
    post_worker_init); None for any other app."""
    store = getattr(app, "extensions", {}).get("back_relief", {}).get("store")
    if store is None:
        return None
    sweeper = HistorySweeper(store).start()
    app.extensions["back_relief"]["sweeper"] = sweeper
    return sweeper
