"""The connections requests run on: bounded, reused, replaced when old, never shared with a child
process. (Connections the server drops are in test_faults.py.)"""
from __future__ import annotations

import multiprocessing
import threading
import time
from dataclasses import replace

import psycopg
import pytest
from sqlalchemy.engine import make_url

from skill.store import open_store
from skill.store.database import POSTGRES_REQUEST_POOL, SQLITE_REQUEST_POOL
from skill.store.driver_pool import DriverPool

from .conftest import COOLDOWN_S, TIMEOUT_S
from .helpers import envelope, psycopg_dsn, remember

SLACK_S = 0.6


def _pool_size(db_url: str) -> int:
    postgres = make_url(db_url).get_backend_name() == "postgresql"
    return (POSTGRES_REQUEST_POOL if postgres else SQLITE_REQUEST_POOL)[0]


def test_requests_wait_for_a_free_connection_only_up_to_the_timeout(store, db_url, factory):
    remember(store, factory, favourite="mat")
    held = [store.connections.acquire() for _ in range(_pool_size(db_url))]
    try:
        started = time.monotonic()
        attrs = store.adapter.get_attributes(envelope(factory))     # every connection is busy
        waited = time.monotonic() - started
        assert not attrs.available and dict(attrs) == {}
        assert TIMEOUT_S * 0.8 <= waited <= TIMEOUT_S + SLACK_S
    finally:
        for conn in held:
            store.connections.release(conn)
    time.sleep(COOLDOWN_S + 0.05)
    assert store.adapter.get_attributes(envelope(factory))["favourite"] == "mat"


def test_a_waiting_request_gets_the_connection_another_gives_back(store, db_url, factory):
    remember(store, factory, favourite="heat")
    held = [store.connections.acquire() for _ in range(_pool_size(db_url))]
    threading.Timer(TIMEOUT_S / 3, store.connections.release, args=(held.pop(),)).start()
    try:
        attrs = store.adapter.get_attributes(envelope(factory))
        assert attrs.available and attrs["favourite"] == "heat"
    finally:
        for conn in held:
            store.connections.release(conn)


def _store_sessions(db_url: str) -> int:
    with psycopg.connect(psycopg_dsn(db_url), autocommit=True) as admin:
        return admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                             "'back-relief' AND datname = current_database()").fetchone()[0]


def test_many_request_threads_stay_within_the_postgres_connection_budget(settings, db_url, factory):
    """The README's sum (instances x workers x connections <= max_connections) holds under load,
    and only a few connections stay open once it is over. Twice as many threads as connections
    queue for them; the pool hands a freed one to whoever gets there first, so the wait allowed
    here is longer than the outage tests' half second."""
    if make_url(db_url).get_backend_name() != "postgresql":
        pytest.skip("SQLite has no connection budget")
    size, keep = POSTGRES_REQUEST_POOL
    store = open_store(replace(settings, database_timeout_s=5.0))
    try:
        remember(store, factory, favourite="mat")
        peak, errors, running = [0], [], threading.Event()
        running.set()

        def request_loop():
            try:
                while running.is_set():
                    attrs = store.adapter.get_attributes(envelope(factory))
                    assert attrs.available and attrs["favourite"] == "mat"
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=request_loop) for _ in range(2 * size)]
        for thread in threads:
            thread.start()
        try:
            for _ in range(10):
                time.sleep(0.05)
                peak[0] = max(peak[0], _store_sessions(db_url))
        finally:
            running.clear()
            for thread in threads:
                thread.join(10)
        assert not errors
        assert size // 2 <= peak[0] <= size + 1           # + 1: the engine's own, from the migration
        # A closed connection's server process ends a moment after the client has let it go.
        deadline = time.monotonic() + 5
        while _store_sessions(db_url) > keep + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _store_sessions(db_url) <= keep + 1
    finally:
        store.close()


def test_old_connections_are_replaced(store):
    pool = DriverPool(store.engine, size=2, keep=2, timeout_s=TIMEOUT_S, recycle_s=0.2)
    try:
        first = pool.acquire()
        pool.release(first)
        again = pool.acquire()
        assert again is first                           # reused while young
        pool.release(again)
        time.sleep(0.3)
        replaced = pool.acquire()
        assert replaced is not first
        pool.release(replaced)
    finally:
        pool.dispose()


def _connection_id(store) -> int:
    """Which connection the store's next request will use (the pool hands out the last one back)."""
    conn = store.connections.acquire()
    store.connections.release(conn)
    return id(conn)


def _child_uses_the_store(store, factory, done) -> None:
    attrs = store.adapter.get_attributes(envelope(factory))
    ok = attrs.available and attrs["favourite"] == "mat"
    attrs["favourite"] = "walk"
    store.adapter.save_attributes(envelope(factory), attrs)
    done.put((ok, _connection_id(store)))


def test_a_forked_child_opens_its_own_connections(store, factory):
    """A process forked after the store was used (gunicorn --preload, a job runner) must not talk
    on its parent's connections: two processes on one socket corrupt both sessions."""
    remember(store, factory, favourite="mat")                    # the parent now keeps an open connection
    parents = _connection_id(store)
    context = multiprocessing.get_context("fork")
    done = context.Queue()
    child = context.Process(target=_child_uses_the_store, args=(store, factory, done))
    child.start()
    child.join(30)
    assert child.exitcode == 0
    read_mat, childs = done.get(timeout=1)
    assert read_mat and childs != parents
    assert _connection_id(store) == parents
    attrs = store.adapter.get_attributes(envelope(factory))   # the parent's connection still works
    assert attrs.available and attrs["favourite"] == "walk"
