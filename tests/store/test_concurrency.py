"""Several devices of one person at once: every history append and every key must survive.

Each request loads before any of them saves (a barrier), so each save is based on a snapshot that
lacks the others' changes: the worst case for lost updates.
"""
from __future__ import annotations

import multiprocessing
import threading
import uuid
from datetime import datetime, timedelta, timezone

from skill.simulator.envelopes import EnvelopeFactory
from skill.store import HISTORY

from .helpers import concurrent_request, envelope

WRITE_TIMEOUT_S = 10.0     # generous: this test is about correctness, not latency


def _check(store, user_id, person_id, n):
    attrs = store.adapter.get_attributes(envelope(EnvelopeFactory(user_id=user_id, person_id=person_id)))
    assert attrs.available
    assert sorted(e["index"] for e in attrs[HISTORY]) == list(range(n))
    assert {k for k in attrs if k.startswith("pref_")} == {f"pref_{i}" for i in range(n)}
    assert all(attrs[f"pref_{i}"] == {"chosen": i} for i in range(n))


def _in_threads(n, barrier, run):
    """run(i) on n threads at once; a failure breaks the barrier (nobody waits for it) and the test."""
    errors = []

    def guarded(i):
        try:
            run(i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors


def test_threads_same_person(store, db_url):
    n = 16
    user_id, person_id = f"amzn1.ask.account.{uuid.uuid4().hex}", "amzn1.ask.person.SAME"
    barrier = threading.Barrier(n)
    _in_threads(n, barrier, lambda i: concurrent_request(db_url, user_id, person_id, i, barrier,
                                                         WRITE_TIMEOUT_S))
    _check(store, user_id, person_id, n)


def test_processes_same_person(store, db_url):
    """Separate processes, each with its own engine and connections, as gunicorn workers are."""
    n = 8
    user_id = f"amzn1.ask.account.{uuid.uuid4().hex}"
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(n)
    processes = [context.Process(target=concurrent_request,
                                 args=(db_url, user_id, None, i, barrier, WRITE_TIMEOUT_S))
                 for i in range(n)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(120)
    assert [p.exitcode for p in processes] == [0] * n
    _check(store, user_id, None, n)


def test_threads_share_one_store(store):
    """One store (one pool) used by many request threads, as in a gunicorn threaded worker."""
    n, rounds = 16, 5
    factory = EnvelopeFactory()
    barrier = threading.Barrier(n)
    start = datetime.now(timezone.utc)

    def run(i):
        barrier.wait(10)
        for r in range(rounds):
            request = envelope(EnvelopeFactory(user_id=factory.user_id))
            attrs = store.adapter.get_attributes(request)
            assert attrs.available
            attrs[f"k{i}"] = r
            attrs[HISTORY].append({"type": "mat", "minutes": r, "index": i * rounds + r,
                                   "finished_at": start - timedelta(minutes=i * rounds + r)})
            store.adapter.save_attributes(request, attrs)

    _in_threads(n, barrier, run)
    assert not store._breaker.is_open
    attrs = store.adapter.get_attributes(envelope(factory))
    assert sorted(e["index"] for e in attrs[HISTORY]) == list(range(n * rounds))
    assert all(attrs[f"k{i}"] == rounds - 1 for i in range(n))
