"""Tables, and the ordered migrations that build them, applied automatically at start-up.

Every instance (gunicorn workers, several hosts) runs `migrate()` when it opens the store, so it must
be idempotent and safe when they race: the whole upgrade is one transaction, serialised by a
PostgreSQL advisory lock or by SQLite's write lock (BEGIN IMMEDIATE), and each applied step is
recorded in `schema_version`. Migrations only ever append to `MIGRATIONS`; never edit a shipped one.

Identifiers are stored as keyed SHA-256 hashes only (see identity.py): `owner` is the profile whose
data it is (voice profile or account), `account` the Alexa account it belongs to, so disabling the
skill can delete every profile of the account. A device's attribute is named by the keyed hash of
its device id (attributes.DEVICE_KEY_PREFIX).
"""
from __future__ import annotations

import secrets
from datetime import datetime, timezone
from typing import Callable, List, Optional, Tuple

from sqlalchemy import (BigInteger, Column, DateTime, Index, Integer, MetaData, String, Table, Text,
                        delete, func, insert, select, text)
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlalchemy.types import TypeDecorator

from .database import WRITE

HASH_LEN = 64          # hex SHA-256
KEY_LEN = 128          # longest attribute name
ID_KEY_NAME = "id_hash_key"
MIGRATION_TIMEOUT_MS = 60_000
# Arbitrary constant naming our advisory lock ("BackRlf" in ASCII).
_ADVISORY_LOCK_ID = 0x4261636B526C66


class UtcDateTime(TypeDecorator):
    """A timestamp that is always UTC-aware in Python, whatever the backend stores.

    SQLite keeps naive text; PostgreSQL a timestamptz. Writing naive UTC to SQLite and aware UTC to
    PostgreSQL, and attaching UTC on the way back, makes both behave the same.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Optional[datetime], dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Optional[datetime], dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def _id_column(name: str, **kw) -> Column:
    return Column(name, String(HASH_LEN), nullable=False, **kw)


metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

store_meta = Table(
    "store_meta", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

attributes = Table(
    "attributes", metadata,
    _id_column("owner", primary_key=True),
    Column("key", String(KEY_LEN), primary_key=True),
    _id_column("account"),
    Column("value", Text, nullable=False),              # canonical JSON (see adapter.dump_json)
    Column("updated_at", UtcDateTime, nullable=False),
)

history = Table(
    "history", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    _id_column("owner"),
    _id_column("account"),
    Column("finished_at", UtcDateTime, nullable=False),
    Column("entry", Text, nullable=False),               # canonical JSON without finished_at
    Column("recorded_at", UtcDateTime, nullable=False),
)

# Indexes are created by the migration that introduced them, not by Table.create().
history_by_owner = Index("history_owner_finished", history.c.owner, history.c.finished_at)
attributes_by_account = Index("attributes_account", attributes.c.account)
history_by_account = Index("history_account", history.c.account)
history_by_time = Index("history_finished", history.c.finished_at)


# -- migrations ----------------------------------------------------------------------------------
def _v1_initial(conn: Connection) -> None:
    """Attributes, history and the random key that hashes ids."""
    conn.execute(CreateTable(store_meta))
    conn.execute(CreateTable(attributes))
    conn.execute(CreateTable(history))
    conn.execute(CreateIndex(history_by_owner))
    conn.execute(insert(store_meta).values(name=ID_KEY_NAME, value=secrets.token_hex(32)))


def _v2_account_indexes(conn: Connection) -> None:
    """SkillDisabled deletes by account; without these it scans both tables."""
    conn.execute(CreateIndex(attributes_by_account))
    conn.execute(CreateIndex(history_by_account))


def _v3_history_time_index(conn: Connection) -> None:
    """The retention sweep deletes by age across everyone; without this it scans the table."""
    conn.execute(CreateIndex(history_by_time))


def _v4_forget_unkeyed_device_states(conn: Connection) -> None:
    """Device keys were named by an unkeyed hash of the device id, which anyone holding the id can
    recompute; they are now named by the keyed one. The old states go (they only matter while a
    session plays; a session playing during the upgrade resumes from Alexa's own report)."""
    conn.execute(delete(attributes).where(attributes.c.key.like("playback.%")))


def _v5_sweep_claims_are_leases(conn: Connection) -> None:
    """The daily sweep's claim was the time it was last claimed; it is now when the next sweep is
    due (sweeper.SWEEP_DUE_AT), and the old row would only linger. The next check sweeps."""
    conn.execute(delete(store_meta).where(store_meta.c.name == "history_swept_at"))


Migration = Tuple[int, str, Callable[[Connection], None]]
MIGRATIONS: List[Migration] = [
    (1, "initial tables", _v1_initial),
    (2, "account indexes", _v2_account_indexes),
    (3, "history time index", _v3_history_time_index),
    (4, "forget unkeyed device states", _v4_forget_unkeyed_device_states),
    (5, "sweep claims are leases", _v5_sweep_claims_are_leases),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    if not conn.dialect.has_table(conn, schema_version.name):
        return 0
    return conn.execute(select(func.max(schema_version.c.version))).scalar() or 0


def migrate(engine, upto: int = LATEST_VERSION) -> int:
    """Bring the schema to `upto` (default: latest) and return the version reached.

    A database newer than this code is left alone (a rolling deploy may run old and new side by side).
    """
    with engine.connect().execution_options(**{WRITE: True}) as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _ADVISORY_LOCK_ID})
            version = current_version(conn)
            if version < upto and conn.dialect.name == "postgresql":
                # Steps may rebuild indexes of big tables: more than a request's timeout, once.
                conn.execute(text(f"SET LOCAL statement_timeout = {MIGRATION_TIMEOUT_MS}"))
            if version == 0:
                conn.execute(CreateTable(schema_version))
            for number, _name, step in MIGRATIONS:
                if version < number <= upto:
                    step(conn)
                    conn.execute(insert(schema_version).values(
                        version=number, applied_at=datetime.now(timezone.utc)))
                    version = number
            return version


def read_id_key(conn: Connection) -> bytes:
    value = conn.execute(select(store_meta.c.value).where(store_meta.c.name == ID_KEY_NAME)).scalar_one()
    return bytes.fromhex(value)
