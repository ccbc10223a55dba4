"""Raw Alexa ids never reach the database; only keyed hashes do."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from skill.simulator.envelopes import EnvelopeFactory
from skill.store import HISTORY

from .helpers import envelope, session_entry

USER_ID = "amzn1.ask.account.RAWUSERIDNEVERSTORED0123456789"
PERSON_ID = "amzn1.ask.person.RAWPERSONIDNEVERSTORED0123456789"


def _remember(store):
    for factory in (EnvelopeFactory(user_id=USER_ID), EnvelopeFactory(user_id=USER_ID, person_id=PERSON_ID)):
        request = envelope(factory)
        attrs = store.adapter.get_attributes(request)
        attrs["marker"] = "VISIBLE-VALUE"
        attrs[HISTORY].append(session_entry(note="VISIBLE-HISTORY"))
        store.adapter.save_attributes(request, attrs)


def _forbidden():
    raw = [USER_ID, PERSON_ID]
    # Unkeyed hashes could be recomputed by anyone holding an id: they must not appear either.
    return raw + [hashlib.sha256(i.encode()).hexdigest() for i in raw]


def test_sqlite_file_holds_no_raw_ids(store, db_url):
    if store.backend != "sqlite":
        pytest.skip("the PostgreSQL case is test_tables_hold_no_raw_ids")
    _remember(store)
    path = Path(make_url(db_url).database)
    blob = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))   # db, -wal, -shm
    assert b"VISIBLE-VALUE" in blob and b"VISIBLE-HISTORY" in blob              # the grep works
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
    assert "VISIBLE-VALUE" in dump
    for needle in _forbidden():
        assert needle not in dump
