"""The store: one engine, the schema, the breaker, and the work a request asks of the database.

Ids are hashed before any statement sees them, a load is one SELECT, and every write is one
transaction. A request's load and save, and the deletes that forget someone, go straight to a
driver connection of the store's request pool (driver_pool.py, memory_sql.py); health checks,
migrations and the prune sweep use SQLAlchemy. Database trouble surfaces as `StoreUnavailable`;
the adapter decides what that means for a request.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple

from ask_sdk_core.exceptions import PersistenceException
from sqlalchemy import delete, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from .adapter import SqlPersistenceAdapter
from .attributes import Changes, HistoryRow, is_device_key, unique
from .breaker import CircuitBreaker, StoreUnavailable, describe
from .database import (POSTGRES_RECYCLE_S, POSTGRES_REQUEST_POOL, READ, SQLITE_REQUEST_POOL,
                       create_store_engine)
from .driver_pool import DriverPool
from .identity import IdHasher, RawIds
from .memory_sql import memory_sql
from .placement import Placement, checked_speaker
from .schema import history, migrate, read_id_key
from .sweeper import SWEEP_EVERY, claim_sweep, finish_sweep

log = logging.getLogger("skill.store")

HISTORY_DAYS = 90
HISTORY_LIMIT = 500

_BASE_ERRORS = (SQLAlchemyError, OSError, sqlite3.Error)


def _database_errors(backend: str) -> Tuple[type, ...]:
    """What a database failure looks like: SQLAlchemy's errors, and the driver's own on the paths
    SQLAlchemy does not wrap. psycopg is imported only for PostgreSQL (it costs start-up time)."""
    if backend != "postgresql":
        return _BASE_ERRORS
    import psycopg
    return _BASE_ERRORS + (psycopg.Error,)


def _iso(raw: Any) -> str:
    """ISO 8601 UTC text of a stored timestamp: psycopg gives datetimes; SQLite gives its storage
    text, always "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (see schema.UtcDateTime, memory_sql.py)."""
    if isinstance(raw, datetime):
        return raw.astimezone(timezone.utc).isoformat()
    text_ = raw.replace(" ", "T", 1)
    if text_.endswith(".000000"):
        text_ = text_[:-7]
    return text_ + "+00:00"


class _ConnectionLost(Exception):
    """A pooled connection turned out to be closed by the server (restart, idle timeout)."""

    def __init__(self, error: BaseException):
        super().__init__(type(error).__name__)
        self.error = error


class Store:
    """Persistent memory of the skill. Hand `store.adapter` to `CustomSkillBuilder`."""

    def __init__(self, engine: Engine, backend: str, *, timeout_s: float,
                 cooldown_s: float, history_days: int = HISTORY_DAYS,
                 history_limit: int = HISTORY_LIMIT,
                 clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.engine = engine
        self.backend = backend
        self.timeout_s = timeout_s
        # SQLite has one writer at a time. Queueing this process's writers on a lock (woken at once)
        # beats leaving them to SQLite's busy handler, which sleeps up to 100 ms between tries.
        self._write_lock = threading.Lock() if backend == "sqlite" else None
        # Reads are one statement, outside any transaction: no BEGIN/ROLLBACK round trips.
        self._read_options = {READ: True} if backend == "sqlite" else {"isolation_level": "AUTOCOMMIT"}
        self.history_days = history_days
        self.history_limit = history_limit
        self._clock = clock
        self._breaker = CircuitBreaker(cooldown_s, log)
        self._ready_lock = threading.Lock()
        self._hash: Optional[IdHasher] = None
        self.schema_version: Optional[int] = None
        self.adapter = SqlPersistenceAdapter(self)

        self._sql = memory_sql(backend)
        # PostgreSQL stores a load's notes in the load's statement (a round trip saved); SQLite,
        # with no round trips to save, leaves them to the response's save, which skips unchanged ones.
        self.notes_with_load = self._sql.notes_with_load
        self._errors = _database_errors(backend)
        # Requests' statements run on these connections; the engine's serve the rare rest.
        size, keep = POSTGRES_REQUEST_POOL if backend == "postgresql" else SQLITE_REQUEST_POOL
        self.connections = DriverPool(engine, size=size, keep=keep, timeout_s=timeout_s,
                                       recycle_s=POSTGRES_RECYCLE_S if backend == "postgresql" else None,
                                       prepare=self._sql.prepare_connection)

    # -- plumbing ---------------------------------------------------------------------------------
    def _prepare(self) -> IdHasher:
        """Migrate and read the id key once; retried on later calls if the database was down."""
        hasher = self._hash
        if hasher is not None:
            return hasher
        with self._ready_lock:
            if self._hash is None:
                version = migrate(self.engine)
                with self.engine.connect() as conn:
                    key = read_id_key(conn)
                self.schema_version = version
                self._hash = IdHasher(key)
            return self._hash

    def _guarded(self, use: Callable[[IdHasher], Any], *, write: bool, guarded: bool) -> Any:
        """The promises of every call: skipped while the breaker is open (unless `guarded` is
        False), writers of this process queued on the write lock, a connection the server had
        dropped replaced once, database errors turned into `StoreUnavailable` and counted by the
        breaker."""
        if guarded and not self._breaker.allow():
            raise StoreUnavailable("database skipped during cool-down")
        lock = self._write_lock if write else None
        try:
            hasher = self._prepare()
            if lock is not None and not lock.acquire(timeout=self.timeout_s):
                raise TimeoutError("too many writers waiting")
            try:
                try:
                    result = use(hasher)
                except _ConnectionLost:
                    # A restart or an idle timeout on the server: every pooled connection is as
                    # dead. Fresh pools, and the same work once more (it is all idempotent).
                    self.close()
                    result = use(hasher)
            finally:
                if lock is not None:
                    lock.release()
        except _ConnectionLost as lost:
            self._breaker.failed(lost.error)
            raise StoreUnavailable(describe(lost.error)) from lost.error
        except self._errors as exc:
            self._breaker.failed(exc)
            raise StoreUnavailable(describe(exc)) from exc
        self._breaker.succeeded()
        return result

    def _run(self, work: Callable[[Connection, IdHasher], Any], *, guarded: bool = True) -> Any:
        """Run `work`, a single statement that needs no transaction around it, on a SQLAlchemy
        connection. For the rare calls (health, the first migration); requests use
        `_run_on_driver`."""
        def use(hasher: IdHasher) -> Any:
            try:
                with self.engine.connect() as conn:
                    conn.execution_options(**self._read_options)
                    with conn.begin():
                        return work(conn, hasher)
            except DBAPIError as exc:
                if exc.connection_invalidated:
                    raise _ConnectionLost(exc) from exc
                raise

        return self._guarded(use, write=False, guarded=guarded)

    def _run_on_driver(self, work: Callable[[Any, IdHasher], Any], *, write: bool,
                       statements: int = 1, durable: bool = False, guarded: bool = True) -> Any:
        """Run `work` on the cursor of a request-pool connection (driver_pool.py, memory_sql.py):
        one statement on its own, or a write transaction of `statements`. A connection that failed
        is closed, not reused."""
        def use(hasher: IdHasher) -> Any:
            cursor = self.connections.acquire()
            try:
                if write:
                    result = self._sql.write(cursor, lambda c: work(c, hasher), statements=statements,
                                             durable=durable)
                else:
                    result = self._sql.read(cursor, lambda c: work(c, hasher))
            except BaseException as exc:
                lost = getattr(cursor.connection, "broken", False)   # psycopg: the server is gone
                self.connections.discard(cursor)        # closing it rolls back whatever it was doing
                if lost and isinstance(exc, self._errors):
                    raise _ConnectionLost(exc) from exc
                raise
            self.connections.release(cursor)
            return result

        return self._guarded(use, write=write, guarded=guarded)

    def try_prepare(self) -> None:
        """Migrate now if the database is there; otherwise run without memory and retry later."""
        try:
            self._run(lambda conn, hasher: None, guarded=False)
        except StoreUnavailable:
            pass

    # -- the work of a request --------------------------------------------------------------------
    def load(self, ids: RawIds, note: Optional[Dict[str, str]] = None
             ) -> Tuple[Dict[str, str], List[HistoryRow], Optional[str]]:
        """Attributes (name -> JSON text), this device's key included; recent history rows (ISO
        time, JSON text), oldest first; and the speaker: the recognised voice profile's hashed id,
        or None for the account's shared memory.

        `note` (name -> JSON text), only where `notes_with_load`, is stored in the same statement,
        for a handler that knows what it will write before it reads (a remedy's "last"); the values
        returned are as they were before it (the caller lays the note over them, and can tell
        what it replaced: "what did I do last time" during the remedy it started)."""
        now = self._clock()
        since = now - timedelta(days=self.history_days)

        def work(cursor, hasher: IdHasher):
            place = Placement(ids, hasher)
            noted = [(*place.stored(key), value) for key, value in note.items()] if note else ()
            values: Dict[str, str] = {}
            rows: List[HistoryRow] = []
            load_args = (cursor, place.owner, place.account, list(place.device_keys), since,
                         self.history_limit)
            loaded = (self._sql.load_noting(*load_args, noted, now) if noted
                      else self._sql.load(*load_args))
            for key, value, finished_at in loaded:
                if key is None:
                    rows.append((_iso(finished_at), value))
                else:
                    values[place.device_keys.get(key, key)] = value
            return values, rows, place.speaker

        if note and not self.notes_with_load:
            raise ValueError("this backend saves notes with the response (Store.notes_with_load)")
        return self._run_on_driver(work, write=bool(note))

    def apply(self, ids: RawIds, changes: Changes) -> List[HistoryRow]:
        """Write one request's changes in one transaction; returns the history rows inserted."""
        now = self._clock()
        sql = self._sql

        others = {checked_speaker(speaker): rows for speaker, rows in changes.appends_of_others.items()}

        def work(cursor, hasher: IdHasher):
            place = Placement(ids, hasher)
            owner, account = place.owner, place.account
            for key_owner, keys in place.by_owner(changes.deletes).items():
                sql.delete_keys(cursor, key_owner, keys)
            if changes.upserts:
                sql.upsert(cursor, [(*place.stored(key), value) for key, value in changes.upserts.items()],
                           account, now)
            inserted = self._append(cursor, owner, account, changes.appends, now)
            for speaker, rows in others.items():
                self._append(cursor, speaker or account, account, rows, now)
            return inserted

        # Each owner's deletes are one statement, the upserts one; appending is a read, an insert
        # and the pruning of that owner's entries past the retention.
        owners_deleting = (len({is_device_key(key) for key in changes.deletes}) if ids.person_id
                           else bool(changes.deletes))
        statements = owners_deleting + bool(changes.upserts) + 3 * (bool(changes.appends) + len(others))
        return self._run_on_driver(work, write=True, statements=statements)

    def _append(self, cursor, owner: str, account: str, rows: List[HistoryRow], now: datetime
                ) -> List[HistoryRow]:
        """Insert the history rows `owner` does not have yet; returns them."""
        if not rows:
            return []
        times = {iso: datetime.fromisoformat(iso) for iso, _ in rows}
        stored = self._sql.stored_history(cursor, owner, sorted(times.values()))
        inserted = unique(rows, [(_iso(t), e) for t, e in stored])
        if inserted:
            self._sql.insert_history(cursor, owner, account, [(times[iso], e) for iso, e in inserted], now)
            self._sql.prune_history(cursor, owner, now - timedelta(days=self.history_days))
        return inserted

    def delete_owner(self, ids: RawIds) -> None:
        """Everything stored for this person, on disk before it returns: their memory, and for a
        recognised speaker the device states they started (so a session of theirs that finishes
        later cannot write their history again). Tried even during a cool-down: someone asked us
        to forget them."""
        def work(cursor, hasher: IdHasher):
            place = Placement(ids, hasher)
            self._sql.delete_owner(cursor, place.owner)
            if place.speaker is not None:
                self._sql.delete_device_states_of(cursor, place.account, place.speaker)

        self._run_on_driver(work, write=True, statements=3 if ids.person_id else 2, durable=True,
                            guarded=False)

    def delete_history_entry(self, ids: RawIds, row: HistoryRow) -> None:
        """One history row (ISO time, JSON text) of this person's, on disk before it returns: we
        are about to tell them it is forgotten. Tried even during a cool-down, as `delete_owner`."""
        finished_at = datetime.fromisoformat(row[0])
        self._run_on_driver(lambda cursor, hasher: self._sql.delete_history_entry(
            cursor, Placement(ids, hasher).owner, finished_at, row[1]),
            write=True, statements=1, durable=True, guarded=False)

    # -- operations -------------------------------------------------------------------------------
    def forget_account(self, user_id: str) -> None:
        """Delete everything of an Alexa account, its voice profiles included (SkillDisabled).

        Raises PersistenceException when it could not, so the caller can log or retry honestly.
        """
        if not user_id:
            raise PersistenceException("no user id to forget")
        try:
            self._run_on_driver(lambda cursor, hasher: self._sql.delete_account(cursor, hasher(user_id)),
                                write=True, statements=2, durable=True, guarded=False)
        except StoreUnavailable as exc:
            raise PersistenceException(f"could not delete the account's data: {exc}") from exc

    def prune_history(self, *, batch: int = 5000) -> int:
        """Delete everyone's history entries older than the retention (`history_days`), in batches
        of `batch` rows, each its own transaction; returns how many. Requests prune the history
        they add to; this catches the people who stopped coming (`python -m skill prune-history`,
        daily)."""
        cutoff = self._clock() - timedelta(days=self.history_days)
        oldest = select(history.c.id).where(history.c.finished_at < cutoff).limit(batch)
        total = 0
        while True:
            deleted = self._run(lambda conn, hasher: conn.execute(
                delete(history).where(history.c.id.in_(oldest))).rowcount, guarded=False)
            total += deleted
            if deleted < batch:
                return total

    def prune_history_if_due(self, every: timedelta = SWEEP_EVERY) -> Optional[int]:
        """`prune_history`, if no process on this database has swept in the last `every` or is
        sweeping now; returns how many entries it deleted, or None when none was due. Of many
        workers and instances checking at once, one claims the sweep (sweeper.claim_sweep); if
        its sweep fails, the claim lapses after a few minutes instead of the day."""
        now = self._clock()
        claim = self._run(lambda conn, hasher: claim_sweep(conn, now), guarded=False)
        if claim is None:
            return None
        deleted = self.prune_history()
        self._run(lambda conn, hasher: finish_sweep(conn, claim, now + every), guarded=False)
        return deleted

    def health(self) -> Dict[str, Any]:
        """For /healthz: a bounded `SELECT 1`. Also closes the breaker when the database is back."""
        start = time.perf_counter()
        report: Dict[str, Any] = {"backend": self.backend}
        try:
            self._run(lambda conn, hasher: conn.execute(text("SELECT 1")).scalar(), guarded=False)
        except StoreUnavailable as exc:
            report.update(database="unavailable", error=str(exc))
        else:
            report.update(database="ok", schema_version=self.schema_version)
        report["latency_ms"] = round((time.perf_counter() - start) * 1000, 2)
        return report

    def close(self) -> None:
        """Close the idle connections of both pools (the request pool's and the engine's). The
        store stays usable: its next statements open new ones."""
        self.connections.dispose()
        self.engine.dispose()


def open_store(settings, *, cooldown_s: Optional[float] = None, **options) -> Store:
    """The store for `settings.database_url`, migrated if the database is reachable.

    An unreachable database does not stop the skill: it starts without memory and migrates on the
    first request that reaches the database.
    """
    engine, backend = create_store_engine(settings.database_url, settings.database_timeout_s)
    store = Store(engine, backend, timeout_s=settings.database_timeout_s,
                  cooldown_s=settings.database_retry_s if cooldown_s is None else cooldown_s, **options)
    store.try_prepare()
    return store
