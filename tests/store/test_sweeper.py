"""History past the retention goes even where nobody runs `python -m skill prune-history`: the
server sweeps once a day per database, whichever of its workers claims the day first."""
from __future__ import annotations

import os
import runpy
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from skill.app import create_app
from skill.config import Settings
from skill.simulator.envelopes import EnvelopeFactory
from skill.store import open_store
from skill.store.breaker import StoreUnavailable
from skill.store.sweeper import SWEEP_LEASE, HistorySweeper

from .conftest import TIMEOUT_S
from .helpers import history_ages_days, remember, session_entry

DAY = timedelta(days=1)
GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _old_history(settings, people: int) -> None:
    """`people` entries that finished 100 days ago, written by a store that believes it is then."""
    past = open_store(settings, clock=lambda: datetime.now(timezone.utc) - timedelta(days=100))
    try:
        for _ in range(people):
            remember(past, EnvelopeFactory(), history=[session_entry(minutes_ago=100 * 24 * 60)])
    finally:
        past.close()


def _store_at(settings, offset: timedelta = timedelta(0)):
    return open_store(settings, clock=lambda: datetime.now(timezone.utc) + offset)


def test_one_sweep_a_day_per_database(settings):
    _old_history(settings, 3)
    today, other_worker, tomorrow = (_store_at(settings), _store_at(settings),
                                     _store_at(settings, DAY + timedelta(minutes=1)))
    try:
        assert today.prune_history_if_due() == 3
        assert history_ages_days(today) == []
        _old_history(settings, 1)
        assert other_worker.prune_history_if_due() is None        # already swept today
        assert today.prune_history_if_due() is None
        assert history_ages_days(today) == [100]
        assert tomorrow.prune_history_if_due() == 1
    finally:
        for store in (today, other_worker, tomorrow):
            store.close()


def test_workers_checking_at_once_sweep_once(settings):
    _old_history(settings, 2)
    stores = [_store_at(settings) for _ in range(6)]
    barrier, results = threading.Barrier(len(stores)), []

    def check(store):
        barrier.wait(10)
        results.append(store.prune_history_if_due())

    threads = [threading.Thread(target=check, args=(store,)) for store in stores]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        for store in stores:
            store.close()
    assert sorted(results, key=lambda r: r is None) == [2] + [None] * (len(stores) - 1)


def test_a_sweep_that_fails_is_tried_again_when_its_claim_lapses(settings, monkeypatch):
    """A worker that claimed the sweep and then failed (the database went away mid-sweep, or the
    worker died) does not hold the day: once its short claim lapses, the next check sweeps."""
    _old_history(settings, 2)
    failing, meanwhile, later = (_store_at(settings), _store_at(settings, SWEEP_LEASE / 2),
                                 _store_at(settings, SWEEP_LEASE + timedelta(minutes=1)))

    def lost_mid_sweep(**options):
        raise StoreUnavailable("database went away mid-sweep")

    monkeypatch.setattr(failing, "prune_history", lost_mid_sweep)
    try:
        with pytest.raises(StoreUnavailable):
            failing.prune_history_if_due()
        assert meanwhile.prune_history_if_due() is None           # its claim still stands
        assert history_ages_days(later) == [100, 100]
        assert later.prune_history_if_due() == 2
        assert history_ages_days(later) == []
        assert meanwhile.prune_history_if_due() is None           # and now it is done for the day
    finally:
        for store in (failing, meanwhile, later):
            store.close()


def test_the_sweeper_thread_sweeps_in_the_background(settings):
    _old_history(settings, 2)
    store = _store_at(settings)
    sweeper = HistorySweeper(store, check_every_s=0.05, first_check_within_s=0).start()
    try:
        deadline = time.monotonic() + 10
        while history_ages_days(store) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert history_ages_days(store) == []
    finally:
        sweeper.stop()
        store.close()
    assert not sweeper._thread.is_alive()


def test_a_sweep_with_the_database_away_waits_for_the_next_check():
    store = open_store(Settings(database_url="postgresql://postgres@127.0.0.1:1/none",
                                database_timeout_s=TIMEOUT_S))
    try:
        assert HistorySweeper(store).check_now() is None
    finally:
        store.close()


def test_every_gunicorn_worker_starts_a_sweeper(settings, tmp_path, monkeypatch):
    """gunicorn calls post_worker_init(worker) once the worker has loaded the app as worker.wsgi."""
    monkeypatch.setattr(os, "environ", dict(os.environ))     # the config file sets defaults there
    hooks = runpy.run_path(str(GUNICORN_CONF))
    app = create_app(Settings(database_url=settings.database_url, audio_cache_dir=tmp_path / "audio"))
    try:
        hooks["post_worker_init"](SimpleNamespace(wsgi=app))
        sweeper = app.extensions["back_relief"]["sweeper"]
        assert sweeper.store is app.extensions["back_relief"]["store"] and sweeper._thread.is_alive()
    finally:
        sweeper.stop()
        app.extensions["back_relief"]["store"].close()
