"""Raw Alexa ids never reach the database; only keyed hashes do."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from skill.__main__ import main as skill_main
from skill.config import Settings
from skill.simulator.envelopes import EnvelopeFactory
from skill.store import HISTORY, open_store

from .helpers import envelope, history_ages_days, remember, session_entry

USER_ID = "amzn1.ask.account.RAWUSERIDNEVERSTORED0123456789"
PERSON_ID = "amzn1.ask.person.RAWPERSONIDNEVERSTORED0123456789"
DEVICE_ID = "amzn1.ask.device.RAWDEVICEIDNEVERSTORED0123456789"


def _remember(store):
    for person in (None, PERSON_ID):
        request = envelope(EnvelopeFactory(user_id=USER_ID, person_id=person, device_id=DEVICE_ID))
        attrs = store.adapter.get_attributes(request)
        attrs["marker"] = "VISIBLE-VALUE"
        attrs["playback." + DEVICE_ID] = {"token": "VISIBLE-DEVICE-STATE"}
        attrs[HISTORY].append(session_entry(note="VISIBLE-HISTORY"))
        store.adapter.save_attributes(request, attrs)


def _forbidden():
    raw = [USER_ID, PERSON_ID, DEVICE_ID]
    # Unkeyed hashes could be recomputed by anyone holding an id: they must not appear either, not
    # even cut short (16 hex digits is in every prefix worth using as a name).
    return raw + [hashlib.sha256(i.encode()).hexdigest()[:16] for i in raw]


def test_sqlite_file_holds_no_raw_ids(store, db_url):
    if store.backend != "sqlite":
        pytest.skip("the PostgreSQL case is test_tables_hold_no_raw_ids")
    _remember(store)
    path = Path(make_url(db_url).database)
    blob = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))   # db, -wal, -shm
    assert b"VISIBLE-VALUE" in blob and b"VISIBLE-HISTORY" in blob and b"VISIBLE-DEVICE-STATE" in blob
    for needle in _forbidden():
        assert needle.encode() not in blob
        assert needle.encode("utf-16-le") not in blob


def test_tables_hold_no_raw_ids(store):
    _remember(store)
    with store.engine.connect() as conn:
        dump = "\n".join(
            "|".join(str(v) for v in row)
            for table in ("attributes", "history", "store_meta", "schema_version")
            for row in conn.execute(text(f"SELECT * FROM {table}")))
    assert "VISIBLE-VALUE" in dump and "VISIBLE-DEVICE-STATE" in dump
    for needle in _forbidden():
        assert needle not in dump


# -- history is kept only as long as memory uses it ---------------------------------------------------
RETENTION = timedelta(days=90)


@pytest.fixture
def store_in_the_past(settings):
    """The same database, as a store that believes it is 100 days ago: it can still add history
    that old, which today's store must not keep."""
    past = open_store(settings, clock=lambda: datetime.now(timezone.utc) - timedelta(days=100))
    yield past
    past.close()


def test_adding_history_prunes_that_persons_entries_past_the_retention(store, store_in_the_past):
    alice, bob = EnvelopeFactory(), EnvelopeFactory()
    for factory in (alice, bob):
        remember(store_in_the_past, factory, history=[session_entry(minutes_ago=100 * 24 * 60)])
    assert history_ages_days(store) == [100, 100]
    remember(store, alice, history=[session_entry()])
    assert history_ages_days(store) == [0, 100]          # Alice's old entry went; Bob's waits for the sweep


def test_the_sweep_deletes_everyones_history_past_the_retention(store, store_in_the_past):
    for _ in range(3):
        remember(store_in_the_past, EnvelopeFactory(), history=[session_entry(minutes_ago=100 * 24 * 60)])
    remember(store, EnvelopeFactory(), history=[session_entry(minutes_ago=89 * 24 * 60)])
    remember(store, EnvelopeFactory(), history=[session_entry(minutes_ago=60)])
    assert store.prune_history(batch=2) == 3             # two batches: 2, then 1
    assert history_ages_days(store) == [0, 89]


def test_prune_history_command(tmp_path, monkeypatch, capsys):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'memory.sqlite3'}")
    past = open_store(settings, clock=lambda: datetime.now(timezone.utc) - RETENTION - timedelta(days=1))
    remember(past, EnvelopeFactory(), history=[session_entry(minutes_ago=91 * 24 * 60)])
    past.close()
    monkeypatch.setenv("SKILL_DATABASE_URL", settings.database_url)
    assert skill_main(["prune-history"]) == 0
    assert capsys.readouterr().out.strip() == "deleted 1 history entries older than 90 days"
    assert skill_main(["prune-history"]) == 0
    assert capsys.readouterr().out.strip() == "deleted 0 history entries older than 90 days"


def test_prune_history_command_with_the_database_away(monkeypatch, capsys):
    monkeypatch.setenv("SKILL_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    assert skill_main(["prune-history"]) == 1
    assert capsys.readouterr().err.startswith("error: the database is unavailable:")
