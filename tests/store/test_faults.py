"""When the database is away, locked or slow, the skill answers without memory, in bounded time,
logs the outage once, writes nothing half-way, and recovers by itself."""
from __future__ import annotations

import logging
import time

import psycopg
import pytest
from ask_sdk_core.exceptions import PersistenceException
from sqlalchemy import text
from sqlalchemy.engine import make_url

from skill.config import Settings
from skill.store import HISTORY, StoreUnavailable, open_store

from .conftest import COOLDOWN_S, TIMEOUT_S
from .helpers import (TcpProxy, database_locked, envelope, psycopg_dsn, remember, session_entry,
                      sqlite_writer_waiting, statements)

SLACK_S = 0.6     # scheduling and connection set-up on a busy test machine


def _log(caplog):
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "skill.store"]


def _remember(store, factory, **values):
    remember(store, factory, history=[session_entry(minutes_ago=60)], **values)


@pytest.fixture
def outage(db_url, tmp_path):
    """(url, down, up): where to open the store, and switches taking the database away and back.
    SQLite: another connection's exclusive lock. PostgreSQL: a TCP proxy that we switch off."""
    if make_url(db_url).get_backend_name() == "sqlite":
        held = []

        def down(store=None):
            lock = database_locked(db_url, store)
            lock.__enter__()
            held.append(lock)

        def up():
            held.pop().__exit__(None, None, None)

        yield db_url, down, up
        while held:
            up()
    else:
        url = make_url(db_url)
        proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
        proxy.start()
        yield (url.set(port=proxy.port).render_as_string(hide_password=False),
               lambda store=None: proxy.stop(), proxy.start)
        proxy.stop()


def test_unreachable_postgres_means_no_memory_and_one_warning(caplog, factory):
    caplog.set_level(logging.INFO, logger="skill.store")
    started = time.monotonic()
    store = open_store(Settings(database_url="postgres://postgres@127.0.0.1:1/nowhere",
                                database_timeout_s=TIMEOUT_S), cooldown_s=COOLDOWN_S)
    try:
        for _ in range(40):
            request = envelope(factory)
            attrs = store.adapter.get_attributes(request)
            assert dict(attrs) == {} and attrs.available is False
            attrs["favourite"] = "mat"
            store.adapter.save_attributes(request, attrs)            # no exception, no write
            store.adapter.save_attributes(request, {"plain": 1})
        time.sleep(COOLDOWN_S + 0.05)
        assert not store.adapter.get_attributes(envelope(factory)).available   # the probe fails too
        assert store.health()["database"] == "unavailable"
        with pytest.raises(PersistenceException):
            store.adapter.delete_attributes(envelope(factory))
        with pytest.raises(PersistenceException):
            store.forget_account(factory.user_id)
    finally:
        store.close()
    assert time.monotonic() - started < 10
    log = _log(caplog)
    assert log == [("WARNING", "database unavailable (OperationalError (psycopg.OperationalError)); "
                               "answering without memory, retrying every 0.3 s")]
    assert factory.user_id not in caplog.text


def test_outage_is_logged_once_and_recovers(outage, factory, caplog):
    caplog.set_level(logging.INFO, logger="skill.store")
    url, down, up = outage
    # The cool-down comes from SKILL_DATABASE_RETRY here: with the default 5 s, memory would still
    # be away when this test looks again.
    store = open_store(Settings.from_env({"SKILL_DATABASE_URL": url,
                                          "SKILL_DATABASE_TIMEOUT": str(TIMEOUT_S),
                                          "SKILL_DATABASE_RETRY": str(COOLDOWN_S)}))
    try:
        _remember(store, factory, favourite="mat")
        down(store)
        deadline = time.monotonic() + 3 * COOLDOWN_S
        attempts = 0
        while time.monotonic() < deadline:                       # several cool-downs, many requests
            attrs = store.adapter.get_attributes(envelope(factory))
            assert not attrs.available and dict(attrs) == {}
            attempts += 1
            time.sleep(0.01)
        assert attempts > 10
        assert store.health()["database"] == "unavailable"
        up()
        time.sleep(COOLDOWN_S + 0.05)
        attrs = store.adapter.get_attributes(envelope(factory))
        assert attrs.available and attrs["favourite"] == "mat" and len(attrs[HISTORY]) == 1
        assert store.health()["database"] == "ok"
    finally:
        store.close()
    log = _log(caplog)
    assert [level for level, _ in log] == ["WARNING", "INFO"]
    assert log[0][1].startswith("database unavailable (") and "available again" in log[1][1]
    assert factory.user_id not in caplog.text and "mat" not in caplog.text


def test_store_starts_while_database_is_away(outage, factory, caplog):
    caplog.set_level(logging.INFO, logger="skill.store")
    url, down, up = outage
    down()
    store = open_store(Settings(database_url=url, database_timeout_s=TIMEOUT_S), cooldown_s=COOLDOWN_S)
    try:
        assert store.schema_version is None
        assert not store.adapter.get_attributes(envelope(factory)).available
        up()
        time.sleep(COOLDOWN_S + 0.05)
        _remember(store, factory, favourite="walk")              # migrates on first use
        assert store.schema_version is not None
        assert store.adapter.get_attributes(envelope(factory))["favourite"] == "walk"
    finally:
        store.close()
    assert [level for level, _ in _log(caplog)] == ["WARNING", "INFO"]


def _drop_store_connections(db_url: str) -> int:
    """What a server restart or an idle timeout does: the server ends the store's sessions."""
    with psycopg.connect(psycopg_dsn(db_url), autocommit=True) as admin:
        return admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'back-relief' AND datname = current_database()").fetchone()[0]


def test_connections_dropped_by_the_server_are_replaced_without_losing_memory(db_url, factory, caplog):
    if make_url(db_url).get_backend_name() != "postgresql":
        pytest.skip("SQLite connections are open files; nothing can drop them")
    caplog.set_level(logging.INFO, logger="skill.store")
    store = open_store(Settings(database_url=db_url, database_timeout_s=TIMEOUT_S), cooldown_s=60)
    try:
        _remember(store, factory, favourite="mat")
        assert store.health()["database"] == "ok"
        # Each call below meets a pooled connection the server has ended. The breaker's cool-down
        # is a minute: any failure would leave the rest of the test without memory.
        assert _drop_store_connections(db_url) >= 1
        request = envelope(factory)
        attrs = store.adapter.get_attributes(request)
        assert attrs.available and attrs["favourite"] == "mat"
        assert _drop_store_connections(db_url) >= 1
        attrs["favourite"] = "walk"
        attrs[HISTORY].append(session_entry(kind="heat"))
        store.adapter.save_attributes(request, attrs)
        assert _drop_store_connections(db_url) >= 1
        assert store.health()["database"] == "ok"
        again = store.adapter.get_attributes(envelope(factory))
        assert again["favourite"] == "walk" and [e["type"] for e in again[HISTORY]] == ["mat", "heat"]
        assert _drop_store_connections(db_url) >= 1
        store.forget_account(factory.user_id)
        assert dict(store.adapter.get_attributes(envelope(factory))) == {HISTORY: []}
    finally:
        store.close()
    assert _log(caplog) == []                                     # no outage to report


def test_locked_database_falls_back_within_the_timeout(store, db_url, factory):
    _remember(store, factory, favourite="mat")
    loaded_before = envelope(factory)
    attrs = store.adapter.get_attributes(loaded_before)
    attrs["favourite"] = "walk"
    with database_locked(db_url, store):
        started = time.monotonic()
        store.adapter.save_attributes(loaded_before, attrs)      # gives up quietly, writes nothing
        assert TIMEOUT_S * 0.8 <= time.monotonic() - started <= TIMEOUT_S + SLACK_S
        time.sleep(COOLDOWN_S + 0.05)
        started = time.monotonic()
        attrs = store.adapter.get_attributes(envelope(factory))
        waited = time.monotonic() - started
        assert not attrs.available
        assert TIMEOUT_S * 0.8 <= waited <= TIMEOUT_S + SLACK_S
        # During the cool-down the database is not even tried: no waiting, no statements.
        started = time.monotonic()
        with statements(store) as sent:
            for _ in range(20):
                request = envelope(factory)
                attrs = store.adapter.get_attributes(request)
                attrs["favourite"] = "changed"
                store.adapter.save_attributes(request, attrs)
        assert sent == [] and time.monotonic() - started < 0.2
    time.sleep(COOLDOWN_S + 0.05)
    attrs = store.adapter.get_attributes(envelope(factory))
    assert attrs.available and attrs["favourite"] == "mat"


def test_failed_load_then_save_does_not_wipe_memory(store, db_url, factory):
    _remember(store, factory, favourite="mat", count=5)
    request = envelope(factory)
    with database_locked(db_url, store):
        attrs = store.adapter.get_attributes(request)
    assert not attrs.available
    time.sleep(COOLDOWN_S + 0.05)                                 # the database is back at save time
    attrs["count"] = attrs.get("count", 0) + 1                   # built on an empty dict: must not land
    attrs.setdefault(HISTORY, []).append(session_entry(kind="heat"))
    store.adapter.save_attributes(request, attrs)
    again = store.adapter.get_attributes(envelope(factory))
    assert again.available
    assert (again["favourite"], again["count"]) == ("mat", 5)
    # A finished session is append-only, so it is safe to record even then.
    assert [e["type"] for e in again[HISTORY]] == ["mat", "heat"]


def test_delete_during_outage_raises(store, db_url, factory):
    _remember(store, factory, favourite="mat")
    with database_locked(db_url, store):
        started = time.monotonic()
        with pytest.raises(PersistenceException):
            store.adapter.delete_attributes(envelope(factory))
        with pytest.raises(PersistenceException):
            store.forget_account(factory.user_id)
        assert time.monotonic() - started <= 2 * (TIMEOUT_S + SLACK_S)
    time.sleep(COOLDOWN_S + 0.05)
    assert store.adapter.get_attributes(envelope(factory))["favourite"] == "mat"   # nothing half-done
    store.adapter.delete_attributes(envelope(factory))
    assert dict(store.adapter.get_attributes(envelope(factory))) == {HISTORY: []}


def test_busy_sqlite_writer_delays_a_save_only_up_to_the_timeout(store, db_url, factory):
    if store.backend != "sqlite":
        pytest.skip("SQLite write lock")
    _remember(store, factory, favourite="mat")
    request = envelope(factory)
    with sqlite_writer_waiting(db_url):
        attrs = store.adapter.get_attributes(request)            # WAL: readers are not blocked
        assert attrs.available and attrs["favourite"] == "mat"
        attrs["favourite"] = "walk"
        started = time.monotonic()
        store.adapter.save_attributes(request, attrs)            # waits, gives up, does not raise
        assert TIMEOUT_S * 0.8 <= time.monotonic() - started <= TIMEOUT_S + SLACK_S
    time.sleep(COOLDOWN_S + 0.05)
    assert store.adapter.get_attributes(envelope(factory))["favourite"] == "mat"


def test_slow_postgres_statement_is_cut_at_the_timeout(store):
    if store.backend != "postgresql":
        pytest.skip("pg_sleep")
    started = time.monotonic()
    with pytest.raises(StoreUnavailable):
        store._run(lambda conn, hasher: conn.execute(text("SELECT pg_sleep(5)")))
    assert time.monotonic() - started <= TIMEOUT_S + SLACK_S


def test_health(store):
    report = store.health()
    assert report["database"] == "ok" and report["backend"] == store.backend
    assert 0 <= report["latency_ms"] < 1000 * TIMEOUT_S
