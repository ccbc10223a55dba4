"""Migrations: idempotent, upgrade an older database, and safe when instances start together."""
from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import datetime, timezone

import pytest
from sqlalchemy import inspect, select, text

from skill.store import HISTORY, open_store
from skill.store.database import create_store_engine, normalize_url, use_wal
from skill.store.schema import LATEST_VERSION, attributes, migrate, schema_version, store_meta

from .helpers import envelope, session_entry


def _versions(engine):
    with engine.connect() as conn:
        query = select(schema_version.c.version).order_by(schema_version.c.version)
        return conn.execute(query).scalars().all()


def test_open_twice_is_idempotent_and_keeps_data(settings, factory):
    first = open_store(settings)
    request = envelope(factory)
    attrs = first.adapter.get_attributes(request)
    attrs["favourite"] = "mat"
    first.adapter.save_attributes(request, attrs)
    first.close()

    second = open_store(settings)
    try:
        assert second.schema_version == LATEST_VERSION
        assert _versions(second.engine) == list(range(1, LATEST_VERSION + 1))
        with second.engine.connect() as conn:
            assert conn.execute(select(store_meta.c.name)).scalars().all() == ["id_hash_key"]
        # Same hash key, so the same person finds their memory again.
        assert second.adapter.get_attributes(envelope(factory))["favourite"] == "mat"
    finally:
        second.close()


def test_version_1_database_is_upgraded(settings, factory):
    engine, _ = create_store_engine(settings.database_url, settings.database_timeout_s)
    assert migrate(engine, upto=1) == 1
    assert _versions(engine) == [1]
    assert "attributes_account" not in {i["name"] for i in inspect(engine).get_indexes("attributes")}
    engine.dispose()

    store = open_store(settings)
    try:
        assert store.schema_version == LATEST_VERSION
        assert _versions(store.engine) == list(range(1, LATEST_VERSION + 1))
        inspector = inspect(store.engine)
        assert "attributes_account" in {i["name"] for i in inspector.get_indexes("attributes")}
        history_indexes = {i["name"] for i in inspector.get_indexes("history")}
        assert {"history_account", "history_owner_finished", "history_finished"} <= history_indexes
        request = envelope(factory)
        attrs = store.adapter.get_attributes(request)
        attrs[HISTORY].append(session_entry())
        store.adapter.save_attributes(request, attrs)
        assert len(store.adapter.get_attributes(envelope(factory))[HISTORY]) == 1
    finally:
        store.close()


def test_the_old_daily_sweep_claim_is_dropped_on_upgrade(settings):
    """Version 4 recorded when the sweep was last claimed; version 5 records when the next is due."""
    engine, _ = create_store_engine(settings.database_url, settings.database_timeout_s)
    assert migrate(engine, upto=4) == 4
    with engine.begin() as conn:
        conn.execute(store_meta.insert().values(name="history_swept_at",
                                                value="2026-12-01T03:00:00.000000Z"))
    assert migrate(engine) == LATEST_VERSION
    with engine.connect() as conn:
        assert conn.execute(select(store_meta.c.name)).scalars().all() == ["id_hash_key"]
    engine.dispose()


def test_device_states_named_by_an_unkeyed_hash_are_dropped_on_upgrade(settings):
    engine, _ = create_store_engine(settings.database_url, settings.database_timeout_s)
    assert migrate(engine, upto=3) == 3
    now = datetime.now(timezone.utc)
    with engine.begin() as conn:
        for key in ("playback.0123456789abcdef0123", "preferences"):
            conn.execute(attributes.insert().values(owner="o" * 64, key=key, account="o" * 64,
                                                    value="{}", updated_at=now))
    assert migrate(engine) == LATEST_VERSION
    with engine.connect() as conn:
        assert conn.execute(select(attributes.c.key)).scalars().all() == ["preferences"]
    engine.dispose()


def test_newer_database_is_left_alone(settings):
    store = open_store(settings)
    with store.engine.begin() as conn:
        conn.execute(schema_version.insert().values(version=LATEST_VERSION + 5, applied_at=conn.execute(
            select(schema_version.c.applied_at)).scalars().first()))
    store.close()
    again = open_store(settings)
    try:
        assert again.schema_version == LATEST_VERSION + 5
        assert again.health()["database"] == "ok"
    finally:
        again.close()


def _open_and_report(url, queue, barrier):
    from skill.config import Settings
    barrier.wait(60)
    store = open_store(Settings(database_url=url, database_timeout_s=10))
    try:
        with store.engine.connect() as conn:
            key = conn.execute(text("SELECT value FROM store_meta")).scalar_one()
        queue.put((store.schema_version, key))
    finally:
        store.close()


def test_instances_starting_together_migrate_once(db_url):
    n = 6
    context = multiprocessing.get_context("spawn")
    queue, barrier = context.Queue(), context.Barrier(n)
    processes = [context.Process(target=_open_and_report, args=(db_url, queue, barrier)) for _ in range(n)]
    for p in processes:
        p.start()
    results = [queue.get(timeout=120) for _ in range(n)]
    for p in processes:
        p.join(60)
    assert [p.exitcode for p in processes] == [0] * n
    assert {version for version, _ in results} == {LATEST_VERSION}
    assert len({key for _, key in results}) == 1            # one key: one migration created it
    engine, _ = create_store_engine(db_url, 5)
    try:
        assert _versions(engine) == list(range(1, LATEST_VERSION + 1))
    finally:
        engine.dispose()


@pytest.mark.parametrize("raw, expected", [
    ("postgres://u:p@db:5432/skill", "postgresql+psycopg://u:p@db:5432/skill"),
    ("postgresql://u@db/skill?sslmode=require", "postgresql+psycopg://u@db/skill?sslmode=require"),
    ("postgresql+psycopg://u@db/skill", "postgresql+psycopg://u@db/skill"),
    ("sqlite:////var/lib/skill/memory.sqlite3", "sqlite:////var/lib/skill/memory.sqlite3"),
])
def test_database_urls(raw, expected):
    url, backend = normalize_url(raw)
    assert url.render_as_string(hide_password=False) == expected
    assert backend == ("sqlite" if raw.startswith("sqlite") else "postgresql")


@pytest.mark.parametrize("raw", ["sqlite://", "sqlite:///:memory:", "mysql://db/x", "nonsense"])
def test_unusable_database_urls(raw):
    with pytest.raises(ValueError):
        normalize_url(raw)


class _Cursor:
    """Answers PRAGMA journal_mode with the errors given, then succeeds."""

    def __init__(self, *errors: str):
        self.errors, self.calls = list(errors), 0

    def execute(self, sql):
        self.calls += 1
        if self.errors:
            raise sqlite3.OperationalError(self.errors.pop(0))
        return self

    def fetchall(self):
        return [("wal",)]


def test_switching_to_wal_waits_out_another_process_opening_the_file():
    """SQLite answers "database is locked" at once, busy_timeout or not, to one of several processes
    switching a new file to WAL together (seen as a worker starting without memory)."""
    cursor, naps = _Cursor("database is locked", "database is locked"), []
    use_wal(cursor, timeout_s=5, sleep=naps.append)
    assert cursor.calls == 3 and len(naps) == 2


@pytest.mark.parametrize("errors, timeout_s", [(("disk I/O error",), 5), (("database is locked",) * 50, 0)])
def test_switching_to_wal_gives_up_on_other_errors_and_at_the_timeout(errors, timeout_s):
    with pytest.raises(sqlite3.OperationalError):
        use_wal(_Cursor(*errors), timeout_s=timeout_s, sleep=lambda s: None)
