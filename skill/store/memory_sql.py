"""The statements every request runs, written for each driver and sent on its own connection.

Loading a person's memory and saving what changed happen on almost every request. Through
SQLAlchemy's execution layer they cost several times what the database itself spends on them (a
load: 165 µs against 10 µs in sqlite3), so these few statements go straight to DB-API
connections of the store's own request pool (driver_pool.py), and so do the deletes that forget a
person, to keep every statement on people's data in one place. The tables, migrations and health
checks stay in SQLAlchemy (schema.py, store.py).

Both backends store the same thing. SQLite keeps timestamps as SQLAlchemy does for its DateTime
type, naive UTC text "YYYY-MM-DD HH:MM:SS.ffffff", which sorts and compares as time; PostgreSQL
keeps timestamptz.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Sequence, Tuple

from .attributes import DEVICE_KEY_PREFIX, DEVICE_RECORD_SUFFIXES, SPEAKER_FIELD

# Rows of one person's memory: (key, value, None) for an attribute, (None, entry, finished_at)
# for a history entry; history oldest first.
MemoryRow = Tuple[Any, str, Any]

# A person's attributes, their account's keys for this device (its state and the records beside
# it: attributes.DEVICE_RECORD_SUFFIXES), and their recent history, in one statement. (A person's
# own device keys and the account's other devices are left out.)
_LOAD = """
SELECT "key", value, NULL AS finished_at, NULL AS id FROM attributes
WHERE owner = {p} AND "key" NOT LIKE {p} OR owner = {p} AND "key" IN ({device_keys})
UNION ALL
SELECT NULL, entry, finished_at, id FROM (
    SELECT id, finished_at, entry FROM history
    WHERE owner = {p} AND finished_at >= {p}
    ORDER BY finished_at DESC, id DESC
    LIMIT {p}
) AS recent
ORDER BY finished_at, id
"""
# An owner's account never changes (a voice profile belongs to one account), so an update leaves
# it, and the account index with it, alone: a third cheaper on SQLite.
_UPSERT = """
INSERT INTO attributes (owner, "key", account, value, updated_at) VALUES {rows}
ON CONFLICT (owner, "key") DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
WHERE attributes.value <> excluded.value
"""
# A remedy's note stored with its load (PostgreSQL): the same upsert, but a row whose stored value
# is already the note's never reaches ON CONFLICT. There an unchanged row is still locked, and the
# lock costs a transaction id, WAL and a commit: 130 µs of the server's CPU where a load alone costs
# 47 (python -m bench statements). Someone asking for the same steps again is common.
_NOTE = """
INSERT INTO attributes (owner, "key", account, value, updated_at)
SELECT * FROM (VALUES {rows}) AS given (owner, "key", account, value, updated_at)
WHERE NOT EXISTS (SELECT 1 FROM attributes AS kept
                  WHERE kept.owner = given.owner AND kept."key" = given."key" AND kept.value = given.value)
ON CONFLICT (owner, "key") DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
WHERE attributes.value <> excluded.value
"""
_INSERT_HISTORY = "INSERT INTO history (owner, account, finished_at, entry, recorded_at) VALUES {rows}"
# The LIKE patterns travel as parameters: a literal % would be a placeholder to psycopg.
_DEVICE_KEYS = DEVICE_KEY_PREFIX + "%"


class MemorySql:
    """One backend's spelling of the request statements. `cursor` is the DB-API cursor that the
    request pool keeps with each of its connections (driver_pool.py)."""

    placeholder = "?"

    def __init__(self) -> None:
        p = self.placeholder
        self._load = _LOAD.format(p=p, device_keys=", ".join([p] * (1 + len(DEVICE_RECORD_SUFFIXES))))
        self._upserts: Dict[int, str] = {}
        self._history_inserts: Dict[int, str] = {}

    # -- what differs between backends -----------------------------------------------------------
    def timestamp(self, value: datetime) -> Any:
        """A UTC time as this backend stores it."""
        raise NotImplementedError

    def prepare_connection(self, conn) -> None:
        """Set up a new connection of the request pool (driver_pool.py) once."""

    def read(self, cursor, work: Callable[[Any], Any]) -> Any:
        """Run one statement's `work` without a transaction around it."""
        raise NotImplementedError

    def write(self, cursor, work: Callable[[Any], Any], *, statements: int, durable: bool = False) -> Any:
        """Run `work` (sending `statements` statements) so it commits whole or not at all.

        Request writes (preferences, positions, history) may be lost in the last moments before a
        crash of the machine or the database server, never half-written. `durable` writes (forgetting
        someone) are on disk before this returns: we are about to tell a person their data is gone.
        """
        raise NotImplementedError

    def _in_list(self, column: str, values: Sequence[Any]) -> Tuple[str, List[Any]]:
        return f"{column} IN ({', '.join([self.placeholder] * len(values))})", list(values)

    # -- the statements ---------------------------------------------------------------------------
    # Whether this backend stores a request's notes in the load's own statement (`load_noting`).
    # Only where a statement is a network round trip: elsewhere notes are saved with the response,
    # and only if they changed something.
    notes_with_load = False

    def load(self, cursor, owner: str, account: str, device_keys: Sequence[str], since: datetime,
             limit: int) -> List[MemoryRow]:
        """`owner`'s memory, with `account`'s `device_keys` (as stored: a device's state and the
        records beside it; none without a device)."""
        rows = cursor.execute(self._load, self._load_params(owner, account, device_keys, since,
                                                            limit)).fetchall()
        return [(key, value, finished_at) for key, value, finished_at, _id in rows]

    def _load_params(self, owner: str, account: str, device_keys: Sequence[str], since: datetime,
                     limit: int) -> Tuple[Any, ...]:
        device_keys = list(device_keys) or [None] * (1 + len(DEVICE_RECORD_SUFFIXES))
        return (owner, _DEVICE_KEYS, account, *device_keys, owner, self.timestamp(since), limit)

    def delete_keys(self, cursor, owner: str, keys: Sequence[str]) -> None:
        condition, params = self._in_list('"key"', keys)
        cursor.execute(f"DELETE FROM attributes WHERE owner = {self.placeholder} AND {condition}",
                       [owner, *params])

    def upsert(self, cursor, rows: Sequence[Tuple[str, str, str]], account: str, now: datetime) -> None:
        """All changed attributes, (owner, key, value) each, in one statement."""
        cursor.execute(self._cached(self._upserts, _UPSERT, len(rows), 5),
                       self._upsert_params(rows, account, now))

    def _upsert_params(self, rows: Sequence[Tuple[str, str, str]], account: str, now: datetime
                       ) -> List[Any]:
        stamp = self.timestamp(now)
        params: List[Any] = []
        for owner, key, value in rows:
            params += (owner, key, account, value, stamp)
        return params

    def delete_owner(self, cursor, owner: str) -> None:
        cursor.execute(f"DELETE FROM attributes WHERE owner = {self.placeholder}", (owner,))
        cursor.execute(f"DELETE FROM history WHERE owner = {self.placeholder}", (owner,))

    def delete_device_states_of(self, cursor, account: str, speaker: str) -> None:
        """The account's device keys whose value names `speaker` (see attributes.SPEAKER_FIELD)."""
        p = self.placeholder
        cursor.execute(f'DELETE FROM attributes WHERE owner = {p} AND "key" LIKE {p} AND value LIKE {p}',
                       (account, _DEVICE_KEYS, f'%"{SPEAKER_FIELD}":"{speaker}"%'))

    def delete_account(self, cursor, account: str) -> None:
        """Every profile of an Alexa account (SkillDisabled)."""
        cursor.execute(f"DELETE FROM attributes WHERE account = {self.placeholder}", (account,))
        cursor.execute(f"DELETE FROM history WHERE account = {self.placeholder}", (account,))

    def stored_history(self, cursor, owner: str, times: Sequence[datetime]) -> List[Tuple[Any, str]]:
        """(finished_at, entry) of this person's entries that finished at one of `times`."""
        condition, params = self._in_list("finished_at", [self.timestamp(t) for t in times])
        return cursor.execute(
            f"SELECT finished_at, entry FROM history WHERE owner = {self.placeholder} AND {condition}",
            [owner, *params]).fetchall()

    def delete_history_entry(self, cursor, owner: str, finished_at: datetime, entry: str) -> None:
        """One finished session of `owner`'s ("forget that session"): the rows with its time and
        its canonical JSON (the same session twice, if it ever was stored twice)."""
        p = self.placeholder
        cursor.execute(f"DELETE FROM history WHERE owner = {p} AND finished_at = {p} AND entry = {p}",
                       (owner, self.timestamp(finished_at), entry))

    def prune_history(self, cursor, owner: str, before: datetime) -> None:
        """`owner`'s history entries that finished before `before` (kept no longer than used)."""
        p = self.placeholder
        cursor.execute(f"DELETE FROM history WHERE owner = {p} AND finished_at < {p}",
                       (owner, self.timestamp(before)))

    def insert_history(self, cursor, owner: str, account: str, rows: Sequence[Tuple[datetime, str]],
                       now: datetime) -> None:
        sql = self._cached(self._history_inserts, _INSERT_HISTORY, len(rows), 5)
        stamp = self.timestamp(now)
        params: List[Any] = []
        for finished_at, entry in rows:
            params += (owner, account, self.timestamp(finished_at), entry, stamp)
        cursor.execute(sql, params)

    def _cached(self, cache: Dict[int, str], template: str, count: int, columns: int) -> str:
        """A multi-row statement for `count` rows, built once per count."""
        sql = cache.get(count)
        if sql is None:
            row = f"({', '.join([self.placeholder] * columns)})"
            sql = cache[count] = template.format(rows=", ".join([row] * count))
        return sql


class SqliteMemorySql(MemorySql):
    """pysqlite with its own transaction handling off (see database.py): we say BEGIN ourselves."""

    placeholder = "?"

    def timestamp(self, value: datetime) -> str:
        return value.astimezone(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")

    def read(self, cursor, work):
        return work(cursor)                 # a single SELECT is its own consistent snapshot

    def write(self, cursor, work, *, statements: int, durable: bool = False):
        if durable:
            # synchronous=NORMAL (database.py) may lose the last commits on power loss; FULL syncs
            # the WAL at this commit. It cannot change inside a transaction, hence here.
            cursor.execute("PRAGMA synchronous = FULL")
            result = self.write(cursor, work, statements=max(statements, 2))
            cursor.execute("PRAGMA synchronous = NORMAL")   # a failed connection is discarded instead
            return result
        if statements == 1:
            # A lone INSERT or DELETE takes the write lock when it starts (waiting up to
            # busy_timeout) and commits when it ends: it is its own transaction.
            return work(cursor)
        # IMMEDIATE takes the write lock now, so a second writer waits here (busy_timeout) instead
        # of failing half-way through. A failed connection is closed by the caller: that rolls back.
        cursor.execute("BEGIN IMMEDIATE")
        result = work(cursor)
        cursor.execute("COMMIT")
        return result


class PostgresMemorySql(MemorySql):
    """psycopg 3 in autocommit mode: a lone statement is its own transaction (no BEGIN and COMMIT
    round trips), and several are wrapped in one explicitly."""

    placeholder = "%s"
    notes_with_load = True

    def __init__(self) -> None:
        super().__init__()
        self._loads_noting: Dict[int, str] = {}

    def timestamp(self, value: datetime) -> datetime:
        return value.astimezone(timezone.utc)

    def load_noting(self, cursor, owner: str, account: str, device_keys: Sequence[str],
                    since: datetime, limit: int, note: Sequence[Tuple[str, str, str]], now: datetime
                    ) -> List[MemoryRow]:
        """`load`, with the `note` rows (owner, key, value) upserted, stamped `now`, in the same
        statement: a data-modifying WITH. The SELECT reads the snapshot from before it, so callers
        lay the note over what comes back."""
        sql = self._loads_noting.get(len(note))
        if sql is None:
            row = f"({', '.join([self.placeholder] * 5)})"
            upsert = _NOTE.format(rows=", ".join([row] * len(note)))
            sql = self._loads_noting[len(note)] = f"WITH noted AS ({upsert}) {self._load}"
        params = self._upsert_params(note, account, now)
        params += self._load_params(owner, account, device_keys, since, limit)
        rows = cursor.execute(sql, params).fetchall()
        return [(key, value, finished_at) for key, value, finished_at, _id in rows]

    def _in_list(self, column: str, values: Sequence[Any]) -> Tuple[str, List[Any]]:
        return f"{column} = ANY({self.placeholder})", [list(values)]

    def prepare_connection(self, conn) -> None:
        conn.autocommit = True

    def read(self, cursor, work):
        return work(cursor)

    def write(self, cursor, work, *, statements: int, durable: bool = False):
        if durable:
            # Connections commit without waiting for the disk (synchronous_commit=off, see
            # database.py); this transaction waits.
            def durably(cursor):
                cursor.execute("SET LOCAL synchronous_commit = on")
                return work(cursor)
            return self.write(cursor, durably, statements=2)
        if statements == 1:
            return work(cursor)
        # A failed connection is closed by the caller: that rolls the transaction back.
        with cursor.connection.transaction():
            return work(cursor)


def memory_sql(backend: str) -> MemorySql:
    return PostgresMemorySql() if backend == "postgresql" else SqliteMemorySql()
