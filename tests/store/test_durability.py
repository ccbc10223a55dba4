"""What reaches the disk when: request writes may lose their last moments in a crash of the machine
or database server (never half a write); forgetting someone waits until it is on disk."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from skill.config import Settings
from skill.store import HISTORY, open_store

from .conftest import TIMEOUT_S
from .helpers import envelope, session_entry, statements


def _remember(store, factory):
    request = envelope(factory)
    attrs = store.adapter.get_attributes(request)
    attrs["favourite"] = "mat"
    attrs[HISTORY].append(session_entry())
    store.adapter.save_attributes(request, attrs)


def _normalized(sent):
    return [" ".join(s.split()).upper() for s in sent]


@pytest.mark.parametrize("forget", ["delete_attributes", "forget_account"])
def test_forgetting_waits_for_the_disk(store, factory, forget):
    _remember(store, factory)
    with statements(store) as sent:
        if forget == "delete_attributes":
            store.adapter.delete_attributes(envelope(factory))
        else:
            store.forget_account(factory.user_id)
    sent = _normalized(sent)
    deletes = [i for i, s in enumerate(sent) if s.startswith("DELETE FROM")]
    assert len(deletes) == 2
    if store.backend == "sqlite":
        assert sent[:2] == ["PRAGMA SYNCHRONOUS = FULL", "BEGIN IMMEDIATE"]
        assert sent[deletes[-1] + 1:] == ["COMMIT", "PRAGMA SYNCHRONOUS = NORMAL"]
    else:
        assert sent.index("SET LOCAL SYNCHRONOUS_COMMIT = ON") < deletes[0]
    assert dict(store.adapter.get_attributes(envelope(factory))) == {HISTORY: []}


def test_request_writes_do_not_wait_for_the_disk(store, factory):
    _remember(store, factory)
    request = envelope(factory)
    attrs = store.adapter.get_attributes(request)
    attrs["favourite"] = "walk"
    with statements(store) as sent:
        store.adapter.save_attributes(request, attrs)
    sent = _normalized(sent)
    assert len(sent) == 1 and sent[0].startswith("INSERT INTO ATTRIBUTES")    # one statement, no BEGIN
    with store.engine.connect() as conn:
        if store.backend == "sqlite":                  # WAL, NORMAL: the commit is not fsynced
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 1
        else:
            assert conn.execute(text("SHOW synchronous_commit")).scalar() == "off"
    assert store.adapter.get_attributes(envelope(factory))["favourite"] == "walk"


def test_postgres_url_options_can_make_every_commit_wait(db_url):
    url = make_url(db_url)
    if url.get_backend_name() != "postgresql":
        pytest.skip("a PostgreSQL setting")
    waiting = url.update_query_dict({"options": "-c synchronous_commit=on"})
    store = open_store(Settings(database_url=waiting.render_as_string(hide_password=False),
                                database_timeout_s=TIMEOUT_S))
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("SHOW synchronous_commit")).scalar() == "on"
            # The URL's options do not override the store's timeouts.
            assert conn.execute(text("SHOW statement_timeout")).scalar() == f"{int(TIMEOUT_S * 1000)}ms"
    finally:
        store.close()
