"""The store: one engine, the schema, the breaker, and the few statements a request needs.

Statements are built once here (SQLAlchemy then reuses their compiled form), ids are hashed before
any statement sees them, a load is one SELECT, and every write is one transaction. Database trouble
surfaces as `StoreUnavailable`; the adapter decides what that means for a request.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Optional, Tuple

from ask_sdk_core.exceptions import PersistenceException
from sqlalchemy import (Integer, String, bindparam, delete, insert, literal_column, null, select, text,
                        type_coerce, union_all)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .adapter import SqlPersistenceAdapter
from .attributes import Changes, HistoryRow, unique
from .breaker import CircuitBreaker, StoreUnavailable, describe
from .database import READ, WRITE, create_store_engine
from .identity import IdHasher, RawIds
from .schema import attributes, history, migrate, read_id_key

log = logging.getLogger("skill.store")

DEFAULT_COOLDOWN_S = 5.0
HISTORY_DAYS = 90
HISTORY_LIMIT = 500

try:  # the drivers' own base errors, for the rare paths SQLAlchemy does not wrap
    import sqlite3
    _DRIVER_ERRORS: Tuple[type, ...] = (sqlite3.Error,)
except ImportError:  # pragma: no cover
    _DRIVER_ERRORS = ()
try:
    import psycopg
    _DRIVER_ERRORS += (psycopg.Error,)
except ImportError:  # pragma: no cover
    pass
_DATABASE_ERRORS = (SQLAlchemyError, OSError) + _DRIVER_ERRORS


def _iso(raw: Any) -> str:
    """ISO 8601 UTC text of a raw timestamp: psycopg gives datetimes; SQLite gives SQLAlchemy's
    storage text, always "YYYY-MM-DD HH:MM:SS.ffffff" in UTC (see schema.UtcDateTime)."""
    if isinstance(raw, datetime):
        return raw.astimezone(timezone.utc).isoformat()
    text_ = raw.replace(" ", "T", 1)
    if text_.endswith(".000000"):
        text_ = text_[:-7]
    return text_ + "+00:00"


class Store:
    """Persistent memory of the skill. Hand `store.adapter` to `CustomSkillBuilder`."""

    def __init__(self, engine: Engine, backend: str, *, timeout_s: float,
                 cooldown_s: float = DEFAULT_COOLDOWN_S, history_days: int = HISTORY_DAYS,
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

        # A person's whole memory in one statement: their attributes, then recent history (the time
        # raw, as the driver returns it, turned into ISO text in load()).
        recent = (select(history.c.id, history.c.finished_at, history.c.entry)
                  .where(history.c.owner == bindparam("owner"),
                         history.c.finished_at >= bindparam("since"))
                  .order_by(history.c.finished_at.desc(), history.c.id.desc())
                  .limit(history_limit)
                  .subquery())
        self._select_memory = union_all(
            select(attributes.c.key, attributes.c.value,
                   type_coerce(null(), String).label("finished_at"),
                   type_coerce(null(), Integer).label("id"))
            .where(attributes.c.owner == bindparam("owner")),
            select(type_coerce(null(), String), recent.c.entry,
                   type_coerce(recent.c.finished_at, String), recent.c.id),
        ).order_by(literal_column("finished_at"), literal_column("id"))
        self._select_stored_history = select(history.c.finished_at, history.c.entry).where(
            history.c.owner == bindparam("owner"),
            history.c.finished_at.in_(bindparam("times", expanding=True)))
        upsert = (pg_insert if backend == "postgresql" else sqlite_insert)(attributes)
        self._upsert = upsert.on_conflict_do_update(
            index_elements=[attributes.c.owner, attributes.c.key],
            set_={"value": upsert.excluded.value, "updated_at": upsert.excluded.updated_at,
                  "account": upsert.excluded.account})
        self._delete_keys = delete(attributes).where(
            attributes.c.owner == bindparam("owner"),
            attributes.c.key.in_(bindparam("keys", expanding=True)))
        self._insert_history = insert(history)

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

    def _run(self, work: Callable[[Connection, IdHasher], Any], *, write: bool = False,
             read: bool = False, guarded: bool = True) -> Any:
        """Run `work` in one transaction (`read`: a single statement, no transaction needed).
        Guarded calls are skipped while the breaker is open."""
        if guarded and not self._breaker.allow():
            raise StoreUnavailable("database skipped during cool-down")
        lock = self._write_lock if write else None
        try:
            hasher = self._prepare()
            if lock is not None and not lock.acquire(timeout=self.timeout_s):
                raise TimeoutError("too many writers waiting")
            try:
                with self.engine.connect() as conn:
                    if write:
                        conn.execution_options(**{WRITE: True})
                    elif read:
                        conn.execution_options(**self._read_options)
                    with conn.begin():
                        result = work(conn, hasher)
            finally:
                if lock is not None:
                    lock.release()
        except _DATABASE_ERRORS as exc:
            self._breaker.failed(exc)
            raise StoreUnavailable(describe(exc)) from exc
        self._breaker.succeeded()
        return result

    def try_prepare(self) -> None:
        """Migrate now if the database is there; otherwise run without memory and retry later."""
        try:
            self._run(lambda conn, hasher: None, read=True, guarded=False)
        except StoreUnavailable:
            pass

    # -- the work of a request --------------------------------------------------------------------
    def load(self, ids: RawIds) -> Tuple[Dict[str, str], List[HistoryRow]]:
        """Attributes (name -> JSON text) and recent history rows (ISO time, JSON text), oldest first."""
        since = self._clock() - timedelta(days=self.history_days)

        def work(conn: Connection, hasher: IdHasher):
            values: Dict[str, str] = {}
            rows: List[HistoryRow] = []
            for key, value, finished_at, _id in conn.execute(
                    self._select_memory, {"owner": hasher(ids.owner), "since": since}).all():
                if key is not None:
                    values[key] = value
                else:
                    rows.append((_iso(finished_at), value))
            return values, rows

        return self._run(work, read=True)

    def apply(self, ids: RawIds, changes: Changes) -> List[HistoryRow]:
        """Write one request's changes in one transaction; returns the history rows inserted."""
        now = self._clock()

        def work(conn: Connection, hasher: IdHasher):
            owner, account = hasher(ids.owner), hasher(ids.user_id)
            if changes.deletes:
                conn.execute(self._delete_keys, {"owner": owner, "keys": changes.deletes})
            if changes.upserts:
                conn.execute(self._upsert, [
                    {"owner": owner, "key": key, "account": account, "value": value,
                     "updated_at": now} for key, value in changes.upserts.items()])
            inserted: List[HistoryRow] = []
            if changes.appends:
                times = {iso: datetime.fromisoformat(iso) for iso, _ in changes.appends}
                stored = conn.execute(self._select_stored_history, {
                    "owner": owner, "times": sorted(times.values())}).all()
                inserted = unique(changes.appends, [(t.isoformat(), e) for t, e in stored])
                if inserted:
                    conn.execute(self._insert_history, [
                        {"owner": owner, "account": account, "finished_at": times[iso], "entry": e,
                         "recorded_at": now} for iso, e in inserted])
            return inserted

        return self._run(work, write=True)

    def delete_owner(self, ids: RawIds) -> None:
        def work(conn: Connection, hasher: IdHasher):
            owner = hasher(ids.owner)
            conn.execute(delete(attributes).where(attributes.c.owner == owner))
            conn.execute(delete(history).where(history.c.owner == owner))

        self._run(work, write=True, guarded=False)

    # -- operations -------------------------------------------------------------------------------
    def forget_account(self, user_id: str) -> None:
        """Delete everything of an Alexa account, its voice profiles included (SkillDisabled).

        Raises PersistenceException when it could not, so the caller can log or retry honestly.
        """
        if not user_id:
            raise PersistenceException("no user id to forget")

        def work(conn: Connection, hasher: IdHasher):
            account = hasher(user_id)
            conn.execute(delete(attributes).where(attributes.c.account == account))
            conn.execute(delete(history).where(history.c.account == account))

        try:
            self._run(work, write=True, guarded=False)
        except StoreUnavailable as exc:
            raise PersistenceException(f"could not delete the account's data: {exc}") from exc

    def health(self) -> Dict[str, Any]:
        """For /healthz: a bounded `SELECT 1`. Also closes the breaker when the database is back."""
        start = time.perf_counter()
        report: Dict[str, Any] = {"backend": self.backend}
        try:
            self._run(lambda conn, hasher: conn.execute(text("SELECT 1")).scalar(), read=True,
                      guarded=False)
        except StoreUnavailable as exc:
            report.update(database="unavailable", error=str(exc))
        else:
            report.update(database="ok", schema_version=self.schema_version)
        report["latency_ms"] = round((time.perf_counter() - start) * 1000, 2)
        return report

    def close(self) -> None:
        self.engine.dispose()


def open_store(settings, *, cooldown_s: float = DEFAULT_COOLDOWN_S, **options) -> Store:
    """The store for `settings.database_url`, migrated if the database is reachable.

    An unreachable database does not stop the skill: it starts without memory and migrates on the
    first request that reaches the database.
    """
    engine, backend = create_store_engine(settings.database_url, settings.database_timeout_s)
    store = Store(engine, backend, timeout_s=settings.database_timeout_s, cooldown_s=cooldown_s, **options)
    store.try_prepare()
    return store
